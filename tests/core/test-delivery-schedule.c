/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-delivery-schedule"

#include "config.h"

#include <string.h>

#include "sok-config.h"
#include "sok-outbox.h"
#include "sok-queue.h"
#include "sok-store.h"
#include "sok-sync-private.h"
#include "test-util.h"

/* When the kiosk's delivery worker delivers (issue 12): a non-urgent report at a
 * random time within the school's delivery-delay-minutes, never before; an urgent
 * one at once, taking along whatever else waits; what waited before the worker
 * started, with its first connection; and “sokctl sync” everything at once, whatever
 * the schedule. The worker's minute is shortened for the tests through the private
 * hook, so that 10–20 minutes last 2–4 seconds; the rest is the worker as the kiosk
 * runs it, against a SQLite queue. */

typedef struct
{
  char      *root;
  char      *dir;
  char      *queue_uri;
  SokStore  *store;
  guint      changes;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokConfig) config = NULL;
  g_autofree char *qpath = NULL;

  f->root = g_dir_make_tmp ("sok-schedule-XXXXXX", &error);
  g_assert_no_error (error);
  f->dir = g_build_filename (f->root, "kiosk", NULL);
  qpath = g_build_filename (f->root, "dsl-queue.db", NULL);
  f->queue_uri = g_strconcat ("sqlite:", qpath, NULL);

  g_assert_true (sok_store_ensure_data_dir (f->dir, &error));
  config = sok_config_new (f->dir);
  g_assert_true (sok_config_set_value (config, "school-name", "Test School", &error));
  g_assert_true (sok_config_set_value (config, "kiosk-id", "kiosk-test", &error));
  g_assert_true (sok_config_set_value (config, "queue", f->queue_uri, &error));
  if (data != NULL)
    g_assert_true (sok_config_set_value (config, "delivery-delay-minutes", data, &error));
  g_assert_true (sok_config_save (config, &error));
  g_assert_no_error (error);

  f->store = sok_store_open (f->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  sok_test_remove_tree (f->root);
  g_free (f->root);
  g_free (f->dir);
  g_free (f->queue_uri);
}

static void
put_report (Fixture    *f,
            const char *id,
            gboolean    urgent)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) sealed = g_bytes_new_static ("sealed", 6);

  g_assert_true (sok_outbox_put (f->store, id, "kiosk-test", urgent, sealed, &error));
  g_assert_no_error (error);
}

/* Whether the queue holds @id; a queue not yet made holds nothing. */
static gboolean
in_queue (Fixture    *f,
          const char *id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokQueue) dsl = NULL;
  g_autoptr (GPtrArray) cases = NULL;
  guint found = 0;

  if (!g_file_test (f->queue_uri + strlen ("sqlite:"), G_FILE_TEST_EXISTS))
    return FALSE;
  dsl = sok_queue_open (f->queue_uri, SOK_QUEUE_ROLE_DSL, &error);
  g_assert_no_error (error);
  cases = sok_queue_list_cases (dsl, SOK_CASE_FILTER_ALL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < cases->len; i++)
    if (g_str_equal (((SokQueueCase *)cases->pdata[i])->report_id, id))
      found++;
  g_assert_cmpuint (found, <=, 1);
  return found == 1;
}

static guint
waiting (Fixture *f)
{
  g_auto (SokOutboxStatus) status = { 0 };
  g_autoptr (GError) error = NULL;

  g_assert_true (sok_outbox_get_status (f->store, &status, &error));
  return status.waiting;
}

/* The worker empties the outbox just after the queue committed: wait for it. */
static guint
wait_outbox_empty (Fixture *f)
{
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (waiting (f) > 0 && g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20000);
    }
  return waiting (f);
}

static void
status_changed_cb (SokSyncWorker *worker,
                   gpointer       user_data)
{
  ((Fixture *)user_data)->changes++;
}

/* Runs the main loop for @usec. */
static void
spin (gint64 usec)
{
  gint64 until = g_get_monotonic_time () + usec;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
}

/* Polls until @id is in the queue, for at most @usec; returns when it was seen
 * (monotonic), or 0. */
static gint64
wait_in_queue (Fixture    *f,
               const char *id,
               gint64      usec)
{
  gint64 until = g_get_monotonic_time () + usec;

  while (g_get_monotonic_time () < until)
    {
      if (in_queue (f, id))
        return g_get_monotonic_time ();
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20000);
    }
  return 0;
}

