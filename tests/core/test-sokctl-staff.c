/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-sokctl-staff"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sok-agreement.h"
#include "sok-aup.h"
#include "sok-roster.h"
#include "sok-staff.h"
#include "test-util.h"

/* `sokctl staff` and `sokctl certificates`, run as IT would run them: the real
 * program, in a fresh data directory. Promises are recorded through the core, as the
 * kiosk records them. */

#define PARENT_URL "https://school.example/parents/online-safety"

static void
assert_one_line_error (SokTestRun *run,
                       const char *words)
{
  g_assert_cmpint (run->status, !=, 0);
  sok_test_assert_one_line (run->err);
  if (strstr (run->err, words) == NULL)
    g_error ("expected “%s” in: %s", words, run->err);
}

/* A kiosk with the demo roster. */
static char *
new_kiosk (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("sokctl-staff-XXXXXX", &error);
  g_autofree char *roster = g_build_filename (g_getenv ("SOK_SOURCE_ROOT"), "data", "demo",
                                              "roster.csv", NULL);
  char *dir = g_build_filename (tmp, "kiosk", NULL);
  g_auto (SokTestRun) run = { 0 };

  g_assert_no_error (error);
  sok_test_sokctl (&run, "--data-dir", dir, "init", "--school", "Demo Primary", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sok_test_sokctl (&run, "--data-dir", dir, "roster", "import", roster, NULL);
  g_assert_cmpint (run.status, ==, 0);

  return dir;
}

static char *
write_pin (const char *dir,
           const char *name,
           const char *contents)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
test_staff_add_list_remove (void)
{
  g_autofree char *dir = new_kiosk ();
  g_autofree char *pin = write_pin (dir, "pin", "402917\n");
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SokStore) store = NULL;
  g_autoptr (SokStaffMember) member = NULL;
  g_auto (SokTestRun) run = { 0 };
  JsonArray *array;

  sok_test_sokctl (&run, "--data-dir", dir, "staff", "add", "Mr Class Teacher", "--role", "teacher",
                   "--pin-file", pin, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Added Mr Class Teacher (teacher)"));
  /* The PIN is never shown. */
  g_assert_null (strstr (run.out, "402917"));

  sok_test_sokctl (&run, "--data-dir", dir, "--format", "json", "staff", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0),
                                                  "name"), ==, "Mr Class Teacher");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0),
                                                  "role"), ==, "teacher");
  g_assert_null (strstr (run.out, "402917"));

  /* The PIN opens staff mode. */
  store = sok_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_true (sok_staff_check_pin (store,
                                      json_object_get_int_member (
                                        json_array_get_object_element (array, 0), "id"),
                                      "402917", 6, NULL, &member, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (member->role, ==, "teacher");

  sok_test_sokctl (&run, "--data-dir", dir, "staff", "remove", "Mr Class Teacher", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sok_test_sokctl (&run, "--data-dir", dir, "--format", "csv", "staff", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "id,name,role,added,locked\r\n");

  sok_test_sokctl (&run, "--data-dir", dir, "staff", "remove", "Mr Class Teacher", NULL);
  assert_one_line_error (&run, "no member of staff called");

  /* The log says who did what and when, never the PIN. */
  sok_test_sokctl (&run, "--data-dir", dir, "--format", "csv", "staff", "log", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "at,staff,action,detail\r\n"));
  g_assert_nonnull (strstr (run.out, "staff-added"));
  g_assert_nonnull (strstr (run.out, "staff-mode-entered"));
  g_assert_nonnull (strstr (run.out, "staff-removed"));
  g_assert_null (strstr (run.out, "402917"));
  sok_test_sokctl (&run, "--data-dir", dir, "--format", "csv", "staff", "log", "--limit", "1",
                   NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "staff-removed"));
  g_assert_null (strstr (run.out, "staff-added"));
  sok_test_sokctl (&run, "--data-dir", dir, "staff", "log", "--limit", "0", NULL);
  assert_one_line_error (&run, "--limit");
}

