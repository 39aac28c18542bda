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

/* The purpose of the DSL's MAC on a decision about a kiosk. */
#define DECISION_PURPOSE "safe-online-kiosk kiosk decision v1"

struct _SokKioskKey
{
  guint8 *secret;                               /* sodium_malloc'd, crypto_sign_SECRETKEYBYTES */
  guint8  public_key[crypto_sign_PUBLICKEYBYTES];
};

typedef struct
{
  SokQueueKiosk  *row;
  SokKioskStatus  status;
} RegistryEntry;

struct _SokKioskRegistry
{
  GPtrArray  *rows;     /* (element-type SokQueueKiosk) */
  GArray     *entries;  /* RegistryEntry, one per row */
  GHashTable *by_key;   /* public key base64 → index + 1 */
  GHashTable *checks;   /* report id → SokQueueSignatureCheck (owned), MAC checked */
};

/* The purpose of the DSL's MAC on a stored signature check. */
#define CHECK_PURPOSE "safe-online-kiosk signature check v1"

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

/* The canonical form the DSL's MAC covers: each field as its length, a colon, its
 * bytes and a newline ("-" for none), so no two rows share one. */
static void
append_field (GString    *out,
              const char *value)
{
  if (value == NULL)
    g_string_append (out, "-\n");
  else
    g_string_append_printf (out, "%zu:%s\n", strlen (value), value);
}

static char *
hex_mac (SokDslKey  *key,
         const char *purpose,
         GString    *canon)
{
  guint8 mac[32];

  sok_dsl_key_mac (key, purpose, (const guint8 *)canon->str, canon->len, mac);
  return g_strdup_printf ("%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x"
                          "%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x",
                          mac[0], mac[1], mac[2], mac[3], mac[4], mac[5], mac[6], mac[7],
                          mac[8], mac[9], mac[10], mac[11], mac[12], mac[13], mac[14], mac[15],
                          mac[16], mac[17], mac[18], mac[19], mac[20], mac[21], mac[22], mac[23],
                          mac[24], mac[25], mac[26], mac[27], mac[28], mac[29], mac[30], mac[31]);
}

static char *
compute_mac (SokDslKey           *key,
             const SokQueueKiosk *row)
{
  g_autoptr (GString) canon = g_string_new ("sok-kiosk-decision-v1\n");

  append_field (canon, row->public_key);
  append_field (canon, row->kiosk_id);
  append_field (canon, row->state);
  g_string_append_printf (canon, "%" G_GINT64_FORMAT "\n%" G_GINT64_FORMAT "\n",
                          row->approved_at, row->revoked_at);
  append_field (canon, row->approved_by);
  append_field (canon, row->revoked_by);

  return hex_mac (key, DECISION_PURPOSE, canon);
}

static char *
decision_mac_cb (const SokQueueKiosk *row,
                 gpointer             user_data)
{
  return compute_mac (user_data, row);
}

static char *
compute_check_mac (SokDslKey  *key,
                   const char *report_id,
                   const char *kiosk_key,
                   const char *result)
{
  g_autoptr (GString) canon = g_string_new ("sok-signature-check-v1\n");

  append_field (canon, report_id);
  append_field (canon, kiosk_key);
  append_field (canon, result);
  return hex_mac (key, CHECK_PURPOSE, canon);
}

static gboolean
mac_equal (const char *expected,
           const char *given)
{
  return given != NULL && strlen (given) == strlen (expected) &&
         sodium_memcmp (expected, given, strlen (expected)) == 0;
}

/* A decision counts only when the DSL's key made its MAC: anyone who can write to
 * the queue could otherwise mark their own key approved. */
static SokKioskStatus
checked_status (SokDslKey           *key,
                const SokQueueKiosk *row)
{
  g_autofree char *expected = NULL;

  if (g_strcmp0 (row->state, "approved") != 0 && g_strcmp0 (row->state, "revoked") != 0)
    return SOK_KIOSK_PENDING;
  if (row->mac == NULL)
    return SOK_KIOSK_PENDING;

  expected = compute_mac (key, row);
  if (!mac_equal (expected, row->mac))
    return SOK_KIOSK_PENDING;

  return g_str_equal (row->state, "approved") ? SOK_KIOSK_APPROVED : SOK_KIOSK_REVOKED;
}

/**
 * sok_kiosk_registry_load:
 * @queue: the DSL queue, opened for the DSL
 * @key: the DSL's key, to check the decisions' MACs
 *
 * Reads the kiosks the queue holds and checks each decision. A row marked approved
 * or revoked without the DSL key's MAC (forged, or made with an older DSL key) counts
 * as pending.
 *
 * Returns: (transfer full): the registry, or %NULL with @error in %SOK_QUEUE_ERROR
 */
