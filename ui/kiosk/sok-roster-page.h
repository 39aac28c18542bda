/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-page.h"

G_BEGIN_DECLS

#define SOK_TYPE_ROSTER_PAGE (sok_roster_page_get_type ())
G_DECLARE_FINAL_TYPE (SokRosterPage, sok_roster_page, SOK, ROSTER_PAGE, SokPage)

GtkWidget *sok_roster_page_new         (SokContext *context);

gboolean   sok_roster_page_get_importing (SokRosterPage *self);

void       sok_roster_page_import_file (SokRosterPage *self,
                                        GFile         *file);

G_END_DECLS
