/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

#include "sok-config.h"
#include "sok-outbox.h"
#include "sok-queue.h"
#include "sok-store.h"

G_BEGIN_DECLS

/* What one round of delivery did. */
typedef struct
{
  guint   delivered;        /* new to the queue and removed from the outbox */
  guint   already_there;    /* the queue had them already (a retry); removed too */
  guint   waiting;          /* still in the outbox, due or not */
  gint64  next_attempt_at;  /* when the waiting ones are due (after a failure), else 0 */
  char   *error;            /* why delivery stopped (never holds a password), or NULL */
} SokSyncResult;

void      sok_sync_result_clear   (SokSyncResult  *result);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SokSyncResult, sok_sync_result_clear)

/* First and longest waits after a failed delivery, and the jitter either side. */
#define SOK_SYNC_FIRST_RETRY_USEC   (5 * G_USEC_PER_SEC)
#define SOK_SYNC_LONGEST_RETRY_USEC (15 * 60 * G_USEC_PER_SEC)
#define SOK_SYNC_JITTER             0.2

gint64    sok_sync_compute_backoff (guint           attempts,
                                    double          random01);

gint64    sok_sync_pick_delay      (guint           min_minutes,
                                    guint           max_minutes,
                                    gint64          minute,
                                    double          random01);

gboolean  sok_sync_deliver         (SokStore       *store,
                                    SokQueue       *queue,
                                    guint           batch_size,
                                    SokSyncResult  *out,
                                    GError        **error);
gboolean  sok_sync_run_once        (SokStore       *store,
                                    SokConfig      *config,
                                    guint           batch_size,
                                    SokSyncResult  *out,
                                    GError        **error);

/* Delivers in its own thread with its own store connection; never blocks the main
 * loop. "status-changed" is emitted on the main context that made the worker. */
#define SOK_TYPE_SYNC_WORKER (sok_sync_worker_get_type ())
G_DECLARE_FINAL_TYPE (SokSyncWorker, sok_sync_worker, SOK, SYNC_WORKER, GObject)

SokSyncWorker *sok_sync_worker_new        (const char      *data_dir);
void           sok_sync_worker_start      (SokSyncWorker   *self);
void           sok_sync_worker_wake       (SokSyncWorker   *self);
void           sok_sync_worker_stop       (SokSyncWorker   *self);
gboolean       sok_sync_worker_get_status (SokSyncWorker   *self,
                                           SokOutboxStatus *out);

G_END_DECLS
