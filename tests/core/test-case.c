/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-case"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "case-tests.h"
#include "test-util.h"
#include "sok-case.h"
#include "sok-report.h"
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

static void
sqlite_exec_as_owner (const char *queue_uri,
                      const char *sql)
{
  g_autofree char *all = g_strconcat ("DROP TRIGGER IF EXISTS audit_no_update;"
                                      "DROP TRIGGER IF EXISTS audit_no_delete;", sql, NULL);
  char *message = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (queue_uri + strlen ("sqlite:"), &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, all, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static gint64
sqlite_count_as_owner (const char *queue_uri,
                       const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open (queue_uri + strlen ("sqlite:"), &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static const CaseBackend sqlite_backend = {
  new_sqlite_uri,
  sqlite_edit_audit_actor,
  sqlite_exec_as_owner,
  sqlite_count_as_owner,
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
  assert_unreadable ("{\"format\":3,\"report_id\":\"r\"}", "format 3");
  assert_unreadable ("{\"format\":2,\"report_id\":\"r\"}", "no “report”");
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

static cairo_surface_t *
render (const char *drawing_json)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"format\":1,\"report_id\":\"r\",\"drawing\":%s}",
                                           drawing_json);
  g_autoptr (GBytes) bytes = text_bytes (json);
  g_autoptr (SokCaseReport) report = sok_case_report_parse (bytes, &error);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 320, 200);
  cairo_t *cr = cairo_create (surface);

  g_assert_no_error (error);
  sok_case_report_draw (report, cr, 320, 200);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* The console, sokctl and the PDF all draw through sok_case_report_draw(): a packed
 * drawing, as kiosks now seal it, comes out exactly as the same strokes did when
 * envelopes carried them as lists of numbers. */
static void
test_draw_packed_as_before (void)
{
  g_autoptr (SokReportDraft) draft = sok_report_draft_new ();
  g_autoptr (GString) old_form = g_string_new ("{\"width\":640,\"height\":400,\"strokes\":[");
  char *packed;
  cairo_surface_t *a, *b;
  guint ink = 0;

  sok_report_draft_set_canvas_size (draft, 640, 400);
  for (guint s = 0; s < 12; s++)
    {
      g_assert_true (sok_report_draft_begin_stroke (draft));
      for (guint i = 0; i < 40; i++)
        g_assert_true (sok_report_draft_add_point (draft, 20 + 50 * s + 30 * sin (i / 4.0),
                                                   20 + 9 * i + 15 * cos (i / 3.0 + s)));
    }
  for (guint s = 0; s < sok_report_draft_get_n_strokes (draft); s++)
    {
      guint n = 0;
      const SokReportPoint *points = sok_report_draft_get_stroke (draft, s, &n);

      g_string_append (old_form, s ? ",[" : "[");
      for (guint i = 0; i < n; i++)
        g_string_append_printf (old_form, "%s%g,%g", i ? "," : "", points[i].x, points[i].y);
      g_string_append_c (old_form, ']');
    }
  g_string_append (old_form, "]}");

  packed = sok_report_draft_dup_drawing_json (draft);
  g_assert_nonnull (strstr (packed, "\"packed\""));
  a = render (packed);
  b = render (old_form->str);
  sok_report_secret_free (packed);

  g_assert_cmpmem (cairo_image_surface_get_data (a),
                   cairo_image_surface_get_stride (a) * cairo_image_surface_get_height (a),
                   cairo_image_surface_get_data (b),
                   cairo_image_surface_get_stride (b) * cairo_image_surface_get_height (b));
  for (int y = 0; y < 200; y++)
    for (int x = 0; x < 320; x++)
      ink += (((guint32 *)cairo_image_surface_get_data (a))[y * cairo_image_surface_get_stride (a) / 4 + x]
              & 0xffffff) != 0xffffff;
  g_assert_cmpuint (ink, >, 500);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
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

      g_autofree char *now = sok_stats_dup_count_text (stats, row, FALSE);
      g_autofree char *before = sok_stats_dup_count_text (stats, row, TRUE);

      /* 6 reports: 5 unkind, 1 stranger. The 1 is hidden, and so is the 5, which
       * would give it away (6 − 5); the 9-11 age band's 6 hides nothing. */
      if (row->dimension == SOK_STATS_CATEGORY && g_str_equal (row->item, "unkind-to-me"))
        {
          saw_unkind = TRUE;
          g_assert_cmpuint (row->count, ==, 5);
          g_assert_cmpstr (row->label, !=, "unkind-to-me");
          g_assert_cmpstr (now, ==, "hidden");
          g_assert_cmpstr (before, ==, "0");
        }
      if (row->dimension == SOK_STATS_CATEGORY && g_str_equal (row->item, "stranger-talked"))
        g_assert_cmpstr (now, ==, "hidden");
      if (row->dimension == SOK_STATS_AGE_BAND && g_str_equal (row->item, "9-11"))
        g_assert_cmpstr (now, ==, "6");
      if (row->dimension == SOK_STATS_AGE_BAND && g_str_equal (row->item, "not-given"))
        {
          g_assert_cmpuint (row->previous, ==, 1);
          g_assert_cmpstr (before, ==, "hidden");
        }
    }
  g_assert_true (saw_unkind);
  {
    g_autofree char *total = sok_stats_dup_count_text (stats, NULL, FALSE);
    g_autofree char *previous_total = sok_stats_dup_count_text (stats, NULL, TRUE);

    g_assert_cmpstr (total, ==, "6");
    g_assert_cmpstr (previous_total, ==, "hidden");
  }

  pdf_path = g_build_filename (queue_dir, "governors.pdf", NULL);
  g_assert_true (sok_stats_write_pdf (stats, "A Primary School", pdf_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf_path, &pdf, NULL, NULL));
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));

  g_assert_false (sok_stats_write_pdf (stats, NULL, "/nonexistent/dir/governors.pdf", &error));
  g_assert_error (error, SOK_CASE_ERROR, SOK_CASE_ERROR_WRITE);
}

