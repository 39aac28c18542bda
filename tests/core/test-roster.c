/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-roster"

#include "config.h"

#include "sok-agreement.h"
#include "sok-roster.h"
#include "sok-store.h"

static SokStore *
new_store (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("roster-XXXXXX", &error);
  g_autofree char *dir = NULL;
  SokStore *store;

  g_assert_no_error (error);
  dir = g_build_filename (tmp, "data", NULL);
  store = sok_store_open (dir, &error);
  g_assert_no_error (error);
  return store;
}

static gboolean
import (SokStore         *store,
        const char       *csv,
        SokRosterCounts  *counts,
        GPtrArray       **problems,
        GError          **error)
{
  return sok_roster_import_data (store, "roster.csv", csv, strlen (csv), counts, problems,
                                 error);
}

/* @text without @line. */
static char *
replace_line (const char *text,
              const char *line)
{
  g_auto (GStrv) parts = g_strsplit (text, line, 2);

  g_assert_nonnull (parts[1]);
  return g_strconcat (parts[0], parts[1], NULL);
}

/* Everything the roster holds, in one string, to show an import changed nothing. */
static char *
dump_roster (SokStore *store)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GString *out = g_string_new (NULL);

  stmt = sok_store_prepare (store,
                            "SELECT 'c', id, name, year_group, listed, NULL, NULL FROM classes "
                            "UNION ALL SELECT 'p', id, forename, surname, year_group, class_id, "
                            "listed FROM pupils ORDER BY 1, 2", NULL);
  g_assert_nonnull (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < 7; c++)
        g_string_append_printf (out, "%s|", (const char *)sqlite3_column_text (stmt, c));
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static const char good_roster[] =
  "Forename,Surname,Year,Reg Group\r\n"
  "Oliver,O'Brien,Year 1,Owls\r\n"
  "Ibrahim,Al-Sayed,Y1,Owls\r\n"
  "Siân,Evans,Reception,Robins\r\n"
  "Lily,Wiśniewska,R,Robins\r\n"
  "Sam,Kowalski,1,Owls\r\n"
  "Sam,Kelly,Year 1,Owls\r\n"
  "Jack,Morgan,Year 4,Badgers\r\n"
  "Fatima,Khan,4,Badgers\r\n";

/* The listed pupil with @surname; the test fails when there is none. */
static SokPupil *
find_pupil (GPtrArray  *pupils,
            const char *surname)
{
  g_assert_nonnull (pupils);
  for (guint i = 0; i < pupils->len; i++)
    {
      SokPupil *pupil = g_ptr_array_index (pupils, i);

      if (g_str_equal (pupil->surname, surname))
        return pupil;
    }
  g_error ("no pupil with the surname “%s” is listed", surname);
}

static gboolean
has_class (GPtrArray  *classes,
           const char *name)
{
  g_assert_nonnull (classes);
  for (guint i = 0; i < classes->len; i++)
    if (g_str_equal (((SokClass *)g_ptr_array_index (classes, i))->name, name))
      return TRUE;
  return FALSE;
}

/* The listed class called @name; the test fails when there is none. */
static SokClass *
find_class (GPtrArray  *classes,
            const char *name)
{
  g_assert_nonnull (classes);
  for (guint i = 0; i < classes->len; i++)
    {
      SokClass *klass = g_ptr_array_index (classes, i);

      if (g_str_equal (klass->name, name))
        return klass;
    }
  g_error ("no class called “%s” is listed", name);
}

