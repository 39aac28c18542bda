/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-sync"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "sok-sync.h"

typedef struct
{
  char      *dir;
  char      *queue_uri;
  SokStore  *store;
  SokConfig *config;
} Fixture;

static void
write_config (const char *dir,
              const char *queue_uri)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokConfig) config = sok_config_new (dir);

  g_assert_true (sok_config_set_value (config, "school-name", "Test School", &error));
  g_assert_true (sok_config_set_value (config, "kiosk-id", "kiosk-test", &error));
  g_assert_true (sok_config_set_value (config, "queue", queue_uri, &error));
  g_assert_true (sok_config_save (config, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("sok-sync-XXXXXX", &error);
  g_autofree char *qpath = g_build_filename (tmp, "dsl-queue.db", NULL);

  f->dir = g_build_filename (tmp, "kiosk", NULL);
  f->queue_uri = data ? g_strdup (data) : g_strconcat ("sqlite:", qpath, NULL);
  g_assert_true (sok_store_ensure_data_dir (f->dir, &error));
  write_config (f->dir, f->queue_uri);
  f->store = sok_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->config = sok_config_load (f->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->config);
  g_free (f->dir);
  g_free (f->queue_uri);
}

static void
put_reports (SokStore *store,
             guint     first,
             guint     n)
{
  for (guint i = first; i < first + n; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *id = g_strdup_printf ("report-%05u", i);
      g_autofree char *text = g_strdup_printf ("sealed-%u", i);
      g_autoptr (GBytes) sealed = g_bytes_new (text, strlen (text));

      g_assert_true (sok_outbox_put (store, id, "kiosk-test", i % 7 == 0, sealed, &error));
      g_assert_no_error (error);
    }
}

static guint
count_in_queue (const char *uri)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokQueue) dsl = sok_queue_open (uri, SOK_QUEUE_ROLE_DSL, &error);
  g_autoptr (GPtrArray) cases = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_no_error (error);
  cases = sok_queue_list_cases (dsl, SOK_CASE_FILTER_ALL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < cases->len; i++)
    g_assert_true (g_hash_table_add (seen, ((SokQueueCase *)cases->pdata[i])->report_id));
  return cases->len;
}

static guint
waiting (SokStore *store)
{
  g_auto (SokOutboxStatus) status = { 0 };
  g_autoptr (GError) error = NULL;

  g_assert_true (sok_outbox_get_status (store, &status, &error));
  return status.waiting;
}

