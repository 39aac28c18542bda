/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-application"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sok-application.h"
#include "sok-config.h"
#include "sok-language.h"
#include "sok-parts.h"
#include "sok-paths.h"
#include "sok-retention.h"
#include "sok-store.h"
#include "sok-window.h"

/* The kiosk program: reads its settings, opens its database and shows the one
 * window. Whatever goes wrong, a window still appears, asking a child to fetch a
 * grown-up and telling the grown-up what to fix.
 */
struct _SokApplication
{
  AdwApplication  parent_instance;

  char           *data_dir;
  gboolean        windowed;
  gboolean        allow_inspector;

  /* Delivers sealed reports to the DSL queue in its own thread, when a queue is set;
   * made once the parts module is loaded, after the first frame (sok-parts.c). */
  SokSyncWorker  *sync_worker;
  const SokParts *parts;
  gboolean        delivery_wanted;
  gboolean        shutting_down;

  /* Removes agreements past the school's retention-years, once a day. */
  SokRetentionDaily *retention;
};

G_DEFINE_FINAL_TYPE (SokApplication, sok_application, ADW_TYPE_APPLICATION)

/* GTK_DEBUG=interactive opens GTK's debugger with the first window, whatever the
 * window says (it never asks GtkWindow::enable-debugging), and "all" includes it. Both
 * are taken out of the environment before GTK starts, which is when it reads them;
 * whatever else GTK_DEBUG asks for stays. */
static void
refuse_interactive_debugging (void)
{
  const char *value = g_getenv ("GTK_DEBUG");
  g_auto (GStrv) words = NULL;
  g_autoptr (GStrvBuilder) kept = NULL;
  g_auto (GStrv) kept_words = NULL;
  g_autofree char *joined = NULL;
  gboolean refused = FALSE;

  if (value == NULL)
    return;

  words = g_strsplit_set (value, ":;, \t", -1);
  kept = g_strv_builder_new ();
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (words[i], "interactive") == 0 ||
          g_ascii_strcasecmp (words[i], "all") == 0)
        refused = TRUE;
      else if (*words[i] != '\0')
        g_strv_builder_add (kept, words[i]);
    }
  if (!refused)
    return;

  g_message ("GTK_DEBUG asked for GTK's interactive debugger, which the kiosk refuses "
             "unless started with --allow-inspector");
  kept_words = g_strv_builder_end (kept);
  joined = g_strjoinv (",", kept_words);
  if (*joined == '\0')
    g_unsetenv ("GTK_DEBUG");
  else
    g_setenv ("GTK_DEBUG", joined, TRUE);
}

static int
sok_application_handle_local_options (GApplication *application,
                                      GVariantDict *options)
{
  SokApplication *self = SOK_APPLICATION (application);
  g_autofree char *data_dir = NULL;

  if (g_variant_dict_lookup (options, "data-dir", "^ay", &data_dir) && *data_dir != '\0')
    {
      g_free (self->data_dir);
      self->data_dir = g_canonicalize_filename (data_dir, NULL);
    }

  if (g_variant_dict_contains (options, "windowed"))
    self->windowed = TRUE;

  if (g_variant_dict_contains (options, "allow-inspector"))
    self->allow_inspector = TRUE;
  else
    refuse_interactive_debugging ();

  return -1;
}

/* Shared objects mapped now, for bench/startup: what start-up had to load. */
static guint
count_mapped_libraries (void)
{
  g_autofree char *maps = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL))
    return 0;
  lines = g_strsplit (maps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *path = strchr (lines[i], '/');

      if (path != NULL && strstr (path, ".so") != NULL)
        g_hash_table_add (seen, g_strdup (path));
    }
  return g_hash_table_size (seen);
}

static void
first_frame_painted_cb (GdkFrameClock *frame_clock,
                        gpointer       user_data)
{
  g_printerr ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_printerr ("first-frame-libs %u\n", count_mapped_libraries ());
  g_signal_handlers_disconnect_by_func (frame_clock, first_frame_painted_cb, user_data);
}

