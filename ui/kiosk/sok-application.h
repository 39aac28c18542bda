/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SOK_TYPE_APPLICATION (sok_application_get_type ())
G_DECLARE_FINAL_TYPE (SokApplication, sok_application, SOK, APPLICATION, AdwApplication)

SokApplication *sok_application_new          (void);

const char     *sok_application_get_data_dir (SokApplication *self);
gboolean        sok_application_get_windowed (SokApplication *self);

void            sok_application_wake_delivery (SokApplication *self);

G_END_DECLS
