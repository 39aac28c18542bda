/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-retention"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sok-agreement.h"
#include "sok-bench-school.h"
#include "sok-certificate.h"
#include "sok-config.h"
#include "sok-retention.h"
#include "sok-roster.h"
#include "sok-staff.h"
#include "sok-store.h"
#include "test-util.h"

/* The kiosk's retention on a school of ten years' agreements, made by the promise
 * bench's generator (bench/sok-bench-school.c). */

#define N_PUPILS 350
#define N_YEARS 10

typedef struct
{
  char     *tmp;
  char     *dir;
  SokStore *store;
} School;

static void
school_seed (School *school,
             int     current_year)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261202);
  SokBenchSeeded seeded = { 0 };
  gint64 early = 0, junior = 0;

  school->tmp = g_dir_make_tmp ("retention-XXXXXX", &error);
  g_assert_no_error (error);
  school->dir = g_build_filename (school->tmp, "data", NULL);
  {
    g_autofree char *conf = g_build_filename (school->dir, "kiosk.conf", NULL);

    g_assert_true (sok_store_ensure_data_dir (school->dir, &error));
    g_assert_true (g_file_set_contents (conf, "[kiosk]\nschool-name=Test School\n"
                                        "kiosk-id=kiosk-1\n", -1, &error));
    g_assert_no_error (error);
  }
  school->store = sok_store_open (school->dir, &error);
  g_assert_no_error (error);
  sok_bench_seed_school (school->store, school->dir, N_PUPILS, N_YEARS, current_year, rand,
                         &early, &junior, &seeded);
  g_assert_cmpuint (seeded.agreements, >, N_PUPILS * (N_YEARS - 1) / 2);
}

static void
school_clear (School *school)
{
  g_clear_object (&school->store);
  if (school->tmp)
    sok_test_remove_tree (school->tmp);
  g_clear_pointer (&school->tmp, g_free);
  g_clear_pointer (&school->dir, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (School, school_clear)

static gint64
count (SokStore   *store,
       const char *sql,
       int         param)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) stmt = sok_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int (stmt, 1, param);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* Every column of the rows @sql selects, as one checksum. */
static char *
dup_checksum (SokStore   *store,
              const char *sql,
              int         param)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) stmt = sok_store_prepare (store, sql, &error);
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint rows = 0;

  g_assert_no_error (error);
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int (stmt, 1, param);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const void *blob = sqlite3_column_blob (stmt, c);
          int len = sqlite3_column_bytes (stmt, c);

          g_checksum_update (sum, (const guchar *)"|", 1);
          if (blob != NULL)
            g_checksum_update (sum, blob, len);
        }
      g_checksum_update (sum, (const guchar *)"\n", 1);
      rows++;
    }
  g_assert_cmpuint (rows, >, 0);
  return g_strdup (g_checksum_get_string (sum));
}

#define AGREEMENTS_KEPT \
  "SELECT id, pupil_id, aup_version_id, school_year, agreed_at, method, read_aloud," \
  " with_adult, signature, parent_endorsed_at FROM agreements WHERE school_year >= ? ORDER BY id"
#define ALL_AGREEMENTS \
  "SELECT id, pupil_id, aup_version_id, school_year, agreed_at, method, read_aloud," \
  " with_adult, signature, parent_endorsed_at FROM agreements WHERE school_year >= ? ORDER BY id"
#define LISTED_PUPILS \
  "SELECT id, mis_id, forename, surname, year_group, class_id FROM pupils WHERE listed = ?" \
  " ORDER BY id"
#define ALL_PUPILS \
  "SELECT id, mis_id, forename, surname, year_group, class_id, listed FROM pupils" \
  " WHERE id > ? ORDER BY id"

/* The certificates staff would print for every class this school year: first names
 * and the moment each promised. */
