/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "sok-flow.h"
#include "sok-staff.h"

G_BEGIN_DECLS

/* How long a finger must rest on the hidden corner of the home screen. */
#define SOK_STAFF_MODE_HOLD_MS 3000
/* The hidden corner: a square this many pixels wide at the home screen's top right. */
#define SOK_STAFF_MODE_CORNER_PX 160

#define SOK_TYPE_STAFF_MODE (sok_staff_mode_get_type ())
G_DECLARE_FINAL_TYPE (SokStaffMode, sok_staff_mode, SOK, STAFF_MODE, SokFlow)

SokStaffMode         *sok_staff_mode_new              (SokContext           *context,
                                                       SokShell             *shell,
                                                       SokPage              *home);

const SokStaffMember *sok_staff_mode_get_member       (SokStaffMode         *self);
gboolean              sok_staff_mode_is_signed_in     (SokStaffMode         *self);
gboolean              sok_staff_mode_may              (SokStaffMode         *self,
                                                       const char           *task);
gboolean              sok_staff_mode_is_corner        (int                   width,
                                                       int                   height,
                                                       double                x,
                                                       double                y);

void                  sok_staff_mode_open_pin_pad     (SokStaffMode         *self);
void                  sok_staff_mode_begin            (SokStaffMode         *self,
                                                       const SokStaffMember *member);
void                  sok_staff_mode_sign_out         (SokStaffMode         *self);
void                  sok_staff_mode_log              (SokStaffMode         *self,
                                                       const char           *action,
                                                       const char           *detail);
void                  sok_staff_mode_start_promise    (SokStaffMode         *self,
                                                       gint64                pupil_id);
void                  sok_staff_mode_return_from_promise (SokStaffMode   *self,
                                                          gint64          class_id,
                                                          const char     *saved_forename);
void                  sok_staff_mode_leave_kiosk_mode (SokStaffMode         *self);

G_END_DECLS