/* --- governors' figures: nothing hidden can be worked out --------------------------- */

/* What a reader of the figures sees of one count. */
typedef struct
{
  gboolean known;
  guint    value;      /* the true count, whether shown or not */
} Cell;

/* One sum a reader knows holds: the cells' counts add up to those of the sum's cells. */
typedef struct
{
  GArray *parts;  /* of cell numbers, added */
  GArray *sums;   /* of cell numbers, subtracted */
} Sum;

static void
sum_clear (Sum *sum)
{
  g_clear_pointer (&sum->parts, g_array_unref);
  g_clear_pointer (&sum->sums, g_array_unref);
}

static guint
row_cell (GPtrArray   *rows,
          SokStatsDimension dimension,
          const char  *item,
          guint        term)
{
  for (guint i = 0; i < rows->len; i++)
    {
      SokStatsRow *row = rows->pdata[i];

      if (row->dimension == dimension && g_str_equal (row->item, item))
        return 2 * i + term;
    }
  return G_MAXUINT;
}

/* The sums anyone can form from the figures and the shipped report.ini: for each term,
 * each dimension adds up to the term's total, and the categories of each risk area add
 * up to that risk area ("not given" to "not given"). No sum spans the two terms: the
 * figures show no total of a row over both terms. Cells 0 … 2n−1 are row i's this
 * term (2i) and the term before (2i + 1); 2n and 2n + 1 are the totals. */