SokKioskRegistry *
sok_kiosk_registry_load (SokQueue   *queue,
                         SokDslKey  *key,
                         GError    **error)
{
  SokKioskRegistry *registry;
  g_autoptr (GPtrArray) checks = NULL;
  GPtrArray *rows;

  g_return_val_if_fail (SOK_IS_QUEUE (queue), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  checks = sok_queue_list_signature_checks (queue, error);
  if (checks == NULL)
    return NULL;
  rows = sok_queue_list_kiosks (queue, error);
  if (rows == NULL)
    return NULL;

  registry = g_new0 (SokKioskRegistry, 1);
  registry->rows = rows;
  registry->entries = g_array_sized_new (FALSE, TRUE, sizeof (RegistryEntry), rows->len);
  registry->by_key = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < rows->len; i++)
    {
      RegistryEntry entry = { g_ptr_array_index (rows, i), SOK_KIOSK_PENDING };

      entry.status = checked_status (key, entry.row);
      g_array_append_val (registry->entries, entry);
      g_hash_table_insert (registry->by_key, entry.row->public_key, GUINT_TO_POINTER (i + 1));
    }

  /* A stored check counts only with the DSL key's MAC, as a decision does. */
  registry->checks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify)sok_queue_signature_check_free);
  for (guint i = 0; i < checks->len; i++)
    {
      SokQueueSignatureCheck *c = g_ptr_array_index (checks, i);
      g_autofree char *expected = compute_check_mac (key, c->report_id, c->kiosk_key, c->result);

      if (mac_equal (expected, c->mac))
        g_hash_table_replace (registry->checks, c->report_id, g_steal_pointer (&checks->pdata[i]));
    }
  g_ptr_array_set_free_func (checks, (GDestroyNotify)sok_queue_signature_check_free);

  return registry;
}

/**
 * sok_kiosk_registry_get_check:
 * @kiosk_key: (out) (optional) (transfer none): the key that signed it, for "good"
 *
 * Returns: (nullable): what checking @report_id's signature found ("none", "bad",
 *   "good" or "unreadable"), or %NULL when it has not been checked
 */
const char *
sok_kiosk_registry_get_check (SokKioskRegistry  *registry,
                              const char        *report_id,
                              const char       **kiosk_key)
{
  SokQueueSignatureCheck *c;

  g_return_val_if_fail (registry != NULL, NULL);

  c = g_hash_table_lookup (registry->checks, report_id);
  if (kiosk_key)
    *kiosk_key = c ? c->kiosk_key : NULL;
  return c ? c->result : NULL;
}

/**
 * sok_kiosk_registry_remember:
 * @result: "none", "bad", "good" or "unreadable"
 * @kiosk_key: (nullable): the key that signed it, with "good"
 *
 * Keeps what checking a report's signature found, in the queue (with the DSL key's
 * MAC) and in @registry, so that it is not opened again just to be listed.
 */
gboolean
sok_kiosk_registry_remember (SokKioskRegistry  *registry,
                             SokQueue          *queue,
                             SokDslKey         *key,
                             const char        *report_id,
                             const char        *result,
                             const char        *kiosk_key,
                             GError           **error)
{
  SokQueueSignatureCheck *c;

  g_return_val_if_fail (registry != NULL, FALSE);
  g_return_val_if_fail (report_id != NULL && result != NULL, FALSE);

  c = g_new0 (SokQueueSignatureCheck, 1);
  c->report_id = g_strdup (report_id);
  c->kiosk_key = g_strdup (kiosk_key);
  c->result = g_strdup (result);
  c->mac = compute_check_mac (key, report_id, kiosk_key, result);
  g_hash_table_replace (registry->checks, c->report_id, c);

  return sok_queue_add_signature_check (queue, c, error);
}

void
sok_kiosk_registry_free (SokKioskRegistry *registry)
{
  if (registry == NULL)
    return;

  g_clear_pointer (&registry->by_key, g_hash_table_unref);
  g_clear_pointer (&registry->checks, g_hash_table_unref);
  g_clear_pointer (&registry->entries, g_array_unref);
  g_clear_pointer (&registry->rows, g_ptr_array_unref);
  g_free (registry);
}

guint
sok_kiosk_registry_get_n_kiosks (SokKioskRegistry *registry)
{
  g_return_val_if_fail (registry != NULL, 0);

  return registry->entries->len;
}

