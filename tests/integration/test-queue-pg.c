/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-queue-pg"

#include "config.h"

#include <string.h>

#include "pg-harness.h"
#include "sok-queue.h"
#include "test-util.h"

static SokPgHarness *harness;
/* The DSL's key: every entry the DSL writes is signed with it. */
static SokDslKey *dsl_key;

static SokQueue *
open_queue (SokQueueRole role)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = role == SOK_QUEUE_ROLE_KIOSK
    ? sok_pg_harness_uri (harness, "kiosk1", SOK_PG_KIOSK_PASSWORD, 0)
    : sok_pg_harness_uri (harness, "dsl1", SOK_PG_DSL_PASSWORD, 0);
  SokQueue *queue = sok_queue_open (uri, role, &error);

  g_assert_no_error (error);
  g_assert_nonnull (queue);
  if (role == SOK_QUEUE_ROLE_DSL)
    sok_queue_set_dsl_key (queue, dsl_key);
  return queue;
}

static GBytes *
sealed_for (const char *id)
{
  g_autofree char *text = g_strdup_printf ("sealed bytes of %s \x01\x02", id);

  return g_bytes_new (text, strlen (text) + 1);
}

static void
deliver_ids (SokQueue           *queue,
             const char * const *ids,
             const gboolean     *urgent,
             guint               expect_new)
{
  g_autoptr (GError) error = NULL;
  guint n = g_strv_length ((char **)ids);
  g_autofree SokQueueEnvelope *envs = g_new0 (SokQueueEnvelope, n);
  g_autoptr (GPtrArray) bytes = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  guint n_new = 99;

  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (bytes, sealed_for (ids[i]));
      envs[i].report_id = ids[i];
      envs[i].kiosk_id = "kiosk-hall";
      envs[i].urgent = urgent ? urgent[i] : FALSE;
      envs[i].sealed = g_ptr_array_index (bytes, i);
    }
  sok_queue_deliver (queue, envs, n, &n_new, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_new, ==, expect_new);
}

static void
test_kiosk_delivers_dsl_reads (void)
{
  g_autoptr (SokQueue) kiosk = open_queue (SOK_QUEUE_ROLE_KIOSK);
  g_autoptr (SokQueue) dsl = open_queue (SOK_QUEUE_ROLE_DSL);
  g_autoptr (GPtrArray) cases = NULL;
  g_autoptr (GBytes) sealed = NULL;
  g_autoptr (GBytes) want = sealed_for ("r-b");
  g_autoptr (GError) error = NULL;
  const char *ids[] = { "r-a", "r-b", "r-c", NULL };
  const gboolean urgent[] = { FALSE, TRUE, FALSE };

  deliver_ids (kiosk, ids, urgent, 3);
  /* A retry of the same batch, and an overlapping one, make no second case. */
  deliver_ids (kiosk, ids, urgent, 0);
  {
    const char *more[] = { "r-c", "r-d", NULL };
    deliver_ids (kiosk, more, NULL, 1);
  }

  cases = sok_queue_list_cases (dsl, SOK_CASE_FILTER_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 4);
  /* Urgent first, then newest. */
  g_assert_cmpstr (((SokQueueCase *)cases->pdata[0])->report_id, ==, "r-b");
  g_assert_true (((SokQueueCase *)cases->pdata[0])->urgent);
  g_assert_cmpstr (((SokQueueCase *)cases->pdata[1])->report_id, ==, "r-d");
  g_assert_cmpint (((SokQueueCase *)cases->pdata[1])->status, ==, SOK_CASE_STATUS_NEW);
  g_assert_cmpint (((SokQueueCase *)cases->pdata[1])->received_at, >, 0);

  sealed = sok_queue_open_sealed (dsl, "r-b", "A. Lead", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (sealed, want));

  /* The kiosk side cannot read through the API either. */
  g_assert_null (sok_queue_list_cases (kiosk, SOK_CASE_FILTER_ALL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_PERMISSION);
}

static void
assert_refused (PGconn     *conn,
                const char *sql)
{
  PGresult *res = PQexec (conn, sql);

  g_test_message ("%s → %s", sql, PQresultErrorMessage (res));
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_FATAL_ERROR);
  g_assert_cmpstr (PQresultErrorField (res, PG_DIAG_SQLSTATE), ==, "42501");
  PQclear (res);
}

