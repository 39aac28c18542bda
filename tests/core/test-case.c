/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-case"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "case-tests.h"
#include "test-util.h"
#include "sok-case.h"
#include "sok-stats.h"

static char *queue_dir;

static char *
new_sqlite_uri (gboolean dsl)
{
  static guint n;

  return g_strdup_printf ("sqlite:%s/queue-%u.db", queue_dir, ++n);
}

static void
sqlite_edit_audit_actor (const char *queue_uri,
                         gint64      entry_id,
                         const char *actor)
{
  char *sql = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (queue_uri + strlen ("sqlite:"), &db), ==, SQLITE_OK);
  sql = sqlite3_mprintf ("DROP TRIGGER IF EXISTS audit_no_update;"
                         "UPDATE audit SET actor = %Q WHERE id = %lld", actor, (long long)entry_id);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_free (sql);
  sqlite3_close (db);
}

static const CaseBackend sqlite_backend = {
  new_sqlite_uri,
  sqlite_edit_audit_actor,
};

static GBytes *
text_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
assert_unreadable (const char *json,
                   const char *expect)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = text_bytes (json);
  g_autoptr (SokCaseReport) report = sok_case_report_parse (bytes, &error);

  g_assert_null (report);
  g_assert_error (error, SOK_CASE_ERROR, SOK_CASE_ERROR_UNREADABLE);
  if (strstr (error->message, expect) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expect);
}

static void
test_parse_refuses_what_is_not_a_report (void)
{
  assert_unreadable ("", "not a report");
  assert_unreadable ("not json", "not a report");
  assert_unreadable ("[1,2]", "not a report");
  assert_unreadable ("{\"format\":2,\"report_id\":\"r\"}", "format 2");
  assert_unreadable ("{\"format\":1}", "no “report_id”");
  assert_unreadable ("{\"format\":1,\"report_id\":\"r\",\"category\":7}", "“category” is not text");
  assert_unreadable ("{\"format\":1,\"report_id\":\"r\",\"urgent\":\"yes\"}", "true or false");
  assert_unreadable ("{\"format\":1,\"report_id\":\"r\",\"date\":\"yesterday\"}", "not a date");
  assert_unreadable ("{\"format\":1,\"report_id\":\"r\",\"drawing\":{\"width\":10,\"height\":10,"
                     "\"strokes\":[[1,2,3]]}}", "odd number");
  assert_unreadable ("{\"format\":1,\"report_id\":\"r\",\"drawing\":{\"width\":0,\"height\":10,"
                     "\"strokes\":[]}}", "sensible size");
  /* Packed drawings (sok-report.c) that are not whole or not sound. */
  assert_unreadable ("{\"format\":1,\"report_id\":\"r\",\"drawing\":{\"width\":10,\"height\":10,"
                     "\"packed\":7}}", "not packed");
  assert_unreadable ("{\"format\":1,\"report_id\":\"r\",\"drawing\":{\"width\":10,\"height\":10,"
                     "\"packed\":\"AA==\"}}", "not packed");
  assert_unreadable ("{\"format\":1,\"report_id\":\"r\",\"drawing\":{\"width\":10,\"height\":10,"
                     "\"packed\":\"not base64!\"}}", "not packed");
  assert_unreadable ("{\"format\":1,\"report_id\":\"r\",\"drawing\":{\"width\":10,\"height\":10,"
                     "\"packed\":\"AQECAg==\"}}", "cut short");
  assert_unreadable ("{\"format\":1,\"report_id\":\"r\",\"drawing\":{\"width\":10,\"height\":10,"
                     "\"packed\":\"AQEBKAA=\"}}", "outside");
  assert_unreadable ("{\"format\":1,\"report_id\":\"r\",\"drawing\":{\"width\":10,\"height\":10,"
                     "\"packed\":\"AQAF\"}}", "more in it");
  assert_unreadable ("{\"format\":1,\"report_id\":\"r\",\"drawing\":{\"width\":10,\"height\":10,"
                     "\"packed\":\"AckB\"}}", "too many strokes");
  assert_unreadable ("{\"format\":1,\"report_id\":\"r\",\"drawing\":{\"width\":10,\"height\":10,"
                     "\"packed\":\"AQGhnAE=\"}}", "too many points");
}

static void
test_parse_keeps_points_inside (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = text_bytes ("{\"format\":1,\"report_id\":\"r\",\"drawing\":"
                                         "{\"width\":100,\"height\":50,\"strokes\":[[-5,10,500,60]]}}");
  g_autoptr (SokCaseReport) report = sok_case_report_parse (bytes, &error);
  GArray *stroke;

  g_assert_no_error (error);
  stroke = report->strokes->pdata[0];
  g_assert_cmpfloat (g_array_index (stroke, SokCasePoint, 0).x, ==, 0);
  g_assert_cmpfloat (g_array_index (stroke, SokCasePoint, 1).x, ==, 100);
  g_assert_cmpfloat (g_array_index (stroke, SokCasePoint, 1).y, ==, 50);
  g_assert_null (report->text);
  g_assert_false (report->wants_talk);
}

