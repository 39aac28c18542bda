/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-context"

#include "config.h"

#include "sok-context.h"

/* What every page and flow of the kiosk works with: the settings, the database, the
 * speaker, and who is signed in to staff mode. The window makes one and hands it to each page and flow as it makes
 * them, so none of them has to find the window to reach these; a page built on its
 * own (in a test) gets a context of its own. It never changes after construction.
 */
struct _SokContext
{
  GObject          parent_instance;

  SokConfig       *config;
  SokStore        *store;
  SokSpeaker      *speaker;
  SokStaffSession *staff;
};

G_DEFINE_FINAL_TYPE (SokContext, sok_context, G_TYPE_OBJECT)

static void
sok_context_finalize (GObject *object)
{
  SokContext *self = SOK_CONTEXT (object);

  g_clear_object (&self->config);
  g_clear_object (&self->store);
  g_clear_object (&self->speaker);
  g_clear_object (&self->staff);

  G_OBJECT_CLASS (sok_context_parent_class)->finalize (object);
}

static void
sok_context_class_init (SokContextClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sok_context_finalize;
}

static void
sok_context_init (SokContext *self)
{
}

/**
 * sok_context_new:
 * @config: (nullable): the kiosk's settings; %NULL when they could not be loaded
 * @store: (nullable): the kiosk's database; %NULL when it could not be opened
 * @speaker: the speaker that reads pages aloud
 *
 * Returns: (transfer full): a context holding references to all three, with nobody
 *   signed in to staff mode
 */
SokContext *
sok_context_new (SokConfig  *config,
                 SokStore   *store,
                 SokSpeaker *speaker)
{
  SokContext *self;

  g_return_val_if_fail (config == NULL || SOK_IS_CONFIG (config), NULL);
  g_return_val_if_fail (store == NULL || SOK_IS_STORE (store), NULL);
  g_return_val_if_fail (SOK_IS_SPEAKER (speaker), NULL);

  self = g_object_new (SOK_TYPE_CONTEXT, NULL);
  g_set_object (&self->config, config);
  g_set_object (&self->store, store);
  g_set_object (&self->speaker, speaker);
  self->staff = sok_staff_session_new (store);

  return self;
}

/**
 * sok_context_get_config:
 *
 * Returns: (transfer none) (nullable): the kiosk's settings
 */
SokConfig *
sok_context_get_config (SokContext *self)
{
  g_return_val_if_fail (SOK_IS_CONTEXT (self), NULL);

  return self->config;
}

/**
 * sok_context_get_store:
 *
 * Returns: (transfer none) (nullable): the kiosk's database
 */
SokStore *
sok_context_get_store (SokContext *self)
{
  g_return_val_if_fail (SOK_IS_CONTEXT (self), NULL);

  return self->store;
}

/**
 * sok_context_get_speaker:
 *
 * Returns: (transfer none): the speaker that reads pages aloud
 */
SokSpeaker *
sok_context_get_speaker (SokContext *self)
{
  g_return_val_if_fail (SOK_IS_CONTEXT (self), NULL);

  return self->speaker;
}

/**
 * sok_context_get_staff:
 *
 * Returns: (transfer none): who is signed in to staff mode, and what they may do
 */
SokStaffSession *
sok_context_get_staff (SokContext *self)
{
  g_return_val_if_fail (SOK_IS_CONTEXT (self), NULL);

  return self->staff;
}

/**
 * sok_context_get_data_dir:
 *
 * Returns: (nullable): the kiosk's data directory (where kiosk.conf lives), or %NULL
 *   without settings
 */
const char *
sok_context_get_data_dir (SokContext *self)
{
  g_return_val_if_fail (SOK_IS_CONTEXT (self), NULL);

  return self->config != NULL ? sok_config_get_dir (self->config) : NULL;
}
