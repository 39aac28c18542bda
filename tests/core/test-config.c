/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-config"

#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>

#include "sok-config.h"
#include "sok-seal.h"

static char *
make_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("sok-config-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
write_conf (const char *dir,
            const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "kiosk.conf", NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
test_config_defaults (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr (SokConfig) config = sok_config_new (dir);
  g_auto (GStrv) languages = sok_config_dup_languages (config);

  g_assert_cmpuint (sok_config_get_idle_seconds (config), ==, 90);
  g_assert_cmpstr (sok_config_get_dsl_public_key (config), ==, "");
  g_assert_true (sok_config_get_read_aloud_early (config));
  g_assert_cmpstr (languages[0], ==, "en_GB");
  g_assert_null (languages[1]);
}

static void
test_config_round_trip_private (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "kiosk.conf", NULL);
  g_autoptr (SokConfig) config = sok_config_new (dir);
  g_autoptr (SokConfig) again = NULL;
  struct stat st;

  g_assert_true (sok_config_set_value (config, "school-name", "Siân's “Primary” School", &error));
  g_assert_true (sok_config_set_value (config, "idle-seconds", "120", &error));
  g_assert_true (sok_config_set_value (config, "queue", "sqlite:/var/lib/sok/q.db", &error));
  g_assert_true (sok_config_save (config, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);

  again = sok_config_load (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sok_config_get_school_name (again), ==, "Siân's “Primary” School");
  g_assert_cmpuint (sok_config_get_idle_seconds (again), ==, 120);
  g_assert_cmpstr (sok_config_get_queue (again), ==, "sqlite:/var/lib/sok/q.db");
}

static void
test_config_missing_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_dir ();
  g_autoptr (SokConfig) config = sok_config_load (dir, &error);

  g_assert_null (config);
  g_assert_error (error, SOK_CONFIG_ERROR, SOK_CONFIG_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "sokctl"));
}

static void
test_config_unknown_key_named (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_dir ();
  g_autoptr (SokConfig) config = NULL;

  write_conf (dir, "[kiosk]\nschool-name=Demo\nidle-secs=40\n");
  config = sok_config_load (dir, &error);
  g_assert_null (config);
  g_assert_error (error, SOK_CONFIG_ERROR, SOK_CONFIG_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "unknown key “idle-secs”"));
}

static void
test_config_bad_values_named_with_reason (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_dir ();
  g_autoptr (SokConfig) config = NULL;

  write_conf (dir, "[kiosk]\nschool-name=Demo\nidle-seconds=5\nqueue=ftp://x\n"
                   "dsl-public-key=abc\nread-aloud-early=maybe\n");
  config = sok_config_load (dir, &error);
  g_assert_null (config);
  g_assert_error (error, SOK_CONFIG_ERROR, SOK_CONFIG_ERROR_INVALID_VALUE);

  /* Every problem is named at once, each with its reason. */
  g_assert_nonnull (strstr (error->message, "“idle-seconds” has a bad value: it must be a whole "
                                            "number of seconds from 30 to 3600"));
  g_assert_nonnull (strstr (error->message, "“queue” has a bad value"));
  g_assert_nonnull (strstr (error->message, "“dsl-public-key” has a bad value"));
  g_assert_nonnull (strstr (error->message, "“read-aloud-early” has a bad value"));
}

static void
test_config_unparseable_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_dir ();
  g_autoptr (SokConfig) config = NULL;

  write_conf (dir, "this is not a key file\n[kiosk\n");
  config = sok_config_load (dir, &error);
  g_assert_null (config);
  g_assert_error (error, SOK_CONFIG_ERROR, SOK_CONFIG_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "kiosk.conf"));
}

