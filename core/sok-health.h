/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SOK_HEALTH_OK,
  SOK_HEALTH_WARNING,
  SOK_HEALTH_PROBLEM,
} SokHealthLevel;

/* One line of a health check: what was checked, how it went, and what to do. */
typedef struct
{
  char           *check;
  SokHealthLevel  level;
  char           *message;
  char           *fix;
} SokHealthItem;

/* A check appends one or more items to @items. */
typedef void (*SokHealthCheckFunc) (const char *data_dir,
                                    GPtrArray  *items);

GPtrArray  *sok_health_run          (const char     *data_dir);
void        sok_health_add          (GPtrArray      *items,
                                     const char     *check,
                                     SokHealthLevel  level,
                                     const char     *fix,
                                     const char     *format,
                                     ...) G_GNUC_PRINTF (5, 6);
gboolean    sok_health_all_ok       (GPtrArray      *items);
const char *sok_health_level_to_string (SokHealthLevel level);

G_END_DECLS
