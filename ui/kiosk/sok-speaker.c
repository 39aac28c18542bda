/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-speaker"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "sok-speaker-private.h"
#include "sok-language.h"
#include "sok-parts.h"

/* How long a stream may take to get ready before we give up on it. A machine without
 * a working sound device may neither play nor report an error; the child must not see
 * "speaking" forever.
 */
#define PREPARE_TIMEOUT_SECONDS 10

/* Slack after the media's own duration before playback is considered stuck. */
#define END_SLACK_SECONDS 5

/* Used when a recording does not say how long it is. */
#define UNKNOWN_DURATION_SECONDS 120

struct _SokSpeaker
{
  GObject           parent_instance;

  GCancellable     *cancellable;
  GtkMediaStream   *stream;
  int               audio_fd;
  char             *text;
  guint             watchdog_id;
  SokSpeakerSource  source;
  guint             speaking : 1;
};

G_DEFINE_FINAL_TYPE (SokSpeaker, sok_speaker, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SPEAKING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_synthesis (SokSpeaker *self);

static void
set_speaking (SokSpeaker *self,
              gboolean    speaking)
{
  speaking = !!speaking;
  if (self->speaking == speaking)
    return;

  self->speaking = speaking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEAKING]);
}

static void
clear_text (SokSpeaker *self)
{
  /* The text is whatever was on screen, possibly a child's own words: wipe it. */
  if (self->text != NULL)
    memset (self->text, 0, strlen (self->text));
  g_clear_pointer (&self->text, g_free);
}

typedef struct
{
  GtkMediaStream *stream;
  int             audio_fd;
} Released;

static void
released_free (gpointer data)
{
  Released *released = data;

  g_object_unref (released->stream);
  if (released->audio_fd >= 0)
    g_close (released->audio_fd, NULL);
  g_free (released);
}

static void
release_stream (SokSpeaker *self)
{
  Released *released;

  if (self->stream == NULL)
    {
      g_assert (self->audio_fd < 0);
      return;
    }

  g_signal_handlers_disconnect_by_data (self->stream, self);
  if (gtk_media_stream_get_playing (self->stream))
    gtk_media_stream_pause (self->stream);

  /* We may be inside one of the stream's own notifications, so it is dropped from
   * the main loop rather than under its feet; the audio's memory goes with it.
   */
  released = g_new0 (Released, 1);
  released->stream = g_steal_pointer (&self->stream);
  released->audio_fd = self->audio_fd;
  self->audio_fd = -1;
  g_idle_add_once (released_free, released);
}

/* Stops everything without touching "speaking", so say() can replace one utterance
 * by another without flickering the property.
 */
static void
halt (SokSpeaker *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  release_stream (self);
  self->source = SOK_SPEAKER_SOURCE_NONE;
}

static void
finish (SokSpeaker *self)
{
  halt (self);
  clear_text (self);
  set_speaking (self, FALSE);
}

static gboolean
watchdog_cb (gpointer user_data)
{
  SokSpeaker *self = user_data;

  self->watchdog_id = 0;
  g_warning ("Read-aloud audio did not finish in time; stopping it (is a sound device "
             "available?)");
  finish (self);

  return G_SOURCE_REMOVE;
}

static void
arm_watchdog (SokSpeaker *self,
              guint       seconds)
{
  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  self->watchdog_id = g_timeout_add_seconds (seconds, watchdog_cb, self);
}

static void
stream_notify_prepared_cb (GtkMediaStream *stream,
                           GParamSpec     *pspec,
                           SokSpeaker     *self)
{
  gint64 duration;

  if (!gtk_media_stream_is_prepared (stream))
    return;

  duration = gtk_media_stream_get_duration (stream);
  if (duration > 0)
    arm_watchdog (self, (guint)(duration / G_USEC_PER_SEC) + END_SLACK_SECONDS);
  else
    arm_watchdog (self, UNKNOWN_DURATION_SECONDS);
}

static void
stream_notify_ended_cb (GtkMediaStream *stream,
                        GParamSpec     *pspec,
                        SokSpeaker     *self)
{
  if (gtk_media_stream_get_ended (stream))
    finish (self);
}

