/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-page.h"
#include "sok-agreement.h"

G_BEGIN_DECLS

#define SOK_TYPE_PROMISE_AGREE_PAGE (sok_promise_agree_page_get_type ())
G_DECLARE_FINAL_TYPE (SokPromiseAgreePage, sok_promise_agree_page, SOK, PROMISE_AGREE_PAGE, SokPage)

GtkWidget  *sok_promise_agree_page_new          (SokContext          *context);

void        sok_promise_agree_page_set_with_adult (SokPromiseAgreePage *self,
                                                   gboolean             with_adult);
GtkWidget  *sok_promise_agree_page_get_pad      (SokPromiseAgreePage *self);

void        sok_promise_agree_page_set_sentence (SokPromiseAgreePage *self,
                                                 const char          *sentence);
void        sok_promise_agree_page_set_saving   (SokPromiseAgreePage *self,
                                                 gboolean             saving);

G_END_DECLS
