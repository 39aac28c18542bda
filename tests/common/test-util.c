/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-util"

#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "sok-config.h"
#include "sok-kiosk.h"
#include "sok-seal-private.h"
#include "sok-store.h"

#include "test-util.h"

void
sok_test_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            sok_test_remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

char *
sok_test_make_dsl_keys (const char  *dir,
                        const char  *passphrase,
                        SokDslKey  **key)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *pub_path = g_build_filename (dir, "dsl.pub", NULL);
  char *public_key = NULL;

  g_assert_true (sok_seal_generate_keys_with_limits (dir, passphrase, strlen (passphrase),
                                                     crypto_pwhash_OPSLIMIT_MIN,
                                                     crypto_pwhash_MEMLIMIT_MIN, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pub_path, &public_key, NULL, &error));
  g_assert_no_error (error);
  g_strstrip (public_key);

  if (key != NULL)
    {
      g_autofree char *key_path = g_build_filename (dir, "dsl.key", NULL);

      *key = sok_dsl_key_load (key_path, passphrase, strlen (passphrase), &error);
      g_assert_no_error (error);
    }

  return public_key;
}

SokDslKey *
sok_test_new_dsl_key (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sok-test-key-XXXXXX", &error);
  g_autofree char *public_key = NULL;
  SokDslKey *key = NULL;

  g_assert_no_error (error);
  public_key = sok_test_make_dsl_keys (dir, "test passphrase, not a real one", &key);
  sok_test_remove_tree (dir);
  return key;
}

void
sok_test_write_kiosk_config (const char *data_dir,
                             const char *kiosk_id,
                             const char *public_key,
                             const char *queue_uri)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokConfig) config = NULL;

  g_assert_true (sok_store_ensure_data_dir (data_dir, &error));
  g_assert_no_error (error);
  config = sok_config_new (data_dir);
  g_assert_true (sok_config_set_value (config, "school-name", "Test School", &error));
  g_assert_true (sok_config_set_value (config, "kiosk-id", kiosk_id, &error));
  g_assert_true (sok_config_set_value (config, "dsl-public-key", public_key, &error));
  if (queue_uri != NULL)
    g_assert_true (sok_config_set_value (config, "queue", queue_uri, &error));
  g_assert_true (sok_config_save (config, &error));
  g_assert_no_error (error);
}

JsonNode *
sok_test_open_envelope (SokDslKey *key,
                        GBytes    *sealed)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) opened = sok_seal_open (key, sealed, &error);
  g_autoptr (GBytes) plain = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;

  g_assert_no_error (error);
  g_assert_nonnull (opened);
  /* The report itself, inside its kiosk's signed wrapper. */
  plain = sok_kiosk_unwrap_report (opened);
  g_assert_nonnull (plain);
  json_parser_load_from_data (parser, g_bytes_get_data (plain, NULL),
                              (gssize)g_bytes_get_size (plain), &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_ref (root);
}

char *
sok_test_find_tool (const char *name,
                    const char *package)
{
  char *path = g_find_program_in_path (name);

  if (path == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s is not installed (apt install %s)",
                                                  name, package);

      if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
        {
          g_test_message ("%s; CI must have it", message);
          g_test_fail ();
        }
      else
        g_test_skip (message);
    }

  return path;
}

void
sok_test_run_clear (SokTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
  g_clear_pointer (&run->json, json_node_unref);
}

void
sok_test_run_argv (SokTestRun         *run,
                   const char * const *argv)
{
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;

  g_assert (argv != NULL && argv[0] != NULL);
  sok_test_run_clear (run);
  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (proc))
    {
      g_autofree char *command = g_strjoinv (" ", (char **)argv);

      g_error ("%s did not exit normally (signal %d): %s", command,
               g_subprocess_get_term_sig (proc), run->err);
    }
  run->status = g_subprocess_get_exit_status (proc);
}

void
sok_test_sokctl (SokTestRun *run,
                 const char *first,
                 ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  const char *binary = g_getenv ("SOKCTL");
  gboolean json = FALSE;
  va_list ap;

  g_assert_nonnull (binary);
  g_ptr_array_add (args, (gpointer)binary);
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    {
      if (g_str_equal (a, "json"))
        json = TRUE;
      g_ptr_array_add (args, (gpointer)a);
    }
  va_end (ap);
  g_ptr_array_add (args, NULL);

  sok_test_run_argv (run, (const char * const *)args->pdata);

  if (json && run->out != NULL && *run->out != '\0')
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autoptr (GError) error = NULL;

      if (!json_parser_load_from_data (parser, run->out, -1, &error))
        g_error ("sokctl printed something that is not JSON (%s): %s", error->message, run->out);
      run->json = json_node_copy (json_parser_get_root (parser));
    }
}

void
sok_test_assert_one_line (const char *text)
{
  const char *newline = strchr (text, '\n');

  if (newline == NULL || newline[1] != '\0')
    g_error ("expected one line ending in a newline, got: “%s”", text);
}