/* For bench/startup: with SOK_BENCH_FIRST_FRAME set, says on stderr when the first
 * frame was painted, as "first-frame MICROSECONDS" (CLOCK_MONOTONIC), and how many
 * shared objects were mapped then ("first-frame-libs N"). Unset, it costs one getenv
 * at start-up. */
static void
watch_first_frame (GtkWindow *window)
{
  GdkFrameClock *frame_clock;

  if (g_getenv ("SOK_BENCH_FIRST_FRAME") == NULL)
    return;

  frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  if (frame_clock != NULL)
    g_signal_connect (frame_clock, "after-paint", G_CALLBACK (first_frame_painted_cb), NULL);
}

/* Reports wait in the outbox until the DSL queue has them. With a queue set, a
 * worker thread (with its own database connection, and one connection to the queue
 * that it keeps and beats on every minute) delivers them: an urgent one at once,
 * others at a random time (sok-sync.c); it retries with back-off and is woken after
 * every Send. Without one they wait safely and `sokctl outbox status` says why. The
 * worker is in the parts module, loaded after the first frame, so the connection is
 * opened only then; a report sent before that goes with its first connection. */
static void
start_delivery (SokApplication *self)
{
  if (self->sync_worker != NULL || !self->delivery_wanted || self->parts == NULL ||
      self->shutting_down)
    return;

  self->sync_worker = self->parts->sync_worker_new (self->data_dir);
  self->parts->sync_worker_start (self->sync_worker);
}

static void
parts_loaded_cb (const SokParts *parts,
                 const GError   *error,
                 gpointer        user_data)
{
  SokApplication *self = SOK_APPLICATION (user_data);

  /* Without the module (sok_parts_get() has told the log which file and what to do),
   * reports stay in the outbox, safe, until the kiosk is reinstalled. */
  self->parts = parts;
  start_delivery (self);
  g_object_unref (self);
}

static void
retention_first_frame_cb (GdkFrameClock *frame_clock,
                          gpointer       user_data)
{
  SokApplication *self = user_data;

  g_signal_handlers_disconnect_by_func (frame_clock, retention_first_frame_cb, user_data);
  if (self->retention == NULL && !self->shutting_down)
    self->retention = sok_retention_daily_start (self->data_dir);
}

/* Agreements older than the school's retention-years are removed in a worker thread
 * (with its own connection) once the first frame is drawn, so that start-up is not
 * slowed, and then once a day. */
static void
start_retention (SokApplication *self,
                 GtkWindow      *window)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  if (frame_clock != NULL)
    g_signal_connect_object (frame_clock, "after-paint", G_CALLBACK (retention_first_frame_cb),
                             self, 0);
  else
    self->retention = sok_retention_daily_start (self->data_dir);
}

static void
sok_application_shutdown (GApplication *application)
{
  SokApplication *self = SOK_APPLICATION (application);

  /* Waits for a delivery in progress (the queue must not be left half-told), then
   * closes the connection. */
  self->shutting_down = TRUE;
  g_clear_pointer (&self->retention, sok_retention_daily_stop);
  if (self->sync_worker != NULL)
    self->parts->sync_worker_stop (self->sync_worker);
  g_clear_object (&self->sync_worker);

  G_APPLICATION_CLASS (sok_application_parent_class)->shutdown (application);
}

/* The school's first language is the kiosk's default: every child starts in it. */
static void
use_school_languages (SokConfig *config)
{
  g_auto (GStrv) languages = sok_config_dup_languages (config);
  g_autoptr (GError) error = NULL;

  if (!sok_language_set_default (languages[0], &error) ||
      !sok_language_set_current (languages[0], &error))
    g_message ("The kiosk shows English: %s", error->message);
}

