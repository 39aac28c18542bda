/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-outbox"

#include "config.h"

#include <glib/gstdio.h>

#include "sok-half-day.h"
#include "sok-outbox.h"
#include "sok-store.h"

static char *
make_data_dir (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("sok-outbox-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (tmp, "kiosk", NULL);
}

static SokStore *
open_store (const char *dir)
{
  g_autoptr (GError) error = NULL;
  SokStore *store = sok_store_open (dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static GBytes *
fake_sealed (const char *tag,
             gsize       len)
{
  guint8 *data = g_malloc (len);

  /* Not a real envelope: the outbox treats sealed bytes as opaque. */
  for (gsize i = 0; i < len; i++)
    data[i] = (guint8)(tag[i % strlen (tag)] ^ (i & 0xff));
  return g_bytes_new_take (data, len);
}

static void
put_ok (SokStore   *store,
        const char *id,
        gboolean    urgent)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) sealed = fake_sealed (id, 200);

  g_assert_true (sok_outbox_put (store, id, "kiosk-1", urgent, sealed, &error));
  g_assert_no_error (error);
}

static GPtrArray *
list_all (SokStore *store)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *items = sok_outbox_list (store, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (items);
  return items;
}

static void
test_put_and_list (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autoptr (SokStore) store = open_store (dir);
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GBytes) expected = fake_sealed ("r-1", 200);
  SokOutboxItem *item;
  gint64 before = g_get_real_time ();

  put_ok (store, "r-1", FALSE);

  items = list_all (store);
  g_assert_cmpuint (items->len, ==, 1);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpstr (item->report_id, ==, "r-1");
  g_assert_cmpstr (item->kiosk_id, ==, "kiosk-1");
  g_assert_false (item->urgent);
  g_assert_true (g_bytes_equal (item->sealed, expected));
  /* Only the half-day it was sent in, never the moment. */
  g_assert_true (sok_half_day_is_start (item->half_day));
  g_assert_cmpint (item->half_day, <=, before);
  g_assert_cmpint (item->half_day, ==, sok_half_day_of (before));
  g_assert_cmpuint (item->attempts, ==, 0);
}

static void
test_put_survives_reopen (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autoptr (SokStore) store = open_store (dir);
  g_autoptr (SokStore) again = NULL;
  g_autoptr (GPtrArray) items = NULL;

  put_ok (store, "r-1", TRUE);
  g_clear_object (&store);

  again = open_store (dir);
  items = list_all (again);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_true (((SokOutboxItem *)g_ptr_array_index (items, 0))->urgent);
}

static void
test_list_urgent_first_then_oldest (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autoptr (SokStore) store = open_store (dir);
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GPtrArray) two = NULL;
  g_autoptr (GError) error = NULL;
  static const char * const expected[] = { "u-1", "u-2", "a", "b", "c" };

  put_ok (store, "a", FALSE);
  put_ok (store, "u-1", TRUE);
  put_ok (store, "b", FALSE);
  put_ok (store, "u-2", TRUE);
  put_ok (store, "c", FALSE);

  items = list_all (store);
  g_assert_cmpuint (items->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < items->len; i++)
    g_assert_cmpstr (((SokOutboxItem *)g_ptr_array_index (items, i))->report_id, ==, expected[i]);

  two = sok_outbox_list (store, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (two->len, ==, 2);
  g_assert_cmpstr (((SokOutboxItem *)g_ptr_array_index (two, 1))->report_id, ==, "u-2");
}

static void
test_put_refuses_duplicate_id (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autoptr (SokStore) store = open_store (dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) other = fake_sealed ("other", 64);
  g_autoptr (GBytes) expected = fake_sealed ("r-1", 200);
  g_autoptr (GPtrArray) items = NULL;

  put_ok (store, "r-1", FALSE);
  g_assert_false (sok_outbox_put (store, "r-1", "kiosk-1", TRUE, other, &error));
  g_assert_error (error, SOK_STORE_ERROR, SOK_STORE_ERROR_QUERY);

  items = list_all (store);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_true (g_bytes_equal (((SokOutboxItem *)g_ptr_array_index (items, 0))->sealed, expected));
  /* The failed put left no transaction open. */
  g_assert_true (sqlite3_get_autocommit (sok_store_get_db (store)));
}

