/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-dsl-application"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-config.h"
#include "sok-dsl-application.h"
#include "sok-dsl-window.h"
#include "sok-paths.h"

/* The DSL console: reads where the queue and the key are (options, else the data
 * directory's kiosk.conf and dsl.key) and shows one window, locked. */
struct _SokDslApplication
{
  AdwApplication  parent_instance;

  char           *data_dir;
  char           *queue_uri;
  char           *key_path;
  int             idle_minutes;
};

G_DEFINE_FINAL_TYPE (SokDslApplication, sok_dsl_application, ADW_TYPE_APPLICATION)

/* Without a setting, the console locks after this many minutes without input. */
#define DEFAULT_IDLE_MINUTES 5

static int
sok_dsl_application_handle_local_options (GApplication *application,
                                          GVariantDict *options)
{
  SokDslApplication *self = SOK_DSL_APPLICATION (application);
  g_autofree char *data_dir = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *queue_uri = NULL;

  if (g_variant_dict_lookup (options, "data-dir", "^ay", &data_dir) && *data_dir != '\0')
    {
      g_free (self->data_dir);
      self->data_dir = g_canonicalize_filename (data_dir, NULL);
    }
  if (g_variant_dict_lookup (options, "key", "^ay", &key_path) && *key_path != '\0')
    {
      g_free (self->key_path);
      self->key_path = g_canonicalize_filename (key_path, NULL);
    }
  if (g_variant_dict_lookup (options, "queue", "s", &queue_uri) && *queue_uri != '\0')
    {
      g_free (self->queue_uri);
      self->queue_uri = g_steal_pointer (&queue_uri);
    }
  if (g_variant_dict_lookup (options, "idle-minutes", "i", &self->idle_minutes) &&
      (self->idle_minutes < 1 || self->idle_minutes > 120))
    {
      /* Translators: an error on the command line */
      g_printerr (_("--idle-minutes must be from 1 to 120\n"));
      return 2;
    }

  return -1;
}

static void
sok_dsl_application_activate (GApplication *application)
{
  SokDslApplication *self = SOK_DSL_APPLICATION (application);
  g_autoptr (SokConfig) config = NULL;
  g_autoptr (GError) config_error = NULL;
  const char *queue_uri = self->queue_uri;
  SokDslWindow *window;

  if (gtk_application_get_active_window (GTK_APPLICATION (self)) != NULL)
    {
      gtk_window_present (gtk_application_get_active_window (GTK_APPLICATION (self)));
      return;
    }

  /* On the DSL's own computer there may be no kiosk.conf at all: --queue and --key
   * are then enough. */
  config = sok_config_load (self->data_dir, &config_error);
  if (queue_uri == NULL && config != NULL)
    queue_uri = sok_config_get_queue (config);

  window = sok_dsl_window_new (GTK_APPLICATION (self), self->data_dir, queue_uri,
                               self->key_path, (guint)self->idle_minutes * 60);
  if (queue_uri == NULL)
    {
      g_autoptr (GError) error = NULL;

      if (config_error != NULL)
        error = g_error_new (SOK_CONFIG_ERROR, SOK_CONFIG_ERROR_MISSING,
                             _("No DSL queue is set: %s. Start the console with "
                               "--queue URI, or set the queue with "
                               "“sokctl --data-dir DIR config set queue URI”"),
                             config_error->message);
      else
        error = g_error_new (SOK_CONFIG_ERROR, SOK_CONFIG_ERROR_MISSING,
                             _("No DSL queue is set in %s/kiosk.conf. Start the console "
                               "with --queue URI, or set the queue with "
                               "“sokctl config set queue URI”"), self->data_dir);
      sok_dsl_window_show_problem (window, error);
    }

  gtk_window_present (GTK_WINDOW (window));
}

static void
sok_dsl_application_finalize (GObject *object)
{
  SokDslApplication *self = SOK_DSL_APPLICATION (object);

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->queue_uri, g_free);
  g_clear_pointer (&self->key_path, g_free);

  G_OBJECT_CLASS (sok_dsl_application_parent_class)->finalize (object);
}

static void
sok_dsl_application_class_init (SokDslApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = sok_dsl_application_finalize;

  app_class->handle_local_options = sok_dsl_application_handle_local_options;
  app_class->activate = sok_dsl_application_activate;
}

static void
sok_dsl_application_init (SokDslApplication *self)
{
  static const GOptionEntry entries[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
      /* Translators: help for the --data-dir option */
      N_("The data directory with kiosk.conf (for the queue) and dsl.key"), N_("DIR") },
    { "queue", 'q', 0, G_OPTION_ARG_STRING, NULL,
      /* Translators: help for the --queue option; do not translate sqlite: or postgresql: */
      N_("The DSL queue: sqlite:PATH or postgresql://…"), N_("URI") },
    { "key", 'k', 0, G_OPTION_ARG_FILENAME, NULL,
      /* Translators: help for the --key option */
      N_("The DSL key file (dsl.key)"), N_("FILE") },
    { "idle-minutes", 0, 0, G_OPTION_ARG_INT, NULL,
      /* Translators: help for the --idle-minutes option */
      N_("Lock the console after this many minutes without use (default 5)"),
      N_("MINUTES") },
    { NULL }
  };

  self->data_dir = sok_paths_dup_default_data_dir ();
  self->idle_minutes = DEFAULT_IDLE_MINUTES;

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("The Designated Safeguarding Lead's console "
                                              "for reports from Safe Online kiosks."));
}

/**
 * sok_dsl_application_new:
 *
 * Returns: (transfer full): the console application. It is unique in the session:
 *   starting it again brings the open window forward.
 */
SokDslApplication *
sok_dsl_application_new (void)
{
  return g_object_new (SOK_TYPE_DSL_APPLICATION,
                       "application-id", SOK_DSL_APP_ID,
                       "resource-base-path", "/org/safeonlinekiosk/Dsl",
                       NULL);
}
