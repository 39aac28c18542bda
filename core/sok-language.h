/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SOK_LANGUAGE_ERROR (sok_language_error_quark ())

typedef enum
{
  SOK_LANGUAGE_ERROR_UNKNOWN,   /* not one of the languages the kiosk has */
  SOK_LANGUAGE_ERROR_LOCALE,    /* the C library has no UTF-8 locale to work in */
} SokLanguageError;

/* The language every kiosk starts in when the school has not chosen. */
#define SOK_LANGUAGE_DEFAULT "en_GB"

GQuark              sok_language_error_quark        (void);

gboolean            sok_language_init_kiosk         (GError     **error);
void                sok_language_init_from_environment (void);
const char         *sok_language_get_localedir      (void);

const char * const *sok_language_get_available      (void);
gboolean            sok_language_is_available       (const char  *code);
char               *sok_language_dup_available_list (void);
const char         *sok_language_get_own_name       (const char  *code);
const char         *sok_language_get_content_tag    (const char  *code);
const char         *sok_language_get_voice          (const char  *code);
gboolean            sok_language_is_right_to_left   (const char  *code);

const char         *sok_language_get_current        (void);
const char         *sok_language_get_default        (void);
gboolean            sok_language_set_default        (const char  *code,
                                                     GError     **error);
gboolean            sok_language_set_current        (const char  *code,
                                                     GError     **error);
void                sok_language_reset              (void);

G_END_DECLS
