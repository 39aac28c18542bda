/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The pictures a class tile can show, so that a child who cannot read "Robins" finds
 * their class by its robin. A picture's id is also its icon, "class-<id>.svg". */

const char * const *sok_class_picture_get_all      (void);
gboolean            sok_class_picture_is_known     (const char          *picture);
char               *sok_class_picture_dup_list     (void);
const char         *sok_class_picture_for_name     (const char          *class_name);
GStrv               sok_class_picture_assign       (const char * const  *class_names,
                                                    const char * const  *chosen);

G_END_DECLS
