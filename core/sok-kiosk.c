/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-kiosk"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "sok-fingerprint.h"
#include "sok-half-day.h"
#include "sok-kiosk.h"

/* A kiosk's identity. crypto_box_seal is anonymous by design and the DSL's public key
 * is public, so a sealed report alone says nothing about who made it. Each kiosk
 * therefore has an Ed25519 key pair (`sokctl kiosk enrol`) and signs every report
 * *inside* the seal, so that nothing outside it links a report to a key. The kiosk
 * tells the queue its public key; the DSL approves it after comparing fingerprints;
 * the console then marks every report that is not signed by an approved kiosk.
 *
 * The key file is a GKeyFile in this group, mode 0600 in the data directory:
 *
 *   format      1
 *   algorithm   ed25519
 *   seed        base64, crypto_sign_SEEDBYTES: the secret
 *   public-key  base64, crypto_sign_PUBLICKEYBYTES
 *
 * It is not encrypted: the kiosk signs unattended, and whoever can read the kiosk's
 * data directory already holds everything it holds. */
#define KEY_GROUP   "Safe Online Kiosk kiosk key"
#define KEY_FORMAT  1
#define KEY_FILE    "kiosk.key"

/* What the kiosk signs is this context followed by the report's JSON, so a signature
 * made for anything else can never pass for a report's. */
#define REPORT_CONTEXT "safe-online-kiosk report signature v1\n"

/* The sealed plaintext of a signed report, envelope format 2:
 *
 *   {"format":2,"kiosk_key":"BASE64"|null,"signature":"BASE64"|"missing","report":{…}}
 *
 * "report" is the report's own JSON (envelope format 1, as
 * sok_report_draft_dup_envelope_json() writes it), byte for byte as signed, and it
 * comes last, so that the signed bytes are exactly those between `"report":` and the
 * closing brace. sok_report_seal_envelope() pads the whole to the fixed size; the
 * signature and key take about 150 of the headroom it keeps (sok-report.h). */
#define WRAP_FORMAT 2
#define WRAP_REPORT "\"report\":"

struct _SokKioskKey
{
  guint8 *secret;                               /* sodium_malloc'd, crypto_sign_SECRETKEYBYTES */
  guint8  public_key[crypto_sign_PUBLICKEYBYTES];
};

G_DEFINE_QUARK (sok-kiosk-error-quark, sok_kiosk_error)

/**
 * sok_kiosk_key_dup_path:
 *
 * Returns: (transfer full): where this kiosk's signing key lives: DATA_DIR/kiosk.key
 */
char *
sok_kiosk_key_dup_path (const char *data_dir)
{
  g_return_val_if_fail (data_dir != NULL, NULL);

  return g_build_filename (data_dir, KEY_FILE, NULL);
}

void
sok_kiosk_key_free (SokKioskKey *key)
{
  if (key == NULL)
    return;

  if (key->secret != NULL)
    sodium_free (key->secret);
  sodium_memzero (key, sizeof *key);
  g_free (key);
}

static SokKioskKey *
key_new (GError **error)
{
  SokKioskKey *key;

  if (!sok_seal_ensure_sodium (error))
    return NULL;

  key = g_new0 (SokKioskKey, 1);
  key->secret = sodium_malloc (crypto_sign_SECRETKEYBYTES);
  if (key->secret == NULL)
    {
      g_free (key);
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_NO_MEMORY,
                   "Not enough memory for the kiosk's key");
      return NULL;
    }
  return key;
}

static gboolean
set_damaged (GError     **error,
             const char  *path,
             const char  *reason)
{
  g_set_error (error, SOK_KIOSK_ERROR, SOK_KIOSK_ERROR_DAMAGED,
               "%s is damaged (%s). Reports are sent unsigned until it is mended: move it "
               "aside and run “sokctl kiosk enrol”, then ask the DSL to approve the new "
               "key", path, reason);
  return FALSE;
}

