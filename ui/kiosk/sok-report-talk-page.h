/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-page.h"
#include "sok-report-names.h"

G_BEGIN_DECLS

#define SOK_TYPE_REPORT_TALK_PAGE (sok_report_talk_page_get_type ())
G_DECLARE_FINAL_TYPE (SokReportTalkPage, sok_report_talk_page, SOK, REPORT_TALK_PAGE, SokPage)

GtkWidget  *sok_report_talk_page_new      (SokContext        *context);

const char *sok_report_talk_page_get_step (SokReportTalkPage *self);

G_END_DECLS
