/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "bench-deliver"

#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "pg-harness.h"
#include "sok-outbox.h"
#include "sok-queue.h"
#include "sok-report.h"
#include "sok-seal-private.h"
#include "sok-store.h"
#include "sok-sync.h"
#include "test-util.h"

/* How long a kiosk takes to deliver N sealed reports from its outbox to the DSL
 * queue, through the same code the sync worker runs (sok_sync_deliver), in batches
 * (500 a transaction, the worker's default) and the naive way (one report a
 * transaction). PostgreSQL runs as a throwaway cluster like the test harness's
 * (fsync and synchronous_commit on, Unix socket); SQLite is a queue file beside
 * the outbox. Not run by the tests: see bench/README.md. */

static guint n_reports = 10000;
static guint batch_size = 500;
/* Every report is sealed to SOK_REPORT_ENVELOPE_SIZE bytes. */
static guint plain_size = SOK_REPORT_ENVELOPE_SIZE - crypto_box_SEALBYTES;
static char *backends = NULL;
static gboolean skip_naive = FALSE;
static guint repeat = 3;

static GOptionEntry entries[] = {
  { "reports", 'n', 0, G_OPTION_ARG_INT, &n_reports, "Reports to deliver (10000)", "N" },
  { "batch", 'b', 0, G_OPTION_ARG_INT, &batch_size, "Reports per transaction (500)", "N" },
  { "size", 's', 0, G_OPTION_ARG_INT, &plain_size, "Bytes of each report before sealing (65488: every report's size)", "N" },
  { "backend", 0, 0, G_OPTION_ARG_STRING, &backends, "postgresql, sqlite or both (both)", "B" },
  { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "Batched runs to make (3)", "N" },
  { "no-naive", 0, 0, G_OPTION_ARG_NONE, &skip_naive, "Skip the one-a-transaction runs", NULL },
  { NULL }
};

/* Fills a fresh kiosk outbox with n sealed reports. Filling is not timed. */
static SokStore *
fill_outbox (const char *dir,
             GBytes     *sealed)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokStore) store = sok_store_open (dir, &error);

  if (store == NULL)
    g_error ("Could not open the kiosk store: %s", error->message);

  /* Only to fill it quickly; delivery below runs with synchronous=FULL as a kiosk. */
  sok_store_exec (store, "PRAGMA synchronous = OFF", NULL);
  for (guint i = 0; i < n_reports; i++)
    {
      char id[64];

      g_snprintf (id, sizeof id, "bench-%06u", i);
      if (!sok_outbox_put (store, id, "kiosk-bench", i % 50 == 0, sealed, &error))
        g_error ("Could not fill the outbox: %s", error->message);
    }
  sok_store_exec (store, "PRAGMA synchronous = FULL", NULL);

  return g_steal_pointer (&store);
}

static double
run_once (const char *name,
          const char *kiosk_uri,
          const char *dsl_uri,
          GBytes     *sealed,
          guint       batch)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sok-bench-kiosk-XXXXXX", &error);
  g_autoptr (SokStore) store = NULL;
  g_autoptr (SokQueue) kiosk = NULL;
  g_autoptr (SokQueue) dsl = NULL;
  g_autoptr (GPtrArray) cases = NULL;
  g_auto (SokSyncResult) result = { 0 };
  gint64 start, end;
  double seconds;

  store = fill_outbox (dir, sealed);
  kiosk = sok_queue_open (kiosk_uri, SOK_QUEUE_ROLE_KIOSK, &error);
  if (kiosk == NULL)
    g_error ("%s", error->message);

  start = g_get_monotonic_time ();
  if (!sok_sync_deliver (store, kiosk, batch, &result, &error))
    g_error ("Delivery failed: %s", error->message);
  end = g_get_monotonic_time ();
  seconds = (double)(end - start) / G_USEC_PER_SEC;

  /* Every report arrived, once, and the outbox is empty. */
  dsl = sok_queue_open (dsl_uri, SOK_QUEUE_ROLE_DSL, &error);
  if (dsl == NULL || (cases = sok_queue_list_cases (dsl, SOK_CASE_FILTER_ALL, &error)) == NULL)
    g_error ("Could not check the queue: %s", error->message);
  if (result.delivered != n_reports || result.waiting != 0 || cases->len < n_reports)
    g_error ("%s: delivered %u of %u, %u waiting, %u in the queue", name, result.delivered,
             n_reports, result.waiting, cases->len);

  printf ("%-10s  %-22s  %8u  %9.3f  %10.0f\n", name,
          batch == 1 ? "naive (1 per txn)" : "batched", n_reports, seconds, n_reports / seconds);
  fflush (stdout);

  g_clear_object (&store);
  sok_test_remove_tree (dir);
  return seconds;
}

/* The queue alone, without the kiosk's outbox: the same envelopes handed to
 * sok_queue_deliver(), batch at a time, to show where the time goes. */
