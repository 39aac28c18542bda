/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-delivery-pg"

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pg-harness.h"
#include "silent-endpoint.h"
#include "sok-config.h"
#include "sok-outbox.h"
#include "sok-queue.h"
#include "sok-report.h"
#include "sok-seal.h"
#include "sok-store.h"
#include "sok-sync-private.h"
#include "test-util.h"

/* Delivery from a kiosk's outbox to a real PostgreSQL queue when things go wrong: the
 * server stopped in the middle of delivering (and started again), and a queue
 * address that reaches nothing. Reports are made as the kiosk makes them (draft →
 * seal → durable commit) and checked at the end by opening them with the DSL key. */

#define PASSPHRASE "a quiet place to tell"

static SokPgHarness *harness;

typedef struct
{
  char      *root;
  char      *data_dir;
  SokDslKey *key;
  SokStore  *store;
} Kiosk;

static void
kiosk_clear (Kiosk *kiosk)
{
  g_clear_object (&kiosk->store);
  g_clear_pointer (&kiosk->key, sok_dsl_key_free);
  if (kiosk->root != NULL)
    sok_test_remove_tree (kiosk->root);
  g_clear_pointer (&kiosk->root, g_free);
  g_clear_pointer (&kiosk->data_dir, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Kiosk, kiosk_clear)

static void
set_queue (Kiosk      *kiosk,
           const char *uri)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokConfig) config = sok_config_load (kiosk->data_dir, &error);

  g_assert_no_error (error);
  g_assert_true (sok_config_set_value (config, "queue", uri, &error));
  g_assert_true (sok_config_save (config, &error));
  g_assert_no_error (error);
}

static void
kiosk_init (Kiosk      *kiosk,
            const char *kiosk_id,
            const char *queue_uri)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *keys_dir = NULL;
  g_autofree char *public_key = NULL;

  kiosk->root = g_dir_make_tmp ("sok-delivery-XXXXXX", &error);
  g_assert_no_error (error);
  kiosk->data_dir = g_build_filename (kiosk->root, "kiosk", NULL);
  keys_dir = g_build_filename (kiosk->root, "dsl", NULL);
  public_key = sok_test_make_dsl_keys (keys_dir, PASSPHRASE, &kiosk->key);

  sok_test_write_kiosk_config (kiosk->data_dir, kiosk_id, public_key, queue_uri);

  kiosk->store = sok_store_open (kiosk->data_dir, &error);
  g_assert_no_error (error);
}

static char *
report_text (const char *kiosk_id,
             guint       n)
{
  return g_strdup_printf ("%s report %u: someone said unkind things 😢 في اللعبة", kiosk_id, n);
}

/* Sends @n reports as the kiosk's Send does; returns their ids, in order. */
static GPtrArray *
send_reports (Kiosk      *kiosk,
              const char *kiosk_id,
              guint       n)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokConfig) config = sok_config_load (kiosk->data_dir, &error);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (SokReportDraft) draft = sok_report_draft_new ();
      g_autofree char *text = report_text (kiosk_id, i);
      char *id = NULL;

      sok_report_draft_set_category (draft, "unkind-to-me", "conduct");
      sok_report_draft_set_text (draft, text, -1);
      sok_report_draft_set_urgent (draft, i % 17 == 0);
      g_assert_true (sok_report_send (kiosk->store, config, draft, &id, &error));
      g_assert_no_error (error);
      g_ptr_array_add (ids, id);
    }

  return ids;
}

static guint
outbox_waiting (SokStore *store)
{
  g_auto (SokOutboxStatus) status = { 0 };
  g_autoptr (GError) error = NULL;

  g_assert_true (sok_outbox_get_status (store, &status, &error));
  g_assert_no_error (error);
  return status.waiting;
}

/* Every report in the queue from @kiosk_id, opened: report id → text. Also checks
 * that the queue holds each id once (the primary key says so; the count proves no
 * second copy slipped in under another form). */
