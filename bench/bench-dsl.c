/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "bench-dsl"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "dsl-fixture.h"
#include "sok-case.h"
#include "sok-dsl-window.h"
#include "sok-queue.h"
#include "sok-seal.h"
#include "sok-stats.h"
#include "test-util.h"

/* How the DSL console copes with a full queue: unlock (Argon2id at the limits
 * `sokctl keys generate` uses), the list of N reports drawn, a report opened, and
 * the governors' figures (which open every report of two terms).
 *
 *   bench-dsl [N]      (under xvfb-run and dbus-run-session; N defaults to 1000)
 */

#define PASSPHRASE "bench passphrase for the DSL"

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sok-bench-dsl-XXXXXX", &error);
  g_autofree char *pub_path = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *db = NULL;
  guint n = argc > 1 ? (guint)g_ascii_strtoull (argv[1], NULL, 10) : 1000;
  SokDslWindow *window;
  gint64 start;
  guint rows = 0;

  g_assert_no_error (error);
  adw_init ();

  /* Real limits: this is what a DSL waits for. */
  if (!sok_seal_generate_keys (dir, PASSPHRASE, strlen (PASSPHRASE), &error))
    g_error ("%s", error->message);
  pub_path = g_build_filename (dir, "dsl.pub", NULL);
  g_file_get_contents (pub_path, &public_key, NULL, NULL);
  g_strstrip (public_key);
  key_path = g_build_filename (dir, "dsl.key", NULL);
  db = g_build_filename (dir, "queue.db", NULL);
  uri = g_strconcat ("sqlite:", db, NULL);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("bench-%05u", i);
      DslFixtureReport report = {
        .report_id = id, .category = i % 3 ? "unkind-to-me" : "saw-upsetting",
        .risk_area = i % 3 ? "conduct" : "content", .where = "game", .feeling = "sad",
        .text = "they keep saying mean things to me in the game", .with_drawing = i % 4 == 0,
        .urgent = i % 20 == 0, .age_band = "7-9",
      };

      if (!dsl_fixture_deliver (uri, public_key, &report, &error))
        g_error ("%s", error->message);
    }
  g_print ("reports delivered: %u in %.0f ms\n", n, ms_since (start));

  /* As in a school after a few years: all but the last hundred are closed. */
  {
    g_autoptr (SokQueue) queue = sok_queue_open (uri, SOK_QUEUE_ROLE_DSL, &error);
    g_autoptr (SokDslKey) key = NULL;

    g_assert_no_error (error);
    /* Closing a case signs its audit entry with the DSL key. */
    key = sok_dsl_unlock (key_path, PASSPHRASE, strlen (PASSPHRASE), &error);
    g_assert_no_error (error);
    sok_queue_set_dsl_key (queue, key);
    for (guint i = 0; i + 100 < n; i++)
      {
        g_autofree char *id = g_strdup_printf ("bench-%05u", i);

        if (!sok_queue_close_case (queue, id, "resolved-in-school", "Bench", NULL, &error))
          g_error ("%s", error->message);
      }
  }

  start = g_get_monotonic_time ();
  {
    g_autoptr (SokDslKey) key = sok_dsl_unlock (key_path, PASSPHRASE, strlen (PASSPHRASE),
                                                &error);

    g_assert_no_error (error);
  }
  g_print ("the key alone opened (Argon2id): %.0f ms\n", ms_since (start));

  window = sok_dsl_window_new (NULL, dir, uri, key_path, 0);
  gtk_window_present (GTK_WINDOW (window));
  dsl_fixture_spin (500);

  gtk_editable_set_text (GTK_EDITABLE (dsl_fixture_find_widget (GTK_WIDGET (window), "name_row")),
                         "Bench");
  gtk_editable_set_text (GTK_EDITABLE (dsl_fixture_find_widget (GTK_WIDGET (window),
                                                                "passphrase_row")),
                         PASSPHRASE);
  start = g_get_monotonic_time ();
  gtk_widget_activate_action (dsl_fixture_find_widget (GTK_WIDGET (window), "unlock_page"),
                              "unlock.unlock", NULL);
  /* The list is read in a worker thread once the key opens. */
  while (sok_dsl_window_get_locked (window) ||
         gtk_list_box_get_row_at_index (sok_dsl_window_get_case_list (window), 0) == NULL)
    g_main_context_iteration (NULL, TRUE);
  dsl_fixture_spin (100);
  while (gtk_list_box_get_row_at_index (sok_dsl_window_get_case_list (window), rows) != NULL)
    rows++;
  g_print ("unlock to the list drawn (%u new and open reports): %.0f ms\n", rows,
           ms_since (start));

  /* The first time, every report is opened once, in the background, to check which
   * kiosk signed it (later unlocks find the checks kept in the queue). */
  while (sok_dsl_window_get_busy (window))
    g_main_context_iteration (NULL, TRUE);
  g_print ("unlock to every report's sender checked (first unlock only, %u reports): "
           "%.0f ms\n", n, ms_since (start));

  start = g_get_monotonic_time ();
  sok_dsl_window_refresh (window);
  while (sok_dsl_window_get_busy (window))
    g_main_context_iteration (NULL, TRUE);
  g_print ("list read and rebuilt again: %.0f ms\n", ms_since (start));

  start = g_get_monotonic_time ();
  /* "clicked" itself: gtk_widget_activate() would add GTK's 250 ms press animation. */
  g_signal_emit_by_name (gtk_list_box_row_get_child (gtk_list_box_get_row_at_index (
                           sok_dsl_window_get_case_list (window), rows / 2)), "clicked");
  while (sok_case_view_get_report_id (sok_dsl_window_get_case_view (window)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_print ("row clicked to report shown: %.0f ms\n", ms_since (start));

  start = g_get_monotonic_time ();
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (dsl_fixture_find_widget (GTK_WIDGET (window),
                                                                            "filter_closed")),
                                TRUE);
  dsl_fixture_spin (100);
  g_print ("closed reports shown too (%u rows): %.0f ms\n", n, ms_since (start));

  start = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.governors", NULL);
  g_print ("governors' figures over %u reports: %.0f ms\n", n, ms_since (start));

  gtk_window_destroy (GTK_WINDOW (window));
  sok_test_remove_tree (dir);
  return 0;
}