static void
test_staff_add_refuses_bad_input (void)
{
  g_autofree char *dir = new_kiosk ();
  g_autofree char *short_pin = write_pin (dir, "short", "12345\n");
  g_autofree char *easy_pin = write_pin (dir, "easy", "123456\n");
  g_autofree char *letters = write_pin (dir, "letters", "12a456\n");
  g_autofree char *two_lines = write_pin (dir, "two", "402917\n402917\n");
  g_autofree char *good = write_pin (dir, "good", "402917");
  g_autofree char *missing = g_build_filename (dir, "no-such-file", NULL);
  g_auto (SokTestRun) run = { 0 };

  sok_test_sokctl (&run, "--data-dir", dir, "staff", "add", "A", "--role", "teacher", "--pin-file",
                   short_pin, NULL);
  assert_one_line_error (&run, "6 to 12 digits");
  sok_test_sokctl (&run, "--data-dir", dir, "staff", "add", "A", "--role", "teacher", "--pin-file",
                   easy_pin, NULL);
  assert_one_line_error (&run, "too easy to guess");
  sok_test_sokctl (&run, "--data-dir", dir, "staff", "add", "A", "--role", "teacher", "--pin-file",
                   letters, NULL);
  assert_one_line_error (&run, "digits");
  sok_test_sokctl (&run, "--data-dir", dir, "staff", "add", "A", "--role", "teacher", "--pin-file",
                   two_lines, NULL);
  g_assert_cmpint (run.status, !=, 0);
  sok_test_sokctl (&run, "--data-dir", dir, "staff", "add", "A", "--role", "teacher", "--pin-file",
                   missing, NULL);
  assert_one_line_error (&run, "cannot be read");
  sok_test_sokctl (&run, "--data-dir", dir, "staff", "add", "A", "--role", "head", "--pin-file",
                   good, NULL);
  assert_one_line_error (&run, "--role must be teacher, dsl or it");
  g_assert_cmpint (run.status, ==, 2);
  sok_test_sokctl (&run, "--data-dir", dir, "staff", "add", "A", "--pin-file", good, NULL);
  assert_one_line_error (&run, "--role");

  /* Nothing was added by any of these. */
  sok_test_sokctl (&run, "--data-dir", dir, "--format", "csv", "staff", "list", NULL);
  g_assert_cmpstr (run.out, ==, "id,name,role,added,locked\r\n");

  sok_test_sokctl (&run, "--data-dir", dir, "staff", "add", "A", "--role", "dsl", "--pin-file",
                   good, NULL);
  g_assert_cmpint (run.status, ==, 0);
  sok_test_sokctl (&run, "--data-dir", dir, "staff", "add", "A", "--role", "it", "--pin-file", good,
                   NULL);
  assert_one_line_error (&run, "A");
}

/* A member locked by ten wrong PINs in a day shows as locked; `staff unlock` lets
 * them sign in again, and both the lock and the unlock are in the log, by name and
 * without the PIN. */