static char *
dup_certificates (School *school,
                  int     school_year)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) classes = sok_roster_list_classes (school->store, &error);
  g_autoptr (GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_cmpuint (classes->len, ==, 35);
  for (guint i = 0; i < classes->len; i++)
    {
      SokClass *klass = g_ptr_array_index (classes, i);
      g_autoptr (SokCertificateBatch) batch = NULL;
      const SokCertificatePupil *pupils;
      guint n = 0;

      batch = sok_certificate_batch_load (school->store, school->dir, klass->name, 0,
                                          school_year, &error);
      g_assert_no_error (error);
      pupils = sok_certificate_batch_get_pupils (batch, &n);
      g_string_append_printf (out, "%s: %u\n", klass->name, n);
      for (guint p = 0; p < n; p++)
        g_string_append_printf (out, "  %s %" G_GINT64_FORMAT " %u rules\n", pupils[p].first_name,
                                g_date_time_to_unix (pupils[p].agreed_at), pupils[p].n_rules);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A signature that goes, as the bytes stored. */
static GBytes *
dup_old_signature (SokStore *store,
                   int       before_year)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) stmt = sok_store_prepare (store,
    "SELECT signature FROM agreements WHERE school_year < ? AND length (signature) > 200"
    " ORDER BY id LIMIT 1", &error);

  g_assert_no_error (error);
  sqlite3_bind_int (stmt, 1, before_year);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize)sqlite3_column_bytes (stmt, 0));
}

static gboolean
file_contains (const char *path,
               GBytes     *needle)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  gsize needle_len = 0;
  const void *bytes = g_bytes_get_data (needle, &needle_len);

  if (!g_file_get_contents (path, &data, &len, NULL))
    return FALSE;
  return memmem (data, len, bytes, needle_len) != NULL;
}