static GArray *
list_known_sums (GPtrArray        *rows,
                 SokReportContent *content)
{
  GArray *sums = g_array_new (FALSE, TRUE, sizeof (Sum));
  GPtrArray *categories = sok_report_content_get_choices (content, SOK_CHOICE_CATEGORY);
  static const char * const risks[] = { "content", "contact", "conduct", "commerce", "unsure",
                                        "not-given" };
  guint n = rows->len;

  g_array_set_clear_func (sums, (GDestroyNotify)sum_clear);
  for (guint t = 0; t < 2; t++)
    {
      for (SokStatsDimension d = 0; d < SOK_STATS_N_DIMENSIONS; d++)
        {
          Sum sum = { g_array_new (FALSE, FALSE, sizeof (guint)),
                      g_array_new (FALSE, FALSE, sizeof (guint)) };
          guint total = 2 * n + t;

          for (guint i = 0; i < n; i++)
            if (((SokStatsRow *)rows->pdata[i])->dimension == d)
              {
                guint cell = 2 * i + t;
                g_array_append_val (sum.parts, cell);
              }
          g_array_append_val (sum.sums, total);
          g_array_append_val (sums, sum);
        }

      for (guint r = 0; r < G_N_ELEMENTS (risks); r++)
        {
          Sum sum = { g_array_new (FALSE, FALSE, sizeof (guint)),
                      g_array_new (FALSE, FALSE, sizeof (guint)) };
          guint risk = row_cell (rows, SOK_STATS_RISK_AREA, risks[r], t);

          if (risk == G_MAXUINT)
            {
              sum_clear (&sum);
              continue;
            }
          g_array_append_val (sum.sums, risk);
          for (guint c = 0; c < categories->len; c++)
            {
              SokChoice *choice = categories->pdata[c];
              guint cell = row_cell (rows, SOK_STATS_CATEGORY, choice->id, t);

              if (g_str_equal (choice->risk, risks[r]) && cell != G_MAXUINT)
                g_array_append_val (sum.parts, cell);
            }
          if (g_str_equal (risks[r], "not-given"))
            {
              guint cell = row_cell (rows, SOK_STATS_CATEGORY, "not-given", t);

              if (cell != G_MAXUINT)
                g_array_append_val (sum.parts, cell);
            }
          g_array_append_val (sums, sum);
        }
    }

  return sums;
}

/* Every subtraction: a sum with exactly one count not shown gives it away. Returns
 * the cell worked out, or G_MAXUINT. */
static guint
work_out_by_subtraction (GArray *sums,
                         Cell   *cells)
{
  for (guint s = 0; s < sums->len; s++)
    {
      Sum *sum = &g_array_index (sums, Sum, s);
      guint unknown = G_MAXUINT, n_unknown = 0;

      for (guint side = 0; side < 2; side++)
        {
          GArray *cells_of = side == 0 ? sum->parts : sum->sums;

          for (guint i = 0; i < cells_of->len; i++)
            {
              guint cell = g_array_index (cells_of, guint, i);

              if (!cells[cell].known)
                {
                  n_unknown++;
                  unknown = cell;
                }
            }
        }
      if (n_unknown == 1)
        return unknown;
    }

  return G_MAXUINT;
}

/* Any combination of the sums at all: a hidden count is determined when its unit
 * vector lies in the row space of the sums over the hidden counts. Gaussian
 * elimination over doubles; the entries are 0 and ±1 and the system is small. */
static guint
rank_of (double *m,
         guint   n_rows,
         guint   n_cols)
{
  guint rank = 0;

  for (guint col = 0; col < n_cols && rank < n_rows; col++)
    {
      guint pivot = rank;

      for (guint r = rank + 1; r < n_rows; r++)
        if (fabs (m[r * n_cols + col]) > fabs (m[pivot * n_cols + col]))
          pivot = r;
      if (fabs (m[pivot * n_cols + col]) < 1e-9)
        continue;
      for (guint c = 0; c < n_cols; c++)
        {
          double tmp = m[rank * n_cols + c];
          m[rank * n_cols + c] = m[pivot * n_cols + c];
          m[pivot * n_cols + c] = tmp;
        }
      for (guint r = 0; r < n_rows; r++)
        {
          double f;

          if (r == rank)
            continue;
          f = m[r * n_cols + col] / m[rank * n_cols + col];
          for (guint c = 0; c < n_cols; c++)
            m[r * n_cols + c] -= f * m[rank * n_cols + c];
        }
      rank++;
    }

  return rank;
}

