/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "bench-send"

#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

#include "sok-config.h"
#include "sok-outbox.h"
#include "sok-report.h"
#include "sok-seal.h"
#include "sok-store.h"

/* Benchmarks "Send" (DESIGN.md, performance budgets):
 *
 *   1. Send to durable commit: seal + outbox commit (WAL, synchronous=FULL) on an open
 *      store, the time a child waits for "Thank you"; median, p90, p99, max over
 *      --count reports. Budget: median under 10 ms.
 *   2. The kiosk's own path, sok_report_send_async(): a worker thread that opens its
 *      own connection, seals and commits; measured from the call to the callback.
 *   3. Memory: --count whole report flows (draft → seal → commit → free) through
 *      sok_report_send_async() in this one process; resident memory after a warm-up
 *      and at the end. Budget: growth under 5 MB.
 *
 * Usage: bench-send [--count N] [--dir DIR] [--keep]
 * The kiosk is made in DIR (default: a new directory under $TMPDIR); use a directory
 * on the disk the kiosk will really use, since the commit waits for fsync. */

#define WARM_UP 200

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  char      *report_id;
  GError    *error;
  gint64     done_at;
} Send;

static long
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line != NULL ? strtol (line + strlen ("VmRSS:"), NULL, 10) : -1;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static double
percentile (const double *sorted,
            guint         n,
            double        p)
{
  guint i = (guint)(p * (n - 1) + 0.5);

  return sorted[MIN (i, n - 1)];
}

/* A typical report: a category, a place, a feeling, a few sentences, a drawing. */
static SokReportDraft *
make_draft (guint n)
{
  SokReportDraft *draft = sok_report_draft_new ();
  g_autofree char *text = g_strdup_printf ("Report %u. Someone in my game kept saying mean things "
                                           "about me and my friend, and then they sent a picture "
                                           "that scared me. I did not tell anyone yet. 😢", n);

  sok_report_draft_set_category (draft, "unkind-to-me", "conduct");
  sok_report_draft_set_where (draft, "game");
  sok_report_draft_set_feeling (draft, "sad");
  sok_report_draft_set_locale (draft, "en_GB");
  sok_report_draft_set_text (draft, text, -1);
  sok_report_draft_set_urgent (draft, n % 10 == 0);
  sok_report_draft_set_canvas_size (draft, 800, 600);
  for (guint s = 0; s < 5; s++)
    {
      sok_report_draft_begin_stroke (draft);
      for (guint p = 0; p < 60; p++)
        sok_report_draft_add_point (draft, (float)((p * 13 + s * 50) % 800),
                                    (float)((p * 7 + s * 90) % 600));
    }

  return draft;
}

static void
print_latencies (const char *what,
                 double     *ms,
                 guint       n)
{
  double sum = 0;

  qsort (ms, n, sizeof *ms, compare_doubles);
  for (guint i = 0; i < n; i++)
    sum += ms[i];

  printf ("%s over %u reports:\n"
          "  median %.2f ms   mean %.2f ms   p90 %.2f ms   p99 %.2f ms   max %.2f ms\n",
          what, n, percentile (ms, n, 0.5), sum / n, percentile (ms, n, 0.9),
          percentile (ms, n, 0.99), ms[n - 1]);
}

static void
send_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Send *send = user_data;

  send->done_at = g_get_monotonic_time ();
  send->ok = sok_report_send_finish (result, &send->report_id, &send->error);
  g_main_loop_quit (send->loop);
}

/* One whole flow as the kiosk makes it; returns the microseconds from Send to the
 * callback, or exits on failure. */
