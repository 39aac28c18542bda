/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-page.h"
#include "sok-report-content.h"
#include "sok-report-names.h"

G_BEGIN_DECLS

#define SOK_TYPE_REPORT_CHOICE_PAGE (sok_report_choice_page_get_type ())
G_DECLARE_FINAL_TYPE (SokReportChoicePage, sok_report_choice_page, SOK, REPORT_CHOICE_PAGE, SokPage)

GtkWidget  *sok_report_choice_page_new        (SokContext          *context,
                                               SokReportContent    *content,
                                               SokChoiceKind        kind);

SokChoiceKind sok_report_choice_page_get_kind (SokReportChoicePage *self);
const char *sok_report_choice_page_get_chosen (SokReportChoicePage *self);

G_END_DECLS
