/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "bench-speech"

#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "sok-bench.h"
#include "sok-speech.h"

/* How long a child waits between tapping Listen and the audio being ready, and whether
 * what comes out is speech. Reads one text per line from FILE (or the rule below),
 * synthesises each several times and prints the median synthesis time with the
 * measured duration, loudness and voiced fraction.
 */

#define DEFAULT_TEXT "I only go online with a grown up."

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *voice = NULL;
  int rounds = 11;
  GOptionEntry entries[] = {
    { "rounds", 'n', 0, G_OPTION_ARG_INT, &rounds, "Syntheses per text (default 11)", "N" },
    { "voice", 'v', 0, G_OPTION_ARG_STRING, &voice, "espeak-ng voice (default en-gb)", "VOICE" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("[FILE] — time read-aloud synthesis, one text per line");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-speech: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (rounds < 1)
    rounds = 1;

  if (argc > 1)
    {
      g_autofree char *contents = NULL;

      if (!g_file_get_contents (argv[1], &contents, NULL, &error))
        {
          g_printerr ("bench-speech: %s\n", error->message);
          return EXIT_FAILURE;
        }
      lines = g_strsplit (contents, "\n", -1);
    }
  else
    {
      lines = g_new0 (char *, 2);
      lines[0] = g_strdup (DEFAULT_TEXT);
    }

  g_print ("%6s %10s %9s %8s %7s %8s\n", "chars", "synth-ms", "audio-s", "rms", "voiced",
           "x-realtime");

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree double *times = g_new0 (double, rounds);
      g_autoptr(GBytes) wav = NULL;
      double seconds = 0, rms = 0, voiced = 0;

      g_strstrip (lines[i]);
      if (lines[i][0] == '\0')
        continue;

      for (int r = 0; r < rounds; r++)
        {
          gint64 start = g_get_monotonic_time ();

          g_clear_pointer (&wav, g_bytes_unref);
          wav = sok_speech_synthesize_wav (lines[i], voice, &error);
          if (wav == NULL)
            {
              g_printerr ("bench-speech: line %u: %s\n", i + 1, error->message);
              return EXIT_FAILURE;
            }
          times[r] = (g_get_monotonic_time () - start) / 1000.0;
        }
      qsort (times, (size_t)rounds, sizeof (double), sok_bench_compare_double);

      if (!sok_speech_analyse_wav (wav, &seconds, &rms, &voiced, &error))
        {
          g_printerr ("bench-speech: line %u: %s\n", i + 1, error->message);
          return EXIT_FAILURE;
        }

      /* The first round includes loading espeak-ng's data; the median does not. */
      g_print ("%6ld %10.1f %9.2f %8.4f %7.2f %8.0f\n",
               g_utf8_strlen (lines[i], -1), times[rounds / 2], seconds, rms, voiced,
               seconds * 1000.0 / times[rounds / 2]);
    }

  return EXIT_SUCCESS;
}
