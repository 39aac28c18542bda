/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SOK_TYPE_SPEAKER (sok_speaker_get_type ())
G_DECLARE_FINAL_TYPE (SokSpeaker, sok_speaker, SOK, SPEAKER, GObject)

SokSpeaker *sok_speaker_new          (void);

gboolean    sok_speaker_get_speaking (SokSpeaker *self);

void        sok_speaker_say          (SokSpeaker *self,
                                      const char *text,
                                      const char *recording_path);
void        sok_speaker_stop         (SokSpeaker *self);

G_END_DECLS