/* Reads exactly @len bytes of base64 into @out. */
static gboolean
get_fixed (GKeyFile    *keyfile,
           const char  *name,
           guint8      *out,
           gsize        len)
{
  g_autofree char *text = g_key_file_get_string (keyfile, KEY_GROUP, name, NULL);
  size_t got = 0;
  const char *end = NULL;
  gboolean ok;

  if (text == NULL)
    return FALSE;
  ok = sodium_base642bin (out, len, text, strlen (text), NULL, &got, &end,
                          sodium_base64_VARIANT_ORIGINAL) == 0 && *end == '\0' && got == len;
  sodium_memzero (text, strlen (text));
  return ok;
}

/**
 * sok_kiosk_key_load:
 * @data_dir: the kiosk's data directory
 *
 * Opens this kiosk's signing key. Sets %SOK_KIOSK_ERROR_NOT_ENROLLED when there is
 * none, %SOK_KIOSK_ERROR_DAMAGED when the file is not a sound key file.
 *
 * Returns: (transfer full): the key; free it with sok_kiosk_key_free(), which wipes it
 */
SokKioskKey *
sok_kiosk_key_load (const char  *data_dir,
                    GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (GError) local_error = NULL;
  g_autoptr (SokKioskKey) key = NULL;
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  guint8 *seed;
  gsize len = 0;
  gboolean ok;

  g_return_val_if_fail (data_dir != NULL, NULL);

  path = sok_kiosk_key_dup_path (data_dir);
  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, SOK_KIOSK_ERROR, SOK_KIOSK_ERROR_NOT_ENROLLED,
                     "This kiosk is not enrolled: its reports are sent unsigned, and the "
                     "DSL's console marks them. Run “sokctl kiosk enrol” and ask the DSL to "
                     "approve it");
      else
        set_damaged (error, path, local_error->message);
      return NULL;
    }

  ok = g_key_file_load_from_data (keyfile, contents, len, G_KEY_FILE_NONE, NULL);
  sodium_memzero (contents, len);
  if (!ok || !g_key_file_has_group (keyfile, KEY_GROUP))
    {
      set_damaged (error, path, "it is not a key file made by “sokctl kiosk enrol”");
      return NULL;
    }
  if (g_key_file_get_integer (keyfile, KEY_GROUP, "format", NULL) != KEY_FORMAT)
    {
      set_damaged (error, path, "its format is not one this version knows");
      return NULL;
    }

  if (!(key = key_new (error)))
    return NULL;

  seed = sodium_malloc (crypto_sign_SEEDBYTES);
  if (seed == NULL)
    {
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_NO_MEMORY,
                   "Not enough memory for the kiosk's key");
      return NULL;
    }
  ok = get_fixed (keyfile, "seed", seed, crypto_sign_SEEDBYTES) &&
       get_fixed (keyfile, "public-key", public_key, sizeof public_key);
  if (ok)
    crypto_sign_seed_keypair (key->public_key, key->secret, seed);
  sodium_free (seed);

  if (!ok)
    {
      set_damaged (error, path, "its seed or public key is missing or not base64");
      return NULL;
    }
  /* The public key is kept in the clear for people to read: make sure it is the
   * seed's own, so the fingerprint shown is the one that signs. */
  if (sodium_memcmp (public_key, key->public_key, sizeof public_key) != 0)
    {
      set_damaged (error, path, "its public key does not belong to its secret");
      return NULL;
    }

  return g_steal_pointer (&key);
}

