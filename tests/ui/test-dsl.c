/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-dsl"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dsl-fixture.h"
#include "sok-case-row.h"
#include "silent-endpoint.h"
#include "sok-case-kinds.h"
#include "sok-dsl-window.h"
#include "sok-kiosk-registry.h"
#include "sok-queue.h"
#include "sok-stats.h"
#include "test-util.h"

#define PASSPHRASE "correct horse battery staple"
#define DSL_NAME "A. Lead"

/* Fixture: a DSL key pair and a SQLite queue holding three sealed reports (one
 * urgent), and the console's window on them, locked. */
typedef struct
{
  char         *dir;
  char         *key_path;
  char         *queue_uri;
  char         *public_key;
  SokQueue     *dsl;
  SokDslWindow *window;
} Fixture;

static const DslFixtureReport urgent_report = {
  .report_id = "r-urgent",
  .part_of_day = "afternoon",
  .category = "stranger-talked",
  .risk_area = "contact",
  .where = "chat",
  .feeling = "scared",
  .text = "A man in the game chat asked where I live",
  .with_drawing = TRUE,
  .wants_talk = TRUE,
  .urgent = TRUE,
  .age_band = "7-9",
  .name = "Sam Example",
};

static const DslFixtureReport older_report = {
  .report_id = "r-older",
  .category = "unkind-to-me",
  .risk_area = "conduct",
  .where = "game",
  .feeling = "sad",
  .text = "They said I can't play",
  .age_band = "5-7",
};

static const DslFixtureReport newer_report = {
  .report_id = "r-newer",
  .category = "saw-upsetting",
  .risk_area = "content",
  .where = "video",
  .feeling = "worried",
  .age_band = "9-11",
};

static GtkWidget *
get_widget (Fixture    *f,
            const char *id)
{
  GtkWidget *widget = dsl_fixture_find_widget (GTK_WIDGET (f->window), id);

  if (widget == NULL)
    g_error ("the console has no widget “%s”", id);
  return widget;
}

static gboolean
window_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data)) && gtk_widget_get_width (GTK_WIDGET (data)) > 0;
}

static void
deliver (Fixture                *f,
         const DslFixtureReport *report)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (dsl_fixture_deliver (f->queue_uri, f->public_key, report, &error));
  g_assert_no_error (error);
}

static void
open_window (Fixture *f,
             guint    idle_seconds)
{
  f->window = sok_dsl_window_new (NULL, f->dir, f->queue_uri, f->key_path, idle_seconds);
  g_object_ref_sink (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  sok_test_wait_until (window_is_mapped, f->window, 10000);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *db = NULL;

  f->dir = g_dir_make_tmp ("sok-dsl-XXXXXX", &error);
  g_assert_no_error (error);
  f->public_key = dsl_fixture_make_keys (f->dir, PASSPHRASE);
  f->key_path = g_build_filename (f->dir, "dsl.key", NULL);
  db = g_build_filename (f->dir, "queue.db", NULL);
  f->queue_uri = g_strconcat ("sqlite:", db, NULL);

  deliver (f, &older_report);
  deliver (f, &urgent_report);
  deliver (f, &newer_report);

  f->dsl = sok_queue_open (f->queue_uri, SOK_QUEUE_ROLE_DSL, &error);
  g_assert_no_error (error);
  /* The test reads notes back as the DSL: the queue keeps them sealed to the key. */
  {
    g_autoptr (SokDslKey) key = sok_dsl_key_load (f->key_path, PASSPHRASE, strlen (PASSPHRASE),
                                                  &error);

    g_assert_no_error (error);
    sok_queue_set_dsl_key (f->dsl, key);
  }

  open_window (f, GPOINTER_TO_UINT (user_data));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (f->window);
  g_assert_finalize_object (f->dsl);
  sok_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->key_path);
  g_free (f->queue_uri);
  g_free (f->public_key);
}

/* Acting as the DSL does: type, then press the button. */

static void
type_into (Fixture    *f,
           const char *id,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (get_widget (f, id)), text);
}

static void
press (Fixture    *f,
       const char *id)
{
  GtkWidget *button = get_widget (f, id);

  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_is_drawable (button));
  gtk_widget_activate (button);
}

static gboolean
window_settled (gpointer window)
{
  return !sok_dsl_window_get_busy (window);
}

static gboolean
window_busy (gpointer window)
{
  return sok_dsl_window_get_busy (window);
}

/* The list is read again in a worker thread after every change: wait for it. */
static void
wait_for_list (Fixture *f)
{
  sok_test_wait_until (window_settled, f->window, 10000);
}

static gboolean
unlock_done (gpointer data)
{
  Fixture *f = data;

  /* The click arrives on a timeout, then the key opens in a thread, and the queue is
   * read in another. */
  return !sok_unlock_page_get_busy (sok_dsl_window_get_unlock_page (f->window)) &&
         !sok_dsl_window_get_busy (f->window) &&
         (sok_unlock_page_get_failures (sok_dsl_window_get_unlock_page (f->window)) > 0 ||
          !sok_dsl_window_get_locked (f->window));
}

static void
try_passphrase (Fixture    *f,
                const char *passphrase)
{
  guint failures = sok_unlock_page_get_failures (sok_dsl_window_get_unlock_page (f->window));
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  type_into (f, "passphrase_row", passphrase);
  press (f, "unlock_button");

  /* Until the thread answers, failures stay as they were. */
  while (sok_unlock_page_get_failures (sok_dsl_window_get_unlock_page (f->window)) == failures &&
         sok_dsl_window_get_locked (f->window))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("the passphrase was not tried in time");
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  sok_test_wait_until (unlock_done, f, 10000);
}

static void
unlock (Fixture *f)
{
  type_into (f, "name_row", DSL_NAME);
  try_passphrase (f, PASSPHRASE);
  g_assert_false (sok_dsl_window_get_locked (f->window));
  g_assert_cmpstr (sok_dsl_window_get_actor (f->window), ==, DSL_NAME);
}

/* The @index-th row the filter lets the DSL see. */
static GtkListBoxRow *
row_at (Fixture *f,
        int      index)
{
  GtkListBox *list = sok_dsl_window_get_case_list (f->window);
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (gtk_widget_get_child_visible (GTK_WIDGET (row)) && index-- == 0)
      return row;
  return NULL;
}

static guint
n_rows (Fixture *f)
{
  guint n = 0;

  while (row_at (f, n) != NULL)
    n++;
  return n;
}

static GtkListBoxRow *
row_for (Fixture    *f,
         const char *report_id)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = row_at (f, i)) != NULL; i++)
    if (g_strcmp0 (sok_dsl_window_get_row_report_id (row), report_id) == 0)
      return row;
  g_error ("report %s is not in the list", report_id);
}

