/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-follow-up-e2e"

#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <sqlite3.h>

#include "pg-harness.h"
#include "sok-follow-up.h"
#include "sok-queue.h"
#include "sok-report.h"
#include "test-util.h"

/* Hearing back end to end, with the real sokctl: a report with a secret picture code
 * goes from a kiosk to the queue; the DSL replies (sokctl queue reply); the code,
 * tapped in on the kiosk (sokctl messages check), shows the reply; the child answers
 * (sokctl messages answer, then sync); the DSL's `queue show --format json` has the
 * whole conversation in order. On SQLite and on a real PostgreSQL, where the kiosk's
 * login can read the reply rows and nothing else of a conversation, and what it sends
 * does not depend on the code tapped in. */

#define PASSPHRASE "correct horse battery staple"
#define REPORT_TEXT "someone keeps messaging me"
#define REPLY_1 "Thank you for telling us. We are helping."
#define REPLY_2 "Can you tell us which game it was?"
#define ANSWER "It was in the football game"

typedef struct
{
  char      *root;
  char      *data_dir;
  char      *key_path;
  char      *passphrase_file;
  char      *public_key;
  char      *dsl_uri;
  SokDslKey *key;
} Fixture;

static const char * const code_words[] = { "cat", "star", "apple", "boat" };
static const char * const wrong_words[] = { "star", "cat", "apple", "boat" };

static void
fixture_setup (Fixture    *f,
               const char *kiosk_uri,
               const char *dsl_uri)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *keys_dir = NULL;

  f->root = g_dir_make_tmp ("sok-follow-up-e2e-XXXXXX", &error);
  g_assert_no_error (error);
  f->data_dir = g_build_filename (f->root, "kiosk", NULL);
  keys_dir = g_build_filename (f->root, "dsl", NULL);
  f->public_key = sok_test_make_dsl_keys (keys_dir, PASSPHRASE, &f->key);
  f->key_path = g_build_filename (keys_dir, "dsl.key", NULL);
  f->passphrase_file = g_build_filename (f->root, "passphrase", NULL);
  g_assert_true (g_file_set_contents (f->passphrase_file, PASSPHRASE "\n", -1, NULL));
  g_chmod (f->passphrase_file, 0600);
  sok_test_write_kiosk_config (f->data_dir, "kiosk1", f->public_key, kiosk_uri);
  f->dsl_uri = g_strdup (dsl_uri);
}

static void
fixture_teardown (Fixture *f)
{
  sok_test_remove_tree (f->root);
  g_free (f->root);
  g_free (f->data_dir);
  g_free (f->key_path);
  g_free (f->passphrase_file);
  g_free (f->public_key);
  g_free (f->dsl_uri);
  g_clear_pointer (&f->key, sok_dsl_key_free);
}

/* Sends a report from the kiosk as the UI does: the code's keys derived beforehand. */
static char *
send_report (Fixture    *f,
             const char *text,
             gboolean    with_code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokConfig) config = sok_config_load (f->data_dir, &error);
  g_autoptr (SokStore) store = sok_store_open (f->data_dir, &error);
  g_autoptr (SokReportDraft) draft = sok_report_draft_new ();
  g_autoptr (SokPictures) pictures = sok_pictures_load (&error);
  char *report_id = NULL;

  g_assert_no_error (error);
  sok_report_draft_set_category (draft, "unkind-to-me", "conduct");
  sok_report_draft_set_text (draft, text, -1);
  if (with_code)
    {
      g_autoptr (SokFollowUpKeys) keys = NULL;
      guint8 code[4];

      for (guint i = 0; i < 4; i++)
        code[i] = (guint8)sok_pictures_find (pictures, code_words[i]);
      keys = sok_follow_up_derive (pictures, code, f->public_key, &error);
      g_assert_no_error (error);
      sok_report_draft_set_follow_up (draft, keys);
    }
  g_assert_true (sok_report_send (store, config, draft, &report_id, &error));
  g_assert_no_error (error);
  return report_id;
}

