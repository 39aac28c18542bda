/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SOK_SEAL_ERROR (sok_seal_error_quark ())

typedef enum
{
  SOK_SEAL_ERROR_PASSPHRASE_TOO_SHORT,
  SOK_SEAL_ERROR_EXISTS,
  SOK_SEAL_ERROR_WRITE,
  SOK_SEAL_ERROR_READ,
  SOK_SEAL_ERROR_DAMAGED_KEY,
  SOK_SEAL_ERROR_WRONG_PASSPHRASE,
  SOK_SEAL_ERROR_BAD_PUBLIC_KEY,
  SOK_SEAL_ERROR_CANNOT_OPEN,
  SOK_SEAL_ERROR_NO_MEMORY,
  SOK_SEAL_ERROR_PASSPHRASE_FILE,
} SokSealError;

/* The shortest passphrase that may protect a DSL key, in characters. */
#define SOK_SEAL_MIN_PASSPHRASE 10

/* The DSL's key pair, opened with the passphrase. The secret half lives in
 * sodium_malloc()'d memory and is wiped when the key is freed. */
typedef struct _SokDslKey SokDslKey;

GQuark         sok_seal_error_quark           (void);

gboolean       sok_seal_generate_keys         (const char  *out_dir,
                                               const char  *passphrase,
                                               gsize        passphrase_len,
                                               GError     **error);

SokDslKey     *sok_dsl_key_load               (const char  *key_path,
                                               const char  *passphrase,
                                               gsize        passphrase_len,
                                               GError     **error);
const guint8  *sok_dsl_key_get_public_key     (SokDslKey   *key);
char          *sok_dsl_key_dup_public_key_base64 (SokDslKey *key);
void           sok_dsl_key_free               (SokDslKey   *key);
SokDslKey     *sok_dsl_key_copy               (SokDslKey   *key);

/* The audit MAC: crypto_auth (HMAC-SHA-512-256) under a key derived from the DSL's
 * private key, as 64 hex digits. */
#define SOK_AUDIT_MAC_HEX_LEN 64
char          *sok_dsl_key_dup_audit_mac      (SokDslKey   *key,
                                               const char  *message);
gboolean       sok_dsl_key_check_audit_mac    (SokDslKey   *key,
                                               const char  *message,
                                               const char  *mac_hex);

GBytes        *sok_seal_seal                  (GBytes      *plaintext,
                                               const char  *public_key_base64,
                                               GError     **error);
GBytes        *sok_seal_open                  (SokDslKey   *key,
                                               GBytes      *sealed,
                                               GError     **error);

gboolean       sok_seal_decode_public_key     (const char  *public_key_base64,
                                               guint8       out[32],
                                               GError     **error);
char          *sok_seal_dup_fingerprint       (const char  *public_key_base64);
char          *sok_seal_dup_fingerprint_words (const char  *public_key_base64);
gboolean       sok_seal_check_dsl_public_key  (const char  *public_key_base64,
                                               GError     **error);
char          *sok_dsl_key_dup_fingerprint_words (SokDslKey *key);
char          *sok_seal_dup_public_key_from_file (const char *path,
                                                  GError    **error);
void           sok_dsl_key_mac                (SokDslKey    *key,
                                               const char   *purpose,
                                               const guint8 *data,
                                               gsize         len,
                                               guint8        out[32]);

char          *sok_seal_read_passphrase_file  (const char  *path,
                                               gsize       *out_len,
                                               GError     **error);
void           sok_seal_secret_free           (char        *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokDslKey, sok_dsl_key_free)

gboolean       sok_seal_ensure_sodium         (GError     **error);

G_END_DECLS
