/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SOK_CONFIG_ERROR (sok_config_error_quark ())

typedef enum
{
  SOK_CONFIG_ERROR_MISSING,
  SOK_CONFIG_ERROR_PARSE,
  SOK_CONFIG_ERROR_UNKNOWN_KEY,
  SOK_CONFIG_ERROR_INVALID_VALUE,
  SOK_CONFIG_ERROR_WRITE,
} SokConfigError;

/* The longest a school may have a non-urgent report wait before delivery, in minutes:
 * the DSL should still have it within the half-day. */
#define SOK_CONFIG_DELIVERY_DELAY_LONGEST 240

#define SOK_TYPE_CONFIG (sok_config_get_type ())
G_DECLARE_FINAL_TYPE (SokConfig, sok_config, SOK, CONFIG, GObject)

GQuark              sok_config_error_quark          (void);

SokConfig          *sok_config_new                  (const char  *dir);
SokConfig          *sok_config_load                 (const char  *dir,
                                                     GError     **error);
gboolean            sok_config_save                 (SokConfig   *self,
                                                     GError     **error);

const char * const *sok_config_list_keys            (void);
const char         *sok_config_describe_key         (const char  *key);
gboolean            sok_config_is_known_key         (const char  *key);

const char         *sok_config_get_dir              (SokConfig   *self);
char               *sok_config_dup_value            (SokConfig   *self,
                                                     const char  *key,
                                                     GError     **error);
const char         *sok_config_get_school_name      (SokConfig   *self);
const char         *sok_config_get_kiosk_id         (SokConfig   *self);
guint               sok_config_get_idle_seconds     (SokConfig   *self);
guint               sok_config_get_follow_up_days   (SokConfig   *self);
guint               sok_config_get_staff_idle_seconds (SokConfig *self);
guint               sok_config_get_retention_years  (SokConfig   *self);
guint               sok_config_get_case_retention_years (SokConfig *self);
const char         *sok_config_get_queue            (SokConfig   *self);
void                sok_config_get_delivery_delay   (SokConfig   *self,
                                                     guint       *min_minutes,
                                                     guint       *max_minutes);
const char         *sok_config_get_dsl_public_key   (SokConfig   *self);
gboolean            sok_config_get_dsl_key_confirmed (SokConfig  *self);
const char         *sok_config_get_parent_aup_url   (SokConfig   *self);
gboolean            sok_config_get_read_aloud_early (SokConfig   *self);
char              **sok_config_dup_languages        (SokConfig   *self);

gboolean            sok_config_set_value            (SokConfig   *self,
                                                     const char  *key,
                                                     const char  *value,
                                                     GError     **error);

G_END_DECLS
