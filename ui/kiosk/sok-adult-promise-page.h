/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-page.h"

G_BEGIN_DECLS

#define SOK_TYPE_ADULT_PROMISE_PAGE (sok_adult_promise_page_get_type ())
G_DECLARE_FINAL_TYPE (SokAdultPromisePage, sok_adult_promise_page, SOK, ADULT_PROMISE_PAGE, SokPage)

GtkWidget *sok_adult_promise_page_new        (void);

void       sok_adult_promise_page_set_pupil  (SokAdultPromisePage *self,
                                              gint64               pupil_id);

G_END_DECLS
