/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-speaker"

#include "config.h"

#include <gtk/gtk.h>

#include "sok-speaker-private.h"
#include "sok-speech.h"

#define RULE "I only go online with a grown up."

/* Whether playback works, fails or falls silent depends on the machine's sound
 * device, and the speaker warns (without the text) when it fails. Those warnings are
 * expected here, so only warnings from GLib and GTK themselves stay fatal.
 */
static void
make_toolkit_warnings_fatal (void)
{
  const char *domains[] = { "GLib", "GLib-GObject", "GLib-GIO", "Gtk", "Gdk", "Gsk" };

  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    g_log_set_fatal_mask (domains[i], G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL |
                          G_LOG_LEVEL_WARNING);
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static gboolean
wait_until_quiet (SokSpeaker *speaker,
                  guint       seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (sok_speaker_get_speaking (speaker) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);

  return !sok_speaker_get_speaking (speaker);
}

static void
drain_main_context (void)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 5;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
}

static void
test_starts_quiet (void)
{
  g_autoptr(SokSpeaker) speaker = sok_speaker_new ();
  gboolean speaking = TRUE;

  g_assert_false (sok_speaker_get_speaking (speaker));
  g_object_get (speaker, "speaking", &speaking, NULL);
  g_assert_false (speaking);
  g_assert_cmpint (sok_speaker_get_source (speaker), ==, SOK_SPEAKER_SOURCE_NONE);

  /* Stopping a quiet speaker is harmless. */
  sok_speaker_stop (speaker);
  g_assert_false (sok_speaker_get_speaking (speaker));

  g_assert_finalize_object (g_steal_pointer (&speaker));
}

static void
test_stop_is_immediate (void)
{
  g_autoptr(SokSpeaker) speaker = sok_speaker_new ();
  guint notifies = 0;
  gint64 before;

  g_signal_connect (speaker, "notify::speaking", G_CALLBACK (notify_count_cb), &notifies);

  before = g_get_monotonic_time ();
  sok_speaker_say (speaker, RULE, NULL);
  /* say() returns at once: synthesis happens in a thread. */
  g_assert_cmpint (g_get_monotonic_time () - before, <, G_USEC_PER_SEC / 2);
  g_assert_true (sok_speaker_get_speaking (speaker));
  g_assert_cmpuint (notifies, ==, 1);

  sok_speaker_stop (speaker);
  g_assert_false (sok_speaker_get_speaking (speaker));
  g_assert_cmpuint (notifies, ==, 2);
  g_assert_cmpint (sok_speaker_get_source (speaker), ==, SOK_SPEAKER_SOURCE_NONE);

  /* A synthesis finishing after the stop must not start playing. */
  drain_main_context ();
  g_assert_false (sok_speaker_get_speaking (speaker));
  g_assert_cmpuint (notifies, ==, 2);

  g_assert_finalize_object (g_steal_pointer (&speaker));
}

static void
test_stop_during_playback (void)
{
  g_autoptr(SokSpeaker) speaker = sok_speaker_new ();
  gint64 deadline;

  sok_speaker_say (speaker, RULE, NULL);

  /* Let synthesis finish and playback begin (or fail, without a sound device). */
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline && sok_speaker_get_speaking (speaker))
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);

  sok_speaker_stop (speaker);
  g_assert_false (sok_speaker_get_speaking (speaker));
  drain_main_context ();
  g_assert_false (sok_speaker_get_speaking (speaker));

  g_assert_finalize_object (g_steal_pointer (&speaker));
}

static void
test_speech_ends_by_itself (void)
{
  g_autoptr(SokSpeaker) speaker = sok_speaker_new ();
  gint64 before;

  sok_speaker_say (speaker, RULE, NULL);
  g_assert_true (sok_speaker_get_speaking (speaker));
  g_assert_cmpint (sok_speaker_get_source (speaker), ==, SOK_SPEAKER_SOURCE_SYNTHESIS);

  /* The rule lasts between two and three seconds; with or without a sound device,
   * "speaking" ends well within the watchdog's limits.
   */
  before = g_get_monotonic_time ();
  g_assert_true (wait_until_quiet (speaker, 30));
  g_test_message ("speaking lasted %.2f s", (g_get_monotonic_time () - before) / 1e6);
  g_assert_cmpint (sok_speaker_get_source (speaker), ==, SOK_SPEAKER_SOURCE_NONE);

  g_assert_finalize_object (g_steal_pointer (&speaker));
}

