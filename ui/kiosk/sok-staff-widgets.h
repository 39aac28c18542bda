/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "sok-store.h"

G_BEGIN_DECLS

GtkWidget *sok_staff_button_new              (const char *label);
GtkWidget *sok_staff_label_new               (const char *text,
                                              const char *style_class);
GtkWidget *sok_staff_heading_new             (const char *text,
                                              const char *style_class);

char      *sok_staff_dup_late_report_warning (SokStore   *store,
                                              gboolean    on_health_page);

G_END_DECLS
