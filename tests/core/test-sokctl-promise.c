/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-sokctl-promise"

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sok-agreement.h"
#include "sok-aup.h"
#include "sok-paths.h"
#include "sok-roster.h"
#include "sok-store.h"
#include "test-util.h"

/* The real sokctl (from $SOKCTL, as tests/meson.build sets it) on a school's data
 * directory: roster import and list, agreements list, and the errors IT staff and
 * scripts see. Agreements are recorded through the core, as the kiosk records them. */

/* A failure is one line on stderr, "sokctl COMMAND: reason". */
static void
assert_one_line_error (SokTestRun *result,
                       int         status,
                       const char *command,
                       const char *says)
{
  g_autofree char *prefix = g_strdup_printf ("sokctl %s: ", command);

  g_test_message ("exit %d, stderr: %s", result->status, result->err);
  g_assert_cmpint (result->status, ==, status);
  g_assert_true (g_str_has_prefix (result->err, prefix));
  g_assert_nonnull (strstr (result->err, says));
  sok_test_assert_one_line (result->err);
}

static char *
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* A school set up as IT would: `sokctl init`. */
static char *
new_school (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("sokctl-promise-XXXXXX", &error);
  g_auto (SokTestRun) result = { 0 };
  char *dir;

  g_assert_no_error (error);
  dir = g_build_filename (tmp, "data", NULL);
  sok_test_sokctl (&result, "--data-dir", dir, "init", "--school", "Demo Primary School", NULL);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_cmpint (result.status, ==, 0);
  return dir;
}

/* Reads CSV as RFC 4180 writes it (sokctl's output): rows of fields. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  g_autoptr (GPtrArray) row = g_ptr_array_new ();
  g_autoptr (GString) field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = text; *p; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (field, *p++);
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
          continue;
        }
      if (*p == '"')
        quoted = TRUE;
      else if (*p == ',' || *p == '\n')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          if (*p == '\n')
            {
              g_ptr_array_add (row, NULL);
              g_ptr_array_add (rows, g_ptr_array_steal (row, NULL));
            }
        }
      else if (*p != '\r')
        g_string_append_c (field, *p);
    }
  g_assert_false (quoted);
  g_assert_cmpuint (row->len, ==, 0);
  return rows;
}

/* The value of @column in CSV row @r (row 0 is the header). */
static const char *
csv_get (GPtrArray  *rows,
         guint       r,
         const char *column)
{
  char **header = g_ptr_array_index (rows, 0);
  char **row = g_ptr_array_index (rows, r);

  g_assert_cmpuint (g_strv_length (row), ==, g_strv_length (header));
  for (guint c = 0; header[c]; c++)
    if (g_str_equal (header[c], column))
      return row[c];
  g_error ("no column “%s”", column);
}

