/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "sok-seal.h"

G_BEGIN_DECLS

#define SOK_TYPE_UNLOCK_PAGE (sok_unlock_page_get_type ())
G_DECLARE_FINAL_TYPE (SokUnlockPage, sok_unlock_page, SOK, UNLOCK_PAGE, AdwBin)

SokUnlockPage *sok_unlock_page_new             (void);

const char    *sok_unlock_page_get_key_path    (SokUnlockPage *self);
char          *sok_unlock_page_dup_fingerprint_words (SokUnlockPage *self);
const char    *sok_unlock_page_get_actor       (SokUnlockPage *self);
guint          sok_unlock_page_get_failures    (SokUnlockPage *self);
gint64         sok_unlock_page_get_wait        (SokUnlockPage *self);
gboolean       sok_unlock_page_get_busy        (SokUnlockPage *self);

void           sok_unlock_page_set_key_path    (SokUnlockPage *self,
                                                const char    *key_path);
void           sok_unlock_page_set_actor       (SokUnlockPage *self,
                                                const char    *actor);
void           sok_unlock_page_set_message     (SokUnlockPage *self,
                                                const char    *message);

SokDslKey     *sok_unlock_page_steal_key       (SokUnlockPage *self);
void           sok_unlock_page_forget          (SokUnlockPage *self);

G_END_DECLS