/* Every word the row shows. */
static const char *
row_text (GtkListBoxRow *row)
{
  static char text[512];
  GString *words = g_string_new (NULL);
  GtkWidget *child = GTK_WIDGET (row);

  /* Depth first through the row's widgets. */
  while (child != NULL)
    {
      if (GTK_IS_LABEL (child))
        g_string_append_printf (words, "%s\n", gtk_label_get_text (GTK_LABEL (child)));
      if (gtk_widget_get_first_child (child) != NULL)
        child = gtk_widget_get_first_child (child);
      else
        {
          while (child != GTK_WIDGET (row) && gtk_widget_get_next_sibling (child) == NULL)
            child = gtk_widget_get_parent (child);
          child = child == GTK_WIDGET (row) ? NULL : gtk_widget_get_next_sibling (child);
        }
    }
  g_strlcpy (text, words->str, sizeof text);
  g_string_free (words, TRUE);
  return text;
}

static gboolean
case_shown (gpointer data)
{
  Fixture *f = data;
  GtkStack *stack = GTK_STACK (get_widget (f, "content_stack"));

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "case") == 0;
}

static void
open_report (Fixture    *f,
             const char *report_id)
{
  SokCaseView *view = sok_dsl_window_get_case_view (f->window);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  /* The row is a button, as the DSL taps it. */
  gtk_widget_activate (gtk_list_box_row_get_child (row_for (f, report_id)));
  while (!case_shown (f) || g_strcmp0 (sok_case_view_get_report_id (view), report_id) != 0)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("report %s was not shown", report_id);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static const char *
subtitle_of (Fixture    *f,
             const char *id)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (get_widget (f, id)));
}

static const char *
label_of (Fixture    *f,
          const char *id)
{
  return gtk_label_get_text (GTK_LABEL (get_widget (f, id)));
}

static GPtrArray *
audit_of (Fixture    *f,
          const char *report_id)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *entries = sok_queue_list_audit (f->dsl, report_id, &error);

  g_assert_no_error (error);
  return entries;
}

/* The entry a list leaves when it opens a report to check who signed it. */
static void
assert_signature_check (SokAuditEntry *entry)
{
  g_assert_cmpstr (entry->action, ==, "view");
  g_assert_cmpstr (entry->detail, ==, "signature check");
  g_assert_cmpstr (entry->actor, ==, DSL_NAME);
}

static SokQueueCase *
case_of (Fixture    *f,
         const char *report_id)
{
  g_autoptr (GError) error = NULL;
  SokQueueCase *item = sok_queue_get_case (f->dsl, report_id, &error);

  g_assert_no_error (error);
  return item;
}

static guint
kind_index (const char *id)
{
  guint n = 0;
  const SokCaseActionKind *kinds = sok_case_list_action_kinds (&n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (kinds[i].id, id))
      return i;
  g_error ("no action kind %s", id);
}

/* Tests. */

static void
test_unlock_wrong_passphrase_refused (Fixture       *f,
                                      gconstpointer  user_data)
{
  SokUnlockPage *page = sok_dsl_window_get_unlock_page (f->window);
  GtkWidget *unlock_button = get_widget (f, "unlock_button");
  gint64 first_wait, second_wait;

  g_assert_true (sok_dsl_window_get_locked (f->window));
  g_assert_cmpstr (sok_unlock_page_get_key_path (page), ==, f->key_path);
  /* Locked, the list shows nothing. */
  g_assert_cmpuint (n_rows (f), ==, 0);

  type_into (f, "name_row", DSL_NAME);
  try_passphrase (f, "not the passphrase at all");
  g_assert_true (sok_dsl_window_get_locked (f->window));
  g_assert_cmpuint (sok_unlock_page_get_failures (page), ==, 1);
  first_wait = sok_unlock_page_get_wait (page);
  g_assert_cmpint (first_wait, >, 0);
  g_assert_true (gtk_widget_get_visible (get_widget (f, "message_label")));
  g_assert_nonnull (strstr (label_of (f, "message_label"), "does not open the DSL key"));
  /* The passphrase was cleared, and another cannot be tried yet. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_widget (f, "passphrase_row"))), ==, "");
  type_into (f, "passphrase_row", PASSPHRASE);
  g_assert_false (gtk_widget_is_sensitive (unlock_button));

  /* After the wait, a second wrong one waits longer. */
  while (sok_unlock_page_get_wait (page) > 0)
    sok_test_spin (50);
  sok_test_spin (300);
  g_assert_true (gtk_widget_is_sensitive (unlock_button));
  try_passphrase (f, "still not the passphrase");
  g_assert_true (sok_dsl_window_get_locked (f->window));
  g_assert_cmpuint (sok_unlock_page_get_failures (page), ==, 2);
  second_wait = sok_unlock_page_get_wait (page);
  g_assert_cmpint (second_wait, >, first_wait);

  while (sok_unlock_page_get_wait (page) > 0)
    sok_test_spin (50);
  sok_test_spin (300);
  unlock (f);
  g_assert_cmpuint (sok_unlock_page_get_failures (page), ==, 0);
  g_assert_cmpuint (n_rows (f), ==, 3);
}

static void
test_unlock_remembers_key_and_name (Fixture       *f,
                                    gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *elsewhere = g_dir_make_tmp ("sok-dsl-other-XXXXXX", &error);
  SokDslWindow *second;
  SokUnlockPage *page;

  g_assert_no_error (error);
  unlock (f);

  /* Started again without --key, on a data directory with no dsl.key, the console
   * offers the key and the name used last. */
  second = sok_dsl_window_new (NULL, elsewhere, f->queue_uri, NULL, 0);
  g_object_ref_sink (second);
  page = sok_dsl_window_get_unlock_page (second);
  g_assert_cmpstr (sok_unlock_page_get_key_path (page), ==, f->key_path);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dsl_fixture_find_widget (GTK_WIDGET (second),
                                                                                 "name_row"))),
                   ==, DSL_NAME);
  gtk_window_destroy (GTK_WINDOW (second));
  g_assert_finalize_object (second);
  sok_test_remove_tree (elsewhere);
}

