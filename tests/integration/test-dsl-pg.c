/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-dsl-pg"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "dsl-fixture.h"
#include "pg-harness.h"
#include "silent-endpoint.h"
#include "sok-case-row.h"
#include "sok-dsl-window.h"
#include "sok-queue.h"
#include "test-util.h"

/* The DSL console on a PostgreSQL queue, as a school or trust with several kiosks
 * runs it: the kiosk role delivers, the console (DSL role) sees it by asking the
 * queue (there is no NOTIFY a kiosk login could hear), the DSL opens the report and
 * records an action. */

#define PASSPHRASE "correct horse battery staple"
#define DSL_NAME "A. Lead"

static SokPgHarness *harness;

typedef struct
{
  SokDslWindow *window;
  SokQueue     *dsl;
} Console;

static gboolean
is_unlocked (gpointer data)
{
  Console *c = data;

  /* The key opens in one thread and the list is read in another. */
  return !sok_dsl_window_get_locked (c->window) && !sok_dsl_window_get_busy (c->window);
}

static gboolean
is_busy (gpointer data)
{
  Console *c = data;

  return sok_dsl_window_get_busy (c->window);
}

static gboolean
is_settled (gpointer data)
{
  return !is_busy (data);
}

static gboolean
has_alerted (gpointer data)
{
  Console *c = data;

  return sok_dsl_window_get_n_alerts (c->window) > 0;
}

static gboolean
case_is_shown (gpointer data)
{
  Console *c = data;

  return sok_case_view_get_report_id (sok_dsl_window_get_case_view (c->window)) != NULL;
}

static gboolean
action_recorded (gpointer data)
{
  Console *c = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) actions = sok_queue_list_actions (c->dsl, "pg-late", &error);

  g_assert_no_error (error);
  return actions->len == 1;
}

static GtkWidget *
widget (Console    *c,
        const char *id)
{
  GtkWidget *found = dsl_fixture_find_widget (GTK_WIDGET (c->window), id);

  g_assert_nonnull (found);
  return found;
}

static gboolean
window_settled (gpointer window)
{
  return !sok_dsl_window_get_busy (window);
}

static void
deliver (const char *kiosk_uri,
         const char *public_key,
         const char *report_id,
         gboolean    urgent)
{
  g_autoptr (GError) error = NULL;
  DslFixtureReport report = {
    .report_id = report_id, .category = "stranger-talked", .risk_area = "contact",
    .where = "chat", .feeling = "scared", .text = "someone asked where I live",
    .urgent = urgent, .wants_talk = TRUE, .age_band = "7-9",
  };

  g_assert_true (dsl_fixture_deliver (kiosk_uri, public_key, &report, &error));
  g_assert_no_error (error);
}

