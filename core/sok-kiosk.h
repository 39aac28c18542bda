/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

#include "sok-seal.h"

G_BEGIN_DECLS

#define SOK_KIOSK_ERROR (sok_kiosk_error_quark ())

typedef enum
{
  SOK_KIOSK_ERROR_NOT_ENROLLED,  /* this kiosk has no signing key yet */
  SOK_KIOSK_ERROR_DAMAGED,       /* its key file is not a sound key file */
  SOK_KIOSK_ERROR_WRITE,
  SOK_KIOSK_ERROR_NOT_FOUND,     /* no kiosk in the queue has that fingerprint */
  SOK_KIOSK_ERROR_AMBIGUOUS,     /* more than one has */
  SOK_KIOSK_ERROR_REVOKED,       /* a revoked kiosk cannot be approved again */
} SokKioskError;

/* What the DSL side knows about who signed a report. Only VALID means "from a kiosk
 * the DSL approved"; every other state is shown in red. */
typedef enum
{
  SOK_SIGNATURE_VALID,
  SOK_SIGNATURE_MISSING,     /* the kiosk was not enrolled, or the report predates signing */
  SOK_SIGNATURE_INVALID,     /* a signature that does not verify: forged or damaged */
  SOK_SIGNATURE_UNAPPROVED,  /* signed by a kiosk the DSL has not approved */
  SOK_SIGNATURE_REVOKED,     /* signed by a kiosk the DSL revoked before it arrived */
  SOK_SIGNATURE_UNREADABLE,  /* the report cannot be opened, so nothing can be checked */
} SokSignatureState;

/* A kiosk's decision as the DSL sees it, after checking the DSL's MAC on it. */
typedef enum
{
  SOK_KIOSK_PENDING,
  SOK_KIOSK_APPROVED,
  SOK_KIOSK_REVOKED,
} SokKioskStatus;

/* This kiosk's Ed25519 signing key pair; the secret half lives in sodium_malloc()'d
 * memory and is wiped when freed. */
typedef struct _SokKioskKey SokKioskKey;

GQuark             sok_kiosk_error_quark            (void);

char              *sok_kiosk_key_dup_path           (const char          *data_dir);
SokKioskKey       *sok_kiosk_key_enrol              (const char          *data_dir,
                                                     gboolean             replace,
                                                     gboolean            *out_created,
                                                     GError             **error);
SokKioskKey       *sok_kiosk_key_load               (const char          *data_dir,
                                                     GError             **error);
const guint8      *sok_kiosk_key_get_public_key     (SokKioskKey         *key);
char              *sok_kiosk_key_dup_public_key_base64 (SokKioskKey      *key);
void               sok_kiosk_key_free               (SokKioskKey         *key);

GBytes            *sok_kiosk_wrap_report            (SokKioskKey         *key,
                                                     const char          *report_json,
                                                     gsize                report_len);
gboolean           sok_kiosk_locate_report          (const guint8        *plaintext,
                                                     gsize                len,
                                                     const guint8       **report,
                                                     gsize               *report_len);
GBytes            *sok_kiosk_unwrap_report          (GBytes              *plaintext);
gboolean           sok_kiosk_verify_report          (const guint8        *public_key,
                                                     const guint8        *report_json,
                                                     gsize                report_len,
                                                     const guint8        *signature);

char              *sok_kiosk_dup_fingerprint_words  (const char          *public_key_base64);
char              *sok_kiosk_dup_fingerprint_hex    (const char          *public_key_base64);
gboolean           sok_kiosk_decode_public_key      (const char          *public_key_base64,
                                                     guint8               out[32]);

const char        *sok_signature_state_to_string    (SokSignatureState    state);
const char        *sok_signature_state_describe     (SokSignatureState    state);
const char        *sok_kiosk_status_to_string       (SokKioskStatus       status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokKioskKey, sok_kiosk_key_free)

G_END_DECLS