static void
test_staff_unlock (void)
{
  g_autofree char *dir = new_kiosk ();
  g_autofree char *pin = write_pin (dir, "pin", "402917\n");
  g_autoptr (GDateTime) start = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) after_pad_lock = g_date_time_add_seconds (start, 31);
  g_autoptr (SokStaffMember) member = NULL;
  g_autoptr (GPtrArray) members = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (SokTestRun) run = { 0 };
  SokStore *store;
  gint64 id;

  sok_test_sokctl (&run, "--data-dir", dir, "staff", "add", "Mr Patel", "--role", "teacher",
                   "--pin-file", pin, NULL);
  g_assert_cmpint (run.status, ==, 0);

  store = sok_store_open (dir, &error);
  g_assert_no_error (error);
  members = sok_staff_list (store, &error);
  id = ((SokStaffMember *)g_ptr_array_index (members, 0))->id;
  for (guint i = 0; i < SOK_STAFF_MAX_FAILED_PER_DAY; i++)
    {
      g_assert_false (sok_staff_check_pin (store, id, "111213", 6,
                                           i < SOK_STAFF_MAX_FAILED ? start : after_pad_lock,
                                           NULL, NULL, &error));
      g_clear_error (&error);
    }
  g_assert_false (sok_staff_check_pin (store, id, "402917", 6, after_pad_lock, NULL, NULL,
                                       &error));
  g_assert_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_MEMBER_LOCKED);
  g_clear_error (&error);
  g_assert_finalize_object (store);

  sok_test_sokctl (&run, "--data-dir", dir, "--format", "csv", "staff", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, ",Mr Patel,teacher,"));
  g_assert_true (g_str_has_suffix (run.out, ",yes\r\n"));

  /* doctor (and Kiosk health) say who is locked and how to unlock them. */
  sok_test_sokctl (&run, "--data-dir", dir, "doctor", NULL);
  g_assert_nonnull (strstr (run.out, "WARNING  staff"));
  g_assert_nonnull (strstr (run.out, "Mr Patel cannot open staff mode"));
  g_assert_nonnull (strstr (run.out, "sokctl staff unlock \"Mr Patel\""));

  sok_test_sokctl (&run, "--data-dir", dir, "staff", "unlock", "Mr Nobody", NULL);
  assert_one_line_error (&run, "no member of staff called");
  sok_test_sokctl (&run, "--data-dir", dir, "staff", "unlock", NULL);
  assert_one_line_error (&run, "staff unlock takes the name");

  sok_test_sokctl (&run, "--data-dir", dir, "staff", "unlock", "Mr Patel", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Unlocked Mr Patel"));

  sok_test_sokctl (&run, "--data-dir", dir, "--format", "csv", "staff", "list", NULL);
  g_assert_true (g_str_has_suffix (run.out, ",no\r\n"));
  sok_test_sokctl (&run, "--data-dir", dir, "doctor", NULL);
  g_assert_null (strstr (run.out, "cannot open staff mode"));
  g_assert_nonnull (strstr (run.out, "1 member of staff can open staff mode"));
  sok_test_sokctl (&run, "--data-dir", dir, "--format", "json", "staff", "unlock", "Mr Patel",
                   NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"was_locked\" : \"no\""));

  store = sok_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_true (sok_staff_check_pin (store, id, "402917", 6, NULL, &member, NULL, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (store);

  sok_test_sokctl (&run, "--data-dir", dir, "--format", "csv", "staff", "log", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, ",Mr Patel,staff-locked,"));
  g_assert_nonnull (strstr (run.out, ",Mr Patel,staff-unlocked,was locked"));
  g_assert_null (strstr (run.out, "402917"));
  g_assert_null (strstr (run.out, "111213"));
}

/* Names a spreadsheet would run as formulas come out of --format csv as text: the
 * guard once let "-2+3+cmd|…" through because a digit followed the minus. */
static void
test_staff_list_csv_defuses_formulas (void)
{
  g_autofree char *dir = new_kiosk ();
  const char *names[] = { "=1+1", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)",
                          NULL };
  const char *cells[] = { "\"'=1+1\"", "\"'+cmd|' /C calc'!A0\"",
                          "\"'-2+3+cmd|' /C calc'!A0\"", "\"'@SUM(1+1)\"", NULL };
  const char *pins[] = { "402917\n", "583016\n", "620418\n", "715302\n", NULL };
  g_auto (SokTestRun) run = { 0 };

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *file = g_strdup_printf ("pin%u", i);
      g_autofree char *pin = write_pin (dir, file, pins[i]);

      /* "--": a name may start with a minus sign. */
      sok_test_sokctl (&run, "--data-dir", dir, "staff", "add", "--role", "teacher",
                       "--pin-file", pin, "--", names[i], NULL);
      g_assert_cmpint (run.status, ==, 0);
    }

  sok_test_sokctl (&run, "--data-dir", dir, "--format", "csv", "staff", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  for (guint i = 0; cells[i] != NULL; i++)
    {
      g_autofree char *cell = g_strconcat (",", cells[i], ",teacher,", NULL);

      if (strstr (run.out, cell) == NULL)
        g_error ("expected %s in: %s", cell, run.out);
    }
}

/* Records a tapped promise for every pupil of @class_name whose forename is in
 * @forenames, as the kiosk would. */
