/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-page.h"

G_BEGIN_DECLS

#define SOK_TYPE_HOME_PAGE (sok_home_page_get_type ())
G_DECLARE_FINAL_TYPE (SokHomePage, sok_home_page, SOK, HOME_PAGE, SokPage)

GtkWidget *sok_home_page_new             (const char  *school_name);

void       sok_home_page_set_school_name (SokHomePage *self,
                                          const char  *school_name);

G_END_DECLS
