/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-sokctl-queue"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "case-tests.h"
#include "test-util.h"

/* sokctl queue … and sokctl stats, run as a DSL would from a terminal. */

static void
assert_fails (SokTestRun *run,
              int         status,
              const char *says)
{
  if (run->status != status || strstr (run->err, says) == NULL)
    g_error ("expected status %d saying “%s”, got %d: %s%s", status, says, run->status,
             run->out, run->err);
  sok_test_assert_one_line (run->err);
}

static void
assert_ok (SokTestRun *run)
{
  if (run->status != 0)
    g_error ("sokctl failed (%d): %s%s", run->status, run->out, run->err);
}

typedef struct
{
  char     *tmp;
  char     *data_dir;
  char     *queue_path;
  char     *passphrase_file;
  SokQueue *kiosk;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = NULL;
  g_auto (SokTestRun) run = { 0 };

  f->tmp = g_dir_make_tmp ("sokctl-queue-XXXXXX", &error);
  g_assert_no_error (error);
  f->data_dir = g_build_filename (f->tmp, "data", NULL);
  f->queue_path = g_build_filename (f->tmp, "dsl-queue.db", NULL);
  f->passphrase_file = g_build_filename (f->tmp, "passphrase", NULL);
  g_assert_true (g_file_set_contents_full (f->passphrase_file, "correct horse battery staple\n",
                                           -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));

  sok_test_sokctl (&run, "--data-dir", f->data_dir, "init", "--school", "Demo Primary School",
                   NULL);
  assert_ok (&run);
  uri = g_strconcat ("sqlite:", f->queue_path, NULL);
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "config", "set", "queue", uri, NULL);
  assert_ok (&run);

  f->kiosk = sok_queue_open (uri, SOK_QUEUE_ROLE_KIOSK, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->kiosk);
  sok_test_remove_tree (f->tmp);
  g_free (f->tmp);
  g_free (f->data_dir);
  g_free (f->queue_path);
  g_free (f->passphrase_file);
}