static void
test_say_twice (void)
{
  g_autoptr(SokSpeaker) speaker = sok_speaker_new ();
  guint notifies = 0;

  g_signal_connect (speaker, "notify::speaking", G_CALLBACK (notify_count_cb), &notifies);

  sok_speaker_say (speaker, RULE, NULL);
  sok_speaker_say (speaker, "I am kind online.", NULL);
  g_assert_true (sok_speaker_get_speaking (speaker));
  /* Replacing one utterance by another does not flicker "speaking". */
  g_assert_cmpuint (notifies, ==, 1);

  for (guint i = 0; i < 5; i++)
    sok_speaker_say (speaker, RULE, NULL);
  g_assert_true (sok_speaker_get_speaking (speaker));

  g_assert_true (wait_until_quiet (speaker, 30));
  g_assert_cmpuint (notifies, ==, 2);

  g_assert_finalize_object (g_steal_pointer (&speaker));
}

static void
test_missing_recording_falls_back (void)
{
  g_autoptr(SokSpeaker) speaker = sok_speaker_new ();
  g_autofree char *missing = g_build_filename (g_get_user_data_dir (), "no-such-rule.ogg", NULL);

  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  sok_speaker_say (speaker, RULE, missing);
  g_assert_true (sok_speaker_get_speaking (speaker));
  g_assert_cmpint (sok_speaker_get_source (speaker), ==, SOK_SPEAKER_SOURCE_SYNTHESIS);

  g_assert_true (wait_until_quiet (speaker, 30));

  g_assert_finalize_object (g_steal_pointer (&speaker));
}

static void
test_recording_is_preferred (void)
{
  g_autoptr(SokSpeaker) speaker = sok_speaker_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) wav = NULL;
  g_autofree char *path = NULL;

  /* The school's recording: a WAV of a different sentence in the data directory. */
  wav = sok_speech_synthesize_wav ("Please ask a grown up first.", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  path = g_build_filename (g_get_user_data_dir (), "rule-1.wav", NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (wav, NULL),
                                      (gssize)g_bytes_get_size (wav), &error));
  g_assert_no_error (error);

  sok_speaker_say (speaker, RULE, path);
  g_assert_true (sok_speaker_get_speaking (speaker));
  g_assert_cmpint (sok_speaker_get_source (speaker), ==, SOK_SPEAKER_SOURCE_RECORDING);

  g_assert_true (wait_until_quiet (speaker, 30));

  g_assert_finalize_object (g_steal_pointer (&speaker));
}

static void
test_broken_recording_falls_back (void)
{
  g_autoptr(SokSpeaker) speaker = sok_speaker_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gint64 deadline;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  path = g_build_filename (g_get_user_data_dir (), "rule-2.ogg", NULL);
  g_assert_true (g_file_set_contents (path, "This is a text file, not a recording.", -1, &error));
  g_assert_no_error (error);

  sok_speaker_say (speaker, RULE, path);
  g_assert_cmpint (sok_speaker_get_source (speaker), ==, SOK_SPEAKER_SOURCE_RECORDING);

  /* The media framework rejects the file and the synthetic voice takes over. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (sok_speaker_get_source (speaker) == SOK_SPEAKER_SOURCE_RECORDING &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
  g_assert_cmpint (sok_speaker_get_source (speaker), ==, SOK_SPEAKER_SOURCE_SYNTHESIS);
  g_assert_true (sok_speaker_get_speaking (speaker));

  g_assert_true (wait_until_quiet (speaker, 30));

  g_assert_finalize_object (g_steal_pointer (&speaker));
}

static void
test_empty_text_ends_quietly (void)
{
  g_autoptr(SokSpeaker) speaker = sok_speaker_new ();

  sok_speaker_say (speaker, "", NULL);
  g_assert_true (wait_until_quiet (speaker, 10));

  g_assert_finalize_object (g_steal_pointer (&speaker));
}

static void
test_dispose_while_speaking (void)
{
  SokSpeaker *speaker = sok_speaker_new ();

  sok_speaker_say (speaker, RULE, NULL);

  /* The speaker goes away at once, and the worker's late result must not touch it
   * (MALLOC_PERTURB_ in meson test makes such a use-after-free show).
   */
  g_assert_finalize_object (speaker);
  drain_main_context ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  make_toolkit_warnings_fatal ();

  g_test_add_func ("/speaker/starts-quiet", test_starts_quiet);
  g_test_add_func ("/speaker/stop/is-immediate", test_stop_is_immediate);
  g_test_add_func ("/speaker/stop/during-playback", test_stop_during_playback);
  g_test_add_func ("/speaker/speech-ends-by-itself", test_speech_ends_by_itself);
  g_test_add_func ("/speaker/say-twice-replaces-speech", test_say_twice);
  g_test_add_func ("/speaker/recording/missing-falls-back-to-synthesis",
                   test_missing_recording_falls_back);
  g_test_add_func ("/speaker/recording/existing-is-preferred", test_recording_is_preferred);
  g_test_add_func ("/speaker/recording/broken-falls-back-to-synthesis",
                   test_broken_recording_falls_back);
  g_test_add_func ("/speaker/empty-text-ends-quietly", test_empty_text_ends_quietly);
  g_test_add_func ("/speaker/dispose-while-speaking", test_dispose_while_speaking);

  return g_test_run ();
}
