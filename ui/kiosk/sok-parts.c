/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-parts"

#include "config.h"

#include <gmodule.h>

#include "sok-parts.h"
#include "sok-speech.h"

/* Why a GModule rather than a delivery helper process. The home screen needs neither
 * the DSL queue nor a voice, yet linking them mapped some 50 shared libraries at
 * start (libpq brings TLS, Kerberos and LDAP; espeak-ng brings PulseAudio, sndfile
 * and the codecs). A module opened on idle after the first frame keeps every call as
 * it was: the delivery worker stays a thread sharing the process's outbox, woken
 * directly after each Send, stopped (and waited for) at shutdown; speech still hands
 * its WAV to the window's media stream in memory, so no report text or spoken words
 * cross a process boundary. A helper process would add an IPC protocol, a second
 * process to supervise and restart, and a copy of every word read aloud in a pipe,
 * for no gain in what start-up maps. The module and the program share one copy of
 * the core library (libsokcore.so), so its types are registered once.
 *
 * If the module is missing or from another build, the kiosk still runs: reports wait
 * safely in the outbox (and the log says what to reinstall), and Listen says in the
 * log why it cannot read aloud; a child sees the same screens either way. */

G_DEFINE_QUARK (sok-parts-error-quark, sok_parts_error)

#define MODULE_NAME "sok-kiosk-parts"

/**
 * sok_parts_dup_module_path:
 *
 * Returns: (transfer full): where the parts module is read from: the folder in
 *   $SOK_KIOSK_MODULE_DIR when set (tests set it), else the installed one, else the
 *   build tree's (a developer running the kiosk from the build directory)
 */