static char *
deliver (Fixture    *f,
         const char *date,
         const char *category,
         gboolean    urgent,
         const char *text)
{
  char *id = case_tests_unique_id ("r");
  g_autoptr (GBytes) sealed = case_tests_seal_report (id, date, category, "conduct", "game",
                                                      "7-9", text, TRUE);

  case_tests_deliver (f->kiosk, id, urgent, sealed);
  return id;
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_list_show_act_close_export_verify (Fixture *f, gconstpointer data)
{
  g_autofree char *a = deliver (f, "2026-11-20", "unkind-to-me", FALSE, "They laughed at me");
  g_autofree char *b = deliver (f, "2026-11-21", "stranger-talked", TRUE, "A man asked where I live");
  g_autofree char *pdf = g_build_filename (f->tmp, "case.pdf", NULL);
  g_autofree char *csv = g_build_filename (f->tmp, "case.csv", NULL);
  g_autofree char *txt = g_build_filename (f->tmp, "case.txt", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (JsonNode) list = NULL;
  g_auto (SokTestRun) run = { 0 };
  JsonArray *array;

  sok_test_sokctl (&run, "--data-dir", f->data_dir, "--format", "json", "queue", "list", NULL);
  assert_ok (&run);
  list = parse_json (run.out);
  array = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  /* Urgent first; nothing from inside the seal. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "report_id"), ==, b);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "status"), ==, "new");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "urgent"), ==, "yes");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "urgent"), ==, "no");
  g_assert_null (strstr (run.out, "laughed"));
  /* When it arrived only as finely as the child's own time: never the minute, which
   * would tell who stood at the kiosk. */
  for (guint i = 0; i < 2; i++)
    {
      const char *received = json_object_get_string_member (
        json_array_get_object_element (array, i), "received");

      g_assert_true (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}, (morning|afternoon)$",
                                           received, 0, 0));
    }

  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "show", a, "--key",
                   case_tests_key_path (), "--passphrase-file", f->passphrase_file, "--by",
                   "A. Lead", NULL);
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "They laughed at me"));
  /* The words on the child's tile, from the school's report choices. */
  g_assert_nonnull (strstr (run.out, "7-9"));
  g_assert_nonnull (strstr (run.out, "open"));

  /* Writing signs each entry with the DSL key, so it needs the passphrase. */
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "act", a, "spoke-with-child",
                   "--note", "Talked at break", "--by", "A. Lead", NULL);
  assert_fails (&run, 2, "--passphrase-file");
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "act", a, "spoke-with-child",
                   "--note", "Talked at break", "--by", "A. Lead", "--key", case_tests_key_path (), "--passphrase-file", f->passphrase_file, NULL);
  assert_ok (&run);
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "act", a, "no-further-action",
                   "--by", "A. Lead", NULL);
  assert_fails (&run, 1, "needs a reason");
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "act", a, "no-further-action",
                   "--reason", "Sorted with both children", "--by", "A. Lead", "--key", case_tests_key_path (), "--passphrase-file", f->passphrase_file, NULL);
  assert_ok (&run);
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "close", a, "--by", "A. Lead", NULL);
  assert_fails (&run, 2, "needs --outcome");
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "close", a, "--outcome", "fixed",
                   NULL);
  assert_fails (&run, 1, "not an outcome");
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "close", a, "--outcome",
                   "resolved-in-school", "--by", "A. Lead", "--key", case_tests_key_path (), "--passphrase-file", f->passphrase_file, NULL);
  assert_ok (&run);

  sok_test_sokctl (&run, "--data-dir", f->data_dir, "--format", "csv", "queue", "list", "--status",
                   "closed", NULL);
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, a));
  g_assert_null (strstr (run.out, b));

  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "show", a, "--key",
                   case_tests_key_path (), "--passphrase-file", f->passphrase_file, "--by",
                   "A. Lead", NULL);
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "Talked at break"));
  g_assert_nonnull (strstr (run.out, "Sorted with both children"));
  /* The language the child used, so the DSL knows how to reply. */
  g_assert_nonnull (strstr (run.out, "English (en_GB)"));

  sok_test_sokctl (&run, "--data-dir", f->data_dir, "--format", "json", "queue", "show", a, "--key",
                   case_tests_key_path (), "--passphrase-file", f->passphrase_file, "--by",
                   "A. Lead", NULL);
  assert_ok (&run);
  {
    g_autoptr (JsonNode) shown = parse_json (run.out);
    JsonObject *object = json_node_get_object (shown);
    JsonArray *actions = json_object_get_array_member (object, "actions");
    JsonObject *last = json_array_get_object_element (actions, 1);

    g_assert_cmpstr (json_object_get_string_member (object, "text"), ==, "They laughed at me");
    g_assert_cmpstr (json_object_get_string_member (object, "language"), ==, "English (en_GB)");
    g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "closed");
    g_assert_cmpstr (json_object_get_string_member (object, "outcome"), ==, "resolved-in-school");
    g_assert_cmpuint (json_array_get_length (actions), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (last, "action"), ==, "no-further-action");
    g_assert_cmpstr (json_object_get_string_member (last, "reason"), ==, "Sorted with both children");
    g_assert_cmpstr (json_object_get_string_member (last, "by"), ==, "A. Lead");
  }

  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "export", a, "--out", pdf, "--key",
                   case_tests_key_path (), "--passphrase-file", f->passphrase_file, "--by",
                   "A. Lead", NULL);
  assert_ok (&run);
  g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_clear_pointer (&contents, g_free);
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "export", a, "--out", csv, "--key",
                   case_tests_key_path (), "--passphrase-file", f->passphrase_file, "--by",
                   "A. Lead", NULL);
  assert_ok (&run);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "They laughed at me"));
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "export", a, "--out", txt, "--key",
                   case_tests_key_path (), "--passphrase-file", f->passphrase_file, NULL);
  assert_fails (&run, 1, ".csv or .pdf");
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "export", a, "--key",
                   case_tests_key_path (), "--passphrase-file", f->passphrase_file, NULL);
  assert_fails (&run, 2, "--out");

  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "verify-audit", NULL);
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "intact"));
  g_assert_nonnull (strstr (run.out, "Only the links"));
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "verify-audit", "--key", case_tests_key_path (), "--passphrase-file", f->passphrase_file, NULL);
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "carry the DSL key's signature"));

  /* Someone edits one entry in the database: verify-audit says so and fails. */
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (f->queue_path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER audit_no_update;"
                                       "UPDATE audit SET detail = 'informed-parents' WHERE id = 2",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "verify-audit", NULL);
  assert_fails (&run, 1, "entry 2");
}

