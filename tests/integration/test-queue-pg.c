/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-queue-pg"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "sok-case.h"
#include "sok-half-day.h"

#include "pg-harness.h"
#include "sok-case.h"
#include "sok-kiosk.h"
#include "sok-queue.h"
#include "test-util.h"
#include "test-util.h"

static SokPgHarness *harness;
/* The DSL's key: every entry the DSL writes is signed with it. sokctl is given the
 * same file. */
#define PASSPHRASE "a test passphrase, not a real one"
static SokDslKey *dsl_key;
static char *key_dir;

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
  /* Urgent first, then by half-day, then by the random report id: the queue keeps
   * only the half-day a report arrived in (the server's local midnight or noon). */
  g_assert_cmpstr (((SokQueueCase *)cases->pdata[0])->report_id, ==, "r-b");
  g_assert_true (((SokQueueCase *)cases->pdata[0])->urgent);
  g_assert_cmpstr (((SokQueueCase *)cases->pdata[1])->report_id, ==, "r-a");
  g_assert_cmpint (((SokQueueCase *)cases->pdata[1])->status, ==, SOK_CASE_STATUS_NEW);
  g_assert_cmpint (((SokQueueCase *)cases->pdata[1])->received_at, >, 0);
  for (guint i = 0; i < cases->len; i++)
    g_assert_true (sok_half_day_is_start (((SokQueueCase *)cases->pdata[i])->received_at));

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
  res = PQexec (conn, "INSERT INTO sok.envelopes (report_id, sealed) VALUES ('refused-1', '\\x01') ON CONFLICT DO NOTHING");
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

/* A kiosk login's reports are filed under its own name: it leaves kiosk_id out and the
 * queue fills in the login; any other name from a member of sok_kiosk is refused; a
 * superuser (an administrator moving reports by hand) is not held to it. */
static void
test_kiosk_id_is_the_login (void)
{
  g_autoptr (SokQueue) kiosk = open_queue (SOK_QUEUE_ROLE_KIOSK);
  g_autoptr (GError) error = NULL;
  const char *ids[] = { "bound-api", NULL };
  PGconn *conn;
  PGresult *res;

  g_assert_true (sok_pg_harness_exec (harness, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles"
                                      " WHERE rolname = 'kiosk9') THEN CREATE ROLE kiosk9 LOGIN"
                                      " PASSWORD '" SOK_PG_KIOSK_PASSWORD "' IN ROLE sok_kiosk;"
                                      " END IF; END $$", &error));
  g_assert_no_error (error);

  /* Through the API the kiosk names itself "kiosk-hall"; the queue files it as kiosk1. */
  deliver_ids (kiosk, ids, NULL, 1);

  conn = sok_pg_harness_connect (harness, "kiosk1", SOK_PG_KIOSK_PASSWORD);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  assert_refused (conn, "INSERT INTO sok.envelopes (report_id, kiosk_id, sealed) VALUES ('bound-other', 'kiosk9', '\\x01')");
  assert_refused (conn, "INSERT INTO sok.envelopes (report_id, kiosk_id, sealed) VALUES ('bound-other', 'kiosk9', '\\x01') ON CONFLICT DO NOTHING");
  assert_refused (conn, "INSERT INTO sok.envelopes (report_id, kiosk_id, sealed) VALUES ('bound-null', NULL, '\\x01')");
  res = PQexec (conn, "INSERT INTO sok.envelopes (report_id, kiosk_id, sealed) VALUES ('bound-self', 'kiosk1', '\\x01')");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);
  PQclear (res);
  res = PQexec (conn, "INSERT INTO sok.envelopes (report_id, sealed) VALUES ('bound-omitted', '\\x01')");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);
  PQclear (res);

  /* Its key, too, is filed under its login, as pending, and it can set nothing else. */
  res = PQexec (conn, "INSERT INTO sok.kiosks (public_key) VALUES ('" "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" "') ON CONFLICT DO NOTHING");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);
  PQclear (res);
  assert_refused (conn, "INSERT INTO sok.kiosks (public_key, state) VALUES ('BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBA=', 'approved')");
  assert_refused (conn, "INSERT INTO sok.kiosks (public_key, kiosk_id) VALUES ('CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCA=', 'kiosk9')");
  assert_refused (conn, "SELECT * FROM sok.kiosks");
  assert_refused (conn, "UPDATE sok.kiosks SET state = 'approved'");
  PQfinish (conn);

  conn = sok_pg_harness_connect (harness, "kiosk9", SOK_PG_KIOSK_PASSWORD);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  assert_refused (conn, "INSERT INTO sok.envelopes (report_id, kiosk_id, sealed) VALUES ('bound-as-1', 'kiosk1', '\\x01')");
  PQfinish (conn);

  /* The DSL may record decisions on kiosks, but not rename or remove them. */
  conn = sok_pg_harness_connect (harness, "dsl1", SOK_PG_DSL_PASSWORD);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  assert_refused (conn, "UPDATE sok.kiosks SET kiosk_id = 'x'");
  assert_refused (conn, "UPDATE sok.kiosks SET public_key = 'x'");
  assert_refused (conn, "DELETE FROM sok.kiosks");
  assert_refused (conn, "INSERT INTO sok.envelopes (report_id, sealed) VALUES ('by-dsl', '\\x01')");
  PQfinish (conn);

  conn = sok_pg_harness_connect (harness, "postgres", SOK_PG_SUPER_PASSWORD);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  res = PQexec (conn, "INSERT INTO sok.envelopes (report_id, kiosk_id, sealed) VALUES ('moved-by-admin', 'kiosk-old', '\\x01')");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);
  PQclear (res);
  res = PQexec (conn, "SELECT report_id, kiosk_id FROM sok.envelopes WHERE report_id IN"
                " ('bound-api', 'bound-self', 'bound-omitted', 'moved-by-admin', 'bound-other',"
                " 'bound-null', 'bound-as-1') ORDER BY report_id");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (PQntuples (res), ==, 4);
  g_assert_cmpstr (PQgetvalue (res, 0, 0), ==, "bound-api");
  g_assert_cmpstr (PQgetvalue (res, 0, 1), ==, "kiosk1");
  g_assert_cmpstr (PQgetvalue (res, 1, 0), ==, "bound-omitted");
  g_assert_cmpstr (PQgetvalue (res, 1, 1), ==, "kiosk1");
  g_assert_cmpstr (PQgetvalue (res, 2, 0), ==, "bound-self");
  g_assert_cmpstr (PQgetvalue (res, 2, 1), ==, "kiosk1");
  g_assert_cmpstr (PQgetvalue (res, 3, 0), ==, "moved-by-admin");
  g_assert_cmpstr (PQgetvalue (res, 3, 1), ==, "kiosk-old");
  PQclear (res);
  res = PQexec (conn, "SELECT kiosk_id, state FROM sok.kiosks WHERE public_key ="
                " 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='");
  g_assert_cmpint (PQntuples (res), ==, 1);
  g_assert_cmpstr (PQgetvalue (res, 0, 0), ==, "kiosk1");
  g_assert_cmpstr (PQgetvalue (res, 0, 1), ==, "pending");
  PQclear (res);
  PQfinish (conn);
}