static guint
work_out_by_algebra (GArray *sums,
                     Cell   *cells,
                     guint   n_cells)
{
  g_autofree guint *column = g_new (guint, n_cells);
  g_autofree double *m = NULL;
  g_autofree double *copy = NULL;
  guint n_unknown = 0, base;

  for (guint c = 0; c < n_cells; c++)
    column[c] = cells[c].known ? G_MAXUINT : n_unknown++;
  if (n_unknown == 0)
    return G_MAXUINT;

  m = g_new0 (double, (sums->len + 1) * n_unknown);
  copy = g_new0 (double, (sums->len + 1) * n_unknown);
  for (guint s = 0; s < sums->len; s++)
    {
      Sum *sum = &g_array_index (sums, Sum, s);

      for (guint i = 0; i < sum->parts->len; i++)
        {
          guint cell = g_array_index (sum->parts, guint, i);
          if (column[cell] != G_MAXUINT)
            m[s * n_unknown + column[cell]] += 1;
        }
      for (guint i = 0; i < sum->sums->len; i++)
        {
          guint cell = g_array_index (sum->sums, guint, i);
          if (column[cell] != G_MAXUINT)
            m[s * n_unknown + column[cell]] -= 1;
        }
    }

  memcpy (copy, m, sizeof (double) * sums->len * n_unknown);
  base = rank_of (copy, sums->len, n_unknown);
  for (guint c = 0; c < n_cells; c++)
    {
      if (cells[c].known)
        continue;
      memcpy (copy, m, sizeof (double) * sums->len * n_unknown);
      memset (copy + sums->len * n_unknown, 0, sizeof (double) * n_unknown);
      copy[sums->len * n_unknown + column[c]] = 1;
      if (rank_of (copy, sums->len + 1, n_unknown) == base)
        return c;
    }

  return G_MAXUINT;
}

/* Random figures for a small school, most counts small: a report picks a category
 * (with its risk area, as the kiosk sets it), a place, an age band and an outcome,
 * each sometimes not given; a term has from 0 to 40 reports. */
static void
add_random_reports (SokStats         *stats,
                    SokReportContent *content,
                    GRand            *rand)
{
  static const char * const ages[] = { "4-5", "5-7", "7-9", "9-11", NULL };
  static const char * const outcomes[] = { "resolved-in-school", "referred-beyond-school",
                                           "no-further-action", NULL };
  static const char * const dates[] = { "2027-02-01", "2026-11-01" };
  GPtrArray *categories = sok_report_content_get_choices (content, SOK_CHOICE_CATEGORY);
  GPtrArray *places = sok_report_content_get_choices (content, SOK_CHOICE_WHERE);

  for (guint t = 0; t < 2; t++)
    {
      guint n = g_rand_int_range (rand, 0, 41);
      /* A few favourites make the rest small, as in a real school. */
      guint favourite = g_rand_int_range (rand, 0, categories->len);

      for (guint i = 0; i < n; i++)
        {
          gint32 c = g_rand_int_range (rand, -1, categories->len + 3);
          gint32 w = g_rand_int_range (rand, -1, places->len);
          SokChoice *category;

          if (c >= (gint32)categories->len)
            c = favourite;
          category = c >= 0 ? categories->pdata[c] : NULL;
          sok_stats_add (stats, dates[t], category ? category->id : NULL,
                         category ? category->risk : NULL,
                         w >= 0 ? ((SokChoice *)places->pdata[w])->id : NULL,
                         ages[g_rand_int_range (rand, 0, G_N_ELEMENTS (ages))],
                         outcomes[g_rand_int_range (rand, 0, G_N_ELEMENTS (outcomes))]);
        }
    }
}

/* Many random sets of figures, read as a governor (or anyone handed the PDF) would:
 * every subtraction along every row, column and total, and then any combination of
 * them, must leave every hidden count unknown. Without secondary suppression a
 * category with 1 report beside a shown total is found in the first few tables. */
