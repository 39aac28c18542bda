/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-open-outbox"

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

#include "sok-kiosk.h"
#include "sok-outbox.h"
#include "sok-seal.h"
#include "sok-store.h"

/* A test tool, never installed: opens every sealed report in a kiosk's outbox with
 * the DSL's key and prints the envelopes as a JSON array, so that tests can prove
 * what the kiosk stored is exactly what the child sent. It also checks that the
 * fields kept outside the seal agree with those inside. Exit 0 on success, 1 with a
 * one-line error otherwise. */

static gboolean
check_outer_fields (SokOutboxItem  *item,
                    JsonObject     *envelope,
                    GError        **error)
{
  const char *inner_id = json_object_get_string_member_with_default (envelope, "report_id", "");
  const char *inner_kiosk = json_object_get_string_member_with_default (envelope, "kiosk_id", "");
  gboolean inner_urgent = json_object_get_boolean_member_with_default (envelope, "urgent", FALSE);

  if (!g_str_equal (inner_id, item->report_id) || !g_str_equal (inner_kiosk, item->kiosk_id) ||
      inner_urgent != item->urgent)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "report %s: the fields outside the seal do not match those inside",
                   item->report_id);
      return FALSE;
    }

  return TRUE;
}

static gboolean
run (const char  *data_dir,
     const char  *key_path,
     const char  *passphrase_file,
     GError     **error)
{
  g_autoptr (SokStore) store = NULL;
  g_autoptr (SokDslKey) key = NULL;
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *db_path = g_build_filename (data_dir, "kiosk.db", NULL);
  g_autofree char *text = NULL;
  char *passphrase;
  gsize passphrase_len = 0;

  if (!g_file_test (db_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s does not exist", db_path);
      return FALSE;
    }

  if (!(passphrase = sok_seal_read_passphrase_file (passphrase_file, &passphrase_len, error)))
    return FALSE;
  key = sok_dsl_key_load (key_path, passphrase, passphrase_len, error);
  sok_seal_secret_free (passphrase);
  if (key == NULL)
    return FALSE;

  if (!(store = sok_store_open (data_dir, error)) ||
      !(items = sok_outbox_list (store, 0, error)))
    return FALSE;

  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      SokOutboxItem *item = g_ptr_array_index (items, i);
      g_autoptr (GBytes) opened = NULL;
      g_autoptr (GBytes) report = NULL;
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonNode *node;
      gsize len = 0;
      const char *data;

      if (!(opened = sok_seal_open (key, item->sealed, error)))
        {
          g_prefix_error (error, "report %s: ", item->report_id);
          return FALSE;
        }

      /* The report itself, inside its kiosk's signed wrapper. */
      if (!(report = sok_kiosk_unwrap_report (opened)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "report %s: the envelope holds no report", item->report_id);
          return FALSE;
        }
      data = g_bytes_get_data (report, &len);
      if (!json_parser_load_from_data (parser, data, (gssize)len, error))
        {
          g_prefix_error (error, "report %s: ", item->report_id);
          return FALSE;
        }

      node = json_parser_get_root (parser);
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "report %s: the envelope is not a JSON object", item->report_id);
          return FALSE;
        }
      if (!check_outer_fields (item, json_node_get_object (node), error))
        return FALSE;

      json_builder_add_value (builder, json_node_copy (node));
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = g_option_context_new ("");
  g_autoptr (GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *passphrase_file = NULL;
  GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "The kiosk's data directory", "DIR" },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_path, "The DSL's dsl.key", "FILE" },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file,
      "A file holding the DSL's passphrase", "FILE" },
    { NULL }
  };

  g_option_context_set_summary (context, "Test tool: prints the opened envelopes of a "
                                "kiosk's outbox as a JSON array.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "sok-open-outbox: %s\n", error->message);
      return 2;
    }

  if (data_dir == NULL || key_path == NULL || passphrase_file == NULL)
    {
      fprintf (stderr, "sok-open-outbox: --data-dir, --key and --passphrase-file are needed\n");
      return 2;
    }

  if (!run (data_dir, key_path, passphrase_file, &error))
    {
      fprintf (stderr, "sok-open-outbox: %s\n", error->message);
      return 1;
    }

  return 0;
}
