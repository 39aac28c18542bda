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
 * no names, no dates finer than the term — and no count from 1 to 4 is shown, so that
 * no child can be picked out.
 *
 * Hiding the small counts alone is not enough: each dimension's counts add up to the
 * term's total, and the categories of each risk area add up to that risk area's
 * count (the category → risk area mapping is in the shipped report.ini), so a row,
 * column or total with one hidden count gives it away by subtraction. Hence secondary
 * suppression (suppress()): in every such sum that has exactly one hidden count, the
 * smallest count shown beside it is hidden too, over and over until no sum has
 * exactly one, totals included. Every hidden count, small or not, reads "hidden":
 * were the second ones marked apart, their being 5 or more would pin a small count
 * down (a hidden pair summing to 6 would be 1 and 5).
 *
 * Rounding the totals instead was not chosen: a dimension with nothing hidden still
 * adds up to the exact total, and figures that do not add up confuse a governing
 * body more than a few hidden cells. */

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
  GHashTable *pairs[2];  /* "category\nrisk area" → reports, this term and the term before */
  GHashTable *hidden;    /* row (borrowed) → HIDDEN_NOW | HIDDEN_BEFORE; NULL when stale */
  guint       total_hidden;
};

#define HIDDEN_NOW    (1u << 0)
#define HIDDEN_BEFORE (1u << 1)

/* The PDF is made by the print library, which knows nothing of cases; its errors
 * are told as this export's. */
static gboolean
save_pdf (SokPdfDocument  *doc,
          const char      *path,
          GError         **error)
{
  g_autoptr (GError) local_error = NULL;

  if (sok_pdf_document_save (doc, path, &local_error))
    return TRUE;
  g_set_error_literal (error, SOK_CASE_ERROR, SOK_CASE_ERROR_WRITE, local_error->message);
  return FALSE;
}

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
  for (guint t = 0; t < 2; t++)
    stats->pairs[t] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

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
  for (guint t = 0; t < 2; t++)
    g_hash_table_unref (stats->pairs[t]);
  g_clear_pointer (&stats->hidden, g_hash_table_unref);
  g_free (stats);
}

static const char *
item_or_not_given (const char *item)
{
  return item == NULL || *item == '\0' ? NOT_GIVEN : item;
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
  g_clear_pointer (&stats->hidden, g_hash_table_unref);

  /* Which categories' reports went to which risk area: the sums that tie the two
   * dimensions together (see suppress()). */
  {
    char *pair = g_strconcat (item_or_not_given (category), "\n", item_or_not_given (risk_area),
                              NULL);
    GHashTable *pairs = stats->pairs[previous ? 1 : 0];

    g_hash_table_insert (pairs, pair,
                         GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (pairs, pair)) + 1));
  }

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

/* A sum that anyone reading the figures knows holds: the counts of its members (cell
 * numbers, see suppress()) add up, with signs that do not matter here. */
static void
add_group (GPtrArray *groups,
           GArray    *members)
{
  if (members->len > 1)
    g_ptr_array_add (groups, g_array_ref (members));
}

static SokStatsRow *
find_row (SokStats          *stats,
          SokStatsDimension  dimension,
          const char        *item,
          guint             *index)
{
  g_autofree char *key = g_strdup_printf ("%d/%s", dimension, item);
  SokStatsRow *row = g_hash_table_lookup (stats->index, key);
  guint i;

  if (row == NULL || !g_ptr_array_find (stats->rows, row, &i))
    return NULL;
  *index = i;
  return row;
}

/* Cell numbers: row i's count this term is 2i, the term before 2i + 1; the totals
 * are 2n and 2n + 1 for n rows. */