static void
test_ten_years_keep_seven (void)
{
  g_auto (School) school = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_local (2026, 12, 2, 10, 0, 0);
  g_autoptr (SokRetentionPlan) plan = NULL;
  g_autoptr (SokRetentionPlan) applied = NULL;
  g_autoptr (SokRetentionPlan) again = NULL;
  g_autoptr (GPtrArray) log = NULL;
  g_autoptr (GPtrArray) leaving_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GBytes) old_signature = NULL;
  g_autofree char *kept_before = NULL, *kept_after = NULL;
  g_autofree char *all_before = NULL, *all_after_dry_run = NULL;
  g_autofree char *pupils_before = NULL, *pupils_after_dry_run = NULL;
  g_autofree char *listed_before = NULL, *listed_after = NULL;
  g_autofree char *certificates_before = NULL, *certificates_after = NULL;
  g_autofree char *problems = NULL;
  g_autofree char *db_path = NULL, *wal_path = NULL;
  gint64 per_year[N_YEARS][2];
  gint64 old_agreements = 0, old_signatures = 0, pupils_before_n, log_before;
  guint group_agreements = 0, group_signatures = 0;
  SokStaffLogEntry *newest;

  school_seed (&school, 2026);

  /* Ten school years, 2017-18 to 2026-27, all with agreements. */
  for (int y = 0; y < N_YEARS; y++)
    {
      per_year[y][0] = count (school.store, "SELECT COUNT (*) FROM agreements WHERE school_year = ?",
                              2017 + y);
      per_year[y][1] = count (school.store, "SELECT COUNT (*) FROM agreements WHERE school_year = ?"
                              " AND signature IS NOT NULL", 2017 + y);
      g_assert_cmpint (per_year[y][0], >, 0);
      g_assert_cmpint (per_year[y][1], >, 0);
      if (2017 + y < 2019)
        old_agreements += per_year[y][0], old_signatures += per_year[y][1];
    }
  g_assert_cmpint (count (school.store, "SELECT COUNT (*) FROM agreements WHERE school_year < ?",
                          2017), ==, 0);

  kept_before = dup_checksum (school.store, AGREEMENTS_KEPT, 2019);
  all_before = dup_checksum (school.store, ALL_AGREEMENTS, 0);
  pupils_before = dup_checksum (school.store, ALL_PUPILS, 0);
  listed_before = dup_checksum (school.store, LISTED_PUPILS, 1);
  certificates_before = dup_certificates (&school, 2026);
  pupils_before_n = count (school.store, "SELECT COUNT (*) FROM pupils WHERE id > ?", 0);
  log_before = count (school.store, "SELECT COUNT (*) FROM staff_log WHERE id > ?", 0);
  old_signature = dup_old_signature (school.store, 2019);
  {
    g_autoptr (sqlite3_stmt) stmt = sok_store_prepare (school.store,
      "SELECT forename, surname FROM pupils p WHERE listed = 0 AND NOT EXISTS"
      " (SELECT 1 FROM agreements a WHERE a.pupil_id = p.id AND a.school_year >= 2019)", &error);

    g_assert_no_error (error);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        g_ptr_array_add (leaving_names, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
        g_ptr_array_add (leaving_names, g_strdup ((const char *)sqlite3_column_text (stmt, 1)));
      }
  }
  g_assert_cmpuint (leaving_names->len, >, 0);

  /* The dry run: what would go, with nothing changed. */
  plan = sok_retention_plan (school.store, 7, now, &error);
  g_assert_no_error (error);
  g_assert_cmpint (plan->first_kept_year, ==, 2019);
  g_assert_cmpuint (plan->retention_years, ==, 7);
  g_assert_cmpint (plan->n_agreements, ==, old_agreements);
  g_assert_cmpint (plan->n_signatures, ==, old_signatures);
  g_assert_cmpuint (plan->n_former_pupils * 2, ==, leaving_names->len);
  for (guint i = 0; i < plan->groups->len; i++)
    {
      SokRetentionGroup *group = g_ptr_array_index (plan->groups, i);

      g_assert_cmpint (group->school_year, <, 2019);
      g_assert_cmpint (group->school_year, >=, 2017);
      group_agreements += group->n_agreements;
      group_signatures += group->n_signatures;
    }
  g_assert_cmpint (group_agreements, ==, old_agreements);
  g_assert_cmpint (group_signatures, ==, old_signatures);
  /* A primary school keeps a pupil seven years at most: everyone who promised in
   * 2018-19 or before has left, so each year is one group, with no class. */
  g_assert_cmpuint (plan->groups->len, ==, 2);
  for (guint i = 0; i < plan->groups->len; i++)
    g_assert_null (((SokRetentionGroup *)g_ptr_array_index (plan->groups, i))->class_name);

  all_after_dry_run = dup_checksum (school.store, ALL_AGREEMENTS, 0);
  pupils_after_dry_run = dup_checksum (school.store, ALL_PUPILS, 0);
  g_assert_cmpstr (all_after_dry_run, ==, all_before);
  g_assert_cmpstr (pupils_after_dry_run, ==, pupils_before);
  g_assert_cmpint (count (school.store, "SELECT COUNT (*) FROM staff_log WHERE id > ?", 0), ==,
                   log_before);

  /* Applied: exactly the agreements of 2017-18 and 2018-19 go. */
  applied = sok_retention_apply (school.store, 7, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (applied->n_agreements, ==, plan->n_agreements);
  g_assert_cmpuint (applied->n_signatures, ==, plan->n_signatures);
  g_assert_cmpuint (applied->n_former_pupils, ==, plan->n_former_pupils);
  g_assert_cmpint (count (school.store, "SELECT COUNT (*) FROM agreements WHERE school_year < ?",
                          2019), ==, 0);
  for (int y = 2019 - 2017; y < N_YEARS; y++)
    {
      g_assert_cmpint (count (school.store, "SELECT COUNT (*) FROM agreements WHERE school_year = ?",
                              2017 + y), ==, per_year[y][0]);
      g_assert_cmpint (count (school.store, "SELECT COUNT (*) FROM agreements WHERE school_year = ?"
                              " AND signature IS NOT NULL", 2017 + y), ==, per_year[y][1]);
    }
  kept_after = dup_checksum (school.store, AGREEMENTS_KEPT, 2019);
  g_assert_cmpstr (kept_after, ==, kept_before);

  /* Pupils who left with nothing kept go; everyone on the roster stays as they were,
   * and so do their certificates. */
  g_assert_cmpint (count (school.store, "SELECT COUNT (*) FROM pupils WHERE id > ?", 0), ==,
                   pupils_before_n - (gint64)applied->n_former_pupils);
  g_assert_cmpint (count (school.store, "SELECT COUNT (*) FROM pupils p WHERE listed = ? AND NOT"
                          " EXISTS (SELECT 1 FROM agreements a WHERE a.pupil_id = p.id)", 0), ==, 0);
  listed_after = dup_checksum (school.store, LISTED_PUPILS, 1);
  g_assert_cmpstr (listed_after, ==, listed_before);
  certificates_after = dup_certificates (&school, 2026);
  g_assert_cmpstr (certificates_after, ==, certificates_before);

  g_assert_true (sok_store_check_integrity (school.store, &problems, &error));
  g_assert_no_error (error);
  g_assert_null (problems);

  /* The staff log says how many, of which years, and names nobody. */
  log = sok_staff_list_log (school.store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 1);
  newest = g_ptr_array_index (log, 0);
  g_assert_cmpstr (newest->action, ==, "retention-applied");
  {
    g_autofree char *expect = g_strdup_printf ("removed %u agreements (%u with a signature) of "
                                               "2017-18 to 2018-19 and %u former pupils' names; "
                                               "retention-years 7", applied->n_agreements,
                                               applied->n_signatures, applied->n_former_pupils);

    g_assert_cmpstr (newest->detail, ==, expect);
  }
  for (guint i = 0; i < leaving_names->len; i++)
    g_assert_null (strstr (newest->detail, g_ptr_array_index (leaving_names, i)));

  /* A second run finds nothing and logs nothing. */
  again = sok_retention_apply (school.store, 7, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->n_agreements, ==, 0);
  g_assert_cmpuint (again->n_former_pupils, ==, 0);
  g_assert_cmpint (count (school.store, "SELECT COUNT (*) FROM staff_log WHERE id > ?", 0), ==,
                   log_before + 1);

  /* The signatures themselves are gone from the files, not only from the table. */
  g_clear_object (&school.store);
  db_path = g_build_filename (school.dir, "kiosk.db", NULL);
  wal_path = g_build_filename (school.dir, "kiosk.db-wal", NULL);
  g_assert_false (file_contains (db_path, old_signature));
  g_assert_false (file_contains (wal_path, old_signature));
}

