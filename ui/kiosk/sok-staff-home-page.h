/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-page.h"

G_BEGIN_DECLS

#define SOK_TYPE_STAFF_HOME_PAGE (sok_staff_home_page_get_type ())
G_DECLARE_FINAL_TYPE (SokStaffHomePage, sok_staff_home_page, SOK, STAFF_HOME_PAGE, SokPage)

GtkWidget *sok_staff_home_page_new (SokContext *context);

G_END_DECLS
