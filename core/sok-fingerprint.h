/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How many words a key's fingerprint has: 6 words of 8 bits, 48 bits in all. */
#define SOK_FINGERPRINT_N_WORDS 6

char       *sok_fingerprint_dup_words     (const guint8 *key,
                                           gsize         key_len);
char       *sok_fingerprint_dup_hex       (const guint8 *key,
                                           gsize         key_len);
char       *sok_fingerprint_normalize     (const char   *text);
gboolean    sok_fingerprint_matches       (const char   *words,
                                           const char   *given);
const char *sok_fingerprint_get_word      (guint         index);

G_END_DECLS
