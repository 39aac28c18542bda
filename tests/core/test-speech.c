/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-speech"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sok-aup.h"
#include "sok-language.h"
#include "sok-speech.h"

#define RULE "I only go online with a grown up."
#define LONGER_TEXT \
  "I only go online with a grown up. I am kind online. I keep my information private. " \
  "If something online makes me unhappy, I tell a grown up."

static void
assert_is_speech (GBytes *wav,
                  double *out_seconds)
{
  g_autoptr(GError) error = NULL;
  double seconds = 0, rms = 0, voiced = 0;

  g_assert_true (sok_speech_analyse_wav (wav, &seconds, &rms, &voiced, &error));
  g_assert_no_error (error);
  g_test_message ("%.2f s, RMS %.4f, voiced %.2f", seconds, rms, voiced);
  g_assert_cmpfloat (rms, >, 0.02);
  g_assert_cmpfloat (voiced, >, 0.3);
  if (out_seconds != NULL)
    *out_seconds = seconds;
}

static void
test_rule_is_plausible_speech (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) wav = NULL;
  const guint8 *data;
  gsize len;
  guint32 rate, data_len;
  double seconds = 0;

  wav = sok_speech_synthesize_wav (RULE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (wav);

  /* A complete, self-consistent RIFF/WAV header: mono 16-bit PCM. */
  data = g_bytes_get_data (wav, &len);
  g_assert_cmpuint (len, >, 44);
  g_assert_cmpmem (data, 4, "RIFF", 4);
  g_assert_cmpmem (data + 8, 4, "WAVE", 4);
  g_assert_cmpmem (data + 12, 4, "fmt ", 4);
  g_assert_cmpint (data[20] | data[21] << 8, ==, 1);
  g_assert_cmpint (data[22] | data[23] << 8, ==, 1);
  g_assert_cmpint (data[34] | data[35] << 8, ==, 16);
  memcpy (&rate, data + 24, 4);
  rate = GUINT32_FROM_LE (rate);
  g_assert_cmpuint (rate, >=, 8000);
  g_assert_cmpmem (data + 36, 4, "data", 4);
  memcpy (&data_len, data + 40, 4);
  g_assert_cmpuint (GUINT32_FROM_LE (data_len), ==, len - 44);
  memcpy (&data_len, data + 4, 4);
  g_assert_cmpuint (GUINT32_FROM_LE (data_len), ==, len - 8);

  assert_is_speech (wav, &seconds);
  g_assert_cmpfloat (seconds, >, 1.2);
  g_assert_cmpfloat (seconds, <, 6.0);
}

static void
test_longer_text_is_longer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) short_wav = NULL;
  g_autoptr(GBytes) long_wav = NULL;
  double short_seconds = 0, long_seconds = 0;

  short_wav = sok_speech_synthesize_wav (RULE, NULL, &error);
  g_assert_no_error (error);
  long_wav = sok_speech_synthesize_wav (LONGER_TEXT, NULL, &error);
  g_assert_no_error (error);

  assert_is_speech (short_wav, &short_seconds);
  assert_is_speech (long_wav, &long_seconds);
  g_assert_cmpfloat (long_seconds, >, 2.5 * short_seconds);
}

/* espeak-ng varies a few samples between runs, so "the same" means the same length
 * within a few percent, not identical bytes.
 */
static void
assert_similar_speech (GBytes *first,
                       GBytes *second)
{
  double first_seconds = 0, second_seconds = 0;

  assert_is_speech (first, &first_seconds);
  assert_is_speech (second, &second_seconds);
  g_assert_cmpfloat (ABS (first_seconds - second_seconds), <, 0.05 * first_seconds);
}

static void
test_same_text_is_stable (void)
{
  g_autoptr(GBytes) first = sok_speech_synthesize_wav (RULE, "en-gb", NULL);
  g_autoptr(GBytes) second = sok_speech_synthesize_wav (RULE, "en-gb", NULL);

  g_assert_nonnull (first);
  g_assert_nonnull (second);
  assert_similar_speech (first, second);
}

static void
test_variant_changes_the_voice (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = sok_speech_synthesize_wav (RULE, "en-gb", NULL);
  g_autoptr(GBytes) variant = sok_speech_synthesize_wav (RULE, "en-gb+f3", &error);

  g_assert_no_error (error);
  g_assert_nonnull (plain);
  assert_is_speech (variant, NULL);
  g_assert_false (g_bytes_equal (plain, variant));
}

static void
test_empty_text_is_an_error (void)
{
  const char *empties[] = { "", "   ", "\n\t", "...!?" };

  for (guint i = 0; i < G_N_ELEMENTS (empties); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) wav = sok_speech_synthesize_wav (empties[i], NULL, &error);

      g_assert_null (wav);
      g_assert_error (error, SOK_SPEECH_ERROR, SOK_SPEECH_ERROR_EMPTY);
    }
}