static void
sok_application_activate (GApplication *application)
{
  SokApplication *self = SOK_APPLICATION (application);
  g_autoptr (SokConfig) config = NULL;
  g_autoptr (SokStore) store = NULL;
  g_autoptr (GError) error = NULL;
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  config = sok_config_load (self->data_dir, &error);
  if (config != NULL)
    {
      use_school_languages (config);
      store = sok_store_open (self->data_dir, &error);
    }

  window = g_object_new (SOK_TYPE_WINDOW,
                         "application", self,
                         "config", error == NULL ? config : NULL,
                         "store", store,
                         "windowed", self->windowed,
                         "allow-inspector", self->allow_inspector,
                         NULL);

  if (error != NULL)
    {
      /* Staff read the message on screen; it names files, never pupils or reports. */
      g_message ("The kiosk cannot start: %s", error->message);
      sok_window_show_problem (SOK_WINDOW (window), error);
    }
  else
    {
      const char *queue = sok_config_get_queue (config);

      self->delivery_wanted = queue != NULL && *queue != '\0';
    }

  gtk_window_present (window);
  watch_first_frame (window);

  /* A reference, not a hold: a kiosk whose window goes before its first frame still
   * ends. */
  sok_parts_load_after_first_frame (GTK_WIDGET (window), parts_loaded_cb, g_object_ref (self));
  if (error == NULL)
    start_retention (self, window);
}

static void
sok_application_finalize (GObject *object)
{
  SokApplication *self = SOK_APPLICATION (object);

  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (sok_application_parent_class)->finalize (object);
}

static void
sok_application_class_init (SokApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = sok_application_finalize;

  app_class->handle_local_options = sok_application_handle_local_options;
  app_class->activate = sok_application_activate;
  app_class->shutdown = sok_application_shutdown;
}

static void
wake_delivery_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  sok_application_wake_delivery (SOK_APPLICATION (user_data));
}

static void
sok_application_init (SokApplication *self)
{
  /* app.wake-delivery: what the report flow activates after a report was stored, so
   * it need not know the application. */
  static const GActionEntry actions[] = {
    { "wake-delivery", wake_delivery_action, NULL, NULL, NULL },
  };

  static const GOptionEntry entries[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
      /* Translators: help for the --data-dir option */
      N_("The kiosk's data directory, with kiosk.conf and kiosk.db"), N_("DIR") },
    { "windowed", 'w', 0, G_OPTION_ARG_NONE, NULL,
      /* Translators: help for the --windowed option */
      N_("Run in a window, for development, instead of the locked fullscreen kiosk"), NULL },
    { "allow-inspector", 0, 0, G_OPTION_ARG_NONE, NULL,
      /* Translators: help for the --allow-inspector option */
      N_("Let Ctrl+Shift+I, Ctrl+Shift+D and GTK_DEBUG=interactive open GTK's debugger, "
         "for development only: it can show any screen without a PIN"), NULL },
    { NULL }
  };

  self->data_dir = sok_paths_dup_default_data_dir ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("The Safe Online Kiosk for pupils."));
}

/**
 * sok_application_new:
 *
 * Returns: (transfer full): the kiosk application. Several may run at once (tests
 *   start many), so it does not ask the session bus to be unique.
 */
SokApplication *
sok_application_new (void)
{
  return g_object_new (SOK_TYPE_APPLICATION,
                       "application-id", SOK_APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/org/safeonlinekiosk/Kiosk",
                       NULL);
}

const char *
sok_application_get_data_dir (SokApplication *self)
{
  g_return_val_if_fail (SOK_IS_APPLICATION (self), NULL);

  return self->data_dir;
}

gboolean
sok_application_get_windowed (SokApplication *self)
{
  g_return_val_if_fail (SOK_IS_APPLICATION (self), FALSE);

  return self->windowed;
}

/**
 * sok_application_wake_delivery:
 *
 * Asks the delivery worker to deliver now, after a report was stored. Does nothing
 * when no DSL queue is set. Never blocks.
 */
void
sok_application_wake_delivery (SokApplication *self)
{
  g_return_if_fail (SOK_IS_APPLICATION (self));

  if (self->sync_worker != NULL)
    self->parts->sync_worker_wake (self->sync_worker);
}
