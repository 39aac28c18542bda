/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-page.h"

G_BEGIN_DECLS

#define SOK_TYPE_REPORT_IN_PERSON_PAGE (sok_report_in_person_page_get_type ())
G_DECLARE_FINAL_TYPE (SokReportInPersonPage, sok_report_in_person_page, SOK, REPORT_IN_PERSON_PAGE, SokPage)

GtkWidget  *sok_report_in_person_page_new         (SokContext *context);

const char *sok_report_in_person_page_get_details (SokReportInPersonPage *self);

void        sok_report_in_person_page_set_details (SokReportInPersonPage *self,
                                                   const char            *details);

G_END_DECLS
