/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <gmodule.h>

#include "sok-parts.h"
#include "sok-speech.h"
#include "sok-sync.h"

/* sok-kiosk-parts.so: what the kiosk loads after its first frame (sok-parts.c says
 * why). It only hands out the queue and speech libraries' functions. */

G_MODULE_EXPORT const SokParts *sok_kiosk_parts_get (void);

static const SokParts parts = {
  .abi_version = SOK_PARTS_ABI_VERSION,

  .sync_worker_new = sok_sync_worker_new,
  .sync_worker_start = sok_sync_worker_start,
  .sync_worker_wake = sok_sync_worker_wake,
  .sync_worker_stop = sok_sync_worker_stop,

  .speech_synthesize_wav_async = sok_speech_synthesize_wav_async,
  .speech_synthesize_wav_finish = sok_speech_synthesize_wav_finish,
  .speech_error_quark = sok_speech_error_quark,
};

G_MODULE_EXPORT const SokParts *
sok_kiosk_parts_get (void)
{
  return &parts;
}