static void
test_delivers_outbox (Fixture *f, gconstpointer data)
{
  g_auto (SokSyncResult) result = { 0 };
  g_auto (SokOutboxStatus) status = { 0 };
  g_autoptr (GError) error = NULL;

  put_reports (f->store, 0, 1234);
  g_assert_true (sok_sync_run_once (f->store, f->config, 100, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.delivered, ==, 1234);
  g_assert_cmpuint (result.already_there, ==, 0);
  g_assert_cmpuint (result.waiting, ==, 0);
  g_assert_null (result.error);
  g_assert_cmpuint (count_in_queue (f->queue_uri), ==, 1234);

  g_assert_true (sok_outbox_get_status (f->store, &status, &error));
  g_assert_cmpuint (status.waiting, ==, 0);
  g_assert_cmpint (status.last_delivered_half_day, >, 0);
}

static void
test_backoff (void)
{
  g_assert_cmpint (sok_sync_compute_backoff (0, 0.0), ==, 4 * G_USEC_PER_SEC);
  g_assert_cmpint (sok_sync_compute_backoff (0, 0.5), ==, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (sok_sync_compute_backoff (1, 0.5), ==, 10 * G_USEC_PER_SEC);
  g_assert_cmpint (sok_sync_compute_backoff (3, 0.5), ==, 40 * G_USEC_PER_SEC);
  g_assert_cmpint (sok_sync_compute_backoff (30, 0.5), ==, 15 * 60 * G_USEC_PER_SEC);
  g_assert_cmpint (sok_sync_compute_backoff (30, 0.9999), <=, 18 * 60 * G_USEC_PER_SEC);
  g_assert_cmpint (sok_sync_compute_backoff (30, 0.0), ==, 12 * 60 * G_USEC_PER_SEC);
}

static void
test_failure_backs_off (Fixture *f, gconstpointer data)
{
  g_auto (SokSyncResult) result = { 0 };
  g_auto (SokSyncResult) again = { 0 };
  g_auto (SokOutboxStatus) status = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) due = NULL;
  gint64 before = g_get_real_time ();

  put_reports (f->store, 0, 30);
  g_assert_false (sok_sync_run_once (f->store, f->config, 10, &result, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_UNREACHABLE);
  g_clear_error (&error);
  g_assert_cmpuint (result.delivered, ==, 0);
  g_assert_cmpuint (result.waiting, ==, 30);
  g_assert_cmpint (result.next_attempt_at, >=, before + 4 * G_USEC_PER_SEC);
  g_assert_cmpint (result.next_attempt_at, <=, g_get_real_time () + 6 * G_USEC_PER_SEC);

  /* The outbox says why, and nothing is lost. */
  g_assert_true (sok_outbox_get_status (f->store, &status, &error));
  g_assert_cmpuint (status.waiting, ==, 30);
  g_assert_nonnull (status.last_error);
  g_assert_nonnull (strstr (status.last_error, "reports wait safely on this kiosk"));

  g_assert_cmpuint (status.most_attempts, ==, 1);
  sok_outbox_status_clear (&status);

  /* The back-off is the worker's to keep, in memory: nothing in the outbox says when
   * to try again, so a round asked for (“sokctl sync”, a restart) tries everything. */
  due = sok_outbox_list (f->store, 0, &error);
  g_assert_cmpuint (due->len, ==, 30);
  g_assert_false (sok_sync_run_once (f->store, f->config, 10, &again, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_UNREACHABLE);
  g_assert_cmpuint (again.waiting, ==, 30);
  g_assert_true (sok_outbox_get_status (f->store, &status, NULL));
  g_assert_cmpuint (status.most_attempts, ==, 2);
}

/* A queue in a directory that does not exist cannot be reached. */
#define UNREACHABLE_QUEUE "sqlite:/nonexistent-sok-dir/dsl-queue.db"

static void
test_retry_after_commit_makes_no_duplicate (Fixture *f, gconstpointer data)
{
  g_auto (SokSyncResult) result = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (SokQueue) queue = sok_queue_open (f->queue_uri, SOK_QUEUE_ROLE_KIOSK, &error);
  g_autoptr (GPtrArray) items = NULL;
  g_autofree SokQueueEnvelope *envs = NULL;

  put_reports (f->store, 0, 50);

  /* The kiosk died after the queue committed these 20 but before it removed them. */
  items = sok_outbox_list (f->store, 20, &error);
  envs = g_new0 (SokQueueEnvelope, items->len);
  for (guint i = 0; i < items->len; i++)
    {
      SokOutboxItem *item = items->pdata[i];
      envs[i] = (SokQueueEnvelope) { item->report_id, item->kiosk_id, item->urgent, item->sealed };
    }
  g_assert_true (sok_queue_deliver (queue, envs, items->len, NULL, &error));

  g_assert_true (sok_sync_run_once (f->store, f->config, 15, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.delivered, ==, 30);
  g_assert_cmpuint (result.already_there, ==, 20);
  g_assert_cmpuint (count_in_queue (f->queue_uri), ==, 50);
  g_assert_cmpuint (waiting (f->store), ==, 0);
}

#define N_KILL 3000

static void
test_survives_kill (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_auto (SokSyncResult) result = { 0 };
  const char *argv[] = { g_test_get_filename (G_TEST_BUILT, "test-sync", NULL), NULL };
  g_auto (GStrv) envp = g_get_environ ();
  GPid pid;
  int status;
  guint in_queue;

  put_reports (f->store, 0, N_KILL);

  envp = g_environ_setenv (envp, "SOK_TEST_SYNC_CHILD", f->dir, TRUE);
  g_assert_true (g_spawn_async (NULL, (char **)argv, envp, G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  /* Let it deliver some batches, then kill it without warning. */
  for (int i = 0; i < 400 && count_in_queue (f->queue_uri) == 0; i++)
    g_usleep (5000);
  kill (pid, SIGKILL);
  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);

  in_queue = count_in_queue (f->queue_uri);
  g_test_message ("killed with %u of %u in the queue and %u waiting", in_queue, N_KILL, waiting (f->store));
  g_assert_cmpuint (in_queue + waiting (f->store), >=, N_KILL);

  g_assert_true (sok_sync_run_once (f->store, f->config, 100, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_in_queue (f->queue_uri), ==, N_KILL);
  g_assert_cmpuint (waiting (f->store), ==, 0);
}

static void
status_changed_cb (SokSyncWorker *worker,
                   gpointer       user_data)
{
  (*(guint *)user_data)++;
}

static void
test_worker_delivers_on_wake (Fixture *f, gconstpointer data)
{
  g_autoptr (SokSyncWorker) worker = sok_sync_worker_new (f->dir);
  g_auto (SokOutboxStatus) status = { 0 };
  guint changes = 0;
  gint64 deadline;

  g_signal_connect (worker, "status-changed", G_CALLBACK (status_changed_cb), &changes);
  g_assert_false (sok_sync_worker_get_status (worker, &status));
  sok_sync_worker_start (worker);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (changes == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (changes, >=, 1);

  /* Send: the report is in the outbox, and the worker is woken at once. */
  put_reports (f->store, 0, 3);
  sok_sync_worker_wake (worker);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (count_in_queue (f->queue_uri) < 3 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (count_in_queue (f->queue_uri), ==, 3);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  for (;;)
    {
      sok_outbox_status_clear (&status);
      if ((sok_sync_worker_get_status (worker, &status) && status.waiting == 0 &&
           status.last_delivered_half_day > 0) || g_get_monotonic_time () > deadline)
        break;
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpuint (status.waiting, ==, 0);
  g_assert_cmpint (status.last_delivered_half_day, >, 0);

  sok_sync_worker_stop (worker);
}

static int
run_child (const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokStore) store = sok_store_open (dir, &error);
  g_autoptr (SokConfig) config = sok_config_load (dir, &error);
  g_auto (SokSyncResult) result = { 0 };

  if (store == NULL || config == NULL)
    return 1;
  /* Small batches, so the kill lands between deliver and remove now and then. */
  return sok_sync_run_once (store, config, 25, &result, &error) ? 0 : 1;
}

int
main (int   argc,
      char *argv[])
{
  const char *child = g_getenv ("SOK_TEST_SYNC_CHILD");

  if (child != NULL)
    return run_child (child);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sync/back-off-doubles-with-jitter-up-to-fifteen-minutes", test_backoff);
  g_test_add ("/sync/delivers-the-outbox-in-batches", Fixture, NULL,
              fixture_set_up, test_delivers_outbox, fixture_tear_down);
  g_test_add ("/sync/failure-backs-off-and-says-why", Fixture, UNREACHABLE_QUEUE,
              fixture_set_up, test_failure_backs_off, fixture_tear_down);
  g_test_add ("/sync/retry-after-commit-makes-no-duplicate", Fixture, NULL,
              fixture_set_up, test_retry_after_commit_makes_no_duplicate, fixture_tear_down);
  g_test_add ("/sync/survives-kill-mid-way", Fixture, NULL,
              fixture_set_up, test_survives_kill, fixture_tear_down);
  g_test_add ("/sync/worker-delivers-when-woken", Fixture, NULL,
              fixture_set_up, test_worker_delivers_on_wake, fixture_tear_down);

  return g_test_run ();
}