static void
test_failure_counts_and_is_kept_until_a_delivery (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autoptr (SokStore) store = open_store (dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) items = NULL;
  g_auto (SokOutboxStatus) status = { 0 };
  const char *ids[] = { "a", "missing", NULL };
  gint64 now = g_get_real_time ();

  put_ok (store, "a", FALSE);
  put_ok (store, "b", FALSE);

  /* A server's message over several lines is kept on one. */
  g_assert_true (sok_outbox_record_failure (store, ids, "could not connect:\n\tIs the server "
                                            "running?\r\n", &error));
  g_assert_true (sok_outbox_record_failure (store, ids, "could not connect:\n\tIs the server "
                                            "running?\r\n", &error));
  g_assert_no_error (error);

  /* Every report is listed, tried or not: when to try again is the worker's, in
   * memory, so that no time finer than a half-day is written down. */
  items = sok_outbox_list (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpstr (((SokOutboxItem *)g_ptr_array_index (items, 0))->report_id, ==, "a");
  g_assert_cmpuint (((SokOutboxItem *)g_ptr_array_index (items, 0))->attempts, ==, 2);
  g_assert_cmpuint (((SokOutboxItem *)g_ptr_array_index (items, 1))->attempts, ==, 0);

  g_assert_true (sok_outbox_get_status (store, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (status.last_error, ==, "could not connect:  Is the server running?  ");
  g_assert_cmpint (status.last_error_half_day, ==, sok_half_day_of (now));
  g_assert_cmpint (status.last_delivered_half_day, ==, 0);
  g_assert_cmpuint (status.most_attempts, ==, 2);
  sok_outbox_status_clear (&status);

  /* Once a delivery has gone through, the error is over: staff are not told of a
   * problem the kiosk has got past. */
  g_assert_true (sok_outbox_record_delivery (store, &error));
  g_assert_no_error (error);
  g_assert_true (sok_outbox_get_status (store, &status, &error));
  g_assert_no_error (error);
  g_assert_null (status.last_error);
  g_assert_cmpint (status.last_error_half_day, ==, 0);
  g_assert_cmpint (status.last_delivered_half_day, ==, sok_half_day_of (now));
}

static void
test_remove_and_delivery (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autoptr (SokStore) store = open_store (dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) items = NULL;
  g_auto (SokOutboxStatus) status = { 0 };
  const char *delivered[] = { "a", "c", "never-there", NULL };
  const char *none[] = { NULL };

  put_ok (store, "a", FALSE);
  put_ok (store, "b", TRUE);
  put_ok (store, "c", FALSE);

  g_assert_true (sok_outbox_remove (store, none, &error));
  g_assert_no_error (error);
  g_assert_true (sok_outbox_remove (store, delivered, &error));
  g_assert_no_error (error);
  g_assert_true (sok_outbox_record_delivery (store, &error));
  g_assert_no_error (error);

  items = list_all (store);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpstr (((SokOutboxItem *)g_ptr_array_index (items, 0))->report_id, ==, "b");

  g_assert_true (sok_outbox_get_status (store, &status, &error));
  g_assert_cmpuint (status.waiting, ==, 1);
  g_assert_cmpuint (status.urgent_waiting, ==, 1);
  g_assert_cmpint (status.last_delivered_half_day, ==, sok_half_day_now ());
  g_assert_null (status.last_error);
}

static void
test_status_empty_and_counts (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autoptr (SokStore) store = open_store (dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) items = NULL;
  SokOutboxStatus status = { 0 };

  g_assert_true (sok_outbox_get_status (store, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (status.waiting, ==, 0);
  g_assert_cmpuint (status.urgent_waiting, ==, 0);
  g_assert_cmpint (status.oldest_half_day, ==, 0);
  g_assert_null (status.last_error);
  sok_outbox_status_clear (&status);

  put_ok (store, "a", FALSE);
  put_ok (store, "b", TRUE);
  put_ok (store, "c", TRUE);
  items = list_all (store);

  g_assert_true (sok_outbox_get_status (store, &status, &error));
  g_assert_cmpuint (status.waiting, ==, 3);
  g_assert_cmpuint (status.urgent_waiting, ==, 2);
  /* list_all puts urgent first; "a" is the oldest. */
  g_assert_cmpint (status.oldest_half_day, ==,
                   ((SokOutboxItem *)g_ptr_array_index (items, 2))->half_day);
  sok_outbox_status_clear (&status);
  g_assert_null (status.last_error);
  g_assert_cmpuint (status.waiting, ==, 0);
}

static void
test_put_busy_database (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autoptr (SokStore) store = open_store (dir);
  g_autoptr (SokStore) other = open_store (dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) sealed = fake_sealed ("x", 100);
  g_autoptr (GPtrArray) items = NULL;

  /* Another program holds the write lock; do not wait the usual five seconds. */
  sqlite3_busy_timeout (sok_store_get_db (store), 50);
  g_assert_true (sok_store_exec (other, "BEGIN IMMEDIATE", NULL));

  g_assert_false (sok_outbox_put (store, "r-1", "kiosk-1", FALSE, sealed, &error));
  g_assert_error (error, SOK_STORE_ERROR, SOK_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "kiosk.db"));
  g_assert_true (sqlite3_get_autocommit (sok_store_get_db (store)));

  sok_store_rollback (other);
  items = list_all (store);
  g_assert_cmpuint (items->len, ==, 0);
}

static void
test_put_full_database_keeps_earlier (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autoptr (SokStore) store = open_store (dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) big = fake_sealed ("big", 256 * 1024);
  g_autoptr (GBytes) expected = fake_sealed ("r-1", 200);
  g_autoptr (GPtrArray) items = NULL;
  g_autofree char *problems = NULL;

  put_ok (store, "r-1", TRUE);

  /* SQLite's own page limit stands in for a full disk here; test-report fills a real
   * (tmpfs) file system. */
  g_assert_true (sok_store_exec (store, "PRAGMA max_page_count = 1", NULL));

  g_assert_false (sok_outbox_put (store, "r-2", "kiosk-1", FALSE, big, &error));
  g_assert_error (error, SOK_STORE_ERROR, SOK_STORE_ERROR_FULL);
  g_assert_true (sqlite3_get_autocommit (sok_store_get_db (store)));

  items = list_all (store);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_true (g_bytes_equal (((SokOutboxItem *)g_ptr_array_index (items, 0))->sealed, expected));
  g_assert_true (sok_store_check_integrity (store, &problems, &error));
  g_assert_null (problems);
}

/* A kiosk upgraded from schema 2 kept each report's moment of Send (created_at, in
 * µs) and the last delivery to the µs: afterwards only half-days are left. */
static void
test_upgrade_keeps_only_the_half_day (void)
{
  g_autofree char *dir = make_data_dir ();
  SokStore *store = open_store (dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const gint64 sent = G_GINT64_CONSTANT (1764686613123456);  /* 2025-12-02 14:43:33 UTC */

  /* Schema 2 as it was: the later migrations' changes undone. */
  g_assert_true (sok_store_exec (store,
                                 "ALTER TABLE classes DROP COLUMN picture;"
                                 "DROP TABLE outbox;"
                                 "CREATE TABLE outbox (report_id TEXT PRIMARY KEY,"
                                 "  kiosk_id TEXT NOT NULL, urgent INTEGER NOT NULL DEFAULT 0,"
                                 "  sealed BLOB NOT NULL, created_at INTEGER NOT NULL,"
                                 "  attempts INTEGER NOT NULL DEFAULT 0,"
                                 "  next_attempt_at INTEGER NOT NULL DEFAULT 0, last_error TEXT);"
                                 "INSERT INTO outbox VALUES ('r-old', 'kiosk-1', 1, x'01',"
                                 "  1764686613123456, 3, 1764686618000000, 'refused');"
                                 "INSERT INTO kiosk_state VALUES ('outbox.last-delivered-at',"
                                 "  '1764686613500000');"
                                 "INSERT INTO kiosk_state VALUES ('outbox.last-error-at',"
                                 "  '1764686618000000');"
                                 "PRAGMA user_version = 2;", &error));
  g_assert_no_error (error);
  g_assert_finalize_object (store);

  store = open_store (dir);
  items = sok_outbox_list (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpint (((SokOutboxItem *)items->pdata[0])->half_day, ==, sok_half_day_of (sent));
  g_assert_cmpuint (((SokOutboxItem *)items->pdata[0])->attempts, ==, 3);
  g_assert_true (((SokOutboxItem *)items->pdata[0])->urgent);

  stmt = sok_store_prepare (store, "SELECT count (*) FROM kiosk_state WHERE value LIKE '17646866%'",
                            &error);
  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_assert_finalize_object (store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/report/outbox/put-then-list-gives-same-bytes", test_put_and_list);
  g_test_add_func ("/report/outbox/put-survives-reopening", test_put_survives_reopen);
  g_test_add_func ("/report/outbox/lists-urgent-first-then-oldest",
                   test_list_urgent_first_then_oldest);
  g_test_add_func ("/report/outbox/refuses-duplicate-report-id", test_put_refuses_duplicate_id);
  g_test_add_func ("/report/outbox/failure-counts-and-is-kept-until-a-delivery",
                   test_failure_counts_and_is_kept_until_a_delivery);
  g_test_add_func ("/report/outbox/remove-after-delivery", test_remove_and_delivery);
  g_test_add_func ("/report/outbox/status-counts-waiting-and-urgent", test_status_empty_and_counts);
  g_test_add_func ("/report/outbox/put-on-busy-database-stores-nothing", test_put_busy_database);
  g_test_add_func ("/report/outbox/upgrade-keeps-only-the-half-day",
                   test_upgrade_keeps_only_the_half_day);
  g_test_add_func ("/report/outbox/put-on-full-database-keeps-earlier-reports",
                   test_put_full_database_keeps_earlier);

  return g_test_run ();
}