static void
test_report_arrives_live_and_is_acted_on (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sok-dsl-pg-XXXXXX", &error);
  g_autofree char *public_key = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *kiosk_uri = sok_pg_harness_uri (harness, "kiosk1", SOK_PG_KIOSK_PASSWORD, 0);
  g_autofree char *dsl_uri = sok_pg_harness_uri (harness, "dsl1", SOK_PG_DSL_PASSWORD, 0);
  g_autoptr (GPtrArray) audit = NULL;
  GtkListBoxRow *top;
  Console c = { 0 };
  gint64 delivered_at;

  g_assert_no_error (error);
  public_key = dsl_fixture_make_keys (dir, PASSPHRASE);
  key_path = g_build_filename (dir, "dsl.key", NULL);
  deliver (kiosk_uri, public_key, "pg-first", FALSE);

  c.dsl = sok_queue_open (dsl_uri, SOK_QUEUE_ROLE_DSL, &error);
  g_assert_no_error (error);
  c.window = sok_dsl_window_new (NULL, dir, dsl_uri, key_path, 0);
  g_object_ref_sink (c.window);
  gtk_window_present (GTK_WINDOW (c.window));

  gtk_editable_set_text (GTK_EDITABLE (widget (&c, "name_row")), DSL_NAME);
  gtk_editable_set_text (GTK_EDITABLE (widget (&c, "passphrase_row")), PASSPHRASE);
  gtk_widget_activate (widget (&c, "unlock_button"));
  sok_test_wait_until (is_unlocked, &c, 20000);
  g_assert_cmpstr (sok_dsl_window_get_row_report_id (
                     gtk_list_box_get_row_at_index (sok_dsl_window_get_case_list (c.window), 0)),
                   ==, "pg-first");

  /* The kiosk role delivers an urgent report; the console hears of it. */
  delivered_at = g_get_monotonic_time ();
  deliver (kiosk_uri, public_key, "pg-late", TRUE);
  sok_test_wait_until (has_alerted, &c, 10000);
  g_test_message ("an urgent report reached the console %.0f ms after it was delivered",
                  (g_get_monotonic_time () - delivered_at) / 1000.0);
  top = gtk_list_box_get_row_at_index (sok_dsl_window_get_case_list (c.window), 0);
  g_assert_cmpstr (sok_dsl_window_get_row_report_id (top), ==, "pg-late");
  /* Sealed with no kiosk signature, as anyone with a kiosk login could: marked. */
  sok_test_wait_until (window_settled, c.window, 10000);
  {
    SokSignatureState state;

    g_assert_true (sok_case_row_get_signature (SOK_CASE_ROW (top), &state));
    g_assert_cmpint (state, ==, SOK_SIGNATURE_MISSING);
  }

  /* Opened and acted on, through the DSL role, with the audit log in the server. */
  gtk_widget_activate (gtk_list_box_row_get_child (top));
  sok_test_wait_until (case_is_shown, &c, 10000);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget (&c, "where_row"))), ==,
                   "Chat or messages");
  adw_combo_row_set_selected (ADW_COMBO_ROW (widget (&c, "kind_row")), 0);
  gtk_editable_set_text (GTK_EDITABLE (widget (&c, "note_row")), "Spoke with them at lunch");
  gtk_widget_activate (widget (&c, "record_button"));
  sok_test_wait_until (action_recorded, &c, 10000);

  audit = sok_queue_list_audit (c.dsl, "pg-late", &error);
  g_assert_no_error (error);
  /* The list opened it once, in the background, to check who signed it; then the
   * DSL read it and acted. */
  g_assert_cmpuint (audit->len, ==, 3);
  g_assert_cmpstr (((SokAuditEntry *)audit->pdata[0])->action, ==, "view");
  g_assert_cmpstr (((SokAuditEntry *)audit->pdata[0])->detail, ==, "signature check");
  g_assert_cmpstr (((SokAuditEntry *)audit->pdata[1])->action, ==, "view");
  g_assert_null (((SokAuditEntry *)audit->pdata[1])->detail);
  g_assert_cmpstr (((SokAuditEntry *)audit->pdata[2])->action, ==, "action");
  g_assert_cmpstr (((SokAuditEntry *)audit->pdata[2])->actor, ==, DSL_NAME);
  /* The server stamped the login; the console shows it beside the name given. */
  g_assert_cmpstr (((SokAuditEntry *)audit->pdata[2])->login, ==, "dsl1");
  g_assert_nonnull (((SokAuditEntry *)audit->pdata[2])->mac);
  {
    GtkWidget *list = widget (&c, "audit_list");
    guint stamped = 0;

    for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
         row = gtk_widget_get_next_sibling (row))
      if (ADW_IS_ACTION_ROW (row) &&
          strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "By " DSL_NAME
                  " (signed in as dsl1)") != NULL)
        stamped++;
    g_assert_cmpuint (stamped, ==, 3);
  }
  g_assert_true (sok_queue_verify_audit (c.dsl, NULL, NULL, &error));
  g_assert_no_error (error);

  gtk_window_destroy (GTK_WINDOW (c.window));
  g_assert_finalize_object (c.window);
  g_object_unref (c.dsl);
  sok_test_remove_tree (dir);
}