static GPtrArray *
list_groups (SokStats *stats)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  guint n = stats->rows->len;

  for (guint t = 0; t < 2; t++)
    {
      g_autofree guint *component = NULL;
      GHashTableIter iter;
      gpointer key, value;
      gboolean merged;

      /* Each dimension's counts add up to the term's total. */
      for (SokStatsDimension d = 0; d < SOK_STATS_N_DIMENSIONS; d++)
        {
          g_autoptr (GArray) members = g_array_new (FALSE, FALSE, sizeof (guint));
          guint total = 2 * n + t;

          for (guint i = 0; i < n; i++)
            if (((SokStatsRow *)g_ptr_array_index (stats->rows, i))->dimension == d)
              {
                guint cell = 2 * i + t;
                g_array_append_val (members, cell);
              }
          g_array_append_val (members, total);
          add_group (groups, members);
        }

      /* Categories and risk areas: every report has one of each, so within each
       * connected set of categories and the risk areas their reports had, the
       * categories add up to the risk areas (one risk area, as report.ini maps them,
       * is the usual case). Union–find over rows. */
      component = g_new (guint, n);
      for (guint i = 0; i < n; i++)
        component[i] = i;
      do
        {
          merged = FALSE;
          g_hash_table_iter_init (&iter, stats->pairs[t]);
          while (g_hash_table_iter_next (&iter, &key, &value))
            {
              g_auto (GStrv) parts = g_strsplit (key, "\n", 2);
              guint a, b;

              if (find_row (stats, SOK_STATS_CATEGORY, parts[0], &a) == NULL ||
                  find_row (stats, SOK_STATS_RISK_AREA, parts[1], &b) == NULL)
                continue;
              while (component[a] != a)
                a = component[a];
              while (component[b] != b)
                b = component[b];
              if (a != b)
                {
                  component[MAX (a, b)] = MIN (a, b);
                  merged = TRUE;
                }
            }
        }
      while (merged);

      for (guint root = 0; root < n; root++)
        {
          g_autoptr (GArray) members = g_array_new (FALSE, FALSE, sizeof (guint));
          gboolean has_category = FALSE, has_risk = FALSE;

          for (guint i = 0; i < n; i++)
            {
              SokStatsRow *row = g_ptr_array_index (stats->rows, i);
              guint r = i, cell = 2 * i + t;

              while (component[r] != r)
                r = component[r];
              if (r != root || (row->dimension != SOK_STATS_CATEGORY &&
                                row->dimension != SOK_STATS_RISK_AREA))
                continue;
              has_category |= row->dimension == SOK_STATS_CATEGORY;
              has_risk |= row->dimension == SOK_STATS_RISK_AREA;
              g_array_append_val (members, cell);
            }
          if (has_category && has_risk)
            add_group (groups, members);
        }
    }

  return groups;
}

static guint
cell_value (SokStats *stats,
            guint     cell)
{
  guint n = stats->rows->len;

  if (cell >= 2 * n)
    return cell == 2 * n ? stats->total : stats->previous_total;
  return cell % 2 == 0 ? ((SokStatsRow *)stats->rows->pdata[cell / 2])->count
                       : ((SokStatsRow *)stats->rows->pdata[cell / 2])->previous;
}

/* Decides which counts are hidden: those from 1 to 4, and then, while any sum has
 * exactly one hidden member (which subtraction would give away), the smallest
 * non-zero count shown in that sum. Each round hides one more count, so it ends. */
static void
suppress (SokStats *stats)
{
  g_autoptr (GPtrArray) groups = NULL;
  g_autofree guint8 *hidden = NULL;
  guint n = stats->rows->len;
  gboolean changed;

  if (stats->hidden != NULL)
    return;

  hidden = g_new0 (guint8, 2 * n + 2);
  for (guint cell = 0; cell < 2 * n + 2; cell++)
    {
      guint value = cell_value (stats, cell);
      hidden[cell] = value > 0 && value < SOK_STATS_SMALLEST_SHOWN;
    }

  groups = list_groups (stats);
  do
    {
      changed = FALSE;
      for (guint g = 0; g < groups->len; g++)
        {
          GArray *members = g_ptr_array_index (groups, g);
          guint n_hidden = 0, best = G_MAXUINT, best_value = G_MAXUINT;

          for (guint m = 0; m < members->len; m++)
            {
              guint cell = g_array_index (members, guint, m);
              guint value = cell_value (stats, cell);

              if (hidden[cell])
                n_hidden++;
              else if (value > 0 && value < best_value)
                best = cell, best_value = value;
            }
          if (n_hidden == 1 && best != G_MAXUINT)
            {
              hidden[best] = TRUE;
              changed = TRUE;
            }
        }
    }
  while (changed);

  stats->hidden = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < n; i++)
    {
      guint mask = (hidden[2 * i] ? HIDDEN_NOW : 0) | (hidden[2 * i + 1] ? HIDDEN_BEFORE : 0);

      if (mask != 0)
        g_hash_table_insert (stats->hidden, stats->rows->pdata[i], GUINT_TO_POINTER (mask));
    }
  stats->total_hidden = (hidden[2 * n] ? HIDDEN_NOW : 0) | (hidden[2 * n + 1] ? HIDDEN_BEFORE : 0);
}

