/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sokctl"

#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <unistd.h>

#include "sok-fingerprint.h"
#include "sok-health.h"
#include "sok-queue.h"
#include "sok-seal.h"
#include "sokctl.h"

static char *
new_kiosk_id (void)
{
  guint8 raw[4];

  randombytes_buf (raw, sizeof raw);
  return g_strdup_printf ("kiosk-%02x%02x%02x%02x", raw[0], raw[1], raw[2], raw[3]);
}

gboolean
sokctl_cmd_init (SokctlContext  *ctx,
                 int             argc,
                 char          **argv,
                 GError        **error)
{
  g_autofree char *school = NULL;
  g_autofree char *queue = NULL;
  g_autofree char *kiosk_id = NULL;
  g_autofree char *conf_path = NULL;
  g_autoptr (SokConfig) config = NULL;
  g_autoptr (SokStore) store = NULL;
  GOptionEntry entries[] = {
    { "school", 0, 0, G_OPTION_ARG_STRING, &school, "The school's name, as pupils know it", "NAME" },
    { "queue", 0, 0, G_OPTION_ARG_STRING, &queue,
      "Where reports go (default: a SQLite queue in the data directory)", "QUEUE" },
    { "kiosk-id", 0, 0, G_OPTION_ARG_STRING, &kiosk_id, "This kiosk's name in the queue", "ID" },
    { NULL }
  };

  if (!sokctl_parse_options ("init", "", "Creates the data directory, database and settings.",
                             entries, &argc, &argv, 0, 0, error))
    return FALSE;

  if (school == NULL)
    return sokctl_usage_error (error, "init needs the school's name: sokctl init --school NAME");

  conf_path = g_build_filename (ctx->data_dir, "kiosk.conf", NULL);
  if (g_file_test (conf_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_FAILED,
                   "%s is already set up and was not changed; use “sokctl config set” "
                   "to change its settings", ctx->data_dir);
      return FALSE;
    }

  if (!sok_store_ensure_data_dir (ctx->data_dir, error) ||
      !sok_store_check_data_dir (ctx->data_dir, error))
    return FALSE;

  if (queue == NULL)
    {
      g_autofree char *path = g_build_filename (ctx->data_dir, "dsl-queue.db", NULL);
      queue = g_strconcat ("sqlite:", path, NULL);
    }
  if (kiosk_id == NULL)
    kiosk_id = new_kiosk_id ();

  /* Everything is checked before anything is written, so a bad option leaves no
   * half-made kiosk behind. */
  config = sok_config_new (ctx->data_dir);
  if (!sok_config_set_value (config, "school-name", school, error) ||
      !sok_config_set_value (config, "kiosk-id", kiosk_id, error) ||
      !sok_config_set_value (config, "queue", queue, error))
    return FALSE;

  if (!(store = sok_store_open (ctx->data_dir, error)))
    return FALSE;

  if (!sok_config_save (config, error))
    return FALSE;

  if (ctx->format == SOKCTL_FORMAT_TEXT)
    printf ("Set up %s for %s (kiosk %s).\n"
            "Next: import the roster (sokctl roster import FILE.csv) and give the kiosk the "
            "DSL's public key (sokctl config set dsl-public-key KEY).\n",
            ctx->data_dir, school, kiosk_id);
  else
    sokctl_print_record (ctx->format,
                         (const char *[]) { "data_dir", "school_name", "kiosk_id", "queue", NULL },
                         (const char *[]) { ctx->data_dir, school, kiosk_id, queue, NULL },
                         NULL);

  return TRUE;
}

/* A setting as sokctl shows it: the queue's password (if it holds one) is never
 * printed. */
static char *
dup_shown_value (SokConfig   *config,
                 const char  *key,
                 GError     **error)
{
  g_autofree char *value = sok_config_dup_value (config, key, error);

  if (value != NULL && g_str_equal (key, "queue"))
    return sok_queue_redact_uri (value);
  return g_steal_pointer (&value);
}

/* Asks on the terminal whether the words match the DSL console's; only "y" or "yes"
 * is a yes. */
