/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "bench-promise"

#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "sok-agreement.h"
#include "sok-bench.h"
#include "sok-aup.h"
#include "sok-roster.h"
#include "sok-store.h"

/* The promise screens' queries on a school with history: a primary school of 1,000
 * pupils (Reception to Year 6, five classes a year) followed through ten school years
 * in a fresh SokStore. Each September Year 6 leaves, everyone moves up and a new
 * Reception arrives (the roster is imported through sok_roster_import_data(), as
 * `sokctl roster import` does); nearly every pupil promises each year, some twice,
 * some by signature; the AUP words change every few years. The current year's
 * campaign is part way through.
 *
 * Then, on a new connection as staff mode or the kiosk would open it, it times:
 *   - the class completion query (sok_agreement_class_completion()),
 *   - the pupil list of one class (sok_roster_list_pupils()), the pupil grid's query,
 *   - the class list (sok_roster_list_classes()), the class grid's query,
 *   - one pupil's status (sok_agreement_status_for_pupil()), asked when a name is tapped,
 * each many times, and prints min / median / p99 / max against the 16.7 ms frame at
 * 60 Hz, with SQLite's query plan for each statement they run.
 *
 * The names are made up from lists below; nothing here is a real school's data. */

#define FRAME_MS (1000.0 / 60.0)
#define CURRENT_YEAR 2026

static const char * const forenames[] = {
  "Oliver", "Amelia", "Mohammed", "Isla", "Noah", "Ava", "Jack", "Mia", "Leo", "Ivy",
  "Siân", "Zofia", "Ibrahim", "Aisha", "Oscar", "Freya", "Arlo", "Maryam", "Theo", "Nia",
  "Kacper", "Zeynep", "Rhys", "Chloé", "Yusuf", "Grace", "Dylan", "Hana", "Tomasz", "Priya",
  "Finn", "Lily", "Musa", "Elsie", "Ethan", "Ruby", "Ali", "Maisie", "Jude", "Niamh",
};

static const char * const surnames[] = {
  "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
  "Johnson", "Roberts", "Khan", "O'Brien", "Al-Sayed", "Wiśniewska", "Kowalski", "Patel",
  "Ahmed", "Nowak", "Hughes", "Edwards", "Green", "Hall", "Wood", "Clarke", "Lewis",
  "Begum", "Hussain", "Murphy", "Kelly", "O'Neill", "Ali", "Morgan", "Price", "Nguyen",
  "Okafor", "Mensah", "Kaur", "Singh", "Rahman", "Baker", "Walker", "Wright", "Jackson",
  "Harris", "Martin", "Cooper", "King", "Lee", "Young",
};

static const char * const class_names[] = { "Robins", "Owls", "Otters", "Foxes", "Badgers" };

typedef struct
{
  guint  upn;
  char  *forename;
  char  *surname;
  int    year_group;
} Pupil;

static void
pupil_clear (gpointer data)
{
  Pupil *pupil = data;

  g_free (pupil->forename);
  g_free (pupil->surname);
}

static void
add_pupils (GArray *school,
            GRand  *rand,
            int     year_group,
            guint   n,
            guint  *next_upn)
{
  for (guint i = 0; i < n; i++)
    {
      Pupil pupil = { 0 };

      pupil.upn = (*next_upn)++;
      pupil.forename = g_strdup (forenames[g_rand_int_range (rand, 0, G_N_ELEMENTS (forenames))]);
      pupil.surname = g_strdup (surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))]);
      pupil.year_group = year_group;
      g_array_append_val (school, pupil);
    }
}

static char *
dup_class_name (const Pupil *pupil,
                guint        index)
{
  const char *animal = class_names[index % G_N_ELEMENTS (class_names)];

  if (pupil->year_group == 0)
    return g_strdup_printf ("Reception %s", animal);
  return g_strdup_printf ("Year %d %s", pupil->year_group, animal);
}

/* The school as its MIS exports it, SIMS style. */
static GString *
export_roster (GArray *school)
{
  GString *csv = g_string_new ("\xEF\xBB\xBFUPN,Forename,Surname,Year,Reg Group\r\n");

  for (guint i = 0; i < school->len; i++)
    {
      const Pupil *pupil = &g_array_index (school, Pupil, i);
      g_autofree char *klass = dup_class_name (pupil, pupil->upn);

      g_string_append_printf (csv, "K%06u,%s,\"%s\",%d,%s\r\n", pupil->upn, pupil->forename,
                              pupil->surname, pupil->year_group, klass);
    }
  return csv;
}

