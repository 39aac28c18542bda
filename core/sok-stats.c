/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-stats"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "sok-case-kinds.h"
#include "sok-case.h"
#include "sok-pdf.h"
#include "sok-stats.h"

/* The governors' figures: how many reports, by category, risk area, where, age band
 * and outcome, in one term beside the term before. They hold counts only — no text,
 * no names, no dates finer than the term — and every count from 1 to 4 is shown as
 * "fewer than 5" so that no child can be picked out. */

#define NOT_GIVEN "not-given"
#define STILL_OPEN "open"

struct _SokStats
{
  SokTerm     term;
  int         year;
  SokTerm     previous_term;
  int         previous_year;
  guint       total;
  guint       previous_total;
  guint       unreadable;
  GPtrArray  *rows;   /* (element-type SokStatsRow) */
  GHashTable *index;  /* "dimension/item" → row (borrowed) */
};

static const char * const risk_areas[] = { "content", "contact", "conduct", "commerce", "unsure" };
static const char * const risk_labels[] = {
  N_("Content"), N_("Contact"), N_("Conduct"), N_("Commerce"), N_("Not sure"),
};
static const char * const age_bands[] = { "4-5", "5-7", "7-9", "9-11" };
static const char * const age_labels[] = {
  N_("4 to 5 years"), N_("5 to 7 years"), N_("7 to 9 years"), N_("9 to 11 years"),
};

gboolean
sok_term_from_string (const char *text,
                      SokTerm    *term)
{
  if (g_strcmp0 (text, "autumn") == 0)
    *term = SOK_TERM_AUTUMN;
  else if (g_strcmp0 (text, "spring") == 0)
    *term = SOK_TERM_SPRING;
  else if (g_strcmp0 (text, "summer") == 0)
    *term = SOK_TERM_SUMMER;
  else
    return FALSE;
  return TRUE;
}

const char *
sok_term_to_string (SokTerm term)
{
  switch (term)
    {
    case SOK_TERM_AUTUMN: return "autumn";
    case SOK_TERM_SPRING: return "spring";
    case SOK_TERM_SUMMER: return "summer";
    default: return "autumn";
    }
}

/* Returns: the term's name for people, translated ("Autumn term"). */
const char *
sok_term_get_label (SokTerm term)
{
  switch (term)
    {
    case SOK_TERM_AUTUMN: return _("Autumn term");
    case SOK_TERM_SPRING: return _("Spring term");
    case SOK_TERM_SUMMER: return _("Summer term");
    default: return _("Autumn term");
    }
}

/* Autumn: September–December; spring: January–April; summer: May–August. */
void
sok_term_get_months (SokTerm  term,
                     guint   *first_month,
                     guint   *last_month)
{
  switch (term)
    {
    case SOK_TERM_SPRING:
      *first_month = 1, *last_month = 4;
      break;
    case SOK_TERM_SUMMER:
      *first_month = 5, *last_month = 8;
      break;
    case SOK_TERM_AUTUMN:
    default:
      *first_month = 9, *last_month = 12;
      break;
    }
}

/**
 * sok_term_for_date:
 * @iso_date: a date, YYYY-MM-DD
 *
 * Returns: %TRUE with the term and calendar year @iso_date falls in, %FALSE when it
 *   is not a date.
 */