static GHashTable *
open_queue (Kiosk      *kiosk,
            const char *kiosk_id)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = sok_pg_harness_uri (harness, "dsl1", SOK_PG_DSL_PASSWORD, 0);
  g_autoptr (SokQueue) queue = sok_queue_open (uri, SOK_QUEUE_ROLE_DSL, &error);
  g_autoptr (GPtrArray) cases = NULL;
  GHashTable *texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_no_error (error);
  /* Reading a report records the view, signed with the DSL key. */
  sok_queue_set_dsl_key (queue, kiosk->key);
  cases = sok_queue_list_cases (queue, SOK_CASE_FILTER_ALL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < cases->len; i++)
    {
      SokQueueCase *item = g_ptr_array_index (cases, i);
      g_autoptr (GBytes) sealed = NULL;
      g_autoptr (JsonNode) opened = NULL;
      JsonObject *envelope;

      /* The queue files every report under the login that delivered it; the kiosk's
       * own name is inside the seal. */
      g_assert_cmpstr (item->kiosk_id, ==, "kiosk1");
      sealed = sok_queue_open_sealed (queue, item->report_id, "Test", "test", NULL, NULL, &error);
      g_assert_no_error (error);
      /* Another test's kiosk sealed its reports to another DSL key. */
      {
        g_autoptr (GBytes) check = sok_seal_open (kiosk->key, sealed, NULL);

        if (check == NULL)
          continue;
      }
      opened = sok_test_open_envelope (kiosk->key, sealed);
      envelope = json_node_get_object (opened);
      if (!g_str_equal (json_object_get_string_member (envelope, "kiosk_id"), kiosk_id))
        continue;

      g_assert_false (g_hash_table_contains (texts, item->report_id));
      g_assert_cmpstr (json_object_get_string_member (envelope, "report_id"), ==, item->report_id);
      g_assert_true (json_object_get_boolean_member (envelope, "urgent") == item->urgent);
      g_hash_table_insert (texts, g_strdup (item->report_id),
                           g_strdup (json_object_get_string_member (envelope, "text")));
    }

  return texts;
}

static void
assert_all_arrived_once (Kiosk      *kiosk,
                         const char *kiosk_id,
                         GPtrArray  *ids)
{
  g_autoptr (GHashTable) texts = open_queue (kiosk, kiosk_id);

  g_assert_cmpuint (g_hash_table_size (texts), ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *expected = report_text (kiosk_id, i);

      g_assert_cmpstr (g_hash_table_lookup (texts, g_ptr_array_index (ids, i)), ==, expected);
    }
}

/* One round of delivery in a thread of its own, with its own connection, as the
 * kiosk's sync worker does. */
typedef struct
{
  char          *data_dir;
  gboolean       ok;
  SokSyncResult  result;
  GError        *error;
} SyncRun;

static gpointer
sync_thread (gpointer data)
{
  SyncRun *run = data;
  g_autoptr (SokConfig) config = sok_config_load (run->data_dir, &run->error);
  g_autoptr (SokStore) store = config ? sok_store_open (run->data_dir, &run->error) : NULL;

  if (store != NULL)
    run->ok = sok_sync_run_once (store, config, 25, &run->result, &run->error);

  return NULL;
}