/* A worker started as the kiosk starts it, once it has finished its first round. */
static SokSyncWorker *
start_worker (Fixture *f,
              gint64   minute)
{
  SokSyncWorker *worker = sok_sync_worker_new (f->dir);
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  if (minute > 0)
    sok_sync_worker_set_minute (worker, minute);
  g_signal_connect (worker, "status-changed", G_CALLBACK (status_changed_cb), f);
  f->changes = 0;
  sok_sync_worker_start (worker);
  while (f->changes == 0 && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (f->changes, >=, 1);
  return worker;
}

static void
test_pick_delay (void)
{
  gint64 minute = 60 * G_USEC_PER_SEC;

  g_assert_cmpint (sok_sync_pick_delay (10, 40, minute, 0.0), ==, 10 * minute);
  g_assert_cmpint (sok_sync_pick_delay (10, 40, minute, 0.5), ==, 25 * minute);
  g_assert_cmpint (sok_sync_pick_delay (10, 40, minute, 0.999999), <, 40 * minute);
  g_assert_cmpint (sok_sync_pick_delay (10, 40, minute, 0.999999), >, 39 * minute);
  g_assert_cmpint (sok_sync_pick_delay (0, 0, minute, 0.7), ==, 0);

  /* Not a fixed wait: many draws spread over the range. */
  {
    gint64 lo = G_MAXINT64, hi = 0;

    for (guint i = 0; i < 1000; i++)
      {
        gint64 d = sok_sync_pick_delay (10, 40, minute, g_test_rand_double ());

        g_assert_cmpint (d, >=, 10 * minute);
        g_assert_cmpint (d, <=, 40 * minute);
        lo = MIN (lo, d);
        hi = MAX (hi, d);
      }
    g_assert_cmpint (hi - lo, >, 25 * minute);
  }
}

/* 10–20 minutes of 200 ms: a non-urgent report goes 2–4 s after it was put in the
 * outbox, not before, and then on its own (nothing else waits). */
static void
test_non_urgent_waits_for_its_time (Fixture *f, gconstpointer data)
{
  g_autoptr (SokSyncWorker) worker = start_worker (f, 200 * 1000);
  gint64 sent, arrived;

  put_report (f, "report-later", FALSE);
  sent = g_get_monotonic_time ();
  sok_sync_worker_wake (worker);

  /* Well before its earliest time the worker has run round after round (a heartbeat
   * every 200 ms) and the report is still waiting. */
  f->changes = 0;
  spin (1500 * 1000);
  g_assert_cmpuint (f->changes, >=, 3);
  g_assert_false (in_queue (f, "report-later"));
  g_assert_cmpuint (waiting (f), ==, 1);

  arrived = wait_in_queue (f, "report-later", 30 * G_USEC_PER_SEC);
  g_assert_cmpint (arrived, >, 0);
  g_test_message ("delivered %.2f s after Send", (arrived - sent) / 1e6);
  g_assert_cmpint (arrived - sent, >=, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (wait_outbox_empty (f), ==, 0);

  sok_sync_worker_stop (worker);
}

/* With the school's default (10–40 real minutes), an urgent report goes at once, and
 * takes with it a non-urgent one that was waiting for its time. */
static void
test_urgent_goes_at_once (Fixture *f, gconstpointer data)
{
  g_autoptr (SokSyncWorker) worker = start_worker (f, 0);
  gint64 sent, arrived;

  put_report (f, "report-waits", FALSE);
  sok_sync_worker_wake (worker);
  spin (1000 * 1000);
  g_assert_false (in_queue (f, "report-waits"));

  put_report (f, "report-help-now", TRUE);
  sent = g_get_monotonic_time ();
  sok_sync_worker_wake (worker);
  arrived = wait_in_queue (f, "report-help-now", 10 * G_USEC_PER_SEC);
  g_assert_cmpint (arrived, >, 0);
  g_test_message ("urgent report delivered %.2f s after Send", (arrived - sent) / 1e6);
  g_assert_true (in_queue (f, "report-waits"));
  g_assert_cmpuint (wait_outbox_empty (f), ==, 0);

  sok_sync_worker_stop (worker);
}

/* A restart keeps no schedule: what was waiting goes with the first connection. */
static void
test_waiting_at_start_goes_at_once (Fixture *f, gconstpointer data)
{
  g_autoptr (SokSyncWorker) worker = NULL;

  put_report (f, "report-from-before", FALSE);
  worker = start_worker (f, 0);
  g_assert_cmpint (wait_in_queue (f, "report-from-before", 10 * G_USEC_PER_SEC), >, 0);
  g_assert_cmpuint (wait_outbox_empty (f), ==, 0);
  sok_sync_worker_stop (worker);
}

/* “sokctl sync” delivers a report the running worker is holding back, at once; the
 * worker then forgets it and delivers nothing twice. */
static void
test_sokctl_sync_ignores_schedule (Fixture *f, gconstpointer data)
{
  g_autoptr (SokSyncWorker) worker = start_worker (f, 0);
  g_auto (SokTestRun) run = { 0 };
  g_auto (SokOutboxStatus) status = { 0 };
  gint64 until;

  put_report (f, "report-sync", FALSE);
  sok_sync_worker_wake (worker);
  spin (1000 * 1000);
  g_assert_false (in_queue (f, "report-sync"));
  g_assert_cmpuint (waiting (f), ==, 1);

  sok_test_sokctl (&run, "--data-dir", f->dir, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Delivered 1 report"));
  g_assert_true (in_queue (f, "report-sync"));
  g_assert_cmpuint (waiting (f), ==, 0);

  /* The worker sees it gone at its next round (woken here as after a Send). */
  sok_sync_worker_wake (worker);
  until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  for (;;)
    {
      sok_outbox_status_clear (&status);
      if ((sok_sync_worker_get_status (worker, &status) && status.waiting == 0) ||
          g_get_monotonic_time () > until)
        break;
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpuint (status.waiting, ==, 0);
  g_assert_null (status.last_error);
  sok_sync_worker_stop (worker);
  g_assert_true (in_queue (f, "report-sync"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/delivery-schedule/delay-is-uniform-in-the-range", test_pick_delay);
  g_test_add ("/delivery-schedule/non-urgent-not-before-its-time-then-delivered", Fixture,
              "10-20", fixture_set_up, test_non_urgent_waits_for_its_time, fixture_tear_down);
  g_test_add ("/delivery-schedule/urgent-goes-at-once-with-what-waits", Fixture, NULL,
              fixture_set_up, test_urgent_goes_at_once, fixture_tear_down);
  g_test_add ("/delivery-schedule/waiting-at-start-goes-with-the-first-connection", Fixture,
              NULL, fixture_set_up, test_waiting_at_start_goes_at_once, fixture_tear_down);
  g_test_add ("/delivery-schedule/sokctl-sync-delivers-at-once", Fixture, NULL,
              fixture_set_up, test_sokctl_sync_ignores_schedule, fixture_tear_down);

  return g_test_run ();
}
