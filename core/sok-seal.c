/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-seal"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sok-fingerprint.h"
#include "sok-seal-private.h"

/* The DSL key file is a GKeyFile in this group. Format 1:
 *
 *   format      1
 *   kdf         argon2id13 (crypto_pwhash_ALG_ARGON2ID13)
 *   opslimit    Argon2id passes
 *   memlimit    Argon2id memory, bytes
 *   salt        base64, crypto_pwhash_SALTBYTES
 *   nonce       base64, crypto_secretbox_NONCEBYTES
 *   ciphertext  base64, crypto_secretbox_easy (secret key) under the derived key
 *   public-key  base64, the X25519 public key (the same text as dsl.pub)
 *
 * The KDF limits are stored so that they can be raised later without breaking old
 * files; load accepts anything between libsodium's minimum and SENSITIVE. */
#define KEY_GROUP   "Safe Online Kiosk DSL key"
#define KEY_FORMAT  1
#define KEY_KDF     "argon2id13"

struct _SokDslKey
{
  guint8 *secret;                          /* sodium_malloc'd, crypto_box_SECRETKEYBYTES */
  guint8  public_key[crypto_box_PUBLICKEYBYTES];
};

G_DEFINE_QUARK (sok-seal-error-quark, sok_seal_error)

/**
 * sok_seal_ensure_sodium:
 *
 * Starts libsodium. sodium_init() is idempotent and thread-safe; every core function
 * that uses libsodium (sodium_malloc() included) calls this first, so callers of the
 * core need not remember to. It only fails when the system has no randomness.
 */
gboolean
sok_seal_ensure_sodium (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_NO_MEMORY,
                   "libsodium could not start (no source of randomness); reinstall "
                   "libsodium23 and check /dev/urandom");
      return FALSE;
    }

  return TRUE;
}

static gsize
count_characters (const char *passphrase,
                  gsize       len)
{
  if (g_utf8_validate_len (passphrase, len, NULL))
    return (gsize)g_utf8_strlen (passphrase, (gssize)len);

  return len;
}

/* Creates @path, which must not exist, with @mode, and writes @len bytes to it
 * durably. On failure nothing is left behind. */
static gboolean
write_new_file (const char  *path,
                const void  *contents,
                gsize        len,
                mode_t       mode,
                GError     **error)
{
  const guint8 *p = contents;
  int fd;

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0)
    {
      int saved = errno;

      if (saved == EEXIST)
        g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_EXISTS,
                     "%s already exists and was not overwritten; choose another --out "
                     "directory, or move the old key aside if you really mean to replace it",
                     path);
      else
        g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_WRITE,
                     "Could not create %s: %s", path, g_strerror (saved));
      return FALSE;
    }

  /* The umask may have narrowed the mode; the public key is meant to be readable. */
  if (fchmod (fd, mode) != 0)
    goto failed;

  while (len > 0)
    {
      ssize_t n = write (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        goto failed;
      p += n;
      len -= (gsize)n;
    }

  if (fsync (fd) != 0)
    goto failed;

  if (close (fd) != 0)
    {
      int saved = errno;
      g_unlink (path);
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_WRITE,
                   "Could not write %s: %s", path, g_strerror (saved));
      return FALSE;
    }

  return TRUE;

failed:
  {
    int saved = errno;

    close (fd);
    g_unlink (path);
    g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_WRITE,
                 "Could not write %s: %s", path, g_strerror (saved));
    return FALSE;
  }
}

static char *
encode (const guint8 *data,
        gsize         len)
{
  return g_base64_encode (data, len);
}

/**
 * sok_seal_decode_public_key:
 * @public_key_base64: the text of dsl.pub (surrounding white space is ignored)
 * @out: (out caller-allocates): the 32 raw bytes
 *
 * Sets %SOK_SEAL_ERROR_BAD_PUBLIC_KEY when the text is not a base64 X25519 key.
 */
gboolean
sok_seal_decode_public_key (const char  *public_key_base64,
                            guint8       out[32],
                            GError     **error)
{
  size_t len = 0;
  const char *end = NULL;

  if (public_key_base64 == NULL || *public_key_base64 == '\0')
    {
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_BAD_PUBLIC_KEY,
                   "No DSL public key is set. Run “sokctl config set dsl-public-key "
                   "\"$(cat dsl.pub)\"” with the DSL's dsl.pub file");
      return FALSE;
    }

  if (sodium_base642bin (out, crypto_box_PUBLICKEYBYTES,
                         public_key_base64, strlen (public_key_base64),
                         " \t\r\n", &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      *end != '\0' || len != crypto_box_PUBLICKEYBYTES)
    {
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_BAD_PUBLIC_KEY,
                   "The DSL public key is not valid: it must be the 44 characters of the "
                   "DSL's dsl.pub file. Set it again with “sokctl config set dsl-public-key "
                   "\"$(cat dsl.pub)\"”");
      return FALSE;
    }

  return TRUE;
}