static void
test_server_stopped_mid_batch (void)
{
  g_auto (Kiosk) kiosk = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ids = NULL;
  g_autofree char *uri = sok_pg_harness_uri (harness, "kiosk1", SOK_PG_KIOSK_PASSWORD, 0);
  const char *kiosk_id = "kiosk-stopped";
  const guint n = 3000;
  guint already_there = 0;
  g_auto (SokSyncResult) last = { 0 };

  kiosk_init (&kiosk, kiosk_id, uri);
  ids = send_reports (&kiosk, kiosk_id, n);
  g_assert_cmpuint (outbox_waiting (kiosk.store), ==, n);

  /* Three times: start delivering, and stop the server (immediately, as a power cut
   * or a crash would) while batches are going in; then start it again. */
  for (guint cycle = 0; cycle < 3; cycle++)
    {
      SyncRun run = { kiosk.data_dir, FALSE, { 0 }, NULL };
      guint before = outbox_waiting (kiosk.store);
      GThread *thread;
      gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

      thread = g_thread_new ("sync", sync_thread, &run);

      /* Wait until some batches have been committed by the queue and let go of. */
      while (outbox_waiting (kiosk.store) > before - 100 && g_get_monotonic_time () < deadline)
        g_usleep (1000);
      g_assert_true (sok_pg_harness_stop (harness, &error));
      g_assert_no_error (error);
      g_thread_join (thread);

      g_test_message ("cycle %u: %u delivered before the stop, then: %s", cycle,
                      run.result.delivered, run.error ? run.error->message : "finished");
      already_there += run.result.already_there;
      /* Delivery stopped with the reason; the rest wait, and the status says why. */
      g_assert_false (run.ok);
      g_assert_error (run.error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_UNREACHABLE);
      g_assert_cmpuint (run.result.waiting, >, 0);
      g_assert_cmpuint (run.result.waiting, ==, outbox_waiting (kiosk.store));
      {
        g_auto (SokOutboxStatus) status = { 0 };

        g_assert_true (sok_outbox_get_status (kiosk.store, &status, &error));
        g_assert_nonnull (status.last_error);
        g_assert_nonnull (strstr (status.last_error, "Could not reach the DSL queue"));
        g_assert_null (strstr (status.last_error, SOK_PG_KIOSK_PASSWORD));
        g_assert_cmpuint (status.most_attempts, >=, 1);
      }
      g_clear_error (&run.error);
      sok_sync_result_clear (&run.result);

      g_assert_true (sok_pg_harness_restart (harness, &error));
      g_assert_no_error (error);
    }

  /* The server is back: everything left goes, and nothing arrives twice. */
  {
    g_autoptr (SokConfig) config = sok_config_load (kiosk.data_dir, &error);

    g_assert_no_error (error);
    g_assert_true (sok_sync_run_once (kiosk.store, config, 25, &last, &error));
    g_assert_no_error (error);
  }
  already_there += last.already_there;
  g_test_message ("%u reports the queue already had were confirmed again", already_there);
  g_assert_cmpuint (last.waiting, ==, 0);
  g_assert_cmpuint (outbox_waiting (kiosk.store), ==, 0);

  assert_all_arrived_once (&kiosk, kiosk_id, ids);
}

