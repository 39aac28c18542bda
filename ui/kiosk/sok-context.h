/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

#include "sok-config.h"
#include "sok-speaker.h"
#include "sok-staff-session.h"
#include "sok-store.h"

G_BEGIN_DECLS

#define SOK_TYPE_CONTEXT (sok_context_get_type ())
G_DECLARE_FINAL_TYPE (SokContext, sok_context, SOK, CONTEXT, GObject)

SokContext      *sok_context_new          (SokConfig  *config,
                                           SokStore   *store,
                                           SokSpeaker *speaker);

SokConfig       *sok_context_get_config   (SokContext *self);
SokStore        *sok_context_get_store    (SokContext *self);
SokSpeaker      *sok_context_get_speaker  (SokContext *self);
SokStaffSession *sok_context_get_staff    (SokContext *self);
const char      *sok_context_get_data_dir (SokContext *self);

G_END_DECLS
