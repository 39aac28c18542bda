/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dsl-demo-queue"

#include "config.h"

#include "dsl-fixture.h"

/* For tests that start the real console: a DSL key (fast Argon2id limits) and a
 * SQLite queue of three made-up reports, one urgent, in DIR; with N, also N older
 * reports, one a day before today, so that the list is longer than the window.
 *
 *   dsl-demo-queue DIR PASSPHRASE [N]  (writes DIR/dsl.key, DIR/dsl.pub, DIR/queue.db)
 */
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
  g_autoptr (GError) error = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *uri = NULL;
  guint64 n_older = 0;

  if (argc < 3 || argc > 4 || !g_path_is_absolute (argv[1]) ||
      (argc == 4 && !g_ascii_string_to_unsigned (argv[3], 10, 0, 1000, &n_older, NULL)))
    {
      g_printerr ("usage: %s ABSOLUTE-DIR PASSPHRASE [N-OLDER-REPORTS]\n", argv[0]);
      return 2;
    }

  public_key = dsl_fixture_make_keys (argv[1], argv[2]);
  uri = g_strconcat ("sqlite:", argv[1], "/queue.db", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (reports); i++)
    if (!dsl_fixture_deliver (uri, public_key, &reports[i], &error))
      {
        g_printerr ("dsl-demo-queue: %s\n", error->message);
        return 1;
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
      if (!dsl_fixture_deliver (uri, public_key, &older, &error))
        {
          g_printerr ("dsl-demo-queue: %s\n", error->message);
          return 1;
        }
    }
  return 0;
}
