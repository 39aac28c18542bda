/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-page.h"
#include "sok-aup.h"

G_BEGIN_DECLS

#define SOK_TYPE_PROMISE_RULES_PAGE (sok_promise_rules_page_get_type ())
G_DECLARE_FINAL_TYPE (SokPromiseRulesPage, sok_promise_rules_page, SOK, PROMISE_RULES_PAGE, SokPage)

GtkWidget *sok_promise_rules_page_new       (SokContext           *context);

guint      sok_promise_rules_page_get_index (SokPromiseRulesPage *self);

void       sok_promise_rules_page_set_aup   (SokPromiseRulesPage *self,
                                             SokAup              *aup,
                                             const char          *data_dir,
                                             gboolean             read_itself);
void       sok_promise_rules_page_set_index (SokPromiseRulesPage *self,
                                             guint                index);

G_END_DECLS