gboolean
sok_seal_generate_keys_with_limits (const char  *out_dir,
                                    const char  *passphrase,
                                    gsize        passphrase_len,
                                    guint64      opslimit,
                                    gsize        memlimit,
                                    GError     **error)
{
  guint8 public_key[crypto_box_PUBLICKEYBYTES];
  guint8 salt[crypto_pwhash_SALTBYTES];
  guint8 nonce[crypto_secretbox_NONCEBYTES];
  guint8 ciphertext[crypto_secretbox_MACBYTES + crypto_box_SECRETKEYBYTES];
  g_autofree char *pub_path = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *pub_text = NULL;
  g_autofree char *key_text = NULL;
  g_autofree char *b64 = NULL;
  g_autoptr (GKeyFile) keyfile = NULL;
  guint8 *secret;
  guint8 *derived;
  gsize key_text_len = 0;

  g_return_val_if_fail (out_dir != NULL, FALSE);
  g_return_val_if_fail (passphrase != NULL || passphrase_len == 0, FALSE);
  g_return_val_if_fail (opslimit >= crypto_pwhash_OPSLIMIT_MIN &&
                        opslimit <= crypto_pwhash_OPSLIMIT_SENSITIVE, FALSE);
  g_return_val_if_fail (memlimit >= crypto_pwhash_MEMLIMIT_MIN &&
                        memlimit <= crypto_pwhash_MEMLIMIT_SENSITIVE, FALSE);

  if (!sok_seal_ensure_sodium (error))
    return FALSE;

  if (count_characters (passphrase, passphrase_len) < SOK_SEAL_MIN_PASSPHRASE)
    {
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_PASSPHRASE_TOO_SHORT,
                   "The passphrase is too short: it protects every report the school "
                   "will receive, so it needs at least %d characters (a few unrelated "
                   "words are easy to remember and hard to guess)", SOK_SEAL_MIN_PASSPHRASE);
      return FALSE;
    }

  if (g_mkdir_with_parents (out_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_WRITE,
                   "Could not create %s: %s", out_dir, g_strerror (saved));
      return FALSE;
    }

  pub_path = g_build_filename (out_dir, "dsl.pub", NULL);
  key_path = g_build_filename (out_dir, "dsl.key", NULL);

  /* Refuse before doing any work, so that an old key is never half-replaced. */
  for (guint i = 0; i < 2; i++)
    {
      const char *path = i == 0 ? key_path : pub_path;

      if (g_file_test (path, G_FILE_TEST_EXISTS) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        {
          g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_EXISTS,
                       "%s already exists and was not overwritten; choose another --out "
                       "directory, or move the old key aside if you really mean to "
                       "replace it", path);
          return FALSE;
        }
    }

  secret = sodium_malloc (crypto_box_SECRETKEYBYTES);
  derived = sodium_malloc (crypto_secretbox_KEYBYTES);
  if (secret == NULL || derived == NULL)
    {
      sodium_free (secret);
      sodium_free (derived);
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_NO_MEMORY,
                   "Not enough memory to make a key");
      return FALSE;
    }

  crypto_box_keypair (public_key, secret);
  randombytes_buf (salt, sizeof salt);
  randombytes_buf (nonce, sizeof nonce);

  if (crypto_pwhash (derived, crypto_secretbox_KEYBYTES, passphrase, passphrase_len, salt,
                     opslimit, memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      sodium_free (secret);
      sodium_free (derived);
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_NO_MEMORY,
                   "Not enough memory to protect the key with the passphrase "
                   "(Argon2id needs %zu MiB); close other programs and try again",
                   memlimit / (1024 * 1024));
      return FALSE;
    }

  crypto_secretbox_easy (ciphertext, secret, crypto_box_SECRETKEYBYTES, nonce, derived);
  sodium_free (secret);
  sodium_free (derived);

  keyfile = g_key_file_new ();
  g_key_file_set_comment (keyfile, NULL, NULL,
                          " Safe Online Kiosk: the DSL's private key, encrypted with the "
                          "DSL's passphrase.\n Keep it (and a backup) only where the DSL "
                          "console runs; without it sealed reports cannot be read.", NULL);
  g_key_file_set_integer (keyfile, KEY_GROUP, "format", KEY_FORMAT);
  g_key_file_set_string (keyfile, KEY_GROUP, "kdf", KEY_KDF);
  g_key_file_set_uint64 (keyfile, KEY_GROUP, "opslimit", opslimit);
  g_key_file_set_uint64 (keyfile, KEY_GROUP, "memlimit", memlimit);
  b64 = encode (salt, sizeof salt);
  g_key_file_set_string (keyfile, KEY_GROUP, "salt", b64);
  g_clear_pointer (&b64, g_free);
  b64 = encode (nonce, sizeof nonce);
  g_key_file_set_string (keyfile, KEY_GROUP, "nonce", b64);
  g_clear_pointer (&b64, g_free);
  b64 = encode (ciphertext, sizeof ciphertext);
  g_key_file_set_string (keyfile, KEY_GROUP, "ciphertext", b64);
  g_clear_pointer (&b64, g_free);
  b64 = encode (public_key, sizeof public_key);
  g_key_file_set_string (keyfile, KEY_GROUP, "public-key", b64);

  key_text = g_key_file_to_data (keyfile, &key_text_len, NULL);
  pub_text = g_strconcat (b64, "\n", NULL);

  if (!write_new_file (key_path, key_text, key_text_len, 0600, error))
    return FALSE;

  if (!write_new_file (pub_path, pub_text, strlen (pub_text), 0644, error))
    {
      g_unlink (key_path);
      return FALSE;
    }

  return TRUE;
}

