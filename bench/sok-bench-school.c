/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-bench-school"

#include "config.h"

#include <glib/gstdio.h>

#include "sok-agreement.h"
#include "sok-aup.h"
#include "sok-bench-school.h"
#include "sok-roster.h"

/* A school with history, for bench-promise and for the retention tests: a primary
 * school (Reception to Year 6, five classes a year) followed through several school
 * years. Each September Year 6 leaves, everyone moves up and a new Reception arrives
 * (the roster is imported through sok_roster_import_data(), as `sokctl roster
 * import` does); nearly every pupil promises each year, some twice, some by
 * signature; the AUP words change every four years. The current year's campaign is
 * part way through. The names are made up from lists below; nothing here is a real
 * school's data. */

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

/**
 * sok_bench_seed_school:
 * @dir: the kiosk's data directory (earlier AUP editions are written in its aup/ for
 *   a moment)
 * @current_year: the school year the campaign is part way through (2026 for 2026-27)
 *
 * A primary school of @n_pupils followed through @n_years school years up to
 * @current_year, in @store. The AUP versions of @current_year are returned.
 */
void
sok_bench_seed_school (SokStore       *store,
                       const char     *dir,
                       guint           n_pupils,
                       guint           n_years,
                       int             current_year,
                       GRand          *rand,
                       gint64         *current_early,
                       gint64         *current_junior,
                       SokBenchSeeded *seeded)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) school = g_array_new (FALSE, TRUE, sizeof (Pupil));
  g_autoptr (GHashTable) upn_to_id = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint per_year = n_pupils / 7;
  guint next_upn = 1;
  gint64 start = g_get_monotonic_time ();
  int first_year = current_year - (int)n_years + 1;

  g_array_set_clear_func (school, pupil_clear);
  for (int y = 0; y <= 6; y++)
    add_pupils (school, rand, y, per_year + (y < (int)(n_pupils % 7) ? 1 : 0), &next_upn);

  /* Seeding only: the kiosk commits every agreement durably, but ten years of them
   * need not wait for the disk ten thousand times. The queries timed below are reads
   * on a new connection with the store's own settings. */
  g_assert_true (sok_store_exec (store, "PRAGMA synchronous = OFF", &error));

  for (int year = first_year; year <= current_year; year++)
    {
      g_autoptr (GString) csv = NULL;
      g_autoptr (sqlite3_stmt) ids = NULL;
      SokRosterCounts counts = { 0 };
      /* The words change every four years; the latest edition is the shipped one. */
      int edition = (year - first_year) / 4;
      gboolean current = edition == (current_year - first_year) / 4;
      gint64 early = ensure_edition (store, dir, SOK_AGE_BAND_EARLY, edition, current);
      gint64 junior = ensure_edition (store, dir, SOK_AGE_BAND_JUNIOR, edition, current);
      double promise_share = year == current_year ? 0.7 : 0.97;
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

      if (year == current_year)
        {
          *current_early = early;
          *current_junior = junior;
        }
    }

  seeded->pupils_ever = next_upn - 1;
  seeded->seed_seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
  g_assert_true (sok_store_exec (store, "PRAGMA synchronous = FULL", &error));
}