static void
record_promises (const char         *dir,
                 const char         *class_name,
                 const char * const *forenames)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokStore) store = sok_store_open (dir, &error);
  g_autoptr (GPtrArray) classes = NULL;

  g_assert_no_error (error);
  classes = sok_roster_list_classes (store, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < classes->len; i++)
    {
      SokClass *klass = g_ptr_array_index (classes, i);
      g_autoptr (GPtrArray) pupils = NULL;
      g_autoptr (SokAup) aup = NULL;
      gint64 version = 0;

      if (!g_str_equal (klass->name, class_name))
        continue;

      aup = sok_aup_load (dir, klass->band, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (sok_aup_ensure_version (store, aup, &version, &error));
      pupils = sok_roster_list_pupils (store, klass->id, &error);
      g_assert_no_error (error);
      for (guint p = 0; p < pupils->len; p++)
        {
          SokPupil *pupil = g_ptr_array_index (pupils, p);

          if (g_strv_contains (forenames, pupil->forename))
            {
              g_assert_true (sok_agreement_record (store, pupil->id, version,
                                                   SOK_AGREEMENT_METHOD_TAP, FALSE, TRUE, NULL,
                                                   NULL, NULL, &error));
              g_assert_no_error (error);
            }
        }
    }
}

/* Pages in @pdf by pdfinfo (poppler-utils); 0 with a message when it is missing. */
static guint
count_pages (const char *pdf)
{
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  g_autofree char *contents = NULL;
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  const char *line;
  int status = 0;

  g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  if (pdfinfo == NULL)
    {
      g_test_message ("pdfinfo is missing (poppler-utils): pages were not counted");
      return 0;
    }

  {
    const char *argv[] = { pdfinfo, pdf, NULL };
    g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                 NULL, &out, NULL, &status, &error));
  }
  g_assert_no_error (error);
  line = strstr (out, "\nPages:");
  g_assert_nonnull (line);

  return (guint)g_ascii_strtoull (line + strlen ("\nPages:"), NULL, 10);
}

static gboolean
have_pdfinfo (void)
{
  g_autofree char *path = g_find_program_in_path ("pdfinfo");
  return path != NULL;
}

static void
test_certificates_for_class_and_pupil (void)
{
  g_autofree char *dir = new_kiosk ();
  g_autofree char *class_pdf = g_build_filename (dir, "robins.pdf", NULL);
  g_autofree char *pupil_pdf = g_build_filename (dir, "pupil.pdf", NULL);
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_auto (SokTestRun) run = { 0 };
  const char *promised[] = { "Ava", "Siân", NULL };
  JsonArray *array;
  const char *pupil_id = NULL;
  g_autofree char *pupil_id_text = NULL;

  sok_test_sokctl (&run, "--data-dir", dir, "config", "set", "parent-aup-url", PARENT_URL, NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* Nobody has promised yet: a clear refusal, and no file. */
  sok_test_sokctl (&run, "--data-dir", dir, "certificates", "--class", "Robins", "--out", class_pdf,
                   NULL);
  assert_one_line_error (&run, "Nobody in class Robins has made their promise");
  g_assert_false (g_file_test (class_pdf, G_FILE_TEST_EXISTS));

  record_promises (dir, "Robins", promised);

  sok_test_sokctl (&run, "--data-dir", dir, "certificates", "--class", "Robins", "--out", class_pdf,
                   NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "2 certificates"));
  g_assert_cmpuint (count_pages (class_pdf), ==, have_pdfinfo () ? 2 : 0);

  if (pdftotext != NULL)
    {
      const char *argv[] = { pdftotext, "-enc", "UTF-8", class_pdf, "-", NULL };
      g_autofree char *text = NULL;
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                   NULL, &text, NULL, &status, &error));
      g_assert_nonnull (strstr (text, "Ava"));
      g_assert_nonnull (strstr (text, "Siân"));
      g_assert_nonnull (strstr (text, "Demo Primary"));
      /* First names only. */
      g_assert_null (strstr (text, "Thompson"));
      g_assert_null (strstr (text, "Yusuf"));
    }
  else
    g_test_message ("pdftotext is missing (poppler-utils): the PDF's words were not read");

  /* The school changes its rules: the certificates still show the words the pupils
   * promised, with their pictures. */
  {
    g_autofree char *aup_dir = g_build_filename (dir, "aup", NULL);
    g_autofree char *shipped = g_build_filename (g_getenv ("SOK_SOURCE_ROOT"), "data", "aup",
                                                 "early.ini", NULL);
    g_autofree char *override = g_build_filename (aup_dir, "early.ini", NULL);
    g_autofree char *text = NULL;
    g_autoptr (GString) changed = NULL;

    g_assert_true (g_file_get_contents (shipped, &text, NULL, NULL));
    changed = g_string_new (text);
    g_assert_cmpuint (g_string_replace (changed, "text=I am kind online.",
                                        "text=I am kind and polite online.", 1), ==, 1);
    g_assert_cmpint (g_mkdir_with_parents (aup_dir, 0700), ==, 0);
    g_assert_true (g_file_set_contents (override, changed->str, -1, NULL));

    sok_test_sokctl (&run, "--data-dir", dir, "certificates", "--class", "Robins", "--out",
                     class_pdf, NULL);
    g_assert_cmpint (run.status, ==, 0);
    if (pdftotext != NULL)
      {
        const char *argv[] = { pdftotext, "-enc", "UTF-8", class_pdf, "-", NULL };
        g_autofree char *pdf_text = NULL;
        int status = 0;

        g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                                     NULL, NULL, &pdf_text, NULL, &status, &error));
        g_assert_nonnull (strstr (pdf_text, "I am kind online."));
        g_assert_null (strstr (pdf_text, "polite"));
      }
  }

  /* One pupil, by the id agreements list gives. */
  sok_test_sokctl (&run, "--data-dir", dir, "--format", "json", "agreements", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);

      if (g_str_equal (json_object_get_string_member (row, "forename"), "Siân"))
        pupil_id_text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                         json_object_get_int_member (row, "pupil_id"));
    }
  pupil_id = pupil_id_text;
  g_assert_nonnull (pupil_id);

  sok_test_sokctl (&run, "--data-dir", dir, "--format", "json", "certificates", "--pupil", pupil_id,
                   "--out", pupil_pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"pages\""));
  g_assert_cmpuint (count_pages (pupil_pdf), ==, have_pdfinfo () ? 1 : 0);
}