/**
 * sok_seal_generate_keys:
 * @out_dir: where to write dsl.pub and dsl.key (created with mode 0700 if missing)
 * @passphrase: (array length=passphrase_len): the DSL's passphrase
 *
 * Makes the DSL's X25519 key pair. `dsl.pub` (mode 0644) holds the public key as
 * base64 text and a newline: the kiosk is given it. `dsl.key` (mode 0600) holds the
 * secret key encrypted with crypto_secretbox under a key derived from @passphrase
 * with Argon2id at libsodium's MODERATE limits (256 MiB, 3 passes; about a second).
 * MODERATE rather than INTERACTIVE because the file guards every report the school
 * will ever receive and is opened only when the DSL console starts, so a second's
 * wait is cheap and makes guessing a stolen file's passphrase four times dearer.
 *
 * Existing files are never overwritten (%SOK_SEAL_ERROR_EXISTS); a passphrase
 * shorter than %SOK_SEAL_MIN_PASSPHRASE characters is refused
 * (%SOK_SEAL_ERROR_PASSPHRASE_TOO_SHORT). The caller wipes @passphrase.
 */
gboolean
sok_seal_generate_keys (const char  *out_dir,
                        const char  *passphrase,
                        gsize        passphrase_len,
                        GError     **error)
{
  return sok_seal_generate_keys_with_limits (out_dir, passphrase, passphrase_len,
                                             crypto_pwhash_OPSLIMIT_MODERATE,
                                             crypto_pwhash_MEMLIMIT_MODERATE, error);
}

static gboolean
set_damaged (GError     **error,
             const char  *key_path,
             const char  *reason)
{
  g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_DAMAGED_KEY,
               "%s is damaged or is not a DSL key file (%s). Restore dsl.key from the "
               "DSL's backup", key_path, reason);
  return FALSE;
}

/* Reads a base64 value of exactly @len bytes. */
static gboolean
get_fixed_bytes (GKeyFile    *keyfile,
                 const char  *name,
                 guint8      *out,
                 gsize        len,
                 const char  *key_path,
                 GError     **error)
{
  g_autofree char *text = g_key_file_get_string (keyfile, KEY_GROUP, name, NULL);
  g_autofree char *reason = NULL;
  size_t got = 0;
  const char *end = NULL;

  if (text == NULL)
    {
      reason = g_strdup_printf ("“%s” is missing", name);
      return set_damaged (error, key_path, reason);
    }

  if (sodium_base642bin (out, len, text, strlen (text), NULL, &got, &end,
                         sodium_base64_VARIANT_ORIGINAL) != 0 ||
      *end != '\0' || got != len)
    {
      reason = g_strdup_printf ("“%s” is not %zu bytes of base64", name, len);
      return set_damaged (error, key_path, reason);
    }

  return TRUE;
}

/**
 * sok_dsl_key_load:
 * @key_path: a dsl.key file written by sok_seal_generate_keys()
 * @passphrase: (array length=passphrase_len): the DSL's passphrase; the caller wipes it
 *
 * Opens the DSL's private key. Sets %SOK_SEAL_ERROR_WRONG_PASSPHRASE when the
 * passphrase does not open it, %SOK_SEAL_ERROR_DAMAGED_KEY when the file is not a
 * sound key file, %SOK_SEAL_ERROR_READ when it cannot be read.
 *
 * Returns: (transfer full): the key; free it with sok_dsl_key_free(), which wipes it.
 */