static void
test_queue_urgent_first_then_newest (Fixture       *f,
                                     gconstpointer  user_data)
{
  unlock (f);

  g_assert_cmpuint (n_rows (f), ==, 3);
  g_assert_cmpstr (sok_dsl_window_get_row_report_id (row_at (f, 0)), ==, "r-urgent");
  g_assert_cmpstr (sok_dsl_window_get_row_report_id (row_at (f, 1)), ==, "r-newer");
  g_assert_cmpstr (sok_dsl_window_get_row_report_id (row_at (f, 2)), ==, "r-older");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row_at (f, 0)), "sok-urgent"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row_at (f, 1)), "sok-urgent"));

  /* Only closed reports: none yet. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (get_widget (f, "filter_new")), FALSE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (get_widget (f, "filter_open")), FALSE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (get_widget (f, "filter_closed")), TRUE);
  g_assert_cmpuint (n_rows (f), ==, 0);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (get_widget (f, "filter_new")), TRUE);
  g_assert_cmpuint (n_rows (f), ==, 3);
}

static void
test_report_shows_what_the_child_gave (Fixture       *f,
                                       gconstpointer  user_data)
{
  g_autoptr (GPtrArray) audit = NULL;
  g_autoptr (SokQueueCase) item = NULL;
  SokAuditEntry *entry;

  unlock (f);
  /* Listing it opened it once, in a worker thread, to check who signed it: recorded,
   * and it stays new. */
  audit = audit_of (f, "r-urgent");
  g_assert_cmpuint (audit->len, ==, 1);
  assert_signature_check (audit->pdata[0]);
  item = case_of (f, "r-urgent");
  g_assert_cmpint (item->status, ==, SOK_CASE_STATUS_NEW);
  g_clear_pointer (&item, sok_queue_case_free);
  g_clear_pointer (&audit, g_ptr_array_unref);
  open_report (f, "r-urgent");

  g_assert_true (gtk_widget_get_visible (get_widget (f, "urgent_banner")));
  g_assert_cmpstr (subtitle_of (f, "category_row"), ==, "Someone I don't know talked to me");
  g_assert_nonnull (strstr (subtitle_of (f, "risk_row"), "Contact"));
  g_assert_cmpstr (subtitle_of (f, "where_row"), ==, "Chat or messages");
  g_assert_cmpstr (subtitle_of (f, "feeling_row"), !=, "Not given");
  g_assert_nonnull (strstr (subtitle_of (f, "when_row"), "afternoon"));
  g_assert_nonnull (strstr (subtitle_of (f, "age_row"), "7-9"));
  g_assert_cmpstr (label_of (f, "text_label"), ==, urgent_report.text);
  g_assert_true (gtk_widget_get_visible (get_widget (f, "drawing_group")));
  g_assert_nonnull (strstr (subtitle_of (f, "talk_row"), "Yes"));
  g_assert_cmpstr (subtitle_of (f, "who_row"), ==, "Sam Example");

  /* Reading it is in the audit log, by who unlocked, and made it open. */
  audit = audit_of (f, "r-urgent");
  g_assert_cmpuint (audit->len, ==, 2);
  entry = g_ptr_array_index (audit, 1);
  g_assert_cmpstr (entry->action, ==, "view");
  g_assert_null (entry->detail);
  g_assert_cmpstr (entry->actor, ==, DSL_NAME);
  item = case_of (f, "r-urgent");
  g_assert_cmpint (item->status, ==, SOK_CASE_STATUS_OPEN);

  /* A report without drawing or text says so. */
  open_report (f, "r-newer");
  g_assert_false (gtk_widget_get_visible (get_widget (f, "drawing_group")));
  g_assert_false (gtk_widget_get_visible (get_widget (f, "urgent_banner")));
  g_assert_cmpstr (label_of (f, "text_label"), ==, "The child did not write anything.");
  g_assert_cmpstr (subtitle_of (f, "who_row"), ==, "Anonymous");
}

static gboolean
n_actions_is (Fixture *f,
              guint    n)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) actions = sok_queue_list_actions (f->dsl, "r-urgent", &error);

  g_assert_no_error (error);
  return actions->len == n;
}

static gboolean
one_action (gpointer data)
{
  return n_actions_is (data, 1);
}

static gboolean
case_closed (gpointer data)
{
  g_autoptr (SokQueueCase) item = case_of (data, "r-urgent");

  return item->status == SOK_CASE_STATUS_CLOSED;
}

static gboolean
label_not_empty (gpointer data)
{
  return gtk_label_get_text (GTK_LABEL (data))[0] != '\0';
}

static void
wait_until_label (Fixture    *f,
                  const char *id)
{
  sok_test_wait_until (label_not_empty, get_widget (f, id), 5000);
}

static gboolean
case_open_again (gpointer data)
{
  g_autoptr (SokQueueCase) item = case_of (data, "r-urgent");

  return item->status == SOK_CASE_STATUS_OPEN;
}

