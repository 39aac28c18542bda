/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkFileChooserNative *sok_file_chooser_show (GtkWidget            *widget,
                                             GtkFileChooserAction  action,
                                             const char           *title,
                                             const char           *accept_label,
                                             GtkFileFilter        *filter,
                                             const char           *current_name,
                                             GCallback             response_cb,
                                             gpointer              user_data);
GFile                *sok_file_chooser_take_file (GtkFileChooserNative **chooser,
                                                  int                    response);
void                  sok_file_chooser_clear     (GtkFileChooserNative **chooser);

G_END_DECLS