static JsonArray *
parse_json_array (JsonParser *parser,
                  const char *text)
{
  g_autoptr (GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  return json_node_get_array (root);
}

static const char roster[] =
  "\xEF\xBB\xBFUPN,Forename,Surname,Year Group,Reg Group\r\n"
  "A1,Oliver,O'Brien,Year 1,Owls\r\n"
  "A2,Ibrahim,Al-Sayed,Year 1,Owls\r\n"
  "A3,Siân,Evans,Reception,Robins\r\n"
  "A4,Zofia,Wiśniewska,Year 4,Badgers\r\n"
  "A5,Jack,\"Smith, \"\"Jr\"\"\",Year 4,Badgers\r\n"
  "A6,\"=HYPERLINK(\"\"x\"\")\",Trouble,Year 4,Badgers\r\n";

static void
test_roster_import_and_list (void)
{
  g_autofree char *dir = new_school ();
  g_autofree char *file = write_file (dir, "roster.csv", roster);
  g_auto (SokTestRun) result = { 0 };
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray *classes;

  sok_test_sokctl (&result, "--data-dir", dir, "roster", "import", file, NULL);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "3 classes, 6 pupils (6 new, 0 already known, 0 left"));

  sok_test_sokctl (&result, "--data-dir", dir, "--format", "csv", "roster", "list", NULL);
  g_assert_cmpint (result.status, ==, 0);
  rows = parse_csv (result.out);
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpstr (csv_get (rows, 0, "class"), ==, "class");
  /* By year group: Reception first. */
  g_assert_cmpstr (csv_get (rows, 1, "class"), ==, "Robins");
  g_assert_cmpstr (csv_get (rows, 1, "year_group"), ==, "0");
  g_assert_cmpstr (csv_get (rows, 1, "band"), ==, "early");
  g_assert_cmpstr (csv_get (rows, 2, "class"), ==, "Owls");
  g_assert_cmpstr (csv_get (rows, 2, "pupils"), ==, "2");
  g_assert_cmpstr (csv_get (rows, 3, "class"), ==, "Badgers");
  g_assert_cmpstr (csv_get (rows, 3, "band"), ==, "junior");
  g_assert_cmpstr (csv_get (rows, 3, "pupils"), ==, "3");

  /* The format may come after the command too; numbers are JSON numbers. */
  sok_test_sokctl (&result, "--data-dir", dir, "roster", "list", "--format", "json", NULL);
  g_assert_cmpint (result.status, ==, 0);
  classes = parse_json_array (parser, result.out);
  g_assert_cmpuint (json_array_get_length (classes), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (classes, 2),
                                                  "class"), ==, "Badgers");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (classes, 2),
                                               "pupils"), ==, 3);

  /* Importing again: everyone known, in JSON for a script. */
  sok_test_sokctl (&result, "--data-dir", dir, "--format", "json", "roster", "import", file, NULL);
  g_assert_cmpint (result.status, ==, 0);
  {
    g_autoptr (JsonParser) p = json_parser_new ();
    g_autoptr (GError) error = NULL;
    JsonObject *counts;

    json_parser_load_from_data (p, result.out, -1, &error);
    g_assert_no_error (error);
    counts = json_node_get_object (json_parser_get_root (p));
    g_assert_cmpint (json_object_get_int_member (counts, "updated"), ==, 6);
    g_assert_cmpint (json_object_get_int_member (counts, "added"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (counts, "classes"), ==, 3);
  }
}

/* A file with bad lines: every one listed on stdout with its number and reason, one
 * error line, exit 1, and the roster as it was. */
static void
test_roster_bad_file_lists_every_line (void)
{
  g_autofree char *dir = new_school ();
  g_autofree char *good = write_file (dir, "good.csv", roster);
  g_autofree char *bad = write_file (dir, "bad.csv",
                                     "Forename,Surname,Year,Class\n"
                                     "Ava,Thompson,Year 2,Kingfishers\n"
                                     "Ben,Ng,Nursery,Tadpoles\n"
                                     "Cal,,Year 3,Foxes\n"
                                     "Dee,Fox,Year 9,Foxes\n");
  g_auto (SokTestRun) result = { 0 };
  g_autofree char *before = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray *lines;

  sok_test_sokctl (&result, "--data-dir", dir, "roster", "import", good, NULL);
  g_assert_cmpint (result.status, ==, 0);
  sok_test_sokctl (&result, "--data-dir", dir, "--format", "csv", "roster", "list", NULL);
  before = g_strdup (result.out);

  sok_test_sokctl (&result, "--data-dir", dir, "--format", "csv", "roster", "import", bad, NULL);
  assert_one_line_error (&result, 1, "roster", "has 3 bad lines (listed above); nothing was "
                                               "imported and the roster is as it was");
  g_assert_nonnull (strstr (result.err, bad));
  rows = parse_csv (result.out);
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpstr (csv_get (rows, 1, "line"), ==, "3");
  g_assert_nonnull (strstr (csv_get (rows, 1, "reason"), "nursery"));
  g_assert_cmpstr (csv_get (rows, 2, "line"), ==, "4");
  g_assert_nonnull (strstr (csv_get (rows, 2, "reason"), "the surname is empty"));
  g_assert_cmpstr (csv_get (rows, 3, "line"), ==, "5");
  g_assert_nonnull (strstr (csv_get (rows, 3, "reason"), "“Year 9” is not a primary year group"));

  sok_test_sokctl (&result, "--data-dir", dir, "--format", "json", "roster", "import", bad, NULL);
  g_assert_cmpint (result.status, ==, 1);
  lines = parse_json_array (parser, result.out);
  g_assert_cmpuint (json_array_get_length (lines), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (lines, 0), "line"),
                   ==, 3);

  sok_test_sokctl (&result, "--data-dir", dir, "--format", "csv", "roster", "list", NULL);
  g_assert_cmpstr (result.out, ==, before);
}

