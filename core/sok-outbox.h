/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

#include "sok-store.h"

G_BEGIN_DECLS

/* One sealed report waiting on the kiosk. Times are g_get_real_time() microseconds. */
typedef struct
{
  char     *report_id;
  char     *kiosk_id;
  gboolean  urgent;
  GBytes   *sealed;
  gint64    created_at;
  guint     attempts;
} SokOutboxItem;

void       sok_outbox_item_free      (SokOutboxItem       *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokOutboxItem, sok_outbox_item_free)

typedef struct
{
  guint   waiting;
  gint64  oldest_created_at;   /* 0 when none */
  char   *last_error;          /* nullable */
  gint64  last_error_at;
  gint64  last_delivered_at;
  guint   urgent_waiting;
  guint   most_attempts;       /* the most failed attempts of any waiting report */
  gint64  next_attempt_at;     /* the earliest next try after a failure; 0 when due now */
} SokOutboxStatus;

void       sok_outbox_status_clear   (SokOutboxStatus     *status);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SokOutboxStatus, sok_outbox_status_clear)

gboolean   sok_outbox_put            (SokStore            *store,
                                      const char          *report_id,
                                      const char          *kiosk_id,
                                      gboolean             urgent,
                                      GBytes              *sealed,
                                      GError             **error);
GPtrArray *sok_outbox_list_due       (SokStore            *store,
                                      gint64               now,
                                      guint                limit,
                                      GError             **error);
gboolean   sok_outbox_remove         (SokStore            *store,
                                      const char * const  *report_ids,
                                      GError             **error);
gboolean   sok_outbox_record_failure (SokStore            *store,
                                      const char * const  *report_ids,
                                      const char          *error_message,
                                      gint64               next_attempt_at,
                                      GError             **error);
gboolean   sok_outbox_record_delivery (SokStore           *store,
                                       gint64              at,
                                       GError            **error);
gboolean   sok_outbox_get_status     (SokStore            *store,
                                      SokOutboxStatus     *out,
                                      GError             **error);
gboolean   sok_outbox_retry_now      (SokStore            *store,
                                      GError             **error);

G_END_DECLS
