/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "sok-queue.h"
#include "sok-report-content.h"
#include "sok-seal.h"
#include "sok-stats.h"

G_BEGIN_DECLS

#define SOK_TYPE_GOVERNORS_PAGE (sok_governors_page_get_type ())
G_DECLARE_FINAL_TYPE (SokGovernorsPage, sok_governors_page, SOK, GOVERNORS_PAGE, AdwBin)

SokGovernorsPage *sok_governors_page_new       (void);

SokStats         *sok_governors_page_get_stats (SokGovernorsPage  *self);

gboolean          sok_governors_page_show_term (SokGovernorsPage  *self,
                                                SokQueue          *queue,
                                                SokDslKey         *key,
                                                SokReportContent  *content,
                                                const char        *actor,
                                                const char        *school_name,
                                                SokTerm            term,
                                                int                year,
                                                GError           **error);
void              sok_governors_page_clear     (SokGovernorsPage  *self);
gboolean          sok_governors_page_export_to (SokGovernorsPage  *self,
                                                const char        *path,
                                                GError           **error);

G_END_DECLS