static void
test_roster_unreadable_files (void)
{
  g_autofree char *dir = new_school ();
  g_autofree char *empty = write_file (dir, "empty.csv", "");
  g_autofree char *no_class = write_file (dir, "no-class.csv", "Forename,Surname,Year\nA,B,1\n");
  g_autofree char *quote = write_file (dir, "quote.csv",
                                       "Forename,Surname,Year,Form\n\"Ava,Thompson,1,Owls\n");
  g_autofree char *latin1 = write_file (dir, "latin1.csv",
                                        "Forename,Surname,Year,Form\nSi\xE2n,Evans,1,Owls\n");
  g_autofree char *missing = g_build_filename (dir, "nowhere.csv", NULL);
  g_auto (SokTestRun) result = { 0 };
  /* What stderr says, and what stdout lists (the bad lines, when there are some). */
  struct { const char *path; const char *says; const char *lists; } cases[] = {
    { empty, "is empty", "" },
    { no_class, "line 1: the header has no column for the class", "" },
    { quote, "line 2: a field opened with a quote (\") is never closed", "" },
    { latin1, "has 1 bad line (listed above)",
      "\n2     this line is not UTF-8 text; save the export as “CSV UTF-8” and import it again" },
    { missing, "The roster cannot be read", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      sok_test_sokctl (&result, "--data-dir", dir, "roster", "import", cases[i].path, NULL);
      assert_one_line_error (&result, 1, "roster", cases[i].says);
      g_assert_nonnull (strstr (result.err, cases[i].path));
      g_test_message ("stdout: %s", result.out);
      if (*cases[i].lists)
        g_assert_nonnull (strstr (result.out, cases[i].lists));
      else
        g_assert_cmpstr (result.out, ==, "");
    }

  sok_test_sokctl (&result, "--data-dir", dir, "--format", "csv", "roster", "list", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, "class,year_group,band,pupils,picture\r\n");
}

static void
test_bad_arguments (void)
{
  g_autofree char *dir = new_school ();
  g_autofree char *nowhere = g_build_filename (dir, "not-a-kiosk", NULL);
  g_auto (SokTestRun) result = { 0 };
  struct { const char *args[5]; int status; const char *command; const char *says; } cases[] = {
    { { "roster", NULL }, 2, "roster", "roster takes import FILE.csv | list" },
    { { "roster", "import", NULL }, 2, "roster", "sokctl roster import FILE.csv" },
    { { "roster", "import", "a.csv", "b.csv", NULL }, 2, "roster", "roster takes" },
    { { "roster", "delete", NULL }, 2, "roster", "not “delete”" },
    { { "roster", "list", "--bogus", NULL }, 2, "roster", "--bogus" },
    { { "agreements", NULL }, 2, "agreements", "agreements takes list" },
    { { "agreements", "show", NULL }, 2, "agreements", "not “show”" },
    { { "agreements", "list", "--year", "1999", NULL }, 2, "agreements", "not 1999" },
    { { "agreements", "list", "--year", "next", NULL }, 2, "agreements", "--year" },
    { { "agreements", "list", "--class", NULL }, 2, "agreements", "--class" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char * const *a = cases[i].args;

      g_test_message ("sokctl %s %s %s %s", a[0], a[1] ? a[1] : "", a[1] && a[2] ? a[2] : "",
                      a[1] && a[2] && a[3] ? a[3] : "");
      sok_test_sokctl (&result, "--data-dir", dir, a[0], a[1], a[1] ? a[2] : NULL,
                       a[1] && a[2] ? a[3] : NULL, NULL);
      assert_one_line_error (&result, cases[i].status, cases[i].command, cases[i].says);
      g_assert_cmpstr (result.out, ==, "");
    }

  sok_test_sokctl (&result, "--data-dir", dir, "--format", "xml", "agreements", "list", NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "--format must be text, csv or json, not “xml”"));

  /* A directory that is not a kiosk's is not made into one by a list. */
  sok_test_sokctl (&result, "--data-dir", nowhere, "agreements", "list", NULL);
  assert_one_line_error (&result, 1, "agreements", "is not a kiosk data directory yet");
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
  sok_test_sokctl (&result, "--data-dir", nowhere, "roster", "list", NULL);
  assert_one_line_error (&result, 1, "roster", "sokctl --data-dir");
}

/* Agreements recorded by the core as the kiosk records them, over two school years. */
typedef struct
{
  char   *early_sha;
  char   *junior_sha;
  char   *junior_pl_sha;
  gint64  at_2025;
  gint64  at_2026;
} Recorded;

static gint64
pupil_by_surname (SokStore   *store,
                  const char *surname)
{
  g_autoptr (sqlite3_stmt) stmt = sok_store_prepare (store,
                                                     "SELECT id FROM pupils WHERE surname = ?",
                                                     NULL);

  sqlite3_bind_text (stmt, 1, surname, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
record_agreements (const char *dir,
                   Recorded   *recorded)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokStore) store = sok_store_open (dir, &error);
  g_autoptr (SokAup) early = sok_aup_load (dir, SOK_AGE_BAND_EARLY, NULL, &error);
  g_autoptr (SokAup) junior = sok_aup_load (dir, SOK_AGE_BAND_JUNIOR, NULL, &error);
  g_autoptr (SokAup) junior_pl = sok_aup_load (dir, SOK_AGE_BAND_JUNIOR, "pl_PL", &error);
  g_autoptr (GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
  g_autoptr (GDateTime) june = g_date_time_new (london, 2026, 6, 30, 9, 15, 0);
  g_autoptr (GDateTime) september = g_date_time_new (london, 2026, 9, 8, 14, 5, 30);
  g_autoptr (SokSignature) signature = sok_signature_new ();
  gint64 early_id = 0, junior_id = 0, junior_pl_id = 0, endorsed = 0;

  g_assert_no_error (error);
  g_assert_true (sok_aup_ensure_version (store, early, &early_id, &error));
  g_assert_true (sok_aup_ensure_version (store, junior, &junior_id, &error));
  g_assert_true (sok_aup_ensure_version (store, junior_pl, &junior_pl_id, &error));
  sok_signature_add_point (signature, 0.1, 0.1);
  sok_signature_add_point (signature, 0.9, 0.5);

  /* 2025-26: Oliver. 2026-27: Oliver again, Zofia signed, Jack "Smith, Jr" with an
   * adult and read aloud, and the pupil whose name looks like a formula. */
  g_assert_true (sok_agreement_record (store, pupil_by_surname (store, "O'Brien"), early_id,
                                       SOK_AGREEMENT_METHOD_TAP, TRUE, FALSE, NULL, june, NULL,
                                       &error));
  g_assert_true (sok_agreement_record (store, pupil_by_surname (store, "O'Brien"), early_id,
                                       SOK_AGREEMENT_METHOD_TAP, TRUE, FALSE, NULL, september,
                                       NULL, &error));
  /* Zofia promised to the Polish words. */
  g_assert_true (sok_agreement_record (store, pupil_by_surname (store, "Wiśniewska"), junior_pl_id,
                                       SOK_AGREEMENT_METHOD_SIGNATURE, FALSE, FALSE, signature,
                                       september, &endorsed, &error));
  g_assert_true (sok_agreement_record (store, pupil_by_surname (store, "Smith, \"Jr\""),
                                       junior_id, SOK_AGREEMENT_METHOD_TAP, TRUE, TRUE, NULL,
                                       september, NULL, &error));
  g_assert_true (sok_agreement_record (store, pupil_by_surname (store, "Trouble"), junior_id,
                                       SOK_AGREEMENT_METHOD_TAP, FALSE, FALSE, NULL, september,
                                       NULL, &error));
  g_assert_true (sok_agreement_endorse_by_parent (store, endorsed, september, &error));
  g_assert_no_error (error);

  recorded->early_sha = g_strdup (sok_aup_get_sha256 (early));
  recorded->junior_sha = g_strdup (sok_aup_get_sha256 (junior));
  recorded->junior_pl_sha = g_strdup (sok_aup_get_sha256 (junior_pl));
  recorded->at_2025 = g_date_time_to_unix (june);
  recorded->at_2026 = g_date_time_to_unix (september);
}

static void
recorded_clear (Recorded *recorded)
{
  g_free (recorded->early_sha);
  g_free (recorded->junior_sha);
  g_free (recorded->junior_pl_sha);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Recorded, recorded_clear)

static char *
new_school_with_agreements (Recorded *recorded)
{
  char *dir = new_school ();
  g_autofree char *file = write_file (dir, "roster.csv", roster);
  g_auto (SokTestRun) result = { 0 };

  sok_test_sokctl (&result, "--data-dir", dir, "roster", "import", file, NULL);
  g_assert_cmpint (result.status, ==, 0);
  record_agreements (dir, recorded);
  return dir;
}

static void
test_agreements_list_csv (void)
{
  g_auto (Recorded) recorded = { 0 };
  g_autofree char *dir = new_school_with_agreements (&recorded);
  g_auto (SokTestRun) result = { 0 };
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) badgers = NULL;
  g_autoptr (GPtrArray) owls_2025 = NULL;

  sok_test_sokctl (&result, "--data-dir", dir, "agreements", "list", "--format", "csv", NULL);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_cmpint (result.status, ==, 0);
  all = parse_csv (result.out);
  g_assert_cmpstr (((char **)g_ptr_array_index (all, 0))[0], ==, "pupil_id");
  g_assert_cmpuint (all->len, ==, 1 + 5);

  /* By school year, then year group and class. */
  g_assert_cmpstr (csv_get (all, 1, "school_year"), ==, "2025-26");
  g_assert_cmpstr (csv_get (all, 1, "surname"), ==, "O'Brien");
  g_assert_cmpstr (csv_get (all, 1, "agreed_at"), ==, "2026-06-30T09:15:00+01");
  g_assert_cmpstr (csv_get (all, 2, "school_year"), ==, "2026-27");
  g_assert_cmpstr (csv_get (all, 2, "class"), ==, "Owls");
  g_assert_cmpstr (csv_get (all, 2, "aup_band"), ==, "early");
  g_assert_cmpstr (csv_get (all, 2, "aup_sha256"), ==, recorded.early_sha);
  g_assert_cmpstr (csv_get (all, 2, "method"), ==, "tap");
  g_assert_cmpstr (csv_get (all, 2, "read_aloud"), ==, "yes");
  g_assert_cmpstr (csv_get (all, 2, "parent_endorsed_at"), ==, "");

  /* Badgers by forename: the formula-looking name, Jack, Zofia. Names come back
   * exactly; a cell a spreadsheet would run as a formula is defused. */
  g_assert_cmpstr (csv_get (all, 3, "forename"), ==, "'=HYPERLINK(\"x\")");
  g_assert_cmpstr (csv_get (all, 4, "forename"), ==, "Jack");
  g_assert_cmpstr (csv_get (all, 4, "surname"), ==, "Smith, \"Jr\"");
  g_assert_cmpstr (csv_get (all, 4, "with_adult"), ==, "yes");
  g_assert_cmpstr (csv_get (all, 5, "forename"), ==, "Zofia");
  g_assert_cmpstr (csv_get (all, 5, "surname"), ==, "Wiśniewska");
  g_assert_cmpstr (csv_get (all, 5, "class"), ==, "Badgers");
  g_assert_cmpstr (csv_get (all, 5, "year_group"), ==, "4");
  g_assert_cmpstr (csv_get (all, 5, "method"), ==, "signature");
  g_assert_cmpstr (csv_get (all, 5, "aup_band"), ==, "junior");
  g_assert_cmpstr (csv_get (all, 5, "aup_sha256"), ==, recorded.junior_pl_sha);
  g_assert_cmpstr (csv_get (all, 5, "aup_sha256"), !=, recorded.junior_sha);
  g_assert_cmpstr (csv_get (all, 5, "language"), ==, "pl");
  g_assert_cmpstr (csv_get (all, 4, "language"), ==, "en");
  g_assert_cmpstr (csv_get (all, 2, "language"), ==, "en");
  g_assert_cmpstr (csv_get (all, 5, "agreed_at"), ==, "2026-09-08T14:05:30+01");
  g_assert_cmpstr (csv_get (all, 5, "parent_endorsed_at"), ==, "2026-09-08T14:05:30+01");

  sok_test_sokctl (&result, "--data-dir", dir, "--format", "csv", "agreements", "list", "--class",
                   "badgers", NULL);
  g_assert_cmpint (result.status, ==, 0);
  badgers = parse_csv (result.out);
  g_assert_cmpuint (badgers->len, ==, 1 + 3);
  for (guint r = 1; r < badgers->len; r++)
    g_assert_cmpstr (csv_get (badgers, r, "class"), ==, "Badgers");

  sok_test_sokctl (&result, "--data-dir", dir, "--format", "csv", "agreements", "list", "--class",
                   "Owls", "--year", "2025", NULL);
  g_assert_cmpint (result.status, ==, 0);
  owls_2025 = parse_csv (result.out);
  g_assert_cmpuint (owls_2025->len, ==, 1 + 1);
  g_assert_cmpstr (csv_get (owls_2025, 1, "forename"), ==, "Oliver");
  g_assert_cmpstr (csv_get (owls_2025, 1, "school_year"), ==, "2025-26");

  /* Nothing found is not an error: the header alone. */
  sok_test_sokctl (&result, "--data-dir", dir, "--format", "csv", "agreements", "list", "--class",
                   "Robins", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_str_has_prefix (result.out, "pupil_id,forename,surname,class,"));
  g_assert_cmpstr (strchr (result.out, '\n'), ==, "\n");
}

static void
test_agreements_list_json (void)
{
  g_auto (Recorded) recorded = { 0 };
  g_autofree char *dir = new_school_with_agreements (&recorded);
  g_auto (SokTestRun) result = { 0 };
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonParser) empty_parser = json_parser_new ();
  JsonArray *list;
  JsonObject *zofia;

  sok_test_sokctl (&result, "--data-dir", dir, "agreements", "list", "--year", "2026", "--format",
                   "json", NULL);
  g_assert_cmpint (result.status, ==, 0);
  list = parse_json_array (parser, result.out);
  g_assert_cmpuint (json_array_get_length (list), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, i),
                                                    "school_year"), ==, "2026-27");

  zofia = json_array_get_object_element (list, 3);
  g_assert_cmpstr (json_object_get_string_member (zofia, "forename"), ==, "Zofia");
  g_assert_cmpstr (json_object_get_string_member (zofia, "surname"), ==, "Wiśniewska");
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (zofia, "pupil_id")), ==,
                   G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (zofia, "year_group"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (zofia, "aup_sha256"), ==, recorded.junior_pl_sha);
  g_assert_cmpstr (json_object_get_string_member (zofia, "language"), ==, "pl");
  g_assert_cmpstr (json_object_get_string_member (zofia, "method"), ==, "signature");
  /* In JSON the name is as the school wrote it: no spreadsheet defusing. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0),
                                                  "forename"), ==, "Oliver");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 1),
                                                  "forename"), ==, "=HYPERLINK(\"x\")");
  /* Not endorsed: null, not an empty string. */
  g_assert_true (json_object_get_null_member (json_array_get_object_element (list, 0),
                                              "parent_endorsed_at"));

  sok_test_sokctl (&result, "--data-dir", dir, "agreements", "list", "--year", "2027", "--format",
                   "json", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpuint (json_array_get_length (parse_json_array (empty_parser, result.out)), ==, 0);
}

