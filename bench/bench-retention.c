/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "bench-retention"

#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "sok-bench.h"
#include "sok-bench-school.h"
#include "sok-retention.h"
#include "sok-store.h"

/* How long the kiosk's daily retention holds the database's write lock: a child who
 * presses Send meanwhile waits for it (the store's busy timeout is 5 s). On the
 * promise bench's school (sok-bench-school.c: 1,000 pupils, ten school years up to
 * 2026-27), it times, on a fresh connection as the kiosk's worker thread opens one:
 *   - the dry run (sok_retention_plan(), what `sokctl retention apply --dry-run` does),
 *   - the first apply with retention-years 7 (two school years go),
 *   - the next day's apply (nothing goes), which is what most days cost,
 * each over several fresh schools, and prints min / median / max. */

#define CURRENT_YEAR 2026

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
print_row (const char *what,
           GArray     *times,
           const char *extra)
{
  g_array_sort (times, sok_bench_compare_double);
  g_print ("  %-34s %8.1f %8.1f %8.1f   %s\n", what, g_array_index (times, double, 0),
           sok_bench_sorted_at (times, 0.5), g_array_index (times, double, times->len - 1),
           extra);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) context = g_option_context_new ("— time the kiosk's retention run");
  g_autoptr (GArray) dry = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) first = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) next = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GDateTime) now = g_date_time_new_local (2026, 12, 2, 10, 0, 0);
  g_autofree char *extra = NULL;
  int n_schools = 5;
  int n_pupils = 1000;
  guint removed = 0, signatures = 0, former = 0, seeded_agreements = 0;
  GOptionEntry entries[] = {
    { "schools", 's', 0, G_OPTION_ARG_INT, &n_schools, "Fresh schools to time (default 5)", "N" },
    { "pupils", 0, 0, G_OPTION_ARG_INT, &n_pupils, "Pupils on roll (default 1000)", "N" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  for (int s = 0; s < n_schools; s++)
    {
      g_autofree char *tmp = g_dir_make_tmp ("bench-retention-XXXXXX", &error);
      g_autofree char *dir = NULL;
      g_autoptr (GRand) rand = g_rand_new_with_seed (1000 + s);
      SokBenchSeeded seeded = { 0 };
      gint64 early = 0, junior = 0;
      gint64 start;
      double ms;

      g_assert_no_error (error);
      dir = g_build_filename (tmp, "data", NULL);
      {
        g_autoptr (SokStore) seeding = sok_store_open (dir, &error);

        g_assert_no_error (error);
        sok_bench_seed_school (seeding, dir, (guint)n_pupils, 10, CURRENT_YEAR, rand, &early,
                               &junior, &seeded);
        seeded_agreements = seeded.agreements;
      }

      {
        g_autoptr (SokStore) store = sok_store_open (dir, &error);
        g_autoptr (SokRetentionPlan) plan = NULL;
        g_autoptr (SokRetentionPlan) applied = NULL;
        g_autoptr (SokRetentionPlan) again = NULL;

        g_assert_no_error (error);
        start = g_get_monotonic_time ();
        plan = sok_retention_plan (store, 7, now, &error);
        ms = ms_since (start);
        g_assert_no_error (error);
        g_array_append_val (dry, ms);

        start = g_get_monotonic_time ();
        applied = sok_retention_apply (store, 7, now, &error);
        ms = ms_since (start);
        g_assert_no_error (error);
        g_assert_cmpuint (applied->n_agreements, ==, plan->n_agreements);
        g_array_append_val (first, ms);
        removed = applied->n_agreements;
        signatures = applied->n_signatures;
        former = applied->n_former_pupils;

        start = g_get_monotonic_time ();
        again = sok_retention_apply (store, 7, now, &error);
        ms = ms_since (start);
        g_assert_no_error (error);
        g_assert_cmpuint (again->n_agreements, ==, 0);
        g_array_append_val (next, ms);
      }

      {
        g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmp);

        if (system (command) != 0)
          g_printerr ("Could not remove %s\n", tmp);
      }
    }

  sok_bench_print_load ();
  g_print ("A school of %d pupils over ten school years (%u agreements); retention-years 7 on "
           "2 December 2026.\nMilliseconds, %d fresh schools:\n", n_pupils, seeded_agreements,
           n_schools);
  g_print ("  %-34s %8s %8s %8s\n", "", "min", "median", "max");
  print_row ("dry run (sok_retention_plan)", dry, "");
  extra = g_strdup_printf ("%u agreements (%u signatures), %u former pupils", removed, signatures,
                           former);
  print_row ("first apply (write lock held)", first, extra);
  print_row ("next day's apply (nothing to go)", next, "");
  return EXIT_SUCCESS;
}
