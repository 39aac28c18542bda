/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-speech"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>

#include "sok-speech.h"

/* Words per minute. espeak-ng's default of 175 is brisk for a four-year-old; 150 is
 * still natural for an adult listening alongside.
 */
#define SPEECH_RATE 150

/* The longest text we read aloud in one go. A rule or a screen is a few hundred
 * characters; anything far longer is a mistake upstream, not something to speak for
 * minutes.
 */
#define MAX_TEXT_BYTES (16 * 1024)

/* A 20 ms frame counts as voiced when its RMS is above -40 dBFS. Synthetic speech
 * pauses are digital silence, so this separates speech from gaps cleanly while still
 * counting quiet consonants.
 */
#define FRAME_SECONDS 0.020
#define VOICED_THRESHOLD 0.01

G_DEFINE_QUARK (sok-speech-error-quark, sok_speech_error)

/* espeak-ng keeps all its state in globals and is not thread-safe, so every call into
 * it happens with this lock held, and the collecting state below is only touched by
 * the synth callback while the lock is held.
 */
static GMutex engine_lock;
static gboolean engine_ready;
static int engine_sample_rate;
static char *engine_init_error;

typedef struct
{
  GByteArray   *pcm;
  GCancellable *cancellable;
  gboolean      cancelled;
} Collect;

static Collect *collect;

static int
synth_cb (short        *wav,
          int           numsamples,
          espeak_EVENT *events)
{
  g_assert (collect != NULL);

  if (collect->cancellable != NULL && g_cancellable_is_cancelled (collect->cancellable))
    {
      collect->cancelled = TRUE;
      return 1;
    }

  if (wav != NULL && numsamples > 0)
    {
      /* The WAV format is little-endian; espeak hands us host-order samples. */
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
      g_byte_array_append (collect->pcm, (const guint8 *)wav, (guint)numsamples * 2);
#else
      for (int i = 0; i < numsamples; i++)
        {
          guint16 le = GUINT16_TO_LE ((guint16)wav[i]);
          g_byte_array_append (collect->pcm, (const guint8 *)&le, 2);
        }
#endif
    }

  return 0;
}

static char *
dup_status_message (espeak_ng_STATUS status)
{
  char buffer[256] = "";

  espeak_ng_GetStatusCodeMessage (status, buffer, sizeof buffer);
  return g_strdup (buffer);
}

/* Called with engine_lock held. */
static gboolean
ensure_engine (GError **error)
{
  espeak_ng_ERROR_CONTEXT context = NULL;
  espeak_ng_STATUS status;

  if (engine_ready)
    return TRUE;

  if (engine_init_error != NULL)
    {
      g_set_error_literal (error, SOK_SPEECH_ERROR, SOK_SPEECH_ERROR_NO_DATA, engine_init_error);
      return FALSE;
    }

  /* NULL means ESPEAK_DATA_PATH if set, else the path espeak-ng was built with. */
  espeak_ng_InitializePath (NULL);
  status = espeak_ng_Initialize (&context);
  espeak_ng_ClearErrorContext (&context);
  if (status != ENS_OK)
    {
      g_autofree char *detail = dup_status_message (status);

      /* Missing data is the one failure a school can fix, so it gets its own words;
       * espeak-ng reports it as an errno value.
       */
      if (status == ENOENT || status == ENS_VERSION_MISMATCH)
        engine_init_error = g_strdup_printf ("espeak-ng data not found or unusable (%s): "
                                             "install the espeak-ng-data package",
                                             detail);
      else
        engine_init_error = g_strdup_printf ("espeak-ng could not start (%s): reinstall the "
                                             "espeak-ng-data and libespeak-ng1 packages",
                                             detail);
      g_set_error_literal (error, SOK_SPEECH_ERROR, SOK_SPEECH_ERROR_NO_DATA, engine_init_error);
      return FALSE;
    }

  status = espeak_ng_InitializeOutput (ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL);
  if (status != ENS_OK)
    {
      g_autofree char *detail = dup_status_message (status);

      engine_init_error = g_strdup_printf ("espeak-ng could not prepare audio output (%s)",
                                           detail);
      g_set_error_literal (error, SOK_SPEECH_ERROR, SOK_SPEECH_ERROR_ENGINE, engine_init_error);
      return FALSE;
    }

  espeak_SetSynthCallback (synth_cb);
  engine_sample_rate = espeak_ng_GetSampleRate ();
  if (engine_sample_rate <= 0)
    {
      engine_init_error = g_strdup ("espeak-ng reported no sample rate: reinstall libespeak-ng1");
      g_set_error_literal (error, SOK_SPEECH_ERROR, SOK_SPEECH_ERROR_ENGINE, engine_init_error);
      return FALSE;
    }

  engine_ready = TRUE;
  return TRUE;
}