static void
test_action_recorded_and_close_needs_outcome (Fixture       *f,
                                              gconstpointer  user_data)
{
  g_autoptr (GPtrArray) actions = NULL;
  g_autoptr (GPtrArray) audit = NULL;
  g_autoptr (GError) error = NULL;
  SokQueueAction *action;
  GtkWidget *record_message, *close_message;
  guint n_entries = 0;

  unlock (f);
  open_report (f, "r-urgent");
  record_message = get_widget (f, "record_message");
  close_message = get_widget (f, "close_message");

  /* Spoke with the child: who (filled in with the DSL's name), when, a note. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_widget (f, "by_row"))), ==, DSL_NAME);
  adw_combo_row_set_selected (ADW_COMBO_ROW (get_widget (f, "kind_row")),
                              kind_index ("spoke-with-child"));
  type_into (f, "note_row", "Talked with them at break; they are safe");
  press (f, "record_button");
  sok_test_wait_until (one_action, f, 5000);
  actions = sok_queue_list_actions (f->dsl, "r-urgent", &error);
  g_assert_no_error (error);
  action = g_ptr_array_index (actions, 0);
  g_assert_cmpstr (action->kind, ==, "spoke-with-child");
  g_assert_cmpstr (action->by, ==, DSL_NAME);
  g_assert_cmpstr (action->note, ==, "Talked with them at break; they are safe");
  g_assert_cmpint (action->at, >, 0);
  /* The form is ready for the next one, and the list shows what was done. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_widget (f, "note_row"))), ==, "");
  wait_for_list (f);
  g_assert_nonnull (strstr (row_text (row_for (f, "r-urgent")),
                            "Spoke with the child"));

  /* No further action without a reason is refused, and nothing is recorded. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (get_widget (f, "kind_row")),
                              kind_index ("no-further-action"));
  press (f, "record_button");
  sok_test_wait_until (label_not_empty, record_message, 5000);
  sok_test_spin (100);
  g_assert_true (n_actions_is (f, 1));

  /* Closing without an outcome is refused. */
  press (f, "close_button");
  sok_test_wait_until (label_not_empty, close_message, 5000);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (close_message)), "outcome"));
  sok_test_spin (100);
  g_assert_false (case_closed (f));

  /* With one it closes, and the form to record actions goes. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (get_widget (f, "outcome_row")), 1);
  type_into (f, "close_note_row", "Parents informed; the game's chat is off");
  press (f, "close_button");
  sok_test_wait_until (case_closed, f, 5000);
  {
    g_autoptr (SokQueueCase) item = case_of (f, "r-urgent");
    guint n_outcomes = 0;

    g_assert_cmpstr (item->outcome, ==, sok_case_list_outcomes (&n_outcomes)[0].id);
  }
  g_assert_false (gtk_widget_get_visible (get_widget (f, "record_group")));
  g_assert_true (gtk_widget_get_visible (get_widget (f, "reopen_group")));
  /* It leaves the list of new and open reports, and is among the closed ones. */
  wait_for_list (f);
  g_assert_cmpuint (n_rows (f), ==, 2);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (get_widget (f, "filter_new")), FALSE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (get_widget (f, "filter_open")), FALSE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (get_widget (f, "filter_closed")), TRUE);
  g_assert_cmpuint (n_rows (f), ==, 1);
  g_assert_cmpstr (sok_dsl_window_get_row_report_id (row_at (f, 0)), ==, "r-urgent");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (close_message)), ==, "");

  /* Reopening needs a reason. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (get_widget (f, "filter_new")), TRUE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (get_widget (f, "filter_open")), TRUE);
  press (f, "reopen_button");
  wait_until_label (f, "reopen_message");
  g_assert_true (case_closed (f));

  /* The audit log has the signature check, the view, the action and the closing, by
   * the DSL, and its chain holds (with the other two reports' checks). */
  audit = audit_of (f, "r-urgent");
  g_assert_cmpuint (audit->len, ==, 4);
  assert_signature_check (audit->pdata[0]);
  g_assert_cmpstr (((SokAuditEntry *)audit->pdata[1])->action, ==, "view");
  g_assert_cmpstr (((SokAuditEntry *)audit->pdata[2])->action, ==, "action");
  g_assert_cmpstr (((SokAuditEntry *)audit->pdata[2])->detail, ==, "spoke-with-child");
  g_assert_cmpstr (((SokAuditEntry *)audit->pdata[3])->action, ==, "close");
  for (guint i = 0; i < audit->len; i++)
    g_assert_cmpstr (((SokAuditEntry *)audit->pdata[i])->actor, ==, DSL_NAME);
  g_assert_true (sok_queue_verify_audit (f->dsl, &n_entries, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_entries, ==, 6);

  /* With a reason it is open again, and actions can be recorded. */
  type_into (f, "reopen_reason_row", "The child told their teacher it has started again");
  press (f, "reopen_button");
  sok_test_wait_until (case_open_again, f, 5000);
  g_assert_true (gtk_widget_get_visible (get_widget (f, "record_group")));
  g_clear_pointer (&audit, g_ptr_array_unref);
  audit = audit_of (f, "r-urgent");
  g_assert_cmpstr (((SokAuditEntry *)audit->pdata[audit->len - 1])->action, ==, "reopen");
}

static void
test_queue_that_cannot_open_says_why (Fixture       *f,
                                      gconstpointer  user_data)
{
  SokDslWindow *window = sok_dsl_window_new (NULL, f->dir, "sqlite:relative/queue.db",
                                             f->key_path, 0);
  GtkWidget *message;

  g_object_ref_sink (window);
  sok_test_wait_until (window_settled, window, 10000);
  message = dsl_fixture_find_widget (GTK_WIDGET (window), "unreachable_label");
  g_assert_true (gtk_revealer_get_reveal_child (
    GTK_REVEALER (dsl_fixture_find_widget (GTK_WIDGET (window), "queue_status_revealer"))));
  g_assert_true (gtk_widget_get_visible (dsl_fixture_find_widget (GTK_WIDGET (window),
                                                                  "unreachable_box")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)), "cannot be opened"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)), "absolute path"));
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* A heartbeat on the main loop while the console reaches a queue: it counts its
 * beats and notes whether the "Connecting" spinner was on screen at a beat. */
typedef struct
{
  SokDslWindow *window;
  guint         beats;
  gboolean      saw_spinner;
} Heartbeat;

static gboolean
heartbeat_cb (gpointer data)
{
  Heartbeat *heart = data;
  GtkWidget *spinner;

  heart->beats++;
  if (heart->window != NULL &&
      (spinner = dsl_fixture_find_widget (GTK_WIDGET (heart->window), "connecting_spinner")) &&
      gtk_widget_is_drawable (spinner) && gtk_spinner_get_spinning (GTK_SPINNER (spinner)))
    heart->saw_spinner = TRUE;
  return G_SOURCE_CONTINUE;
}