static void
run_queue_only (const char *name,
                const char *kiosk_uri,
                GBytes     *sealed,
                guint       batch)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokQueue) kiosk = sok_queue_open (kiosk_uri, SOK_QUEUE_ROLE_KIOSK, &error);
  g_autofree SokQueueEnvelope *envelopes = g_new0 (SokQueueEnvelope, n_reports);
  g_auto (GStrv) ids = g_new0 (char *, n_reports + 1);
  gint64 start, end;
  guint total = 0;
  double seconds;

  if (kiosk == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; i < n_reports; i++)
    {
      ids[i] = g_strdup_printf ("queue-only-%u-%06u", batch, i);
      envelopes[i].report_id = ids[i];
      envelopes[i].kiosk_id = "kiosk-bench";
      envelopes[i].sealed = sealed;
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n_reports; i += batch)
    {
      guint n_new = 0;

      if (!sok_queue_deliver (kiosk, envelopes + i, MIN (batch, n_reports - i), &n_new, &error))
        g_error ("Delivery failed: %s", error->message);
      total += n_new;
    }
  end = g_get_monotonic_time ();
  if (total != n_reports)
    g_error ("%s: %u of %u were new", name, total, n_reports);
  seconds = (double)(end - start) / G_USEC_PER_SEC;

  printf ("%-10s  %-22s  %8u  %9.3f  %10.0f\n", name,
          batch == 1 ? "queue only, 1 per txn" : "queue only, batched", n_reports, seconds,
          n_reports / seconds);
  fflush (stdout);
}

static void
bench_sqlite (GBytes *sealed)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sok-bench-queue-XXXXXX", &error);
  g_autofree char *batched = g_strdup_printf ("sqlite:%s/batched.db", dir);
  g_autofree char *naive = g_strdup_printf ("sqlite:%s/naive.db", dir);

  for (guint i = 0; i < repeat; i++)
    {
      g_autofree char *uri = g_strdup_printf ("sqlite:%s/batched-%u.db", dir, i);
      run_once ("sqlite", uri, uri, sealed, batch_size);
    }
  if (!skip_naive)
    run_once ("sqlite", naive, naive, sealed, 1);
  run_queue_only ("sqlite", batched, sealed, batch_size);
  if (!skip_naive)
    run_queue_only ("sqlite", batched, sealed, 1);
  sok_test_remove_tree (dir);
}

static void
bench_postgresql (GBytes *sealed)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *bindir = sok_pg_harness_find_bindir ();
  g_autofree char *kiosk_uri = NULL;
  g_autofree char *dsl_uri = NULL;
  SokPgHarness *harness;

  if (bindir == NULL)
    {
      fprintf (stderr, "PostgreSQL server binaries are not installed; skipping PostgreSQL\n");
      return;
    }
  harness = sok_pg_harness_start (&error);
  if (harness == NULL)
    g_error ("Could not start a throwaway PostgreSQL: %s", error->message);
  kiosk_uri = sok_pg_harness_uri (harness, "kiosk1", SOK_PG_KIOSK_PASSWORD, 0);
  dsl_uri = sok_pg_harness_uri (harness, "dsl1", SOK_PG_DSL_PASSWORD, 0);

  for (guint i = 0; i < repeat + (skip_naive ? 0 : 1); i++)
    {
      /* Each run starts from an empty queue. */
      if (!sok_pg_harness_exec (harness, "DELETE FROM sok.envelopes", &error))
        g_error ("%s", error->message);
      run_once ("postgresql", kiosk_uri, dsl_uri, sealed, i < repeat ? batch_size : 1);
    }
  run_queue_only ("postgresql", kiosk_uri, sealed, batch_size);
  if (!skip_naive)
    run_queue_only ("postgresql", kiosk_uri, sealed, 1);
  sok_pg_harness_free (harness);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = g_option_context_new ("— time delivery from an outbox to the DSL queue");
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) plain = NULL;
  g_autoptr (GBytes) sealed = NULL;
  g_autofree char *key_dir = NULL;
  g_autofree char *pub_path = NULL;
  g_autofree char *pub = NULL;
  g_autofree guint8 *body = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  if (n_reports == 0 || batch_size == 0 || plain_size == 0 || repeat == 0)
    {
      fprintf (stderr, "--reports, --batch, --size and --repeat must be more than 0\n");
      return 2;
    }
  if (backends == NULL)
    backends = g_strdup ("both");
  if (g_getenv ("SOK_SOURCE_ROOT") == NULL)
    g_setenv ("SOK_SOURCE_ROOT", SOK_BENCH_SOURCE_ROOT, TRUE);
  if (sodium_init () < 0)
    return 1;

  /* One real sealed report (to a fresh DSL key), delivered under many ids. */
  key_dir = g_dir_make_tmp ("sok-bench-keys-XXXXXX", &error);
  if (key_dir == NULL ||
      !sok_seal_generate_keys_with_limits (key_dir, "bench passphrase, not secret", 28,
                                           crypto_pwhash_OPSLIMIT_MIN,
                                           crypto_pwhash_MEMLIMIT_MIN, &error))
    g_error ("%s", error->message);
  pub_path = g_build_filename (key_dir, "dsl.pub", NULL);
  if (!g_file_get_contents (pub_path, &pub, NULL, &error))
    g_error ("%s", error->message);
  body = g_malloc (plain_size);
  randombytes_buf (body, plain_size);
  plain = g_bytes_new (body, plain_size);
  sealed = sok_seal_seal (plain, g_strstrip (pub), &error);
  if (sealed == NULL)
    g_error ("%s", error->message);
  sok_test_remove_tree (key_dir);

  printf ("%-10s  %-22s  %8s  %9s  %10s\n", "queue", "mode", "reports", "seconds", "reports/s");
  if (g_str_equal (backends, "both") || g_str_equal (backends, "postgresql"))
    bench_postgresql (sealed);
  if (g_str_equal (backends, "both") || g_str_equal (backends, "sqlite"))
    bench_sqlite (sealed);

  g_free (backends);
  return 0;
}
