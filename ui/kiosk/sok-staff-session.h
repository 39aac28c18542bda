/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "sok-staff.h"
#include "sok-store.h"

G_BEGIN_DECLS

#define SOK_TYPE_STAFF_SESSION (sok_staff_session_get_type ())
G_DECLARE_FINAL_TYPE (SokStaffSession, sok_staff_session, SOK, STAFF_SESSION, GObject)

SokStaffSession      *sok_staff_session_new           (SokStore             *store);

void                  sok_staff_session_set_window    (SokStaffSession      *self,
                                                       GtkWindow            *window);

const SokStaffMember *sok_staff_session_get_member    (SokStaffSession      *self);
gboolean              sok_staff_session_is_signed_in  (SokStaffSession      *self);
gboolean              sok_staff_session_may           (SokStaffSession      *self,
                                                       const char           *task);
guint                 sok_staff_session_get_serial    (SokStaffSession      *self);

void                  sok_staff_session_sign_in       (SokStaffSession      *self,
                                                       const SokStaffMember *member);
void                  sok_staff_session_end           (SokStaffSession      *self);
void                  sok_staff_session_log           (SokStaffSession      *self,
                                                       const char           *action,
                                                       const char           *detail);

void                  sok_staff_session_present_dialog (SokStaffSession     *self,
                                                        GtkWindow           *dialog);
guint                 sok_staff_session_get_n_dialogs (SokStaffSession      *self);
void                  sok_staff_session_close_dialogs (SokStaffSession      *self);

G_END_DECLS
