/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-page.h"

G_BEGIN_DECLS

#define SOK_TYPE_PROMISE_NOTICE_PAGE (sok_promise_notice_page_get_type ())
G_DECLARE_FINAL_TYPE (SokPromiseNoticePage, sok_promise_notice_page, SOK, PROMISE_NOTICE_PAGE,
                      SokPage)

GtkWidget *sok_promise_notice_page_new      (SokContext           *context);

void       sok_promise_notice_page_set_text (SokPromiseNoticePage *self,
                                             const char           *title,
                                             const char           *words,
                                             const char           *read_words,
                                             gboolean              offer_done);

G_END_DECLS