static gboolean
write_new_key_file (const char  *path,
                    const char  *text,
                    gsize        len,
                    GError     **error)
{
  const char *p = text;
  int fd;

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, SOK_KIOSK_ERROR, SOK_KIOSK_ERROR_WRITE,
                   "Could not create %s: %s", path, g_strerror (saved));
      return FALSE;
    }

  while (len > 0)
    {
      ssize_t n = write (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      p += n;
      len -= (gsize)n;
    }

  if (len > 0 || fsync (fd) != 0 || close (fd) != 0)
    {
      int saved = errno;

      if (len > 0)
        close (fd);
      g_unlink (path);
      g_set_error (error, SOK_KIOSK_ERROR, SOK_KIOSK_ERROR_WRITE,
                   "Could not write %s: %s", path, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}

/**
 * sok_kiosk_key_enrol:
 * @data_dir: the kiosk's data directory (made by “sokctl init”)
 * @replace: make a new key even when there is one; the old file is kept beside it as
 *   `kiosk.key.replaced-SECONDS`, never overwritten
 * @out_created: (out) (optional): whether a new key was made
 *
 * Makes this kiosk's Ed25519 signing key pair (libsodium crypto_sign), or, when it
 * has one and @replace is %FALSE, opens the one it has: enrolling twice changes
 * nothing. The secret is written with mode 0600 and never overwritten.
 *
 * Returns: (transfer full): the key
 */
SokKioskKey *
sok_kiosk_key_enrol (const char  *data_dir,
                     gboolean     replace,
                     gboolean    *out_created,
                     GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *seed_b64 = NULL;
  g_autofree char *public_b64 = NULL;
  g_autoptr (GKeyFile) keyfile = NULL;
  g_autoptr (SokKioskKey) key = NULL;
  guint8 *seed;
  gsize len = 0;
  gboolean ok;

  g_return_val_if_fail (data_dir != NULL, NULL);

  if (out_created)
    *out_created = FALSE;

  if (!g_file_test (data_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SOK_KIOSK_ERROR, SOK_KIOSK_ERROR_WRITE,
                   "%s does not exist; set the kiosk up first with “sokctl --data-dir %s "
                   "init --school NAME”", data_dir, data_dir);
      return NULL;
    }

  path = sok_kiosk_key_dup_path (data_dir);
  if (g_file_test (path, G_FILE_TEST_EXISTS) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autofree char *aside = NULL;

      if (!replace)
        return sok_kiosk_key_load (data_dir, error);

      aside = g_strdup_printf ("%s.replaced-%" G_GINT64_FORMAT, path,
                               g_get_real_time () / G_USEC_PER_SEC);
      if (g_file_test (aside, G_FILE_TEST_EXISTS) || g_rename (path, aside) != 0)
        {
          g_set_error (error, SOK_KIOSK_ERROR, SOK_KIOSK_ERROR_WRITE,
                       "Could not move the old key %s aside to %s; nothing was changed",
                       path, aside);
          return NULL;
        }
    }

  if (!(key = key_new (error)))
    return NULL;
  seed = sodium_malloc (crypto_sign_SEEDBYTES);
  if (seed == NULL)
    {
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_NO_MEMORY,
                   "Not enough memory for the kiosk's key");
      return NULL;
    }
  randombytes_buf (seed, crypto_sign_SEEDBYTES);
  crypto_sign_seed_keypair (key->public_key, key->secret, seed);
  seed_b64 = g_base64_encode (seed, crypto_sign_SEEDBYTES);
  sodium_free (seed);
  public_b64 = g_base64_encode (key->public_key, sizeof key->public_key);

  keyfile = g_key_file_new ();
  g_key_file_set_comment (keyfile, NULL, NULL,
                          " Safe Online Kiosk: this kiosk's signing key (made by “sokctl kiosk "
                          "enrol”).\n It signs every report inside the seal; keep it private "
                          "to the kiosk.", NULL);
  g_key_file_set_integer (keyfile, KEY_GROUP, "format", KEY_FORMAT);
  g_key_file_set_string (keyfile, KEY_GROUP, "algorithm", "ed25519");
  g_key_file_set_string (keyfile, KEY_GROUP, "seed", seed_b64);
  g_key_file_set_string (keyfile, KEY_GROUP, "public-key", public_b64);
  sodium_memzero (seed_b64, strlen (seed_b64));
  text = g_key_file_to_data (keyfile, &len, NULL);
  /* GKeyFile keeps its own copy of the seed: overwrite it before the file is freed. */
  g_key_file_set_string (keyfile, KEY_GROUP, "seed", "");

  ok = write_new_key_file (path, text, len, error);
  sodium_memzero (text, len);
  if (!ok)
    return NULL;

  if (out_created)
    *out_created = TRUE;
  return g_steal_pointer (&key);
}

/* Returns: (array fixed-size=32): the raw Ed25519 public key */
const guint8 *
sok_kiosk_key_get_public_key (SokKioskKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  return key->public_key;
}

/* Returns: (transfer full): the public key in base64, as the queue holds it */
char *
sok_kiosk_key_dup_public_key_base64 (SokKioskKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  return g_base64_encode (key->public_key, sizeof key->public_key);
}

/**
 * sok_kiosk_decode_public_key:
 * @out: (out caller-allocates): the 32 raw bytes
 *
 * Returns: %TRUE when @public_key_base64 is exactly 32 bytes of base64
 */
gboolean
sok_kiosk_decode_public_key (const char *public_key_base64,
                             guint8      out[32])
{
  size_t got = 0;
  const char *end = NULL;

  if (public_key_base64 == NULL || !sok_seal_ensure_sodium (NULL))
    return FALSE;
  return sodium_base642bin (out, crypto_sign_PUBLICKEYBYTES, public_key_base64,
                            strlen (public_key_base64), NULL, &got, &end,
                            sodium_base64_VARIANT_ORIGINAL) == 0 &&
         *end == '\0' && got == crypto_sign_PUBLICKEYBYTES;
}

/* Returns: (transfer full) (nullable): the words of a kiosk key, NULL when not a key */
char *
sok_kiosk_dup_fingerprint_words (const char *public_key_base64)
{
  guint8 raw[crypto_sign_PUBLICKEYBYTES];

  if (!sok_kiosk_decode_public_key (public_key_base64, raw))
    return NULL;
  return sok_fingerprint_dup_words (raw, sizeof raw);
}

/* Returns: (transfer full) (nullable): the hex fingerprint of a kiosk key */
char *
sok_kiosk_dup_fingerprint_hex (const char *public_key_base64)
{
  guint8 raw[crypto_sign_PUBLICKEYBYTES];

  if (!sok_kiosk_decode_public_key (public_key_base64, raw))
    return NULL;
  return sok_fingerprint_dup_hex (raw, sizeof raw);
}

static void
wipe_and_free (gpointer data)
{
  sodium_free (data);
}

/**
 * sok_kiosk_wrap_report:
 * @key: (nullable): this kiosk's signing key; %NULL when it is not enrolled
 * @report_json: (array length=report_len): the report's JSON
 *
 * Builds what is sealed: the report, this kiosk's public key and its signature over
 * the report (envelope format 2, above). Without a key the report still goes, with
 * `"kiosk_key": null` and `"signature": "missing"`: a child is never turned away
 * because the kiosk was not enrolled.
 *
 * Returns: (transfer full): the plaintext to seal (sok_report_seal_envelope() pads
 *   it), in memory that is wiped when the last reference goes
 */
GBytes *
sok_kiosk_wrap_report (SokKioskKey *key,
                       const char  *report_json,
                       gsize        report_len)
{
  char key_b64[sodium_base64_ENCODED_LEN (crypto_sign_PUBLICKEYBYTES,
                                          sodium_base64_VARIANT_ORIGINAL)];
  char sig_b64[sodium_base64_ENCODED_LEN (crypto_sign_BYTES, sodium_base64_VARIANT_ORIGINAL)];
  gsize bound = report_len + 512;
  char *out;
  gsize n;

  g_return_val_if_fail (report_json != NULL, NULL);

  sok_seal_ensure_sodium (NULL);
  out = sodium_malloc (bound);
  g_assert (out != NULL);

  if (key != NULL)
    {
      guint8 signature[crypto_sign_BYTES];
      guint8 *message = sodium_malloc (strlen (REPORT_CONTEXT) + report_len);

      g_assert (message != NULL);
      memcpy (message, REPORT_CONTEXT, strlen (REPORT_CONTEXT));
      memcpy (message + strlen (REPORT_CONTEXT), report_json, report_len);
      crypto_sign_detached (signature, NULL, message, strlen (REPORT_CONTEXT) + report_len,
                            key->secret);
      sodium_free (message);
      sodium_bin2base64 (key_b64, sizeof key_b64, key->public_key, sizeof key->public_key,
                         sodium_base64_VARIANT_ORIGINAL);
      sodium_bin2base64 (sig_b64, sizeof sig_b64, signature, sizeof signature,
                         sodium_base64_VARIANT_ORIGINAL);
      n = (gsize)g_snprintf (out, bound, "{\"format\":%d,\"kiosk_key\":\"%s\",\"signature\":\"%s\","
                             WRAP_REPORT, WRAP_FORMAT, key_b64, sig_b64);
    }
  else
    n = (gsize)g_snprintf (out, bound, "{\"format\":%d,\"kiosk_key\":null,"
                           "\"signature\":\"missing\"," WRAP_REPORT, WRAP_FORMAT);

  memcpy (out + n, report_json, report_len);
  n += report_len;
  out[n++] = '}';
  out[n] = '\0';

  return g_bytes_new_with_free_func (out, n, wipe_and_free, out);
}

/**
 * sok_kiosk_locate_report:
 * @plaintext: (array length=len): an opened envelope of format 2
 * @report: (out) (transfer none): where the report's JSON starts in @plaintext
 * @report_len: (out): its length
 *
 * Finds the bytes a kiosk signed: from just after the first `"report":` to the brace
 * that ends the envelope (padding after it ignored). In an envelope not made by a
 * kiosk these may be anything, and its signature will not verify over them.
 *
 * Returns: %FALSE when @plaintext has no such part
 */
gboolean
sok_kiosk_locate_report (const guint8  *plaintext,
                         gsize          len,
                         const guint8 **report,
                         gsize         *report_len)
{
  const guint8 *start;
  gsize end = len;

  g_return_val_if_fail (plaintext != NULL || len == 0, FALSE);

  start = memmem (plaintext, len, WRAP_REPORT, strlen (WRAP_REPORT));
  if (start == NULL)
    return FALSE;
  start += strlen (WRAP_REPORT);

  while (end > 0 && g_ascii_isspace (plaintext[end - 1]))
    end--;
  if (end == 0 || plaintext[end - 1] != '}' || plaintext + end - 1 <= start)
    return FALSE;

  *report = start;
  *report_len = (gsize)(plaintext + end - 1 - start);
  return TRUE;
}

/**
 * sok_kiosk_unwrap_report:
 * @plaintext: an opened envelope
 *
 * The report's own JSON from an opened envelope, without checking its signature
 * (sok_case_report_parse() does that): the "report" of envelope format 2, or the
 * whole of an unsigned envelope of format 1. For tools that read the JSON itself.
 *
 * Returns: (transfer full): the report's JSON, or %NULL when @plaintext is neither
 */
GBytes *
sok_kiosk_unwrap_report (GBytes *plaintext)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  const guint8 *report = NULL;
  const char *data;
  JsonNode *node;
  gsize report_len = 0;
  gsize len = 0;
  guint8 *copy;

  g_return_val_if_fail (plaintext != NULL, NULL);

  data = g_bytes_get_data (plaintext, &len);
  if (data == NULL || !json_parser_load_from_data (parser, data, (gssize)len, NULL))
    return NULL;
  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  if (json_object_get_int_member_with_default (json_node_get_object (node), "format", 0) !=
      WRAP_FORMAT)
    return g_bytes_ref (plaintext);

  if (!sok_kiosk_locate_report ((const guint8 *)data, len, &report, &report_len))
    return NULL;
  copy = sodium_malloc (report_len + 1);
  g_assert (copy != NULL);
  memcpy (copy, report, report_len);
  copy[report_len] = '\0';
  return g_bytes_new_with_free_func (copy, report_len, wipe_and_free, copy);
}