static void
test_roster_import_sims_export (void)
{
  g_autoptr (SokStore) store = new_store ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) classes = NULL;
  g_autoptr (GPtrArray) pupils = NULL;
  SokRosterCounts counts = { 0 };
  SokClass *owls;

  g_assert_true (import (store, good_roster, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.classes, ==, 3);
  g_assert_cmpuint (counts.pupils, ==, 8);
  g_assert_cmpuint (counts.added, ==, 8);
  g_assert_cmpuint (counts.updated, ==, 0);
  g_assert_cmpuint (counts.left, ==, 0);

  classes = sok_roster_list_classes (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (classes->len, ==, 3);
  g_assert_cmpstr (((SokClass *)g_ptr_array_index (classes, 0))->name, ==, "Robins");
  g_assert_cmpstr (((SokClass *)g_ptr_array_index (classes, 1))->name, ==, "Owls");
  g_assert_cmpstr (((SokClass *)g_ptr_array_index (classes, 2))->name, ==, "Badgers");
  owls = find_class (classes, "Owls");
  g_assert_cmpint (owls->year_group, ==, 1);
  g_assert_cmpint (owls->band, ==, SOK_AGE_BAND_EARLY);
  g_assert_cmpuint (owls->n_pupils, ==, 4);
  g_assert_cmpint (find_class (classes, "Badgers")->band, ==, SOK_AGE_BAND_JUNIOR);

  pupils = sok_roster_list_pupils (store, owls->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pupils->len, ==, 4);
  /* Sorted by forename, labelled by forename and as much surname as tells apart. */
  g_assert_cmpstr (((SokPupil *)g_ptr_array_index (pupils, 0))->label, ==, "Ibrahim A.");
  g_assert_cmpstr (((SokPupil *)g_ptr_array_index (pupils, 1))->label, ==, "Oliver O.");
  g_assert_cmpstr (find_pupil (pupils, "Kowalski")->label, ==, "Sam Ko.");
  g_assert_cmpstr (find_pupil (pupils, "Kelly")->label, ==, "Sam Ke.");
}

static void
test_roster_names_survive_exactly (void)
{
  g_autoptr (SokStore) store = new_store ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) classes = NULL;
  const char *expected[] = { "O'Brien", "Al-Sayed", "Wiśniewska" };
  /* Siân written decomposed (a + combining circumflex) is stored in NFC. */
  const char *csv = "\xEF\xBB\xBF" "Forename,Surname,Year,Reg Group\n"
                    "Oliver,O'Brien,Year 1,Owls\n"
                    "Ibrahim,Al-Sayed,Year 1,Owls\n"
                    "Sia\xCC\x82n,Evans,Year 1,Owls\n"
                    "Lily,Wiśniewska,Year 1,Owls\n";
  g_autoptr (GPtrArray) pupils = NULL;
  gboolean saw_sian = FALSE;

  g_assert_true (import (store, csv, NULL, NULL, &error));
  g_assert_no_error (error);
  classes = sok_roster_list_classes (store, &error);
  pupils = sok_roster_list_pupils (store, find_class (classes, "Owls")->id, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_nonnull (find_pupil (pupils, expected[i]));
  for (guint i = 0; i < pupils->len; i++)
    saw_sian |= g_str_equal (((SokPupil *)g_ptr_array_index (pupils, i))->forename, "Siân");
  g_assert_true (saw_sian);
}

static void
test_roster_arbor_and_bromcom_headers (void)
{
  /* Any order, any case, extra columns ignored, quoted fields with commas, quotes and
   * a line break inside, LF line ends, and Preferred forename chosen over Legal. */
  const char *csv =
    "UPN,nc year,LEGAL SURNAME,Date of Birth,Legal forename,Preferred forename,Class\n"
    "A123,Year 3,\"Smith, Jr\",2017-01-01,Jonathan,Jon,\"Hedgehogs\"\n"
    "A124,Year 3,\"O\"\"Neill\",2017-02-02,Niamh,Niamh,Hedgehogs\n"
    "A125,Year 3,Rhys-Williams,2017-03-03,Nia,Nia,Hedgehogs\n";
  g_autoptr (SokStore) store = new_store ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) classes = NULL;
  g_autoptr (GPtrArray) pupils = NULL;

  g_assert_true (import (store, csv, NULL, NULL, &error));
  g_assert_no_error (error);
  classes = sok_roster_list_classes (store, &error);
  pupils = sok_roster_list_pupils (store, find_class (classes, "Hedgehogs")->id, &error);
  g_assert_cmpuint (pupils->len, ==, 3);
  g_assert_cmpstr (find_pupil (pupils, "Smith, Jr")->forename, ==, "Jon");
  g_assert_nonnull (find_pupil (pupils, "O\"Neill"));
  g_assert_nonnull (find_pupil (pupils, "Rhys-Williams"));
}

static void
test_roster_year_groups (void)
{
  struct { const char *text; int year; } good[] = {
    { "Reception", 0 }, { "R", 0 }, { "YR", 0 }, { "Rec", 0 }, { "reception ", 0 },
    { "Year 1", 1 }, { "Y1", 1 }, { "1", 1 }, { "Year 6", 6 }, { "y6", 6 }, { "6", 6 },
    { "Year 4", 4 }, { "year4", 4 },
  };
  const char *bad[] = { "N1", "N2", "Nursery", "Year 7", "7", "Y0x", "Blue", "", "Year -1" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      int year = -1;
      g_autofree char *reason = NULL;

      g_test_message ("year group “%s”", good[i].text);
      g_assert_true (sok_roster_parse_year_group (good[i].text, &year, &reason));
      g_assert_cmpint (year, ==, good[i].year);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      int year = -1;
      g_autofree char *reason = NULL;

      g_test_message ("year group “%s”", bad[i]);
      g_assert_false (sok_roster_parse_year_group (bad[i], &year, &reason));
      g_assert_nonnull (reason);
    }

  {
    g_autofree char *reason = NULL;
    int year;

    g_assert_false (sok_roster_parse_year_group ("N2", &year, &reason));
    g_assert_nonnull (strstr (reason, "nursery"));
  }
  g_assert_cmpint (sok_age_band_for_year_group (0), ==, SOK_AGE_BAND_EARLY);
  g_assert_cmpint (sok_age_band_for_year_group (2), ==, SOK_AGE_BAND_EARLY);
  g_assert_cmpint (sok_age_band_for_year_group (3), ==, SOK_AGE_BAND_JUNIOR);
  g_assert_cmpint (sok_age_band_for_year_group (6), ==, SOK_AGE_BAND_JUNIOR);
}