static gboolean
voice_name_is_valid (const char *voice)
{
  if (voice[0] == '\0' || strlen (voice) > 64)
    return FALSE;

  /* Voice names are language tags with an optional "+variant"; nothing else may reach
   * espeak-ng, which would otherwise read arbitrary paths relative to its data.
   */
  for (const char *p = voice; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '+')
      return FALSE;

  return TRUE;
}

/* Called with engine_lock held. espeak-ng finds voices by file name ("gmw/en") but a
 * language tag such as "en-gb" only by properties, which is what its own command line
 * does; a "+variant" suffix is then applied to the voice file that was found.
 */
static espeak_ng_STATUS
select_voice (const char *voice)
{
  g_auto(GStrv) parts = NULL;
  espeak_VOICE selector = { 0 };
  espeak_VOICE *current;
  espeak_ng_STATUS status;
  g_autofree char *with_variant = NULL;

  status = espeak_ng_SetVoiceByName (voice);
  if (status == ENS_OK)
    return status;

  parts = g_strsplit (voice, "+", 2);
  selector.languages = parts[0];
  status = espeak_ng_SetVoiceByProperties (&selector);
  if (status != ENS_OK || parts[1] == NULL)
    return status;

  current = espeak_GetCurrentVoice ();
  if (current == NULL || current->identifier == NULL)
    return ENS_VOICE_NOT_FOUND;

  with_variant = g_strdup_printf ("%s+%s", current->identifier, parts[1]);
  return espeak_ng_SetVoiceByName (with_variant);
}

static gboolean
text_has_words (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        return TRUE;
    }

  return FALSE;
}

static GBytes *
wrap_wav (GByteArray *pcm,
          int         sample_rate)
{
  guint32 data_len = pcm->len;
  guint8 header[44];
  guint32 u32;
  guint16 u16;

#define PUT32(off, v) (u32 = GUINT32_TO_LE (v), memcpy (header + (off), &u32, 4))
#define PUT16(off, v) (u16 = GUINT16_TO_LE (v), memcpy (header + (off), &u16, 2))
  memcpy (header + 0, "RIFF", 4);
  PUT32 (4, 36 + data_len);
  memcpy (header + 8, "WAVE", 4);
  memcpy (header + 12, "fmt ", 4);
  PUT32 (16, 16);                         /* fmt chunk size */
  PUT16 (20, 1);                          /* PCM */
  PUT16 (22, 1);                          /* mono */
  PUT32 (24, (guint32)sample_rate);
  PUT32 (28, (guint32)sample_rate * 2);   /* byte rate */
  PUT16 (32, 2);                          /* block align */
  PUT16 (34, 16);                         /* bits per sample */
  memcpy (header + 36, "data", 4);
  PUT32 (40, data_len);
#undef PUT32
#undef PUT16

  g_byte_array_prepend (pcm, header, sizeof header);
  return g_byte_array_free_to_bytes (pcm);
}

/**
 * sok_speech_synthesize_wav_cancellable:
 * @text: UTF-8 text to read aloud; it is never logged
 * @voice: (nullable): an espeak-ng voice name such as "en-gb" or "en-gb+f3";
 *   %NULL means %SOK_SPEECH_DEFAULT_VOICE
 * @cancellable: (nullable): cancels synthesis between audio buffers
 * @error: return location for a #GError
 *
 * Synthesises @text with espeak-ng and returns a complete RIFF/WAV file in memory:
 * 16-bit mono PCM at espeak-ng's sample rate. Calls are serialised process-wide, so
 * this may be used from any thread but blocks while another synthesis runs.
 *
 * Text without any letter or digit (empty, spaces, punctuation only) is an error,
 * %SOK_SPEECH_ERROR_EMPTY, rather than a silent WAV, so a caller never plays silence
 * believing it is speech.
 *
 * Returns: (transfer full): the WAV bytes, or %NULL with @error set in
 *   %SOK_SPEECH_ERROR, or %G_IO_ERROR_CANCELLED.
 */