gboolean
sok_term_for_date (const char *iso_date,
                   SokTerm    *term,
                   int        *year)
{
  int y, m, d;
  char end;

  if (iso_date == NULL || sscanf (iso_date, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 ||
      !g_date_valid_dmy ((GDateDay)d, (GDateMonth)m, (GDateYear)y))
    return FALSE;

  *year = y;
  *term = m <= 4 ? SOK_TERM_SPRING : m <= 8 ? SOK_TERM_SUMMER : SOK_TERM_AUTUMN;
  return TRUE;
}

/* The term before: autumn Y → summer Y → spring Y → autumn Y-1. */
void
sok_term_previous (SokTerm  term,
                   int      year,
                   SokTerm *previous_term,
                   int     *previous_year)
{
  switch (term)
    {
    case SOK_TERM_SPRING:
      *previous_term = SOK_TERM_AUTUMN, *previous_year = year - 1;
      break;
    case SOK_TERM_SUMMER:
      *previous_term = SOK_TERM_SPRING, *previous_year = year;
      break;
    case SOK_TERM_AUTUMN:
    default:
      *previous_term = SOK_TERM_SUMMER, *previous_year = year;
      break;
    }
}

const char *
sok_stats_dimension_to_string (SokStatsDimension dimension)
{
  static const char * const names[] = { "category", "risk_area", "where", "age_band", "outcome" };

  g_return_val_if_fail (dimension < SOK_STATS_N_DIMENSIONS, NULL);
  return names[dimension];
}

const char *
sok_stats_dimension_get_label (SokStatsDimension dimension)
{
  switch (dimension)
    {
    case SOK_STATS_CATEGORY: return _("What happened");
    case SOK_STATS_RISK_AREA: return _("Risk area");
    case SOK_STATS_WHERE: return _("Where");
    case SOK_STATS_AGE_BAND: return _("Age");
    case SOK_STATS_OUTCOME: return _("Outcome");
    case SOK_STATS_N_DIMENSIONS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * sok_stats_format_count:
 *
 * Returns: (transfer full): @count as governors see it: "0", "fewer than 5" for 1 to
 *   4, else the number.
 */
char *
sok_stats_format_count (guint count)
{
  if (count > 0 && count < SOK_STATS_SMALLEST_SHOWN)
    return g_strdup (_("fewer than 5"));
  return g_strdup_printf ("%u", count);
}

static void
row_free (SokStatsRow *row)
{
  g_free (row->item);
  g_free (row->label);
  g_free (row);
}

static SokStatsRow *
ensure_row (SokStats          *stats,
            SokStatsDimension  dimension,
            const char        *item,
            const char        *label)
{
  g_autofree char *key = g_strdup_printf ("%d/%s", dimension, item);
  SokStatsRow *row = g_hash_table_lookup (stats->index, key);

  if (row != NULL)
    return row;

  row = g_new0 (SokStatsRow, 1);
  row->dimension = dimension;
  row->item = g_strdup (item);
  row->label = g_strdup (label ? label : item);
  g_ptr_array_add (stats->rows, row);
  g_hash_table_insert (stats->index, g_steal_pointer (&key), row);
  return row;
}

/**
 * sok_stats_new:
 * @content: (nullable): the school's report choices: every category and place is
 *   listed, even with no reports, in the school's order and words
 *
 * Returns: (transfer full): empty figures for @term of @year and the term before.
 */
SokStats *
sok_stats_new (SokTerm           term,
               int               year,
               SokReportContent *content)
{
  SokStats *stats = g_new0 (SokStats, 1);
  const SokCaseOutcome *outcomes;
  guint n_outcomes;

  stats->term = term;
  stats->year = year;
  sok_term_previous (term, year, &stats->previous_term, &stats->previous_year);
  stats->rows = g_ptr_array_new_with_free_func ((GDestroyNotify)row_free);
  stats->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (content != NULL)
    {
      GPtrArray *choices = sok_report_content_get_choices (content, SOK_CHOICE_CATEGORY);

      for (guint i = 0; choices && i < choices->len; i++)
        {
          SokChoice *c = g_ptr_array_index (choices, i);
          ensure_row (stats, SOK_STATS_CATEGORY, c->id, c->words);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (risk_areas); i++)
    ensure_row (stats, SOK_STATS_RISK_AREA, risk_areas[i], _(risk_labels[i]));
  if (content != NULL)
    {
      GPtrArray *choices = sok_report_content_get_choices (content, SOK_CHOICE_WHERE);

      for (guint i = 0; choices && i < choices->len; i++)
        {
          SokChoice *c = g_ptr_array_index (choices, i);
          ensure_row (stats, SOK_STATS_WHERE, c->id, c->words);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (age_bands); i++)
    ensure_row (stats, SOK_STATS_AGE_BAND, age_bands[i], _(age_labels[i]));
  outcomes = sok_case_list_outcomes (&n_outcomes);
  for (guint i = 0; i < n_outcomes; i++)
    ensure_row (stats, SOK_STATS_OUTCOME, outcomes[i].id, _(outcomes[i].label));
  ensure_row (stats, SOK_STATS_OUTCOME, STILL_OPEN, _("Still open"));

  return stats;
}

void
sok_stats_free (SokStats *stats)
{
  if (stats == NULL)
    return;
  g_ptr_array_unref (stats->rows);
  g_hash_table_unref (stats->index);
  g_free (stats);
}

static void
count (SokStats          *stats,
       SokStatsDimension  dimension,
       const char        *item,
       gboolean           previous)
{
  SokStatsRow *row;

  if (item == NULL || *item == '\0')
    row = ensure_row (stats, dimension, NOT_GIVEN, _("Not given"));
  else
    row = ensure_row (stats, dimension, item, NULL);

  if (previous)
    row->previous++;
  else
    row->count++;
}

/**
 * sok_stats_add:
 * @date: the report's date (YYYY-MM-DD); reports outside both terms are not counted
 * @outcome: (nullable): the case's outcome, %NULL while it is open
 *
 * Counts one report. Any of the choices may be %NULL ("not given").
 */
void
sok_stats_add (SokStats   *stats,
               const char *date,
               const char *category,
               const char *risk_area,
               const char *where,
               const char *age_band,
               const char *outcome)
{
  SokTerm term;
  int year;
  gboolean previous;

  g_return_if_fail (stats != NULL);

  if (!sok_term_for_date (date, &term, &year))
    return;
  if (term == stats->term && year == stats->year)
    previous = FALSE;
  else if (term == stats->previous_term && year == stats->previous_year)
    previous = TRUE;
  else
    return;

  if (previous)
    stats->previous_total++;
  else
    stats->total++;

  count (stats, SOK_STATS_CATEGORY, category, previous);
  count (stats, SOK_STATS_RISK_AREA, risk_area, previous);
  count (stats, SOK_STATS_WHERE, where, previous);
  count (stats, SOK_STATS_AGE_BAND, age_band, previous);
  count (stats, SOK_STATS_OUTCOME, outcome ? outcome : STILL_OPEN, previous);
}

/* A report's date: the coarse date the child gave, else the day the queue got it. */
static char *
dup_report_date (const SokCaseReport *report,
                 const SokQueueCase  *item)
{
  g_autoptr (GDateTime) utc = NULL;
  g_autoptr (GDateTime) local = NULL;

  if (report->date != NULL)
    return g_strdup (report->date);
  utc = g_date_time_new_from_unix_utc (item->received_at / G_USEC_PER_SEC);
  local = utc ? g_date_time_to_local (utc) : NULL;
  return local ? g_date_time_format (local, "%Y-%m-%d") : NULL;
}

/**
 * sok_stats_compute:
 * @key: the DSL's opened key: categories, places and ages are inside the seal
 * @content: (nullable): the school's report choices, for their words and order
 * @actor: who asked for the figures; the audit log records each report opened for
 *   them (as a view "stats") and then the figures, once, for the queue
 *
 * Opens every report in the queue and counts those of @term of @year and of the
 * term before. Reports that cannot be opened are counted in
 * sok_stats_get_unreadable(), not in the figures.
 *
 * Returns: (transfer full): the figures, or %NULL with a %SOK_QUEUE_ERROR.
 */
SokStats *
sok_stats_compute (SokQueue          *queue,
                   SokDslKey         *key,
                   SokReportContent  *content,
                   SokTerm            term,
                   int                year,
                   const char        *actor,
                   GError           **error)
{
  g_autoptr (SokStats) stats = NULL;
  g_autoptr (GPtrArray) cases = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (SOK_IS_QUEUE (queue), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  /* A SQLite queue keeps outcomes sealed: it needs the key to list them. */
  if (sok_queue_get_dsl_key (queue) == NULL)
    sok_queue_set_dsl_key (queue, key);
  cases = sok_queue_list_cases (queue, SOK_CASE_FILTER_ALL, error);
  if (cases == NULL)
    return NULL;

  stats = sok_stats_new (term, year, content);
  for (guint i = 0; i < cases->len; i++)
    {
      SokQueueCase *item = g_ptr_array_index (cases, i);
      g_autoptr (GError) local_error = NULL;
      g_autoptr (SokCaseReport) report = NULL;
      g_autofree char *date = NULL;

      report = sok_case_decrypt (queue, key, item->report_id, actor, "stats", &local_error);
      if (report == NULL)
        {
          if (local_error->domain == SOK_QUEUE_ERROR &&
              local_error->code != SOK_QUEUE_ERROR_NOT_FOUND)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          stats->unreadable++;
          continue;
        }

      date = dup_report_date (report, item);
      sok_stats_add (stats, date, report->category, report->risk_area, report->where,
                     report->age_band, item->status == SOK_CASE_STATUS_CLOSED ? item->outcome : NULL);
    }

  detail = g_strdup_printf ("%s %d", sok_term_to_string (term), year);
  if (!sok_queue_record_event (queue, actor, "stats", detail, error))
    return NULL;

  return g_steal_pointer (&stats);
}

SokTerm
sok_stats_get_term (SokStats *stats)
{
  return stats->term;
}

int
sok_stats_get_year (SokStats *stats)
{
  return stats->year;
}

void
sok_stats_get_previous (SokStats *stats,
                        SokTerm  *term,
                        int      *year)
{
  *term = stats->previous_term;
  *year = stats->previous_year;
}

/* Returns: (transfer full): "Autumn term 2026", or the term before's. */
char *
sok_stats_dup_title (SokStats *stats,
                     gboolean  previous)
{
  /* Translators: a term's name and its year, as in "Autumn term 2026" */
  return g_strdup_printf (_("%s %d"),
                          sok_term_get_label (previous ? stats->previous_term : stats->term),
                          previous ? stats->previous_year : stats->year);
}

/* Returns: how many reports the term had (show it with sok_stats_format_count()). */
guint
sok_stats_get_total (SokStats *stats,
                     gboolean  previous)
{
  return previous ? stats->previous_total : stats->total;
}

guint
sok_stats_get_unreadable (SokStats *stats)
{
  return stats->unreadable;
}

/* Returns: (transfer none) (element-type SokStatsRow): by dimension, in order. */
GPtrArray *
sok_stats_get_rows (SokStats *stats)
{
  return stats->rows;
}

#define LABEL_WIDTH 170.0
#define BAR_HEIGHT 9.0
#define ROW_GAP 7.0

/* Two bars for one row: this term (dark) above the term before (light). A count
 * that must not be shown gets an empty outline the length of 5 and the words. */
static void
draw_bar (SokPdfDocument *doc,
          double          x,
          double          y,
          double          scale,
          guint           value,
          gboolean        previous)
{
  cairo_t *cr = sok_pdf_document_get_cairo (doc);
  g_autofree char *text = sok_stats_format_count (value);
  gboolean hidden = value > 0 && value < SOK_STATS_SMALLEST_SHOWN;
  double length = hidden ? SOK_STATS_SMALLEST_SHOWN * scale : value * scale;

  cairo_save (cr);
  cairo_rectangle (cr, x, y, MAX (length, 0.5), BAR_HEIGHT);
  if (hidden)
    {
      double dash[] = { 2, 2 };

      cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_set_line_width (cr, 0.8);
      cairo_stroke (cr);
    }
  else
    {
      if (previous)
        cairo_set_source_rgb (cr, 0.62, 0.74, 0.86);
      else
        cairo_set_source_rgb (cr, 0.13, 0.33, 0.58);
      cairo_fill (cr);
    }
  cairo_restore (cr);

  sok_pdf_document_show (doc, text, x + length + 4, y - 1.5, 8, FALSE, 0);
}

/**
 * sok_stats_write_pdf:
 * @school_name: (nullable): printed at the top
 *
 * Writes the figures as a PDF for governors (mode 0600): a bar chart for each of
 * category, risk area, where, age and outcome, this term beside the term before.
 * Sets %SOK_CASE_ERROR_WRITE.
 */
gboolean
sok_stats_write_pdf (SokStats    *stats,
                     const char  *school_name,
                     const char  *path,
                     GError     **error)
{
  g_autoptr (SokPdfDocument) doc = NULL;
  g_autofree char *title = sok_stats_dup_title (stats, FALSE);
  g_autofree char *previous_title = sok_stats_dup_title (stats, TRUE);
  g_autofree char *heading = g_strdup_printf (_("Online-safety reports: %s"), title);
  g_autofree char *total = sok_stats_format_count (stats->total);
  g_autofree char *previous_total = sok_stats_format_count (stats->previous_total);
  g_autofree char *totals = NULL;
  g_autofree char *legend = NULL;

  g_return_val_if_fail (stats != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  doc = sok_pdf_document_new (heading);
  if (school_name != NULL && *school_name != '\0')
    sok_pdf_document_text (doc, school_name, 12, FALSE);
  sok_pdf_document_text (doc, heading, 18, TRUE);
  sok_pdf_document_text (doc, _("What pupils told a grown-up through the kiosk, counted for the "
                                "governing body. There is no text, no names and no dates here. "
                                "Any number from 1 to 4 is shown as “fewer than 5”, so that no "
                                "child can be recognised."), 10, FALSE);
  totals = g_strdup_printf (_("Reports: %s in the %s, %s in the %s."), total, title,
                            previous_total, previous_title);
  sok_pdf_document_text (doc, totals, 11, TRUE);
  legend = g_strdup_printf (_("Dark bars: %s. Light bars: %s. Dashed outline: fewer than 5."),
                            title, previous_title);
  sok_pdf_document_text (doc, legend, 9, FALSE);

  for (SokStatsDimension d = 0; d < SOK_STATS_N_DIMENSIONS; d++)
    {
      guint max = SOK_STATS_SMALLEST_SHOWN;
      double bar_room = sok_pdf_document_get_width (doc) - LABEL_WIDTH - 70;
      double scale;

      for (guint i = 0; i < stats->rows->len; i++)
        {
          SokStatsRow *row = g_ptr_array_index (stats->rows, i);

          if (row->dimension == d)
            max = MAX (max, MAX (row->count, row->previous));
        }
      scale = bar_room / max;

      sok_pdf_document_skip (doc, 8);
      sok_pdf_document_reserve (doc, 60);
      sok_pdf_document_skip (doc, -60);
      sok_pdf_document_text (doc, sok_stats_dimension_get_label (d), 14, TRUE);

      for (guint i = 0; i < stats->rows->len; i++)
        {
          SokStatsRow *row = g_ptr_array_index (stats->rows, i);
          double label_height, height, top;

          if (row->dimension != d)
            continue;

          label_height = sok_pdf_document_measure (doc, row->label, 9, FALSE, LABEL_WIDTH - 8);
          height = MAX (label_height, 2 * BAR_HEIGHT + 2) + ROW_GAP;
          top = sok_pdf_document_reserve (doc, height);
          sok_pdf_document_show (doc, row->label, SOK_PDF_MARGIN, top, 9, FALSE, LABEL_WIDTH - 8);
          draw_bar (doc, SOK_PDF_MARGIN + LABEL_WIDTH, top, scale, row->count, FALSE);
          draw_bar (doc, SOK_PDF_MARGIN + LABEL_WIDTH, top + BAR_HEIGHT + 2, scale,
                    row->previous, TRUE);
        }
    }

  return sok_pdf_document_save (doc, path, error);
}