char *
sok_parts_dup_module_path (void)
{
  const char *env = g_getenv ("SOK_KIOSK_MODULE_DIR");
  g_autofree char *installed = NULL;

  if (env != NULL && *env != '\0')
    return g_module_build_path (env, MODULE_NAME);

  installed = g_module_build_path (SOK_KIOSK_MODULEDIR, MODULE_NAME);
  if (g_file_test (installed, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&installed);
  return g_module_build_path (SOK_BUILD_MODULEDIR, MODULE_NAME);
}

static const SokParts *
load (GError **error)
{
  g_autofree char *path = sok_parts_dup_module_path ();
  GModule *module;
  SokPartsGetFunc get = NULL;
  const SokParts *parts;

  /* Local: the module's symbols are reached only through its table. */
  module = g_module_open (path, G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      g_set_error (error, SOK_PARTS_ERROR, SOK_PARTS_ERROR_MISSING,
                   "The kiosk's delivery and read-aloud part %s could not be loaded (%s). "
                   "Reinstall safe-online-kiosk; until then reports wait safely in the "
                   "outbox and Listen stays silent.", path, g_module_error ());
      return NULL;
    }

  if (!g_module_symbol (module, SOK_PARTS_GET_SYMBOL, (gpointer *)&get) || get == NULL ||
      (parts = get ()) == NULL || parts->abi_version != SOK_PARTS_ABI_VERSION)
    {
      g_set_error (error, SOK_PARTS_ERROR, SOK_PARTS_ERROR_WRONG,
                   "%s is not this kiosk's delivery and read-aloud part (another version?). "
                   "Reinstall safe-online-kiosk; until then reports wait safely in the "
                   "outbox and Listen stays silent.", path);
      g_module_close (module);
      return NULL;
    }

  /* Kept for the life of the process: its threads and types must never go away. */
  g_module_make_resident (module);
  return parts;
}

typedef struct
{
  const SokParts *parts;
  GError         *error;
} Loaded;

static Loaded *
get_loaded (void)
{
  static Loaded *loaded;

  if (g_once_init_enter (&loaded))
    {
      Loaded *l = g_new0 (Loaded, 1);

      l->parts = load (&l->error);
      if (l->error != NULL)
        g_warning ("%s", l->error->message);
      g_once_init_leave (&loaded, l);
    }
  return loaded;
}

/**
 * sok_parts_get:
 *
 * Loads the parts module the first time (a few milliseconds; it maps libpq and
 * espeak-ng), and returns its table. A failure is told once in the log and
 * remembered.
 *
 * Returns: the parts, or %NULL with @error in %SOK_PARTS_ERROR, saying what to do
 */
const SokParts *
sok_parts_get (GError **error)
{
  Loaded *loaded = get_loaded ();

  if (loaded->parts == NULL)
    {
      g_propagate_error (error, g_error_copy (loaded->error));
      return NULL;
    }
  return loaded->parts;
}

typedef struct
{
  SokPartsLoadedFunc loaded;
  gpointer           user_data;
} Waiter;

static gboolean
load_on_idle_cb (gpointer data)
{
  Waiter *waiter = data;
  g_autoptr (GError) error = NULL;
  const SokParts *parts = sok_parts_get (&error);

  waiter->loaded (parts, error, waiter->user_data);
  return G_SOURCE_REMOVE;
}

static void
first_frame_cb (GdkFrameClock *frame_clock,
                gpointer       data)
{
  g_signal_handlers_disconnect_by_func (frame_clock, first_frame_cb, data);
  /* After the frame is on screen, at a priority below drawing and input, so the
   * child's first tap is never kept waiting for the loading. */
  g_idle_add_full (G_PRIORITY_LOW, load_on_idle_cb, data, g_free);
}

/**
 * sok_parts_load_after_first_frame:
 * @widget: a widget about to be shown (the kiosk's window)
 * @loaded: called with the parts once loaded, or with the error
 *
 * Loads the parts once @widget's first frame has been painted. @widget must be
 * realized (presented); a widget with no frame clock loads them on the next idle.
 * The caller keeps @user_data alive until @loaded is called (the application does:
 * it outlives its window).
 */
void
sok_parts_load_after_first_frame (GtkWidget          *widget,
                                  SokPartsLoadedFunc  loaded,
                                  gpointer            user_data)
{
  GdkFrameClock *frame_clock;
  Waiter *waiter;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (loaded != NULL);

  waiter = g_new0 (Waiter, 1);
  waiter->loaded = loaded;
  waiter->user_data = user_data;

  frame_clock = gtk_widget_get_frame_clock (widget);
  if (frame_clock != NULL)
    g_signal_connect (frame_clock, "after-paint", G_CALLBACK (first_frame_cb), waiter);
  else
    g_idle_add_full (G_PRIORITY_LOW, load_on_idle_cb, waiter, g_free);
}

/**
 * sok_parts_synthesize_wav_async:
 *
 * sok_speech_synthesize_wav_async() through the parts module, loading it if Listen
 * is tapped before it was. Without the module, the callback gets its error (from the
 * main loop, as any result).
 */
void
sok_parts_synthesize_wav_async (const char          *text,
                                const char          *voice,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr (GError) error = NULL;
  const SokParts *parts = sok_parts_get (&error);

  if (parts == NULL)
    {
      g_task_report_error (NULL, callback, user_data, sok_parts_synthesize_wav_async,
                           g_steal_pointer (&error));
      return;
    }
  parts->speech_synthesize_wav_async (text, voice, cancellable, callback, user_data);
}

/**
 * sok_parts_synthesize_wav_finish:
 *
 * Returns: (transfer full): the WAV, or %NULL with @error (in %SOK_PARTS_ERROR when
 *   the module could not be loaded)
 */
GBytes *
sok_parts_synthesize_wav_finish (GAsyncResult  *result,
                                 GError       **error)
{
  const SokParts *parts;

  if (g_async_result_is_tagged (result, sok_parts_synthesize_wav_async))
    return g_task_propagate_pointer (G_TASK (result), error);

  parts = sok_parts_get (NULL);
  g_return_val_if_fail (parts != NULL, NULL);
  return parts->speech_synthesize_wav_finish (result, error);
}

/**
 * sok_parts_is_nothing_to_say:
 *
 * Returns: whether @error from sok_parts_synthesize_wav_finish() only means that the
 *   text had nothing to read aloud (%SOK_SPEECH_ERROR_EMPTY)
 */
gboolean
sok_parts_is_nothing_to_say (const GError *error)
{
  const SokParts *parts;

  if (error == NULL || error->domain == SOK_PARTS_ERROR)
    return FALSE;
  parts = sok_parts_get (NULL);
  return parts != NULL && g_error_matches (error, parts->speech_error_quark (),
                                           SOK_SPEECH_ERROR_EMPTY);
}
