/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-metadata"

#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "pg-harness.h"
#include "sok-config.h"
#include "sok-report.h"
#include "sok-store.h"
#include "sok-sync.h"
#include "test-util.h"

/* Issue 12: nothing outside the seal keeps a report's time finer than its half-day.
 * A kiosk's agreements say, to the second, which named pupil stood there when; an
 * exact time of a report anywhere else could be matched to them.
 *
 * Reports are sent at known moments (the real clock, read around each Send), then
 * delivered to a SQLite queue and to a real PostgreSQL one. Every column of every
 * table of kiosk.db and of both queues, every output of sokctl in every format and
 * every message the kiosk's delivery logs is scanned for a time within an hour of a
 * Send that is finer than a half-day (not local midnight or noon). The agreements,
 * the staff log and the DSL's own action times are not anonymous and are left out. */

#define PASSPHRASE "correct horse battery staple"
#define HOUR G_TIME_SPAN_HOUR

typedef struct
{
  GArray    *sends;     /* gint64 µs: the moments of Send (before and after each) */
  GPtrArray *findings;  /* char *: where a fine time was found, and what */
} Scan;

static void
scan_init (Scan *scan)
{
  scan->sends = g_array_new (FALSE, FALSE, sizeof (gint64));
  scan->findings = g_ptr_array_new_with_free_func (g_free);
}

static void
scan_clear (Scan *scan)
{
  g_clear_pointer (&scan->sends, g_array_unref);
  g_clear_pointer (&scan->findings, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scan, scan_clear)

/* Whether @usec is local midnight or noon to the second: a half-day says no more. */
static gboolean
is_half_day (gint64 usec)
{
  g_autoptr (GDateTime) local = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);

  if (usec % G_USEC_PER_SEC != 0 || local == NULL)
    return FALSE;
  return (g_date_time_get_hour (local) == 0 || g_date_time_get_hour (local) == 12) &&
         g_date_time_get_minute (local) == 0 && g_date_time_get_second (local) == 0;
}

static gboolean
near_a_send (Scan   *scan,
             gint64  usec)
{
  for (guint i = 0; i < scan->sends->len; i++)
    if (ABS (usec - g_array_index (scan->sends, gint64, i)) <= HOUR)
      return TRUE;
  return FALSE;
}

static void
found (Scan       *scan,
       const char *where,
       const char *what)
{
  g_autofree char *one_line = g_strdelimit (g_strndup (what, 200), "\r\n", ' ');

  g_ptr_array_add (scan->findings, g_strdup_printf ("%s: %s", where, one_line));
}

/* A number read as seconds, milliseconds or microseconds since the epoch. */
static void
check_number (Scan       *scan,
              const char *where,
              gint64      value)
{
  static const gint64 units[] = { G_USEC_PER_SEC, 1000, 1 };

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      gint64 usec;

      if (value > G_MAXINT64 / units[i] || value <= 0)
        continue;
      usec = value * units[i];
      if (near_a_send (scan, usec) && !is_half_day (usec))
        {
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
          found (scan, where, text);
          return;
        }
    }
}

static GRegex *digits, *datetime, *time_of_day;

/* Text: digit runs as epoch numbers, dates with a time of day ("2026-12-02 14:43",
 * ISO 8601 with its zone), and a bare time of day ("at 14:43") near a Send's. */
static void
check_text (Scan       *scan,
            const char *where,
            const char *text)
{
  g_autoptr (GMatchInfo) match = NULL;

  if (text == NULL)
    return;

  g_regex_match (digits, text, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *number = g_match_info_fetch (match, 0);

      check_number (scan, where, g_ascii_strtoll (number, NULL, 10));
    }
  g_clear_pointer (&match, g_match_info_free);

  g_regex_match (datetime, text, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *stamp = g_match_info_fetch (match, 0);
      g_autoptr (GTimeZone) local = g_time_zone_new_local ();
      g_autoptr (GDateTime) dt = NULL;

      stamp[10] = 'T';
      dt = g_date_time_new_from_iso8601 (stamp, local);
      if (dt != NULL)
        {
          gint64 usec = g_date_time_to_unix (dt) * G_USEC_PER_SEC +
                        g_date_time_get_microsecond (dt);

          if (near_a_send (scan, usec) && !is_half_day (usec))
            found (scan, where, stamp);
        }
    }
  g_clear_pointer (&match, g_match_info_free);

  g_regex_match (time_of_day, text, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *h = g_match_info_fetch (match, 1);
      g_autofree char *m = g_match_info_fetch (match, 2);
      int minutes = (int)(g_ascii_strtoll (h, NULL, 10) * 60 + g_ascii_strtoll (m, NULL, 10));

      if (minutes == 0 || minutes == 12 * 60)
        continue;
      for (guint i = 0; i < scan->sends->len; i++)
        {
          gint64 send = g_array_index (scan->sends, gint64, i);
          g_autoptr (GDateTime) at = g_date_time_new_from_unix_local (send / G_USEC_PER_SEC);
          int send_minutes = g_date_time_get_hour (at) * 60 + g_date_time_get_minute (at);

          if (ABS (minutes - send_minutes) <= 60)
            {
              g_autofree char *what = g_match_info_fetch (match, 0);
              found (scan, where, what);
              break;
            }
        }
    }
}

