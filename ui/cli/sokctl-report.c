/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sokctl"

#include "config.h"

#include <stdio.h>

#include "sok-half-day.h"
#include "sok-outbox.h"
#include "sok-seal.h"
#include "sok-sync.h"
#include "sokctl.h"

/* Reports, keys and the outbox: `keys generate`, `outbox status` and `sync`. None of
 * them can read a report: the kiosk holds only the DSL's public key. */

/* --- keys ---------------------------------------------------------------------- */

gboolean
sokctl_cmd_keys (SokctlContext  *ctx,
                 int             argc,
                 char          **argv,
                 GError        **error)
{
  g_autofree char *out_dir = NULL;
  g_autofree char *passphrase_file = NULL;
  g_autofree char *pub_path = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *words = NULL;
  char *passphrase;
  gsize passphrase_len = 0;
  gboolean ok;
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_dir,
      "Where to write dsl.pub and dsl.key (made if missing; never overwritten)", "DIR" },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file,
      "A file holding the DSL's passphrase on one line (at least 10 characters)", "FILE" },
    { NULL }
  };

  if (!sokctl_parse_options ("keys", "generate --out DIR --passphrase-file FILE | fingerprint FILE",
                             "generate makes the DSL's key pair: DIR/dsl.pub, the public key to "
                             "give every kiosk, and DIR/dsl.key, the private key encrypted with "
                             "the passphrase (Argon2id and secretbox), for the DSL console only. "
                             "Existing key files are never overwritten.\n"
                             "fingerprint prints the fingerprint words of a dsl.pub or dsl.key, "
                             "to compare with those a kiosk shows.",
                             entries, &argc, &argv, 1, 2, error))
    return FALSE;

  if (g_str_equal (argv[1], "fingerprint"))
    {
      g_autofree char *hex = NULL;

      if (argc != 3)
        return sokctl_usage_error (error, "keys fingerprint takes a file: sokctl keys "
                                   "fingerprint dsl.pub");
      public_key = sok_seal_dup_public_key_from_file (argv[2], error);
      if (public_key == NULL)
        return FALSE;
      words = sok_seal_dup_fingerprint_words (public_key);
      hex = sok_seal_dup_fingerprint (public_key);
      if (ctx->format == SOKCTL_FORMAT_TEXT)
        printf ("%s\n(%s)\n", words, hex);
      else
        sokctl_print_record (ctx->format,
                             (const char *[]) { "file", "fingerprint_words", "fingerprint_hex", NULL },
                             (const char *[]) { argv[2], words, hex, NULL }, NULL);
      return TRUE;
    }

  if (!g_str_equal (argv[1], "generate") || argc != 2)
    return sokctl_usage_error (error, "keys takes “generate --out DIR --passphrase-file FILE” "
                               "or “fingerprint FILE”, not “%s”", argv[1]);

  if (out_dir == NULL || *out_dir == '\0')
    return sokctl_usage_error (error, "keys generate needs --out DIR, where dsl.pub and dsl.key "
                               "are written");

  if (passphrase_file == NULL || *passphrase_file == '\0')
    return sokctl_usage_error (error, "keys generate needs --passphrase-file FILE, a file "
                               "holding the DSL's passphrase on one line (so that it never shows "
                               "in the list of processes)");

  passphrase = sok_seal_read_passphrase_file (passphrase_file, &passphrase_len, error);
  if (passphrase == NULL)
    return FALSE;

  ok = sok_seal_generate_keys (out_dir, passphrase, passphrase_len, error);
  sok_seal_secret_free (passphrase);
  if (!ok)
    return FALSE;

  pub_path = g_build_filename (out_dir, "dsl.pub", NULL);
  key_path = g_build_filename (out_dir, "dsl.key", NULL);
  if (!g_file_get_contents (pub_path, &public_key, NULL, error))
    return FALSE;
  g_strchomp (public_key);
  fingerprint = sok_seal_dup_fingerprint (public_key);
  words = sok_seal_dup_fingerprint_words (public_key);

  if (ctx->format == SOKCTL_FORMAT_TEXT)
    printf ("Wrote the DSL's key pair.\n"
            "  Public key:  %s (fingerprint %s)\n"
            "  Its words:   %s\n"
            "               give it to every kiosk: sokctl config set dsl-public-key \"$(cat %s)\"\n"
            "  Private key: %s, encrypted with the passphrase\n"
            "               keep it, and a backup, only where the DSL console runs; without it\n"
            "               and the passphrase no report can be read.\n",
            pub_path, fingerprint, words, pub_path, key_path);
  else
    sokctl_print_record (ctx->format,
                         (const char *[]) { "public_key_file", "private_key_file", "public_key",
                                            "fingerprint", "fingerprint_words", NULL },
                         (const char *[]) { pub_path, key_path, public_key, fingerprint, words,
                                            NULL },
                         NULL);

  return TRUE;
}

/* --- outbox -------------------------------------------------------------------- */

