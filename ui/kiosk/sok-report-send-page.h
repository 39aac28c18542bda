/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-page.h"
#include "sok-report-names.h"

G_BEGIN_DECLS

#define SOK_TYPE_REPORT_SEND_PAGE (sok_report_send_page_get_type ())
G_DECLARE_FINAL_TYPE (SokReportSendPage, sok_report_send_page, SOK, REPORT_SEND_PAGE, SokPage)

GtkWidget *sok_report_send_page_new         (SokContext        *context);

void       sok_report_send_page_set_sending (SokReportSendPage *self,
                                             gboolean           sending);
void       sok_report_send_page_set_urgent  (SokReportSendPage *self,
                                             gboolean           urgent);

G_END_DECLS
