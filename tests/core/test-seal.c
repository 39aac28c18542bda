/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-seal"

#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <sys/stat.h>

#include "sok-seal-private.h"

#define PASSPHRASE "correct horse battery staple"

static char *
make_dir (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("sok-seal-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (tmp, "keys", NULL);
}

/* Tests use libsodium's smallest Argon2id limits so that they stay quick under
 * valgrind; /seal/keys/generate-uses-moderate-limits checks the real default. */
static char *
make_keys (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = make_dir ();

  g_assert_true (sok_seal_generate_keys_with_limits (dir, PASSPHRASE, strlen (PASSPHRASE),
                                                     crypto_pwhash_OPSLIMIT_MIN,
                                                     crypto_pwhash_MEMLIMIT_MIN, &error));
  g_assert_no_error (error);
  return dir;
}

static char *
read_pub (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "dsl.pub", NULL);
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

static guint
mode_of (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static void
test_generate_writes_both_files (void)
{
  g_autofree char *dir = make_keys ();
  g_autofree char *pub_path = g_build_filename (dir, "dsl.pub", NULL);
  g_autofree char *key_path = g_build_filename (dir, "dsl.key", NULL);
  g_autofree char *pub = read_pub (dir);
  g_autofree char *key_text = NULL;
  g_autofree guchar *raw = NULL;
  gsize len = 0;

  g_assert_cmpuint (mode_of (pub_path), ==, 0644);
  g_assert_cmpuint (mode_of (key_path), ==, 0600);

  g_assert_true (g_str_has_suffix (pub, "\n"));
  g_assert_cmpuint (strlen (pub), ==, 45);
  raw = g_base64_decode (pub, &len);
  g_assert_cmpuint (len, ==, 32);

  g_assert_true (g_file_get_contents (key_path, &key_text, NULL, NULL));
  g_assert_nonnull (strstr (key_text, "format=1"));
  g_assert_nonnull (strstr (key_text, "kdf=argon2id13"));
  g_assert_nonnull (strstr (key_text, "salt="));
  g_assert_nonnull (strstr (key_text, "nonce="));
  g_assert_nonnull (strstr (key_text, "ciphertext="));
}

static void
test_generate_uses_moderate_limits (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (SokDslKey) key = NULL;
  g_autofree char *dir = make_dir ();
  g_autofree char *key_path = g_build_filename (dir, "dsl.key", NULL);

  /* valgrind announces itself through LD_PRELOAD. */
  if (strstr (g_getenv ("LD_PRELOAD") ? g_getenv ("LD_PRELOAD") : "", "vgpreload") != NULL)
    {
      g_test_skip ("Argon2id MODERATE takes minutes under valgrind");
      return;
    }

  g_assert_true (sok_seal_generate_keys (dir, PASSPHRASE, strlen (PASSPHRASE), &error));
  g_assert_no_error (error);

  g_assert_true (g_key_file_load_from_file (keyfile, key_path, G_KEY_FILE_NONE, NULL));
  g_assert_cmpuint (g_key_file_get_uint64 (keyfile, "Safe Online Kiosk DSL key", "opslimit", NULL),
                    ==, crypto_pwhash_OPSLIMIT_MODERATE);
  g_assert_cmpuint (g_key_file_get_uint64 (keyfile, "Safe Online Kiosk DSL key", "memlimit", NULL),
                    ==, crypto_pwhash_MEMLIMIT_MODERATE);

  key = sok_dsl_key_load (key_path, PASSPHRASE, strlen (PASSPHRASE), &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
}

static void
test_generate_refuses_short_passphrase (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_dir ();
  g_autofree char *key_path = g_build_filename (dir, "dsl.key", NULL);

  /* Nine characters, though more than ten bytes: characters are what count. */
  g_assert_false (sok_seal_generate_keys (dir, "ééééééééé", strlen ("ééééééééé"), &error));
  g_assert_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_PASSPHRASE_TOO_SHORT);
  g_assert_nonnull (strstr (error->message, "10 characters"));
  g_assert_false (g_file_test (key_path, G_FILE_TEST_EXISTS));
}

static void
test_generate_refuses_overwrite (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_keys ();
  g_autofree char *pub_before = read_pub (dir);
  g_autofree char *pub_after = NULL;
  g_autofree char *key_path = g_build_filename (dir, "dsl.key", NULL);
  g_autofree char *pub_path = g_build_filename (dir, "dsl.pub", NULL);
  g_autoptr (SokDslKey) key = NULL;

  g_assert_false (sok_seal_generate_keys (dir, PASSPHRASE, strlen (PASSPHRASE), &error));
  g_assert_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_EXISTS);
  g_clear_error (&error);

  pub_after = read_pub (dir);
  g_assert_cmpstr (pub_before, ==, pub_after);
  key = sok_dsl_key_load (key_path, PASSPHRASE, strlen (PASSPHRASE), &error);
  g_assert_no_error (error);

  /* Only dsl.pub there (say the DSL copied it back): still refused, untouched. */
  g_assert_cmpint (g_unlink (key_path), ==, 0);
  g_assert_false (sok_seal_generate_keys (dir, PASSPHRASE, strlen (PASSPHRASE), &error));
  g_assert_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_EXISTS);
  g_assert_false (g_file_test (key_path, G_FILE_TEST_EXISTS));
  g_free (pub_after);
  pub_after = read_pub (dir);
  g_assert_cmpstr (pub_before, ==, pub_after);
  g_assert_true (g_file_test (pub_path, G_FILE_TEST_IS_REGULAR));
}