static void
test_kiosk_role_refused (void)
{
  g_autoptr (SokQueue) kiosk = open_queue (SOK_QUEUE_ROLE_KIOSK);
  const char *ids[] = { "refused-1", NULL };
  PGconn *conn;
  PGresult *res;

  deliver_ids (kiosk, ids, NULL, 1);

  conn = sok_pg_harness_connect (harness, "kiosk1", SOK_PG_KIOSK_PASSWORD);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  assert_refused (conn, "SELECT * FROM sok.envelopes");
  assert_refused (conn, "SELECT report_id FROM sok.envelopes");
  assert_refused (conn, "UPDATE sok.envelopes SET urgent = true");
  assert_refused (conn, "DELETE FROM sok.envelopes");
  assert_refused (conn, "TRUNCATE sok.envelopes");
  assert_refused (conn, "SELECT * FROM sok.audit");
  assert_refused (conn, "SELECT * FROM sok.cases");
  assert_refused (conn, "INSERT INTO sok.audit (id, at, actor, action, prev_hash, hash) VALUES (99, 0, 'x', 'x', 'x', 'x')");
  /* The queue stamps the time; a kiosk cannot back-date a report. */
  assert_refused (conn, "INSERT INTO sok.envelopes (report_id, kiosk_id, sealed, received_at) VALUES ('x', 'k', '\\x01', 1)");
  /* Even RETURNING would read: refused. */
  assert_refused (conn, "INSERT INTO sok.envelopes (report_id, kiosk_id, sealed) VALUES ('y', 'k', '\\x01') RETURNING report_id");

  /* Naming the conflict target needs SELECT on it: refused. */
  assert_refused (conn, "INSERT INTO sok.envelopes (report_id, kiosk_id, sealed) VALUES ('refused-1', 'k', '\\x01') ON CONFLICT (report_id) DO NOTHING");
  /* A bare INSERT … ON CONFLICT DO NOTHING works with INSERT privilege alone. */
  res = PQexec (conn, "INSERT INTO sok.envelopes (report_id, kiosk_id, sealed) VALUES ('refused-1', 'k', '\\x01') ON CONFLICT DO NOTHING");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);
  g_assert_cmpstr (PQcmdTuples (res), ==, "0");
  PQclear (res);
  PQfinish (conn);

  /* The DSL may not change or delete envelopes or audit entries either. */
  conn = sok_pg_harness_connect (harness, "dsl1", SOK_PG_DSL_PASSWORD);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  assert_refused (conn, "UPDATE sok.envelopes SET urgent = true");
  assert_refused (conn, "DELETE FROM sok.envelopes");
  assert_refused (conn, "DELETE FROM sok.audit");
  assert_refused (conn, "UPDATE sok.audit SET actor = 'x'");
  PQfinish (conn);
}

static void
news_cb (SokQueue *queue,
         gpointer  user_data)
{
  (*(guint *)user_data)++;
}

