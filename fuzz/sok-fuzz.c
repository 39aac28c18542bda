/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-fuzz"

#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "sok-agreement.h"
#include "sok-aup.h"
#include "sok-case.h"
#include "sok-config.h"
#include "sok-report-content.h"
#include "sok-roster.h"
#include "sok-store.h"
#include "sok-fuzz.h"

/* One scratch directory per process, made on first use and emptied after each input,
 * so every input meets a fresh store or a fresh file. */
static char *scratch_dir;

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        {
          remove_tree (child);
          g_rmdir (child);
        }
      else
        g_unlink (child);
    }
}

static void
remove_scratch_dir (void)
{
  if (scratch_dir == NULL)
    return;
  remove_tree (scratch_dir);
  g_rmdir (scratch_dir);
  g_clear_pointer (&scratch_dir, g_free);
}

static void
log_abort_cb (const char     *log_domain,
              GLogLevelFlags  log_level,
              const char     *message,
              gpointer        user_data)
{
  g_log_default_handler (log_domain, log_level, message, user_data);
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
}

/**
 * sok_fuzz_init:
 *
 * Makes every g_critical and g_warning fatal (a parser of outside input must answer
 * with a GError, never with a critical), quiets the info messages and makes the scratch
 * directory. Call once before the first input.
 */
void
sok_fuzz_init (void)
{
  g_autoptr (GError) error = NULL;

  if (scratch_dir != NULL)
    return;

  /* A fatal message ends in G_BREAKPOINT (SIGTRAP), which libFuzzer does not catch and
   * so would not save the input: abort instead. */
  g_log_set_default_handler (log_abort_cb, NULL);
  g_setenv ("G_MESSAGES_DEBUG", "", TRUE);
  if (sodium_init () < 0)
    g_error ("libsodium cannot start");

  scratch_dir = g_dir_make_tmp ("sok-fuzz-XXXXXX", &error);
  g_assert_no_error (error);
  atexit (remove_scratch_dir);
}

/* A failure must say what is wrong in words a person can act on. */
static void
check_error (gboolean      ok,
             const GError *error)
{
  if (ok)
    {
      g_assert_null (error);
      return;
    }
  g_assert_nonnull (error);
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 0);
}

static char *
write_scratch_file (const char   *name,
                    const guint8 *data,
                    gsize         size)
{
  g_autoptr (GError) error = NULL;
  char *path;

  sok_fuzz_init ();
  path = g_build_filename (scratch_dir, name, NULL);
  g_file_set_contents (path, (const char *)data, (gssize)size, &error);
  g_assert_no_error (error);
  return path;
}

int
sok_fuzz_roster (const guint8 *data,
                 gsize         size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokStore) store = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  SokRosterCounts counts = { 0 };
  gboolean ok;

  sok_fuzz_init ();
  store = sok_store_open (scratch_dir, &error);
  g_assert_no_error (error);

  ok = sok_roster_import_data (store, "roster.csv", (const char *)data, size, &counts,
                               &problems, &error);
  check_error (ok, error);

  if (ok)
    {
      g_autoptr (GPtrArray) classes = sok_roster_list_classes (store, &error);
      guint n_pupils = 0;

      g_assert_no_error (error);
      g_assert_cmpuint (classes->len, ==, counts.classes);
      for (guint i = 0; i < classes->len; i++)
        {
          SokClass *klass = g_ptr_array_index (classes, i);
          g_autoptr (GPtrArray) pupils = sok_roster_list_pupils (store, klass->id, &error);

          g_assert_no_error (error);
          g_assert_true (g_utf8_validate (klass->name, -1, NULL));
          for (guint j = 0; j < pupils->len; j++)
            {
              SokPupil *pupil = g_ptr_array_index (pupils, j);

              g_assert_true (g_utf8_validate (pupil->label, -1, NULL));
              g_assert_cmpuint (strlen (pupil->label), >, 0);
            }
          n_pupils += pupils->len;
        }
      g_assert_cmpuint (n_pupils, <=, counts.pupils);
    }
  else if (problems != NULL)
    {
      for (guint i = 0; i < problems->len; i++)
        {
          SokRosterProblem *problem = g_ptr_array_index (problems, i);

          g_assert_cmpuint (problem->line, >, 0);
          g_assert_nonnull (problem->reason);
        }
    }

  g_clear_object (&store);
  remove_tree (scratch_dir);
  return 0;
}

static void
check_aup (SokAup *aup)
{
  g_assert_nonnull (sok_aup_get_title (aup));
  g_assert_nonnull (sok_aup_get_content (aup));
  g_assert_cmpuint (strlen (sok_aup_get_sha256 (aup)), ==, 64);
  for (guint i = 0; i < sok_aup_get_n_rules (aup); i++)
    {
      g_autofree char *recording = NULL;

      g_assert_nonnull (sok_aup_get_rule_id (aup, i));
      g_assert_nonnull (sok_aup_get_rule_text (aup, i));
      g_assert_true (g_utf8_validate (sok_aup_get_rule_text (aup, i), -1, NULL));
      sok_aup_get_rule_icon (aup, i);
      recording = sok_aup_dup_rule_recording_path (aup, scratch_dir, i);
    }
}