static void
assert_says_unreachable (SokDslWindow *window,
                         const char   *timeout)
{
  GtkWidget *label = dsl_fixture_find_widget (GTK_WIDGET (window), "unreachable_label");
  GtkWidget *button = dsl_fixture_find_widget (GTK_WIDGET (window), "try_again_button");
  const char *text = gtk_label_get_text (GTK_LABEL (label));
  g_autofree char *within = g_strdup_printf ("within %s seconds", timeout);

  g_test_message ("%s", text);
  g_assert_true (gtk_widget_is_drawable (label));
  g_assert_true (g_str_has_prefix (text, "The DSL queue cannot be reached"));
  g_assert_nonnull (strstr (text, "Check that this computer is on the school network"));
  g_assert_nonnull (strstr (text, within));
  g_assert_null (strstr (text, "never-Sent-pw"));
  g_assert_null (strstr (text, "kiosk"));
  g_assert_true (gtk_widget_is_drawable (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, "Try again");
}

/* A PostgreSQL queue whose server takes the connection and never answers: the
 * window is up and its main loop turns (a heartbeat keeps beating, the spinner
 * shows) while it waits; once the attempt gives up it says so in plain words with
 * Try again, which tries again the same way. */
static void
test_silent_queue_keeps_the_window_alive (Fixture       *f,
                                          gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokSilentEndpoint) endpoint = sok_silent_endpoint_new (&error);
  g_autofree char *uri = NULL;
  Heartbeat heart = { 0 };
  SokDslWindow *window;
  guint heartbeat;

  g_assert_no_error (error);
  uri = sok_silent_endpoint_dup_uri (endpoint, "dsl1", "connect_timeout=2");
  heartbeat = g_timeout_add (20, heartbeat_cb, &heart);

  window = sok_dsl_window_new (NULL, f->dir, uri, f->key_path, 0);
  g_object_ref_sink (window);
  heart.window = window;
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (sok_dsl_window_get_busy (window));
  sok_test_wait_until (window_settled, window, 30000);

  /* Two seconds at 20 ms a beat: a handful at the very least, unless the loop stood. */
  g_test_message ("%u heartbeats while connecting", heart.beats);
  g_assert_cmpuint (heart.beats, >=, 10);
  g_assert_true (heart.saw_spinner);
  assert_says_unreachable (window, "2");
  g_assert_true (sok_dsl_window_get_locked (window));

  /* Try again: connecting again, the loop still turning, the same words at the end. */
  heart.beats = 0;
  heart.saw_spinner = FALSE;
  gtk_widget_activate (dsl_fixture_find_widget (GTK_WIDGET (window), "try_again_button"));
  /* A button's activation is a short press: the click comes on a timeout. */
  sok_test_wait_until (window_busy, window, 5000);
  sok_test_wait_until (window_settled, window, 30000);
  g_assert_cmpuint (heart.beats, >=, 10);
  g_assert_true (heart.saw_spinner);
  assert_says_unreachable (window, "2");

  g_source_remove (heartbeat);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static gboolean
alerted (gpointer data)
{
  Fixture *f = data;

  return sok_dsl_window_get_n_alerts (f->window) > 0;
}

static void
test_new_urgent_report_arrives_and_alerts (Fixture       *f,
                                           gconstpointer  user_data)
{
  DslFixtureReport late = urgent_report;
  DslFixtureReport quiet = older_report;

  unlock (f);
  g_assert_cmpuint (sok_dsl_window_get_n_alerts (f->window), ==, 0);

  /* A report that is not urgent arrives without a notification ... */
  quiet.report_id = "r-quiet";
  deliver (f, &quiet);
  sok_test_spin (2500);
  g_assert_cmpuint (n_rows (f), ==, 4);
  g_assert_cmpuint (sok_dsl_window_get_n_alerts (f->window), ==, 0);

  /* ... an urgent one raises one, and goes to the top of the list, standing out. */
  late.report_id = "r-late";
  deliver (f, &late);
  sok_test_wait_until (alerted, f, 10000);
  g_assert_cmpuint (sok_dsl_window_get_n_alerts (f->window), ==, 1);
  g_assert_cmpuint (n_rows (f), ==, 5);
  g_assert_cmpstr (sok_dsl_window_get_row_report_id (row_at (f, 0)), ==, "r-late");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row_at (f, 0)), "sok-urgent"));
}

static gboolean
is_locked (gpointer data)
{
  Fixture *f = data;

  return sok_dsl_window_get_locked (f->window);
}

static void
test_idle_locks_and_forgets (Fixture       *f,
                             gconstpointer  user_data)
{
  unlock (f);
  open_report (f, "r-urgent");

  sok_test_wait_until (is_locked, f, 10000);
  g_assert_null (sok_case_view_get_report_id (sok_dsl_window_get_case_view (f->window)));
  g_assert_cmpstr (label_of (f, "text_label"), ==, "");
  g_assert_cmpuint (n_rows (f), ==, 0);
  g_assert_null (sok_dsl_window_get_actor (f->window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (get_widget (f, "stack"))), ==,
                   "unlock");
  /* The urgent report not yet read ... was read before the lock; none wait now. */
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (get_widget (f, "locked_alert_revealer"))));
}

static void
test_locked_screen_counts_unread_urgent (Fixture       *f,
                                         gconstpointer  user_data)
{
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (get_widget (f, "locked_alert_revealer"))));
  g_assert_nonnull (strstr (label_of (f, "locked_alert_label"), "1 urgent report"));
  /* Nothing from inside the seal is on the locked screen. */
  g_assert_null (strstr (label_of (f, "locked_alert_label"), "chat"));
}

static gboolean
governors_shown (gpointer data)
{
  Fixture *f = data;

  return sok_governors_page_get_stats (sok_dsl_window_get_governors_page (f->window)) != NULL;
}

static void
test_governors_figures_hide_small_numbers (Fixture       *f,
                                           gconstpointer  user_data)
{
  SokStats *stats;
  GPtrArray *rows;

  unlock (f);
  press (f, "governors_button");
  sok_test_wait_until (governors_shown, f, 5000);

  stats = sok_governors_page_get_stats (sok_dsl_window_get_governors_page (f->window));
  g_assert_cmpuint (sok_stats_get_total (stats, FALSE), ==, 3);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (get_widget (f, "content_stack"))),
                   ==, "governors");
  /* Three reports: the page says "hidden", never 3. */
  g_assert_nonnull (strstr (label_of (f, "summary_label"), "hidden"));
  g_assert_null (strstr (label_of (f, "summary_label"), "3"));
  rows = sok_stats_get_rows (stats);
  g_assert_cmpuint (rows->len, >, 0);
}

static void
test_case_exports_pdf_and_csv (Fixture       *f,
                               gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "case.pdf", NULL);
  g_autofree char *csv = g_build_filename (f->dir, "case.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GPtrArray) audit = NULL;
  SokCaseView *view = sok_dsl_window_get_case_view (f->window);
  gsize len = 0;

  unlock (f);
  open_report (f, "r-urgent");

  g_assert_true (sok_case_view_export_to (view, SOK_CASE_EXPORT_PDF, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &len, &error));
  g_assert_cmpuint (len, >, 4);
  g_assert_true (memcmp (contents, "%PDF", 4) == 0);
  g_clear_pointer (&contents, g_free);

  g_assert_true (sok_case_view_export_to (view, SOK_CASE_EXPORT_CSV, csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, "r-urgent"));
  g_assert_nonnull (strstr (contents, "A man in the game chat asked where I live"));

  /* Both exports are in the audit log, by the DSL, after the signature check and the
   * view. */
  audit = audit_of (f, "r-urgent");
  g_assert_cmpuint (audit->len, ==, 4);
  assert_signature_check (audit->pdata[0]);
  g_assert_cmpstr (((SokAuditEntry *)audit->pdata[1])->action, ==, "view");
  g_assert_cmpstr (((SokAuditEntry *)audit->pdata[2])->action, ==, "export");
  g_assert_cmpstr (((SokAuditEntry *)audit->pdata[3])->action, ==, "export");
  g_assert_cmpstr (((SokAuditEntry *)audit->pdata[3])->actor, ==, DSL_NAME);
}

static void
test_governors_export_pdf (Fixture       *f,
                           gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "governors.pdf", NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;

  unlock (f);
  press (f, "governors_button");
  sok_test_wait_until (governors_shown, f, 5000);

  g_assert_true (sok_governors_page_export_to (sok_dsl_window_get_governors_page (f->window),
                                               pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &len, &error));
  g_assert_cmpuint (len, >, 4);
  g_assert_true (memcmp (contents, "%PDF", 4) == 0);
}