static void
test_draw_renders_strokes (void)
{
  g_autoptr (GError) error = NULL;
  /* A horizontal line across the middle of a 200 × 100 drawing. */
  g_autoptr (GBytes) bytes = text_bytes ("{\"format\":1,\"report_id\":\"r\",\"drawing\":"
                                         "{\"width\":200,\"height\":100,\"strokes\":[[10,50,190,50]]}}");
  g_autoptr (SokCaseReport) report = sok_case_report_parse (bytes, &error);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 100, 100);
  cairo_t *cr = cairo_create (surface);
  guint32 *pixels;
  int stride;

  cairo_set_source_rgb (cr, 1, 0, 0);
  cairo_paint (cr);
  sok_case_report_draw (report, cr, 100, 100);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  pixels = (guint32 *)cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface) / 4;

  /* Scaled by a half: the line is at y = 25, the drawing ends at y = 50. */
  /* The ink is dark blue (0.10, 0.20, 0.45). */
  g_assert_cmphex ((pixels[25 * stride + 50] >> 16) & 0xff, <, 0x20);
  g_assert_cmphex (pixels[25 * stride + 50] & 0xff, >, 0x60);
  g_assert_cmphex (pixels[25 * stride + 50] & 0xff, <, 0x80);
  g_assert_cmphex (pixels[10 * stride + 50] & 0xffffff, ==, 0xffffff);
  g_assert_cmphex (pixels[80 * stride + 50] & 0xffffff, ==, 0xff0000);
  cairo_surface_destroy (surface);
}

static void
test_unlock_delays_wrong_passphrases (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokDslKey) key = NULL;
  gint64 start;

  g_assert_cmpint (sok_dsl_unlock_delay (0), ==, 0);
  g_assert_cmpint (sok_dsl_unlock_delay (1), ==, G_USEC_PER_SEC);
  g_assert_cmpint (sok_dsl_unlock_delay (2), ==, 2 * G_USEC_PER_SEC);
  g_assert_cmpint (sok_dsl_unlock_delay (4), ==, 8 * G_USEC_PER_SEC);
  g_assert_cmpint (sok_dsl_unlock_delay (40), ==, 60 * G_USEC_PER_SEC);

  start = g_get_monotonic_time ();
  key = sok_dsl_unlock (case_tests_key_path (), "wrong passphrase!", 17, &error);
  g_assert_null (key);
  g_assert_error (error, SOK_CASE_ERROR, SOK_CASE_ERROR_WRONG_PASSPHRASE);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);
  g_clear_error (&error);

  /* The right one opens it at once and resets the count. */
  start = g_get_monotonic_time ();
  key = case_tests_load_key ();
  g_assert_nonnull (key);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  {
    g_autofree char *path = sok_dsl_dup_default_key_path ("/srv/dsl");
    g_assert_cmpstr (path, ==, "/srv/dsl/dsl.key");
  }
  g_clear_pointer (&key, sok_dsl_key_free);
  key = sok_dsl_unlock ("/nonexistent/dsl.key", "whatever passphrase", 19, &error);
  g_assert_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_READ);
}

static void
unlock_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SokDslKey **out = user_data;
  g_autoptr (GError) error = NULL;

  *out = sok_dsl_unlock_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_unlock_async (void)
{
  SokDslKey *key = NULL;
  char passphrase[] = "correct horse battery staple";

  sok_dsl_unlock_async (case_tests_key_path (), passphrase, strlen (passphrase), NULL,
                        unlock_done_cb, &key);
  /* The caller may wipe its copy at once. */
  memset (passphrase, 0, sizeof passphrase);
  while (key == NULL)
    g_main_context_iteration (NULL, TRUE);
  sok_dsl_key_free (key);
}

static void
test_term_boundaries (void)
{
  struct { const char *date; SokTerm term; int year; } cases[] = {
    { "2026-08-31", SOK_TERM_SUMMER, 2026 },
    { "2026-09-01", SOK_TERM_AUTUMN, 2026 },
    { "2026-12-31", SOK_TERM_AUTUMN, 2026 },
    { "2027-01-01", SOK_TERM_SPRING, 2027 },
    { "2027-04-30", SOK_TERM_SPRING, 2027 },
    { "2027-05-01", SOK_TERM_SUMMER, 2027 },
  };
  SokTerm term, previous;
  int year, previous_year;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_true (sok_term_for_date (cases[i].date, &term, &year));
      g_assert_cmpint (term, ==, cases[i].term);
      g_assert_cmpint (year, ==, cases[i].year);
    }
  g_assert_false (sok_term_for_date ("2026-02-30", &term, &year));
  g_assert_false (sok_term_for_date ("2026-09-01x", &term, &year));
  g_assert_false (sok_term_for_date (NULL, &term, &year));

  sok_term_previous (SOK_TERM_SPRING, 2027, &previous, &previous_year);
  g_assert_cmpint (previous, ==, SOK_TERM_AUTUMN);
  g_assert_cmpint (previous_year, ==, 2026);
  sok_term_previous (SOK_TERM_AUTUMN, 2026, &previous, &previous_year);
  g_assert_cmpint (previous, ==, SOK_TERM_SUMMER);
  g_assert_cmpint (previous_year, ==, 2026);
  sok_term_previous (SOK_TERM_SUMMER, 2026, &previous, &previous_year);
  g_assert_cmpint (previous, ==, SOK_TERM_SPRING);
  g_assert_cmpint (previous_year, ==, 2026);

  g_assert_true (sok_term_from_string ("summer", &term));
  g_assert_cmpint (term, ==, SOK_TERM_SUMMER);
  g_assert_false (sok_term_from_string ("Summer", &term));
  g_assert_false (sok_term_from_string ("winter", &term));
}

