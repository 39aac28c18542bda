/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SOK_CSV_QUOTE_WHEN_NEEDED,
  SOK_CSV_QUOTE_ALWAYS,
} SokCsvQuoting;

gboolean sok_csv_is_formula_like (const char    *value);
void     sok_csv_append_field    (GString       *out,
                                  const char    *value,
                                  SokCsvQuoting  quoting);

G_END_DECLS