/* The signature looked for above is found when it is there: the check can fail. */
static void
test_signature_scan_finds_a_kept_signature (void)
{
  g_auto (School) school = { 0 };
  g_autoptr (GBytes) signature = NULL;
  g_autofree char *db_path = NULL;

  school_seed (&school, 2026);
  signature = dup_old_signature (school.store, 2019);
  g_clear_object (&school.store);
  db_path = g_build_filename (school.dir, "kiosk.db", NULL);
  g_assert_true (file_contains (db_path, signature));
}

static void
test_years_out_of_range_refused (void)
{
  g_auto (School) school = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_local (2026, 12, 2, 10, 0, 0);
  g_autoptr (SokRetentionPlan) plan = NULL;
  gint64 before;

  school_seed (&school, 2026);
  before = count (school.store, "SELECT COUNT (*) FROM agreements WHERE id > ?", 0);
  plan = sok_retention_apply (school.store, 0, now, &error);
  g_assert_null (plan);
  g_assert_nonnull (strstr (error->message, "1 to 50"));
  g_clear_error (&error);
  plan = sok_retention_plan (school.store, 51, now, &error);
  g_assert_null (plan);
  g_assert_nonnull (error);
  g_assert_cmpint (count (school.store, "SELECT COUNT (*) FROM agreements WHERE id > ?", 0), ==,
                   before);
}

