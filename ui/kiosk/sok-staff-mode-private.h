/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-staff-mode.h"

G_BEGIN_DECLS

/* For tests: how many staff dialogs are open, and a staff time-out they can wait
 * for. */
guint                 sok_staff_mode_get_n_dialogs    (SokStaffMode         *self);
void                  sok_staff_mode_set_idle_ms      (SokStaffMode         *self,
                                                       guint                 idle_ms);

G_END_DECLS
