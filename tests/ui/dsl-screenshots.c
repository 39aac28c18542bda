/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dsl-screenshots"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "dsl-fixture.h"
#include "sok-case-kinds.h"
#include "sok-dsl-window.h"
#include "sok-queue.h"
#include "test-util.h"

/* Screenshots of the DSL console for review: a demo queue (made up reports, sealed
 * to a throwaway key), then the window rendered to PNG in four states: locked,
 * the queue, an urgent report with an action, and the governors' figures; and that
 * report and the figures exported as the DSL would (case.pdf, case.csv,
 * governors.pdf).
 *
 *   dsl-screenshots OUTDIR       (run under xvfb-run and dbus-run-session)
 */

#define PASSPHRASE "demo passphrase for screenshots"

static void
save (GtkWidget  *window,
      const char *dir,
      const char *name)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  sok_test_spin (400);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_error ("cannot write %s", path);
  g_print ("%s\n", path);
}

/* The school's one kiosk, enrolled and approved: it signs every demo report. */
static SokKioskKey *demo_kiosk;

static void
deliver (const char             *uri,
         const char             *public_key,
         const DslFixtureReport *report)
{
  g_autoptr (GError) error = NULL;

  if (!dsl_fixture_deliver_signed (uri, public_key, report, demo_kiosk, NULL, &error))
    g_error ("cannot deliver a demo report: %s", error->message);
}

/* A report put in the queue in the kiosk's name by someone who holds another key:
 * the console marks it. */
static void
deliver_forged (const char *dir,
                const char *uri,
                const char *public_key,
                const char *date)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *forger_dir = g_build_filename (dir, "forger", NULL);
  g_autofree char *claimed = sok_kiosk_key_dup_public_key_base64 (demo_kiosk);
  g_autoptr (SokKioskKey) forger = NULL;
  const DslFixtureReport report = {
    .report_id = "demo-forged", .date = date, .part_of_day = "morning",
    .category = "unkind-to-me", .risk_area = "conduct", .where = "chat", .feeling = "angry",
    .text = "Sam Example is bullying everyone", .age_band = "9-11",
  };

  g_mkdir_with_parents (forger_dir, 0700);
  forger = sok_kiosk_key_enrol (forger_dir, FALSE, NULL, &error);
  if (forger == NULL ||
      !dsl_fixture_deliver_signed (uri, public_key, &report, forger, claimed, &error))
    g_error ("cannot deliver the forged demo report: %s", error->message);
}

