/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "sok-case-view.h"
#include "sok-governors-page.h"
#include "sok-kiosks-page.h"
#include "sok-unlock-page.h"

G_BEGIN_DECLS

#define SOK_TYPE_DSL_WINDOW (sok_dsl_window_get_type ())
G_DECLARE_FINAL_TYPE (SokDslWindow, sok_dsl_window, SOK, DSL_WINDOW, AdwApplicationWindow)

SokDslWindow     *sok_dsl_window_new                (GtkApplication *application,
                                                     const char     *data_dir,
                                                     const char     *queue_uri,
                                                     const char     *key_path,
                                                     guint           idle_seconds);

gboolean          sok_dsl_window_get_locked         (SokDslWindow   *self);
gboolean          sok_dsl_window_get_busy           (SokDslWindow   *self);
const char       *sok_dsl_window_get_actor          (SokDslWindow   *self);
guint             sok_dsl_window_get_n_alerts       (SokDslWindow   *self);
SokUnlockPage    *sok_dsl_window_get_unlock_page    (SokDslWindow   *self);
GtkListBox       *sok_dsl_window_get_case_list      (SokDslWindow   *self);
SokCaseView      *sok_dsl_window_get_case_view      (SokDslWindow   *self);
SokGovernorsPage *sok_dsl_window_get_governors_page (SokDslWindow   *self);
SokKiosksPage    *sok_dsl_window_get_kiosks_page    (SokDslWindow   *self);
const char       *sok_dsl_window_get_row_report_id  (GtkListBoxRow  *row);

void              sok_dsl_window_lock               (SokDslWindow   *self);
void              sok_dsl_window_refresh            (SokDslWindow   *self);
void              sok_dsl_window_show_problem       (SokDslWindow   *self,
                                                     const GError   *error);

G_END_DECLS
