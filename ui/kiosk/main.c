/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "safe-online-kiosk"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-application.h"
#include "sok-language.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr (SokApplication) app = NULL;
  g_autoptr (GError) error = NULL;
  const char *renderer = g_getenv ("GSK_RENDERER");

  /* Drawing in software (GSK_RENDERER=cairo, as on a kiosk without a graphics chip),
   * GDK still opens OpenGL to learn what it could do, reading the GL driver and its
   * shader compiler from disk: half of a cold start, for nothing. Not when told not
   * to draw with GL, unless GDK_DEBUG says otherwise. */
  if (g_strcmp0 (renderer, "cairo") == 0 && g_getenv ("GDK_DEBUG") == NULL)
    g_setenv ("GDK_DEBUG", "gl-disable", FALSE);

  /* The kiosk picks its language itself, whatever the machine's locale (under systemd
   * LANG is unset); GTK must not set the locale again when it starts, or messages
   * would fall back to the plain C locale, where gettext ignores the language. */
  gtk_disable_setlocale ();
  if (!sok_language_init_kiosk (&error))
    g_warning ("Only English can be shown: %s", error->message);

  app = sok_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
