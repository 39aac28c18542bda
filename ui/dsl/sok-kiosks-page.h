/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "sok-queue.h"
#include "sok-seal.h"

G_BEGIN_DECLS

#define SOK_TYPE_KIOSKS_PAGE (sok_kiosks_page_get_type ())
G_DECLARE_FINAL_TYPE (SokKiosksPage, sok_kiosks_page, SOK, KIOSKS_PAGE, AdwBin)

SokKiosksPage *sok_kiosks_page_new  (void);

gboolean       sok_kiosks_page_show  (SokKiosksPage  *self,
                                      SokQueue       *queue,
                                      SokDslKey      *key,
                                      const char     *actor,
                                      GError        **error);
void           sok_kiosks_page_clear (SokKiosksPage  *self);

G_END_DECLS