SokDslKey *
sok_dsl_key_load (const char  *key_path,
                  const char  *passphrase,
                  gsize        passphrase_len,
                  GError     **error)
{
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (GError) local_error = NULL;
  g_autoptr (SokDslKey) key = NULL;
  g_autofree char *kdf = NULL;
  g_autofree char *contents = NULL;
  guint8 salt[crypto_pwhash_SALTBYTES];
  guint8 nonce[crypto_secretbox_NONCEBYTES];
  guint8 ciphertext[crypto_secretbox_MACBYTES + crypto_box_SECRETKEYBYTES];
  guint8 check[crypto_box_PUBLICKEYBYTES];
  guint8 *derived;
  gsize contents_len = 0;
  guint64 opslimit;
  guint64 memlimit;
  gint64 format;
  int rc;

  g_return_val_if_fail (key_path != NULL, NULL);
  g_return_val_if_fail (passphrase != NULL || passphrase_len == 0, NULL);

  if (!sok_seal_ensure_sodium (error))
    return NULL;

  if (!g_file_get_contents (key_path, &contents, &contents_len, &local_error))
    {
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_READ,
                   "Could not read the DSL key: %s", local_error->message);
      return NULL;
    }

  if (!g_key_file_load_from_data (keyfile, contents, contents_len, G_KEY_FILE_NONE, NULL) ||
      !g_key_file_has_group (keyfile, KEY_GROUP))
    {
      set_damaged (error, key_path, "it is not a key file made by “sokctl keys generate”");
      return NULL;
    }

  format = g_key_file_get_int64 (keyfile, KEY_GROUP, "format", &local_error);
  if (local_error != NULL)
    {
      set_damaged (error, key_path, "its format version is missing");
      return NULL;
    }
  if (format != KEY_FORMAT)
    {
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_DAMAGED_KEY,
                   "%s is a DSL key file of format %" G_GINT64_FORMAT ", which this version "
                   "of Safe Online Kiosk does not know (it knows format %d); update the "
                   "DSL console", key_path, format, KEY_FORMAT);
      return NULL;
    }

  kdf = g_key_file_get_string (keyfile, KEY_GROUP, "kdf", NULL);
  if (g_strcmp0 (kdf, KEY_KDF) != 0)
    {
      set_damaged (error, key_path, "its key derivation is not argon2id13");
      return NULL;
    }

  opslimit = g_key_file_get_uint64 (keyfile, KEY_GROUP, "opslimit", &local_error);
  if (local_error == NULL)
    memlimit = g_key_file_get_uint64 (keyfile, KEY_GROUP, "memlimit", &local_error);
  if (local_error != NULL ||
      opslimit < crypto_pwhash_OPSLIMIT_MIN || opslimit > crypto_pwhash_OPSLIMIT_SENSITIVE ||
      memlimit < crypto_pwhash_MEMLIMIT_MIN || memlimit > crypto_pwhash_MEMLIMIT_SENSITIVE)
    {
      set_damaged (error, key_path, "its Argon2id limits are missing or out of range");
      return NULL;
    }

  key = g_new0 (SokDslKey, 1);

  if (!get_fixed_bytes (keyfile, "salt", salt, sizeof salt, key_path, error) ||
      !get_fixed_bytes (keyfile, "nonce", nonce, sizeof nonce, key_path, error) ||
      !get_fixed_bytes (keyfile, "ciphertext", ciphertext, sizeof ciphertext, key_path, error) ||
      !get_fixed_bytes (keyfile, "public-key", key->public_key, sizeof key->public_key,
                        key_path, error))
    return NULL;

  key->secret = sodium_malloc (crypto_box_SECRETKEYBYTES);
  derived = sodium_malloc (crypto_secretbox_KEYBYTES);
  if (key->secret == NULL || derived == NULL)
    {
      sodium_free (derived);
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_NO_MEMORY,
                   "Not enough memory to open the DSL key");
      return NULL;
    }

  if (crypto_pwhash (derived, crypto_secretbox_KEYBYTES, passphrase, passphrase_len, salt,
                     opslimit, (size_t)memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      sodium_free (derived);
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_NO_MEMORY,
                   "Not enough memory to open the DSL key (Argon2id needs %" G_GUINT64_FORMAT
                   " MiB); close other programs and try again", memlimit / (1024 * 1024));
      return NULL;
    }

  rc = crypto_secretbox_open_easy (key->secret, ciphertext, sizeof ciphertext, nonce, derived);
  sodium_free (derived);
  if (rc != 0)
    {
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_WRONG_PASSPHRASE,
                   "The passphrase does not open this key");
      return NULL;
    }

  /* The public key is stored in the clear for people to compare; make sure it is
   * the secret key's own, so a tampered file cannot make us show a wrong fingerprint. */
  crypto_scalarmult_base (check, key->secret);
  if (sodium_memcmp (check, key->public_key, sizeof check) != 0)
    {
      set_damaged (error, key_path, "its public key does not belong to its private key");
      return NULL;
    }

  return g_steal_pointer (&key);
}