static void
test_wrong_port_reports_wait (void)
{
  g_auto (Kiosk) kiosk = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (SokConfig) config = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GSubprocess) proc = NULL;
  g_autofree char *good = sok_pg_harness_uri (harness, "kiosk1", SOK_PG_KIOSK_PASSWORD, 0);
  g_autofree char *wrong = sok_pg_harness_uri (harness, "kiosk1", SOK_PG_KIOSK_PASSWORD,
                                               harness->port + 1);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *port_text = g_strdup_printf ("%u", harness->port + 1);
  g_auto (SokSyncResult) result = { 0 };
  g_auto (SokSyncResult) result2 = { 0 };
  const char *kiosk_id = "kiosk-wrong-port";
  const char *sokctl = g_getenv ("SOKCTL");
  JsonObject *status;

  kiosk_init (&kiosk, kiosk_id, wrong);
  ids = send_reports (&kiosk, kiosk_id, 7);
  config = sok_config_load (kiosk.data_dir, &error);
  g_assert_no_error (error);

  g_assert_false (sok_sync_run_once (kiosk.store, config, 0, &result, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_UNREACHABLE);
  g_clear_error (&error);
  g_assert_cmpuint (result.delivered, ==, 0);
  g_assert_cmpuint (result.waiting, ==, 7);

  /* "sokctl outbox status" says how many wait and why, and never the password. */
  g_assert_nonnull (sokctl);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                           &error, sokctl, "--data-dir", kiosk.data_dir, "--format", "json",
                           "outbox", "status", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  g_assert_null (strstr (out, SOK_PG_KIOSK_PASSWORD));
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  status = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (status, "waiting"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (status, "attempts"), ==, 1);
  g_test_message ("outbox status: %s", json_object_get_string_member (status, "last_error"));
  g_assert_nonnull (strstr (json_object_get_string_member (status, "last_error"),
                            "Could not reach the DSL queue"));
  g_assert_nonnull (strstr (json_object_get_string_member (status, "last_error"), port_text));

  /* Nothing was lost: with the right address every report arrives, once. */
  set_queue (&kiosk, good);
  g_clear_object (&config);
  config = sok_config_load (kiosk.data_dir, &error);
  g_assert_true (sok_sync_run_once (kiosk.store, config, 0, &result2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result2.delivered, ==, 7);
  g_assert_cmpuint (outbox_waiting (kiosk.store), ==, 0);

  assert_all_arrived_once (&kiosk, kiosk_id, ids);
}

static gboolean
heartbeat_cb (gpointer user_data)
{
  (*(guint *)user_data)++;
  return G_SOURCE_CONTINUE;
}

static void
count_changes_cb (SokSyncWorker *worker,
                  gpointer       user_data)
{
  (*(guint *)user_data)++;
}

/* Runs the main loop until the worker has told of a round with @waiting reports left
 * and, when @error_part is not %NULL, a last error holding it. */
static void
wait_for_status (SokSyncWorker   *worker,
                 guint            waiting,
                 const char      *error_part,
                 SokOutboxStatus *status)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  for (;;)
    {
      sok_outbox_status_clear (status);
      if (sok_sync_worker_get_status (worker, status) && status->waiting == waiting &&
          (error_part == NULL ||
           (status->last_error != NULL && strstr (status->last_error, error_part))))
        return;
      if (g_get_monotonic_time () > deadline)
        g_error ("The sync worker did not report %u waiting (%s) within a minute; it says "
                 "%u waiting, last error: %s", waiting, error_part ? error_part : "delivered",
                 status->waiting, status->last_error);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* The kiosk's delivery worker against a server that takes the connection and never
 * answers: the main loop (the children's screens) keeps turning, the round gives up
 * after the default connect_timeout and says why, every report stays in the outbox;
 * pointed at a working queue, every one of them arrives, once. */
static void
test_silent_server_reports_wait (void)
{
  g_auto (Kiosk) kiosk = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (SokSilentEndpoint) endpoint = sok_silent_endpoint_new (&error);
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (SokSyncWorker) worker = NULL;
  g_autofree char *silent = NULL;
  g_autofree char *good = sok_pg_harness_uri (harness, "kiosk1", SOK_PG_KIOSK_PASSWORD, 0);
  g_auto (SokOutboxStatus) status = { 0 };
  const char *kiosk_id = "kiosk-silent";
  guint beats = 0;
  guint changes = 0;
  guint heartbeat;

  g_assert_no_error (error);
  silent = sok_silent_endpoint_dup_uri (endpoint, "kiosk1", NULL);
  kiosk_init (&kiosk, kiosk_id, silent);
  ids = send_reports (&kiosk, kiosk_id, 5);

  heartbeat = g_timeout_add (50, heartbeat_cb, &beats);
  worker = sok_sync_worker_new (kiosk.data_dir);
  g_signal_connect (worker, "status-changed", G_CALLBACK (count_changes_cb), &changes);
  sok_sync_worker_start (worker);

  wait_for_status (worker, 5, "did not answer within 5 seconds", &status);
  g_test_message ("%u heartbeats while connecting; %s", beats, status.last_error);
  /* A five-second attempt at 50 ms a beat: far more than a few, unless the loop
   * stood still. */
  g_assert_cmpuint (beats, >=, 10);
  g_assert_cmpuint (changes, >=, 1);
  g_assert_null (strstr (status.last_error, "never-Sent-pw"));
  g_assert_cmpuint (outbox_waiting (kiosk.store), ==, 5);

  /* The school fixes the address; the next round (brought forward, as "sokctl sync"
   * would) delivers everything that waited. */
  set_queue (&kiosk, good);
  g_assert_no_error (error);
  sok_sync_worker_wake (worker);
  wait_for_status (worker, 0, NULL, &status);
  sok_sync_worker_stop (worker);
  g_source_remove (heartbeat);

  g_assert_cmpuint (outbox_waiting (kiosk.store), ==, 0);
  assert_all_arrived_once (&kiosk, kiosk_id, ids);
}

/* --- one long-lived connection with a heartbeat ----------------------------------- */

/* What the kiosk's delivery worker does should not tell the server when a child
 * pressed Send: it keeps one connection (one backend) for as long as it runs, says
 * the same thing on it every minute, and delivers on it. Seen from the server's side,
 * in pg_stat_activity, as the school's database administrator would. */

#define HEARTBEAT_SQL "SELECT 'sok-heartbeat'"

typedef struct
{
  guint  n;              /* kiosk1's client backends */
  char  *pid;            /* the first one's */
  char  *backend_start;
  char  *query;
  char  *query_start;
} Backends;

static void
backends_clear (Backends *b)
{
  g_clear_pointer (&b->pid, g_free);
  g_clear_pointer (&b->backend_start, g_free);
  g_clear_pointer (&b->query, g_free);
  g_clear_pointer (&b->query_start, g_free);
  b->n = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Backends, backends_clear)

static PGconn *
superuser (void)
{
  PGconn *conn = sok_pg_harness_connect (harness, "postgres", SOK_PG_SUPER_PASSWORD);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  return conn;
}

/* kiosk1's connections as pg_stat_activity shows them now. */
static void
look_at_backends (PGconn   *conn,
                  Backends *out)
{
  PGresult *res = PQexec (conn,
                          "SELECT pid, backend_start, query, query_start FROM pg_stat_activity"
                          " WHERE usename = 'kiosk1' AND backend_type = 'client backend'"
                          " ORDER BY backend_start");

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  backends_clear (out);
  out->n = (guint)PQntuples (res);
  if (out->n > 0)
    {
      out->pid = g_strdup (PQgetvalue (res, 0, 0));
      out->backend_start = g_strdup (PQgetvalue (res, 0, 1));
      out->query = g_strdup (PQgetvalue (res, 0, 2));
      out->query_start = g_strdup (PQgetvalue (res, 0, 3));
    }
  PQclear (res);
}

/* Waits (running the main loop) until kiosk1 has @n backends, and when @not_pid is
 * given, the first of them is another than that one. */
static void
wait_for_backends (PGconn     *conn,
                   guint       n,
                   const char *not_pid,
                   Backends   *out)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  for (;;)
    {
      look_at_backends (conn, out);
      if (out->n == n && (not_pid == NULL || g_strcmp0 (out->pid, not_pid) != 0))
        return;
      if (g_get_monotonic_time () > deadline)
        g_error ("kiosk1 has %u backends (first %s), not %u%s%s, after a minute", out->n,
                 out->pid, n, not_pid ? " other than " : "", not_pid ? not_pid : "");
      g_main_context_iteration (NULL, FALSE);
      g_usleep (50000);
    }
}

static char *
send_one (Kiosk      *kiosk,
          const char *kiosk_id,
          guint       n,
          gboolean    urgent)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokConfig) config = sok_config_load (kiosk->data_dir, &error);
  g_autoptr (SokReportDraft) draft = sok_report_draft_new ();
  g_autofree char *text = report_text (kiosk_id, n);
  char *id = NULL;

  g_assert_no_error (error);
  sok_report_draft_set_category (draft, "unkind-to-me", "conduct");
  sok_report_draft_set_text (draft, text, -1);
  sok_report_draft_set_urgent (draft, urgent);
  g_assert_true (sok_report_send (kiosk->store, config, draft, &id, &error));
  g_assert_no_error (error);
  return id;
}

