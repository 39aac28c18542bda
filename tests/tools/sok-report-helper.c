/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-report-helper"

#include "config.h"

#include <json-glib/json-glib.h>
#include <sodium.h>
#include <stdio.h>

#include "sok-outbox.h"
#include "sok-seal-private.h"
#include "sok-store.h"

/* A test tool, never installed, for the AT-SPI report test until sokctl has
 * `keys generate` and `outbox status` (being added on another branch):
 *
 *   sok-report-helper keys OUT_DIR PASSPHRASE_FILE   makes dsl.pub and dsl.key, with
 *                                                    the lightest Argon2id limits
 *   sok-report-helper outbox-status DATA_DIR         prints the outbox's status as JSON
 *
 * Exit 0 on success, 1 with a one-line error otherwise. */

static gboolean
make_keys (const char  *out_dir,
           const char  *passphrase_file,
           GError     **error)
{
  gsize len = 0;
  char *passphrase = sok_seal_read_passphrase_file (passphrase_file, &len, error);
  gboolean ok;

  if (passphrase == NULL)
    return FALSE;

  /* Tests need not spend seconds in the KDF; the key file records the limits. */
  ok = sok_seal_generate_keys_with_limits (out_dir, passphrase, len,
                                           crypto_pwhash_OPSLIMIT_MIN,
                                           crypto_pwhash_MEMLIMIT_MIN, error);
  sok_seal_secret_free (passphrase);

  return ok;
}

static gboolean
print_status (const char  *data_dir,
              GError     **error)
{
  g_autoptr (SokStore) store = NULL;
  g_auto (SokOutboxStatus) status = { 0 };
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;

  if (!(store = sok_store_open (data_dir, error)) ||
      !sok_outbox_get_status (store, &status, error))
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "waiting");
  json_builder_add_int_value (builder, status.waiting);
  json_builder_set_member_name (builder, "urgent_waiting");
  json_builder_add_int_value (builder, status.urgent_waiting);
  json_builder_set_member_name (builder, "oldest_created_at");
  json_builder_add_int_value (builder, status.oldest_created_at);
  json_builder_set_member_name (builder, "last_error");
  if (status.last_error != NULL)
    json_builder_add_string_value (builder, status.last_error);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  gboolean ok;

  if (argc == 4 && g_str_equal (argv[1], "keys"))
    ok = make_keys (argv[2], argv[3], &error);
  else if (argc == 3 && g_str_equal (argv[1], "outbox-status"))
    ok = print_status (argv[2], &error);
  else
    {
      fprintf (stderr, "usage: sok-report-helper keys OUT_DIR PASSPHRASE_FILE | "
                       "outbox-status DATA_DIR\n");
      return 2;
    }

  if (!ok)
    {
      fprintf (stderr, "sok-report-helper: %s\n", error->message);
      return 1;
    }

  return 0;
}
