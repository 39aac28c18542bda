/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-flow.h"
#include "sok-report.h"
#include "sok-report-content.h"
#include "sok-report-names.h"

G_BEGIN_DECLS

#define SOK_TYPE_REPORT_FLOW (sok_report_flow_get_type ())
G_DECLARE_FINAL_TYPE (SokReportFlow, sok_report_flow, SOK, REPORT_FLOW, SokFlow)

SokReportFlow    *sok_report_flow_new              (SokContext    *context,
                                                    SokShell      *shell);

SokReportDraft   *sok_report_flow_get_draft        (SokReportFlow *self);
SokReportContent *sok_report_flow_get_content      (SokReportFlow *self);
gboolean          sok_report_flow_get_sending      (SokReportFlow *self);

void              sok_report_flow_send             (SokReportFlow *self);

G_END_DECLS