/**
 * sok_kiosk_verify_report:
 * @public_key: (array fixed-size=32): the kiosk key named in the envelope
 * @report_json: (array length=report_len): the report's JSON as it was signed
 * @signature: (array fixed-size=64): the signature
 *
 * Returns: %TRUE when @signature is @public_key's signature over the report
 */
gboolean
sok_kiosk_verify_report (const guint8 *public_key,
                         const guint8 *report_json,
                         gsize         report_len,
                         const guint8 *signature)
{
  g_return_val_if_fail (public_key != NULL && signature != NULL, FALSE);
  g_return_val_if_fail (report_json != NULL || report_len == 0, FALSE);

  if (!sok_seal_ensure_sodium (NULL))
    return FALSE;

  /* crypto_sign_verify_detached() wants the message in one piece: build it in
   * memory that is wiped, since it holds the report. */
  {
    gsize len = strlen (REPORT_CONTEXT) + report_len;
    guint8 *message = sodium_malloc (len + 1);
    int rc;

    if (message == NULL)
      return FALSE;
    memcpy (message, REPORT_CONTEXT, strlen (REPORT_CONTEXT));
    if (report_len > 0)
      memcpy (message + strlen (REPORT_CONTEXT), report_json, report_len);
    rc = crypto_sign_verify_detached (signature, message, len, public_key);
    sodium_free (message);
    return rc == 0;
  }
}

