/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What every GTK test shares, the kiosk's and the DSL console's: setting up GTK in
 * isolated test directories, running the main loop until something holds, and
 * walking the widget tree. Nothing here knows either program's library. */

typedef gboolean (*SokTestCondition) (gpointer data);
typedef gboolean (*SokTestMatch)     (GtkWidget     *widget,
                                      gconstpointer  data);

void       sok_test_keep_system_schemas (void);
void       sok_test_init_style          (const char       *css_resource);
void       sok_test_wait_until          (SokTestCondition  condition,
                                         gpointer          data,
                                         guint             timeout_ms);
void       sok_test_spin                (guint             ms);
GtkWidget *sok_test_find_widget         (GtkWidget        *root,
                                         SokTestMatch      match,
                                         gconstpointer     data);
GtkWidget *sok_test_find_drawable_of_type (GtkWidget      *root,
                                           GType           type);

G_END_DECLS
