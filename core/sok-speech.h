/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SOK_SPEECH_ERROR (sok_speech_error_quark ())

typedef enum
{
  SOK_SPEECH_ERROR_NO_DATA,
  SOK_SPEECH_ERROR_ENGINE,
  SOK_SPEECH_ERROR_VOICE,
  SOK_SPEECH_ERROR_TEXT,
  SOK_SPEECH_ERROR_EMPTY,
  SOK_SPEECH_ERROR_BAD_WAV,
} SokSpeechError;

/* The voice used when none is given: British English as Debian 12's espeak-ng-data
 * names it (lang/gmw/en, language "en-gb").
 */
#define SOK_SPEECH_DEFAULT_VOICE "en-gb"

GQuark    sok_speech_error_quark          (void);

GBytes   *sok_speech_synthesize_wav       (const char           *text,
                                           const char           *voice,
                                           GError              **error);
GBytes   *sok_speech_synthesize_wav_cancellable (const char     *text,
                                                 const char     *voice,
                                                 GCancellable   *cancellable,
                                                 GError        **error);
void      sok_speech_synthesize_wav_async (const char           *text,
                                           const char           *voice,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GBytes   *sok_speech_synthesize_wav_finish (GAsyncResult        *result,
                                            GError             **error);

gboolean  sok_speech_analyse_wav          (GBytes               *wav,
                                           double               *seconds,
                                           double               *rms,
                                           double               *voiced_fraction,
                                           GError              **error);

G_END_DECLS