GBytes *
sok_speech_synthesize_wav_cancellable (const char    *text,
                                       const char    *voice,
                                       GCancellable  *cancellable,
                                       GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GByteArray) pcm = NULL;
  espeak_ng_STATUS status;
  Collect state = { 0 };

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (voice == NULL)
    voice = SOK_SPEECH_DEFAULT_VOICE;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, SOK_SPEECH_ERROR, SOK_SPEECH_ERROR_TEXT,
                           "The text to read aloud is not valid UTF-8");
      return NULL;
    }
  if (strlen (text) > MAX_TEXT_BYTES)
    {
      g_set_error (error, SOK_SPEECH_ERROR, SOK_SPEECH_ERROR_TEXT,
                   "The text to read aloud is %zu bytes long; the limit is %d",
                   strlen (text), MAX_TEXT_BYTES);
      return NULL;
    }
  if (!text_has_words (text))
    {
      g_set_error_literal (error, SOK_SPEECH_ERROR, SOK_SPEECH_ERROR_EMPTY,
                           "There is no text to read aloud");
      return NULL;
    }
  if (!voice_name_is_valid (voice))
    {
      g_set_error (error, SOK_SPEECH_ERROR, SOK_SPEECH_ERROR_VOICE,
                   "“%s” is not a valid espeak-ng voice name (expected e.g. “en-gb”)",
                   voice);
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  locker = g_mutex_locker_new (&engine_lock);

  if (!ensure_engine (error))
    return NULL;

  status = select_voice (voice);
  if (status != ENS_OK)
    {
      g_autofree char *detail = dup_status_message (status);

      g_set_error (error, SOK_SPEECH_ERROR, SOK_SPEECH_ERROR_VOICE,
                   "espeak-ng has no voice “%s” (%s): list voices with “espeak-ng --voices”",
                   voice, detail);
      return NULL;
    }
  espeak_ng_SetParameter (espeakRATE, SPEECH_RATE, 0);

  pcm = g_byte_array_sized_new (engine_sample_rate * 2 * 4);
  state.pcm = pcm;
  state.cancellable = cancellable;
  collect = &state;
  status = espeak_ng_Synthesize (text, strlen (text) + 1, 0, POS_CHARACTER, 0,
                                 espeakCHARS_UTF8 | espeakENDPAUSE, NULL, NULL);
  collect = NULL;

  if (state.cancelled)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           "Reading aloud was stopped");
      return NULL;
    }
  if (status != ENS_OK)
    {
      g_autofree char *detail = dup_status_message (status);

      g_set_error (error, SOK_SPEECH_ERROR, SOK_SPEECH_ERROR_ENGINE,
                   "espeak-ng could not synthesise the text (%s)", detail);
      return NULL;
    }
  if (pcm->len == 0)
    {
      g_set_error_literal (error, SOK_SPEECH_ERROR, SOK_SPEECH_ERROR_ENGINE,
                           "espeak-ng produced no audio for the text");
      return NULL;
    }

  return wrap_wav (g_steal_pointer (&pcm), engine_sample_rate);
}

/**
 * sok_speech_synthesize_wav:
 * @text: UTF-8 text to read aloud; it is never logged
 * @voice: (nullable): voice name, %NULL for British English
 * @error: return location for a #GError
 *
 * Like sok_speech_synthesize_wav_cancellable() without a cancellable.
 *
 * Returns: (transfer full): the WAV bytes, or %NULL with @error set.
 */
GBytes *
sok_speech_synthesize_wav (const char  *text,
                           const char  *voice,
                           GError     **error)
{
  return sok_speech_synthesize_wav_cancellable (text, voice, NULL, error);
}

typedef struct
{
  char *text;
  char *voice;
} SynthRequest;

static void
synth_request_free (gpointer data)
{
  SynthRequest *request = data;

  /* The text may be anything on screen, so its copy is wiped before it is freed. */
  if (request->text != NULL)
    memset (request->text, 0, strlen (request->text));
  g_free (request->text);
  g_free (request->voice);
  g_free (request);
}

static void
synthesize_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  SynthRequest *request = task_data;
  GError *error = NULL;
  GBytes *wav;

  wav = sok_speech_synthesize_wav_cancellable (request->text, request->voice, cancellable, &error);
  if (wav == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, wav, (GDestroyNotify)g_bytes_unref);
}

/**
 * sok_speech_synthesize_wav_async:
 * @text: UTF-8 text to read aloud; it is never logged
 * @voice: (nullable): voice name, %NULL for British English
 * @cancellable: (nullable): stops synthesis early
 * @callback: called in the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Synthesises @text in a worker thread. Finish with sok_speech_synthesize_wav_finish().
 */
void
sok_speech_synthesize_wav_async (const char          *text,
                                 const char          *voice,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SynthRequest *request;

  g_return_if_fail (text != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  request = g_new0 (SynthRequest, 1);
  request->text = g_strdup (text);
  request->voice = g_strdup (voice);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sok_speech_synthesize_wav_async);
  g_task_set_name (task, "sok-speech-synthesize");
  g_task_set_task_data (task, request, synth_request_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, synthesize_thread);
}