static void
sync_ok (Fixture *f)
{
  g_auto (SokTestRun) run = { 0 };

  sok_test_sokctl (&run, "--data-dir", f->data_dir, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
}

static void
dsl_sokctl (Fixture    *f,
            SokTestRun *run,
            const char *a,
            const char *b,
            const char *c,
            const char *d)
{
  sok_test_sokctl (run, "--data-dir", f->data_dir, "--format", "json", "queue", a, b,
                   "--queue", f->dsl_uri, "--key", f->key_path,
                   "--passphrase-file", f->passphrase_file, "--by", "A. Lead",
                   c ? c : NULL, d, NULL);
  if (run->status != 0)
    g_test_message ("sokctl queue %s said: %s", a, run->err);
}

static JsonArray *
check_code (Fixture            *f,
            SokTestRun         *run,
            const char * const *words)
{
  sok_test_sokctl (run, "--data-dir", f->data_dir, "--format", "json", "messages", "check",
                   words[0], words[1], words[2], words[3], NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (run->json);
  return json_object_get_array_member (json_node_get_object (run->json), "messages");
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* What the kiosk's My messages calls: sok_follow_up_check_async(). */
static SokFollowUpCheck *
check_in_process (Fixture            *f,
                  const char * const *words,
                  GError            **error)
{
  g_autoptr (SokPictures) pictures = sok_pictures_load (NULL);
  g_autoptr (GAsyncResult) result = NULL;
  guint8 code[4];

  for (guint i = 0; i < 4; i++)
    code[i] = (guint8)sok_pictures_find (pictures, words[i]);
  sok_follow_up_check_async (f->data_dir, code, NULL, check_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return sok_follow_up_check_finish (result, error);
}

static JsonObject *
find_case (JsonArray  *cases,
           const char *report_id)
{
  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonObject *c = json_array_get_object_element (cases, i);

      if (g_str_equal (json_object_get_string_member (c, "report_id"), report_id))
        return c;
    }
  return NULL;
}

static void
assert_message (JsonArray  *conversation,
                guint       i,
                const char *from,
                const char *text)
{
  JsonObject *m = json_array_get_object_element (conversation, i);

  g_assert_cmpstr (json_object_get_string_member (m, "from"), ==, from);
  g_assert_cmpstr (json_object_get_string_member (m, "text"), ==, text);
  /* Its half-day, as everywhere else: a date and morning or afternoon. */
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\d, (morning|afternoon)$",
                                       json_object_get_string_member (m, "when"), 0, 0));
}

/* The whole conversation, as the issue tells it. Returns the report's id. */
static char *
run_conversation (Fixture *f)
{
  g_auto (SokTestRun) run = { 0 };
  g_autofree char *with_code = send_report (f, REPORT_TEXT, TRUE);
  g_autofree char *without_code = send_report (f, "no code for me", FALSE);
  g_autofree char *no_message_text = NULL;
  JsonArray *messages;
  JsonArray *conversation;
  JsonObject *listed;

  sync_ok (f);

  /* Before any reply, the right code and a wrong one look the same. */
  messages = check_code (f, &run, code_words);
  g_assert_cmpuint (json_array_get_length (messages), ==, 0);
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "messages", "check", "cat", "star",
                   "apple", "boat", NULL);
  no_message_text = g_strdup (run.out);
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "messages", "check", "star", "cat",
                   "apple", "boat", NULL);
  g_assert_cmpstr (run.out, ==, no_message_text);
  g_assert_nonnull (strstr (no_message_text, "No message yet"));

  /* A report without a code cannot be answered, and says why. */
  dsl_sokctl (f, &run, "reply", without_code, "--message", REPLY_1);
  g_assert_cmpint (run.status, !=, 0);
  sok_test_assert_one_line (run.err);
  g_assert_nonnull (strstr (run.err, "no picture code"));
  g_assert_null (strstr (run.err, "no code for me"));

  dsl_sokctl (f, &run, "reply", with_code, "--message", REPLY_1);
  g_assert_cmpint (run.status, ==, 0);

  messages = check_code (f, &run, code_words);
  g_assert_cmpuint (json_array_get_length (messages), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0),
                                                  "text"), ==, REPLY_1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (messages, 0),
                                               "place"), ==, 2);
  messages = check_code (f, &run, wrong_words);
  g_assert_cmpuint (json_array_get_length (messages), ==, 0);

  /* The same through the API the kiosk's screens call. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (SokFollowUpCheck) right = check_in_process (f, code_words, &error);
    g_autoptr (SokFollowUpCheck) wrong = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (right->messages->len, ==, 1);
    g_assert_cmpstr (((SokFollowUpMessage *)right->messages->pdata[0])->text, ==, REPLY_1);
    g_assert_cmpuint (sok_follow_up_check_get_answer_place (right), ==, 3);
    wrong = check_in_process (f, wrong_words, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (wrong->messages->len, ==, 0);
    g_assert_cmpuint (sok_follow_up_check_get_answer_place (wrong), ==, 0);
  }

  /* The child answers, asking for help now. */
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "messages", "answer", "cat", "star",
                   "apple", "boat", "--message", ANSWER, "--urgent", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, ANSWER));
  sync_ok (f);

  /* The answer is not a case of its own: it is in the case, unread and urgent. */
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "--format", "json", "queue", "list",
                   "--queue", f->dsl_uri, "--key", f->key_path,
                   "--passphrase-file", f->passphrase_file, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (run.json)), ==, 2);
  listed = find_case (json_node_get_array (run.json), with_code);
  g_assert_nonnull (listed);
  g_assert_cmpstr (json_object_get_string_member (listed, "unread"), ==, "yes");
  g_assert_cmpstr (json_object_get_string_member (listed, "urgent"), ==, "yes");
  g_assert_cmpstr (json_object_get_string_member (find_case (json_node_get_array (run.json),
                                                             without_code), "unread"), ==, "no");

  /* The DSL replies again after the answer. */
  dsl_sokctl (f, &run, "reply", with_code, "--message", REPLY_2);
  g_assert_cmpint (run.status, ==, 0);

  dsl_sokctl (f, &run, "show", with_code, NULL, NULL);
  g_assert_cmpint (run.status, ==, 0);
  conversation = json_object_get_array_member (json_node_get_object (run.json), "conversation");
  g_assert_nonnull (conversation);
  g_assert_cmpuint (json_array_get_length (conversation), ==, 4);
  assert_message (conversation, 0, "child", REPORT_TEXT);
  assert_message (conversation, 1, "dsl", REPLY_1);
  assert_message (conversation, 2, "child", ANSWER);
  assert_message (conversation, 3, "dsl", REPLY_2);

  /* Seen: no longer unread. */
  sok_test_sokctl (&run, "--data-dir", f->data_dir, "--format", "json", "queue", "list",
                   "--queue", f->dsl_uri, "--key", f->key_path,
                   "--passphrase-file", f->passphrase_file, NULL);
  g_assert_cmpstr (json_object_get_string_member (find_case (json_node_get_array (run.json),
                                                             with_code), "unread"), ==, "no");

  /* The kiosk sees both replies, in their places. */
  messages = check_code (f, &run, code_words);
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 1),
                                                  "text"), ==, REPLY_2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (messages, 1),
                                               "place"), ==, 4);

  return g_steal_pointer (&with_code);
}