static void
test_notify_reaches_dsl (void)
{
  g_autoptr (SokQueue) kiosk = open_queue (SOK_QUEUE_ROLE_KIOSK);
  g_autoptr (SokQueue) dsl = open_queue (SOK_QUEUE_ROLE_DSL);
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (GSource) source = NULL;
  g_autoptr (GError) error = NULL;
  const char *ids[] = { "notify-1", NULL };
  guint news = 0;
  gint64 deadline;

  source = sok_queue_create_watch (dsl, news_cb, &news, NULL, &error);
  g_assert_no_error (error);
  g_source_attach (source, context);

  /* Nothing arrives: nothing is announced. */
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 5;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (context, FALSE);
  g_assert_cmpuint (news, ==, 0);

  deliver_ids (kiosk, ids, NULL, 1);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (news == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (context, FALSE);
  g_assert_cmpuint (news, ==, 1);
  g_source_destroy (source);
}

static void
test_password_never_in_messages (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *wrong_pw = sok_pg_harness_uri (harness, "dsl1", "Wr0ng-Passw0rd", 0);
  g_autofree char *wrong_port = sok_pg_harness_uri (harness, "kiosk1", SOK_PG_KIOSK_PASSWORD,
                                                    harness->port + 1);
  g_autoptr (SokQueue) kiosk = NULL;
  g_autofree char *expected_at = g_strdup_printf ("at %s:%u", harness->dir, harness->port + 1);
  const char *ids[] = { "nowhere-1", NULL };
  g_autoptr (GBytes) sealed = sealed_for ("nowhere-1");
  SokQueueEnvelope env = { ids[0], "kiosk-hall", FALSE, sealed };

  g_assert_null (sok_queue_open (wrong_pw, SOK_QUEUE_ROLE_DSL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_AUTH);
  g_test_message ("%s", error->message);
  g_assert_null (strstr (error->message, "Wr0ng-Passw0rd"));
  g_clear_error (&error);

  kiosk = sok_queue_open (wrong_port, SOK_QUEUE_ROLE_KIOSK, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (sok_queue_get_display_uri (kiosk), SOK_PG_KIOSK_PASSWORD));
  g_assert_false (sok_queue_deliver (kiosk, &env, 1, NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_UNREACHABLE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Could not reach the DSL queue"));
  g_assert_nonnull (strstr (error->message, expected_at));
  g_assert_nonnull (strstr (error->message, "reports wait safely on this kiosk"));
  g_assert_null (strstr (error->message, SOK_PG_KIOSK_PASSWORD));
}

/* Without connect_timeout in the string the queue adds its own (five seconds) beside
 * the string's other settings; none of them may be lost on the way: the host here is
 * the harness's socket directory and the port its own. Both key=value and URI. */
static void
test_default_timeout_keeps_the_rest (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = g_strdup_printf ("postgresql://dsl1:%s@/sokqueue?host=%s&port=%u",
                                          SOK_PG_DSL_PASSWORD, harness->dir, harness->port);
  g_autofree char *conninfo = g_strdup_printf ("user=kiosk1 password=%s dbname=sokqueue "
                                               "host=%s port=%u", SOK_PG_KIOSK_PASSWORD,
                                               harness->dir, harness->port);
  g_autoptr (SokQueue) dsl = sok_queue_open (uri, SOK_QUEUE_ROLE_DSL, &error);
  g_autoptr (SokQueue) kiosk = NULL;
  g_autoptr (GPtrArray) cases = NULL;
  const char *ids[] = { "default-timeout-1", NULL };

  g_assert_no_error (error);
  cases = sok_queue_list_cases (dsl, SOK_CASE_FILTER_ALL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cases);

  kiosk = sok_queue_pg_new (conninfo, SOK_QUEUE_ROLE_KIOSK, &error);
  g_assert_no_error (error);
  deliver_ids (kiosk, ids, NULL, 1);
}

static void
test_audit_tamper_detected (void)
{
  g_autoptr (SokQueue) kiosk = open_queue (SOK_QUEUE_ROLE_KIOSK);
  g_autoptr (SokQueue) dsl = open_queue (SOK_QUEUE_ROLE_DSL);
  g_autoptr (GError) error = NULL;
  const char *ids[] = { "audit-1", "audit-2", NULL };
  guint n = 0;

  deliver_ids (kiosk, ids, NULL, 2);
  g_assert_true (sok_queue_record_view (dsl, "audit-1", "A. Lead", &error));
  g_assert_true (sok_queue_act (dsl, "audit-1", "spoke-with-child", "A. Lead", "Talked at break", NULL, &error));
  g_assert_true (sok_queue_act (dsl, "audit-1", "informed-parents", "A. Lead", NULL, NULL, &error));
  g_assert_true (sok_queue_close_case (dsl, "audit-1", "resolved-in-school", "A. Lead", NULL, &error));
  g_assert_true (sok_queue_record_view (dsl, "audit-2", "B. Deputy", &error));
  g_assert_no_error (error);

  g_assert_true (sok_queue_verify_audit (dsl, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, >=, 5);

  /* Someone with the database's keys edits one entry, getting round the trigger. */
  g_assert_true (sok_pg_harness_exec (harness,
                                      "SET session_replication_role = replica;"
                                      "UPDATE sok.audit SET actor = 'Someone else'"
                                      " WHERE id = (SELECT min (id) + 1 FROM sok.audit"
                                      "             WHERE report_id = 'audit-1');",
                                      &error));
  g_assert_no_error (error);
  g_assert_false (sok_queue_verify_audit (dsl, NULL, NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "was changed"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  harness = sok_pg_harness_start_or_skip ();
  if (harness == NULL)
    return g_test_run ();
  dsl_key = sok_test_new_dsl_key ();

  g_test_add_func ("/queue/pg/kiosk-delivers-dsl-reads", test_kiosk_delivers_dsl_reads);
  g_test_add_func ("/queue/pg/kiosk-role-cannot-read-change-or-delete", test_kiosk_role_refused);
  g_test_add_func ("/queue/pg/notify-reaches-listening-dsl", test_notify_reaches_dsl);
  g_test_add_func ("/queue/pg/password-never-in-messages", test_password_never_in_messages);
  g_test_add_func ("/queue/pg/audit-tamper-detected", test_audit_tamper_detected);
  g_test_add_func ("/queue/pg/default-timeout-keeps-the-rest-of-the-string",
                   test_default_timeout_keeps_the_rest);

  status = g_test_run ();
  sok_pg_harness_free (harness);
  sok_dsl_key_free (dsl_key);
  return status;
}
