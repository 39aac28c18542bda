/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

#include "sok-store.h"

G_BEGIN_DECLS

/* One sealed report waiting on the kiosk. Its time is kept only as the half-day it
 * was sent in (sok-half-day.h): the agreements table says to the second who stood at
 * the kiosk when. */
typedef struct
{
  char     *report_id;
  char     *kiosk_id;
  gboolean  urgent;
  GBytes   *sealed;
  gint64    half_day;
  guint     attempts;
} SokOutboxItem;

void       sok_outbox_item_free      (SokOutboxItem       *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokOutboxItem, sok_outbox_item_free)

/* Every time here is a half-day (sok-half-day.h), 0 for none. */
typedef struct
{
  guint   waiting;
  gint64  oldest_half_day;        /* the half-day the oldest waiting report was sent in */
  char   *last_error;             /* why the last delivery failed, until one works; nullable */
  gint64  last_error_half_day;
  gint64  last_delivered_half_day;
  guint   urgent_waiting;
  guint   most_attempts;          /* the most failed attempts of any waiting report */
} SokOutboxStatus;

void       sok_outbox_status_clear   (SokOutboxStatus     *status);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SokOutboxStatus, sok_outbox_status_clear)

gboolean   sok_outbox_put            (SokStore            *store,
                                      const char          *report_id,
                                      const char          *kiosk_id,
                                      gboolean             urgent,
                                      GBytes              *sealed,
                                      GError             **error);
GPtrArray *sok_outbox_list           (SokStore            *store,
                                      guint                limit,
                                      GError             **error);
GPtrArray *sok_outbox_list_brief     (SokStore            *store,
                                      GError             **error);
gboolean   sok_outbox_remove         (SokStore            *store,
                                      const char * const  *report_ids,
                                      GError             **error);
gboolean   sok_outbox_record_failure (SokStore            *store,
                                      const char * const  *report_ids,
                                      const char          *error_message,
                                      GError             **error);
gboolean   sok_outbox_record_delivery (SokStore           *store,
                                       GError            **error);
gboolean   sok_outbox_get_status     (SokStore            *store,
                                      SokOutboxStatus     *out,
                                      GError             **error);

G_END_DECLS
