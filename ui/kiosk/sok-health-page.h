/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-page.h"

G_BEGIN_DECLS

#define SOK_TYPE_HEALTH_PAGE (sok_health_page_get_type ())
G_DECLARE_FINAL_TYPE (SokHealthPage, sok_health_page, SOK, HEALTH_PAGE, SokPage)

GtkWidget *sok_health_page_new (SokContext *context);

G_END_DECLS
