/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sokctl"

#include "config.h"

#include <stdio.h>

#include "sok-kiosk.h"
#include "sok-queue.h"
#include "sokctl.h"

/* `sokctl kiosk enrol`: this kiosk's signing key. The DSL approves the kiosk by the
 * fingerprint words printed here (`sokctl queue kiosks approve WORDS`). */

static gboolean
kiosk_enrol (SokctlContext  *ctx,
             gboolean        replace,
             const char     *queue_uri,
             GError        **error)
{
  g_autoptr (SokConfig) config = NULL;
  g_autoptr (SokKioskKey) key = NULL;
  g_autoptr (SokQueue) queue = NULL;
  g_autoptr (GError) queue_error = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *words = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *sent_to = NULL;
  gboolean created = FALSE;
  const char *uri;

  if (!(config = sokctl_load_config (ctx, error)))
    return FALSE;

  key = sok_kiosk_key_enrol (ctx->data_dir, replace, &created, error);
  if (key == NULL)
    return FALSE;

  public_key = sok_kiosk_key_dup_public_key_base64 (key);
  words = sok_kiosk_dup_fingerprint_words (public_key);
  hex = sok_kiosk_dup_fingerprint_hex (public_key);

  /* The key also goes with the next report; sending it now lets the DSL approve the
   * kiosk before any child has used it. */
  uri = queue_uri != NULL ? queue_uri : sok_config_get_queue (config);
  if (uri == NULL || *uri == '\0')
    g_set_error (&queue_error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID_URI,
                 "no DSL queue is set (sokctl config set queue …)");
  else if ((queue = sok_queue_open (uri, SOK_QUEUE_ROLE_KIOSK, &queue_error)) != NULL &&
           sok_queue_register_kiosk (queue, sok_config_get_kiosk_id (config), public_key,
                                     &queue_error))
    sent_to = g_strdup (sok_queue_get_display_uri (queue));

  if (ctx->format == SOKCTL_FORMAT_TEXT)
    {
      printf ("%s kiosk %s.\n"
              "  Fingerprint: %s\n"
              "               (%s)\n",
              created ? "Enrolled" : "Already enrolled:", sok_config_get_kiosk_id (config),
              words, hex);
      if (sent_to != NULL)
        printf ("Its key is in the DSL queue %s, waiting for the DSL's approval.\n", sent_to);
      else
        printf ("Its key could not be given to the DSL queue now (%s); it goes with the "
                "next report.\n", queue_error->message);
      printf ("Ask the DSL to approve the kiosk with these words: “sokctl queue kiosks "
              "approve \"%s\"”, or in the console's Kiosks page. Until then its reports "
              "are marked as from an unapproved kiosk.\n", words);
    }
  else
    sokctl_print_record (ctx->format,
                         (const char *[]) { "kiosk_id", "public_key", "fingerprint_words",
                                            "fingerprint_hex", "created", "in_queue", NULL },
                         (const char *[]) { sok_config_get_kiosk_id (config), public_key, words,
                                            hex, created ? "true" : "false",
                                            sent_to != NULL ? "true" : "false", NULL },
                         NULL);
  return TRUE;
}

gboolean
sokctl_cmd_kiosk (SokctlContext  *ctx,
                  int             argc,
                  char          **argv,
                  GError        **error)
{
  g_autofree char *queue = NULL;
  gboolean replace = FALSE;
  GOptionEntry entries[] = {
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace,
      "Make a new key even though the kiosk has one (the old file is kept beside it; the "
      "DSL must approve the new key)", NULL },
    { "queue", 0, 0, G_OPTION_ARG_STRING, &queue,
      "The DSL queue to give the key to (default: the queue setting)", "QUEUE" },
    { NULL }
  };

  if (!sokctl_parse_options ("kiosk", "enrol [--replace]",
                             "Makes this kiosk's signing key (Ed25519, in DATA_DIR/kiosk.key, "
                             "mode 0600), gives its public half to the DSL queue, and prints its "
                             "fingerprint for the DSL to approve. Enrolling again prints the same "
                             "key; it is never overwritten unless --replace is given.",
                             entries, &argc, &argv, 1, 1, error))
    return FALSE;

  if (!g_str_equal (argv[1], "enrol") && !g_str_equal (argv[1], "enroll"))
    return sokctl_usage_error (error, "kiosk takes “enrol”, not “%s”", argv[1]);

  return kiosk_enrol (ctx, replace, queue, error);
}
