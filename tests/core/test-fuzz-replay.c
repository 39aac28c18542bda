/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-fuzz-replay"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sok-agreement.h"
#include "sok-aup.h"
#include "sok-case.h"
#include "sok-config.h"
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
  return g_path_get_dirname (SOK_SOURCE_DATADIR);
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

/* Found by fuzz-case-report: a "format" that is an object or a list was a g_critical
 * in json-glib instead of a report the console cannot read. */
static void
test_case_report_format_not_a_number (void)
{
  static const char * const texts[] = {
    "{\"format\":{},\"report_id\":\"r\"}",
    "{\"format\":[1],\"report_id\":\"r\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (GBytes) bytes = g_bytes_new_static (texts[i], strlen (texts[i]));
      g_autoptr (GError) error = NULL;
      g_autoptr (SokCaseReport) report = sok_case_report_parse (bytes, &error);

      g_assert_null (report);
      g_assert_error (error, SOK_CASE_ERROR, SOK_CASE_ERROR_UNREADABLE);
      g_assert_nonnull (strstr (error->message, "format 0"));
    }
}

static SokConfig *
load_config_text (const char  *text,
                  GError     **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sok-fuzz-config-XXXXXX", &local_error);
  g_autofree char *path = NULL;
  SokConfig *config;

  g_assert_no_error (local_error);
  path = g_build_filename (dir, "kiosk.conf", NULL);
  g_file_set_contents (path, text, -1, &local_error);
  g_assert_no_error (local_error);
  config = sok_config_load (dir, error);
  g_unlink (path);
  g_rmdir (dir);
  return config;
}

/* Found by fuzz-config: GKeyFile keeps the "\r" of a last line that has no newline (a
 * CRLF file from a Windows editor), so the last value read wrong, and was saved with
 * the "\r" in it. */
static void
test_config_crlf_without_final_newline (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokConfig) config = NULL;
  g_autofree char *years = NULL;

  config = load_config_text ("[kiosk]\r\nschool-name=Example Primary\r\n"
                             "retention-years=12\r", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sok_config_get_school_name (config), ==, "Example Primary");
  years = sok_config_dup_value (config, "retention-years", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (years, ==, "12");
  g_clear_object (&config);

  config = load_config_text ("[kiosk]\r\nretention-years=12\r\nschool-name=Example Primary\r",
                             &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sok_config_get_school_name (config), ==, "Example Primary");
}

/* A school name is shown on one line of the home screen and on certificates. */
static void
test_config_school_name_control_character (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokConfig) config = load_config_text ("[kiosk]\nschool-name=Example\\tPrimary\n",
                                                   &error);

  g_assert_null (config);
  g_assert_error (error, SOK_CONFIG_ERROR, SOK_CONFIG_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "control character"));
}

/* Found by fuzz-signature: a point count near G_MAXUINT32 wrapped the check on the
 * total and the decoder asked for gigabytes (16 GiB here) before it found the bytes
 * were not there. Under the fix it is refused at once; before, g_array_sized_new()
 * aborted or took the machine's memory. */
static void
test_signature_huge_point_count (void)
{
  /* "SK" 1, two strokes: 2 points, then 0xffffffff points. */
  static const guint8 data[] = { 'S', 'K', 0x01, 0x02, 0x02, 0x01, 0x01, 0x02, 0x02,
                                 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x01 };
  g_autoptr (GBytes) bytes = g_bytes_new_static (data, sizeof data);
  g_autoptr (GError) error = NULL;
  g_autoptr (SokSignature) signature = sok_signature_decode (bytes, &error);

  g_assert_null (signature);
  g_assert_error (error, SOK_AGREEMENT_ERROR, SOK_AGREEMENT_ERROR_SIGNATURE);
}

/* Found by fuzz-aup: a text with two escapes GKeyFile does not know (as "\\u" and a
 * "\\" at the end of the line) made GLib set its GError twice, a GLib-WARNING. Bad
 * escapes are now refused with the file's line. */
static void
test_aup_bad_escapes (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sok-fuzz-aup-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr (SokAup) aup = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "early.ini", NULL);
  g_file_set_contents (path, "[AUP]\nband=early\ntitle=Our \\u rules \\\n", -1, &error);
  g_assert_no_error (error);

  aup = sok_aup_load_file (path, SOK_AGE_BAND_EARLY, NULL, &error);
  g_assert_null (aup);
  g_assert_error (error, SOK_AUP_ERROR, SOK_AUP_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "line 3"));
  g_assert_nonnull (strstr (error->message, "backslash"));

  g_unlink (path);
  g_rmdir (dir);
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
  g_test_add_func ("/fuzz/signature/a-point-count-past-the-cap-is-refused-at-once",
                   test_signature_huge_point_count);
  g_test_add_func ("/fuzz/case-report/a-format-that-is-not-a-number-is-refused",
                   test_case_report_format_not_a_number);
  g_test_add_func ("/fuzz/aup/bad-escapes-are-refused-with-their-line", test_aup_bad_escapes);
  g_test_add_func ("/fuzz/config/a-crlf-file-without-final-newline-reads-right",
                   test_config_crlf_without_final_newline);
  g_test_add_func ("/fuzz/config/a-school-name-with-a-control-character-is-refused",
                   test_config_school_name_control_character);

  return g_test_run ();
}