/* The AUP words of an edition: the shipped file, with the intro of an earlier edition
 * for the years before the current words. */
static gint64
ensure_edition (SokStore   *store,
                const char *dir,
                SokAgeBand  band,
                int         edition,
                gboolean    current)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokAup) aup = NULL;
  g_autofree char *aup_dir = g_build_filename (dir, "aup", NULL);
  g_autofree char *file = g_strdup_printf ("%s.ini", sok_age_band_to_string (band));
  g_autofree char *override = g_build_filename (aup_dir, file, NULL);
  gint64 id = 0;

  if (!current)
    {
      g_autofree char *shipped_path = NULL;
      g_autofree char *shipped = NULL;
      g_autofree char *edited = NULL;
      g_auto (GStrv) parts = NULL;

      aup = sok_aup_load (NULL, band, NULL, &error);
      g_assert_no_error (error);
      shipped_path = g_strdup (sok_aup_get_path (aup));
      g_clear_object (&aup);
      g_assert_true (g_file_get_contents (shipped_path, &shipped, NULL, &error));
      parts = g_strsplit (shipped, "\nintro=", 2);
      g_assert_nonnull (parts[1]);
      edited = g_strdup_printf ("%s\nintro=Edition %d. %s", parts[0], edition, parts[1]);
      g_assert_cmpint (g_mkdir_with_parents (aup_dir, 0700), ==, 0);
      g_assert_true (g_file_set_contents (override, edited, -1, &error));
    }

  aup = sok_aup_load (dir, band, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sok_aup_get_is_override (aup) == !current);
  g_assert_true (sok_aup_ensure_version (store, aup, &id, &error));
  g_remove (override);
  return id;
}

/* A finger signature: a random walk of some 100 to 300 points in a few strokes. */
static SokSignature *
make_signature (GRand *rand)
{
  SokSignature *signature = sok_signature_new ();
  guint strokes = g_rand_int_range (rand, 1, 5);

  for (guint s = 0; s < strokes; s++)
    {
      double x = g_rand_double_range (rand, 0.05, 0.4), y = g_rand_double_range (rand, 0.3, 0.7);
      guint points = g_rand_int_range (rand, 30, 80);

      sok_signature_begin_stroke (signature);
      for (guint p = 0; p < points; p++)
        {
          x = CLAMP (x + g_rand_double_range (rand, -0.002, 0.012), 0, 1);
          y = CLAMP (y + g_rand_double_range (rand, -0.02, 0.02), 0, 1);
          sok_signature_add_point (signature, x, y);
        }
    }
  return signature;
}

typedef struct
{
  guint pupils_ever;
  guint agreements;
  guint signatures;
  double import_ms_total;
  double import_ms_max;
  double seed_seconds;
} Seeded;

