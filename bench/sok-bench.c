/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-bench"

#include "config.h"

#include <time.h>

#include "sok-bench.h"

/* Prints the machine's load, since the wall-clock p99 depends on what else runs. */
void
sok_bench_print_load (void)
{
  g_autofree char *load = NULL;
  g_auto (GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &load, NULL, NULL))
    return;
  fields = g_strsplit (load, " ", 4);
  if (g_strv_length (fields) >= 3)
    g_print ("Load average (1, 5, 15 min) on %u CPUs: %s %s %s\n", g_get_num_processors (),
             fields[0], fields[1], fields[2]);
}

/* This thread's CPU time in milliseconds: the work measured without the time the
 * scheduler gave to other processes (wall-clock figures include that). */
double
sok_bench_thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* Orders doubles, smallest first, for g_array_sort() and qsort(). */
int
sok_bench_compare_double (gconstpointer a,
                          gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/* The value @fraction of the way through @sorted, a non-empty GArray of double sorted
 * with sok_bench_compare_double(): 0 the smallest, 0.5 the median, 0.99 the 99th
 * percentile, 1 the largest. */
double
sok_bench_sorted_at (GArray *sorted,
                     double  fraction)
{
  g_assert (sorted != NULL && sorted->len > 0);
  g_assert (fraction >= 0 && fraction <= 1);

  return g_array_index (sorted, double, MIN (sorted->len - 1, (guint)(sorted->len * fraction)));
}