/**
 * sok_dsl_key_get_public_key:
 *
 * Returns: (array fixed-size=32): the key's raw X25519 public key
 */
const guint8 *
sok_dsl_key_get_public_key (SokDslKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  return key->public_key;
}

/**
 * sok_dsl_key_dup_public_key_base64:
 *
 * Returns: (transfer full): the public key as the text of dsl.pub, without newline
 */
char *
sok_dsl_key_dup_public_key_base64 (SokDslKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  return encode (key->public_key, sizeof key->public_key);
}

void
sok_dsl_key_free (SokDslKey *key)
{
  if (key == NULL)
    return;

  /* sodium_free() overwrites the secret with zeros before unmapping it. */
  if (key->secret != NULL)
    sodium_free (key->secret);
  sodium_memzero (key, sizeof *key);
  g_free (key);
}

/**
 * sok_dsl_key_copy:
 *
 * Returns: (transfer full): a copy of @key, its secret again in sodium_malloc()'d
 *   memory, or %NULL when there is no memory for it.
 */
SokDslKey *
sok_dsl_key_copy (SokDslKey *key)
{
  SokDslKey *copy;

  g_return_val_if_fail (key != NULL, NULL);

  copy = g_new0 (SokDslKey, 1);
  copy->secret = sodium_malloc (crypto_box_SECRETKEYBYTES);
  if (copy->secret == NULL)
    {
      g_free (copy);
      return NULL;
    }
  memcpy (copy->secret, key->secret, crypto_box_SECRETKEYBYTES);
  memcpy (copy->public_key, key->public_key, sizeof copy->public_key);
  return copy;
}

/* The audit key is derived from the private key rather than stored beside it, so
 * that every dsl.key ever made has one and the key file's format stays as it is.
 * Subkey 1 of context "sokaudit"; no other subkey of it is used for anything else. */
static gboolean
derive_audit_key (SokDslKey *key,
                  guint8     out[crypto_auth_KEYBYTES])
{
  G_STATIC_ASSERT (crypto_kdf_KEYBYTES == crypto_box_SECRETKEYBYTES);
  G_STATIC_ASSERT (crypto_auth_KEYBYTES >= crypto_kdf_BYTES_MIN &&
                   crypto_auth_KEYBYTES <= crypto_kdf_BYTES_MAX);

  return crypto_kdf_derive_from_key (out, crypto_auth_KEYBYTES, 1, "sokaudit", key->secret) == 0;
}

/**
 * sok_dsl_key_dup_audit_mac:
 * @message: what to authenticate (an audit entry's hash)
 *
 * Returns: (transfer full) (nullable): the MAC of @message under the DSL's audit key,
 *   as %SOK_AUDIT_MAC_HEX_LEN hex digits. Only the holder of the private key can make
 *   one, so a MAC shows that the DSL's own software wrote the entry.
 */
char *
sok_dsl_key_dup_audit_mac (SokDslKey  *key,
                           const char *message)
{
  guint8 audit_key[crypto_auth_KEYBYTES];
  guint8 mac[crypto_auth_BYTES];
  char hex[crypto_auth_BYTES * 2 + 1];

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  if (!sok_seal_ensure_sodium (NULL) || !derive_audit_key (key, audit_key))
    return NULL;
  crypto_auth (mac, (const guint8 *)message, strlen (message), audit_key);
  sodium_memzero (audit_key, sizeof audit_key);
  sodium_bin2hex (hex, sizeof hex, mac, sizeof mac);
  return g_strdup (hex);
}

