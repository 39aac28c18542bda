/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "safe-online-dsl"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>

#include "sok-dsl-application.h"
#include "sok-language.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr (SokDslApplication) app = NULL;

  /* The DSL's own language, even on a machine without its locale generated; GTK must
   * not set the locale again, or that would be undone. */
  gtk_disable_setlocale ();
  sok_language_init_from_environment ();

  /* libsodium must be ready before any of its memory is allocated: core's unlock
   * copies the passphrase into sodium_malloc() memory before it calls sodium_init(),
   * and without this the console aborted on its first passphrase. */
  if (sodium_init () < 0)
    {
      /* Translators: at start-up, when the cryptography library cannot start */
      g_printerr (_("The DSL console cannot start its cryptography (libsodium)\n"));
      return 1;
    }

  app = sok_dsl_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
