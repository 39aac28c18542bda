/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SOK_TYPE_TILE (sok_tile_get_type ())
G_DECLARE_FINAL_TYPE (SokTile, sok_tile, SOK, TILE, GtkButton)

GtkWidget  *sok_tile_new                (const char *icon_name,
                                         const char *words);

const char *sok_tile_get_icon_name      (SokTile    *self);
const char *sok_tile_get_words          (SokTile    *self);
int         sok_tile_get_picture_size   (SokTile    *self);

void        sok_tile_set_icon_name      (SokTile    *self,
                                         const char *icon_name);
void        sok_tile_set_words          (SokTile    *self,
                                         const char *words);
void        sok_tile_set_picture_size   (SokTile    *self,
                                         int         picture_size);

G_END_DECLS