static gboolean
ask_words_match (const char *words)
{
  char answer[16] = { 0 };

  printf ("The DSL key's fingerprint words are:\n\n    %s\n\n"
          "Do they match the words on the DSL console's About screen (or what “sokctl keys "
          "fingerprint dsl.pub” prints on the DSL's computer)? [y/N] ", words);
  fflush (stdout);
  if (fgets (answer, sizeof answer, stdin) == NULL)
    return FALSE;
  g_strstrip (answer);
  return g_ascii_strcasecmp (answer, "y") == 0 || g_ascii_strcasecmp (answer, "yes") == 0;
}

/* Setting the DSL key pins it: its words are checked against what the DSL's console
 * shows, by --fingerprint, or by asking on a terminal. A script without --fingerprint
 * may still set it (the words are printed), and `sokctl doctor` keeps reminding staff
 * until someone confirms them. */
static gboolean
set_dsl_public_key (SokctlContext  *ctx,
                    SokConfig      *config,
                    const char     *value,
                    const char     *fingerprint,
                    GError        **error)
{
  g_autofree char *words = NULL;
  gboolean confirmed = FALSE;

  if (*value == '\0')
    return sok_config_set_value (config, "dsl-public-key", value, error) &&
           sok_config_save (config, error);

  /* Refuse a key that cannot be the DSL's before asking anyone about its words. */
  if (!sok_config_set_value (config, "dsl-public-key", value, error))
    return FALSE;
  words = sok_seal_dup_fingerprint_words (value);

  if (fingerprint != NULL)
    {
      if (!sok_fingerprint_matches (words, fingerprint))
        {
          g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_FAILED,
                       "This key's fingerprint words are “%s”, not “%s”: it is not the key "
                       "the DSL's console shows, or it was pasted wrongly. Nothing was changed",
                       words, fingerprint);
          return FALSE;
        }
      confirmed = TRUE;
    }
  else if (isatty (STDIN_FILENO) && ctx->format == SOKCTL_FORMAT_TEXT)
    {
      if (!ask_words_match (words))
        {
          g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_FAILED,
                       "Nothing was changed: reports sealed to a key that is not the DSL's "
                       "could never be read. Copy dsl.pub from the DSL's computer again");
          return FALSE;
        }
      confirmed = TRUE;
    }

  if (confirmed && !sok_config_set_value (config, "dsl-key-confirmed", words, error))
    return FALSE;
  if (!sok_config_save (config, error))
    return FALSE;

  if (ctx->format == SOKCTL_FORMAT_TEXT)
    {
      if (confirmed)
        printf ("Set the DSL key; its fingerprint words “%s” are confirmed.\n", words);
      else
        printf ("Set the DSL key. Its fingerprint words are:\n\n    %s\n\n"
                "Check them against the DSL console's About screen, then run “sokctl "
                "config set dsl-key-confirmed \"%s\"”; until then “sokctl doctor” reminds "
                "you.\n", words, words);
    }
  else
    sokctl_print_record (ctx->format,
                         (const char *[]) { "key", "fingerprint_words", "confirmed", NULL },
                         (const char *[]) { "dsl-public-key", words,
                                            confirmed ? "true" : "false", NULL },
                         NULL);
  return TRUE;
}