static void
stream_notify_error_cb (GtkMediaStream *stream,
                        GParamSpec     *pspec,
                        SokSpeaker     *self)
{
  const GError *error = gtk_media_stream_get_error (stream);

  if (error == NULL)
    return;

  /* The message comes from the media framework and never contains the text. */
  if (self->source == SOK_SPEAKER_SOURCE_RECORDING && self->text != NULL)
    {
      g_warning ("The school's recording could not be played (%s); reading aloud "
                 "with the synthetic voice instead", error->message);
      halt (self);
      start_synthesis (self);
      return;
    }

  g_warning ("Read-aloud audio could not be played: %s", error->message);
  finish (self);
}

static void
play_stream (SokSpeaker     *self,
             GtkMediaStream *stream)
{
  g_assert (self->stream == NULL);

  self->stream = stream;
  g_signal_connect (stream, "notify::prepared", G_CALLBACK (stream_notify_prepared_cb), self);
  g_signal_connect (stream, "notify::ended", G_CALLBACK (stream_notify_ended_cb), self);
  g_signal_connect (stream, "notify::error", G_CALLBACK (stream_notify_error_cb), self);
  arm_watchdog (self, PREPARE_TIMEOUT_SECONDS);

  gtk_media_stream_set_loop (stream, FALSE);
  gtk_media_stream_play (stream);

  /* A backend may fail synchronously, before we could see a notification. */
  if (self->stream == stream && gtk_media_stream_get_error (stream) != NULL)
    stream_notify_error_cb (stream, NULL, self);
}

/* GTK 4.8's GStreamer backend can only open files, not input streams, yet what is on
 * screen must never be written to disk. The WAV therefore goes into an anonymous
 * memory file, which GStreamer opens through /proc like any other path.
 */
static void
play_wav (SokSpeaker *self,
          GBytes     *wav)
{
  g_autofree char *path = NULL;
  const guint8 *data;
  gsize len;
  int fd;

  fd = memfd_create ("sok-speech", MFD_CLOEXEC);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_warning ("Could not hold read-aloud audio in memory: %s", g_strerror (saved_errno));
      finish (self);
      return;
    }

  data = g_bytes_get_data (wav, &len);
  while (len > 0)
    {
      ssize_t written = write (fd, data, len);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        {
          int saved_errno = errno;

          g_warning ("Could not hold read-aloud audio in memory: %s",
                     g_strerror (saved_errno));
          g_close (fd, NULL);
          finish (self);
          return;
        }
      data += written;
      len -= (gsize)written;
    }

  self->audio_fd = fd;
  path = g_strdup_printf ("/proc/self/fd/%d", fd);
  play_stream (self, gtk_media_file_new_for_filename (path));
}

/* The speaker is not kept alive by its synthesis: dispose and every new say() or
 * stop() cancel the current one, so a result whose cancellable is not cancelled
 * always finds its speaker alive.
 */
typedef struct
{
  SokSpeaker   *self;
  GCancellable *cancellable;
} Synthesis;

static void
synthesis_free (Synthesis *synthesis)
{
  g_clear_object (&synthesis->cancellable);
  g_free (synthesis);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Synthesis, synthesis_free)

static void
synthesize_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Synthesis) synthesis = user_data;
  SokSpeaker *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) wav = NULL;

  wav = sok_parts_synthesize_wav_finish (result, &error);

  /* A newer say(), a stop() or the speaker's disposal made this result stale. */
  if (g_cancellable_is_cancelled (synthesis->cancellable))
    return;

  self = synthesis->self;
  g_assert (self->cancellable == synthesis->cancellable);

  g_clear_object (&self->cancellable);
  clear_text (self);

  if (wav == NULL)
    {
      if (sok_parts_is_nothing_to_say (error))
        g_debug ("Nothing to read aloud");
      else
        g_warning ("Could not read aloud: %s", error->message);
      finish (self);
      return;
    }

  play_wav (self, wav);
}