/* Staff set a class tile's picture; a picture or class that does not exist is refused,
 * naming those that do; auto gives the name's picture back. */
static void
test_roster_class_picture (void)
{
  g_auto (Recorded) recorded = { 0 };
  g_autofree char *dir = new_school_with_agreements (&recorded);
  g_auto (SokTestRun) result = { 0 };
  g_autoptr (GPtrArray) rows = NULL;

  sok_test_sokctl (&result, "--data-dir", dir, "roster", "class-picture", "Owls", "fox",
                   NULL);
  g_assert_cmpint (result.status, ==, 0);
  sok_test_sokctl (&result, "--data-dir", dir, "--format", "csv", "roster", "list", NULL);
  rows = parse_csv (result.out);
  for (guint r = 1; r < rows->len; r++)
    if (g_str_equal (csv_get (rows, r, "class"), "Owls"))
      g_assert_cmpstr (csv_get (rows, r, "picture"), ==, "fox");
    else if (g_str_equal (csv_get (rows, r, "class"), "Badgers"))
      g_assert_cmpstr (csv_get (rows, r, "picture"), ==, "badger");

  sok_test_sokctl (&result, "--data-dir", dir, "roster", "class-picture", "Owls",
                   "unicorn", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "“unicorn”"));
  g_assert_nonnull (strstr (result.err, "robin, owl, hedgehog"));
  sok_test_assert_one_line (result.err);

  sok_test_sokctl (&result, "--data-dir", dir, "roster", "class-picture", "Eagles", "owl", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "“Eagles”"));
  g_assert_nonnull (strstr (result.err, "Robins"));

  sok_test_sokctl (&result, "--data-dir", dir, "roster", "class-picture", "Owls", "auto",
                   NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);
  sok_test_sokctl (&result, "--data-dir", dir, "--format", "csv", "roster", "list", NULL);
  rows = parse_csv (result.out);
  for (guint r = 1; r < rows->len; r++)
    if (g_str_equal (csv_get (rows, r, "class"), "Owls"))
      g_assert_cmpstr (csv_get (rows, r, "picture"), ==, "owl");
}