/* The queue cannot be reached when the console starts: its address names a server
 * that never answers first, then the real one, which is down. Once the server is
 * back, Try again reaches it (after the silent address's timeout: libpq tries the
 * addresses in turn) and the DSL unlocks onto the list. */
static void
test_try_again_reaches_the_server (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokSilentEndpoint) endpoint = sok_silent_endpoint_new (&error);
  g_autofree char *dir = g_dir_make_tmp ("sok-dsl-pg-XXXXXX", &error);
  g_autofree char *socket_dir = g_uri_escape_string (harness->dir, NULL, FALSE);
  g_autofree char *kiosk_uri = sok_pg_harness_uri (harness, "kiosk1", SOK_PG_KIOSK_PASSWORD, 0);
  g_autofree char *dsl_uri = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *key_path = NULL;
  const char *text;
  Console c = { 0 };

  g_assert_no_error (error);
  dsl_uri = g_strdup_printf ("postgresql://dsl1:%s@127.0.0.1:%u,%s:%u/sokqueue?connect_timeout=2",
                             SOK_PG_DSL_PASSWORD, sok_silent_endpoint_get_port (endpoint),
                             socket_dir, harness->port);
  public_key = dsl_fixture_make_keys (dir, PASSPHRASE);
  key_path = g_build_filename (dir, "dsl.key", NULL);
  deliver (kiosk_uri, public_key, "pg-waited", FALSE);

  g_assert_true (sok_pg_harness_stop (harness, &error));
  g_assert_no_error (error);

  c.window = sok_dsl_window_new (NULL, dir, dsl_uri, key_path, 0);
  g_object_ref_sink (c.window);
  gtk_window_present (GTK_WINDOW (c.window));
  sok_test_wait_until (is_settled, &c, 30000);
  text = gtk_label_get_text (GTK_LABEL (widget (&c, "unreachable_label")));
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "The DSL queue cannot be reached"));
  g_assert_null (strstr (text, SOK_PG_DSL_PASSWORD));
  g_assert_true (gtk_widget_is_drawable (widget (&c, "try_again_button")));

  g_assert_true (sok_pg_harness_restart (harness, &error));
  g_assert_no_error (error);
  gtk_widget_activate (widget (&c, "try_again_button"));
  sok_test_wait_until (is_busy, &c, 5000);
  sok_test_wait_until (is_settled, &c, 30000);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (widget (&c, "queue_status_revealer"))));

  gtk_editable_set_text (GTK_EDITABLE (widget (&c, "name_row")), DSL_NAME);
  gtk_editable_set_text (GTK_EDITABLE (widget (&c, "passphrase_row")), PASSPHRASE);
  gtk_widget_activate (widget (&c, "unlock_button"));
  sok_test_wait_until (is_unlocked, &c, 20000);
  {
    GtkListBox *list = sok_dsl_window_get_case_list (c.window);
    GtkListBoxRow *row;
    gboolean listed = FALSE;

    for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
      listed |= g_strcmp0 (sok_dsl_window_get_row_report_id (row), "pg-waited") == 0;
    g_assert_true (listed);
  }

  gtk_window_destroy (GTK_WINDOW (c.window));
  g_assert_finalize_object (c.window);
  sok_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  dsl_fixture_prepare_for_isolated_dirs ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_setenv ("SOK_SHIPPED_DIR", SOK_SOURCE_DATADIR, TRUE);

  harness = sok_pg_harness_start_or_skip ();
  if (harness == NULL)
    return g_test_run ();

  adw_init ();

  g_test_add_func ("/dsl/pg/urgent-report-arrives-live-and-is-acted-on",
                   test_report_arrives_live_and_is_acted_on);
  g_test_add_func ("/dsl/pg/unreachable-then-try-again-reaches-the-server",
                   test_try_again_reaches_the_server);

  status = g_test_run ();
  sok_pg_harness_free (harness);
  return status;
}
