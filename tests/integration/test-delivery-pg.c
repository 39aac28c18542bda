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
#include "sok-sync.h"
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

  status = g_test_run ();
  sok_pg_harness_free (harness);
  return status;
}