/* Each malformed file is refused with the stated error, names the line, and leaves
 * the roster exactly as the good import made it. */
static void
test_roster_malformed_files_change_nothing (void)
{
  struct
  {
    const char *name;
    const char *csv;
    gssize      length;
    int         code;
    const char *says[3];
    guint       n_problems;
  } cases[] = {
    { "empty file", "", 0, SOK_ROSTER_ERROR_EMPTY, { "is empty" }, 0 },
    { "only a BOM and blank lines", "\xEF\xBB\xBF\r\n\r\n", -1, SOK_ROSTER_ERROR_EMPTY,
      { "is empty" }, 0 },
    { "header but no pupils", "Forename,Surname,Year,Reg Group\r\n", -1,
      SOK_ROSTER_ERROR_EMPTY, { "no pupils" }, 0 },
    { "missing class column", "Forename,Surname,Year\nAva,Thompson,R\n", -1,
      SOK_ROSTER_ERROR_MISSING_COLUMN, { "line 1", "class" }, 0 },
    { "missing forename and year", "Surname,Reg Group\nThompson,Robins\n", -1,
      SOK_ROSTER_ERROR_MISSING_COLUMN, { "forename", "year group" }, 0 },
    { "bad year groups",
      "Forename,Surname,Year,Reg Group\nAva,Thompson,R,Robins\nBen,Ng,N1,Tadpoles\n"
      "Cal,Ray,Year 7,Foxes\nDan,Orr,Blue,Owls\n", -1, SOK_ROSTER_ERROR_BAD_LINES,
      { "line 3: “N1” is a nursery", "line 4: “Year 7” is not a primary", "line 5: “Blue”" }, 3 },
    { "unterminated quote",
      "Forename,Surname,Year,Reg Group\nAva,Thompson,R,Robins\nBen,\"Ng,1,Owls\nCal,Ray,1,Owls\n",
      -1, SOK_ROSTER_ERROR_SYNTAX, { "line 3", "never closed" }, 0 },
    { "invalid UTF-8 (a Windows-1252 export)",
      "Forename,Surname,Year,Reg Group\nAva,Thompson,R,Robins\nSi\xE2n,Evans,R,Robins\n"
      "Zo\xEB,Clarke,2,Kingfishers\n", -1, SOK_ROSTER_ERROR_ENCODING,
      { "line 3: this line is not UTF-8", "line 4:", "CSV UTF-8" }, 2 },
    { "wrong number of fields and empty names",
      "Forename,Surname,Year,Reg Group\nAva,Thompson,R\n,Ng,1,Owls\nCal,Ray,1,\n"
      "Dee,Fox,1,Owls,extra\n", -1, SOK_ROSTER_ERROR_BAD_LINES,
      { "line 2: it has 3 fields", "line 3: the forename is empty", "line 4: the class is empty" }, 4 },
    { "text after a closing quote",
      "Forename,Surname,Year,Reg Group\n\"Ava\"x,Thompson,R,Robins\n", -1,
      SOK_ROSTER_ERROR_BAD_LINES, { "line 2: text follows a closing quote" }, 1 },
    { "the same UPN twice",
      "UPN,Forename,Surname,Year,Reg Group\nA1,Ava,Thompson,R,Robins\nA1,Ben,Ng,1,Owls\n", -1,
      SOK_ROSTER_ERROR_BAD_LINES, { "line 3: the pupil id “A1” is also on line 2" }, 1 },
    { "a line break inside a quoted name (the lines after it still counted)",
      "Forename,Surname,Year,Reg Group\n\"Ava\nMay\",Thompson,R,Robins\nBen,Ng,Year 9,Owls\n", -1,
      SOK_ROSTER_ERROR_BAD_LINES, { "line 2: the forename holds a line break", "line 4: “Year 9”" }, 2 },
    { "a NUL byte", "Forename,Surname,Year,Reg Group\nAva\0,Thompson,R,Robins\n", 55,
      SOK_ROSTER_ERROR_ENCODING, { "line 2" }, 1 },
  };
  g_autoptr (SokStore) store = new_store ();
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;

  g_assert_true (import (store, good_roster, NULL, NULL, &error));
  g_assert_no_error (error);
  before = dump_roster (store);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) case_error = NULL;
      g_autoptr (GPtrArray) problems = NULL;
      g_autofree char *after = NULL;
      gsize length = cases[i].length < 0 ? strlen (cases[i].csv) : (gsize)cases[i].length;

      g_test_message ("case: %s", cases[i].name);
      g_assert_false (sok_roster_import_data (store, "roster.csv", cases[i].csv, length, NULL,
                                              &problems, &case_error));
      g_test_message ("  → %s", case_error ? case_error->message : "(no error)");
      g_assert_error (case_error, SOK_ROSTER_ERROR, cases[i].code);
      g_assert_true (g_str_has_prefix (case_error->message, "roster.csv"));
      for (guint s = 0; s < G_N_ELEMENTS (cases[i].says) && cases[i].says[s]; s++)
        g_assert_nonnull (strstr (case_error->message, cases[i].says[s]));
      g_assert_cmpuint (problems ? problems->len : 0, ==, cases[i].n_problems);

      after = dump_roster (store);
      g_assert_cmpstr (after, ==, before);
    }
}

