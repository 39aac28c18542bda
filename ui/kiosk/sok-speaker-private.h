/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-speaker.h"

G_BEGIN_DECLS

/* What the speaker is playing; tests use it to see that a school's recording is
 * preferred and that a missing one falls back to synthesis.
 */
typedef enum
{
  SOK_SPEAKER_SOURCE_NONE,
  SOK_SPEAKER_SOURCE_SYNTHESIS,
  SOK_SPEAKER_SOURCE_RECORDING,
} SokSpeakerSource;

SokSpeakerSource sok_speaker_get_source (SokSpeaker *self);

G_END_DECLS
