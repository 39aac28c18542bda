/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-page.h"
#include "sok-report.h"
#include "sok-report-names.h"

G_BEGIN_DECLS

#define SOK_TYPE_REPORT_MORE_PAGE (sok_report_more_page_get_type ())
G_DECLARE_FINAL_TYPE (SokReportMorePage, sok_report_more_page, SOK, REPORT_MORE_PAGE, SokPage)

GtkWidget     *sok_report_more_page_new           (SokContext        *context);

GtkTextBuffer *sok_report_more_page_get_buffer    (SokReportMorePage *self);
gboolean       sok_report_more_page_get_capped    (SokReportMorePage *self);

void           sok_report_more_page_show_drawing  (SokReportMorePage *self,
                                                   gboolean           drawing);
void           sok_report_more_page_apply         (SokReportMorePage *self,
                                                   SokReportDraft    *draft);

G_END_DECLS