static void
seed_school (SokStore   *store,
             const char *dir,
             guint       n_pupils,
             guint       n_years,
             GRand      *rand,
             gint64     *current_early,
             gint64     *current_junior,
             Seeded     *seeded)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) school = g_array_new (FALSE, TRUE, sizeof (Pupil));
  g_autoptr (GHashTable) upn_to_id = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint per_year = n_pupils / 7;
  guint next_upn = 1;
  gint64 start = g_get_monotonic_time ();
  int first_year = CURRENT_YEAR - (int)n_years + 1;

  g_array_set_clear_func (school, pupil_clear);
  for (int y = 0; y <= 6; y++)
    add_pupils (school, rand, y, per_year + (y < (int)(n_pupils % 7) ? 1 : 0), &next_upn);

  /* Seeding only: the kiosk commits every agreement durably, but ten years of them
   * need not wait for the disk ten thousand times. The queries timed below are reads
   * on a new connection with the store's own settings. */
  g_assert_true (sok_store_exec (store, "PRAGMA synchronous = OFF", &error));

  for (int year = first_year; year <= CURRENT_YEAR; year++)
    {
      g_autoptr (GString) csv = NULL;
      g_autoptr (sqlite3_stmt) ids = NULL;
      SokRosterCounts counts = { 0 };
      /* The words change every four years; the latest edition is the shipped one. */
      int edition = (year - first_year) / 4;
      gboolean current = edition == (CURRENT_YEAR - first_year) / 4;
      gint64 early = ensure_edition (store, dir, SOK_AGE_BAND_EARLY, edition, current);
      gint64 junior = ensure_edition (store, dir, SOK_AGE_BAND_JUNIOR, edition, current);
      double promise_share = year == CURRENT_YEAR ? 0.7 : 0.97;
      gint64 import_start;
      double import_ms;

      if (year > first_year)
        {
          /* September: Year 6 leaves, everyone moves up, a new Reception starts. */
          for (guint i = school->len; i-- > 0;)
            if (g_array_index (school, Pupil, i).year_group == 6)
              g_array_remove_index_fast (school, i);
          for (guint i = 0; i < school->len; i++)
            g_array_index (school, Pupil, i).year_group++;
          add_pupils (school, rand, 0, per_year, &next_upn);
        }

      csv = export_roster (school);
      import_start = g_get_monotonic_time ();
      if (!sok_roster_import_data (store, "roster.csv", csv->str, csv->len, &counts, NULL,
                                   &error))
        g_error ("import %d: %s", year, error->message);
      import_ms = (g_get_monotonic_time () - import_start) / 1000.0;
      seeded->import_ms_total += import_ms;
      seeded->import_ms_max = MAX (seeded->import_ms_max, import_ms);

      ids = sok_store_prepare (store, "SELECT id, mis_id FROM pupils WHERE listed = 1", &error);
      g_assert_no_error (error);
      g_hash_table_remove_all (upn_to_id);
      while (sqlite3_step (ids) == SQLITE_ROW)
        g_hash_table_insert (upn_to_id,
                             GUINT_TO_POINTER ((guint)g_ascii_strtoull ((const char *)sqlite3_column_text (ids, 1) + 1, NULL, 10)),
                             GSIZE_TO_POINTER ((gsize)sqlite3_column_int64 (ids, 0)));

      for (guint i = 0; i < school->len; i++)
        {
          const Pupil *pupil = &g_array_index (school, Pupil, i);
          gint64 id = (gint64)GPOINTER_TO_SIZE (g_hash_table_lookup (upn_to_id,
                                                                     GUINT_TO_POINTER (pupil->upn)));
          gboolean early_band = sok_age_band_for_year_group (pupil->year_group) == SOK_AGE_BAND_EARLY;
          guint times = g_rand_double (rand) < promise_share ? 1 : 0;

          g_assert_cmpint (id, >, 0);
          /* A few promise twice: they came back to read the rules again and agreed. */
          if (times && g_rand_double (rand) < 0.05)
            times = 2;
          for (guint t = 0; t < times; t++)
            {
              g_autoptr (GDateTime) at = g_date_time_new_local (year, 9 + g_rand_int_range (rand, 0, 2),
                                                                g_rand_int_range (rand, 1, 29),
                                                                g_rand_int_range (rand, 9, 15),
                                                                g_rand_int_range (rand, 0, 60), 0);
              g_autoptr (SokSignature) signature = NULL;
              gboolean signs = g_rand_double (rand) < (early_band ? 0.4 : 0.8);

              if (signs)
                signature = make_signature (rand);
              if (!sok_agreement_record (store, id, early_band ? early : junior,
                                         signs ? SOK_AGREEMENT_METHOD_SIGNATURE
                                               : SOK_AGREEMENT_METHOD_TAP,
                                         early_band || g_rand_double (rand) < 0.2,
                                         pupil->year_group == 0, signature, at, NULL, &error))
                g_error ("agreement: %s", error->message);
              seeded->agreements++;
              seeded->signatures += signs;
            }
        }

      if (year == CURRENT_YEAR)
        {
          *current_early = early;
          *current_junior = junior;
        }
    }

  seeded->pupils_ever = next_upn - 1;
  seeded->seed_seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
  g_assert_true (sok_store_exec (store, "PRAGMA synchronous = FULL", &error));
}

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
  Seeded seeded = { 0 };
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
  seed_school (seeding, dir, (guint)n_pupils, (guint)n_years, rand, &query.early, &query.junior,
               &seeded);
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