static void
set_delay (Kiosk      *kiosk,
           const char *range)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokConfig) config = sok_config_load (kiosk->data_dir, &error);

  g_assert_no_error (error);
  g_assert_true (sok_config_set_value (config, "delivery-delay-minutes", range, &error));
  g_assert_true (sok_config_save (config, &error));
  g_assert_no_error (error);
}

/* Runs the main loop until the outbox is empty, looking at kiosk1's backends all the
 * while: always the one seen first (@first), and the heartbeats on it are counted in
 * @beats (their distinct start times). */
static void
watch_until_delivered (Kiosk      *kiosk,
                       PGconn     *conn,
                       Backends   *first,
                       GHashTable *beats,
                       gint64      at_least)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gint64 until = g_get_monotonic_time () + at_least;

  for (;;)
    {
      g_auto (Backends) now = { 0 };

      look_at_backends (conn, &now);
      g_assert_cmpuint (now.n, ==, 1);
      g_assert_cmpstr (now.pid, ==, first->pid);
      g_assert_cmpstr (now.backend_start, ==, first->backend_start);
      if (g_str_equal (now.query, HEARTBEAT_SQL))
        g_hash_table_add (beats, g_strdup (now.query_start));
      if (outbox_waiting (kiosk->store) == 0 && g_get_monotonic_time () >= until)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20000);
    }
}