static void
test_wrong_passphrase_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *a = deliver (f, "2026-11-20", "unkind-to-me", FALSE, "secret words");
  g_autofree char *wrong = g_build_filename (f->tmp, "wrong", NULL);
  g_autofree char *empty = g_build_filename (f->tmp, "empty", NULL);
  g_auto (SokTestRun) run = { 0 };

  g_assert_true (g_file_set_contents (wrong, "not the passphrase\n", -1, NULL));
  g_assert_true (g_file_set_contents (empty, "\n", -1, NULL));
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "show", a, "--key",
                   case_tests_key_path (), "--passphrase-file", wrong, NULL);
  assert_fails (&run, 1, "does not open");
  g_assert_null (strstr (run.out, "secret words"));
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "show", a, "--key",
                   case_tests_key_path (), "--passphrase-file", empty, NULL);
  assert_fails (&run, 1, "is empty");
  /* Nothing was viewed. */
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "--format", "csv", "queue", "list", "--status",
                   "new", NULL);
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, a));
}

static void
test_bad_arguments (Fixture *f, gconstpointer data)
{
  g_autofree char *a = deliver (f, "2026-11-20", "unkind-to-me", FALSE, NULL);
  g_autofree char *other = g_build_filename (f->tmp, "other", NULL);
  g_auto (SokTestRun) run = { 0 };

  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", NULL);
  assert_fails (&run, 2, "queue takes");
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "frobnicate", NULL);
  assert_fails (&run, 2, "not “frobnicate”");
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "show", NULL);
  assert_fails (&run, 2, "queue show takes");
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "show", a, NULL);
  assert_fails (&run, 2, "--passphrase-file");
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "show", a, "--passphrase-file",
                   f->passphrase_file, NULL);
  assert_fails (&run, 2, "no DSL key");
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "show", "no-such-report", "--key",
                   case_tests_key_path (), "--passphrase-file", f->passphrase_file, NULL);
  assert_fails (&run, 1, "no report");
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "act", a, "shrugged", NULL);
  assert_fails (&run, 1, "not an action");
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "list", "--status", "pending", NULL);
  assert_fails (&run, 2, "--status");
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "list", "--queue", "ftp://example",
                   NULL);
  assert_fails (&run, 1, "not understood");

  /* Without settings to find the queue in, it says how to give one. */
  sok_test_sokctl (&run, "--data-dir", other, "queue", "list", NULL);
  assert_fails (&run, 2, "--queue sqlite:/PATH");

  sok_test_sokctl (&run, "--data-dir", f->data_dir, "stats", NULL);
  assert_fails (&run, 2, "--term");
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "stats", "--term", "winter", NULL);
  assert_fails (&run, 2, "not “winter”");
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "stats", "--term", "autumn", "--year", "26",
                   NULL);
  assert_fails (&run, 2, "--year");
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "stats", "--term", "autumn", "extra", NULL);
  assert_fails (&run, 2, "stats takes");
}

static void
test_password_never_printed (Fixture *f, gconstpointer data)
{
  g_auto (SokTestRun) run = { 0 };
  const char *uri = "postgresql://dsl1:Pa55-w0rd-xyz@127.0.0.1:1/sokqueue?sslmode=disable";
  g_autofree char *combined = NULL;

  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "list", "--queue", uri, NULL);
  g_assert_cmpint (run.status, ==, 1);
  combined = g_strconcat (run.out, run.err, NULL);
  g_assert_null (strstr (combined, "Pa55-w0rd-xyz"));
  g_assert_nonnull (strstr (combined, "127.0.0.1"));

  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "verify-audit", "--queue",
                   "postgresql://127.0.0.1:1/sokqueue?user=dsl1&password=Pa55-w0rd-xyz", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_null (strstr (run.err, "Pa55-w0rd-xyz"));
  g_assert_null (strstr (run.out, "Pa55-w0rd-xyz"));

  /* Nor does the setting show it, in any format, nor a refused one. */
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "config", "set", "queue", uri, NULL);
  assert_ok (&run);
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "config", "get", "queue", NULL);
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "postgresql://dsl1:***@127.0.0.1:1/sokqueue?sslmode=disable\n");
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "--format", "json", "config", "get", NULL);
  assert_ok (&run);
  g_assert_null (strstr (run.out, "Pa55-w0rd-xyz"));
  g_assert_nonnull (strstr (run.out, "dsl1:***@"));
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "config", "set", "queue",
                   "mysql://dsl1:Pa55-w0rd-xyz@127.0.0.1/q", NULL);
  assert_fails (&run, 1, "cannot be set");
  g_assert_null (strstr (run.err, "Pa55-w0rd-xyz"));
}