static void
test_invalid_utf8_is_an_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) wav = sok_speech_synthesize_wav ("Hello \xff\xfe there", NULL, &error);

  g_assert_null (wav);
  g_assert_error (error, SOK_SPEECH_ERROR, SOK_SPEECH_ERROR_TEXT);
}

static void
test_unknown_voice_is_a_clear_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) wav = NULL;

  wav = sok_speech_synthesize_wav (RULE, "zz-nowhere", &error);
  g_assert_null (wav);
  g_assert_error (error, SOK_SPEECH_ERROR, SOK_SPEECH_ERROR_VOICE);
  g_assert_nonnull (strstr (error->message, "zz-nowhere"));
  g_assert_nonnull (strstr (error->message, "espeak-ng --voices"));
  g_clear_error (&error);

  /* A name shaped like a path never reaches espeak-ng. */
  wav = sok_speech_synthesize_wav (RULE, "../../etc/passwd", &error);
  g_assert_null (wav);
  g_assert_error (error, SOK_SPEECH_ERROR, SOK_SPEECH_ERROR_VOICE);
  g_clear_error (&error);

  /* The engine still works after a bad voice. */
  wav = sok_speech_synthesize_wav (RULE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (wav);
}

static void
test_missing_data_is_actionable (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) wav = NULL;

      wav = sok_speech_synthesize_wav (RULE, NULL, &error);
      g_assert_null (wav);
      g_assert_error (error, SOK_SPEECH_ERROR, SOK_SPEECH_ERROR_NO_DATA);
      g_assert_nonnull (strstr (error->message, "espeak-ng-data"));
      return;
    }

  {
    g_autofree char *empty_dir = g_build_filename (g_get_tmp_dir (), "no-espeak-data", NULL);

    /* The engine starts once per process, so the missing data is shown to a fresh
     * child process through the variable espeak-ng reads.
     */
    g_assert_cmpint (g_mkdir_with_parents (empty_dir, 0700), ==, 0);
    g_setenv ("ESPEAK_DATA_PATH", empty_dir, TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_unsetenv ("ESPEAK_DATA_PATH");
  }
  g_test_trap_assert_passed ();
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError **out_error = ((gpointer *)user_data)[0];
  GBytes **out_wav = ((gpointer *)user_data)[1];

  *out_wav = sok_speech_synthesize_wav_finish (result, out_error);
  if (*out_wav == NULL && *out_error == NULL)
    g_assert_not_reached ();
}

static void
run_async (const char    *text,
           GCancellable  *cancellable,
           GBytes       **wav,
           GError       **error)
{
  gpointer data[2] = { error, wav };
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  *wav = NULL;
  sok_speech_synthesize_wav_async (text, NULL, cancellable, async_done_cb, data);
  while (*wav == NULL && *error == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
test_async_gives_same_audio (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) wav = NULL;
  g_autoptr(GBytes) sync_wav = sok_speech_synthesize_wav (RULE, NULL, NULL);

  run_async (RULE, NULL, &wav, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sync_wav);
  assert_similar_speech (wav, sync_wav);
}

static void
test_async_cancelled (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) wav = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_cancellable_cancel (cancellable);
  run_async (LONGER_TEXT, cancellable, &wav, &error);
  g_assert_null (wav);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Every rule of the shipped early AUP, as the kiosk reads it aloud to a pupil who
 * cannot read yet: speech, not silence, and as long as the words need (about two to
 * five words a second for a clear voice), in the default British English voice. */
static void
test_early_rules_read_aloud (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SokAup) aup = sok_aup_load (NULL, SOK_AGE_BAND_EARLY, NULL, &error);
  double total = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (sok_aup_get_n_rules (aup), ==, 4);
  for (guint i = 0; i <= sok_aup_get_n_rules (aup); i++)
    {
      const char *text = i < sok_aup_get_n_rules (aup) ? sok_aup_get_rule_text (aup, i)
                                                       : sok_aup_get_agreement (aup);
      g_auto(GStrv) words = g_strsplit (text, " ", -1);
      guint n_words = g_strv_length (words);
      g_autoptr(GBytes) wav = sok_speech_synthesize_wav (text, SOK_SPEECH_DEFAULT_VOICE, &error);
      double seconds = 0;

      g_assert_no_error (error);
      g_test_message ("“%s”: %u words", text, n_words);
      assert_is_speech (wav, &seconds);
      g_assert_cmpfloat (seconds, >, 0.2 + n_words / 5.0);
      g_assert_cmpfloat (seconds, <, 1.5 + n_words / 1.5);
      total += seconds;
    }
  g_test_message ("the four rules and the agreement: %.1f s", total);
}

/* The early rules in each of the kiosk's other languages, read in that language's voice
 * (espeak-ng's cy, pl and ur): speech of plausible length for the words, and not the
 * English voice reading foreign words. */