gboolean
sokctl_cmd_config (SokctlContext  *ctx,
                   int             argc,
                   char          **argv,
                   GError        **error)
{
  g_autoptr (SokConfig) config = NULL;
  g_autofree char *fingerprint = NULL;
  const char *verb;
  GOptionEntry entries[] = {
    { "fingerprint", 0, 0, G_OPTION_ARG_STRING, &fingerprint,
      "set dsl-public-key: the key's fingerprint words as the DSL's console shows them; a "
      "key with other words is refused", "WORDS" },
    { NULL }
  };

  if (!sokctl_parse_options ("config", "get [KEY] | set KEY VALUE",
                             "Reads or changes the kiosk's settings in kiosk.conf.",
                             entries, &argc, &argv, 1, 3, error))
    return FALSE;

  verb = argv[1];

  if (g_str_equal (verb, "get"))
    {
      if (argc > 3)
        return sokctl_usage_error (error, "config get takes at most one KEY");

      if (!(config = sokctl_load_config (ctx, error)))
        return FALSE;

      if (argc == 3)
        {
          g_autofree char *value = dup_shown_value (config, argv[2], error);

          if (value == NULL)
            return FALSE;

          if (ctx->format == SOKCTL_FORMAT_TEXT)
            printf ("%s\n", value);
          else
            sokctl_print_record (ctx->format, (const char *[]) { "key", "value", NULL },
                                 (const char *[]) { argv[2], value, NULL }, NULL);
        }
      else
        {
          g_autoptr (SokctlTable) table = NULL;
          const char * const *keys = sok_config_list_keys ();

          table = sokctl_table_new ((const char *[]) { "key", "value", "meaning", NULL });
          for (guint i = 0; keys[i]; i++)
            {
              g_autofree char *value = dup_shown_value (config, keys[i], NULL);

              sokctl_table_add_rowv (table, keys[i], value, sok_config_describe_key (keys[i]),
                                     NULL);
            }
          sokctl_table_print (table, ctx->format);
        }

      return TRUE;
    }

  if (g_str_equal (verb, "set"))
    {
      if (argc != 4)
        return sokctl_usage_error (error, "config set takes KEY and VALUE: sokctl config set "
                                   "idle-seconds 120");
      if (fingerprint != NULL && !g_str_equal (argv[2], "dsl-public-key"))
        return sokctl_usage_error (error, "--fingerprint goes with “config set dsl-public-key”");

      if (g_str_equal (argv[2], "dsl-public-key"))
        return (config = sokctl_load_config (ctx, error)) != NULL &&
               set_dsl_public_key (ctx, config, argv[3], fingerprint, error);

      if (!(config = sokctl_load_config (ctx, error)) ||
          !sok_config_set_value (config, argv[2], argv[3], error) ||
          !sok_config_save (config, error))
        return FALSE;

      return TRUE;
    }

  return sokctl_usage_error (error, "config takes “get” or “set”, not “%s”", verb);
}

gboolean
sokctl_cmd_doctor (SokctlContext  *ctx,
                   int             argc,
                   char          **argv,
                   GError        **error)
{
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (SokctlTable) table = NULL;
  guint problems = 0;

  if (!sokctl_parse_options ("doctor", "",
                             "Checks the installation and says what is wrong and how to fix it. "
                             "Exits 1 when anything needs fixing.",
                             NULL, &argc, &argv, 0, 0, error))
    return FALSE;

  items = sok_health_run (ctx->data_dir);
  table = sokctl_table_new ((const char *[]) { "check", "status", "message", "fix", NULL });

  for (guint i = 0; i < items->len; i++)
    {
      SokHealthItem *item = g_ptr_array_index (items, i);

      if (item->level == SOK_HEALTH_PROBLEM)
        problems++;

      if (ctx->format == SOKCTL_FORMAT_TEXT)
        {
          const char *mark = item->level == SOK_HEALTH_OK ? "ok" :
                             item->level == SOK_HEALTH_WARNING ? "WARNING" : "PROBLEM";

          printf ("%-8s %-10s %s\n", mark, item->check, item->message);
          if (item->fix != NULL && item->level != SOK_HEALTH_OK)
            printf ("%-8s %-10s → %s\n", "", "", item->fix);
        }
      else
        sokctl_table_add_rowv (table, item->check, sok_health_level_to_string (item->level),
                               item->message, item->fix, NULL);
    }

  if (ctx->format != SOKCTL_FORMAT_TEXT)
    sokctl_table_print (table, ctx->format);

  if (problems > 0)
    {
      g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_UNHEALTHY,
                   "%u %s to fix in %s", problems, problems == 1 ? "thing" : "things",
                   ctx->data_dir);
      return FALSE;
    }

  return TRUE;
}