/**
 * sok_stats_is_hidden:
 * @row: (nullable): a row of sok_stats_get_rows(), or %NULL for the term's total
 * @previous: the term before rather than this one
 *
 * Returns: %TRUE when the count must not be shown: it is from 1 to 4, or it is hidden
 *   so that no such count can be worked out from the others and the totals.
 */
gboolean
sok_stats_is_hidden (SokStats          *stats,
                     const SokStatsRow *row,
                     gboolean           previous)
{
  guint mask;

  g_return_val_if_fail (stats != NULL, TRUE);

  suppress (stats);
  mask = row == NULL ? stats->total_hidden
                     : GPOINTER_TO_UINT (g_hash_table_lookup (stats->hidden, row));
  return (mask & (previous ? HIDDEN_BEFORE : HIDDEN_NOW)) != 0;
}

/**
 * sok_stats_dup_count_text:
 * @row: (nullable): a row of sok_stats_get_rows(), or %NULL for the term's total
 * @previous: the term before rather than this one
 *
 * The one way the figures' counts are shown, by `sokctl stats`, the console's
 * governors page and the PDF alike.
 *
 * Returns: (transfer full): the count, or "hidden" (see sok_stats_is_hidden())
 */
char *
sok_stats_dup_count_text (SokStats          *stats,
                          const SokStatsRow *row,
                          gboolean           previous)
{
  g_return_val_if_fail (stats != NULL, NULL);

  if (sok_stats_is_hidden (stats, row, previous))
    return g_strdup (_("hidden"));
  return g_strdup_printf ("%u", row == NULL ? (previous ? stats->previous_total : stats->total)
                                            : (previous ? row->previous : row->count));
}

#define LABEL_WIDTH 170.0
#define BAR_HEIGHT 9.0
#define ROW_GAP 7.0

/* Two bars for one row: this term (dark) above the term before (light). A count
 * that must not be shown gets an empty outline of one length for all and the word. */
static void
draw_bar (SokPdfDocument *doc,
          SokStats       *stats,
          SokStatsRow    *row,
          double          x,
          double          y,
          double          scale,
          gboolean        previous)
{
  cairo_t *cr = sok_pdf_document_get_cairo (doc);
  g_autofree char *text = sok_stats_dup_count_text (stats, row, previous);
  gboolean hidden = sok_stats_is_hidden (stats, row, previous);
  guint value = previous ? row->previous : row->count;
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
  g_autofree char *total = sok_stats_dup_count_text (stats, NULL, FALSE);
  g_autofree char *previous_total = sok_stats_dup_count_text (stats, NULL, TRUE);
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
                                "No number from 1 to 4 is shown, so that no child can be "
                                "recognised: it reads “hidden”, and so does any other number "
                                "from which it could be worked out."), 10, FALSE);
  totals = g_strdup_printf (_("Reports: %s in the %s, %s in the %s."), total, title,
                            previous_total, previous_title);
  sok_pdf_document_text (doc, totals, 11, TRUE);
  legend = g_strdup_printf (_("Dark bars: %s. Light bars: %s. Dashed outline: hidden."),
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

          /* Scaled by what is shown only: a long bar must not tell a hidden count. */
          if (row->dimension == d && !sok_stats_is_hidden (stats, row, FALSE))
            max = MAX (max, row->count);
          if (row->dimension == d && !sok_stats_is_hidden (stats, row, TRUE))
            max = MAX (max, row->previous);
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
          draw_bar (doc, stats, row, SOK_PDF_MARGIN + LABEL_WIDTH, top, scale, FALSE);
          draw_bar (doc, stats, row, SOK_PDF_MARGIN + LABEL_WIDTH, top + BAR_HEIGHT + 2, scale,
                    TRUE);
        }
    }

  return save_pdf (doc, path, error);
}