/* With minutes of 300 ms (the private test hook) and a delay of 1–2 of them: four
 * deliveries, non-urgent and urgent, and heartbeats between them, all on one backend
 * (same pid, same backend_start); on stop, the backend goes.
 *
 * postgresql-setup.sql turns track_activities off for the queue's database, so that
 * pg_stat_activity keeps no query times; to watch the heartbeat the test turns it on
 * for kiosk1's sessions (a role's setting overrides the database's), as a DBA
 * looking into it could. */
static void
test_one_connection_with_heartbeat (void)
{
  g_auto (Kiosk) kiosk = { 0 };
  g_autofree char *good = sok_pg_harness_uri (harness, "kiosk1", SOK_PG_KIOSK_PASSWORD, 0);
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) beats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (SokSyncWorker) worker = NULL;
  g_auto (Backends) first = { 0 };
  g_auto (Backends) after = { 0 };
  const char *kiosk_id = "kiosk-steady";
  PGconn *conn = superuser ();

  kiosk_init (&kiosk, kiosk_id, good);
  set_delay (&kiosk, "1-2");
  wait_for_backends (conn, 0, NULL, &first);
  PQclear (PQexec (conn, "ALTER ROLE kiosk1 SET track_activities = on"));

  worker = sok_sync_worker_new (kiosk.data_dir);
  sok_sync_worker_set_minute (worker, 300 * 1000);
  sok_sync_worker_start (worker);
  /* Connected at start, with nothing to send. */
  wait_for_backends (conn, 1, NULL, &first);
  g_test_message ("kiosk backend %s since %s", first.pid, first.backend_start);

  for (guint i = 0; i < 4; i++)
    {
      g_ptr_array_add (ids, send_one (&kiosk, kiosk_id, i, i == 2));
      sok_sync_worker_wake (worker);
      /* A second at least each time: heartbeats between the deliveries. */
      watch_until_delivered (&kiosk, conn, &first, beats, G_USEC_PER_SEC);
    }

  PQclear (PQexec (conn, "ALTER ROLE kiosk1 RESET track_activities"));
  g_test_message ("%u heartbeats seen", g_hash_table_size (beats));
  g_assert_cmpuint (g_hash_table_size (beats), >=, 3);
  look_at_backends (conn, &after);
  g_assert_cmpuint (after.n, ==, 1);
  g_assert_cmpstr (after.pid, ==, first.pid);
  g_assert_cmpstr (after.backend_start, ==, first.backend_start);

  /* The kiosk stops: its connection is closed, not left to time out. */
  sok_sync_worker_stop (worker);
  wait_for_backends (conn, 0, NULL, &after);

  assert_all_arrived_once (&kiosk, kiosk_id, ids);
  PQfinish (conn);
}