const char *
sok_signature_state_to_string (SokSignatureState state)
{
  switch (state)
    {
    case SOK_SIGNATURE_VALID: return "valid";
    case SOK_SIGNATURE_MISSING: return "missing";
    case SOK_SIGNATURE_INVALID: return "invalid";
    case SOK_SIGNATURE_UNAPPROVED: return "unapproved";
    case SOK_SIGNATURE_REVOKED: return "revoked";
    case SOK_SIGNATURE_UNREADABLE: return "unreadable";
    default: return "invalid";
    }
}

/**
 * sok_signature_state_describe:
 *
 * Returns: a sentence for the DSL saying what the state means for this report, or
 *   %NULL for %SOK_SIGNATURE_VALID (which needs no warning)
 */
const char *
sok_signature_state_describe (SokSignatureState state)
{
  switch (state)
    {
    case SOK_SIGNATURE_VALID:
      return NULL;
    case SOK_SIGNATURE_MISSING:
      return "This report is not signed by a kiosk: it may come from a kiosk that was "
             "never enrolled, or from someone who put it in the queue directly. Check "
             "it before acting on what it says about anyone.";
    case SOK_SIGNATURE_INVALID:
      return "This report's signature is wrong: it was changed, or made to look as if it "
             "came from a kiosk. Do not trust who or what it names without checking.";
    case SOK_SIGNATURE_UNAPPROVED:
      return "This report is signed by a kiosk you have not approved. Approve the kiosk "
             "(after comparing its fingerprint words) if it is one of the school's.";
    case SOK_SIGNATURE_REVOKED:
      return "This report is signed by a kiosk you revoked before it arrived: its key "
             "may be in the wrong hands.";
    case SOK_SIGNATURE_UNREADABLE:
      return "This report cannot be opened, so who sent it cannot be checked.";
    default:
      return NULL;
    }
}

const char *
sok_kiosk_status_to_string (SokKioskStatus status)
{
  switch (status)
    {
    case SOK_KIOSK_APPROVED: return "approved";
    case SOK_KIOSK_REVOKED: return "revoked";
    case SOK_KIOSK_PENDING:
    default: return "pending";
    }
}