static void
test_load_opens_own_key (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_keys ();
  g_autofree char *key_path = g_build_filename (dir, "dsl.key", NULL);
  g_autofree char *pub = read_pub (dir);
  g_autofree char *b64 = NULL;
  g_autoptr (SokDslKey) key = NULL;

  key = sok_dsl_key_load (key_path, PASSPHRASE, strlen (PASSPHRASE), &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);

  b64 = sok_dsl_key_dup_public_key_base64 (key);
  g_strchomp (pub);
  g_assert_cmpstr (b64, ==, pub);
}

static void
test_load_wrong_passphrase (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_keys ();
  g_autofree char *key_path = g_build_filename (dir, "dsl.key", NULL);
  g_autoptr (SokDslKey) key = NULL;
  const char *wrong = "correct horse battery stapler";

  key = sok_dsl_key_load (key_path, wrong, strlen (wrong), &error);
  g_assert_null (key);
  g_assert_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_WRONG_PASSPHRASE);
  g_assert_cmpstr (error->message, ==, "The passphrase does not open this key");
}

static void
rewrite_key (const char *key_path,
             const char *name,
             const char *value)
{
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (g_key_file_load_from_file (keyfile, key_path, G_KEY_FILE_KEEP_COMMENTS, &error));
  if (value == NULL)
    g_key_file_remove_key (keyfile, "Safe Online Kiosk DSL key", name, NULL);
  else
    g_key_file_set_string (keyfile, "Safe Online Kiosk DSL key", name, value);
  g_assert_true (g_key_file_save_to_file (keyfile, key_path, &error));
}

static void
test_load_damaged_key (void)
{
  static const struct { const char *name; const char *value; int code; } cases[] = {
    { "ciphertext", NULL, SOK_SEAL_ERROR_DAMAGED_KEY },
    { "ciphertext", "AAAA", SOK_SEAL_ERROR_DAMAGED_KEY },
    { "salt", "not base64 at all!", SOK_SEAL_ERROR_DAMAGED_KEY },
    { "format", "7", SOK_SEAL_ERROR_DAMAGED_KEY },
    { "kdf", "scrypt", SOK_SEAL_ERROR_DAMAGED_KEY },
    { "memlimit", "99999999999999", SOK_SEAL_ERROR_DAMAGED_KEY },
    /* Another valid key's public half: the file no longer matches itself. */
    { "public-key", "4rJ1eWzqyBvuwnnR8EqvHcVWOYzTgtZtk2bxmpn/nWU=", SOK_SEAL_ERROR_DAMAGED_KEY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *dir = make_keys ();
      g_autofree char *key_path = g_build_filename (dir, "dsl.key", NULL);
      g_autoptr (SokDslKey) key = NULL;

      rewrite_key (key_path, cases[i].name, cases[i].value);
      key = sok_dsl_key_load (key_path, PASSPHRASE, strlen (PASSPHRASE), &error);
      g_assert_null (key);
      g_assert_error (error, SOK_SEAL_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, key_path));
    }
}