/* Returns: whether @mac_hex is the MAC of @message under @key's audit key. */
gboolean
sok_dsl_key_check_audit_mac (SokDslKey  *key,
                             const char *message,
                             const char *mac_hex)
{
  guint8 audit_key[crypto_auth_KEYBYTES];
  guint8 mac[crypto_auth_BYTES];
  size_t len = 0;
  const char *end = NULL;
  int rc;

  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  if (mac_hex == NULL || strlen (mac_hex) != SOK_AUDIT_MAC_HEX_LEN ||
      sodium_hex2bin (mac, sizeof mac, mac_hex, strlen (mac_hex), NULL, &len, &end) != 0 ||
      len != sizeof mac || *end != '\0')
    return FALSE;
  if (!sok_seal_ensure_sodium (NULL) || !derive_audit_key (key, audit_key))
    return FALSE;
  rc = crypto_auth_verify (mac, (const guint8 *)message, strlen (message), audit_key);
  sodium_memzero (audit_key, sizeof audit_key);
  return rc == 0;
}

/**
 * sok_seal_seal:
 * @plaintext: what to seal
 * @public_key_base64: the DSL's public key (the text of dsl.pub)
 *
 * Seals @plaintext with crypto_box_seal, so that only the holder of the DSL's
 * private key can open it; the kiosk itself cannot. Sets
 * %SOK_SEAL_ERROR_BAD_PUBLIC_KEY when the key is missing or not valid. The caller
 * wipes @plaintext.
 *
 * Returns: (transfer full): the sealed bytes (crypto_box_SEALBYTES longer)
 */
GBytes *
sok_seal_seal (GBytes      *plaintext,
               const char  *public_key_base64,
               GError     **error)
{
  guint8 public_key[crypto_box_PUBLICKEYBYTES];
  const guint8 *data;
  gsize len = 0;
  guint8 *sealed;

  g_return_val_if_fail (plaintext != NULL, NULL);

  if (!sok_seal_ensure_sodium (error) ||
      !sok_seal_decode_public_key (public_key_base64, public_key, error))
    return NULL;

  data = g_bytes_get_data (plaintext, &len);
  sealed = g_malloc (len + crypto_box_SEALBYTES);
  if (crypto_box_seal (sealed, data != NULL ? data : (const guint8 *)"", len, public_key) != 0)
    {
      g_free (sealed);
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_BAD_PUBLIC_KEY,
                   "The DSL public key is not valid; set it again with “sokctl config set "
                   "dsl-public-key \"$(cat dsl.pub)\"”");
      return NULL;
    }

  return g_bytes_new_take (sealed, len + crypto_box_SEALBYTES);
}

static void
wipe_and_free (gpointer data)
{
  /* sodium_free() zeroes the memory before releasing it. */
  sodium_free (data);
}

/**
 * sok_seal_open:
 * @key: the DSL's opened key
 * @sealed: bytes from sok_seal_seal()
 *
 * Opens a sealed report. Sets %SOK_SEAL_ERROR_CANNOT_OPEN when @sealed is damaged or
 * was sealed to another key.
 *
 * Returns: (transfer full): the plaintext. Its memory comes from sodium_malloc() and
 *   is wiped when the last reference is dropped: just g_bytes_unref() it, and do not
 *   copy it out with g_bytes_unref_to_data() (that would copy into ordinary memory).
 */
GBytes *
sok_seal_open (SokDslKey  *key,
               GBytes     *sealed,
               GError    **error)
{
  const guint8 *data;
  gsize len = 0;
  gsize plain_len;
  guint8 *plain;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (sealed != NULL, NULL);

  if (!sok_seal_ensure_sodium (error))
    return NULL;

  data = g_bytes_get_data (sealed, &len);
  if (len < crypto_box_SEALBYTES)
    {
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_CANNOT_OPEN,
                   "This sealed report is damaged: it is too short to be one");
      return NULL;
    }

  plain_len = len - crypto_box_SEALBYTES;
  /* One spare byte so that an empty report still has an allocation, and so that a
   * text report is NUL-terminated for readers that want a string. */
  plain = sodium_malloc (plain_len + 1);
  if (plain == NULL)
    {
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_NO_MEMORY,
                   "Not enough memory to open a report");
      return NULL;
    }

  if (crypto_box_seal_open (plain, data, len, key->public_key, key->secret) != 0)
    {
      sodium_free (plain);
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_CANNOT_OPEN,
                   "This report cannot be opened with this DSL key: it was sealed to "
                   "another key, or it is damaged");
      return NULL;
    }
  plain[plain_len] = '\0';

  return g_bytes_new_with_free_func (plain, plain_len, wipe_and_free, plain);
}

/**
 * sok_seal_dup_fingerprint:
 * @public_key_base64: the text of dsl.pub
 *
 * A short fingerprint for people to compare, e.g. on the kiosk's health screen and
 * on the DSL's copy of dsl.pub: the first 8 bytes of the SHA-256 of the raw key, as
 * four groups of four hex digits ("3f2a 9c01 77be 04d5"). See
 * sok_fingerprint_dup_hex().
 *
 * Returns: (transfer full) (nullable): the fingerprint, or %NULL when the key is not
 *   a valid public key
 */
