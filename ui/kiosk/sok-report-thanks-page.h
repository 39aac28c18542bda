/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-page.h"

G_BEGIN_DECLS

#define SOK_TYPE_REPORT_THANKS_PAGE (sok_report_thanks_page_get_type ())
G_DECLARE_FINAL_TYPE (SokReportThanksPage, sok_report_thanks_page, SOK, REPORT_THANKS_PAGE, SokPage)

GtkWidget  *sok_report_thanks_page_new         (SokContext *context);

GdkTexture *sok_report_thanks_page_get_qr_code (SokReportThanksPage *self);

void        sok_report_thanks_page_set_urgent  (SokReportThanksPage *self,
                                                gboolean             urgent);

G_END_DECLS