/* After follow-up-days the code finds what a wrong code finds, replies are gone from
 * the queue, and a reply is refused. */
static void
expire_and_check (Fixture    *f,
                  const char *report_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokQueue) queue = sok_queue_open (f->dsl_uri, SOK_QUEUE_ROLE_DSL, &error);
  g_autoptr (GPtrArray) rows = NULL;
  g_auto (SokTestRun) run = { 0 };
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  guint removed = 0;

  GDate later;

  g_assert_no_error (error);
  sok_queue_set_dsl_key (queue, f->key);
  g_date_clear (&later, 1);
  g_date_set_dmy (&later, (GDateDay)g_date_time_get_day_of_month (now),
                  (GDateMonth)g_date_time_get_month (now), (GDateYear)g_date_time_get_year (now));
  g_date_add_days (&later, SOK_FOLLOW_UP_DEFAULT_DAYS);
  /* The last day itself still counts. */
  g_assert_true (sok_queue_expire_follow_ups (queue, &later, &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 0);
  g_date_add_days (&later, 1);
  g_assert_true (sok_queue_expire_follow_ups (queue, &later, &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 2);

  rows = sok_queue_list_replies (queue, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 0);
  g_assert_cmpuint (json_array_get_length (check_code (f, &run, code_words)), ==, 0);

  dsl_sokctl (f, &run, "reply", report_id, "--message", REPLY_1);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "expired"));

  /* An answer that arrives for a code already expired is not lost: it is a case of
   * its own, with what the child wrote. */
  {
    g_autoptr (SokConfig) config = sok_config_load (f->data_dir, &error);
    g_autoptr (SokStore) store = sok_store_open (f->data_dir, &error);
    g_autoptr (SokReportDraft) draft = sok_report_draft_new ();
    g_autoptr (SokPictures) pictures = sok_pictures_load (&error);
    g_autoptr (SokFollowUpKeys) keys = NULL;
    g_autofree char *late = NULL;
    JsonObject *listed;
    guint8 code[4];

    g_assert_no_error (error);
    for (guint i = 0; i < 4; i++)
      code[i] = (guint8)sok_pictures_find (pictures, code_words[i]);
    keys = sok_follow_up_derive (pictures, code, f->public_key, &error);
    g_assert_no_error (error);
    sok_report_draft_set_answer (draft, keys->tag, 5);
    sok_report_draft_set_text (draft, "Are you still there?", -1);
    g_assert_true (sok_report_send (store, config, draft, &late, &error));
    g_assert_no_error (error);
    sync_ok (f);
    /* Sorting as the console does, after the code's day has passed. */
    g_assert_true (sok_queue_expire_follow_ups (queue, &later, NULL, &error));
    sok_test_sokctl (&run, "--data-dir", f->data_dir, "--format", "json", "queue", "list",
                     "--queue", f->dsl_uri, "--key", f->key_path,
                     "--passphrase-file", f->passphrase_file, NULL);
    g_assert_cmpint (run.status, ==, 0);
    listed = find_case (json_node_get_array (run.json), late);
    g_assert_nonnull (listed);
  }
}