char *
sok_seal_dup_fingerprint (const char *public_key_base64)
{
  guint8 public_key[crypto_box_PUBLICKEYBYTES];

  if (!sok_seal_ensure_sodium (NULL) ||
      !sok_seal_decode_public_key (public_key_base64, public_key, NULL))
    return NULL;

  return sok_fingerprint_dup_hex (public_key, sizeof public_key);
}

/**
 * sok_seal_dup_fingerprint_words:
 * @public_key_base64: the text of dsl.pub
 *
 * The DSL key's fingerprint as words (sok_fingerprint_dup_words()), as `sokctl config
 * set dsl-public-key` asks IT to compare with the DSL console's About screen.
 *
 * Returns: (transfer full) (nullable): the words, or %NULL when the key is not a
 *   valid public key
 */
char *
sok_seal_dup_fingerprint_words (const char *public_key_base64)
{
  guint8 public_key[crypto_box_PUBLICKEYBYTES];

  if (!sok_seal_ensure_sodium (NULL) ||
      !sok_seal_decode_public_key (public_key_base64, public_key, NULL))
    return NULL;

  return sok_fingerprint_dup_words (public_key, sizeof public_key);
}

/**
 * sok_seal_dup_public_key_from_file:
 * @path: a dsl.pub, or a dsl.key (whose public half is read without the passphrase)
 *
 * Returns: (transfer full): the DSL public key in base64, as dsl.pub holds it, or
 *   %NULL with %SOK_SEAL_ERROR_READ or %SOK_SEAL_ERROR_BAD_PUBLIC_KEY
 */
char *
sok_seal_dup_public_key_from_file (const char  *path,
                                   GError     **error)
{
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  guint8 raw[crypto_box_PUBLICKEYBYTES];
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_READ,
                   "Could not read %s: %s", path, local_error->message);
      return NULL;
    }

  if (g_key_file_load_from_data (keyfile, contents, len, G_KEY_FILE_NONE, NULL) &&
      g_key_file_has_group (keyfile, KEY_GROUP))
    text = g_key_file_get_string (keyfile, KEY_GROUP, "public-key", NULL);
  else
    text = g_strdup (contents);
  if (len > 0)
    sodium_memzero (contents, len);

  if (text == NULL || !sok_seal_decode_public_key (g_strstrip (text), raw, NULL))
    {
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_BAD_PUBLIC_KEY,
                   "%s is neither a dsl.pub nor a dsl.key made by “sokctl keys generate”",
                   path);
      return NULL;
    }

  return encode (raw, sizeof raw);
}

/**
 * sok_dsl_key_dup_fingerprint_words:
 *
 * Returns: (transfer full): the words of the key's public half, as the DSL console
 *   shows them for IT to compare with what a kiosk says
 */
char *
sok_dsl_key_dup_fingerprint_words (SokDslKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  return sok_fingerprint_dup_words (key->public_key, sizeof key->public_key);
}

/**
 * sok_seal_check_dsl_public_key:
 * @public_key_base64: a value for the dsl-public-key setting
 *
 * Checks, as far as can be told without the private key, that @public_key_base64 is
 * a DSL key reports can be sealed to: 32 bytes of base64, an X25519 public key as
 * libsodium makes them (the top bit clear and the number below 2^255 - 19, which
 * every key made by “sokctl keys generate” is, while a random 32 bytes is not half
 * the time), and not one of the few low-order points that would seal every report
 * to a secret anyone can compute. Sets %SOK_SEAL_ERROR_BAD_PUBLIC_KEY saying why.
 */
