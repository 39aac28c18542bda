/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dsl-demo-queue"

#include "config.h"

#include <glib/gstdio.h>

#include "dsl-fixture.h"

/* For tests that start the real console: a DSL key (fast Argon2id limits) and a
 * SQLite queue of three made-up reports, one urgent, in DIR, each signed by the
 * kiosk "kiosk-hall", which the DSL approved; with N, also N older reports, one a day
 * before today, so that the list is longer than the window; with --forged, also one
 * report sealed by someone else in the approved kiosk's name (its signature does not
 * match), which the console must mark.
 *
 *   dsl-demo-queue DIR PASSPHRASE [N] [--forged]
 *     (writes DIR/dsl.key, DIR/dsl.pub, DIR/queue.db, DIR/kiosk-hall/kiosk.key)
 */
static int
fail (GError *error)
{
  g_printerr ("dsl-demo-queue: %s\n", error->message);
  g_error_free (error);
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  static const DslFixtureReport reports[] = {
    { .report_id = "demo-older", .category = "unkind-to-me", .risk_area = "conduct",
      .where = "game", .feeling = "sad", .age_band = "5-7" },
    { .report_id = "demo-urgent", .category = "stranger-talked", .risk_area = "contact",
      .where = "chat", .feeling = "scared", .text = "someone asked where I live",
      .wants_talk = TRUE, .urgent = TRUE, .age_band = "7-9" },
    { .report_id = "demo-newer", .category = "saw-upsetting", .risk_area = "content",
      .where = "video", .feeling = "worried", .age_band = "9-11" },
  };
  static const DslFixtureReport forged = {
    .report_id = "demo-forged", .category = "unkind-to-me", .risk_area = "conduct",
    .where = "chat", .feeling = "sad", .text = "a made-up accusation", .age_band = "9-11",
    .name = "Sam Example",
  };
  GError *error = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *kiosk_dir = NULL;
  g_autofree char *forger_dir = NULL;
  g_autoptr (SokKioskKey) kiosk = NULL;
  guint64 n_older = 0;
  gboolean with_forged = FALSE;

  if (argc > 3 && g_str_equal (argv[argc - 1], "--forged"))
    {
      with_forged = TRUE;
      argc--;
    }
  if (argc < 3 || argc > 4 || !g_path_is_absolute (argv[1]) ||
      (argc == 4 && !g_ascii_string_to_unsigned (argv[3], 10, 0, 1000, &n_older, NULL)))
    {
      g_printerr ("usage: %s ABSOLUTE-DIR PASSPHRASE [N-OLDER-REPORTS] [--forged]\n", argv[0]);
      return 2;
    }

  public_key = dsl_fixture_make_keys (argv[1], argv[2]);
  key_path = g_build_filename (argv[1], "dsl.key", NULL);
  uri = g_strconcat ("sqlite:", argv[1], "/queue.db", NULL);
  kiosk_dir = g_build_filename (argv[1], "kiosk-hall", NULL);
  if (!(kiosk = dsl_fixture_enrol_kiosk (uri, kiosk_dir, "kiosk-hall", &error)) ||
      !dsl_fixture_decide_kiosk (uri, key_path, argv[2], kiosk, SOK_KIOSK_APPROVED, &error))
    return fail (error);

  for (guint i = 0; i < G_N_ELEMENTS (reports); i++)
    if (!dsl_fixture_deliver_signed (uri, public_key, &reports[i], kiosk, NULL, &error))
      return fail (error);

  if (with_forged)
    {
      g_autoptr (SokKioskKey) forger = NULL;
      g_autofree char *claimed = sok_kiosk_key_dup_public_key_base64 (kiosk);

      /* The forger has a key of their own, not the kiosk's: it is never enrolled. */
      forger_dir = g_build_filename (argv[1], "forger", NULL);
      g_mkdir_with_parents (forger_dir, 0700);
      if (!(forger = sok_kiosk_key_enrol (forger_dir, FALSE, NULL, &error)) ||
          !dsl_fixture_deliver_signed (uri, public_key, &forged, forger, claimed, &error))
        return fail (error);
    }

  for (guint i = 1; i <= n_older; i++)
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();
      g_autoptr (GDateTime) day = g_date_time_add_days (now, -(int)i);
      g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");
      g_autofree char *report_id = g_strdup_printf ("demo-older-%03u", i);
      DslFixtureReport older = reports[0];

      older.report_id = report_id;
      older.date = date;
      older.part_of_day = i % 2 ? "morning" : "afternoon";
      if (!dsl_fixture_deliver_signed (uri, public_key, &older, kiosk, NULL, &error))
        return fail (error);
    }
  return 0;
}