static gboolean
notice_shown (Fixture *f)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (get_widget (f, "notice_revealer")));
}

static void
test_lock_takes_notices_down (Fixture       *f,
                             gconstpointer  user_data)
{
  unlock (f);
  open_report (f, "r-urgent");
  adw_combo_row_set_selected (ADW_COMBO_ROW (get_widget (f, "kind_row")),
                              kind_index ("informed-parents"));
  press (f, "record_button");
  sok_test_wait_until (one_action, f, 5000);
  sok_test_spin (200);
  g_assert_true (notice_shown (f));
  g_assert_cmpstr (label_of (f, "notice_label"), ==, "Recorded: Informed parents/carers");

  g_assert_true (notice_shown (f));

  /* Locking takes the notice down at once: it may name an action. */
  press (f, "lock_button");
  sok_test_wait_until (is_locked, f, 5000);
  g_assert_false (notice_shown (f));
}

static GtkWidget *
focus_of (Fixture *f)
{
  return gtk_root_get_focus (GTK_ROOT (f->window));
}

static gboolean
focus_within (Fixture    *f,
              const char *id)
{
  GtkWidget *focus = focus_of (f);
  GtkWidget *widget = get_widget (f, id);

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* The keyboard is always where the DSL types next: a DSL who locked the console
 * with Ctrl+L and came back typed the passphrase into nothing. */
static void
test_keyboard_focus_follows_the_dsl (Fixture       *f,
                                     gconstpointer  user_data)
{
  type_into (f, "name_row", DSL_NAME);
  gtk_widget_grab_focus (GTK_WIDGET (sok_dsl_window_get_unlock_page (f->window)));
  g_assert_true (focus_within (f, "passphrase_row"));
  type_into (f, "name_row", "");
  gtk_widget_grab_focus (GTK_WIDGET (sok_dsl_window_get_unlock_page (f->window)));
  g_assert_true (focus_within (f, "name_row"));

  unlock (f);
  /* The list, on its first report: the urgent one. */
  g_assert_true (focus_of (f) == GTK_WIDGET (row_at (f, 0)));
  g_assert_cmpstr (sok_dsl_window_get_row_report_id (row_at (f, 0)), ==, "r-urgent");

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL);
  g_assert_true (sok_dsl_window_get_locked (f->window));
  g_assert_true (focus_within (f, "passphrase_row"));
}

/* A window made with the console's application starts on the passphrase. */
static void
test_keyboard_starts_on_the_passphrase (Fixture       *f,
                                        gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (f->window);

  /* The name is remembered from the first window's unlocking, or the user's. */
  open_window (f, 0);
  if (*gtk_editable_get_text (GTK_EDITABLE (get_widget (f, "name_row"))) != '\0')
    g_assert_true (focus_within (f, "passphrase_row"));
  else
    g_assert_true (focus_within (f, "name_row"));
}

/* Enter on a row (GtkListBoxRow::activate is what Enter and Space do there) opens
 * its report and takes the keyboard into it; Escape comes back to the same row. */
static void
test_keyboard_enter_opens_escape_returns (Fixture       *f,
                                          gconstpointer  user_data)
{
  GtkListBoxRow *row;
  SokCaseView *view = sok_dsl_window_get_case_view (f->window);

  unlock (f);
  row = row_for (f, "r-newer");
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (row)));
  g_assert_true (gtk_list_box_row_get_activatable (row));
  /* The row's button is for the pointer and assistive technology: the keyboard
   * moves from row to row, not from row to button. */
  g_assert_false (gtk_widget_get_focusable (gtk_list_box_row_get_child (row)));

  gtk_widget_grab_focus (GTK_WIDGET (row));
  g_signal_emit_by_name (row, "activate");
  sok_test_wait_until (case_shown, f, 5000);
  g_assert_cmpstr (sok_case_view_get_report_id (view), ==, "r-newer");
  g_assert_true (focus_within (f, "category_row"));
  g_assert_true (gtk_list_box_get_selected_row (sok_dsl_window_get_case_list (f->window)) ==
                 row_for (f, "r-newer"));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.back", NULL);
  g_assert_true (focus_of (f) == GTK_WIDGET (row_for (f, "r-newer")));
  /* The report stays on screen beside the list. */
  g_assert_true (case_shown (f));
}

/* The fixture's reports are sealed to the DSL key, as anyone can seal them, but carry
 * no kiosk signature: the report view says so at the top, in words, as an alert. */
static void
test_report_without_signature_is_marked (Fixture       *f,
                                         gconstpointer  user_data)
{
  GtkWidget *banner;

  unlock (f);
  open_report (f, older_report.report_id);
  banner = get_widget (f, "signature_banner");
  g_assert_true (gtk_widget_get_visible (banner));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (banner)), ==,
                   "This report is not signed by a kiosk. It may not have come from one of "
                   "the school's kiosks.");
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (banner)), ==,
                   GTK_ACCESSIBLE_ROLE_ALERT);
}

/* A kiosk enrolled in @f's queue (its key in a data directory of its own), approved
 * by the DSL when @approve. */
static SokKioskKey *
enrol_kiosk (Fixture    *f,
             const char *name,
             gboolean    approve)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data_dir = g_build_filename (f->dir, name, NULL);
  SokKioskKey *kiosk = dsl_fixture_enrol_kiosk (f->queue_uri, data_dir, "kiosk-hall", &error);

  g_assert_no_error (error);
  if (approve)
    {
      g_assert_true (dsl_fixture_decide_kiosk (f->queue_uri, f->key_path, PASSPHRASE, kiosk,
                                               SOK_KIOSK_APPROVED, &error));
      g_assert_no_error (error);
    }
  return kiosk;
}

static void
deliver_signed (Fixture                *f,
                const DslFixtureReport *report,
                SokKioskKey            *kiosk,
                const char             *claimed_key)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (dsl_fixture_deliver_signed (f->queue_uri, f->public_key, report, kiosk,
                                             claimed_key, &error));
  g_assert_no_error (error);
}

/* The red tag a row shows, or NULL when it shows none; fails when the row's
 * signature has not been checked. */
static const char *
row_tag (Fixture    *f,
         const char *report_id,
         SokSignatureState *state)
{
  GtkListBoxRow *row = row_for (f, report_id);
  GtkWidget *tag = dsl_fixture_find_widget (GTK_WIDGET (row), "signature_label");

  g_assert_nonnull (tag);
  g_assert_true (sok_case_row_get_signature (SOK_CASE_ROW (row), state));
  if (!gtk_widget_get_visible (tag))
    return NULL;
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "sok-unsigned"));
  return gtk_label_get_text (GTK_LABEL (tag));
}