gboolean
sokctl_cmd_outbox (SokctlContext  *ctx,
                   int             argc,
                   char          **argv,
                   GError        **error)
{
  g_autoptr (SokStore) store = NULL;
  g_auto (SokOutboxStatus) status = { 0 };
  g_autofree char *waiting = NULL;
  g_autofree char *urgent = NULL;
  g_autofree char *since = NULL;
  g_autofree char *attempts = NULL;
  g_autofree char *last_error_half_day = NULL;
  g_autofree char *last_delivered_half_day = NULL;

  if (!sokctl_parse_options ("outbox", "status",
                             "Says how many sealed reports wait on this kiosk for the DSL "
                             "queue, since which half-day (morning or afternoon), how often "
                             "delivery failed, and why the last delivery failed.",
                             NULL, &argc, &argv, 1, 1, error))
    return FALSE;

  if (!g_str_equal (argv[1], "status"))
    return sokctl_usage_error (error, "outbox takes “status”, not “%s”", argv[1]);

  if (!(store = sokctl_open_store (ctx, error)) ||
      !sok_outbox_get_status (store, &status, error))
    return FALSE;

  /* Half-days only, never a finer time: an urgent report goes the moment it is sent,
   * and the agreements say to the second who stood at the kiosk when. */
  if (ctx->format == SOKCTL_FORMAT_TEXT)
    {
      gint64 now = g_get_real_time ();

      if (status.waiting == 0)
        printf ("No reports are waiting: every report has reached the DSL queue.\n");
      else
        {
          g_autofree char *words = sok_half_day_dup_words (status.oldest_half_day, now);

          printf ("%u %s waiting to be delivered to the DSL queue (%u urgent), since %s.\n",
                  status.waiting, status.waiting == 1 ? "report is" : "reports are",
                  status.urgent_waiting, words);
          if (status.most_attempts > 0)
            printf ("Failed delivery attempts: %u (“sokctl sync” tries again now).\n",
                    status.most_attempts);
        }
      if (status.last_error != NULL)
        {
          g_autofree char *words = sok_half_day_dup_words (status.last_error_half_day, now);

          printf ("Last error (%s): %s\n", words, status.last_error);
        }
      if (status.last_delivered_half_day != 0)
        {
          g_autofree char *words = sok_half_day_dup_words (status.last_delivered_half_day, now);

          printf ("Last delivery: %s.\n", words);
        }
      else
        printf ("Last delivery: never.\n");
      return TRUE;
    }

  waiting = g_strdup_printf ("%u", status.waiting);
  urgent = g_strdup_printf ("%u", status.urgent_waiting);
  attempts = g_strdup_printf ("%u", status.most_attempts);
  since = sok_half_day_dup_iso (status.oldest_half_day);
  if (status.last_error != NULL)
    last_error_half_day = sok_half_day_dup_iso (status.last_error_half_day);
  last_delivered_half_day = sok_half_day_dup_iso (status.last_delivered_half_day);

  sokctl_print_record (ctx->format,
                       (const char *[]) { "waiting", "urgent_waiting", "waiting_since",
                                          "attempts", "last_error", "last_error_half_day",
                                          "last_delivered_half_day", NULL },
                       (const char *[]) { waiting, urgent, since, attempts, status.last_error,
                                          last_error_half_day, last_delivered_half_day, NULL },
                       (const char *[]) { "waiting", "urgent_waiting", "attempts", NULL });
  return TRUE;
}

/* --- sync ---------------------------------------------------------------------- */

gboolean
sokctl_cmd_sync (SokctlContext  *ctx,
                 int             argc,
                 char          **argv,
                 GError        **error)
{
  g_autoptr (SokConfig) config = NULL;
  g_autoptr (SokStore) store = NULL;
  g_autoptr (GError) local_error = NULL;
  g_auto (SokSyncResult) result = { 0 };
  g_autofree char *delivered = NULL;
  g_autofree char *already = NULL;
  g_autofree char *waiting = NULL;
  gboolean ok;

  if (!sokctl_parse_options ("sync", "",
                             "Delivers the reports waiting on this kiosk to the DSL queue now, "
                             "without waiting for the next try. Exits 1 when some could not be "
                             "delivered; they stay safely on the kiosk.",
                             NULL, &argc, &argv, 0, 0, error))
    return FALSE;

  if (!(config = sokctl_load_config (ctx, error)) ||
      !(store = sokctl_open_store (ctx, error)))
    return FALSE;

  /* Everything waiting goes now, whatever the schedule and any back-off: a person
   * asking for delivery has usually just fixed what was wrong. */
  ok = sok_sync_run_once (store, config, 0, &result, &local_error);

  if (ctx->format == SOKCTL_FORMAT_TEXT)
    {
      printf ("Delivered %u %s to the DSL queue", result.delivered,
              result.delivered == 1 ? "report" : "reports");
      if (result.already_there > 0)
        printf (" (and %u the queue already had)", result.already_there);
      printf ("; %u waiting.\n", result.waiting);
    }
  else
    {
      delivered = g_strdup_printf ("%u", result.delivered);
      already = g_strdup_printf ("%u", result.already_there);
      waiting = g_strdup_printf ("%u", result.waiting);
      sokctl_print_record (ctx->format,
                           (const char *[]) { "delivered", "already_in_queue", "waiting",
                                              "error", NULL },
                           (const char *[]) { delivered, already, waiting,
                                              ok ? NULL : local_error->message, NULL },
                           (const char *[]) { "delivered", "already_in_queue", "waiting", NULL });
    }

  if (!ok)
    {
      g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_FAILED,
                   "%u %s still waiting on this kiosk, safely: %s",
                   result.waiting, result.waiting == 1 ? "report is" : "reports are",
                   local_error->message);
      return FALSE;
    }

  return TRUE;
}
