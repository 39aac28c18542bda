/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The finest time anything outside the seal keeps of a report: its date and morning
 * or afternoon, in the kiosk's (or the queue's) local time. A half-day is held as the
 * µs since the epoch of its start, local midnight or local noon. */

gint64  sok_half_day_of          (gint64  usec);
gint64  sok_half_day_now         (void);
gboolean sok_half_day_is_start   (gint64  usec);
char   *sok_half_day_dup_iso     (gint64  half_day);
char   *sok_half_day_dup_words   (gint64  half_day,
                                  gint64  now);

G_END_DECLS