int
sok_fuzz_aup (const guint8 *data,
              gsize         size)
{
  static const char * const locales[] = { NULL, "cy_GB.UTF-8" };
  g_autofree char *path = write_scratch_file ("aup.ini", data, size);

  for (SokAgeBand band = SOK_AGE_BAND_EARLY; band <= SOK_AGE_BAND_JUNIOR; band++)
    for (guint l = 0; l < G_N_ELEMENTS (locales); l++)
      {
        g_autoptr (GError) error = NULL;
        g_autoptr (SokAup) aup = sok_aup_load_file (path, band, locales[l], &error);

        check_error (aup != NULL, error);
        if (aup != NULL)
          check_aup (aup);
      }

  g_unlink (path);
  return 0;
}

int
sok_fuzz_report_content (const guint8 *data,
                         gsize         size)
{
  static const char * const locales[] = { NULL, "cy" };
  g_autofree char *path = write_scratch_file ("report.ini", data, size);

  for (guint l = 0; l < G_N_ELEMENTS (locales); l++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SokReportContent) content = sok_report_content_load_file (path, locales[l],
                                                                           &error);

      check_error (content != NULL, error);
      if (content == NULL)
        continue;
      for (SokChoiceKind kind = SOK_CHOICE_CATEGORY; kind <= SOK_CHOICE_FEELING; kind++)
        {
          GPtrArray *choices = sok_report_content_get_choices (content, kind);

          for (guint i = 0; i < choices->len; i++)
            {
              const SokChoice *choice = g_ptr_array_index (choices, i);
              g_autofree char *words = NULL;

              g_assert_nonnull (choice->id);
              g_assert_nonnull (choice->words);
              g_assert_true (sok_report_content_find (content, kind, choice->id) != NULL);
              words = sok_case_report_dup_words (content, kind, choice->id);
              g_assert_nonnull (words);
            }
        }
    }

  g_unlink (path);
  return 0;
}

int
sok_fuzz_config (const guint8 *data,
                 gsize         size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokConfig) config = NULL;
  g_autofree char *path = write_scratch_file ("kiosk.conf", data, size);

  config = sok_config_load (scratch_dir, &error);
  check_error (config != NULL, error);
  if (config != NULL)
    {
      const char * const *keys = sok_config_list_keys ();
      g_auto (GStrv) languages = NULL;

      for (guint i = 0; keys[i] != NULL; i++)
        {
          g_autoptr (GError) key_error = NULL;
          g_autofree char *value = sok_config_dup_value (config, keys[i], &key_error);

          check_error (value != NULL, key_error);
        }
      sok_config_get_school_name (config);
      sok_config_get_kiosk_id (config);
      sok_config_get_idle_seconds (config);
      sok_config_get_staff_idle_seconds (config);
      sok_config_get_queue (config);
      sok_config_get_dsl_public_key (config);
      sok_config_get_parent_aup_url (config);
      sok_config_get_read_aloud_early (config);
      languages = sok_config_dup_languages (config);
      g_assert_nonnull (languages);

      /* What was read must save and read back to the same settings. */
      g_assert_true (sok_config_save (config, &error));
      g_assert_no_error (error);
      {
        g_autoptr (SokConfig) again = sok_config_load (scratch_dir, &error);

        g_assert_no_error (error);
        for (guint i = 0; keys[i] != NULL; i++)
          {
            g_autofree char *a = sok_config_dup_value (config, keys[i], NULL);
            g_autofree char *b = sok_config_dup_value (again, keys[i], NULL);

            g_assert_cmpstr (a, ==, b);
          }
      }
    }

  g_unlink (path);
  return 0;
}

int
sok_fuzz_case_report (const guint8 *data,
                      gsize         size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (SokCaseReport) report = sok_case_report_parse (bytes, &error);

  check_error (report != NULL, error);
  if (report != NULL)
    {
      g_autofree char *when = sok_case_report_dup_when (report);
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 64, 48);
      cairo_t *cr = cairo_create (surface);

      g_assert_nonnull (report->report_id);
      g_assert_nonnull (report->strokes);
      sok_case_report_has_drawing (report);
      sok_case_report_draw (report, cr, 64, 48);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
  return 0;
}

int
sok_fuzz_signature (const guint8 *data,
                    gsize         size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (SokSignature) signature = sok_signature_decode (bytes, &error);

  check_error (signature != NULL, error);
  if (signature != NULL)
    {
      g_autoptr (GBytes) again = sok_signature_encode (signature);
      g_autoptr (SokSignature) decoded = NULL;
      g_autofree char *svg = sok_signature_dup_svg_path (signature, 300, 200);

      g_assert_nonnull (svg);
      g_assert_cmpuint (sok_signature_get_n_points (signature), <=, SOK_SIGNATURE_MAX_POINTS);
      g_assert_cmpuint (sok_signature_get_n_strokes (signature), <=, SOK_SIGNATURE_MAX_STROKES);

      /* A stored signature must read back as itself once written again. */
      decoded = sok_signature_decode (again, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (sok_signature_get_n_points (decoded), ==,
                        sok_signature_get_n_points (signature));
      g_assert_cmpuint (sok_signature_get_n_strokes (decoded), ==,
                        sok_signature_get_n_strokes (signature));
    }
  return 0;
}

static const SokFuzzTarget targets[] = {
  { "roster", sok_fuzz_roster },
  { "aup", sok_fuzz_aup },
  { "report-content", sok_fuzz_report_content },
  { "config", sok_fuzz_config },
  { "case-report", sok_fuzz_case_report },
  { "signature", sok_fuzz_signature },
};

const SokFuzzTarget *
sok_fuzz_get_targets (guint *n_targets)
{
  *n_targets = G_N_ELEMENTS (targets);
  return targets;
}

const SokFuzzTarget *
sok_fuzz_find_target (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    if (g_str_equal (targets[i].name, name))
      return &targets[i];
  return NULL;
}