static void
test_load_not_a_key_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_keys ();
  g_autofree char *key_path = g_build_filename (dir, "dsl.key", NULL);
  g_autofree char *pub_path = g_build_filename (dir, "dsl.pub", NULL);
  g_autofree char *missing = g_build_filename (dir, "nothing.key", NULL);
  g_autoptr (SokDslKey) key = NULL;

  /* Giving the public file instead of the private one is an easy mistake. */
  key = sok_dsl_key_load (pub_path, PASSPHRASE, strlen (PASSPHRASE), &error);
  g_assert_null (key);
  g_assert_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_DAMAGED_KEY);
  g_clear_error (&error);

  key = sok_dsl_key_load (missing, PASSPHRASE, strlen (PASSPHRASE), &error);
  g_assert_null (key);
  g_assert_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_READ);
  g_clear_error (&error);

  /* Truncated in the middle. */
  {
    g_autofree char *text = NULL;
    gsize len = 0;

    g_assert_true (g_file_get_contents (key_path, &text, &len, NULL));
    g_assert_true (g_file_set_contents (key_path, text, (gssize)(len / 2), NULL));
    key = sok_dsl_key_load (key_path, PASSPHRASE, strlen (PASSPHRASE), &error);
    g_assert_null (key);
    g_assert_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_DAMAGED_KEY);
  }
}

static void
test_seal_round_trip (void)
{
  static const char * const texts[] = {
    "",
    "Someone said mean things about me in a game",
    "😢 they keep sending me 👾👾 at night 🌙",
    "مرحبا، شخص ما كان لئيما معي",
    "מישהו שלח לי הודעה מפחידה",
    "mixed English עברית and العربية 123",
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_keys ();
  g_autofree char *key_path = g_build_filename (dir, "dsl.key", NULL);
  g_autofree char *pub = read_pub (dir);
  g_autoptr (SokDslKey) key = NULL;

  key = sok_dsl_key_load (key_path, PASSPHRASE, strlen (PASSPHRASE), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (GBytes) plain = g_bytes_new_static (texts[i], strlen (texts[i]));
      g_autoptr (GBytes) sealed = NULL;
      g_autoptr (GBytes) opened = NULL;
      gsize len = 0;
      const guint8 *data;

      sealed = sok_seal_seal (plain, pub, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (sealed), ==, strlen (texts[i]) + crypto_box_SEALBYTES);

      /* The plaintext does not appear in the sealed bytes. */
      data = g_bytes_get_data (sealed, &len);
      if (*texts[i] != '\0')
        g_assert_null (memmem (data, len, texts[i], strlen (texts[i])));

      opened = sok_seal_open (key, sealed, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (opened, plain));
      /* Opened reports are NUL-terminated for string readers. */
      g_assert_cmpstr (g_bytes_get_data (opened, NULL), ==, texts[i]);
    }
}

static void
test_seal_is_randomised (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_keys ();
  g_autofree char *pub = read_pub (dir);
  g_autoptr (GBytes) plain = g_bytes_new_static ("same words", 10);
  g_autoptr (GBytes) a = sok_seal_seal (plain, pub, &error);
  g_autoptr (GBytes) b = sok_seal_seal (plain, pub, &error);

  g_assert_no_error (error);
  /* Two children typing the same words must not produce matching envelopes. */
  g_assert_false (g_bytes_equal (a, b));
}

static void
test_open_refuses_other_key_and_damage (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir_a = make_keys ();
  g_autofree char *dir_b = make_keys ();
  g_autofree char *key_b_path = g_build_filename (dir_b, "dsl.key", NULL);
  g_autofree char *key_a_path = g_build_filename (dir_a, "dsl.key", NULL);
  g_autofree char *pub_a = read_pub (dir_a);
  g_autoptr (SokDslKey) key_a = NULL;
  g_autoptr (SokDslKey) key_b = NULL;
  g_autoptr (GBytes) plain = g_bytes_new_static ("a secret", 8);
  g_autoptr (GBytes) sealed = NULL;
  g_autoptr (GBytes) opened = NULL;
  g_autoptr (GBytes) damaged = NULL;
  g_autoptr (GBytes) short_bytes = g_bytes_new_static ("abc", 3);
  g_autofree guint8 *copy = NULL;
  gsize len = 0;

  key_a = sok_dsl_key_load (key_a_path, PASSPHRASE, strlen (PASSPHRASE), &error);
  g_assert_no_error (error);
  key_b = sok_dsl_key_load (key_b_path, PASSPHRASE, strlen (PASSPHRASE), &error);
  g_assert_no_error (error);

  sealed = sok_seal_seal (plain, pub_a, &error);
  g_assert_no_error (error);

  opened = sok_seal_open (key_b, sealed, &error);
  g_assert_null (opened);
  g_assert_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_CANNOT_OPEN);
  g_clear_error (&error);

  copy = g_memdup2 (g_bytes_get_data (sealed, &len), g_bytes_get_size (sealed));
  copy[len - 1] ^= 0x01;
  damaged = g_bytes_new (copy, len);
  opened = sok_seal_open (key_a, damaged, &error);
  g_assert_null (opened);
  g_assert_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_CANNOT_OPEN);
  g_clear_error (&error);

  opened = sok_seal_open (key_a, short_bytes, &error);
  g_assert_null (opened);
  g_assert_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_CANNOT_OPEN);
}

