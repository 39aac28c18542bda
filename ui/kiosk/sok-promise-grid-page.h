/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-page.h"

G_BEGIN_DECLS

#define SOK_TYPE_PROMISE_GRID_PAGE (sok_promise_grid_page_get_type ())
G_DECLARE_FINAL_TYPE (SokPromiseGridPage, sok_promise_grid_page, SOK, PROMISE_GRID_PAGE, SokPage)

GtkWidget *sok_promise_grid_page_new            (SokContext         *context,
                                                 const char         *name,
                                                 guint               columns);

guint      sok_promise_grid_page_get_n_choices  (SokPromiseGridPage *self);

void       sok_promise_grid_page_clear          (SokPromiseGridPage *self);
void       sok_promise_grid_page_add_choice     (SokPromiseGridPage *self,
                                                 gint64              id,
                                                 const char         *words,
                                                 const char         *icon_name);
void       sok_promise_grid_page_set_empty_text (SokPromiseGridPage *self,
                                                 const char         *text);

G_END_DECLS
