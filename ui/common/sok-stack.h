/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* How long after a child's page has arrived a second tap of a double tap is still
 * taken as part of the tap that brought it (see sok_stack_settle_after_change). */
#define SOK_STACK_CHILD_SETTLE_MS 400


void sok_stack_present_only_visible_child (GtkStack *stack);
void sok_stack_settle_after_change        (GtkStack *stack,
                                           guint     settle_ms);

G_END_DECLS