/* On PostgreSQL too: a kiosk login gives its key, the DSL login approves it and the
 * decision counts; the result of checking a signature is kept; revoking works. */
static void
test_kiosk_approved_through_dsl_login (void)
{
  g_autoptr (SokQueue) kiosk = open_queue (SOK_QUEUE_ROLE_KIOSK);
  g_autoptr (SokQueue) dsl = open_queue (SOK_QUEUE_ROLE_DSL);
  g_autoptr (SokKioskRegistry) registry = NULL;
  g_autoptr (SokDslKey) key = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sok-kiosk-pg-XXXXXX", &error);
  g_autofree char *keys = g_build_filename (dir, "dsl", NULL);
  g_autofree char *pub = sok_test_make_dsl_keys (keys, "a quiet place to tell", &key);
  guint8 raw[32], secret[64];
  g_autofree char *kiosk_key = NULL;
  g_autofree char *words = NULL;
  const char *ids[] = { "pg-signed", NULL };
  const char *found_key = NULL;
  SokKioskStatus status;

  crypto_sign_keypair (raw, secret);
  kiosk_key = g_base64_encode (raw, sizeof raw);
  words = sok_kiosk_dup_fingerprint_words (kiosk_key);

  g_assert_true (sok_queue_register_kiosk (kiosk, "ignored", kiosk_key, &error));
  g_assert_no_error (error);
  /* Again: nothing changes. */
  g_assert_true (sok_queue_register_kiosk (kiosk, "ignored", kiosk_key, &error));
  g_assert_no_error (error);

  /* The DSL login cannot change a kiosk's row itself, not even its own kind of
   * decision: only through sok.decide_kiosk, which stamps who and when. */
  {
    PGconn *conn = sok_pg_harness_connect (harness, "dsl1", SOK_PG_DSL_PASSWORD);
    g_autofree char *update = g_strdup_printf ("UPDATE sok.kiosks SET state = 'approved',"
                                               " approved_by = 'A. Lead' WHERE public_key = '%s'",
                                               kiosk_key);
    g_autofree char *sign = g_strdup_printf ("SELECT sok.sign_kiosk ('%s', '%064d')", kiosk_key, 0);

    assert_refused (conn, update);
    assert_refused (conn, "UPDATE sok.kiosks SET mac = NULL");
    assert_refused (conn, "DELETE FROM sok.kiosks");
    /* A MAC only for a decision this transaction has just made. */
    assert_refused (conn, sign);
    PQfinish (conn);
  }

  g_assert_true (sok_kiosk_decide (dsl, key, words, SOK_KIOSK_APPROVED, "A. Lead", NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr (GPtrArray) audit = sok_queue_list_audit (dsl, NULL, &error);
    SokAuditEntry *last;
    guint n_entries = 0, n_macs = 0;

    g_assert_no_error (error);
    g_assert_cmpuint (audit->len, >, 0);
    last = g_ptr_array_index (audit, audit->len - 1);
    g_assert_cmpstr (last->action, ==, "kiosk-approve");
    g_assert_cmpstr (last->actor, ==, "A. Lead");
    g_assert_cmpstr (last->login, ==, "dsl1");
    g_assert_nonnull (strstr (last->detail, words));
    g_assert_nonnull (last->mac);
    g_assert_true (sok_queue_verify_audit (dsl, &n_entries, &n_macs, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_macs, ==, n_entries);
  }
  registry = sok_kiosk_registry_load (dsl, key, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < sok_kiosk_registry_get_n_kiosks (registry); i++)
    {
      const SokQueueKiosk *k = sok_kiosk_registry_get_kiosk (registry, i, &status);

      if (g_str_equal (k->public_key, kiosk_key))
        {
          g_assert_cmpstr (k->kiosk_id, ==, "kiosk1");
          g_assert_cmpint (status, ==, SOK_KIOSK_APPROVED);
        }
    }
  g_assert_cmpint (sok_kiosk_registry_check (registry, kiosk_key, g_get_real_time ()), ==,
                   SOK_SIGNATURE_VALID);

  deliver_ids (kiosk, ids, NULL, 1);
  g_assert_true (sok_kiosk_registry_remember (registry, dsl, key, "pg-signed", "good", kiosk_key,
                                              &error));
  g_assert_no_error (error);
  g_clear_pointer (&registry, sok_kiosk_registry_free);
  registry = sok_kiosk_registry_load (dsl, key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sok_kiosk_registry_get_check (registry, "pg-signed", &found_key), ==, "good");
  g_assert_cmpstr (found_key, ==, kiosk_key);

  g_assert_true (sok_kiosk_decide (dsl, key, words, SOK_KIOSK_REVOKED, "A. Lead", NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr (GPtrArray) audit = sok_queue_list_audit (dsl, NULL, &error);
    SokAuditEntry *last = g_ptr_array_index (audit, audit->len - 1);

    g_assert_cmpstr (last->action, ==, "kiosk-revoke");
    g_assert_cmpstr (last->login, ==, "dsl1");
  }
  /* Revoking is final, on the server too, whatever the client. */
  {
    PGconn *conn = sok_pg_harness_connect (harness, "dsl1", SOK_PG_DSL_PASSWORD);
    g_autofree char *approve = g_strdup_printf ("SELECT * FROM sok.decide_kiosk ('%s', 'A. Lead',"
                                                " 'approved', false, NULL)", kiosk_key);

    assert_refused (conn, approve);
    PQfinish (conn);
  }
  g_clear_pointer (&registry, sok_kiosk_registry_free);
  registry = sok_kiosk_registry_load (dsl, key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sok_kiosk_registry_check (registry, kiosk_key, g_get_real_time ()), ==,
                   SOK_SIGNATURE_REVOKED);
  sok_test_remove_tree (dir);
}

static void
news_cb (SokQueue *queue,
         gpointer  user_data)
{
  (*(guint *)user_data)++;
}

static void
test_news_reaches_dsl (void)
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

/* Takes the last audit entry out again, as only the superuser can, so that the tests
 * that follow start from a log that verifies. */
static void
remove_last_entry (SokQueue *dsl)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (sok_pg_harness_exec (harness,
    "DROP TRIGGER audit_append_only ON sok.audit;"
    "DELETE FROM sok.actions WHERE audit_id = (SELECT last_id FROM sok.audit_head);"
    "DELETE FROM sok.audit WHERE id = (SELECT last_id FROM sok.audit_head);"
    "UPDATE sok.audit_head SET last_id = last_id - 1,"
    "  last_hash = (SELECT hash FROM sok.audit WHERE id = (SELECT last_id - 1 FROM sok.audit_head));"
    "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON sok.audit"
    "  FOR EACH ROW EXECUTE FUNCTION sok.refuse_audit_change ();", &error));
  g_assert_no_error (error);
  g_assert_true (sok_queue_verify_audit (dsl, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* The DSL's login cannot write the case record or the audit log except through the
 * functions that stamp who and when, nor read a sealed report without a view being
 * recorded. */
static void
test_dsl_role_writes_only_through_functions (void)
{
  g_autoptr (SokQueue) kiosk = open_queue (SOK_QUEUE_ROLE_KIOSK);
  g_autoptr (SokQueue) dsl = open_queue (SOK_QUEUE_ROLE_DSL);
  g_autoptr (GError) error = NULL;
  const char *ids[] = { "authorship-1", NULL };
  PGconn *conn;
  PGresult *res;

  deliver_ids (kiosk, ids, NULL, 1);
  g_assert_true (sok_queue_act (dsl, "authorship-1", "spoke-with-child", "A. Lead", NULL, NULL,
                                &error));
  g_assert_no_error (error);

  conn = sok_pg_harness_connect (harness, "dsl1", SOK_PG_DSL_PASSWORD);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  assert_refused (conn, "INSERT INTO sok.audit (id, at, actor, action, prev_hash, hash)"
                        " VALUES (999999, 0, 'A. Lead', 'view', 'x', 'x')");
  assert_refused (conn, "UPDATE sok.audit_head SET last_id = 0");
  assert_refused (conn, "UPDATE sok.cases SET status = 'closed', outcome = 'resolved-in-school'");
  assert_refused (conn, "INSERT INTO sok.cases (report_id, status, updated_at)"
                        " VALUES ('authorship-1', 'new', 0)");
  assert_refused (conn, "INSERT INTO sok.actions (report_id, kind, by_name, at)"
                        " VALUES ('authorship-1', 'informed-parents', 'Someone else', 0)");
  assert_refused (conn, "UPDATE sok.actions SET by_name = 'Someone else'");
  assert_refused (conn, "SELECT sealed FROM sok.envelopes");
  assert_refused (conn, "SELECT * FROM sok.envelopes");
  assert_refused (conn, "INSERT INTO sok.audit_mac VALUES (1, repeat ('0', 64))");
  /* The internals the functions use are not the DSL's to call. */
  assert_refused (conn, "SELECT sok.append_audit (0, 'x', 'action', NULL, NULL)");

  /* A MAC is taken only for the entry the same transaction has just written: not for
   * an older one, and not in a later transaction. */
  res = PQexec (conn, "SELECT sok.sign_audit ((SELECT max (id) FROM sok.audit), repeat ('0', 64),"
                      " NULL)");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_FATAL_ERROR);
  g_assert_cmpstr (PQresultErrorField (res, PG_DIAG_SQLSTATE), ==, "42501");
  PQclear (res);

  /* Through the function, the server stamps the login and the time, whatever name the
   * DSL gives. */
  res = PQexec (conn, "SELECT entry_login, entry_actor, entry_at FROM sok.record"
                      " ('authorship-1', 'A. Lead', 'action', 'informed-parents',"
                      "  'informed-parents', NULL, NULL, NULL, NULL)");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  g_assert_cmpstr (PQgetvalue (res, 0, 0), ==, "dsl1");
  g_assert_cmpstr (PQgetvalue (res, 0, 1), ==, "A. Lead");
  g_assert_cmpint (llabs (g_ascii_strtoll (PQgetvalue (res, 0, 2), NULL, 10) - g_get_real_time ()),
                   <, 60 * G_USEC_PER_SEC);
  PQclear (res);
  /* Views go through sok.open_report only. */
  res = PQexec (conn, "SELECT * FROM sok.record ('authorship-1', 'A. Lead', 'view', NULL,"
                      " NULL, NULL, NULL, NULL, NULL)");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_FATAL_ERROR);
  PQclear (res);
  PQfinish (conn);

  /* That entry carries no MAC: verify-audit, with the key, names it. */
  g_assert_false (sok_queue_verify_audit (dsl, NULL, NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "not signed with the DSL key"));
  g_clear_error (&error);

  g_clear_error (&error);
  remove_last_entry (dsl);
}

/* Reading a report records a view, stamped with the login, whether the console
 * reads it or someone reads it with psql (through sok.open_report, the only way
 * there is); the second has no MAC, and verify-audit says so. */
static void
test_reading_a_report_records_a_view (void)
{
  g_autoptr (SokQueue) kiosk = open_queue (SOK_QUEUE_ROLE_KIOSK);
  g_autoptr (SokQueue) dsl = open_queue (SOK_QUEUE_ROLE_DSL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) audit = NULL;
  g_autoptr (GBytes) sealed = NULL;
  g_autoptr (GBytes) want = sealed_for ("viewed-1");
  g_autoptr (SokQueueCase) item = NULL;
  const char *ids[] = { "viewed-1", NULL };
  SokAuditEntry *e;
  PGconn *conn;
  PGresult *res;

  deliver_ids (kiosk, ids, NULL, 1);
  audit = sok_queue_list_audit (dsl, "viewed-1", &error);
  g_assert_cmpuint (audit->len, ==, 0);
  g_clear_pointer (&audit, g_ptr_array_unref);

  sealed = sok_queue_open_sealed (dsl, "viewed-1", "A. Lead", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (sealed, want));
  audit = sok_queue_list_audit (dsl, "viewed-1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
  e = audit->pdata[0];
  g_assert_cmpstr (e->action, ==, "view");
  g_assert_cmpstr (e->actor, ==, "A. Lead");
  g_assert_cmpstr (e->login, ==, "dsl1");
  g_assert_cmpint (e->version, ==, 2);
  g_assert_nonnull (e->mac);
  item = sok_queue_get_case (dsl, "viewed-1", &error);
  g_assert_cmpint (item->status, ==, SOK_CASE_STATUS_OPEN);
  g_clear_pointer (&audit, g_ptr_array_unref);

  conn = sok_pg_harness_connect (harness, "dsl1", SOK_PG_DSL_PASSWORD);
  res = PQexec (conn, "SELECT entry_sealed FROM sok.open_report ('viewed-1', 'B. Deputy', NULL)");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (PQntuples (res), ==, 1);
  PQclear (res);
  PQfinish (conn);

  audit = sok_queue_list_audit (dsl, "viewed-1", &error);
  g_assert_cmpuint (audit->len, ==, 2);
  e = audit->pdata[1];
  g_assert_cmpstr (e->action, ==, "view");
  g_assert_cmpstr (e->actor, ==, "B. Deputy");
  g_assert_cmpstr (e->login, ==, "dsl1");
  g_assert_null (e->mac);
  g_assert_false (sok_queue_verify_audit (dsl, NULL, NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "view by B. Deputy"));
  g_assert_nonnull (strstr (error->message, "not signed with the DSL key"));
  remove_last_entry (dsl);
}

/* What someone with the server's superuser can do: drop the trigger, edit an entry
 * and recompute every hash after it, and the head, as data/sql/postgresql-setup.sql
 * shows how. The links then hold; the MACs do not, and no one without dsl.key can
 * make new ones. The log is put back afterwards for the tests that follow. */
static void
test_recomputed_chain_fails_its_signatures (void)
{
  g_autoptr (SokQueue) kiosk = open_queue (SOK_QUEUE_ROLE_KIOSK);
  g_autoptr (SokQueue) dsl = open_queue (SOK_QUEUE_ROLE_DSL);
  g_autoptr (GError) error = NULL;
  g_autofree char *rewrite = NULL;
  g_autofree char *uri = sok_pg_harness_uri (harness, "dsl1", SOK_PG_DSL_PASSWORD, 0);
  g_autofree char *tmp = g_dir_make_tmp ("sok-verify-XXXXXX", &error);
  g_autofree char *passphrase = g_build_filename (tmp, "passphrase", NULL);
  g_autofree char *key_path = g_build_filename (key_dir, "dsl.key", NULL);
  g_auto (SokTestRun) run = { 0 };
  const char *ids[] = { "rewrite-1", NULL };
  guint n_macs = 0;
  gint64 target;

  g_assert_true (g_file_set_contents (passphrase, PASSPHRASE "\n", -1, &error));

  deliver_ids (kiosk, ids, NULL, 1);
  g_assert_true (sok_queue_record_view (dsl, "rewrite-1", "A. Lead", &error));
  g_assert_true (sok_queue_act (dsl, "rewrite-1", "referred-police", "A. Lead", "Crime ref 9",
                                NULL, &error));
  g_assert_true (sok_queue_close_case (dsl, "rewrite-1", "resolved-in-school", "A. Lead", NULL,
                                       &error));
  g_assert_no_error (error);
  {
    g_autoptr (GPtrArray) audit = sok_queue_list_audit (dsl, "rewrite-1", &error);

    target = ((SokAuditEntry *)audit->pdata[1])->id;
  }

  rewrite = g_strdup_printf (
    "CREATE TABLE sok.audit_saved AS SELECT * FROM sok.audit;"
    "CREATE TABLE sok.head_saved AS SELECT * FROM sok.audit_head;"
    "DROP TRIGGER audit_append_only ON sok.audit;"
    "UPDATE sok.audit SET actor = 'Someone else' WHERE id = %" G_GINT64_FORMAT ";"
    "DO $$ DECLARE r record; prev text; BEGIN"
    "  SELECT prev_hash INTO prev FROM sok.audit WHERE id = %" G_GINT64_FORMAT ";"
    "  FOR r IN SELECT * FROM sok.audit WHERE id >= %" G_GINT64_FORMAT " ORDER BY id LOOP"
    "    UPDATE sok.audit SET prev_hash = prev, hash = encode (sha256 (convert_to ("
    "      'sok-audit-v2' || E'\\n' || r.id || E'\\n' || r.at || E'\\n' ||"
    "      sok.audit_field (r.login) || sok.audit_field (r.actor) || sok.audit_field (r.action) ||"
    "      sok.audit_field (r.report_id) || sok.audit_field (r.detail_digest) ||"
    "      sok.audit_field (prev), 'UTF8')), 'hex') WHERE id = r.id RETURNING hash INTO prev;"
    "  END LOOP;"
    "  UPDATE sok.audit_head SET last_hash = prev WHERE id = 1;"
    "END $$;", target, target, target);
  g_assert_true (sok_pg_harness_exec (harness, rewrite, &error));
  g_assert_no_error (error);

  /* The edit is there, and every link holds. */
  {
    g_autoptr (GPtrArray) audit = sok_queue_list_audit (dsl, "rewrite-1", &error);
    SokAuditEntry *e = audit->pdata[1];
    g_autofree char *hash = sok_audit_entry_compute_hash_v2 (e);

    g_assert_cmpstr (e->actor, ==, "Someone else");
    g_assert_cmpstr (hash, ==, e->hash);
  }
  /* With the key, verify-audit finds it: sokctl as the DSL runs it, and the core. */
  sok_test_sokctl (&run, "queue", "verify-audit", "--queue", uri, "--key", key_path,
                   "--passphrase-file", passphrase, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_test_message ("%s", run.err);
  g_assert_nonnull (strstr (run.err, "does not carry the DSL key's signature"));
  g_assert_nonnull (strstr (run.err, "Someone else"));
  g_assert_false (sok_queue_verify_audit (dsl, NULL, &n_macs, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_clear_error (&error);

  /* Put the log back as it was. */
  g_assert_true (sok_pg_harness_exec (harness,
    "UPDATE sok.audit a SET actor = s.actor, prev_hash = s.prev_hash, hash = s.hash"
    "  FROM sok.audit_saved s WHERE a.id = s.id;"
    "UPDATE sok.audit_head h SET last_id = s.last_id, last_hash = s.last_hash"
    "  FROM sok.head_saved s WHERE h.id = s.id;"
    "DROP TABLE sok.audit_saved, sok.head_saved;"
    "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON sok.audit"
    "  FOR EACH ROW EXECUTE FUNCTION sok.refuse_audit_change ();", &error));
  g_assert_no_error (error);
  sok_test_remove_tree (tmp);
}

/* The chain holds an action's kind, not its note: someone with the server's keys who
 * rewrites a note in sok.actions is found by the action's own MAC. */
static void
test_edited_note_fails_its_signature (void)
{
  g_autoptr (SokQueue) kiosk = open_queue (SOK_QUEUE_ROLE_KIOSK);
  g_autoptr (SokQueue) dsl = open_queue (SOK_QUEUE_ROLE_DSL);
  g_autoptr (GError) error = NULL;
  const char *ids[] = { "note-1", NULL };

  deliver_ids (kiosk, ids, NULL, 1);
  g_assert_true (sok_queue_act (dsl, "note-1", "informed-parents", "A. Lead",
                                "Rang mum at four; she will come in", NULL, &error));
  g_assert_true (sok_queue_verify_audit (dsl, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (sok_pg_harness_exec (harness, "UPDATE sok.actions SET note = 'Nothing to worry"
                                      " about' WHERE report_id = 'note-1'", &error));
  g_assert_false (sok_queue_verify_audit (dsl, NULL, NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "note-1"));
  g_assert_nonnull (strstr (error->message, "was changed after it was written"));
  g_clear_error (&error);

  /* Deleting it instead leaves its entry without it. */
  g_assert_true (sok_pg_harness_exec (harness, "CREATE TABLE sok.actions_saved AS"
                                      " SELECT * FROM sok.actions WHERE report_id = 'note-1';"
                                      "DELETE FROM sok.actions WHERE report_id = 'note-1'", &error));
  g_assert_false (sok_queue_verify_audit (dsl, NULL, NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "is missing (deleted)"));
  g_clear_error (&error);

  g_assert_true (sok_pg_harness_exec (harness, "INSERT INTO sok.actions SELECT * FROM sok.actions_saved;"
                                      "DROP TABLE sok.actions_saved;"
                                      "UPDATE sok.actions SET note = 'Rang mum at four; she will"
                                      " come in' WHERE report_id = 'note-1'", &error));
  g_assert_true (sok_queue_verify_audit (dsl, NULL, NULL, &error));
  g_assert_no_error (error);
}

static char *
uri_for_database (const char *user,
                  const char *password,
                  const char *database)
{
  g_autofree char *uri = sok_pg_harness_uri (harness, user, password, 0);
  g_auto (GStrv) parts = g_strsplit (uri, "/sokqueue?", 2);
  g_autofree char *with = g_strdup_printf ("/%s?", database);

  return g_strjoinv (with, parts);
}

static void
exec_as (const char *uri,
         const char *sql)
{
  PGconn *conn = PQconnectdb (uri);
  PGresult *res;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  PQclear (PQexec (conn, "SET client_min_messages = warning"));
  res = PQexec (conn, sql);
  if (PQresultStatus (res) != PGRES_COMMAND_OK && PQresultStatus (res) != PGRES_TUPLES_OK)
    g_error ("%s", PQresultErrorMessage (res));
  PQclear (res);
  PQfinish (conn);
}

/* A queue set up by the first version, with entries its DSL wrote directly, is
 * upgraded by running the setup script again: the old entries still verify, new
 * ones are stamped and signed, and the old rights are gone. */
static void
test_first_version_queue_is_upgraded (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *admin = uri_for_database ("postgres", SOK_PG_SUPER_PASSWORD, "postgres");
  g_autofree char *super = uri_for_database ("postgres", SOK_PG_SUPER_PASSWORD, "sokold");
  g_autofree char *dsl_uri = uri_for_database ("dsl1", SOK_PG_DSL_PASSWORD, "sokold");
  g_autofree char *kiosk_uri = uri_for_database ("kiosk1", SOK_PG_KIOSK_PASSWORD, "sokold");
  g_autofree char *v1_path = g_test_build_filename (G_TEST_DIST, "integration", "data",
                                                    "postgresql-setup-v1.sql", NULL);
  g_autofree char *setup_path = g_build_filename (g_getenv ("SOK_SOURCE_ROOT"), "data", "sql",
                                                  "postgresql-setup.sql", NULL);
  g_autofree char *v1 = NULL;
  g_autofree char *setup = NULL;
  g_autofree char *hash1 = sok_audit_entry_compute_hash (1, 1000, "A. Lead", "view", "old-1",
                                                         NULL, SOK_AUDIT_GENESIS_HASH);
  g_autofree char *old_writes = NULL;
  g_autoptr (SokQueue) kiosk = NULL;
  g_autoptr (SokQueue) dsl = NULL;
  g_autoptr (GPtrArray) audit = NULL;
  const char *ids[] = { "old-2", NULL };
  guint n = 0, n_macs = 0;
  PGconn *conn;

  g_assert_true (g_file_get_contents (v1_path, &v1, NULL, &error));
  g_assert_true (g_file_get_contents (setup_path, &setup, NULL, &error));
  g_assert_no_error (error);
  exec_as (admin, "CREATE DATABASE sokold");
  exec_as (super, v1);
  /* What the first version's DSL wrote, with the rights it had. */
  old_writes = g_strdup_printf (
    "INSERT INTO sok.envelopes (report_id, kiosk_id, sealed) VALUES ('old-1', 'kiosk-hall', '\\x01');"
    "INSERT INTO sok.cases VALUES ('old-1', 'open', NULL, 1000);"
    "INSERT INTO sok.audit VALUES (1, 1000, 'A. Lead', 'view', 'old-1', NULL, '%s', '%s');"
    "UPDATE sok.audit_head SET last_id = 1, last_hash = '%s';",
    SOK_AUDIT_GENESIS_HASH, hash1, hash1);
  exec_as (super, old_writes);

  /* Not upgraded yet: the console refuses it, and says what to do. */
  g_assert_null (sok_queue_open (dsl_uri, SOK_QUEUE_ROLE_DSL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_SCHEMA);
  g_assert_nonnull (strstr (error->message, "postgresql-setup.sql again"));
  g_clear_error (&error);

  exec_as (super, setup);

  dsl = sok_queue_open (dsl_uri, SOK_QUEUE_ROLE_DSL, &error);
  g_assert_no_error (error);
  sok_queue_set_dsl_key (dsl, dsl_key);
  kiosk = sok_queue_open (kiosk_uri, SOK_QUEUE_ROLE_KIOSK, &error);
  deliver_ids (kiosk, ids, NULL, 1);
  g_assert_true (sok_queue_record_view (dsl, "old-2", "A. Lead", &error));
  g_assert_true (sok_queue_close_case (dsl, "old-1", "resolved-in-school", "A. Lead", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sok_queue_verify_audit (dsl, &n, &n_macs, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (n_macs, ==, 2);
  audit = sok_queue_list_audit (dsl, NULL, &error);
  g_assert_cmpint (((SokAuditEntry *)audit->pdata[0])->version, ==, 1);
  g_assert_cmpstr (((SokAuditEntry *)audit->pdata[2])->login, ==, "dsl1");

  conn = PQconnectdb (dsl_uri);
  assert_refused (conn, "UPDATE sok.audit_head SET last_id = 0");
  assert_refused (conn, "UPDATE sok.cases SET status = 'new'");
  assert_refused (conn, "SELECT sealed FROM sok.envelopes");
  PQfinish (conn);

  g_clear_object (&dsl);
  g_clear_object (&kiosk);
  exec_as (admin, "DROP DATABASE sokold");
}

/* Every channel name a kiosk login could think of: the words of every function body,
 * trigger and relation it can read, and the names the queue ever used. */
static GPtrArray *
channel_names (PGconn *conn)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  static const char * const known[] = { "sok_queue", "sok", "queue", "envelopes", "new",
                                        "urgent", "report", "reports", "*", "%", "_", NULL };
  PGresult *res = PQexec (conn, "SELECT prosrc FROM pg_proc UNION ALL"
                                " SELECT tgname::text FROM pg_trigger UNION ALL"
                                " SELECT relname::text FROM pg_class UNION ALL"
                                " SELECT nspname::text FROM pg_namespace");
  g_autoptr (GRegex) word = g_regex_new ("[A-Za-z_][A-Za-z0-9_]*", 0, 0, NULL);

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  for (guint i = 0; known[i] != NULL; i++)
    g_ptr_array_add (names, g_strdup (known[i]));
  for (int r = 0; r < PQntuples (res); r++)
    {
      g_autoptr (GMatchInfo) match = NULL;

      g_regex_match (word, PQgetvalue (res, r, 0), 0, &match);
      for (; g_match_info_matches (match); g_match_info_next (match, NULL))
        {
          char *name = g_match_info_fetch (match, 0);

          if (strlen (name) < 64 && g_hash_table_add (seen, name))
            g_ptr_array_add (names, name);
          else
            g_free (name);
        }
    }
  PQclear (res);
  /* The hash table borrowed the names; the array owns them. */
  g_hash_table_steal_all (seen);
  return names;
}

/* A kiosk login that LISTENs on every channel it can name hears nothing while
 * another kiosk's reports arrive, urgent or not; nor can it see them arrive in the
 * statistics, the size of the table, the locks, the WAL or the transaction counter. */
static void
test_kiosk_login_hears_nothing (void)
{
  g_autoptr (SokQueue) other_kiosk = NULL;
  g_autoptr (GPtrArray) names = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *other_uri = sok_pg_harness_uri (harness, "kiosk2", SOK_PG_KIOSK_PASSWORD, 0);
  const char *ids[] = { "heard-1", "heard-2", NULL };
  const gboolean urgent[] = { TRUE, FALSE };
  PGconn *conn = sok_pg_harness_connect (harness, "kiosk1", SOK_PG_KIOSK_PASSWORD);
  PGresult *res;
  PGnotify *notify;
  gint64 deadline;
  guint heard = 0;
  static const char * const observers[] = {
    "SELECT pg_stat_get_tuples_inserted ('sok.envelopes'::regclass)",
    "SELECT pg_stat_get_live_tuples ('sok.envelopes'::regclass)",
    "SELECT pg_stat_get_xact_tuples_inserted ('sok.envelopes'::regclass)",
    "SELECT pg_stat_get_db_tuples_inserted (oid) FROM pg_database",
    "SELECT pg_relation_size ('sok.envelopes')",
    "SELECT pg_total_relation_size ('sok.envelopes')",
    "SELECT pg_table_size ('sok.envelopes')",
    "SELECT pg_indexes_size ('sok.envelopes')",
    "SELECT n_tup_ins FROM pg_stat_user_tables",
    "SELECT n_tup_ins FROM pg_stat_all_tables",
    "SELECT n_tup_ins FROM pg_stat_xact_user_tables",
    "SELECT heap_blks_hit FROM pg_statio_user_tables",
    "SELECT tup_inserted FROM pg_stat_database",
    "SELECT state FROM pg_stat_activity",
    "SELECT * FROM pg_locks",
    "SELECT pg_current_wal_lsn ()",
    "SELECT txid_current ()",
    "SELECT pg_current_xact_id ()",
    "SELECT pg_current_snapshot ()",
    "SELECT pg_xact_status ('1'::xid8)",
    NULL };

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  g_assert_true (sok_pg_harness_exec (harness, "CREATE ROLE kiosk2 LOGIN PASSWORD '"
                                      SOK_PG_KIOSK_PASSWORD "' IN ROLE sok_kiosk", &error));
  g_assert_no_error (error);
  other_kiosk = sok_queue_open (other_uri, SOK_QUEUE_ROLE_KIOSK, &error);
  g_assert_no_error (error);

  names = channel_names (conn);
  g_test_message ("listening on %u channels", names->len);
  for (guint i = 0; i < names->len; i++)
    {
      char *quoted = PQescapeIdentifier (conn, names->pdata[i], strlen (names->pdata[i]));
      g_autofree char *sql = g_strdup_printf ("LISTEN %s", quoted);

      PQfreemem (quoted);
      res = PQexec (conn, sql);
      g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);
      PQclear (res);
    }
  /* There is no wildcard: these are refused or name a channel called "*". */
  for (guint i = 0; i < 2; i++)
    PQclear (PQexec (conn, i == 0 ? "LISTEN *" : "LISTEN sok_%"));

  deliver_ids (other_kiosk, ids, urgent, 2);

  /* A DSL console would have heard by now (it asks twice a second). */
  deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_assert_true (PQconsumeInput (conn));
      while ((notify = PQnotifies (conn)) != NULL)
        {
          g_test_message ("heard “%s” on channel %s", notify->extra, notify->relname);
          heard++;
          PQfreemem (notify);
        }
      g_usleep (50000);
    }
  g_assert_cmpuint (heard, ==, 0);

  for (guint i = 0; observers[i] != NULL; i++)
    assert_refused (conn, observers[i]);

  PQfinish (conn);
}

/* Nothing in the queue sends a NOTIFY: any login may LISTEN, whatever the channel. */
static void
test_queue_never_notifies (void)
{
  PGconn *conn = sok_pg_harness_connect (harness, "postgres", SOK_PG_SUPER_PASSWORD);
  PGresult *res = PQexec (conn, "SELECT p.proname FROM pg_proc p"
                                " JOIN pg_namespace n ON n.oid = p.pronamespace"
                                " WHERE n.nspname = 'sok'"
                                "   AND (p.prosrc ILIKE '%notify%')");

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (PQntuples (res), ==, 0);
  PQclear (res);

  /* The one trigger on envelopes binds kiosk_id to the login, and sends nothing (its
   * function is among those checked above). */
  res = PQexec (conn, "SELECT tgname FROM pg_trigger WHERE tgrelid = 'sok.envelopes'::regclass"
                      "  AND NOT tgisinternal");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (PQntuples (res), ==, 1);
  g_assert_cmpstr (PQgetvalue (res, 0, 0), ==, "envelopes_bind_kiosk");
  PQclear (res);

  /* Every function that runs as its owner has a path it cannot be tricked by. */
  res = PQexec (conn, "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                      " WHERE n.nspname = 'sok' AND p.prosecdef AND NOT"
                      "  ('search_path=pg_catalog, pg_temp' = ANY (p.proconfig))");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (PQntuples (res), ==, 0);
  PQclear (res);
  PQfinish (conn);
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
  key_dir = g_dir_make_tmp ("sok-queue-pg-key-XXXXXX", NULL);
  g_free (sok_test_make_dsl_keys (key_dir, PASSPHRASE, &dsl_key));

  g_test_add_func ("/queue/pg/kiosk-delivers-dsl-reads", test_kiosk_delivers_dsl_reads);
  g_test_add_func ("/queue/pg/kiosk-role-cannot-read-change-or-delete", test_kiosk_role_refused);
  g_test_add_func ("/queue/pg/new-reports-reach-a-watching-dsl", test_news_reaches_dsl);
  g_test_add_func ("/queue/pg/kiosk-id-is-bound-to-the-login", test_kiosk_id_is_the_login);
  g_test_add_func ("/queue/pg/kiosk-approved-through-the-dsl-login",
                   test_kiosk_approved_through_dsl_login);
  g_test_add_func ("/queue/pg/password-never-in-messages", test_password_never_in_messages);
  g_test_add_func ("/queue/pg/dsl-role-writes-only-through-functions",
                   test_dsl_role_writes_only_through_functions);
  g_test_add_func ("/queue/pg/reading-a-report-records-a-view", test_reading_a_report_records_a_view);
  g_test_add_func ("/queue/pg/queue-never-notifies", test_queue_never_notifies);
  g_test_add_func ("/queue/pg/kiosk-login-listening-on-every-channel-hears-nothing",
                   test_kiosk_login_hears_nothing);
  g_test_add_func ("/queue/pg/audit-recomputed-end-to-end-fails-its-signatures",
                   test_recomputed_chain_fails_its_signatures);
  g_test_add_func ("/queue/pg/an-edited-note-fails-its-signature",
                   test_edited_note_fails_its_signature);
  g_test_add_func ("/queue/pg/a-first-version-queue-is-upgraded",
                   test_first_version_queue_is_upgraded);
  /* Last: it leaves the log edited. */
  g_test_add_func ("/queue/pg/audit-tamper-detected", test_audit_tamper_detected);
  g_test_add_func ("/queue/pg/default-timeout-keeps-the-rest-of-the-string",
                   test_default_timeout_keeps_the_rest);

  status = g_test_run ();
  sok_pg_harness_free (harness);
  sok_dsl_key_free (dsl_key);
  sok_test_remove_tree (key_dir);
  g_free (key_dir);
  return status;
}