/**
 * sok_kiosk_registry_get_kiosk:
 * @status: (out) (optional): the decision, checked
 *
 * Returns: (transfer none): the kiosk's row as the queue holds it
 */
const SokQueueKiosk *
sok_kiosk_registry_get_kiosk (SokKioskRegistry *registry,
                              guint             index,
                              SokKioskStatus   *status)
{
  RegistryEntry *entry;

  g_return_val_if_fail (registry != NULL, NULL);
  g_return_val_if_fail (index < registry->entries->len, NULL);

  entry = &g_array_index (registry->entries, RegistryEntry, index);
  if (status)
    *status = entry->status;
  return entry->row;
}

/**
 * sok_kiosk_registry_check:
 * @public_key_base64: the key that made a report's valid signature
 * @received_at: when the queue received the report (µs)
 *
 * What a validly signed report's signature is worth: %SOK_SIGNATURE_VALID from an
 * approved kiosk, or from a revoked one when the report arrived in a half-day before
 * the one it was revoked in (and it had been approved); %SOK_SIGNATURE_REVOKED when it arrived after;
 * %SOK_SIGNATURE_UNAPPROVED otherwise.
 */
SokSignatureState
sok_kiosk_registry_check (SokKioskRegistry *registry,
                          const char       *public_key_base64,
                          gint64            received_at)
{
  RegistryEntry *entry;
  guint index;

  g_return_val_if_fail (registry != NULL, SOK_SIGNATURE_UNAPPROVED);

  if (public_key_base64 == NULL)
    return SOK_SIGNATURE_UNAPPROVED;
  index = GPOINTER_TO_UINT (g_hash_table_lookup (registry->by_key, public_key_base64));
  if (index == 0)
    return SOK_SIGNATURE_UNAPPROVED;

  entry = &g_array_index (registry->entries, RegistryEntry, index - 1);
  switch (entry->status)
    {
    case SOK_KIOSK_APPROVED:
      return SOK_SIGNATURE_VALID;
    case SOK_KIOSK_REVOKED:
      /* The queue knows only the half-day a report arrived in: one that arrived in the
       * half-day of the revocation may have come after it, so it counts as after. */
      return entry->row->approved_at > 0 &&
             received_at < sok_half_day_of (entry->row->revoked_at)
             ? SOK_SIGNATURE_VALID : SOK_SIGNATURE_REVOKED;
    case SOK_KIOSK_PENDING:
    default:
      return SOK_SIGNATURE_UNAPPROVED;
    }
}

/* Does @given (as a person typed it) name @row's key: its hex fingerprint, its
 * fingerprint words, or the whole public key? */
static gboolean
names_kiosk (const SokQueueKiosk *row,
             const char          *given)
{
  g_autofree char *words = sok_kiosk_dup_fingerprint_words (row->public_key);
  g_autofree char *hex = sok_kiosk_dup_fingerprint_hex (row->public_key);
  g_autofree char *trimmed = g_strstrip (g_strdup (given));
  g_autoptr (GString) hex_given = g_string_new (NULL);
  g_autoptr (GString) hex_own = g_string_new (NULL);

  if (g_str_equal (trimmed, row->public_key))
    return TRUE;
  if (words != NULL && sok_fingerprint_matches (words, given))
    return TRUE;
  if (hex == NULL)
    return FALSE;

  /* Hex, with or without its spaces. */
  for (const char *p = given; *p; p++)
    if (g_ascii_isxdigit (*p))
      g_string_append_c (hex_given, g_ascii_tolower (*p));
    else if (!g_ascii_isspace (*p))
      return FALSE;
  for (const char *p = hex; *p; p++)
    if (g_ascii_isxdigit (*p))
      g_string_append_c (hex_own, *p);

  return g_str_equal (hex_given->str, hex_own->str);
}

/**
 * sok_kiosk_decide:
 * @fingerprint: the kiosk's fingerprint words, its hex fingerprint, or its public key
 * @decision: %SOK_KIOSK_APPROVED or %SOK_KIOSK_REVOKED
 * @by: who decides, for the record
 * @out_kiosk: (out) (optional) (transfer full): the kiosk's row as now stored
 *
 * Approves or revokes a kiosk: stores the decision with the DSL key's MAC, and
 * appends it to the audit log. Revoking is final: a revoked kiosk enrols again with a
 * new key (%SOK_KIOSK_ERROR_REVOKED). Sets %SOK_KIOSK_ERROR_NOT_FOUND or
 * %SOK_KIOSK_ERROR_AMBIGUOUS when @fingerprint names no kiosk, or more than one.
 */