/* sokctl retention apply, on a school whose history ends this school year. */
static void
test_sokctl_retention_apply (void)
{
  g_auto (School) school = { 0 };
  g_auto (SokTestRun) run = { 0 };
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  int current = sok_school_year_for (now);
  gint64 before, old, old_signatures;
  JsonObject *root;
  JsonArray *groups;
  guint group_total = 0;

  school_seed (&school, current);
  before = count (school.store, "SELECT COUNT (*) FROM agreements WHERE id > ?", 0);
  old = count (school.store, "SELECT COUNT (*) FROM agreements WHERE school_year < ?", current - 5);
  old_signatures = count (school.store, "SELECT COUNT (*) FROM agreements WHERE school_year < ?"
                          " AND signature IS NOT NULL", current - 5);
  g_assert_cmpint (old, >, 0);
  g_clear_object (&school.store);

  sok_test_sokctl (&run, "--data-dir", school.dir, "config", "set", "retention-years", "5", NULL);
  g_assert_cmpint (run.status, ==, 0);

  sok_test_sokctl (&run, "--data-dir", school.dir, "--format", "json", "retention", "apply",
                   "--dry-run", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = json_node_get_object (run.json);
  g_assert_true (json_object_get_boolean_member (root, "dry_run"));
  g_assert_cmpint (json_object_get_int_member (root, "retention_years"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (root, "agreements"), ==, old);
  g_assert_cmpint (json_object_get_int_member (root, "signatures"), ==, old_signatures);
  groups = json_object_get_array_member (root, "groups");
  g_assert_cmpuint (json_array_get_length (groups), >, 1);
  for (guint i = 0; i < json_array_get_length (groups); i++)
    group_total += json_object_get_int_member (json_array_get_object_element (groups, i),
                                               "agreements");
  g_assert_cmpint (group_total, ==, old);
  /* With five years, this year's Year 6 promised in Reception six years ago: those go
   * under their class now; pupils who have left, under none. */
  {
    gboolean with_class = FALSE, without = FALSE;

    for (guint i = 0; i < json_array_get_length (groups); i++)
      {
        JsonObject *group = json_array_get_object_element (groups, i);

        if (json_object_get_null_member (group, "class"))
          without = TRUE;
        else if (g_str_has_prefix (json_object_get_string_member (group, "class"), "Year 6 "))
          with_class = TRUE;
      }
    g_assert_true (with_class);
    g_assert_true (without);
  }

  sok_test_sokctl (&run, "--data-dir", school.dir, "--format", "csv", "retention", "apply",
                   "--dry-run", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "school_year,class,agreements,signatures\r\n") ||
                 g_str_has_prefix (run.out, "school_year,class,agreements,signatures\n"));

  sok_test_sokctl (&run, "--data-dir", school.dir, "retention", "apply", "--dry-run", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Would remove"));
  g_assert_nonnull (strstr (run.out, "(pupils who have left)"));

  school.store = sok_store_open (school.dir, NULL);
  g_assert_cmpint (count (school.store, "SELECT COUNT (*) FROM agreements WHERE id > ?", 0), ==,
                   before);
  /* Nothing sokctl printed names a pupil. */
  {
    g_autoptr (sqlite3_stmt) stmt = sok_store_prepare (school.store,
                                                       "SELECT surname FROM pupils", NULL);

    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_assert_null (strstr (run.out, (const char *)sqlite3_column_text (stmt, 0)));
  }
  g_clear_object (&school.store);

  sok_test_sokctl (&run, "--data-dir", school.dir, "retention", "apply", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Removed"));
  school.store = sok_store_open (school.dir, NULL);
  g_assert_cmpint (count (school.store, "SELECT COUNT (*) FROM agreements WHERE id > ?", 0), ==,
                   before - old);
  g_assert_cmpint (count (school.store, "SELECT COUNT (*) FROM agreements WHERE school_year < ?",
                          current - 5), ==, 0);
  g_clear_object (&school.store);

  sok_test_sokctl (&run, "--data-dir", school.dir, "retention", "apply", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "nothing was removed"));

  sok_test_sokctl (&run, "--data-dir", school.dir, "retention", "remove", NULL);
  g_assert_cmpint (run.status, ==, 2);
  sok_test_assert_one_line (run.err);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/retention/ten-years-of-agreements-keep-exactly-the-last-seven",
                   test_ten_years_keep_seven);
  g_test_add_func ("/retention/the-signature-scan-finds-a-kept-signature",
                   test_signature_scan_finds_a_kept_signature);
  g_test_add_func ("/retention/years-out-of-range-are-refused", test_years_out_of_range_refused);
  g_test_add_func ("/retention/sokctl-dry-run-lists-and-apply-removes",
                   test_sokctl_retention_apply);

  return g_test_run ();
}
