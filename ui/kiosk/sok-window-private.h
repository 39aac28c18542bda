/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-window.h"

G_BEGIN_DECLS

/* For staff mode, which lengthens the idle time-out while staff are signed in, and
 * for tests, which cannot wait 90 seconds. */
void        sok_window_set_idle_timeouts  (SokWindow      *self,
                                           guint           idle_ms,
                                           guint           countdown_ms);
void        sok_window_get_idle_timeouts  (SokWindow      *self,
                                           guint          *idle_ms,
                                           guint          *countdown_ms);

G_END_DECLS
