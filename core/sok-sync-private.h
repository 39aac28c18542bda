/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-sync.h"

G_BEGIN_DECLS

/* For tests only: how long the worker's minute is, in microseconds, for the delivery
 * delay (“delivery-delay-minutes”) and the heartbeat; 60 s otherwise. Call it before
 * sok_sync_worker_start(). */
void sok_sync_worker_set_minute (SokSyncWorker *self,
                                 gint64         usec);

G_END_DECLS
