/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char       *sok_paths_dup_default_data_dir (void);
const char *sok_paths_get_shipped_dir      (void);
const char *sok_paths_get_icons_dir        (void);
char       *sok_paths_dup_content_path     (const char *data_dir,
                                            const char *relative,
                                            gboolean   *is_override);

G_END_DECLS