static void
test_roster_many_bad_lines_listed_with_count (void)
{
  g_autoptr (SokStore) store = new_store ();
  g_autoptr (GString) csv = g_string_new ("Forename,Surname,Year,Reg Group\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  SokRosterProblem *last;

  for (guint i = 0; i < 70; i++)
    g_string_append_printf (csv, "Pupil,Number%u,Year 9,Owls\n", i);

  g_assert_false (import (store, csv->str, NULL, &problems, &error));
  g_assert_error (error, SOK_ROSTER_ERROR, SOK_ROSTER_ERROR_BAD_LINES);
  g_assert_cmpuint (problems->len, ==, 70);
  last = g_ptr_array_index (problems, 69);
  g_assert_cmpuint (last->line, ==, 71);
  g_assert_nonnull (strstr (error->message, "has 70 bad lines"));
  g_assert_nonnull (strstr (error->message, "line 51:"));
  g_assert_null (strstr (error->message, "line 52:"));
  g_assert_nonnull (strstr (error->message, "and 20 more"));
}

static void
test_roster_ten_thousand_rows (void)
{
  g_autoptr (SokStore) store = new_store ();
  g_autoptr (GString) csv = g_string_new ("\xEF\xBB\xBFUPN,Forename,Surname,Year Group,Reg Group\r\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) classes = NULL;
  SokRosterCounts counts = { 0 };
  gint64 start;
  guint total = 0;

  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (csv, "U%05u,Pupil%u,\"Surname, %u\",Year %u,Class %u\r\n",
                            i, i, i, 1 + (i % 350) % 6, i % 350);

  start = g_get_monotonic_time ();
  g_assert_true (import (store, csv->str, &counts, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("10,000 rows imported in %.0f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (counts.pupils, ==, 10000);
  g_assert_cmpuint (counts.added, ==, 10000);
  g_assert_cmpuint (counts.classes, ==, 350);

  classes = sok_roster_list_classes (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (classes->len, ==, 350);
  for (guint i = 0; i < classes->len; i++)
    total += ((SokClass *)g_ptr_array_index (classes, i))->n_pupils;
  g_assert_cmpuint (total, ==, 10000);

  /* Names sort as people expect: Class 1, Class 7, Class 13 in the Year 1s. */
  g_assert_cmpstr (((SokClass *)g_ptr_array_index (classes, 0))->name, ==, "Class 0");
  g_assert_cmpstr (((SokClass *)g_ptr_array_index (classes, 1))->name, ==, "Class 6");
  g_assert_cmpstr (((SokClass *)g_ptr_array_index (classes, 2))->name, ==, "Class 12");

  /* The same file again: every pupil is known. */
  g_assert_true (import (store, csv->str, &counts, NULL, &error));
  g_assert_cmpuint (counts.updated, ==, 10000);
  g_assert_cmpuint (counts.added, ==, 0);
}

static gint64
pupil_id_by_surname (SokStore   *store,
                     const char *surname)
{
  g_autoptr (sqlite3_stmt) stmt = sok_store_prepare (store, "SELECT id FROM pupils WHERE surname = ?",
                                                     NULL);

  sqlite3_bind_text (stmt, 1, surname, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
test_roster_reimport_keeps_pupils_and_agreements (void)
{
  g_autoptr (SokStore) store = new_store ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) classes = NULL;
  g_autoptr (GPtrArray) agreements = NULL;
  g_autoptr (SokPupil) left = NULL;
  g_autoptr (SokPupil) moved = NULL;
  SokRosterCounts counts = { 0 };
  gint64 morgan, khan, version;
  /* September: Owls move up to Year 2 as Kingfishers, Jack Morgan has left, Fatima
   * Khan changed class, and a new pupil arrived. */
  const char *next_year =
    "Forename,Surname,Year,Reg Group\n"
    "Oliver,O'Brien,Year 2,Kingfishers\n"
    "Ibrahim,Al-Sayed,Year 2,Kingfishers\n"
    "Siân,Evans,Year 1,Owls\n"
    "Lily,Wiśniewska,Year 1,Owls\n"
    "Sam,Kowalski,Year 2,Kingfishers\n"
    "Sam,Kelly,Year 2,Kingfishers\n"
    "Fatima,Khan,Year 4,Otters\n"
    "Noor,Haddad,Year 4,Badgers\n";

  g_assert_true (import (store, good_roster, NULL, NULL, &error));
  morgan = pupil_id_by_surname (store, "Morgan");
  khan = pupil_id_by_surname (store, "Khan");
  g_assert_true (sok_store_exec (store,
                                 "INSERT INTO aup_versions (band, locale, sha256, content, first_shown) "
                                 "VALUES ('junior', 'en', 'x', 'x', 0)", &error));
  version = sqlite3_last_insert_rowid (sok_store_get_db (store));
  g_assert_true (sok_agreement_record (store, morgan, version, SOK_AGREEMENT_METHOD_TAP,
                                       FALSE, FALSE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (import (store, next_year, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.updated, ==, 7);
  g_assert_cmpuint (counts.added, ==, 1);
  g_assert_cmpuint (counts.left, ==, 1);
  g_assert_cmpuint (counts.classes, ==, 4);

  /* The pupil who left is kept with their agreement, but is no longer listed. */
  left = sok_roster_get_pupil (store, morgan, &error);
  g_assert_no_error (error);
  g_assert_false (left->listed);
  g_assert_cmpstr (left->label, ==, "Jack Morgan");
  agreements = sok_agreement_list (store, NULL, 0, &error);
  g_assert_cmpuint (agreements->len, ==, 1);
  g_assert_cmpint (((SokAgreement *)g_ptr_array_index (agreements, 0))->pupil_id, ==, morgan);

  moved = sok_roster_get_pupil (store, khan, &error);
  g_assert_true (moved->listed);
  g_assert_cmpstr (moved->class_name, ==, "Otters");
  g_assert_cmpstr (moved->label, ==, "Fatima K.");

  /* Robins has no pupils now, so it is no longer listed. */
  classes = sok_roster_list_classes (store, &error);
  g_assert_false (has_class (classes, "Robins"));
  g_assert_true (has_class (classes, "Kingfishers"));
  g_assert_cmpuint (find_class (classes, "Badgers")->n_pupils, ==, 1);
}

static void
test_roster_matches_by_upn (void)
{
  g_autoptr (SokStore) store = new_store ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SokPupil) pupil = NULL;
  SokRosterCounts counts = { 0 };
  gint64 id;

  g_assert_true (import (store, "UPN,Forename,Surname,Year,Reg Group\n"
                                "K100,Alexander,Byrne,3,Hedgehogs\n"
                                "K101,Alex,Byrne,3,Hedgehogs\n", NULL, NULL, &error));
  id = pupil_id_by_surname (store, "Byrne");
  pupil = sok_roster_get_pupil (store, id, &error);
  g_assert_no_error (error);

  /* The first Alex now goes by a preferred name; the UPN still finds them. */
  g_assert_true (import (store, "UPN,Preferred forename,Surname,Year,Reg Group\n"
                                "K101,Alex,Byrne,4,Badgers\n"
                                "K100,Sandy,Byrne,4,Badgers\n", &counts, NULL, &error));
  g_assert_cmpuint (counts.updated, ==, 2);
  g_assert_cmpuint (counts.added, ==, 0);
  g_clear_pointer (&pupil, sok_pupil_free);
  pupil = sok_roster_get_pupil (store, id, &error);
  g_assert_cmpstr (pupil->forename, ==, "Sandy");
  g_assert_cmpint (pupil->year_group, ==, 4);
}

static void
test_roster_labels (void)
{
  const char *forenames[] = { "Sam", "Sam", "Amir", "Sam", "Nia", "Nia", "Zoë", "zoë", "Leo", "Leo" };
  const char *surnames[] = { "Kowalski", "Kelly", "Khan", "Jones", "O'Brien", "O'Neill",
                             "Clarke", "Clarke", "Khan", "Khanna" };
  g_auto (GStrv) labels = sok_roster_make_labels (forenames, surnames, G_N_ELEMENTS (forenames));

  g_assert_cmpstr (labels[0], ==, "Sam Ko.");
  g_assert_cmpstr (labels[1], ==, "Sam Ke.");
  g_assert_cmpstr (labels[2], ==, "Amir K.");
  g_assert_cmpstr (labels[3], ==, "Sam J.");
  g_assert_cmpstr (labels[4], ==, "Nia O'B.");
  g_assert_cmpstr (labels[5], ==, "Nia O'N.");
  /* Nothing shorter tells them apart: the full name. */
  g_assert_cmpstr (labels[6], ==, "Zoë Clarke");
  g_assert_cmpstr (labels[7], ==, "zoë Clarke");
  g_assert_cmpstr (labels[8], ==, "Leo Khan");
  g_assert_cmpstr (labels[9], ==, "Leo Khann.");
}

static void
test_roster_file_not_found (void)
{
  g_autoptr (SokStore) store = new_store ();
  g_autoptr (GError) error = NULL;

  g_assert_false (sok_roster_import_file (store, "/nonexistent/roster.csv", NULL, NULL, &error));
  g_assert_error (error, SOK_ROSTER_ERROR, SOK_ROSTER_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "/nonexistent/roster.csv"));
}

/* The same three pupils as each MIS might export them: its own header names, in any
 * order and case, with columns the kiosk does not need. */
static void
test_roster_mis_headers (void)
{
  const char *exports[] = {
    /* SIMS: "Forename, Surname, Year, Reg Group". */
    "Adno,Surname,Forename,Reg Group,Year,Gender\r\n"
    "001,O'Brien,Oliver,2B,Year 2,M\r\n"
    "002,Al-Sayed,Ibrahim,2B,Year 2,M\r\n"
    "003,Wiśniewska,Siân,5W,Year 5,F\r\n",
    /* Arbor: "Preferred forename, Legal surname, Year group, Registration group". */
    "Registration Group,Year Group,Legal Surname,Preferred Forename,Legal Forename\n"
    "2B,Y2,O'Brien,Oliver,Oliver\n"
    "2B,Y2,Al-Sayed,,Ibrahim\n"
    "5W,Y5,Wiśniewska,Siân,Siân Maria\n",
    /* Arbor's other names: "Registration Form", first and last names. */
    "Legal First Name,Preferred First Name,Legal Last Name,Year Group,Registration Form\n"
    "Oliver,,O'Brien,Year 2,2B\n"
    "Ibrahim,Ibrahim,Al-Sayed,Year 2,2B\n"
    "Siân Maria,Siân,Wiśniewska,Year 5,5W\n",
    /* Bromcom: "NC Year, Form", upper and lower case. */
    "UPN,LEGAL FORENAME,legal surname,nc year,FORM\n"
    "K1,Oliver,O'Brien,2,2B\n"
    "K2,Ibrahim,Al-Sayed,2,2B\n"
    "K3,Siân,Wiśniewska,5,5W\n",
    /* Spaces and underscores in header names, quoted headers. */
    "\"  Year_Group \",\"First Name\",\"Last Name\",\"class\"\n"
    "Year 2,Oliver,O'Brien,2B\n"
    "Year 2,Ibrahim,Al-Sayed,2B\n"
    "Year 5,Siân,Wiśniewska,5W\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (exports); i++)
    {
      g_autoptr (SokStore) store = new_store ();
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) classes = NULL;
      g_autoptr (GPtrArray) two = NULL;
      g_autoptr (GPtrArray) five = NULL;
      SokRosterCounts counts = { 0 };

      g_test_message ("export %u", i);
      g_assert_true (import (store, exports[i], &counts, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (counts.pupils, ==, 3);
      g_assert_cmpuint (counts.classes, ==, 2);

      classes = sok_roster_list_classes (store, &error);
      g_assert_no_error (error);
      g_assert_cmpint (find_class (classes, "2B")->year_group, ==, 2);
      g_assert_cmpint (find_class (classes, "2B")->band, ==, SOK_AGE_BAND_EARLY);
      g_assert_cmpint (find_class (classes, "5W")->year_group, ==, 5);
      g_assert_cmpint (find_class (classes, "5W")->band, ==, SOK_AGE_BAND_JUNIOR);
      two = sok_roster_list_pupils (store, find_class (classes, "2B")->id, &error);
      five = sok_roster_list_pupils (store, find_class (classes, "5W")->id, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (find_pupil (two, "O'Brien")->forename, ==, "Oliver");
      /* A blank preferred forename falls back to the legal one. */
      g_assert_cmpstr (find_pupil (two, "Al-Sayed")->forename, ==, "Ibrahim");
      g_assert_cmpstr (find_pupil (five, "Wiśniewska")->forename, ==, "Siân");
      g_assert_cmpstr (find_pupil (five, "Wiśniewska")->label, ==, "Siân W.");
    }
}

/* Line numbers count the file's lines as a text editor shows them, with CRLF line
 * ends and with a quoted field that runs over two lines. */
static void
test_roster_bad_lines_numbered_with_crlf (void)
{
  const char *csv =
    "Forename,Surname,Year,Reg Group\r\n"
    "Ava,Thompson,R,Robins\r\n"
    "\"Ben\",\"Ng, \"\"Junior\"\"\",Year 8,Owls\r\n"
    "Cal,\"Ray\r\nSmith\",1,Owls\r\n"
    "\r\n"
    "Dee,Fox,,Owls\r\n"
    "Eve,Lee,2\r\n";
  g_autoptr (SokStore) store = new_store ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autofree char *roster = NULL;
  struct { guint line; const char *says; } expected[] = {
    { 3, "“Year 8” is not a primary year group" },
    { 4, "the surname holds a line break" },
    { 7, "the year group is empty" },
    { 8, "it has 3 fields but the header has 4" },
  };

  g_assert_false (import (store, csv, NULL, &problems, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, SOK_ROSTER_ERROR, SOK_ROSTER_ERROR_BAD_LINES);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      SokRosterProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *in_message = g_strdup_printf ("line %u: %s", expected[i].line,
                                                     expected[i].says);

      g_assert_cmpuint (problem->line, ==, expected[i].line);
      g_assert_nonnull (strstr (problem->reason, expected[i].says));
      g_assert_nonnull (strstr (error->message, in_message));
    }
  g_assert_nonnull (strstr (error->message, "nothing was imported"));
  roster = dump_roster (store);
  g_assert_cmpstr (roster, ==, "");
}

/* A sheet that had rows cleared before export ends in lines of commas; they are blank
 * lines, not bad ones. */
static void
test_roster_lines_of_commas_are_blank (void)
{
  g_autoptr (SokStore) store = new_store ();
  g_autoptr (GError) error = NULL;
  SokRosterCounts counts = { 0 };

  g_assert_true (import (store, "Forename,Surname,Year,Reg Group\r\n"
                                "Ava,Thompson,R,Robins\r\n"
                                ",,,\r\n"
                                "Ben,Ng,R,Robins\r\n"
                                ",,,\r\n,,,\r\n", &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.pupils, ==, 2);

  /* Only commas after the header: no pupils, refused. */
  g_assert_false (import (store, "Forename,Surname,Year,Reg Group\n,,,\n", NULL, NULL, &error));
  g_assert_error (error, SOK_ROSTER_ERROR, SOK_ROSTER_ERROR_EMPTY);
}

static char *
write_temp_file (const char *contents,
                 gssize      length)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("roster-file-XXXXXX", &error);
  char *path = g_build_filename (dir, "roster.csv", NULL);

  g_assert_no_error (error);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

/* Through a file as sokctl reads it: an empty file and a Windows-1252 header are
 * refused by name and leave a known roster exactly as it was; the good file then
 * goes in whole. */
static void
test_roster_files_refused_or_accepted_whole (void)
{
  g_autoptr (SokStore) store = new_store ();
  g_autoptr (GError) error = NULL;
  g_autofree char *empty = write_temp_file ("", 0);
  g_autofree char *latin1 = write_temp_file ("Forename,Surname,Ann\xE9\x65 scolaire,Classe\n"
                                             "Ava,Thompson,R,Robins\n", -1);
  g_autofree char *good = write_temp_file (good_roster, -1);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  SokRosterCounts counts = { 0 };

  g_assert_true (sok_roster_import_file (store, good, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.pupils, ==, 8);
  before = dump_roster (store);
  g_assert_cmpstr (before, !=, "");

  g_assert_false (sok_roster_import_file (store, empty, NULL, NULL, &error));
  g_assert_error (error, SOK_ROSTER_ERROR, SOK_ROSTER_ERROR_EMPTY);
  g_assert_true (g_str_has_prefix (error->message, empty));
  g_clear_error (&error);

  g_assert_false (sok_roster_import_file (store, latin1, NULL, NULL, &error));
  g_assert_error (error, SOK_ROSTER_ERROR, SOK_ROSTER_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "line 1: this line is not UTF-8"));
  g_clear_error (&error);

  after = dump_roster (store);
  g_assert_cmpstr (after, ==, before);
}

/* A pupil who left is kept, with their agreement, but listed nowhere a child or a
 * teacher's campaign looks; when they come back they are the same pupil. */
static void
test_roster_left_pupils_kept_not_listed (void)
{
  g_autoptr (SokStore) store = new_store ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) classes = NULL;
  g_autoptr (GPtrArray) owls = NULL;
  g_autoptr (GPtrArray) completion = NULL;
  g_autoptr (GPtrArray) agreements = NULL;
  g_autoptr (GDateTime) at = g_date_time_new_local (2026, 9, 14, 10, 0, 0);
  g_autoptr (SokPupil) back = NULL;
  SokRosterCounts counts = { 0 };
  gint64 oliver, version;
  guint owls_total = 0;
  g_autofree char *without_oliver = replace_line (good_roster, "Oliver,O'Brien,Year 1,Owls\r\n");

  g_assert_true (import (store, good_roster, NULL, NULL, &error));
  oliver = pupil_id_by_surname (store, "O'Brien");
  g_assert_true (sok_store_exec (store,
                                 "INSERT INTO aup_versions (band, locale, sha256, content, first_shown) "
                                 "VALUES ('early', 'en', 'e', 'e', 0)", &error));
  version = sqlite3_last_insert_rowid (sok_store_get_db (store));
  g_assert_true (sok_agreement_record (store, oliver, version, SOK_AGREEMENT_METHOD_TAP,
                                       TRUE, FALSE, NULL, at, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (import (store, without_oliver, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.left, ==, 1);
  g_assert_cmpuint (counts.pupils, ==, 7);

  classes = sok_roster_list_classes (store, &error);
  g_assert_cmpuint (find_class (classes, "Owls")->n_pupils, ==, 3);
  owls = sok_roster_list_pupils (store, find_class (classes, "Owls")->id, &error);
  g_assert_cmpuint (owls->len, ==, 3);
  for (guint i = 0; i < owls->len; i++)
    g_assert_cmpint (((SokPupil *)g_ptr_array_index (owls, i))->id, !=, oliver);

  completion = sok_agreement_class_completion (store, 2026, 0, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < completion->len; i++)
    {
      SokClassCompletion *c = g_ptr_array_index (completion, i);

      owls_total += g_str_equal (c->class_name, "Owls") ? c->n_pupils : 0;
      for (guint j = 0; j < c->not_yet->len; j++)
        g_assert_cmpint (g_array_index (c->not_yet, gint64, j), !=, oliver);
      /* Nobody listed has promised: Oliver's promise does not count for his old class. */
      g_assert_cmpuint (c->n_promised, ==, 0);
    }
  g_assert_cmpuint (owls_total, ==, 3);

  agreements = sok_agreement_list (store, NULL, 2026, &error);
  g_assert_cmpuint (agreements->len, ==, 1);
  g_assert_cmpint (((SokAgreement *)g_ptr_array_index (agreements, 0))->pupil_id, ==, oliver);
  g_assert_cmpstr (((SokAgreement *)g_ptr_array_index (agreements, 0))->surname, ==, "O'Brien");

  /* Back in the next export: the same pupil, listed again, with their agreement. */
  g_assert_true (import (store, good_roster, &counts, NULL, &error));
  g_assert_cmpuint (counts.added, ==, 0);
  g_assert_cmpuint (counts.updated, ==, 8);
  back = sok_roster_get_pupil (store, oliver, &error);
  g_assert_no_error (error);
  g_assert_true (back->listed);
  g_assert_cmpstr (back->label, ==, "Oliver O.");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/roster/import/sims-export-gives-classes-and-labels", test_roster_import_sims_export);
  g_test_add_func ("/roster/import/names-survive-exactly", test_roster_names_survive_exactly);
  g_test_add_func ("/roster/import/arbor-and-bromcom-headers-in-any-order",
                   test_roster_arbor_and_bromcom_headers);
  g_test_add_func ("/roster/year-groups/map-to-age-bands", test_roster_year_groups);
  g_test_add_func ("/roster/import/malformed-files-refused-and-change-nothing",
                   test_roster_malformed_files_change_nothing);
  g_test_add_func ("/roster/import/many-bad-lines-listed-with-a-count",
                   test_roster_many_bad_lines_listed_with_count);
  g_test_add_func ("/roster/import/ten-thousand-rows", test_roster_ten_thousand_rows);
  g_test_add_func ("/roster/import/again-keeps-pupils-and-agreements",
                   test_roster_reimport_keeps_pupils_and_agreements);
  g_test_add_func ("/roster/import/matches-pupils-by-upn", test_roster_matches_by_upn);
  g_test_add_func ("/roster/labels/tell-alike-pupils-apart", test_roster_labels);
  g_test_add_func ("/roster/import/missing-file-named", test_roster_file_not_found);
  g_test_add_func ("/roster/import/sims-arbor-bromcom-headers-any-order-and-case",
                   test_roster_mis_headers);
  g_test_add_func ("/roster/import/bad-lines-numbered-as-an-editor-shows-them",
                   test_roster_bad_lines_numbered_with_crlf);
  g_test_add_func ("/roster/import/lines-of-commas-are-blank", test_roster_lines_of_commas_are_blank);
  g_test_add_func ("/roster/import/files-refused-or-accepted-whole",
                   test_roster_files_refused_or_accepted_whole);
  g_test_add_func ("/roster/left/kept-with-agreements-but-not-listed",
                   test_roster_left_pupils_kept_not_listed);

  return g_test_run ();
}