static void
test_config_set_refuses_bad_value (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_dir ();
  g_autoptr (SokConfig) config = sok_config_new (dir);

  g_assert_true (sok_config_set_value (config, "idle-seconds", "60", &error));

  g_assert_false (sok_config_set_value (config, "idle-seconds", "sixty", &error));
  g_assert_error (error, SOK_CONFIG_ERROR, SOK_CONFIG_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (sok_config_set_value (config, "idle-seconds", "99999", &error));
  g_clear_error (&error);
  g_assert_false (sok_config_set_value (config, "school-name", "   ", &error));
  g_clear_error (&error);
  g_assert_false (sok_config_set_value (config, "parent-aup-url", "javascript:alert(1)", &error));
  g_clear_error (&error);
  g_assert_false (sok_config_set_value (config, "languages", "english", &error));
  g_clear_error (&error);
  g_assert_false (sok_config_set_value (config, "queue", "sqlite:relative.db", &error));
  g_clear_error (&error);
  g_assert_false (sok_config_set_value (config, "no-such-key", "1", &error));
  g_assert_error (error, SOK_CONFIG_ERROR, SOK_CONFIG_ERROR_UNKNOWN_KEY);

  /* A refused value leaves the old one in place. */
  g_assert_cmpuint (sok_config_get_idle_seconds (config), ==, 60);
}

/* The delivery delay is a range of minutes; one fixed length would hide nothing (the
 * arrival less the delay is the moment of Send), so it is refused, with what to give. */
static void
test_config_delivery_delay (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_dir ();
  g_autoptr (SokConfig) config = sok_config_new (dir);
  g_autoptr (SokConfig) loaded = NULL;
  guint lo = 99, hi = 99;
  const char *bad[] = { "15", "15-15", "40-10", "0-241", "ten-forty", "-5-10", "10-40-50",
                        "10-", "" };

  sok_config_get_delivery_delay (config, &lo, &hi);
  g_assert_cmpuint (lo, ==, 10);
  g_assert_cmpuint (hi, ==, 40);

  g_assert_true (sok_config_set_value (config, "delivery-delay-minutes", "5-20", &error));
  g_assert_no_error (error);
  sok_config_get_delivery_delay (config, &lo, &hi);
  g_assert_cmpuint (lo, ==, 5);
  g_assert_cmpuint (hi, ==, 20);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (sok_config_set_value (config, "delivery-delay-minutes", bad[i], &error));
      g_assert_error (error, SOK_CONFIG_ERROR, SOK_CONFIG_ERROR_INVALID_VALUE);
      g_test_message ("%s → %s", bad[i], error->message);
      g_assert_nonnull (strstr (error->message, "delivery-delay-minutes"));
      g_clear_error (&error);
    }
  g_assert_false (sok_config_set_value (config, "delivery-delay-minutes", "15-15", &error));
  g_assert_nonnull (strstr (error->message, "give a range, as in 10-40"));
  g_clear_error (&error);
  g_assert_false (sok_config_set_value (config, "delivery-delay-minutes", "40-10", &error));
  g_assert_nonnull (strstr (error->message, "10-40"));
  g_clear_error (&error);
  g_assert_false (sok_config_set_value (config, "delivery-delay-minutes", "0-241", &error));
  g_assert_nonnull (strstr (error->message, "from 0 to 240"));
  g_clear_error (&error);

  /* Refused values left the last good one; 0-0 (at once) is the school's to choose. */
  sok_config_get_delivery_delay (config, &lo, &hi);
  g_assert_cmpuint (lo, ==, 5);
  g_assert_cmpuint (hi, ==, 20);
  g_assert_true (sok_config_set_value (config, "delivery-delay-minutes", "0-0", &error));
  g_assert_true (sok_config_set_value (config, "school-name", "Test School", &error));
  g_assert_true (sok_config_save (config, &error));
  g_assert_no_error (error);
  loaded = sok_config_load (dir, &error);
  g_assert_no_error (error);
  sok_config_get_delivery_delay (loaded, &lo, &hi);
  g_assert_cmpuint (lo, ==, 0);
  g_assert_cmpuint (hi, ==, 0);
}

static void
test_config_languages_only_those_the_kiosk_has (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_dir ();
  g_autoptr (SokConfig) config = sok_config_new (dir);
  g_auto (GStrv) four = NULL;
  g_auto (GStrv) welsh_first = NULL;

  g_assert_true (sok_config_set_value (config, "languages", "en_GB;cy_GB;pl_PL;ur_PK", &error));
  g_assert_no_error (error);
  four = sok_config_dup_languages (config);
  g_assert_cmpuint (g_strv_length (four), ==, 4);
  g_assert_cmpstr (four[0], ==, "en_GB");
  g_assert_cmpstr (four[3], ==, "ur_PK");

  /* The first is the default: a Welsh-medium school puts Welsh first. */
  g_assert_true (sok_config_set_value (config, "languages", "cy_GB; en_GB", &error));
  welsh_first = sok_config_dup_languages (config);
  g_assert_cmpstr (welsh_first[0], ==, "cy_GB");
  g_assert_cmpstr (welsh_first[1], ==, "en_GB");
  g_assert_null (welsh_first[2]);

  /* Refused with the languages there are, and the old value kept. */
  g_assert_false (sok_config_set_value (config, "languages", "en_GB;de_DE", &error));
  g_assert_error (error, SOK_CONFIG_ERROR, SOK_CONFIG_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "“de_DE”"));
  g_assert_nonnull (strstr (error->message, "en_GB, cy_GB, pl_PL, ur_PK"));
  g_clear_error (&error);
  g_assert_false (sok_config_set_value (config, "languages", "pl_PL;pl_PL", &error));
  g_assert_nonnull (strstr (error->message, "twice"));
  g_clear_error (&error);
  g_assert_false (sok_config_set_value (config, "languages", " ; ", &error));
  g_assert_nonnull (strstr (error->message, "at least one"));
  g_clear_error (&error);
  g_strfreev (welsh_first);
  welsh_first = sok_config_dup_languages (config);
  g_assert_cmpstr (welsh_first[0], ==, "cy_GB");
}

