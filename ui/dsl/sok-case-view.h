/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "sok-case.h"
#include "sok-queue.h"
#include "sok-report-content.h"
#include "sok-seal.h"

G_BEGIN_DECLS

#define SOK_TYPE_CASE_VIEW (sok_case_view_get_type ())
G_DECLARE_FINAL_TYPE (SokCaseView, sok_case_view, SOK, CASE_VIEW, AdwBin)

SokCaseView *sok_case_view_new           (void);

const char  *sok_case_view_get_report_id (SokCaseView       *self);

gboolean     sok_case_view_show_case     (SokCaseView       *self,
                                          SokQueue          *queue,
                                          SokDslKey         *key,
                                          SokReportContent  *content,
                                          const char        *actor,
                                          const char        *report_id,
                                          GError           **error);
void         sok_case_view_focus_report  (SokCaseView       *self);
void         sok_case_view_clear         (SokCaseView       *self);
gboolean     sok_case_view_export_to     (SokCaseView          *self,
                                          SokCaseExportFormat   format,
                                          const char           *path,
                                          GError              **error);

G_END_DECLS