/* A pupil who left is still in the agreements list, with the class they were in. */
static void
test_agreements_list_keeps_pupils_who_left (void)
{
  g_auto (Recorded) recorded = { 0 };
  g_autofree char *dir = new_school_with_agreements (&recorded);
  g_autofree char *without_zofia = write_file (dir, "next.csv",
                                               "UPN,Forename,Surname,Year Group,Reg Group\n"
                                               "A1,Oliver,O'Brien,Year 2,Kingfishers\n");
  g_auto (SokTestRun) result = { 0 };
  g_autoptr (GPtrArray) rows = NULL;
  gboolean saw_zofia = FALSE;

  sok_test_sokctl (&result, "--data-dir", dir, "roster", "import", without_zofia, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "5 left the roster and are kept with their agreements"));

  sok_test_sokctl (&result, "--data-dir", dir, "--format", "csv", "agreements", "list", NULL);
  g_assert_cmpint (result.status, ==, 0);
  rows = parse_csv (result.out);
  g_assert_cmpuint (rows->len, ==, 1 + 5);
  for (guint r = 1; r < rows->len; r++)
    if (g_str_equal (csv_get (rows, r, "surname"), "Wiśniewska"))
      {
        saw_zofia = TRUE;
        g_assert_cmpstr (csv_get (rows, r, "aup_sha256"), ==, recorded.junior_pl_sha);
      }
  g_assert_true (saw_zofia);

  sok_test_sokctl (&result, "--data-dir", dir, "--format", "csv", "roster", "list", NULL);
  g_assert_cmpstr (result.out, ==, "class,year_group,band,pupils,picture\r\n"
                   "Kingfishers,2,early,1,kingfisher\r\n");
}

