/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the benchmarks share: the machine's load, this thread's CPU time, and order
 * statistics of timings. */

void   sok_bench_print_load      (void);
double sok_bench_thread_cpu_ms   (void);
int    sok_bench_compare_double  (gconstpointer  a,
                                  gconstpointer  b);
double sok_bench_sorted_at       (GArray        *sorted,
                                  double         fraction);

G_END_DECLS