/**
 * sok_speech_synthesize_wav_finish:
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the WAV bytes, or %NULL with @error set (cancellation is
 *   %G_IO_ERROR_CANCELLED).
 */
GBytes *
sok_speech_synthesize_wav_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sok_speech_synthesize_wav_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static guint32
read_u32 (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, 4);
  return GUINT32_FROM_LE (v);
}

static guint16
read_u16 (const guint8 *p)
{
  guint16 v;

  memcpy (&v, p, 2);
  return GUINT16_FROM_LE (v);
}

/**
 * sok_speech_analyse_wav:
 * @wav: a RIFF/WAV file holding 16-bit PCM (any channel count)
 * @seconds: (out) (optional): duration in seconds
 * @rms: (out) (optional): root mean square over all samples, 0 (silence) to 1 (full scale)
 * @voiced_fraction: (out) (optional): fraction of 20 ms frames whose RMS is above
 *   -40 dBFS
 * @error: return location for a #GError
 *
 * Measures a WAV to judge whether it is speech: tests and the bench use it.
 *
 * Returns: %TRUE on success; %FALSE with %SOK_SPEECH_ERROR_BAD_WAV when @wav is not a
 *   16-bit PCM WAV.
 */
gboolean
sok_speech_analyse_wav (GBytes  *wav,
                        double  *seconds,
                        double  *rms,
                        double  *voiced_fraction,
                        GError **error)
{
  const guint8 *data;
  gsize len;
  gsize pos = 12;
  guint16 channels = 0;
  guint16 bits = 0;
  guint32 rate = 0;
  const guint8 *pcm = NULL;
  gsize pcm_len = 0;
  gsize n_frames;
  gsize frame_len;
  gsize n_windows = 0;
  gsize n_voiced = 0;
  double total_sq = 0.0;

  g_return_val_if_fail (wav != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = g_bytes_get_data (wav, &len);
  if (len < 12 || memcmp (data, "RIFF", 4) != 0 || memcmp (data + 8, "WAVE", 4) != 0)
    {
      g_set_error_literal (error, SOK_SPEECH_ERROR, SOK_SPEECH_ERROR_BAD_WAV,
                           "Not a WAV file: the RIFF/WAVE header is missing");
      return FALSE;
    }

  while (pos + 8 <= len)
    {
      guint32 chunk_len = read_u32 (data + pos + 4);
      const guint8 *body = data + pos + 8;
      gsize available = len - pos - 8;

      if (memcmp (data + pos, "fmt ", 4) == 0)
        {
          if (chunk_len < 16 || available < 16)
            break;
          if (read_u16 (body) != 1)
            {
              g_set_error_literal (error, SOK_SPEECH_ERROR, SOK_SPEECH_ERROR_BAD_WAV,
                                   "WAV file is not plain PCM");
              return FALSE;
            }
          channels = read_u16 (body + 2);
          rate = read_u32 (body + 4);
          bits = read_u16 (body + 14);
        }
      else if (memcmp (data + pos, "data", 4) == 0)
        {
          pcm = body;
          pcm_len = MIN ((gsize)chunk_len, available);
          break;
        }

      pos += 8 + (gsize)chunk_len + (chunk_len & 1);
    }

  if (channels == 0 || rate == 0 || bits != 16 || pcm == NULL)
    {
      g_set_error_literal (error, SOK_SPEECH_ERROR, SOK_SPEECH_ERROR_BAD_WAV,
                           "WAV file has no 16-bit PCM format and data chunks");
      return FALSE;
    }

  n_frames = pcm_len / (2 * (gsize)channels);
  frame_len = MAX ((gsize)1, (gsize)(rate * FRAME_SECONDS));

  for (gsize start = 0; start < n_frames; start += frame_len)
    {
      gsize end = MIN (n_frames, start + frame_len);
      double window_sq = 0.0;
      gsize count = (end - start) * channels;

      for (gsize i = start * channels; i < end * channels; i++)
        {
          double s = (gint16)read_u16 (pcm + 2 * i) / 32768.0;

          window_sq += s * s;
        }

      total_sq += window_sq;
      n_windows++;
      if (sqrt (window_sq / (double)count) > VOICED_THRESHOLD)
        n_voiced++;
    }

  if (seconds != NULL)
    *seconds = (double)n_frames / rate;
  if (rms != NULL)
    *rms = n_frames > 0 ? sqrt (total_sq / ((double)n_frames * channels)) : 0.0;
  if (voiced_fraction != NULL)
    *voiced_fraction = n_windows > 0 ? (double)n_voiced / n_windows : 0.0;

  return TRUE;
}