static void
test_stats_json_csv_and_pdf (Fixture *f, gconstpointer data)
{
  g_autofree char *pdf = g_build_filename (f->tmp, "governors.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_auto (SokTestRun) run = { 0 };
  const char *autumn[] = { "2031-09-01", "2031-09-30", "2031-10-01", "2031-11-05",
                           "2031-12-01", "2031-12-31" };
  gboolean saw_total = FALSE, saw_unkind = FALSE, saw_stranger = FALSE;
  JsonArray *rows;

  for (guint i = 0; i < G_N_ELEMENTS (autumn); i++)
    g_free (deliver (f, autumn[i], "unkind-to-me", FALSE, "a child's own words"));
  g_free (deliver (f, "2031-10-10", "stranger-talked", TRUE, NULL));
  g_free (deliver (f, "2031-10-11", "stranger-talked", FALSE, NULL));
  g_free (deliver (f, "2031-08-31", "unkind-to-me", FALSE, NULL));
  g_free (deliver (f, "2032-01-01", "unkind-to-me", FALSE, NULL));

  sok_test_sokctl (&run, "--data-dir", f->data_dir, "--format", "json", "stats", "--term", "autumn",
                   "--year", "2031", "--key", case_tests_key_path (), "--passphrase-file",
                   f->passphrase_file, "--pdf", pdf, "--by", "A. Lead", NULL);
  assert_ok (&run);
  /* Counts only: no text, no names, no dates. */
  g_assert_null (strstr (run.out, "own words"));
  g_assert_null (strstr (run.out, "Sam"));
  g_assert_null (strstr (run.out, "2031-"));

  root = parse_json (run.out);
  rows = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      const char *dimension = json_object_get_string_member (row, "dimension");
      const char *item = json_object_get_string_member (row, "item");
      const char *this_term = json_object_get_string_member (row, "this_term");
      const char *last_term = json_object_get_string_member (row, "last_term");

      if (g_str_equal (dimension, "total"))
        {
          saw_total = TRUE;
          g_assert_cmpstr (this_term, ==, "8");
          g_assert_cmpstr (last_term, ==, "hidden");
        }
      else if (g_str_equal (dimension, "category") && g_str_equal (item, "unkind-to-me"))
        {
          /* 6 beside a total of 8 would give the 2 strangers away. */
          saw_unkind = TRUE;
          g_assert_cmpstr (this_term, ==, "hidden");
        }
      else if (g_str_equal (dimension, "category") && g_str_equal (item, "stranger-talked"))
        {
          saw_stranger = TRUE;
          g_assert_cmpstr (this_term, ==, "hidden");
          g_assert_cmpstr (last_term, ==, "0");
        }
    }
  g_assert_true (saw_total && saw_unkind && saw_stranger);

  g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  sok_test_sokctl (&run, "--data-dir", f->data_dir, "--format", "csv", "stats", "--term", "summer",
                   "--year", "2031", "--key", case_tests_key_path (), "--passphrase-file",
                   f->passphrase_file, NULL);
  assert_ok (&run);
  g_assert_true (g_str_has_prefix (run.out, "dimension,item,label,this_term,last_term"));
  g_assert_nonnull (strstr (run.out, "total,reports,Reports,hidden,0"));
}

