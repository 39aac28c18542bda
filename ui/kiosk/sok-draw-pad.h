/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The most a pad keeps, so a child scribbling for minutes cannot grow memory without
 * bound; the pad says "full" instead (see the "full" property). No more than a
 * report's drawing can keep (SOK_REPORT_MAX_POINTS, checked where the pad fills the
 * draft): a pad that showed more than is sent would show the child a drawing the
 * grown-up never sees. */
#define SOK_DRAW_PAD_MAX_STROKES 200
#define SOK_DRAW_PAD_MAX_POINTS  9000

#define SOK_TYPE_DRAW_PAD (sok_draw_pad_get_type ())
G_DECLARE_FINAL_TYPE (SokDrawPad, sok_draw_pad, SOK, DRAW_PAD, GtkWidget)

GtkWidget    *sok_draw_pad_new             (void);

guint         sok_draw_pad_get_n_strokes   (SokDrawPad *self);
const GArray *sok_draw_pad_get_stroke      (SokDrawPad *self,
                                            guint       index);
guint         sok_draw_pad_get_n_points    (SokDrawPad *self);
gboolean      sok_draw_pad_get_full        (SokDrawPad *self);

void          sok_draw_pad_clear           (SokDrawPad *self);
void          sok_draw_pad_add_stroke      (SokDrawPad             *self,
                                            const graphene_point_t *points,
                                            guint                   n_points);

G_END_DECLS
