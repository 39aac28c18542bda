/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "sok-schema.h"
#include "sok-store.h"

static char *
make_data_dir (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("sok-store-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (tmp, "kiosk", NULL);
}

static guint
mode_of (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static gboolean
table_exists (SokStore   *store,
              const char *name)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = sok_store_prepare (store, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                            NULL);
  g_assert_nonnull (stmt);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static char *
pragma_text (SokStore   *store,
             const char *sql)
{
  g_autoptr (sqlite3_stmt) stmt = sok_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *)sqlite3_column_text (stmt, 0));
}

static void
test_store_creates_private_files (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_data_dir ();
  g_autofree char *db = g_build_filename (dir, "kiosk.db", NULL);
  g_autofree char *wal = g_build_filename (dir, "kiosk.db-wal", NULL);
  g_autoptr (SokStore) store = sok_store_open (dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);

  g_assert_cmpuint (mode_of (dir), ==, 0700);
  g_assert_cmpuint (mode_of (db), ==, 0600);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (mode_of (wal), ==, 0600);

  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
test_store_uses_wal_and_full_sync (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_data_dir ();
  g_autoptr (SokStore) store = sok_store_open (dir, &error);
  g_autofree char *journal = NULL;
  g_autofree char *sync = NULL;
  g_autofree char *fk = NULL;

  g_assert_no_error (error);

  journal = pragma_text (store, "PRAGMA journal_mode");
  sync = pragma_text (store, "PRAGMA synchronous");
  fk = pragma_text (store, "PRAGMA foreign_keys");

  g_assert_cmpstr (journal, ==, "wal");
  g_assert_cmpstr (sync, ==, "2"); /* FULL */
  g_assert_cmpstr (fk, ==, "1");
}

static void
test_store_migrates_to_latest (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_data_dir ();
  g_autoptr (SokStore) store = sok_store_open (dir, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sok_store_get_schema_version (store), ==, (int)sok_schema_get_n_migrations ());

  for (const char * const *t = (const char *[]) { "classes", "pupils", "aup_versions",
                                                  "agreements", "outbox", "staff", NULL };
       *t; t++)
    g_assert_true (table_exists (store, *t));
}

static void
test_store_reopen_keeps_data (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_data_dir ();
  g_autoptr (SokStore) store = sok_store_open (dir, &error);
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_assert_no_error (error);
  g_assert_true (sok_store_exec (store, "INSERT INTO classes (name, year_group) VALUES ('Owls', 3)",
                                 &error));
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&store));

  store = sok_store_open (dir, &error);
  g_assert_no_error (error);
  stmt = sok_store_prepare (store, "SELECT name FROM classes", &error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "Owls");
}

static void
test_store_migrates_partial_database (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_data_dir ();
  g_autofree char *db_path = NULL;
  g_autoptr (SokStore) store = NULL;
  sqlite3 *raw = NULL;

  /* A database at schema 0 (an empty file another version left) is brought up. */
  g_assert_true (sok_store_ensure_data_dir (dir, &error));
  db_path = g_build_filename (dir, "kiosk.db", NULL);
  g_assert_cmpint (sqlite3_open (db_path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "CREATE TABLE notes (x)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);
  g_assert_cmpint (g_chmod (db_path, 0600), ==, 0);

  store = sok_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_true (table_exists (store, "notes"));
  g_assert_true (table_exists (store, "outbox"));
}

static void
test_store_refuses_newer_schema (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_data_dir ();
  g_autofree char *db_path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len = 0;
  gsize after_len = 0;
  g_autoptr (SokStore) store = sok_store_open (dir, &error);
  g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %u",
                                           sok_schema_get_n_migrations () + 5);

  g_assert_no_error (error);
  g_assert_true (sok_store_exec (store, bump, &error));
  g_assert_true (sok_store_exec (store, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
  g_assert_finalize_object (g_steal_pointer (&store));

  db_path = g_build_filename (dir, "kiosk.db", NULL);
  g_assert_true (g_file_get_contents (db_path, &before, &before_len, NULL));

  store = sok_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, SOK_STORE_ERROR, SOK_STORE_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, "newer version"));
  g_assert_nonnull (strstr (error->message, "not changed"));

  /* Refused means untouched: not a byte of the file changed. */
  g_assert_true (g_file_get_contents (db_path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
}

static void
test_store_refuses_open_directory (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_data_dir ();
  g_autoptr (SokStore) store = NULL;

  g_assert_true (sok_store_ensure_data_dir (dir, &error));
  g_assert_cmpint (g_chmod (dir, 0777), ==, 0);

  store = sok_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, SOK_STORE_ERROR, SOK_STORE_ERROR_PERMISSIONS);
  g_assert_nonnull (strstr (error->message, "chmod 700"));
}

static void
test_store_reports_corrupt_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_data_dir ();
  g_autofree char *db_path = NULL;
  g_autoptr (SokStore) store = NULL;
  g_autofree char *garbage = g_strnfill (8192, 'x');

  g_assert_true (sok_store_ensure_data_dir (dir, &error));
  db_path = g_build_filename (dir, "kiosk.db", NULL);
  g_assert_true (g_file_set_contents_full (db_path, garbage, -1, G_FILE_SET_CONTENTS_NONE,
                                           0600, &error));

  store = sok_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, SOK_STORE_ERROR, SOK_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "kiosk.db"));
  g_assert_nonnull (strstr (error->message, "not changed"));
}