static void
test_small_numbers_hidden (void)
{
  g_autoptr (SokStats) stats = NULL;
  g_autoptr (SokReportContent) content = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("SOK_SOURCE_ROOT"), "data", "report",
                                            "report.ini", NULL);
  g_autofree char *pdf_path = NULL;
  g_autofree char *pdf = NULL;
  GPtrArray *rows;
  gboolean saw_unkind = FALSE;

  for (guint n = 0; n < 10; n++)
    {
      g_autofree char *text = sok_stats_format_count (n);

      if (n == 0)
        g_assert_cmpstr (text, ==, "0");
      else if (n < 5)
        g_assert_cmpstr (text, ==, "fewer than 5");
      else
        g_assert_cmpuint (g_ascii_strtoull (text, NULL, 10), ==, n);
    }

  content = sok_report_content_load_file (path, "en_GB", &error);
  g_assert_no_error (error);
  stats = sok_stats_new (SOK_TERM_SPRING, 2027, content);
  for (guint i = 0; i < 5; i++)
    sok_stats_add (stats, "2027-02-01", "unkind-to-me", "conduct", "game", "9-11", NULL);
  sok_stats_add (stats, "2027-03-01", "stranger-talked", "contact", "chat", "9-11", "referred-beyond-school");
  sok_stats_add (stats, "2026-12-01", "stranger-talked", "contact", "chat", NULL, NULL);
  sok_stats_add (stats, "2026-08-01", "stranger-talked", "contact", "chat", "9-11", NULL);
  sok_stats_add (stats, "not a date", "stranger-talked", "contact", "chat", "9-11", NULL);
  g_assert_cmpuint (sok_stats_get_total (stats, FALSE), ==, 6);
  g_assert_cmpuint (sok_stats_get_total (stats, TRUE), ==, 1);

  rows = sok_stats_get_rows (stats);
  /* Every category of the school's, in its order and words, even with none. */
  g_assert_cmpstr (((SokStatsRow *)rows->pdata[0])->item, ==, "unkind-to-me");
  for (guint i = 0; i < rows->len; i++)
    {
      SokStatsRow *row = rows->pdata[i];

      if (row->dimension == SOK_STATS_CATEGORY && g_str_equal (row->item, "unkind-to-me"))
        {
          saw_unkind = TRUE;
          g_assert_cmpuint (row->count, ==, 5);
          g_assert_cmpstr (row->label, !=, "unkind-to-me");
        }
      if (row->dimension == SOK_STATS_AGE_BAND && g_str_equal (row->item, "not-given"))
        g_assert_cmpuint (row->previous, ==, 1);
    }
  g_assert_true (saw_unkind);

  pdf_path = g_build_filename (queue_dir, "governors.pdf", NULL);
  g_assert_true (sok_stats_write_pdf (stats, "A Primary School", pdf_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf_path, &pdf, NULL, NULL));
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));

  g_assert_false (sok_stats_write_pdf (stats, NULL, "/nonexistent/dir/governors.pdf", &error));
  g_assert_error (error, SOK_CASE_ERROR, SOK_CASE_ERROR_WRITE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  case_tests_make_keys ();
  queue_dir = g_dir_make_tmp ("sok-case-queues-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/case/parse/refuses-what-is-not-a-report", test_parse_refuses_what_is_not_a_report);
  g_test_add_func ("/case/parse/keeps-drawing-points-inside", test_parse_keeps_points_inside);
  g_test_add_func ("/case/draw/renders-strokes-scaled-on-white", test_draw_renders_strokes);
  g_test_add_func ("/case/unlock/wrong-passphrase-is-delayed", test_unlock_delays_wrong_passphrases);
  g_test_add_func ("/case/unlock/async-in-a-thread", test_unlock_async);
  g_test_add_func ("/stats/terms/boundaries-and-the-term-before", test_term_boundaries);
  g_test_add_func ("/stats/small-numbers-shown-as-fewer-than-5", test_small_numbers_hidden);
  case_tests_add ("/case/sqlite", &sqlite_backend);

  status = g_test_run ();
  sok_test_remove_tree (queue_dir);
  g_free (queue_dir);
  case_tests_cleanup ();
  return status;
}
