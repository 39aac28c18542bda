/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-page.h"

G_BEGIN_DECLS

#define SOK_TYPE_PIN_PAGE (sok_pin_page_get_type ())
G_DECLARE_FINAL_TYPE (SokPinPage, sok_pin_page, SOK, PIN_PAGE, SokPage)

GtkWidget *sok_pin_page_new (SokContext *context);

G_END_DECLS
