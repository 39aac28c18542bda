/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-half-day"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-half-day.h"

/* Why half-days: a kiosk's agreements table records, to the second, which named pupil
 * stood at the kiosk when. Any finer time of a report kept beside the seal (in the
 * outbox, the queue, settings, logs or on a screen) could be matched against it and
 * give an anonymous report a name. */

static GDateTime *
local_of (gint64 usec)
{
  return g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);
}

/**
 * sok_half_day_of:
 * @usec: µs since the epoch
 *
 * Returns: the start of the local half-day @usec falls in (local midnight or local
 *   noon), in µs since the epoch; 0 for a time GLib cannot represent
 */
gint64
sok_half_day_of (gint64 usec)
{
  g_autoptr (GDateTime) local = local_of (usec);
  g_autoptr (GDateTime) start = NULL;

  if (local == NULL)
    return 0;
  start = g_date_time_new_local (g_date_time_get_year (local), g_date_time_get_month (local),
                                 g_date_time_get_day_of_month (local),
                                 g_date_time_get_hour (local) < 12 ? 0 : 12, 0, 0);
  if (start == NULL)
    return 0;
  return g_date_time_to_unix (start) * G_USEC_PER_SEC;
}

/* The half-day it is now. */
gint64
sok_half_day_now (void)
{
  return sok_half_day_of (g_get_real_time ());
}

/* Whether @usec is the start of a half-day, i.e. says nothing finer. */
gboolean
sok_half_day_is_start (gint64 usec)
{
  return usec == sok_half_day_of (usec);
}

/**
 * sok_half_day_dup_iso:
 *
 * Returns: (transfer full) (nullable): e.g. "2026-12-02 am" or "2026-12-02 pm", for
 *   scripts; %NULL for 0
 */
char *
sok_half_day_dup_iso (gint64 half_day)
{
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *date = NULL;

  if (half_day == 0 || (local = local_of (half_day)) == NULL)
    return NULL;
  date = g_date_time_format (local, "%Y-%m-%d");
  return g_strconcat (date, g_date_time_get_hour (local) < 12 ? " am" : " pm", NULL);
}

/**
 * sok_half_day_dup_words:
 * @half_day: a half-day from sok_half_day_of()
 * @now: g_get_real_time() now
 *
 * The half-day as staff say it: "this morning", "this afternoon", "yesterday
 * morning", "yesterday afternoon", or a date with the part of the day.
 *
 * Returns: (transfer full): the words
 */
char *
sok_half_day_dup_words (gint64 half_day,
                        gint64 now)
{
  g_autoptr (GDateTime) local = local_of (half_day);
  g_autoptr (GDateTime) today = NULL;
  g_autoptr (GDateTime) then = NULL;
  g_autoptr (GDateTime) now_local = local_of (now);
  gboolean morning;
  GTimeSpan days;

  if (local == NULL || now_local == NULL)
    return g_strdup ("?");

  morning = g_date_time_get_hour (local) < 12;
  today = g_date_time_new_local (g_date_time_get_year (now_local),
                                 g_date_time_get_month (now_local),
                                 g_date_time_get_day_of_month (now_local), 12, 0, 0);
  then = g_date_time_new_local (g_date_time_get_year (local), g_date_time_get_month (local),
                                g_date_time_get_day_of_month (local), 12, 0, 0);
  /* Noon to noon, so that a change of clocks does not make a day 23 hours long. */
  days = (g_date_time_difference (today, then) + G_TIME_SPAN_HOUR * 2) / G_TIME_SPAN_DAY;

  if (days == 0)
    return g_strdup (morning ? _("this morning") : _("this afternoon"));
  if (days == 1)
    return g_strdup (morning ? _("yesterday morning") : _("yesterday afternoon"));

  {
    /* Translators: a date for a half-day, see g_date_time_format() */
    g_autofree char *date = g_date_time_format (local, _("%A %-d %B"));

    /* Translators: a date, then the part of the day: "Monday 30 November, morning" */
    return g_strdup_printf (morning ? _("%s, morning") : _("%s, afternoon"), date);
  }
}