static const char *
banner_text (Fixture *f)
{
  GtkWidget *banner = get_widget (f, "signature_banner");

  return gtk_widget_get_visible (banner) ? gtk_label_get_text (GTK_LABEL (banner)) : NULL;
}

/* A forger who can seal to the DSL key (it is public) and write to the queue puts a
 * report there in an approved kiosk's name, signed with a key of their own: the seal
 * opens, the signature does not match. The list marks it, and it alone; the report
 * says so at the top. A report the approved kiosk really signed is not marked. */
static void
test_forged_signature_is_marked_in_the_list (Fixture       *f,
                                             gconstpointer  user_data)
{
  static const DslFixtureReport genuine = {
    .report_id = "r-genuine", .category = "unkind-to-me", .risk_area = "conduct",
    .where = "game", .feeling = "sad", .age_band = "7-9",
  };
  static const DslFixtureReport forged = {
    .report_id = "r-forged", .category = "unkind-to-me", .risk_area = "conduct",
    .where = "chat", .feeling = "sad", .text = "made up", .age_band = "9-11",
    .name = "Sam Example",
  };
  g_autoptr (SokKioskKey) kiosk = enrol_kiosk (f, "kiosk-hall", TRUE);
  g_autoptr (SokKioskKey) forger = NULL;
  g_autofree char *kiosk_key = sok_kiosk_key_dup_public_key_base64 (kiosk);
  g_autofree char *forger_dir = g_build_filename (f->dir, "forger", NULL);
  g_autoptr (GError) error = NULL;
  SokSignatureState state;

  g_assert_cmpint (g_mkdir_with_parents (forger_dir, 0700), ==, 0);
  forger = sok_kiosk_key_enrol (forger_dir, FALSE, NULL, &error);
  g_assert_no_error (error);

  deliver_signed (f, &genuine, kiosk, NULL);
  deliver_signed (f, &forged, forger, kiosk_key);

  unlock (f);
  g_assert_cmpstr (row_tag (f, "r-forged", &state), ==, "Kiosk signature does not match");
  g_assert_cmpint (state, ==, SOK_SIGNATURE_INVALID);
  g_assert_null (row_tag (f, "r-genuine", &state));
  g_assert_cmpint (state, ==, SOK_SIGNATURE_VALID);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row_for (f, "r-genuine")),
                                            "sok-unsigned"));
  /* The fixture's unsigned reports are marked too, each for its own reason. */
  g_assert_cmpstr (row_tag (f, "r-urgent", &state), ==, "Not signed by a kiosk");
  g_assert_cmpint (state, ==, SOK_SIGNATURE_MISSING);

  open_report (f, "r-forged");
  g_assert_cmpstr (banner_text (f), ==,
                   "This report's signature does not match. It may have been forged or "
                   "changed.");
  open_report (f, "r-genuine");
  g_assert_null (banner_text (f));

  /* What was found is kept in the queue: listing again opens nothing. */
  {
    g_autoptr (GPtrArray) before = audit_of (f, "r-forged");
    g_autoptr (GPtrArray) after = NULL;

    sok_dsl_window_refresh (f->window);
    wait_for_list (f);
    after = audit_of (f, "r-forged");
    g_assert_cmpuint (after->len, ==, before->len);
    g_assert_cmpstr (row_tag (f, "r-forged", &state), ==, "Kiosk signature does not match");
  }
}

/* Once the DSL revokes a kiosk (its key lost, the kiosk stolen), what arrives signed
 * by it is marked, in the list and on the report. */
static void
test_revoked_kiosks_new_report_is_marked (Fixture       *f,
                                          gconstpointer  user_data)
{
  static const DslFixtureReport after_revoking = {
    .report_id = "r-after-revoking", .category = "unkind-to-me", .risk_area = "conduct",
    .where = "game", .feeling = "sad", .age_band = "7-9",
  };
  g_autoptr (SokKioskKey) kiosk = enrol_kiosk (f, "kiosk-hall", TRUE);
  g_autoptr (GError) error = NULL;
  SokSignatureState state;

  g_assert_true (dsl_fixture_decide_kiosk (f->queue_uri, f->key_path, PASSPHRASE, kiosk,
                                           SOK_KIOSK_REVOKED, &error));
  g_assert_no_error (error);
  deliver_signed (f, &after_revoking, kiosk, NULL);

  unlock (f);
  g_assert_cmpstr (row_tag (f, "r-after-revoking", &state), ==, "Kiosk revoked");
  g_assert_cmpint (state, ==, SOK_SIGNATURE_REVOKED);
  open_report (f, "r-after-revoking");
  g_assert_cmpstr (banner_text (f), ==, "This report comes from a kiosk you revoked.");
}

/* The first button under @root that shows @label. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button (child, label)) != NULL)
        return found;
    }
  return NULL;
}

/* Clicks @button now (gtk_widget_activate() waits for GTK's press animation), as a
 * DSL's pointer would: it must be on screen and sensitive. */
static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_is_drawable (button));
  g_signal_emit_by_name (button, "clicked");
}

/* The Kiosks page's row for @kiosk (rows are named by the kiosk's public key). */
static GtkWidget *
kiosk_row_of (Fixture     *f,
              SokKioskKey *kiosk)
{
  g_autofree char *public_key = sok_kiosk_key_dup_public_key_base64 (kiosk);
  GtkWidget *list = get_widget (f, "kiosk_list");

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), public_key) == 0)
      return row;
  g_error ("the Kiosks page has no row for the kiosk");
}

static SokKioskStatus
kiosk_status (Fixture     *f,
              SokKioskKey *kiosk)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokDslKey) key = sok_dsl_key_load (f->key_path, PASSPHRASE, strlen (PASSPHRASE),
                                                &error);
  g_autoptr (SokKioskRegistry) registry = NULL;
  g_autofree char *public_key = sok_kiosk_key_dup_public_key_base64 (kiosk);

  g_assert_no_error (error);
  registry = sok_kiosk_registry_load (f->dsl, key, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < sok_kiosk_registry_get_n_kiosks (registry); i++)
    {
      SokKioskStatus status;
      const SokQueueKiosk *k = sok_kiosk_registry_get_kiosk (registry, i, &status);

      if (g_str_equal (k->public_key, public_key))
        return status;
    }
  g_error ("the queue has no such kiosk");
}

static SokAuditEntry *
last_audit_entry (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) audit = sok_queue_list_audit (f->dsl, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, >, 0);
  return g_steal_pointer (&audit->pdata[audit->len - 1]);
}