static void
make_demo_queue (const char *dir,
                 const char *uri,
                 const char *public_key,
                 const char *this_term_date,
                 const char *last_term_date)
{
  static const struct { const char *category, *risk, *where, *feeling, *age; } mix[] = {
    { "unkind-to-me", "conduct", "game", "sad", "7-9" },
    { "unkind-to-me", "conduct", "chat", "angry", "9-11" },
    { "saw-upsetting", "content", "video", "scared", "5-7" },
    { "unkind-to-friend", "conduct", "game", "worried", "9-11" },
    { "unkind-to-me", "conduct", "game", "sad", "7-9" },
    { "saw-upsetting", "content", "video", "worried", "7-9" },
    { "something-else", "unsure", "phone-tablet", "okay", "9-11" },
  };
  DslFixtureReport report = { 0 };

  /* Last term's reports first (older), then this term's. */
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *id = g_strdup_printf ("demo-last-%u", i);

      report = (DslFixtureReport) {
        .report_id = id, .date = last_term_date, .category = mix[i].category,
        .risk_area = mix[i].risk, .where = mix[i].where, .feeling = mix[i].feeling,
        .age_band = mix[i].age,
      };
      deliver (uri, public_key, &report);
    }
  for (guint i = 0; i < G_N_ELEMENTS (mix); i++)
    {
      g_autofree char *id = g_strdup_printf ("demo-now-%u", i);

      report = (DslFixtureReport) {
        .report_id = id, .date = this_term_date, .category = mix[i].category,
        .risk_area = mix[i].risk, .where = mix[i].where, .feeling = mix[i].feeling,
        .age_band = mix[i].age, .part_of_day = i % 2 ? "afternoon" : "morning",
        .text = i == 1 ? "they keep saying mean stuff in the class group chat" : NULL,
      };
      deliver (uri, public_key, &report);
    }

  report = (DslFixtureReport) {
    .report_id = "demo-urgent", .date = this_term_date, .part_of_day = "afternoon",
    .category = "stranger-talked", .risk_area = "contact", .where = "game",
    .feeling = "scared",
    .text = "a man in the game said he is 11 and asked for a photo and where i live. "
            "he said not to tell anyone",
    .with_drawing = TRUE, .wants_talk = TRUE, .urgent = TRUE, .age_band = "9-11",
    .name = "Sam Example",
  };
  deliver (uri, public_key, &report);
  deliver_forged (dir, uri, public_key, this_term_date);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *db = NULL;
  g_autofree char *uri = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) last_term = g_date_time_add_months (now, -4);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *last_term_date = g_date_time_format (last_term, "%Y-%m-%d");
  SokDslWindow *window;
  GtkListBoxRow *row;
  guint n_kinds = 0;
  const SokCaseActionKind *kinds = sok_case_list_action_kinds (&n_kinds);

  if (argc != 2)
    {
      g_printerr ("usage: %s OUTDIR\n", argv[0]);
      return 2;
    }
  g_mkdir_with_parents (argv[1], 0755);

  dsl_fixture_init_style ();

  dir = g_dir_make_tmp ("sok-dsl-shots-XXXXXX", &error);
  g_assert_no_error (error);
  public_key = dsl_fixture_make_keys (dir, PASSPHRASE);
  key_path = g_build_filename (dir, "dsl.key", NULL);
  db = g_build_filename (dir, "queue.db", NULL);
  uri = g_strconcat ("sqlite:", db, NULL);
  {
    g_autofree char *kiosk_dir = g_build_filename (dir, "kiosk-hall", NULL);

    demo_kiosk = dsl_fixture_enrol_kiosk (uri, kiosk_dir, "kiosk-hall", &error);
    g_assert_no_error (error);
    dsl_fixture_decide_kiosk (uri, key_path, PASSPHRASE, demo_kiosk, SOK_KIOSK_APPROVED,
                              &error);
    g_assert_no_error (error);
  }
  make_demo_queue (dir, uri, public_key, today, last_term_date);
  {
    /* Some work already done, as on any day. */
    g_autoptr (SokQueue) queue = sok_queue_open (uri, SOK_QUEUE_ROLE_DSL, &error);
    g_autoptr (SokDslKey) key = NULL;

    g_assert_no_error (error);
    /* Writing to the case record signs each entry with the DSL key. */
    key = sok_dsl_unlock (key_path, PASSPHRASE, strlen (PASSPHRASE), &error);
    g_assert_no_error (error);
    sok_queue_set_dsl_key (queue, key);
    if (!sok_queue_act (queue, "demo-now-2", "referred-class-teacher", "A. Lead",
                        "Class teacher to check in after assembly", NULL, &error) ||
        !sok_queue_act (queue, "demo-now-4", "informed-parents", "A. Lead", NULL, NULL,
                        &error) ||
        !sok_queue_close_case (queue, "demo-last-0", "resolved-in-school", "A. Lead", NULL,
                               &error))
      g_error ("%s", error->message);
  }

  window = sok_dsl_window_new (NULL, dir, uri, key_path, 0);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  sok_test_spin (1000);

  gtk_editable_set_text (GTK_EDITABLE (dsl_fixture_find_widget (GTK_WIDGET (window), "name_row")),
                         "A. Lead");
  save (GTK_WIDGET (window), argv[1], "1-unlock.png");

  gtk_editable_set_text (GTK_EDITABLE (dsl_fixture_find_widget (GTK_WIDGET (window), "passphrase_row")),
                         PASSPHRASE);
  gtk_widget_activate (dsl_fixture_find_widget (GTK_WIDGET (window), "unlock_button"));
  while (sok_dsl_window_get_locked (window) || sok_dsl_window_get_busy (window))
    sok_test_spin (50);
  save (GTK_WIDGET (window), argv[1], "2-queue.png");

  row = gtk_list_box_get_row_at_index (sok_dsl_window_get_case_list (window), 0);
  gtk_widget_activate (gtk_list_box_row_get_child (row));
  while (sok_case_view_get_report_id (sok_dsl_window_get_case_view (window)) == NULL)
    sok_test_spin (50);
  adw_combo_row_set_selected (ADW_COMBO_ROW (dsl_fixture_find_widget (GTK_WIDGET (window), "kind_row")), 0);
  gtk_editable_set_text (GTK_EDITABLE (dsl_fixture_find_widget (GTK_WIDGET (window), "note_row")),
                         "Spoke with them at lunch; they are safe at home tonight");
  gtk_widget_activate (dsl_fixture_find_widget (GTK_WIDGET (window), "record_button"));
  sok_test_spin (800);
  adw_combo_row_set_selected (ADW_COMBO_ROW (dsl_fixture_find_widget (GTK_WIDGET (window), "kind_row")),
                              n_kinds > 7 ? 6 : 0);
  g_assert (kinds != NULL);
  save (GTK_WIDGET (window), argv[1], "3-report.png");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (
                              GTK_SCROLLED_WINDOW (dsl_fixture_find_widget (GTK_WIDGET (window), "scroller"))),
                            620);
  save (GTK_WIDGET (window), argv[1], "4-report-drawing.png");
  {
    g_autofree char *pdf = g_build_filename (argv[1], "case.pdf", NULL);
    g_autofree char *csv = g_build_filename (argv[1], "case.csv", NULL);

    if (!sok_case_view_export_to (sok_dsl_window_get_case_view (window), SOK_CASE_EXPORT_PDF,
                                  pdf, &error) ||
        !sok_case_view_export_to (sok_dsl_window_get_case_view (window), SOK_CASE_EXPORT_CSV,
                                  csv, &error))
      g_error ("%s", error->message);
  }
  {
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (
      GTK_SCROLLED_WINDOW (dsl_fixture_find_widget (GTK_WIDGET (window), "scroller")));

    gtk_adjustment_set_value (adjustment, 1400);
    save (GTK_WIDGET (window), argv[1], "4b-report-actions.png");
  }

  /* The forged report, marked in the list, opened: its banner says why. */
  for (int i = 0; (row = gtk_list_box_get_row_at_index (sok_dsl_window_get_case_list (window),
                                                        i)) != NULL; i++)
    if (g_strcmp0 (sok_dsl_window_get_row_report_id (row), "demo-forged") == 0)
      break;
  g_assert (row != NULL);
  gtk_widget_activate (gtk_list_box_row_get_child (row));
  while (g_strcmp0 (sok_case_view_get_report_id (sok_dsl_window_get_case_view (window)),
                    "demo-forged") != 0)
    sok_test_spin (50);
  sok_test_spin (500);
  save (GTK_WIDGET (window), argv[1], "4c-forged-report.png");

  /* The Kiosks page: the hall's kiosk approved, the library's waiting. */
  {
    g_autofree char *library_dir = g_build_filename (dir, "kiosk-library", NULL);
    g_autoptr (SokKioskKey) library = dsl_fixture_enrol_kiosk (uri, library_dir, "kiosk-library",
                                                               &error);

    g_assert_no_error (error);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.kiosks", NULL);
    sok_test_spin (500);
    save (GTK_WIDGET (window), argv[1], "4d-kiosks.png");
  }

  gtk_widget_activate (dsl_fixture_find_widget (GTK_WIDGET (window), "governors_button"));
  sok_test_spin (800);
  save (GTK_WIDGET (window), argv[1], "5-governors.png");
  {
    g_autofree char *pdf = g_build_filename (argv[1], "governors.pdf", NULL);

    if (!sok_governors_page_export_to (sok_dsl_window_get_governors_page (window), pdf, &error))
      g_error ("%s", error->message);
  }

  /* On a small screen the list and the report take turns. */
  gtk_widget_activate (gtk_list_box_row_get_child (
    gtk_list_box_get_row_at_index (sok_dsl_window_get_case_list (window), 0)));
  sok_test_spin (500);
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 800);
  sok_test_spin (800);
  save (GTK_WIDGET (window), argv[1], "7-narrow-report.png");

  sok_dsl_window_lock (window);
  sok_test_spin (300);
  save (GTK_WIDGET (window), argv[1], "6-locked-again.png");

  gtk_window_destroy (GTK_WINDOW (window));
  sok_test_remove_tree (dir);
  return 0;
}