static void
test_sqlite (void)
{
  Fixture f = { 0 };
  g_autofree char *root = g_dir_make_tmp ("sok-follow-up-queue-XXXXXX", NULL);
  g_autofree char *uri = g_strconcat ("sqlite:", root, "/queue.db", NULL);
  g_autofree char *report_id = NULL;
  g_autofree char *path = g_build_filename (root, "queue.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  fixture_setup (&f, uri, uri);
  report_id = run_conversation (&f);
  expire_and_check (&f, report_id);

  /* Nothing of the code is left in the queue but inside the report's seal. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT COUNT (*) FROM replies),"
                                           " (SELECT COUNT (*) FROM follow_ups"
                                           "  WHERE tag_mac IS NOT NULL)", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  fixture_teardown (&f);
  sok_test_remove_tree (root);
}

static gboolean
kiosk_may_select (SokPgHarness *h,
                  const char   *sql)
{
  PGconn *conn = sok_pg_harness_connect (h, "kiosk1", SOK_PG_KIOSK_PASSWORD);
  PGresult *res;
  gboolean ok;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  res = PQexec (conn, sql);
  ok = PQresultStatus (res) == PGRES_TUPLES_OK;
  if (!ok)
    g_assert_cmpstr (PQresultErrorField (res, PG_DIAG_SQLSTATE), ==, "42501");
  PQclear (res);
  PQfinish (conn);
  return ok;
}

/* The statements the kiosk's login sent, in order, from the server's log. */
static char *
kiosk_statements (SokPgHarness *h,
                  gsize         from)
{
  g_autofree char *log_path = g_build_filename (h->dir, "server.log", NULL);
  g_autofree char *log = NULL;
  g_auto (GStrv) lines = NULL;
  GString *out = g_string_new (NULL);
  gsize len = 0;

  g_assert_true (g_file_get_contents (log_path, &log, &len, NULL));
  g_assert_cmpuint (len, >=, from);
  lines = g_strsplit (log + from, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      const char *s = strstr (lines[i], "kiosk1 LOG:  ");

      if (s != NULL)
        g_string_append_printf (out, "%s\n", s);
    }
  return g_string_free (out, FALSE);
}

static gsize
log_size (SokPgHarness *h)
{
  g_autofree char *log_path = g_build_filename (h->dir, "server.log", NULL);
  g_autofree char *log = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (log_path, &log, &len, NULL));
  return len;
}

static void
test_pg (void)
{
  g_autoptr (GError) error = NULL;
  SokPgHarness *h = sok_pg_harness_start_or_skip ();
  g_autofree char *kiosk_uri = NULL;
  g_autofree char *dsl_uri = NULL;
  g_autofree char *report_id = NULL;
  g_autofree char *right = NULL;
  g_autofree char *wrong = NULL;
  g_auto (SokTestRun) run = { 0 };
  Fixture f = { 0 };
  gsize mark;

  if (h == NULL)
    return;
  kiosk_uri = sok_pg_harness_uri (h, "kiosk1", SOK_PG_KIOSK_PASSWORD, 0);
  dsl_uri = sok_pg_harness_uri (h, "dsl1", SOK_PG_DSL_PASSWORD, 0);
  fixture_setup (&f, kiosk_uri, dsl_uri);
  report_id = run_conversation (&f);

  /* The kiosk's login reads the reply rows, and nothing else of a conversation. */
  g_assert_true (kiosk_may_select (h, "SELECT tag, ciphertext, expires FROM sok.replies"));
  g_assert_false (kiosk_may_select (h, "SELECT * FROM sok.messages"));
  g_assert_false (kiosk_may_select (h, "SELECT * FROM sok.follow_ups"));
  g_assert_false (kiosk_may_select (h, "SELECT * FROM sok.sorted"));
  g_assert_false (kiosk_may_select (h, "SELECT report_id FROM sok.envelopes"));

  /* What the kiosk sends does not depend on the code: every statement it sends while
   * checking the right code and a wrong one, as the server logs them, is the same. */
  /* ALTER SYSTEM runs only outside a transaction block: one statement at a time. */
  g_assert_true (sok_pg_harness_exec (h, "ALTER ROLE kiosk1 SET log_statement = 'all'", &error));
  g_assert_true (sok_pg_harness_exec (h, "ALTER SYSTEM SET log_line_prefix = '%u '", &error));
  g_assert_true (sok_pg_harness_exec (h, "SELECT pg_reload_conf ()", &error));
  g_assert_no_error (error);
  mark = log_size (h);
  g_assert_cmpuint (json_array_get_length (check_code (&f, &run, code_words)), ==, 2);
  right = kiosk_statements (h, mark);
  mark = log_size (h);
  g_assert_cmpuint (json_array_get_length (check_code (&f, &run, wrong_words)), ==, 0);
  wrong = kiosk_statements (h, mark);
  g_assert_cmpstr (right, !=, "");
  g_assert_nonnull (strstr (right, "sok.replies"));
  g_assert_cmpstr (right, ==, wrong);

  expire_and_check (&f, report_id);

  fixture_teardown (&f);
  g_assert_true (sok_pg_harness_stop (h, &error));
  sok_pg_harness_free (h);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/follow-up-e2e/sqlite/report-reply-check-answer-show", test_sqlite);
  g_test_add_func ("/follow-up-e2e/pg/report-reply-check-answer-show", test_pg);

  return g_test_run ();
}
