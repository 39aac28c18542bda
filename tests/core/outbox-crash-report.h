/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

/* Shared by test-outbox-crash and its child: what report number @n of run @run says,
 * so that the test can check each acknowledged report came back exactly as sent.
 * Lengths vary so that commits touch different numbers of pages; emoji and
 * right-to-left text ride along. */
static inline char *
crash_report_text (guint run,
                   guint n)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "crash report %u-%u: someone was unkind 😢 في اللعبة", run, n);
  for (guint i = 0; i < (n % 5) * 60; i++)
    g_string_append_printf (text, " %u", i);

  return g_string_free (text, FALSE);
}

static inline gboolean
crash_report_urgent (guint n)
{
  return n % 3 == 0;
}