static void
test_retention_dry_run_and_apply (Fixture *f, gconstpointer data)
{
  g_autofree char *a = deliver (f, "2026-11-20", "unkind-to-me", FALSE, "They laughed at me");
  g_autofree char *b = deliver (f, "2026-11-21", "stranger-talked", FALSE, "A man asked");
  g_autofree char *sql = NULL;
  g_auto (SokTestRun) run = { 0 };
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) then = g_date_time_add_years (now, -7);
  g_autoptr (JsonNode) json = NULL;
  JsonArray *rows;
  sqlite3 *db = NULL;

  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "show", a, "--key",
                   case_tests_key_path (), "--passphrase-file", f->passphrase_file, "--by",
                   "A. Lead", NULL);
  assert_ok (&run);
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "close", a, "--outcome",
                   "resolved-in-school", "--note", "sorted out", "--key", case_tests_key_path (),
                   "--passphrase-file", f->passphrase_file, "--by", "A. Lead", NULL);
  assert_ok (&run);
  /* Closed seven years ago, as far as the queue knows. */
  g_assert_cmpint (sqlite3_open (f->queue_path, &db), ==, SQLITE_OK);
  sql = g_strdup_printf ("UPDATE cases SET updated_at = %" G_GINT64_FORMAT " WHERE report_id = '%s'",
                         g_date_time_to_unix (then) * G_USEC_PER_SEC, a);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  /* The default, 6 years: it would go, and nothing goes yet. */
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "retention", "apply", "--dry-run",
                   NULL);
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "kept for 6 years (case-retention-years)"));
  g_assert_nonnull (strstr (run.out, "Would remove 1 closed cases"));
  g_assert_nonnull (strstr (run.out, a));
  g_assert_null (strstr (run.out, b));
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "--format", "json", "queue", "retention",
                   "apply", "--dry-run", NULL);
  assert_ok (&run);
  json = parse_json (run.out);
  rows = json_node_get_array (json);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0),
                                                  "report_id"), ==, a);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rows, 0),
                                               "closed_year"), ==, g_date_time_get_year (then));

  /* A school that keeps cases for eight years keeps it; --years says otherwise. */
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "config", "set", "case-retention-years", "8",
                   NULL);
  assert_ok (&run);
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "retention", "apply", "--dry-run",
                   NULL);
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "nothing would be removed"));
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "retention", "apply", "--years", "0",
                   NULL);
  assert_fails (&run, 2, "--years");

  /* Removing is signed in the log, so it needs the key. */
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "retention", "apply", "--years", "6",
                   NULL);
  assert_fails (&run, 2, "--passphrase-file");
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "show", a, "--key",
                   case_tests_key_path (), "--passphrase-file", f->passphrase_file, NULL);
  assert_ok (&run);

  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "retention", "apply", "--years", "6",
                   "--key", case_tests_key_path (), "--passphrase-file", f->passphrase_file,
                   "--by", "A. Lead", NULL);
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "Removed 1 closed cases"));

  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "list", NULL);
  assert_ok (&run);
  g_assert_null (strstr (run.out, a));
  g_assert_nonnull (strstr (run.out, b));
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "show", a, "--key",
                   case_tests_key_path (), "--passphrase-file", f->passphrase_file, NULL);
  assert_fails (&run, 1, "no report");
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "verify-audit", "--key",
                   case_tests_key_path (), "--passphrase-file", f->passphrase_file, NULL);
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "intact"));

  sok_test_sokctl (&run, "--data-dir", f->data_dir, "queue", "retention", "remove", NULL);
  assert_fails (&run, 2, "retention apply");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  case_tests_make_keys ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sokctl/queue/list-show-act-close-export-verify", test_list_show_act_close_export_verify);
  ADD ("/sokctl/queue/wrong-passphrase-is-refused", test_wrong_passphrase_refused);
  ADD ("/sokctl/queue/bad-arguments-say-what-to-do", test_bad_arguments);
  ADD ("/sokctl/queue/password-is-never-printed", test_password_never_printed);
  ADD ("/sokctl/stats/counts-with-small-numbers-hidden", test_stats_json_csv_and_pdf);
  ADD ("/sokctl/queue/retention-dry-run-lists-and-apply-removes", test_retention_dry_run_and_apply);
#undef ADD

  status = g_test_run ();
  case_tests_cleanup ();
  return status;
}