static void
test_seal_refuses_bad_public_key (void)
{
  static const char * const bad[] = {
    "",
    "not a key",
    "AAAA",
    "4rJ1eWzqyBvuwnnR8EqvHcVWOYzTgtZtk2bxmpn/nWU=AAAA",
  };
  g_autoptr (GBytes) plain = g_bytes_new_static ("x", 1);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) sealed = sok_seal_seal (plain, bad[i], &error);

      g_assert_null (sealed);
      g_assert_error (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_BAD_PUBLIC_KEY);
      g_assert_nonnull (strstr (error->message, "sokctl config set dsl-public-key"));
      g_assert_null (sok_seal_dup_fingerprint (bad[i]));
    }
}

static void
test_fingerprint (void)
{
  g_autofree char *dir = make_keys ();
  g_autofree char *pub = read_pub (dir);
  g_autofree char *fp = sok_seal_dup_fingerprint (pub);
  g_autofree char *fp_again = NULL;
  g_autofree guchar *raw = NULL;
  guint8 hash[crypto_hash_sha256_BYTES];
  g_autofree char *expected = NULL;
  gsize len = 0;

  g_assert_nonnull (fp);
  g_assert_true (g_regex_match_simple ("^[0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}$",
                                       fp, 0, 0));

  raw = g_base64_decode (pub, &len);
  crypto_hash_sha256 (hash, raw, len);
  expected = g_strdup_printf ("%02x%02x %02x%02x %02x%02x %02x%02x", hash[0], hash[1],
                              hash[2], hash[3], hash[4], hash[5], hash[6], hash[7]);
  g_assert_cmpstr (fp, ==, expected);

  /* The trailing newline of dsl.pub does not change it. */
  g_strchomp (pub);
  fp_again = sok_seal_dup_fingerprint (pub);
  g_assert_cmpstr (fp, ==, fp_again);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);

  g_test_add_func ("/seal/keys/generate-writes-public-and-private-files",
                   test_generate_writes_both_files);
  g_test_add_func ("/seal/keys/generate-uses-moderate-limits", test_generate_uses_moderate_limits);
  g_test_add_func ("/seal/keys/generate-refuses-short-passphrase",
                   test_generate_refuses_short_passphrase);
  g_test_add_func ("/seal/keys/generate-never-overwrites", test_generate_refuses_overwrite);
  g_test_add_func ("/seal/keys/load-opens-own-key", test_load_opens_own_key);
  g_test_add_func ("/seal/keys/load-refuses-wrong-passphrase", test_load_wrong_passphrase);
  g_test_add_func ("/seal/keys/load-names-damaged-file", test_load_damaged_key);
  g_test_add_func ("/seal/keys/load-refuses-what-is-not-a-key", test_load_not_a_key_file);
  g_test_add_func ("/seal/round-trip-keeps-exact-text", test_seal_round_trip);
  g_test_add_func ("/seal/same-text-seals-differently", test_seal_is_randomised);
  g_test_add_func ("/seal/open-refuses-other-key-and-damage", test_open_refuses_other_key_and_damage);
  g_test_add_func ("/seal/refuses-bad-public-key", test_seal_refuses_bad_public_key);
  g_test_add_func ("/seal/fingerprint-is-four-groups-of-sha256", test_fingerprint);

  return g_test_run ();
}