static void
test_early_rules_read_aloud_in_every_language (void)
{
  const char * const *languages = sok_language_get_available ();

  for (guint l = 1; languages[l]; l++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SokAup) aup = sok_aup_load (NULL, SOK_AGE_BAND_EARLY, languages[l], &error);
      const char *voice = sok_language_get_voice (languages[l]);

      g_assert_no_error (error);
      g_assert_cmpstr (sok_aup_get_locale (aup), ==, sok_language_get_content_tag (languages[l]));
      for (guint i = 0; i <= sok_aup_get_n_rules (aup); i++)
        {
          const char *text = i < sok_aup_get_n_rules (aup) ? sok_aup_get_rule_text (aup, i)
                                                           : sok_aup_get_agreement (aup);
          g_auto(GStrv) words = g_strsplit (text, " ", -1);
          guint n_words = g_strv_length (words);
          g_autoptr(GBytes) wav = sok_speech_synthesize_wav (text, voice, &error);
          g_autoptr(GBytes) english = NULL;
          double seconds = 0;

          g_assert_no_error (error);
          g_test_message ("%s (%s) “%s”: %u words", languages[l], voice, text, n_words);
          assert_is_speech (wav, &seconds);
          g_assert_cmpfloat (seconds, >, 0.2 + n_words / 5.0);
          g_assert_cmpfloat (seconds, <, 1.5 + n_words / 1.5);

          english = sok_speech_synthesize_wav (text, SOK_SPEECH_DEFAULT_VOICE, &error);
          g_assert_no_error (error);
          g_assert_false (g_bytes_equal (wav, english));
        }
    }
}

static void
test_default_voice_is_british (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) by_default = sok_speech_synthesize_wav (RULE, NULL, &error);
  g_autoptr(GBytes) british = sok_speech_synthesize_wav (RULE, "en-gb", &error);
  g_autoptr(GBytes) american = sok_speech_synthesize_wav (RULE, "en-us", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (SOK_SPEECH_DEFAULT_VOICE, ==, "en-gb");
  assert_similar_speech (by_default, british);
  assert_is_speech (american, NULL);
  g_assert_false (g_bytes_equal (by_default, american));
}

static void
test_analyse_rejects_non_wav (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) junk = g_bytes_new_static ("OggS not a wav at all, just bytes", 33);

  g_assert_false (sok_speech_analyse_wav (junk, NULL, NULL, NULL, &error));
  g_assert_error (error, SOK_SPEECH_ERROR, SOK_SPEECH_ERROR_BAD_WAV);
}

static void
test_analyse_measures_silence_as_silence (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) silence = NULL;
  guint8 *buffer = g_malloc0 (44 + 16000 * 2);
  const guint8 header[44] = {
    'R', 'I', 'F', 'F', 0x24, 0x7d, 0, 0, 'W', 'A', 'V', 'E',
    'f', 'm', 't', ' ', 16, 0, 0, 0, 1, 0, 1, 0, 0x80, 0x3e, 0, 0, 0, 0x7d, 0, 0, 2, 0, 16, 0,
    'd', 'a', 't', 'a', 0, 0x7d, 0, 0,
  };
  double seconds = 0, rms = 1, voiced = 1;

  memcpy (buffer, header, sizeof header);
  silence = g_bytes_new_take (buffer, 44 + 16000 * 2);
  g_assert_true (sok_speech_analyse_wav (silence, &seconds, &rms, &voiced, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (seconds, 1.0, 1e-9);
  g_assert_cmpfloat (rms, ==, 0.0);
  g_assert_cmpfloat (voiced, ==, 0.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/speech/synthesis/rule-is-plausible-speech", test_rule_is_plausible_speech);
  g_test_add_func ("/speech/synthesis/longer-text-is-longer", test_longer_text_is_longer);
  g_test_add_func ("/speech/aup/early-rules-read-aloud-as-speech-of-their-length",
                   test_early_rules_read_aloud);
  g_test_add_func ("/speech/aup/early-rules-read-aloud-in-every-language",
                   test_early_rules_read_aloud_in_every_language);
  g_test_add_func ("/speech/synthesis/default-voice-is-british-english",
                   test_default_voice_is_british);
  g_test_add_func ("/speech/synthesis/same-text-gives-same-length", test_same_text_is_stable);
  g_test_add_func ("/speech/synthesis/voice-variant-changes-the-voice",
                   test_variant_changes_the_voice);
  g_test_add_func ("/speech/synthesis/empty-text-is-an-error", test_empty_text_is_an_error);
  g_test_add_func ("/speech/synthesis/invalid-utf8-is-an-error", test_invalid_utf8_is_an_error);
  g_test_add_func ("/speech/synthesis/unknown-voice-is-a-clear-error",
                   test_unknown_voice_is_a_clear_error);
  g_test_add_func ("/speech/synthesis/missing-data-says-what-to-install",
                   test_missing_data_is_actionable);
  g_test_add_func ("/speech/async/gives-same-audio", test_async_gives_same_audio);
  g_test_add_func ("/speech/async/cancelled-before-start", test_async_cancelled);
  g_test_add_func ("/speech/analyse/rejects-non-wav", test_analyse_rejects_non_wav);
  g_test_add_func ("/speech/analyse/measures-silence-as-silence",
                   test_analyse_measures_silence_as_silence);

  return g_test_run ();
}
