/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "bench-promise"

#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "sok-agreement.h"
#include "sok-bench.h"
#include "sok-bench-school.h"
#include "sok-aup.h"
#include "sok-roster.h"
#include "sok-store.h"

/* The promise screens' queries on a school with history: a primary school of 1,000
 * pupils (Reception to Year 6, five classes a year) followed through ten school years
 * in a fresh SokStore, as sok-bench-school.c makes it (the retention tests use it
 * too).
 *
 * Then, on a new connection as staff mode or the kiosk would open it, it times:
 *   - the class completion query (sok_agreement_class_completion()),
 *   - the pupil list of one class (sok_roster_list_pupils()), the pupil grid's query,
 *   - the class list (sok_roster_list_classes()), the class grid's query,
 *   - one pupil's status (sok_agreement_status_for_pupil()), asked when a name is tapped,
 * each many times, and prints min / median / p99 / max against the 16.7 ms frame at
 * 60 Hz, with SQLite's query plan for each statement they run. */

#define FRAME_MS (1000.0 / 60.0)
#define CURRENT_YEAR 2026

/* ---- Timing --------------------------------------------------------------------- */

typedef gboolean (*QueryFunc) (SokStore *store,
                               gpointer  data);

typedef struct
{
  gint64 class_id;
  gint64 pupil_id;
  gint64 early;
  gint64 junior;
  guint  n_rows;   /* what the last run gave, to show it did the work */
} Query;

static gboolean
run_completion (SokStore *store,
                gpointer  data)
{
  Query *q = data;
  g_autoptr (GPtrArray) list = sok_agreement_class_completion (store, CURRENT_YEAR, q->early,
                                                               q->junior, NULL);
  guint not_yet = 0;

  for (guint i = 0; list && i < list->len; i++)
    not_yet += ((SokClassCompletion *)g_ptr_array_index (list, i))->not_yet->len;
  q->n_rows = not_yet;
  return list != NULL && list->len > 0;
}

static gboolean
run_pupils (SokStore *store,
            gpointer  data)
{
  Query *q = data;
  g_autoptr (GPtrArray) list = sok_roster_list_pupils (store, q->class_id, NULL);

  q->n_rows = list ? list->len : 0;
  return list != NULL && list->len > 0;
}

static gboolean
run_classes (SokStore *store,
             gpointer  data)
{
  Query *q = data;
  g_autoptr (GPtrArray) list = sok_roster_list_classes (store, NULL);

  q->n_rows = list ? list->len : 0;
  return list != NULL && list->len > 0;
}

static gboolean
run_status (SokStore *store,
            gpointer  data)
{
  Query *q = data;
  SokAgreementStatus status;

  q->n_rows = 1;
  return sok_agreement_status_for_pupil (store, q->pupil_id, q->early, CURRENT_YEAR, &status,
                                         NULL);
}

/* The SQL each timed call runs, captured once, for its query plan. */
static int
trace_cb (unsigned  type,
          void     *context,
          void     *p,
          void     *x)
{
  GPtrArray *statements = context;
  g_autofree char *sql = NULL;
  char *expanded;

  if (type != SQLITE_TRACE_STMT)
    return 0;
  expanded = sqlite3_expanded_sql (p);
  sql = g_strdup (expanded);
  sqlite3_free (expanded);
  if (sql != NULL && !g_ptr_array_find_with_equal_func (statements, sql, g_str_equal, NULL))
    g_ptr_array_add (statements, g_steal_pointer (&sql));
  return 0;
}

static void
print_plans (SokStore   *store,
             QueryFunc   func,
             Query      *query)
{
  g_autoptr (GPtrArray) statements = g_ptr_array_new_with_free_func (g_free);

  sqlite3_trace_v2 (sok_store_get_db (store), SQLITE_TRACE_STMT, trace_cb, statements);
  func (store, query);
  sqlite3_trace_v2 (sok_store_get_db (store), 0, NULL, NULL);

  for (guint i = 0; i < statements->len; i++)
    {
      g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ",
                                              (char *)g_ptr_array_index (statements, i), NULL);
      g_autoptr (sqlite3_stmt) stmt = sok_store_prepare (store, explain, NULL);

      while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
        g_print ("      plan: %s\n", sqlite3_column_text (stmt, 3));
    }
}