static void
test_config_public_key_length_checked (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_dir ();
  g_autoptr (SokConfig) config = sok_config_new (dir);
  guint8 raw[32] = { 0 };
  guint8 secret[32];
  g_autofree char *short_key = g_base64_encode (raw, 16);
  g_autofree char *good = NULL;

  g_assert_true (sok_seal_ensure_sodium (NULL));
  crypto_box_keypair (raw, secret);
  good = g_base64_encode (raw, sizeof raw);

  g_assert_true (sok_config_set_value (config, "dsl-public-key", good, &error));
  g_assert_false (sok_config_set_value (config, "dsl-public-key", short_key, &error));
  g_assert_nonnull (strstr (error->message, "32"));
  g_assert_cmpstr (sok_config_get_dsl_public_key (config), ==, good);
}

/* A DSL key that cannot be one is refused when it is set, where it can be told: the
 * few low-order points (all zeros among them), which seal every report to a secret
 * anyone can compute, and values no X25519 key has (the top bit set, or not below
 * 2^255 - 19), as a random or mangled 32 bytes often is. */
static void
test_config_public_key_not_a_key_refused (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr (SokConfig) config = sok_config_new (dir);
  guint8 zeros[32] = { 0 };
  guint8 one[32] = { 1 };
  guint8 top_bit[32];
  guint8 above_p[32];
  guint8 secret[32];
  guint8 real[32];
  const guint8 *bad[] = { zeros, one, top_bit, above_p };

  g_assert_true (sok_seal_ensure_sodium (NULL));
  crypto_box_keypair (real, secret);
  memcpy (top_bit, real, sizeof top_bit);
  top_bit[31] |= 0x80;
  memset (above_p, 0xff, sizeof above_p);
  above_p[31] = 0x7f;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *text = g_base64_encode (bad[i], 32);

      g_assert_false (sok_config_set_value (config, "dsl-public-key", text, &error));
      g_assert_error (error, SOK_CONFIG_ERROR, SOK_CONFIG_ERROR_INVALID_VALUE);
      g_assert_nonnull (strstr (error->message, "not a DSL public key"));
      g_assert_cmpstr (sok_config_get_dsl_public_key (config), ==, "");
    }

  /* A thousand keys as libsodium makes them all pass. */
  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *text = NULL;

      crypto_box_keypair (real, secret);
      text = g_base64_encode (real, sizeof real);
      g_assert_true (sok_config_set_value (config, "dsl-public-key", text, &error));
      g_assert_no_error (error);
    }
}

/* Confirming the DSL key's words is of one key: the words must be that key's, and a
 * new key needs confirming anew. */
static void
test_config_confirmed_words_follow_the_key (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = make_dir ();
  g_autoptr (SokConfig) config = sok_config_new (dir);
  guint8 raw[32], secret[32];
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *words = NULL;
  g_autofree char *other_words = NULL;

  g_assert_true (sok_seal_ensure_sodium (NULL));
  crypto_box_keypair (raw, secret);
  first = g_base64_encode (raw, sizeof raw);
  crypto_box_keypair (raw, secret);
  second = g_base64_encode (raw, sizeof raw);
  words = sok_seal_dup_fingerprint_words (first);
  other_words = sok_seal_dup_fingerprint_words (second);

  g_assert_true (sok_config_set_value (config, "dsl-public-key", first, &error));
  g_assert_false (sok_config_get_dsl_key_confirmed (config));
  g_assert_false (sok_config_set_value (config, "dsl-key-confirmed", other_words, &error));
  g_assert_error (error, SOK_CONFIG_ERROR, SOK_CONFIG_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (sok_config_get_dsl_key_confirmed (config));

  g_assert_true (sok_config_set_value (config, "dsl-key-confirmed", words, &error));
  g_assert_true (sok_config_get_dsl_key_confirmed (config));

  g_assert_true (sok_config_set_value (config, "dsl-public-key", second, &error));
  g_assert_false (sok_config_get_dsl_key_confirmed (config));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/config/dsl-public-key/not-a-key-is-refused",
                   test_config_public_key_not_a_key_refused);
  g_test_add_func ("/config/dsl-public-key/confirmed-words-follow-the-key",
                   test_config_confirmed_words_follow_the_key);

  g_test_add_func ("/config/defaults", test_config_defaults);
  g_test_add_func ("/config/languages/only-those-the-kiosk-has",
                   test_config_languages_only_those_the_kiosk_has);
  g_test_add_func ("/config/save/round-trips-privately", test_config_round_trip_private);
  g_test_add_func ("/config/load/missing-file-says-run-init", test_config_missing_file);
  g_test_add_func ("/config/load/names-unknown-key", test_config_unknown_key_named);
  g_test_add_func ("/config/load/names-every-bad-value-with-reason",
                   test_config_bad_values_named_with_reason);
  g_test_add_func ("/config/load/unparseable-file", test_config_unparseable_file);
  g_test_add_func ("/config/set/refuses-bad-values-and-keeps-old",
                   test_config_set_refuses_bad_value);
  g_test_add_func ("/config/set/checks-public-key-length", test_config_public_key_length_checked);
  g_test_add_func ("/config/delivery-delay-minutes/a-range-with-clear-errors",
                   test_config_delivery_delay);

  return g_test_run ();
}
