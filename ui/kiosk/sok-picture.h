/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SOK_TYPE_PICTURE (sok_picture_get_type ())
G_DECLARE_FINAL_TYPE (SokPicture, sok_picture, SOK, PICTURE, GtkWidget)

GtkWidget  *sok_picture_new              (const char *icon_name);
GtkWidget  *sok_picture_new_with_meaning (const char *icon_name,
                                          const char *meaning);

const char *sok_picture_get_icon_name    (SokPicture *self);
int         sok_picture_get_pixel_size   (SokPicture *self);
gboolean    sok_picture_has_image        (SokPicture *self);

void        sok_picture_set_icon_name    (SokPicture *self,
                                          const char *icon_name);
void        sok_picture_set_pixel_size   (SokPicture *self,
                                          int         pixel_size);

G_END_DECLS
