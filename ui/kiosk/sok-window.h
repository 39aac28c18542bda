/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "sok-config.h"
#include "sok-context.h"
#include "sok-page.h"
#include "sok-speaker.h"
#include "sok-store.h"

G_BEGIN_DECLS

/* The least time the "Are you still there?" warning counts down in normal use. */
#define SOK_WINDOW_STILL_HERE_SECONDS 20

/* Staff mode (sok-staff-mode.h) belongs to the window. */
typedef struct _SokStaffMode SokStaffMode;
/* So do the flows (sok-promise-flow.h, sok-report-flow.h). */
typedef struct _SokPromiseFlow SokPromiseFlow;
typedef struct _SokReportFlow SokReportFlow;

#define SOK_TYPE_WINDOW (sok_window_get_type ())
G_DECLARE_FINAL_TYPE (SokWindow, sok_window, SOK, WINDOW, AdwApplicationWindow)

SokWindow  *sok_window_new                (GtkApplication *application,
                                           SokConfig      *config,
                                           SokStore       *store,
                                           gboolean        windowed);

SokConfig  *sok_window_get_config         (SokWindow      *self);
SokStore   *sok_window_get_store          (SokWindow      *self);
SokSpeaker *sok_window_get_speaker        (SokWindow      *self);
SokContext *sok_window_get_context        (SokWindow      *self);
SokPage    *sok_window_get_visible_page   (SokWindow      *self);
SokPage    *sok_window_get_page           (SokWindow      *self,
                                           const char     *name);
gboolean    sok_window_get_windowed       (SokWindow      *self);
gboolean    sok_window_is_still_here_shown (SokWindow     *self);

void        sok_window_add_page           (SokWindow      *self,
                                           SokPage        *page);
void        sok_window_show_page          (SokWindow      *self,
                                           const char     *name);
void        sok_window_go_home            (SokWindow      *self);
void        sok_window_show_problem       (SokWindow      *self,
                                           const GError   *error);
void        sok_window_note_activity      (SokWindow      *self);
void        sok_window_allow_close        (SokWindow      *self);
void        sok_window_leave_kiosk_mode   (SokWindow      *self);
gboolean    sok_window_restore_kiosk_mode (SokWindow      *self);
SokStaffMode *sok_window_get_staff_mode   (SokWindow      *self);
SokPromiseFlow *sok_window_get_promise_flow (SokWindow    *self);
SokReportFlow  *sok_window_get_report_flow  (SokWindow    *self);

G_END_DECLS
