/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-csv"

#include "config.h"

#include "sok-csv.h"

/* The one CSV writer every export shares: RFC 4180 quoting, and OWASP's guard against
 * cells a spreadsheet would run as a formula. */

static char *
field (const char    *value,
       SokCsvQuoting  quoting)
{
  GString *out = g_string_new (NULL);

  sok_csv_append_field (out, value, quoting);
  return g_string_free (out, FALSE);
}

static void
assert_field (const char    *value,
              SokCsvQuoting  quoting,
              const char    *expected)
{
  g_autofree char *written = field (value, quoting);

  g_assert_cmpstr (written, ==, expected);
}

/* Each of OWASP's characters, at the start of a cell, is made text by a quote mark in
 * a quoted cell, whichever quoting the file uses. */
static void
test_csv_guards_each_formula_character (void)
{
  static const struct
  {
    const char *value;
    const char *expected;
  } cases[] = {
    { "=HYPERLINK(\"https://evil.example\")", "\"'=HYPERLINK(\"\"https://evil.example\"\")\"" },
    { "+cmd|' /C calc'!A0", "\"'+cmd|' /C calc'!A0\"" },
    { "-2+3+cmd|' /C calc'!A0", "\"'-2+3+cmd|' /C calc'!A0\"" },
    { "@SUM(1+1)*cmd|' /C calc'!A0", "\"'@SUM(1+1)*cmd|' /C calc'!A0\"" },
    { "\t=1+1", "\"'\t=1+1\"" },
    { "\r=1+1", "\"'\r=1+1\"" },
    /* A digit after the sign is no excuse: "=1+1" is a formula. */
    { "=1+1", "\"'=1+1\"" },
    { "-5", "\"'-5\"" },
    { "=", "\"'=\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_true (sok_csv_is_formula_like (cases[i].value));
      assert_field (cases[i].value, SOK_CSV_QUOTE_WHEN_NEEDED, cases[i].expected);
      assert_field (cases[i].value, SOK_CSV_QUOTE_ALWAYS, cases[i].expected);
    }
}

/* The same characters anywhere but the start, and ordinary cells, are left as they
 * are: a pupil called Mary-Jane keeps her hyphen and no quote mark. */
static void
test_csv_leaves_ordinary_cells (void)
{
  g_assert_false (sok_csv_is_formula_like ("Mary-Jane"));
  g_assert_false (sok_csv_is_formula_like (""));
  g_assert_false (sok_csv_is_formula_like (NULL));
  g_assert_false (sok_csv_is_formula_like (" =1+1"));

  assert_field ("Mary-Jane", SOK_CSV_QUOTE_WHEN_NEEDED, "Mary-Jane");
  assert_field ("a@b.example", SOK_CSV_QUOTE_WHEN_NEEDED, "a@b.example");
  assert_field ("12", SOK_CSV_QUOTE_WHEN_NEEDED, "12");
  assert_field ("", SOK_CSV_QUOTE_WHEN_NEEDED, "");
  assert_field (NULL, SOK_CSV_QUOTE_WHEN_NEEDED, "");
  assert_field ("Mary-Jane", SOK_CSV_QUOTE_ALWAYS, "\"Mary-Jane\"");
  assert_field (NULL, SOK_CSV_QUOTE_ALWAYS, "\"\"");
}

/* RFC 4180: a comma, a quote or a line break needs a quoted cell, quotes doubled. */
static void
test_csv_quotes_what_rfc_4180_needs (void)
{
  assert_field ("O'Brien, Sean", SOK_CSV_QUOTE_WHEN_NEEDED, "\"O'Brien, Sean\"");
  assert_field ("say \"hi\"", SOK_CSV_QUOTE_WHEN_NEEDED, "\"say \"\"hi\"\"\"");
  assert_field ("two\nlines", SOK_CSV_QUOTE_WHEN_NEEDED, "\"two\nlines\"");
  assert_field ("two\r\nlines", SOK_CSV_QUOTE_WHEN_NEEDED, "\"two\r\nlines\"");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/csv/guard/each-formula-character-becomes-text",
                   test_csv_guards_each_formula_character);
  g_test_add_func ("/csv/guard/ordinary-cells-are-left-alone", test_csv_leaves_ordinary_cells);
  g_test_add_func ("/csv/quoting/as-rfc-4180-needs", test_csv_quotes_what_rfc_4180_needs);

  return g_test_run ();
}