/* `sokctl doctor` names a school's broken AUP file with its line and reason, and fails
 * until it is put right. */
static void
test_doctor_names_broken_aup (void)
{
  g_autofree char *dir = new_school ();
  g_autofree char *aup_dir = g_build_filename (dir, "aup", NULL);
  g_autofree char *shipped_path = g_build_filename (sok_paths_get_shipped_dir (), "aup",
                                                    "early.ini", NULL);
  g_autofree char *shipped = NULL;
  g_autofree char *broken = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  g_auto (SokTestRun) result = { 0 };
  g_auto (GStrv) parts = NULL;

  sok_test_sokctl (&result, "--data-dir", dir, "doctor", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "The pupils' AUPs are sound (0 of the school's own)"));

  g_assert_true (g_file_get_contents (shipped_path, &shipped, NULL, NULL));
  parts = g_strsplit (shipped, "icon=rule-kind-online", 2);
  g_assert_nonnull (parts[1]);
  broken = g_strconcat (parts[0], "icon=rule-kind-online\npicture=rule-kind-online", parts[1],
                        NULL);
  g_assert_cmpint (g_mkdir_with_parents (aup_dir, 0700), ==, 0);
  path = write_file (aup_dir, "early.ini", broken);

  sok_test_sokctl (&result, "--data-dir", dir, "doctor", NULL);
  g_test_message ("%s", result.out);
  g_assert_cmpint (result.status, ==, 1);
  /* The line after icon=rule-kind-online, wherever the shipped file puts it. */
  {
    guint line = 2;

    for (const char *p = parts[0]; *p; p++)
      line += *p == '\n';
    expected = g_strdup_printf ("%s line %u: “picture” is not a key of [Rule kind-online]",
                                path, line);
  }
  g_assert_nonnull (strstr (result.out, expected));
  g_assert_nonnull (strstr (result.out, "shipped rules are used meanwhile"));
  g_assert_nonnull (strstr (result.err, "sokctl doctor: "));
}