/* Tables and columns that are not anonymous, or are the DSL's own times. */
static gboolean
is_excepted (const char *table,
             const char *column)
{
  static const char * const tables[] = { "agreements", "staff_log", "staff", "pin_failures",
                                         "pin_lock", "aup_versions", NULL };
  static const char * const columns[] = { "actions.at", "audit.at", "cases.updated_at", NULL };
  g_autofree char *both = g_strconcat (table, ".", column, NULL);

  return g_strv_contains (tables, table) || g_strv_contains (columns, both);
}

static void
scan_sqlite (Scan       *scan,
             const char *path)
{
  g_autofree char *name = g_path_get_basename (path);
  sqlite3 *db = NULL;
  sqlite3_stmt *tables = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table'",
                                       -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      g_autofree char *table = g_strdup ((const char *)sqlite3_column_text (tables, 0));
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", table);
      sqlite3_stmt *rows = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &rows, NULL), ==, SQLITE_OK);
      while (sqlite3_step (rows) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (rows); c++)
          {
            const char *column = sqlite3_column_name (rows, c);
            g_autofree char *where = g_strdup_printf ("%s %s.%s", name, table, column);

            if (is_excepted (table, column))
              continue;
            if (sqlite3_column_type (rows, c) == SQLITE_INTEGER)
              check_number (scan, where, sqlite3_column_int64 (rows, c));
            else if (sqlite3_column_type (rows, c) == SQLITE_TEXT)
              check_text (scan, where, (const char *)sqlite3_column_text (rows, c));
          }
      sqlite3_finalize (rows);
    }
  sqlite3_finalize (tables);
  sqlite3_close (db);
}

static void
scan_pg (Scan         *scan,
         SokPgHarness *pg)
{
  PGconn *conn = sok_pg_harness_connect (pg, "postgres", SOK_PG_SUPER_PASSWORD);
  PGresult *columns = PQexec (conn, "SELECT table_name, column_name, data_type"
                                    " FROM information_schema.columns"
                                    " WHERE table_schema = 'sok' ORDER BY 1, 2");

  g_assert_cmpint (PQresultStatus (columns), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (PQntuples (columns), >, 0);
  for (int r = 0; r < PQntuples (columns); r++)
    {
      const char *table = PQgetvalue (columns, r, 0);
      const char *column = PQgetvalue (columns, r, 1);
      g_autofree char *sql = NULL;
      g_autofree char *where = g_strdup_printf ("postgresql sok.%s.%s", table, column);
      PGresult *values;

      if (is_excepted (table, column) || g_str_equal (PQgetvalue (columns, r, 2), "bytea"))
        continue;
      sql = g_strdup_printf ("SELECT \"%s\"::text FROM sok.\"%s\"", column, table);
      values = PQexec (conn, sql);
      g_assert_cmpint (PQresultStatus (values), ==, PGRES_TUPLES_OK);
      for (int v = 0; v < PQntuples (values); v++)
        if (!PQgetisnull (values, v, 0))
          check_text (scan, where, PQgetvalue (values, v, 0));
      PQclear (values);
    }
  PQclear (columns);
  PQfinish (conn);
}

static char *
send_report (Scan       *scan,
             const char *data_dir,
             gboolean    urgent)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokConfig) config = sok_config_load (data_dir, &error);
  g_autoptr (SokStore) store = sok_store_open (data_dir, &error);
  g_autoptr (SokReportDraft) draft = sok_report_draft_new ();
  gint64 before = g_get_real_time ();
  gint64 after;
  char *id = NULL;

  g_assert_no_error (error);
  sok_report_draft_set_category (draft, "unkind-to-me", "conduct");
  sok_report_draft_set_feeling (draft, "sad");
  sok_report_draft_set_urgent (draft, urgent);
  g_assert_true (sok_report_send (store, config, draft, &id, &error));
  g_assert_no_error (error);
  after = g_get_real_time ();
  g_array_append_val (scan->sends, before);
  g_array_append_val (scan->sends, after);
  return id;
}

