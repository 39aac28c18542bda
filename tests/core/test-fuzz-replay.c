/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-fuzz-replay"

#include "config.h"

#include <string.h>

#include "sok-agreement.h"
#include "sok-fuzz.h"

/* Feeds every seed of the fuzzers (the shipped content files, fuzz/corpus/) and every
 * input that once broke a parser (tests/core/data/fuzz/TARGET/) to the same entry
 * functions the libFuzzer harnesses call, so that CI re-checks them with gcc and no
 * libFuzzer. Built with -Db_sanitize=address,undefined it also re-checks the memory
 * errors and undefined behaviour the fuzzers found. */

static char *
source_root (void)
{
  const char *root = g_getenv ("SOK_SOURCE_ROOT");

  if (root != NULL)
    return g_strdup (root);
  return g_test_build_filename (G_TEST_DIST, "..", NULL);
}

static guint
replay_dir (const SokFuzzTarget *target,
            const char          *dir_path,
            const char          *suffix)
{
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  if (dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr (GError) error = NULL;
      gsize len = 0;

      if (suffix != NULL && !g_str_has_suffix (name, suffix))
        continue;
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      g_file_get_contents (path, &contents, &len, &error);
      g_assert_no_error (error);
      g_test_message ("%s: %s", target->name, path);
      g_assert_cmpint (target->entry ((const guint8 *)contents, len), ==, 0);
      n++;
    }
  return n;
}

static void
test_replay (gconstpointer data)
{
  const SokFuzzTarget *target = data;
  g_autofree char *root = source_root ();
  g_autofree char *corpus = g_build_filename (root, "fuzz", "corpus", target->name, NULL);
  g_autofree char *found = g_build_filename (root, "tests", "core", "data", "fuzz",
                                             target->name, NULL);
  guint n = 0;

  if (g_str_equal (target->name, "roster"))
    {
      g_autofree char *demo = g_build_filename (root, "data", "demo", NULL);

      n += replay_dir (target, demo, ".csv");
    }
  else if (g_str_equal (target->name, "aup"))
    {
      g_autofree char *aup = g_build_filename (root, "data", "aup", NULL);

      n += replay_dir (target, aup, ".ini");
    }
  else if (g_str_equal (target->name, "report-content"))
    {
      g_autofree char *report = g_build_filename (root, "data", "report", NULL);

      n += replay_dir (target, report, ".ini");
    }
  n += replay_dir (target, corpus, NULL);
  n += replay_dir (target, found, NULL);

  /* Every target has seeds: a replay of nothing would prove nothing. */
  g_assert_cmpuint (n, >, 0);
}

/* The first thing the signature fuzzer found: empty bytes (as an empty BLOB reads back)
 * made NULL + 0, undefined behaviour, before they were refused. */
static void
test_signature_empty (void)
{
  g_autoptr (GBytes) bytes = g_bytes_new (NULL, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (SokSignature) signature = sok_signature_decode (bytes, &error);

  g_assert_null (signature);
  g_assert_error (error, SOK_AGREEMENT_ERROR, SOK_AGREEMENT_ERROR_SIGNATURE);
  g_assert_nonnull (strstr (error->message, "0 bytes"));
}

/* The second: a point whose delta from the last one is near G_MAXINT32 overflowed an
 * int (UBSan). It must be refused as a signature this version cannot read. */
static void
test_signature_huge_delta (void)
{
  /* "SK" 1, one stroke of two points: (3, 3), then dx = +2147483645 (zigzag varint). */
  static const guint8 data[] = { 'S', 'K', 0x01, 0x01, 0x02, 0x03, 0x03,
                                 0xfa, 0xff, 0xff, 0xff, 0x0f, 0x00 };
  g_autoptr (GBytes) bytes = g_bytes_new_static (data, sizeof data);
  g_autoptr (GError) error = NULL;
  g_autoptr (SokSignature) signature = sok_signature_decode (bytes, &error);

  g_assert_null (signature);
  g_assert_error (error, SOK_AGREEMENT_ERROR, SOK_AGREEMENT_ERROR_SIGNATURE);
}

int
main (int   argc,
      char *argv[])
{
  const SokFuzzTarget *targets;
  guint n_targets = 0;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  sok_fuzz_init ();

  targets = sok_fuzz_get_targets (&n_targets);
  for (guint i = 0; i < n_targets; i++)
    {
      g_autofree char *path = g_strdup_printf ("/fuzz/replay/%s", targets[i].name);

      g_test_add_data_func (path, &targets[i], test_replay);
    }
  g_test_add_func ("/fuzz/signature/empty-bytes-are-refused", test_signature_empty);
  g_test_add_func ("/fuzz/signature/a-delta-past-the-int-range-is-refused",
                   test_signature_huge_delta);

  return g_test_run ();
}