gboolean
sok_kiosk_decide (SokQueue        *queue,
                  SokDslKey       *key,
                  const char      *fingerprint,
                  SokKioskStatus   decision,
                  const char      *by,
                  SokQueueKiosk  **out_kiosk,
                  GError         **error)
{
  g_autoptr (SokKioskRegistry) registry = NULL;
  g_autoptr (SokQueueKiosk) row = NULL;
  g_autofree char *words = NULL;
  const SokQueueKiosk *found = NULL;
  SokKioskStatus status = SOK_KIOSK_PENDING;

  g_return_val_if_fail (SOK_IS_QUEUE (queue), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (fingerprint != NULL, FALSE);
  g_return_val_if_fail (decision == SOK_KIOSK_APPROVED || decision == SOK_KIOSK_REVOKED, FALSE);

  if (by == NULL || *by == '\0')
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID,
                   "Approving or revoking a kiosk needs the name of who decides");
      return FALSE;
    }

  registry = sok_kiosk_registry_load (queue, key, error);
  if (registry == NULL)
    return FALSE;

  /* The audit entry below is MACed with the DSL key. */
  if (sok_queue_get_dsl_key (queue) == NULL)
    sok_queue_set_dsl_key (queue, key);

  for (guint i = 0; i < sok_kiosk_registry_get_n_kiosks (registry); i++)
    {
      SokKioskStatus s;
      const SokQueueKiosk *k = sok_kiosk_registry_get_kiosk (registry, i, &s);

      if (!names_kiosk (k, fingerprint))
        continue;
      if (found != NULL)
        {
          g_set_error (error, SOK_KIOSK_ERROR, SOK_KIOSK_ERROR_AMBIGUOUS,
                       "“%s” names more than one kiosk; give the whole hex fingerprint",
                       fingerprint);
          return FALSE;
        }
      found = k;
      status = s;
    }

  if (found == NULL)
    {
      g_set_error (error, SOK_KIOSK_ERROR, SOK_KIOSK_ERROR_NOT_FOUND,
                   "No kiosk in the queue has the fingerprint “%s”. “sokctl queue kiosks "
                   "list” shows those that have enrolled; a kiosk sends its key with "
                   "“sokctl kiosk enrol” or with its next report", fingerprint);
      return FALSE;
    }

  words = sok_kiosk_dup_fingerprint_words (found->public_key);
  if (status == SOK_KIOSK_REVOKED)
    {
      g_set_error (error, SOK_KIOSK_ERROR, SOK_KIOSK_ERROR_REVOKED,
                   "Kiosk %s (%s) was revoked, and a revoked kiosk stays revoked: on the "
                   "kiosk run “sokctl kiosk enrol --replace” to make a new key, and approve "
                   "that one", found->kiosk_id, words);
      return FALSE;
    }

  row = g_new0 (SokQueueKiosk, 1);
  row->public_key = g_strdup (found->public_key);
  row->kiosk_id = g_strdup (found->kiosk_id);
  row->enrolled_at = found->enrolled_at;
  if (status == SOK_KIOSK_APPROVED)
    {
      /* Only a checked approval is carried over, never a forged one. */
      row->approved_at = found->approved_at;
      row->approved_by = g_strdup (found->approved_by);
    }

  if (decision == SOK_KIOSK_APPROVED && status == SOK_KIOSK_APPROVED)
    {
      row->state = g_strdup ("approved");
      row->mac = g_strdup (found->mac);
      if (out_kiosk)
        *out_kiosk = g_steal_pointer (&row);
      return TRUE;
    }
  row->state = g_strdup (decision == SOK_KIOSK_APPROVED ? "approved" : "revoked");

  {
    g_autofree char *detail = g_strdup_printf ("%s (%s)", row->kiosk_id, words);
    SokQueueDecision d = {
      .kiosk = row,
      .actor = by,
      .audit_action = decision == SOK_KIOSK_APPROVED ? "kiosk-approve" : "kiosk-revoke",
      .audit_detail = detail,
      .mac = decision_mac_cb,
      .mac_data = key,
    };

    /* Who and when are stamped by the queue (the server's clock and login on
     * PostgreSQL), and the MAC made over the row as stored. */
    if (!sok_queue_decide_kiosk (queue, &d, error))
      return FALSE;
  }

  if (out_kiosk)
    *out_kiosk = g_steal_pointer (&row);
  return TRUE;
}
