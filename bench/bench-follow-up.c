/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "bench-follow-up"

#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

#include "sok-bench.h"
#include "sok-follow-up.h"
#include "sok-seal.h"

/* The cost of a secret picture code: how long one check (one Argon2id derivation, at
 * the cost every kiosk uses) takes on this machine, and so how long trying every one
 * of the 24^4 codes would take one core. A kiosk derives once per code tapped in,
 * whatever the number of reply rows: the tag is then compared with each row.
 *
 *   bench-follow-up [N]   (N checks, default 9) */

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokPictures) pictures = NULL;
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  guint8 public_key[crypto_box_PUBLICKEYBYTES];
  guint8 secret_key[crypto_box_SECRETKEYBYTES];
  char public_b64[sodium_base64_ENCODED_LEN (crypto_box_PUBLICKEYBYTES,
                                             sodium_base64_VARIANT_ORIGINAL)];
  int n = argc > 1 ? atoi (argv[1]) : 9;
  double median, all_hours;

  if (n < 1 || !sok_seal_ensure_sodium (&error) ||
      (pictures = sok_pictures_load (&error)) == NULL)
    {
      g_printerr ("bench-follow-up: %s\n", error ? error->message : "N must be at least 1");
      return 1;
    }
  crypto_box_keypair (public_key, secret_key);
  sodium_bin2base64 (public_b64, sizeof public_b64, public_key, sizeof public_key,
                     sodium_base64_VARIANT_ORIGINAL);

  sok_bench_print_load ();
  printf ("Argon2id: opslimit %d, memlimit %" G_GSIZE_FORMAT " MiB, one thread\n",
          SOK_FOLLOW_UP_OPSLIMIT, SOK_FOLLOW_UP_MEMLIMIT >> 20);

  for (int i = 0; i < n; i++)
    {
      guint8 code[SOK_FOLLOW_UP_CODE_LENGTH];
      g_autoptr (SokFollowUpKeys) keys = NULL;
      gint64 start;
      double ms;

      sok_follow_up_code_random (code);
      start = g_get_monotonic_time ();
      keys = sok_follow_up_derive (pictures, code, public_b64, &error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (keys == NULL)
        {
          g_printerr ("bench-follow-up: %s\n", error->message);
          return 1;
        }
      g_array_append_val (times, ms);
    }
  g_array_sort (times, sok_bench_compare_double);
  median = sok_bench_sorted_at (times, 0.5);
  all_hours = median * SOK_FOLLOW_UP_N_CODES / 1000.0 / 3600.0;

  printf ("one check: median %.0f ms, min %.0f ms, max %.0f ms over %d\n", median,
          g_array_index (times, double, 0), g_array_index (times, double, times->len - 1), n);
  printf ("every code (%d): %.0f hours on one core (%.1f days); %.1f hours on 64 cores\n",
          SOK_FOLLOW_UP_N_CODES, all_hours, all_hours / 24, all_hours / 64);
  return 0;
}
