/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "sok-report.h"
#include "sok-report-content.h"
#include "sok-window.h"

G_BEGIN_DECLS

/* How long the Thank-you screen stays before the kiosk goes home by itself. */
#define SOK_REPORT_FLOW_THANKS_SECONDS 20

/* Childline, the UK's free helpline for children, named on the Thank-you and the
 * tell-in-person screens. */
#define SOK_REPORT_CHILDLINE_NUMBER "0800 1111"
#define SOK_REPORT_CHILDLINE_URL    "https://www.childline.org.uk"

/* The names of the report flow's pages, in the order a child meets them. */
#define SOK_REPORT_PAGE_WHAT      "report-what"
#define SOK_REPORT_PAGE_WHERE     "report-where"
#define SOK_REPORT_PAGE_FEELING   "report-feeling"
#define SOK_REPORT_PAGE_MORE      "report-more"
#define SOK_REPORT_PAGE_TALK      "report-talk"
#define SOK_REPORT_PAGE_SEND      "report-send"
#define SOK_REPORT_PAGE_THANKS    "report-thanks"
#define SOK_REPORT_PAGE_IN_PERSON "report-in-person"

#define SOK_TYPE_REPORT_FLOW (sok_report_flow_get_type ())
G_DECLARE_FINAL_TYPE (SokReportFlow, sok_report_flow, SOK, REPORT_FLOW, GObject)

SokReportFlow    *sok_report_flow_new              (SokWindow     *window);

SokReportFlow    *sok_report_flow_get_for_window   (SokWindow     *window);

SokWindow        *sok_report_flow_get_window       (SokReportFlow *self);
SokReportDraft   *sok_report_flow_get_draft        (SokReportFlow *self);
SokReportContent *sok_report_flow_get_content      (SokReportFlow *self);
gboolean          sok_report_flow_get_sending      (SokReportFlow *self);

void              sok_report_flow_start            (SokReportFlow *self);
void              sok_report_flow_go_back          (SokReportFlow *self,
                                                    SokPage       *from);
void              sok_report_flow_go_next          (SokReportFlow *self,
                                                    SokPage       *from);
void              sok_report_flow_send             (SokReportFlow *self);


G_END_DECLS
