/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

#include "sok-queue.h"
#include "sok-report-content.h"
#include "sok-seal.h"

G_BEGIN_DECLS

/* School terms as the governors' figures count them: autumn is September to
 * December, spring January to April, summer May to August, each of one calendar
 * year (autumn 2026 is followed by spring 2027). */
typedef enum
{
  SOK_TERM_AUTUMN,
  SOK_TERM_SPRING,
  SOK_TERM_SUMMER,
} SokTerm;

/* What the figures count reports by. */
typedef enum
{
  SOK_STATS_CATEGORY,
  SOK_STATS_RISK_AREA,
  SOK_STATS_WHERE,
  SOK_STATS_AGE_BAND,
  SOK_STATS_OUTCOME,
  SOK_STATS_N_DIMENSIONS,
} SokStatsDimension;

/* Counts from 1 to this minus one are never shown. */
#define SOK_STATS_SMALLEST_SHOWN 5

/* One line of the figures. The counts are exact: show them only through
 * sok_stats_dup_count_text(), which hides small numbers and those they could be
 * worked out from. */
typedef struct
{
  SokStatsDimension  dimension;
  char              *item;      /* an id: category id, risk area, age band, outcome … */
  char              *label;     /* words for people */
  guint              count;     /* this term */
  guint              previous;  /* the term before */
} SokStatsRow;

typedef struct _SokStats SokStats;

gboolean     sok_term_from_string          (const char         *text,
                                            SokTerm            *term);
const char  *sok_term_to_string            (SokTerm             term);
const char  *sok_term_get_label            (SokTerm             term);
void         sok_term_get_months           (SokTerm             term,
                                            guint              *first_month,
                                            guint              *last_month);
gboolean     sok_term_for_date             (const char         *iso_date,
                                            SokTerm            *term,
                                            int                *year);
void         sok_term_previous             (SokTerm             term,
                                            int                 year,
                                            SokTerm            *previous_term,
                                            int                *previous_year);

const char  *sok_stats_dimension_to_string (SokStatsDimension   dimension);
const char  *sok_stats_dimension_get_label (SokStatsDimension   dimension);

SokStats    *sok_stats_new                 (SokTerm             term,
                                            int                 year,
                                            SokReportContent   *content);
void         sok_stats_free                (SokStats           *stats);
void         sok_stats_add                 (SokStats           *stats,
                                            const char         *date,
                                            const char         *category,
                                            const char         *risk_area,
                                            const char         *where,
                                            const char         *age_band,
                                            const char         *outcome);
SokStats    *sok_stats_compute             (SokQueue           *queue,
                                            SokDslKey          *key,
                                            SokReportContent   *content,
                                            SokTerm             term,
                                            int                 year,
                                            const char         *actor,
                                            GError            **error);

SokTerm      sok_stats_get_term            (SokStats           *stats);
int          sok_stats_get_year            (SokStats           *stats);
void         sok_stats_get_previous        (SokStats           *stats,
                                            SokTerm            *term,
                                            int                *year);
char        *sok_stats_dup_title           (SokStats           *stats,
                                            gboolean            previous);
guint        sok_stats_get_total           (SokStats           *stats,
                                            gboolean            previous);
guint        sok_stats_get_unreadable      (SokStats           *stats);
GPtrArray   *sok_stats_get_rows            (SokStats           *stats);
gboolean     sok_stats_is_hidden           (SokStats           *stats,
                                            const SokStatsRow  *row,
                                            gboolean            previous);
char        *sok_stats_dup_count_text      (SokStats           *stats,
                                            const SokStatsRow  *row,
                                            gboolean            previous);

gboolean     sok_stats_write_pdf           (SokStats           *stats,
                                            const char         *school_name,
                                            const char         *path,
                                            GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokStats, sok_stats_free)

G_END_DECLS
