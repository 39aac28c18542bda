/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-csv"

#include "config.h"

#include <string.h>

#include "sok-csv.h"

/* Every CSV file the project writes (sokctl's --format csv, a case exported by the
 * DSL) goes through sok_csv_append_field(), so that one rule defuses what a
 * spreadsheet would run. Pupils' names come from the school's MIS, a child's report
 * from the child, and a cell that opens as =HYPERLINK(…) or -2+3+cmd|… in a
 * spreadsheet is an attack on whoever opens the file: OWASP's "CSV injection" page
 * lists the characters a formula can start with, and its advice is followed here. */

/* OWASP's list: equals, plus, minus, at, tab (0x09) and carriage return (0x0D). */
static const char formula_starts[] = "=+-@\t\r";

/**
 * sok_csv_is_formula_like:
 * @value: (nullable): a cell's text
 *
 * Returns: whether a spreadsheet could read @value as a formula, because it starts
 *   with one of OWASP's characters. Numbers such as "-5" are included: the list has
 *   no exceptions, since "-2+3+cmd|…" starts like one.
 */
gboolean
sok_csv_is_formula_like (const char *value)
{
  return value != NULL && value[0] != '\0' && strchr (formula_starts, value[0]) != NULL;
}

/**
 * sok_csv_append_field:
 * @out: the file's text so far
 * @value: (nullable): the cell's text; %NULL is an empty cell
 * @quoting: whether to quote every cell, or only those that need it
 *
 * Appends one cell as RFC 4180 writes it (quoted when it holds a comma, a quote or a
 * line break, quotes doubled), without the separator after it. A cell a spreadsheet
 * could run as a formula (sok_csv_is_formula_like()) is made text: a single quote is
 * put before it and the cell is quoted, as OWASP advises. The quote is visible when
 * the file is read back; the cell's own text follows it unchanged.
 */
void
sok_csv_append_field (GString       *out,
                      const char    *value,
                      SokCsvQuoting  quoting)
{
  gboolean guard;

  g_return_if_fail (out != NULL);

  if (value == NULL)
    value = "";

  guard = sok_csv_is_formula_like (value);
  if (!guard && quoting == SOK_CSV_QUOTE_WHEN_NEEDED && strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (out, value);
      return;
    }

  g_string_append_c (out, '"');
  if (guard)
    g_string_append_c (out, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}
