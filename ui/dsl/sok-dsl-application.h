/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SOK_TYPE_DSL_APPLICATION (sok_dsl_application_get_type ())
G_DECLARE_FINAL_TYPE (SokDslApplication, sok_dsl_application, SOK, DSL_APPLICATION,
                      AdwApplication)

SokDslApplication *sok_dsl_application_new (void);

G_END_DECLS