/* The Kiosks page: a kiosk waiting for approval, with its words; Approve, as sokctl
 * does (with the DSL key's MAC, in the audit log by the DSL who unlocked), and its
 * report is no longer marked; Revoke asks once more, then revokes for good. */
static void
test_kiosks_page_approves_and_revokes (Fixture       *f,
                                       gconstpointer  user_data)
{
  static const DslFixtureReport from_new_kiosk = {
    .report_id = "r-new-kiosk", .category = "unkind-to-me", .risk_area = "conduct",
    .where = "game", .feeling = "sad", .age_band = "7-9",
  };
  g_autoptr (SokKioskKey) kiosk = enrol_kiosk (f, "kiosk-hall", FALSE);
  g_autofree char *public_key = sok_kiosk_key_dup_public_key_base64 (kiosk);
  g_autofree char *words = sok_kiosk_dup_fingerprint_words (public_key);
  g_autoptr (SokAuditEntry) entry = NULL;
  SokSignatureState state;
  GtkWidget *row;

  deliver_signed (f, &from_new_kiosk, kiosk, NULL);
  unlock (f);
  g_assert_cmpstr (row_tag (f, "r-new-kiosk", &state), ==, "Kiosk not approved");

  click (get_widget (f, "kiosks_button"));
  dsl_fixture_spin (100);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (get_widget (f, "content_stack"))),
                   ==, "kiosks");
  row = kiosk_row_of (f, kiosk);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "kiosk-hall");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), words));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            "Waiting for your approval"));

  click (find_button (row, "Approve"));
  g_assert_cmpint (kiosk_status (f, kiosk), ==, SOK_KIOSK_APPROVED);
  entry = last_audit_entry (f);
  g_assert_cmpstr (entry->action, ==, "kiosk-approve");
  g_assert_cmpstr (entry->actor, ==, DSL_NAME);
  g_assert_nonnull (strstr (entry->detail, words));
  g_clear_pointer (&entry, sok_audit_entry_free);
  row = kiosk_row_of (f, kiosk);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            "Approved by " DSL_NAME));
  g_assert_null (find_button (row, "Approve"));
  /* The list follows: its report is no longer marked. */
  wait_for_list (f);
  g_assert_null (row_tag (f, "r-new-kiosk", &state));
  g_assert_cmpint (state, ==, SOK_SIGNATURE_VALID);

  /* Revoking asks first; Cancel leaves it approved. */
  click (find_button (row, "Revoke…"));
  row = kiosk_row_of (f, kiosk);
  click (find_button (row, "Cancel"));
  g_assert_cmpint (kiosk_status (f, kiosk), ==, SOK_KIOSK_APPROVED);
  row = kiosk_row_of (f, kiosk);
  click (find_button (row, "Revoke…"));
  row = kiosk_row_of (f, kiosk);
  click (find_button (row, "Revoke for Good"));
  g_assert_cmpint (kiosk_status (f, kiosk), ==, SOK_KIOSK_REVOKED);
  entry = last_audit_entry (f);
  g_assert_cmpstr (entry->action, ==, "kiosk-revoke");
  g_assert_cmpstr (entry->actor, ==, DSL_NAME);
  row = kiosk_row_of (f, kiosk);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            "Revoked by " DSL_NAME));
  g_assert_null (find_button (row, "Approve"));
  g_assert_null (find_button (row, "Revoke…"));

  /* Locking forgets the page. */
  sok_dsl_window_lock (f->window);
  g_assert_null (gtk_widget_get_first_child (get_widget (f, "kiosk_list")));
}

int
main (int   argc,
      char *argv[])
{
  dsl_fixture_prepare_for_isolated_dirs ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_setenv ("SOK_SHIPPED_DIR", SOK_SOURCE_DATADIR, TRUE);
  dsl_fixture_init_style ();

#define ADD(path, func, idle) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (idle), fixture_setup, func, fixture_teardown)

  ADD ("/dsl/unlock/wrong-passphrase-is-refused-with-a-growing-delay",
       test_unlock_wrong_passphrase_refused, 0);
  ADD ("/dsl/unlock/locked-screen-counts-unread-urgent-reports",
       test_locked_screen_counts_unread_urgent, 0);
  ADD ("/dsl/unlock/remembers-the-key-and-name", test_unlock_remembers_key_and_name, 0);
  ADD ("/dsl/unlock/a-queue-that-cannot-open-says-why", test_queue_that_cannot_open_says_why, 0);
  ADD ("/dsl/queue/silent-server-window-stays-alive-then-says-unreachable",
       test_silent_queue_keeps_the_window_alive, 0);
  ADD ("/dsl/queue/urgent-first-then-newest", test_queue_urgent_first_then_newest, 0);
  ADD ("/dsl/queue/new-urgent-report-arrives-and-alerts",
       test_new_urgent_report_arrives_and_alerts, 0);
  ADD ("/dsl/case/shows-what-the-child-gave", test_report_shows_what_the_child_gave, 0);
  ADD ("/dsl/case/action-recorded-and-closing-needs-an-outcome",
       test_action_recorded_and_close_needs_outcome, 0);
  ADD ("/dsl/lock/idle-locks-and-forgets-the-report", test_idle_locks_and_forgets, 2);
  ADD ("/dsl/case/exports-pdf-and-csv", test_case_exports_pdf_and_csv, 0);
  ADD ("/dsl/lock/takes-notices-down", test_lock_takes_notices_down, 0);
  ADD ("/dsl/governors/figures-hide-small-numbers", test_governors_figures_hide_small_numbers, 0);
  ADD ("/dsl/governors/export-pdf", test_governors_export_pdf, 0);
  ADD ("/dsl/keyboard/focus-follows-the-dsl", test_keyboard_focus_follows_the_dsl, 0);
  ADD ("/dsl/keyboard/starts-on-the-passphrase", test_keyboard_starts_on_the_passphrase, 0);
  ADD ("/dsl/keyboard/enter-opens-a-report-escape-returns",
       test_keyboard_enter_opens_escape_returns, 0);
  ADD ("/dsl/signature/report-without-signature-is-marked",
       test_report_without_signature_is_marked, 0);
  ADD ("/dsl/signature/forged-signature-is-marked-in-the-list",
       test_forged_signature_is_marked_in_the_list, 0);
  ADD ("/dsl/signature/revoked-kiosks-new-report-is-marked",
       test_revoked_kiosks_new_report_is_marked, 0);
  ADD ("/dsl/kiosks/page-approves-and-revokes", test_kiosks_page_approves_and_revokes, 0);

  return g_test_run ();
}