gboolean
sok_seal_check_dsl_public_key (const char  *public_key_base64,
                               GError     **error)
{
  static const guint8 probe_scalar[crypto_scalarmult_SCALARBYTES] = {
    0x4c, 0x2a, 0x91, 0x07, 0x5d, 0xe3, 0x18, 0xb6, 0x33, 0x70, 0x0f, 0xa9, 0x6e, 0x21, 0xc4, 0x58,
    0x92, 0x1b, 0x7a, 0xd0, 0x45, 0xef, 0x66, 0x39, 0x80, 0x14, 0xcb, 0x2f, 0x9d, 0x53, 0xa7, 0x61,
  };
  guint8 public_key[crypto_box_PUBLICKEYBYTES];
  guint8 shared[crypto_scalarmult_BYTES];
  gboolean below_p = FALSE;
  int rc;

  if (!sok_seal_ensure_sodium (error) ||
      !sok_seal_decode_public_key (public_key_base64, public_key, error))
    return FALSE;

  /* u < 2^255 - 19: compare from the top byte down with 7f ff … ff ed. */
  if (public_key[31] < 0x7f)
    below_p = TRUE;
  else if (public_key[31] == 0x7f)
    {
      for (int i = 30; i >= 1 && !below_p; i--)
        if (public_key[i] != 0xff)
          below_p = TRUE;
      if (!below_p)
        below_p = public_key[0] < 0xed;
    }

  if ((public_key[31] & 0x80) != 0 || !below_p)
    {
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_BAD_PUBLIC_KEY,
                   "This is not a DSL public key: no key made by “sokctl keys generate” "
                   "looks like it. Paste the whole of the DSL's dsl.pub file again");
      return FALSE;
    }

  /* libsodium refuses a shared secret of all zeros, which is what a low-order point
   * gives with any private key. */
  rc = crypto_scalarmult (shared, probe_scalar, public_key);
  sodium_memzero (shared, sizeof shared);
  if (rc != 0)
    {
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_BAD_PUBLIC_KEY,
                   "This is not a DSL public key: it is one of the few values reports "
                   "could be opened from by anyone. Paste the whole of the DSL's dsl.pub "
                   "file again");
      return FALSE;
    }

  return TRUE;
}

/**
 * sok_dsl_key_mac:
 * @purpose: what the MAC is for, e.g. "kiosk approvals"; each purpose has its own key
 * @data: (array length=len): what to authenticate
 * @out: (out caller-allocates): the 32-byte MAC
 *
 * A MAC only the holder of the DSL's private key can make or check: keyed BLAKE2b
 * under a key derived from the private key and @purpose. The queue keeps records the
 * DSL decided (which kiosks are approved) where others can write; the MAC lets the
 * console tell the DSL's own records from forged ones.
 */
void
sok_dsl_key_mac (SokDslKey     *key,
                 const char    *purpose,
                 const guint8  *data,
                 gsize          len,
                 guint8         out[32])
{
  guint8 *subkey;

  g_return_if_fail (key != NULL);
  g_return_if_fail (purpose != NULL);

  subkey = sodium_malloc (crypto_generichash_KEYBYTES);
  g_assert (subkey != NULL);
  crypto_generichash (subkey, crypto_generichash_KEYBYTES, (const guint8 *)purpose,
                      strlen (purpose), key->secret, crypto_box_SECRETKEYBYTES);
  crypto_generichash (out, 32, data, len, subkey, crypto_generichash_KEYBYTES);
  sodium_free (subkey);
}

/**
 * sok_seal_secret_free:
 * @secret: (nullable) (transfer full): a NUL-terminated secret, such as a passphrase
 *
 * Overwrites @secret with zeros and frees it.
 */
void
sok_seal_secret_free (char *secret)
{
  if (secret == NULL)
    return;

  sodium_memzero (secret, strlen (secret));
  g_free (secret);
}

/**
 * sok_seal_read_passphrase_file:
 * @path: a file holding the passphrase (as for `--passphrase-file`)
 * @out_len: (out): the passphrase's length in bytes
 *
 * Reads a passphrase; one trailing newline ("\n" or "\r\n") is not part of it.
 * Sets %SOK_SEAL_ERROR_PASSPHRASE_FILE when the file cannot be read, is empty, is
 * longer than 1024 bytes or holds a NUL byte.
 *
 * Returns: (transfer full): the passphrase; free it with sok_seal_secret_free()
 */
char *
sok_seal_read_passphrase_file (const char  *path,
                               gsize       *out_len,
                               GError     **error)
{
  g_autoptr (GError) local_error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (out_len != NULL, NULL);

  /* A regular file is read in one allocation, so no stray copy is left behind. */
  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_PASSPHRASE_FILE,
                   "Could not read the passphrase: %s", local_error->message);
      return NULL;
    }

  if (len > 1024 || memchr (contents, '\0', len) != NULL)
    {
      sodium_memzero (contents, len);
      g_free (contents);
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_PASSPHRASE_FILE,
                   "%s does not look like a passphrase file: it should hold the "
                   "passphrase on one line", path);
      return NULL;
    }

  if (len > 0 && contents[len - 1] == '\n')
    contents[--len] = '\0';
  if (len > 0 && contents[len - 1] == '\r')
    contents[--len] = '\0';

  if (len == 0)
    {
      g_free (contents);
      g_set_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_PASSPHRASE_FILE,
                   "%s is empty; write the passphrase in it", path);
      return NULL;
    }

  *out_len = len;
  return contents;
}