static void
test_store_integrity_check_finds_damage (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_data_dir ();
  g_autofree char *db_path = NULL;
  g_autoptr (SokStore) store = sok_store_open (dir, &error);
  g_autofree char *problems = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_no_error (error);

  /* Fill a table over several pages, then damage a page in the middle of the file. */
  g_assert_true (sok_store_exec (store,
                                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                                 "WHERE i < 2000) INSERT INTO kiosk_state (key, value) "
                                 "SELECT 'k' || i, hex(randomblob(64)) FROM n", &error));
  g_assert_true (sok_store_check_integrity (store, &problems, &error));
  g_assert_null (problems);
  g_assert_true (sok_store_exec (store, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
  g_assert_finalize_object (g_steal_pointer (&store));

  db_path = g_build_filename (dir, "kiosk.db", NULL);
  g_assert_true (g_file_get_contents (db_path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 16 * 4096);
  memset (contents + len / 2, 0xA5, 4096);
  g_assert_true (g_file_set_contents_full (db_path, contents, (gssize)len,
                                           G_FILE_SET_CONTENTS_NONE, 0600, &error));

  store = sok_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_true (sok_store_check_integrity (store, &problems, &error));
  g_assert_no_error (error);
  g_assert_nonnull (problems);
}

static void
test_store_statements_bind_parameters (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_data_dir ();
  g_autoptr (SokStore) store = sok_store_open (dir, &error);
  g_autoptr (sqlite3_stmt) insert = NULL;
  g_autoptr (sqlite3_stmt) query = NULL;
  const char *hostile = "Robert'); DROP TABLE classes;--";

  g_assert_no_error (error);
  insert = sok_store_prepare (store, "INSERT INTO classes (name, year_group) VALUES (?, 2)", &error);
  sqlite3_bind_text (insert, 1, hostile, -1, SQLITE_TRANSIENT);
  g_assert_true (sok_store_step_done (store, insert, &error));

  query = sok_store_prepare (store, "SELECT name FROM classes", &error);
  g_assert_cmpint (sqlite3_step (query), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (query, 0), ==, hostile);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/open/creates-private-files", test_store_creates_private_files);
  g_test_add_func ("/store/open/uses-wal-and-full-sync", test_store_uses_wal_and_full_sync);
  g_test_add_func ("/store/migrations/reach-latest-schema", test_store_migrates_to_latest);
  g_test_add_func ("/store/migrations/upgrade-older-database", test_store_migrates_partial_database);
  g_test_add_func ("/store/reopen/keeps-data", test_store_reopen_keeps_data);
  g_test_add_func ("/store/open/refuses-newer-schema-untouched", test_store_refuses_newer_schema);
  g_test_add_func ("/store/open/refuses-directory-others-can-enter",
                   test_store_refuses_open_directory);
  g_test_add_func ("/store/open/reports-corrupt-file", test_store_reports_corrupt_file);
  g_test_add_func ("/store/integrity/finds-damaged-page", test_store_integrity_check_finds_damage);
  g_test_add_func ("/store/sql/binds-parameters", test_store_statements_bind_parameters);

  return g_test_run ();
}