static void
time_query (SokStore   *store,
            const char *name,
            QueryFunc   func,
            Query      *query,
            guint       runs,
            gboolean    plans)
{
  g_autoptr (GArray) ms = g_array_sized_new (FALSE, FALSE, sizeof (double), runs);
  g_autoptr (GArray) cpu = g_array_sized_new (FALSE, FALSE, sizeof (double), runs);
  gint64 start;
  double first, min, median, p99, max;

  /* The first call prepares the statements and reads the pages from disk (or the
   * page cache): what the first screen after a start costs. */
  start = g_get_monotonic_time ();
  if (!func (store, query))
    g_error ("%s failed", name);
  first = (g_get_monotonic_time () - start) / 1000.0;

  for (guint i = 0; i < runs; i++)
    {
      double t, c = sok_bench_thread_cpu_ms ();

      start = g_get_monotonic_time ();
      if (!func (store, query))
        g_error ("%s failed", name);
      t = (g_get_monotonic_time () - start) / 1000.0;
      c = sok_bench_thread_cpu_ms () - c;
      g_array_append_val (ms, t);
      g_array_append_val (cpu, c);
    }
  g_array_sort (ms, sok_bench_compare_double);
  g_array_sort (cpu, sok_bench_compare_double);
  min = sok_bench_sorted_at (ms, 0);
  median = sok_bench_sorted_at (ms, 0.5);
  p99 = sok_bench_sorted_at (ms, 0.99);
  max = sok_bench_sorted_at (ms, 1);

  g_print ("  %-20s %7.3f %7.3f %7.3f %7.3f %7.3f %7.3f %7.3f %5u  %s\n", name, first, min,
           median, p99, max, sok_bench_sorted_at (cpu, 0.5), sok_bench_sorted_at (cpu, 0.99),
           query->n_rows, p99 < FRAME_MS ? "within a frame" : "OVER A FRAME");
  if (plans)
    print_plans (store, func, query);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SokStore) seeding = NULL;
  g_autoptr (SokStore) store = NULL;
  g_autoptr (GRand) rand = NULL;
  g_autoptr (GPtrArray) classes = NULL;
  g_autoptr (GPtrArray) pupils = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *tmp = NULL;
  gboolean keep = FALSE;
  gboolean plans = FALSE;
  int runs = 1000;
  int n_pupils = 1000;
  int n_years = 10;
  SokBenchSeeded seeded = { 0 };
  Query query = { 0 };
  GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Timed runs of each query (default 1000)", "N" },
    { "pupils", 0, 0, G_OPTION_ARG_INT, &n_pupils, "Pupils on roll (default 1000)", "N" },
    { "years", 0, 0, G_OPTION_ARG_INT, &n_years, "School years of history (default 10)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Data directory to create (default: a new "
      "temporary one)", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the data directory afterwards", NULL },
    { "plans", 0, 0, G_OPTION_ARG_NONE, &plans, "Print SQLite's query plans", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("— time the promise screens' queries on a school with history");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-promise: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (runs < 1 || n_pupils < 70 || n_years < 1 || n_years > 50)
    {
      g_printerr ("bench-promise: --runs ≥ 1, --pupils ≥ 70 and --years 1 to 50, please\n");
      return EXIT_FAILURE;
    }

  if (dir == NULL)
    {
      tmp = g_dir_make_tmp ("bench-promise-XXXXXX", &error);
      if (tmp == NULL)
        {
          g_printerr ("bench-promise: %s\n", error->message);
          return EXIT_FAILURE;
        }
      dir = g_build_filename (tmp, "data", NULL);
    }
  else if (g_file_test (dir, G_FILE_TEST_EXISTS))
    {
      g_printerr ("bench-promise: %s exists; give a new directory\n", dir);
      return EXIT_FAILURE;
    }

  seeding = sok_store_open (dir, &error);
  if (seeding == NULL)
    {
      g_printerr ("bench-promise: %s\n", error->message);
      return EXIT_FAILURE;
    }
  rand = g_rand_new_with_seed (20260901);
  sok_bench_seed_school (seeding, dir, (guint)n_pupils, (guint)n_years, CURRENT_YEAR, rand,
                         &query.early, &query.junior, &seeded);
  g_clear_object (&seeding);

  /* A new connection, as staff mode or a restarted kiosk opens it. */
  store = sok_store_open (dir, &error);
  g_assert_no_error (error);
  classes = sok_roster_list_classes (store, &error);
  g_assert_no_error (error);
  /* A Year 3 class: a middle class of the middle of the school. */
  query.class_id = ((SokClass *)g_ptr_array_index (classes, classes->len / 2))->id;
  pupils = sok_roster_list_pupils (store, query.class_id, &error);
  g_assert_no_error (error);
  query.pupil_id = ((SokPupil *)g_ptr_array_index (pupils, 0))->id;

  g_print ("A school of %d pupils in %u classes, %d school years (%d-%02d to %d-%02d):\n"
           "  %u pupils ever on roll, %u agreements (%u signed), %u AUP versions;\n"
           "  seeded in %.1f s; each September's roster import %.0f ms on average, %.0f ms "
           "at most.\n\n",
           n_pupils, classes->len, n_years, CURRENT_YEAR - n_years + 1,
           (CURRENT_YEAR - n_years + 2) % 100, CURRENT_YEAR, (CURRENT_YEAR + 1) % 100,
           seeded.pupils_ever, seeded.agreements, seeded.signatures,
           2 * ((CURRENT_YEAR - (CURRENT_YEAR - n_years + 1)) / 4 + 1),
           seeded.seed_seconds, seeded.import_ms_total / n_years, seeded.import_ms_max);

  sok_bench_print_load ();
  g_print ("Milliseconds per call, %d runs each after a first call (frame at 60 Hz: %.1f ms):\n",
           runs, FRAME_MS);
  g_print ("  %-20s %7s %7s %7s %7s %7s %7s %7s %5s\n", "query", "first", "min", "median",
           "p99", "max", "cpu med", "cpu p99", "rows");
  time_query (store, "class completion", run_completion, &query, (guint)runs, plans);
  time_query (store, "pupils of one class", run_pupils, &query, (guint)runs, plans);
  time_query (store, "classes", run_classes, &query, (guint)runs, plans);
  time_query (store, "one pupil's status", run_status, &query, (guint)runs, plans);
  g_print ("  (rows: pupils not yet promised, school-wide; pupils in the class; classes; -)\n");

  if (keep)
    g_print ("\nThe data directory is kept: %s\n", dir);
  else
    {
      g_autofree char *db = g_build_filename (dir, "kiosk.db", NULL);
      g_autofree char *wal = g_strconcat (db, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db, "-shm", NULL);
      g_autofree char *aup = g_build_filename (dir, "aup", NULL);

      g_clear_object (&store);
      g_remove (db);
      g_remove (wal);
      g_remove (shm);
      g_rmdir (aup);
      g_rmdir (dir);
      if (tmp != NULL)
        g_rmdir (tmp);
    }

  return EXIT_SUCCESS;
}
