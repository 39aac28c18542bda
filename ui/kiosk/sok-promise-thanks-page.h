/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-page.h"

G_BEGIN_DECLS

/* How long the Thank-you screen stays before the kiosk goes home by itself. */
#define SOK_PROMISE_THANKS_SECONDS 8

#define SOK_TYPE_PROMISE_THANKS_PAGE (sok_promise_thanks_page_get_type ())
G_DECLARE_FINAL_TYPE (SokPromiseThanksPage, sok_promise_thanks_page, SOK, PROMISE_THANKS_PAGE,
                      SokPage)

GtkWidget *sok_promise_thanks_page_new      (SokContext           *context);

void       sok_promise_thanks_page_set_name (SokPromiseThanksPage *self,
                                             const char           *forename);

G_END_DECLS
