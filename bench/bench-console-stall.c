/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "bench-console-stall"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "dsl-fixture.h"
#include "silent-endpoint.h"
#include "sok-bench.h"
#include "sok-dsl-window.h"
#include "sok-queue.h"
#include "test-util.h"

/* The longest the DSL console's main loop stands still while it tries to reach a
 * PostgreSQL queue whose server takes the connection and never answers (budget: under
 * 100 ms). A heartbeat timeout every 5 ms notes the gap since the last beat; the
 * longest gap between the start of an attempt and its "cannot be reached" is that
 * attempt's stall. The first attempt starts with the window (its construction and
 * first frame included); the others are Try again. For comparison, the same
 * connection made on the main loop, as the console did before.
 *
 *   bench-console-stall [ROUNDS] [TIMEOUT]   (under xvfb-run and dbus-run-session;
 *                                             10 rounds, connect_timeout 2 s)
 */

#define BEAT_MS 5

typedef struct
{
  gint64 last;
  gint64 longest;
  guint  beats;
} Heart;

static gboolean
beat_cb (gpointer data)
{
  Heart *heart = data;
  gint64 now = g_get_monotonic_time ();

  if (heart->last > 0)
    heart->longest = MAX (heart->longest, now - heart->last);
  heart->last = now;
  heart->beats++;
  return G_SOURCE_CONTINUE;
}

static void
heart_reset (Heart *heart)
{
  heart->last = g_get_monotonic_time ();
  heart->longest = 0;
  heart->beats = 0;
}

/* Runs the loop until the window is no longer reaching the queue. */
static void
wait_settled (SokDslWindow *window)
{
  while (sok_dsl_window_get_busy (window))
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokSilentEndpoint) endpoint = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *query = NULL;
  g_autoptr (GArray) stalls = g_array_new (FALSE, FALSE, sizeof (double));
  guint rounds = argc > 1 ? (guint)g_ascii_strtoull (argv[1], NULL, 10) : 10;
  guint timeout = argc > 2 ? (guint)g_ascii_strtoull (argv[2], NULL, 10) : 2;
  Heart heart = { 0 };
  SokDslWindow *window;
  gint64 start;
  double first;
  double construction;
  double cpu;

  dsl_fixture_prepare_for_isolated_dirs ();
  adw_init ();
  sok_bench_print_load ();

  dir = g_dir_make_tmp ("sok-bench-stall-XXXXXX", &error);
  g_assert_no_error (error);
  endpoint = sok_silent_endpoint_new (&error);
  g_assert_no_error (error);
  query = g_strdup_printf ("connect_timeout=%u", timeout);
  uri = sok_silent_endpoint_dup_uri (endpoint, "dsl1", query);
  g_print ("silent endpoint 127.0.0.1:%u, connect_timeout %u s, heartbeat every %d ms\n",
           sok_silent_endpoint_get_port (endpoint), timeout, BEAT_MS);

  g_timeout_add (BEAT_MS, beat_cb, &heart);

  /* Before: the connection made on the main loop, as open_queue once did. */
  dsl_fixture_spin (200);
  heart_reset (&heart);
  start = g_get_monotonic_time ();
  {
    g_autoptr (SokQueue) queue = sok_queue_open (uri, SOK_QUEUE_ROLE_DSL, &error);

    g_assert_null (queue);
    g_clear_error (&error);
  }
  g_main_context_iteration (NULL, TRUE);
  heart.longest = MAX (heart.longest, g_get_monotonic_time () - start);
  g_print ("on the main loop (before): attempt %.0f ms, longest stall %.1f ms\n",
           (g_get_monotonic_time () - start) / 1000.0, heart.longest / 1000.0);

  /* The console: the window is made and shown; it starts reaching the queue in a
   * worker as it is made. Its construction is timed on its own: that is the cost of
   * any window, not of the connection. */
  dsl_fixture_spin (200);
  start = g_get_monotonic_time ();
  window = sok_dsl_window_new (NULL, dir, uri, NULL, 0);
  gtk_window_present (GTK_WINDOW (window));
  construction = (g_get_monotonic_time () - start) / 1000.0;
  heart_reset (&heart);
  cpu = sok_bench_thread_cpu_ms ();
  wait_settled (window);
  heart.longest = MAX (heart.longest, g_get_monotonic_time () - heart.last);
  first = heart.longest / 1000.0;
  g_print ("window opened on the silent queue: made and presented in %.0f ms, then attempt "
           "%.0f ms, %u beats, longest stall %.1f ms (first frame included), main-thread "
           "cpu %.0f ms\n", construction, (g_get_monotonic_time () - start) / 1000.0,
           heart.beats, first, sok_bench_thread_cpu_ms () - cpu);

  for (guint i = 0; i < rounds; i++)
    {
      double stall;

      dsl_fixture_spin (100);
      heart_reset (&heart);
      start = g_get_monotonic_time ();
      cpu = sok_bench_thread_cpu_ms ();
      gtk_widget_activate_action (GTK_WIDGET (window), "win.try-queue-again", NULL);
      wait_settled (window);
      /* The last beat to the moment it settled counts too. */
      heart.longest = MAX (heart.longest, g_get_monotonic_time () - heart.last);
      stall = heart.longest / 1000.0;
      g_array_append_val (stalls, stall);
      g_print ("try again %2u: attempt %.0f ms, %u beats, longest stall %.1f ms, main-thread "
               "cpu %.0f ms\n", i + 1, (g_get_monotonic_time () - start) / 1000.0, heart.beats,
               stall, sok_bench_thread_cpu_ms () - cpu);
    }

  g_array_sort (stalls, sok_bench_compare_double);
  if (stalls->len > 0)
    g_print ("try again, longest stall over %u attempts: median %.1f ms, max %.1f ms "
             "(budget 100 ms)\n", stalls->len, sok_bench_sorted_at (stalls, 0.5),
             g_array_index (stalls, double, stalls->len - 1));

  gtk_window_destroy (GTK_WINDOW (window));
  sok_test_remove_tree (dir);
  return 0;
}