int
main (int   argc,
      char *argv[])
{
  /* sokctl runs in the time zone of the agreements recorded below, so that times read
   * back alike. */
  g_setenv ("TZ", "Europe/London", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sokctl/roster/import-then-list-as-text-csv-json", test_roster_import_and_list);
  g_test_add_func ("/sokctl/roster/bad-file-lists-every-line-and-changes-nothing",
                   test_roster_bad_file_lists_every_line);
  g_test_add_func ("/sokctl/roster/unreadable-files-refused-in-one-line",
                   test_roster_unreadable_files);
  g_test_add_func ("/sokctl/promise/bad-arguments-exit-2", test_bad_arguments);
  g_test_add_func ("/sokctl/roster/class-picture-set-refused-and-reset",
                   test_roster_class_picture);
  g_test_add_func ("/sokctl/agreements/list-as-csv-by-class-and-year", test_agreements_list_csv);
  g_test_add_func ("/sokctl/agreements/list-as-json-by-year", test_agreements_list_json);
  g_test_add_func ("/sokctl/agreements/keeps-pupils-who-left",
                   test_agreements_list_keeps_pupils_who_left);
  g_test_add_func ("/sokctl/doctor/names-broken-aup-file-and-line", test_doctor_names_broken_aup);

  return g_test_run ();
}
