/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SOK_TYPE_KEYBOARD (sok_keyboard_get_type ())
G_DECLARE_FINAL_TYPE (SokKeyboard, sok_keyboard, SOK, KEYBOARD, GtkWidget)

GtkWidget *sok_keyboard_new          (void);

GtkWidget *sok_keyboard_get_target   (SokKeyboard *self);
gboolean   sok_keyboard_get_capitals (SokKeyboard *self);

void       sok_keyboard_set_target   (SokKeyboard *self,
                                      GtkWidget   *target);
void       sok_keyboard_set_capitals (SokKeyboard *self,
                                      gboolean     capitals);
void       sok_keyboard_type         (SokKeyboard *self,
                                      const char  *text);
void       sok_keyboard_delete       (SokKeyboard *self);

G_END_DECLS