/* The server ends the kiosk's backend (a restart, a DBA, a firewall dropping the
 * flow): the heartbeat notices and the worker connects again after the back-off;
 * killed again just before a Send, the report still arrives, once, on a new backend. */
static void
test_killed_connection_comes_back (void)
{
  g_auto (Kiosk) kiosk = { 0 };
  g_autofree char *good = sok_pg_harness_uri (harness, "kiosk1", SOK_PG_KIOSK_PASSWORD, 0);
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (SokSyncWorker) worker = NULL;
  g_auto (Backends) first = { 0 };
  g_auto (Backends) second = { 0 };
  g_auto (Backends) third = { 0 };
  g_autofree char *kill = NULL;
  const char *kiosk_id = "kiosk-killed";
  PGconn *conn = superuser ();
  gint64 deadline;

  kiosk_init (&kiosk, kiosk_id, good);
  set_delay (&kiosk, "1-2");
  wait_for_backends (conn, 0, NULL, &first);

  worker = sok_sync_worker_new (kiosk.data_dir);
  sok_sync_worker_set_minute (worker, 300 * 1000);
  sok_sync_worker_start (worker);
  wait_for_backends (conn, 1, NULL, &first);

  kill = g_strdup_printf ("SELECT pg_terminate_backend (%s)", first.pid);
  PQclear (PQexec (conn, kill));
  wait_for_backends (conn, 1, first.pid, &second);
  g_test_message ("backend %s killed; the kiosk came back on %s", first.pid, second.pid);

  /* Killed again, and a child sends at once: the first try finds the connection
   * gone; the report waits, then arrives. */
  g_free (kill);
  kill = g_strdup_printf ("SELECT pg_terminate_backend (%s)", second.pid);
  PQclear (PQexec (conn, kill));
  g_ptr_array_add (ids, send_one (&kiosk, kiosk_id, 0, TRUE));
  g_ptr_array_add (ids, send_one (&kiosk, kiosk_id, 1, FALSE));
  sok_sync_worker_wake (worker);

  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (outbox_waiting (kiosk.store) > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (50000);
    }
  wait_for_backends (conn, 1, second.pid, &third);
  g_assert_cmpstr (third.pid, !=, first.pid);
  sok_sync_worker_stop (worker);
  wait_for_backends (conn, 0, NULL, &third);

  assert_all_arrived_once (&kiosk, kiosk_id, ids);
  PQfinish (conn);
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

  g_test_add_func ("/delivery/pg/server-stopped-mid-batch-every-report-arrives-once",
                   test_server_stopped_mid_batch);
  g_test_add_func ("/delivery/pg/wrong-port-reports-wait-and-status-says-why",
                   test_wrong_port_reports_wait);
  g_test_add_func ("/delivery/pg/silent-server-main-loop-turns-reports-wait-then-arrive",
                   test_silent_server_reports_wait);
  g_test_add_func ("/delivery/pg-connection/one-backend-across-deliveries-and-heartbeats",
                   test_one_connection_with_heartbeat);
  g_test_add_func ("/delivery/pg-connection/killed-connection-comes-back-report-arrives-once",
                   test_killed_connection_comes_back);

  status = g_test_run ();
  sok_pg_harness_free (harness);
  return status;
}