static void
test_certificates_refuses_bad_arguments (void)
{
  g_autofree char *dir = new_kiosk ();
  g_autofree char *pdf = g_build_filename (dir, "x.pdf", NULL);
  g_auto (SokTestRun) run = { 0 };

  sok_test_sokctl (&run, "--data-dir", dir, "certificates", "--out", pdf, NULL);
  assert_one_line_error (&run, "either --class C or --pupil ID");
  g_assert_cmpint (run.status, ==, 2);
  sok_test_sokctl (&run, "--data-dir", dir, "certificates", "--class", "Robins", "--pupil", "1",
                   "--out", pdf, NULL);
  assert_one_line_error (&run, "either --class C or --pupil ID");
  sok_test_sokctl (&run, "--data-dir", dir, "certificates", "--class", "Robins", NULL);
  assert_one_line_error (&run, "--out");
  sok_test_sokctl (&run, "--data-dir", dir, "certificates", "--pupil", "Ava", "--out", pdf, NULL);
  assert_one_line_error (&run, "a pupil's id");
  sok_test_sokctl (&run, "--data-dir", dir, "certificates", "--pupil", "9999", "--out", pdf, NULL);
  assert_one_line_error (&run, "has not made their promise");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sokctl/staff/add-list-remove", test_staff_add_list_remove);
  g_test_add_func ("/sokctl/staff/unlock-a-member-locked-by-wrong-pins", test_staff_unlock);
  g_test_add_func ("/sokctl/staff/list-as-csv-defuses-formula-names",
                   test_staff_list_csv_defuses_formulas);
  g_test_add_func ("/sokctl/staff/add-refuses-bad-pins-and-roles",
                   test_staff_add_refuses_bad_input);
  g_test_add_func ("/sokctl/certificates/for-a-class-and-a-pupil",
                   test_certificates_for_class_and_pupil);
  g_test_add_func ("/sokctl/certificates/refuses-bad-arguments",
                   test_certificates_refuses_bad_arguments);

  return g_test_run ();
}