/* Runs sokctl with @args in every format and scans what it prints. */
static void
scan_sokctl (Scan               *scan,
             const char * const *args)
{
  static const char * const formats[] = { "text", "json", "csv" };

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
      g_auto (GStrv) argv = NULL;
      g_auto (SokTestRun) run = { 0 };
      g_autofree char *joined = NULL;
      g_autofree char *where = NULL;
      const char *sokctl = g_getenv ("SOKCTL");

      g_assert_nonnull (sokctl);
      g_strv_builder_add (builder, sokctl);
      g_strv_builder_addv (builder, (const char **)args);
      g_strv_builder_add_many (builder, "--format", formats[f], NULL);
      argv = g_strv_builder_end (builder);
      sok_test_run_argv (&run, (const char * const *)argv);
      joined = g_strjoinv (" ", (char **)args);
      where = g_strdup_printf ("sokctl %s --format %s", joined, formats[f]);
      check_text (scan, where, run.out);
      check_text (scan, where, run.err);
    }
}

/* Every message the kiosk's delivery writes, kept to be scanned while a test sets it. */
static GPtrArray *log_lines;

static GLogWriterOutput
keep_log_cb (GLogLevelFlags   level,
             const GLogField *fields,
             gsize            n_fields,
             gpointer         user_data)
{
  G_LOCK_DEFINE_STATIC (lines);

  G_LOCK (lines);
  for (gsize i = 0; log_lines != NULL && i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      g_ptr_array_add (log_lines, g_strndup (fields[i].value, fields[i].length < 0 ?
                                             strlen (fields[i].value) :
                                             (gsize)fields[i].length));
  G_UNLOCK (lines);
  /* Debug messages are kept too (a kiosk run with G_MESSAGES_DEBUG writes them to the
   * journal) but not printed: stdout speaks TAP. */
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
status_changed_cb (SokSyncWorker *worker,
                   gpointer       user_data)
{
  (*(guint *)user_data)++;
}

/* The kiosk's delivery worker, as the kiosk runs it, delivers @data_dir's outbox. */
static void
deliver_with_worker (const char *data_dir)
{
  g_autoptr (SokSyncWorker) worker = sok_sync_worker_new (data_dir);
  g_auto (SokOutboxStatus) status = { 0 };
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  guint changes = 0;

  g_signal_connect (worker, "status-changed", G_CALLBACK (status_changed_cb), &changes);
  sok_sync_worker_start (worker);
  sok_sync_worker_wake (worker);
  for (;;)
    {
      g_main_context_iteration (NULL, FALSE);
      sok_outbox_status_clear (&status);
      if (changes > 0 && sok_sync_worker_get_status (worker, &status) && status.waiting == 0)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      sok_sync_worker_wake (worker);
      g_usleep (20000);
    }
  sok_sync_worker_stop (worker);
}

static void
assert_nothing_found (Scan *scan)
{
  for (guint i = 0; i < scan->findings->len; i++)
    g_test_message ("a time finer than a half-day: %s",
                    (const char *)scan->findings->pdata[i]);
  g_assert_cmpuint (scan->findings->len, ==, 0);
}

static void
setup_kiosk (const char *data_dir,
             const char *public_key,
             const char *queue_uri)
{
  g_auto (SokTestRun) run = { 0 };

  sok_test_sokctl (&run, "--data-dir", data_dir, "init", "--school", "Test School", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sok_test_sokctl (&run, "--data-dir", data_dir, "config", "set", "dsl-public-key", public_key,
                   NULL);
  g_assert_cmpint (run.status, ==, 0);
  sok_test_sokctl (&run, "--data-dir", data_dir, "config", "set", "kiosk-id", "kiosk-hall", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sok_test_sokctl (&run, "--data-dir", data_dir, "config", "set", "queue", queue_uri, NULL);
  g_assert_cmpint (run.status, ==, 0);
}

static void
scan_kiosk (Scan       *scan,
            const char *data_dir,
            const char *queue_uri,
            const char *key_path,
            const char *passphrase_path)
{
  g_autofree char *kiosk_db = g_build_filename (data_dir, "kiosk.db", NULL);
  g_autofree char *conf_path = g_build_filename (data_dir, "kiosk.conf", NULL);
  g_autofree char *conf = NULL;
  const char *status[] = { "--data-dir", data_dir, "outbox", "status", NULL };
  const char *doctor[] = { "--data-dir", data_dir, "doctor", NULL };
  const char *list[] = { "--data-dir", data_dir, "queue", "list", "--queue", queue_uri, NULL };
  g_autoptr (GDateTime) today = g_date_time_new_now_local ();
  int month = g_date_time_get_month (today);
  g_autofree char *year = g_strdup_printf ("%d", g_date_time_get_year (today));
  const char *term = month >= 9 ? "autumn" : month >= 4 ? "summer" : "spring";
  const char *stats[] = { "--data-dir", data_dir, "stats", "--term", term, "--year", year,
                          "--queue", queue_uri, "--key", key_path,
                          "--passphrase-file", passphrase_path, NULL };

  scan_sqlite (scan, kiosk_db);
  g_assert_true (g_file_get_contents (conf_path, &conf, NULL, NULL));
  check_text (scan, "kiosk.conf", conf);
  scan_sokctl (scan, status);
  scan_sokctl (scan, doctor);
  scan_sokctl (scan, list);
  scan_sokctl (scan, stats);
}

static void
test_no_fine_times_anywhere (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("sok-metadata-XXXXXX", &error);
  g_autofree char *keys = g_build_filename (root, "dsl", NULL);
  g_autofree char *key_path = g_build_filename (keys, "dsl.key", NULL);
  g_autofree char *passphrase_path = g_build_filename (root, "passphrase", NULL);
  g_autofree char *sqlite_kiosk = g_build_filename (root, "kiosk-sqlite", NULL);
  g_autofree char *pg_kiosk = g_build_filename (root, "kiosk-pg", NULL);
  g_autofree char *queue_path = g_build_filename (root, "dsl-queue.db", NULL);
  g_autofree char *sqlite_uri = g_strconcat ("sqlite:", queue_path, NULL);
  g_autofree char *public_key = NULL;
  g_autofree char *pg_uri = NULL;
  g_autofree char *dsl_uri = NULL;
  g_auto (Scan) scan = { 0 };
  g_auto (SokTestRun) run = { 0 };
  SokPgHarness *pg = sok_pg_harness_start_or_skip ();

  if (pg == NULL)
    return;
  pg_uri = sok_pg_harness_uri (pg, "kiosk1", SOK_PG_KIOSK_PASSWORD, 0);
  dsl_uri = sok_pg_harness_uri (pg, "dsl1", SOK_PG_DSL_PASSWORD, 0);

  scan_init (&scan);
  log_lines = g_ptr_array_new_with_free_func (g_free);

  public_key = sok_test_make_dsl_keys (keys, PASSPHRASE, NULL);
  g_assert_true (g_file_set_contents_full (passphrase_path, PASSPHRASE, -1,
                                           G_FILE_SET_CONTENTS_NONE, 0600, &error));
  setup_kiosk (sqlite_kiosk, public_key, sqlite_uri);
  setup_kiosk (pg_kiosk, public_key, pg_uri);

  /* Reports wait in the outboxes: scan them as they wait. */
  g_free (send_report (&scan, sqlite_kiosk, FALSE));
  g_free (send_report (&scan, sqlite_kiosk, TRUE));
  g_free (send_report (&scan, pg_kiosk, FALSE));
  g_free (send_report (&scan, pg_kiosk, TRUE));
  scan_kiosk (&scan, sqlite_kiosk, sqlite_uri, key_path, passphrase_path);
  scan_kiosk (&scan, pg_kiosk, dsl_uri, key_path, passphrase_path);

  /* Delivered by "sokctl sync" (one of each) and by the kiosk's own worker. */
  sok_test_sokctl (&run, "--data-dir", sqlite_kiosk, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  check_text (&scan, "sokctl sync", run.out);
  sok_test_sokctl (&run, "--data-dir", pg_kiosk, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  check_text (&scan, "sokctl sync", run.out);
  g_free (send_report (&scan, sqlite_kiosk, TRUE));
  g_free (send_report (&scan, pg_kiosk, TRUE));
  deliver_with_worker (sqlite_kiosk);
  deliver_with_worker (pg_kiosk);

  scan_kiosk (&scan, sqlite_kiosk, sqlite_uri, key_path, passphrase_path);
  scan_kiosk (&scan, pg_kiosk, dsl_uri, key_path, passphrase_path);
  scan_sqlite (&scan, queue_path);
  scan_pg (&scan, pg);

  {
    g_autoptr (GPtrArray) lines = g_steal_pointer (&log_lines);

    for (guint i = 0; i < lines->len; i++)
      check_text (&scan, "the kiosk's log", lines->pdata[i]);
  }

  assert_nothing_found (&scan);

  g_assert_true (sok_pg_harness_stop (pg, &error));
  sok_pg_harness_free (pg);
  sok_test_remove_tree (root);
}

/* The scan itself finds what it looks for: exact times as kiosk.db, a queue or
 * sokctl kept them before issue 12. */
static void
test_scan_finds_fine_times (void)
{
  g_auto (Scan) scan = { 0 };
  gint64 now = g_get_real_time ();
  g_autoptr (GDateTime) local = g_date_time_new_from_unix_local (now / G_USEC_PER_SEC);
  g_autofree char *clock = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
  g_autofree char *iso = g_date_time_format_iso8601 (local);
  g_autofree char *minute = g_date_time_format (local, "the last delivery was on %-d %B at %H:%M.");
  g_autofree char *usec = g_strdup_printf ("%" G_GINT64_FORMAT, now - 5 * 60 * G_USEC_PER_SEC);
  g_autoptr (GDateTime) noon = g_date_time_new_local (g_date_time_get_year (local),
                                                      g_date_time_get_month (local),
                                                      g_date_time_get_day_of_month (local),
                                                      12, 0, 0);
  g_autoptr (GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (local),
                                                          g_date_time_get_month (local),
                                                          g_date_time_get_day_of_month (local),
                                                          0, 0, 0);

  scan_init (&scan);
  g_array_append_val (scan.sends, now);
  check_number (&scan, "µs", now - 30 * G_USEC_PER_SEC);
  g_assert_cmpuint (scan.findings->len, ==, 1);
  check_number (&scan, "s", now / G_USEC_PER_SEC + 59 * 60);
  g_assert_cmpuint (scan.findings->len, ==, 2);
  check_text (&scan, "text µs", usec);
  g_assert_cmpuint (scan.findings->len, ==, 3);
  check_text (&scan, "clock", clock);
  g_assert_cmpuint (scan.findings->len, >=, 4);
  g_ptr_array_set_size (scan.findings, 0);
  check_text (&scan, "iso", iso);
  g_assert_cmpuint (scan.findings->len, >=, 1);
  g_ptr_array_set_size (scan.findings, 0);
  check_text (&scan, "words", minute);
  g_assert_cmpuint (scan.findings->len, ==, 1);

  /* A half-day, or a time far from any Send, is not a finding. */
  g_ptr_array_set_size (scan.findings, 0);
  check_number (&scan, "noon", g_date_time_to_unix (noon) * G_USEC_PER_SEC);
  check_number (&scan, "midnight", g_date_time_to_unix (midnight) * G_USEC_PER_SEC);
  check_number (&scan, "far", now - 3 * HOUR);
  check_text (&scan, "text", "2 reports are waiting to be delivered, since this morning");
  g_assert_cmpuint (scan.findings->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_log_set_writer_func (keep_log_cb, NULL, NULL);

  digits = g_regex_new ("(?<![0-9])[0-9]{10,17}(?![0-9])", G_REGEX_OPTIMIZE, 0, NULL);
  datetime = g_regex_new ("[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}"
                          "(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?", G_REGEX_OPTIMIZE, 0, NULL);
  time_of_day = g_regex_new ("(?<![0-9:])([0-9]{1,2}):([0-9]{2})(?![0-9])", G_REGEX_OPTIMIZE, 0, NULL);

  g_test_add_func ("/metadata/scan/finds-times-finer-than-a-half-day", test_scan_finds_fine_times);
  g_test_add_func ("/metadata/no-report-time-finer-than-a-half-day-anywhere",
                   test_no_fine_times_anywhere);

  return g_test_run ();
}