static void
test_no_hidden_count_can_be_worked_out (void)
{
  g_autoptr (SokReportContent) content = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("SOK_SOURCE_ROOT"), "data", "report",
                                            "report.ini", NULL);
  g_autoptr (GRand) rand = g_rand_new_with_seed (2026);
  guint tables = g_test_thorough () ? 20000 : 2000;
  guint hidden_seen = 0, secondary_seen = 0;

  content = sok_report_content_load_file (path, "en_GB", &error);
  g_assert_no_error (error);

  for (guint k = 0; k < tables; k++)
    {
      g_autoptr (SokStats) stats = sok_stats_new (SOK_TERM_SPRING, 2027, content);
      g_autoptr (GArray) sums = NULL;
      g_autofree Cell *cells = NULL;
      GPtrArray *rows;
      guint n, n_cells, found;

      add_random_reports (stats, content, rand);
      rows = sok_stats_get_rows (stats);
      n = rows->len;
      n_cells = 2 * n + 2;
      cells = g_new0 (Cell, n_cells);
      for (guint c = 0; c < n_cells; c++)
        {
          SokStatsRow *row = c < 2 * n ? rows->pdata[c / 2] : NULL;
          gboolean previous = c % 2 == 1;
          g_autofree char *text = sok_stats_dup_count_text (stats, row, previous);

          cells[c].value = row ? (previous ? row->previous : row->count)
                               : sok_stats_get_total (stats, previous);
          cells[c].known = !g_str_equal (text, "hidden");
          /* What is shown is the truth; nothing from 1 to 4 is shown. */
          if (cells[c].known)
            g_assert_cmpuint (g_ascii_strtoull (text, NULL, 10), ==, cells[c].value);
          else
            hidden_seen++;
          g_assert_true (!cells[c].known || cells[c].value == 0 ||
                         cells[c].value >= SOK_STATS_SMALLEST_SHOWN);
          secondary_seen += !cells[c].known && cells[c].value >= SOK_STATS_SMALLEST_SHOWN;
        }

      sums = list_known_sums (rows, content);
      found = work_out_by_subtraction (sums, cells);
      if (found != G_MAXUINT)
        g_error ("table %u: the hidden count of %s/%s (%s) is worked out by subtraction: %u",
                 k, found < 2 * n ? sok_stats_dimension_to_string (((SokStatsRow *)rows->pdata[found / 2])->dimension) : "total",
                 found < 2 * n ? ((SokStatsRow *)rows->pdata[found / 2])->item : "reports",
                 found % 2 ? "term before" : "this term", cells[found].value);
      found = work_out_by_algebra (sums, cells, n_cells);
      if (found != G_MAXUINT)
        g_error ("table %u: the hidden count of %s/%s (%s) is worked out from the sums: %u",
                 k, found < 2 * n ? sok_stats_dimension_to_string (((SokStatsRow *)rows->pdata[found / 2])->dimension) : "total",
                 found < 2 * n ? ((SokStatsRow *)rows->pdata[found / 2])->item : "reports",
                 found % 2 ? "term before" : "this term", cells[found].value);
    }

  g_test_message ("%u tables: %u counts hidden, %u of them 5 or more", tables, hidden_seen,
                  secondary_seen);
  g_assert_cmpuint (secondary_seen, >, 0);
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
  g_test_add_func ("/case/draw/packed-drawing-as-before", test_draw_packed_as_before);
  g_test_add_func ("/case/unlock/wrong-passphrase-is-delayed", test_unlock_delays_wrong_passphrases);
  g_test_add_func ("/case/unlock/async-in-a-thread", test_unlock_async);
  g_test_add_func ("/stats/terms/boundaries-and-the-term-before", test_term_boundaries);
  g_test_add_func ("/stats/small-numbers-hidden", test_small_numbers_hidden);
  g_test_add_func ("/stats/no-hidden-count-can-be-worked-out",
                   test_no_hidden_count_can_be_worked_out);
  case_tests_add ("/case/sqlite", &sqlite_backend);

  status = g_test_run ();
  sok_test_remove_tree (queue_dir);
  g_free (queue_dir);
  case_tests_cleanup ();
  return status;
}