static void
start_synthesis (SokSpeaker *self)
{
  Synthesis *synthesis;

  g_assert (self->cancellable == NULL);
  g_assert (self->text != NULL);

  self->source = SOK_SPEAKER_SOURCE_SYNTHESIS;
  self->cancellable = g_cancellable_new ();

  synthesis = g_new0 (Synthesis, 1);
  synthesis->self = self;
  synthesis->cancellable = g_object_ref (self->cancellable);

  /* In the voice of the language the child is reading now. */
  sok_parts_synthesize_wav_async (self->text, sok_language_get_voice (sok_language_get_current ()),
                                  self->cancellable, synthesize_cb, synthesis);
}

static void
sok_speaker_dispose (GObject *object)
{
  SokSpeaker *self = (SokSpeaker *)object;

  halt (self);
  clear_text (self);

  G_OBJECT_CLASS (sok_speaker_parent_class)->dispose (object);
}

static void
sok_speaker_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SokSpeaker *self = SOK_SPEAKER (object);

  switch (prop_id)
    {
    case PROP_SPEAKING:
      g_value_set_boolean (value, self->speaking);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sok_speaker_class_init (SokSpeakerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sok_speaker_dispose;
  object_class->get_property = sok_speaker_get_property;

  /**
   * SokSpeaker:speaking:
   *
   * Whether the speaker is preparing or playing speech. It turns %FALSE when the
   * speech ends, is stopped, or cannot be played.
   */
  properties[PROP_SPEAKING] =
    g_param_spec_boolean ("speaking", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sok_speaker_init (SokSpeaker *self)
{
  self->audio_fd = -1;
}

/**
 * sok_speaker_new:
 *
 * Creates the speaker the kiosk shares for "Listen".
 *
 * Returns: (transfer full): a new #SokSpeaker
 */
SokSpeaker *
sok_speaker_new (void)
{
  return g_object_new (SOK_TYPE_SPEAKER, NULL);
}

/**
 * sok_speaker_get_speaking:
 * @self: a #SokSpeaker
 *
 * Returns: %TRUE while speech is being prepared or played
 */
gboolean
sok_speaker_get_speaking (SokSpeaker *self)
{
  g_return_val_if_fail (SOK_IS_SPEAKER (self), FALSE);

  return self->speaking;
}

/**
 * sok_speaker_say:
 * @self: a #SokSpeaker
 * @text: the words to read aloud (UTF-8); never logged
 * @recording_path: (nullable): a school's recorded file (ogg, wav, mp3) to play
 *   instead of the synthetic voice when it exists
 *
 * Reads @text aloud, stopping whatever was being read before. Synthesis runs in a
 * worker thread and playback is asynchronous, so this returns at once. If the
 * recording cannot be played, the synthetic voice reads @text instead.
 */
void
sok_speaker_say (SokSpeaker *self,
                 const char *text,
                 const char *recording_path)
{
  g_return_if_fail (SOK_IS_SPEAKER (self));
  g_return_if_fail (text != NULL);

  halt (self);
  clear_text (self);
  self->text = g_strdup (text);
  set_speaking (self, TRUE);

  if (recording_path != NULL && g_file_test (recording_path, G_FILE_TEST_IS_REGULAR))
    {
      self->source = SOK_SPEAKER_SOURCE_RECORDING;
      play_stream (self, gtk_media_file_new_for_filename (recording_path));
      return;
    }

  if (recording_path != NULL)
    g_debug ("No recording at %s; using the synthetic voice", recording_path);

  start_synthesis (self);
}

/**
 * sok_speaker_stop:
 * @self: a #SokSpeaker
 *
 * Stops reading aloud at once: cancels synthesis and stops playback. Used on Hide,
 * Back, Next and the idle reset. Does nothing when nothing is being read.
 */
void
sok_speaker_stop (SokSpeaker *self)
{
  g_return_if_fail (SOK_IS_SPEAKER (self));

  finish (self);
}

SokSpeakerSource
sok_speaker_get_source (SokSpeaker *self)
{
  g_return_val_if_fail (SOK_IS_SPEAKER (self), SOK_SPEAKER_SOURCE_NONE);

  return self->source;
}
