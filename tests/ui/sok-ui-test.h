/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "sok-config.h"
#include "sok-gtk-test.h"
#include "sok-store.h"
#include "test-util.h"

G_BEGIN_DECLS

/* What kiosk UI tests share: finding what a child or a member of staff would see,
 * pressing it, and setting up GTK the way the kiosk does. Running the main loop until
 * something holds is in sok-gtk-test.h (shared with the DSL console's tests);
 * sok_test_remove_tree() comes from tests/common/test-util.h. */

void       sok_test_init_gtk          (int              *argc,
                                       char           ***argv);

GtkWidget *sok_test_find_tile         (GtkWidget        *root,
                                       const char       *words);
GtkWidget *sok_test_find_label        (GtkWidget        *root,
                                       const char       *prefix);
GtkWidget *sok_test_find_button       (GtkWidget        *root,
                                       const char       *name);
guint      sok_test_count_tiles       (GtkWidget        *root);

GtkWidget *sok_test_wait_for_label    (GtkWidget        *root,
                                       const char       *prefix);
GtkWidget *sok_test_wait_for_page     (gpointer          window,
                                       const char       *name);
void       sok_test_press             (GtkWidget        *root,
                                       const char       *name);
void       sok_test_save_window_png   (gpointer          window,
                                       const char       *path);
void       sok_test_save_shot         (gpointer          window,
                                       const char       *name);

char      *sok_test_make_data_dir     (const char       *tmpl);
void       sok_test_open_data_dir     (const char       *dir,
                                       SokConfig       **config,
                                       SokStore        **store);
void       sok_test_present_window    (gpointer          window);
void       sok_test_close_window      (gpointer          window,
                                       SokStore         *store,
                                       SokConfig        *config);

gboolean   sok_test_window_is_mapped  (gpointer          window);
gboolean   sok_test_window_shows_home (gpointer          window);

G_END_DECLS