static gint64
send_async_once (GMainLoop  *loop,
                 const char *data_dir,
                 guint       n)
{
  SokReportDraft *draft = make_draft (n);
  Send send = { loop, FALSE, NULL, NULL, 0 };
  gint64 start = g_get_monotonic_time ();

  sok_report_send_async (data_dir, draft, NULL, send_done_cb, &send);
  /* The kiosk forgets the draft at once; the task has its own copy. */
  sok_report_draft_free (draft);
  g_main_loop_run (loop);

  if (!send.ok)
    {
      fprintf (stderr, "bench-send: a Send failed: %s\n", send.error->message);
      exit (1);
    }
  g_free (send.report_id);

  return send.done_at - start;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = g_option_context_new ("");
  g_autoptr (GError) error = NULL;
  g_autoptr (SokConfig) config = NULL;
  g_autoptr (SokStore) store = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *dir = NULL;
  g_autofree char *root = NULL;
  g_autofree char *keys_dir = NULL;
  g_autofree char *pub_path = NULL;
  g_autofree char *public_key = NULL;
  g_autofree double *ms = NULL;
  const char *passphrase = "benchmark passphrase, not secret";
  gboolean keep = FALSE;
  gint count = 10000;
  long rss_before, rss_after;
  double median;
  gboolean within = TRUE;
  GOptionEntry entries[] = {
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "Reports per measurement (default 10000)", "N" },
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir, "Where to make the kiosk (default: $TMPDIR)", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the kiosk directory afterwards", NULL },
    { NULL }
  };

  g_option_context_set_summary (context, "Measures Send to durable commit, and memory over "
                                "many report flows.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || count < 10)
    {
      fprintf (stderr, "bench-send: %s\n", error ? error->message : "--count must be 10 or more");
      return 2;
    }

  if (dir != NULL)
    {
      g_mkdir_with_parents (dir, 0700);
      root = g_build_filename (dir, "bench-send-XXXXXX", NULL);
      if (g_mkdtemp (root) == NULL)
        {
          fprintf (stderr, "bench-send: cannot make a directory in %s\n", dir);
          return 1;
        }
    }
  else if (!(root = g_dir_make_tmp ("bench-send-XXXXXX", &error)))
    {
      fprintf (stderr, "bench-send: %s\n", error->message);
      return 1;
    }

  g_free (dir);
  dir = g_build_filename (root, "kiosk", NULL);
  keys_dir = g_build_filename (root, "dsl", NULL);
  pub_path = g_build_filename (keys_dir, "dsl.pub", NULL);

  if (!sok_seal_generate_keys (keys_dir, passphrase, strlen (passphrase), &error) ||
      !g_file_get_contents (pub_path, &public_key, NULL, &error) ||
      !sok_store_ensure_data_dir (dir, &error))
    {
      fprintf (stderr, "bench-send: %s\n", error->message);
      return 1;
    }
  g_strchomp (public_key);

  config = sok_config_new (dir);
  if (!sok_config_set_value (config, "school-name", "Benchmark School", &error) ||
      !sok_config_set_value (config, "kiosk-id", "kiosk-bench", &error) ||
      !sok_config_set_value (config, "dsl-public-key", public_key, &error) ||
      !sok_config_save (config, &error) ||
      !(store = sok_store_open (dir, &error)))
    {
      fprintf (stderr, "bench-send: %s\n", error->message);
      return 1;
    }

  printf ("Kiosk in %s; %d reports per measurement; %s\n", dir, count,
          sqlite3_libversion ());

  /* 1. Send to durable commit on an open store. */
  ms = g_new (double, count);
  for (gint i = 0; i < WARM_UP + count; i++)
    {
      g_autoptr (SokReportDraft) draft = make_draft ((guint)i);
      g_autofree char *id = NULL;
      gint64 start = g_get_monotonic_time ();

      if (!sok_report_send (store, config, draft, &id, &error))
        {
          fprintf (stderr, "bench-send: a Send failed: %s\n", error->message);
          return 1;
        }
      if (i >= WARM_UP)
        ms[i - WARM_UP] = (double)(g_get_monotonic_time () - start) / 1000.0;
    }
  print_latencies ("Send to durable commit (sok_report_send, store open)", ms, (guint)count);
  median = percentile (ms, (guint)count, 0.5);
  printf ("  budget: median under 10 ms: %s\n", median < 10.0 ? "met" : "NOT MET");
  within = within && median < 10.0;

  /* 2 and 3. The kiosk's path, in one process: timing and memory. In the kiosk the
   * sync worker keeps a connection open all day; @store plays that part here. */
  for (gint i = 0; i < WARM_UP; i++)
    send_async_once (loop, dir, (guint)i);
  rss_before = rss_kib ();
  for (gint i = 0; i < count; i++)
    ms[i] = (double)send_async_once (loop, dir, (guint)i) / 1000.0;
  rss_after = rss_kib ();

  print_latencies ("Send to durable commit, kiosk path (sok_report_send_async: thread, "
                   "own connection; the sync worker's connection open)", ms, (guint)count);
  printf ("Memory over %d whole report flows (draft → seal → commit → free), after %d "
          "to warm up:\n  resident %ld KiB → %ld KiB: growth %.2f MB\n",
          count, WARM_UP, rss_before, rss_after, (double)(rss_after - rss_before) / 1024.0);
  printf ("  budget: growth under 5 MB: %s\n",
          rss_after - rss_before < 5 * 1024 ? "met" : "NOT MET");
  within = within && rss_after - rss_before < 5 * 1024;

  /* The worst case: nothing else has the database open, so every Send's connection
   * makes the write-ahead log anew and checkpoints it when it closes. */
  g_clear_object (&store);
  for (gint i = 0; i < count / 10; i++)
    ms[i] = (double)send_async_once (loop, dir, (guint)i) / 1000.0;
  print_latencies ("Send to durable commit, kiosk path with no other connection open",
                   ms, (guint)count / 10);

  if (!keep)
    {
      const char *subdirs[] = { dir, keys_dir };

      /* Two flat directories: remove their files, then them. */
      for (guint d = 0; d < G_N_ELEMENTS (subdirs); d++)
        {
          g_autoptr (GDir) gdir = g_dir_open (subdirs[d], 0, NULL);
          const char *name;

          while (gdir != NULL && (name = g_dir_read_name (gdir)) != NULL)
            {
              g_autofree char *path = g_build_filename (subdirs[d], name, NULL);
              g_unlink (path);
            }
          g_rmdir (subdirs[d]);
        }
      g_rmdir (root);
    }

  return within ? 0 : 1;
}
