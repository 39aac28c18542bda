/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One entry per parser of outside input. Each takes arbitrary bytes, feeds them to the
 * parser as the kiosk would (a file in a scratch directory, or bytes in memory), and
 * aborts only when the parser breaks its contract: a crash, a g_critical, a failure
 * without a GError or with an empty message, or a success that does not hold together.
 * The libFuzzer harnesses (fuzz/fuzz-main.c) and the replay test
 * (tests/core/test-fuzz-replay.c) call these same functions. */
typedef int (*SokFuzzEntry) (const guint8 *data,
                             gsize         size);

typedef struct
{
  const char   *name;    /* as "roster": the harness, and the folder of its inputs */
  SokFuzzEntry  entry;
} SokFuzzTarget;

void                 sok_fuzz_init           (void);
const SokFuzzTarget *sok_fuzz_get_targets    (guint        *n_targets);
const SokFuzzTarget *sok_fuzz_find_target    (const char   *name);

int                  sok_fuzz_roster         (const guint8 *data,
                                              gsize         size);
int                  sok_fuzz_aup            (const guint8 *data,
                                              gsize         size);
int                  sok_fuzz_report_content (const guint8 *data,
                                              gsize         size);
int                  sok_fuzz_config         (const guint8 *data,
                                              gsize         size);
int                  sok_fuzz_case_report    (const guint8 *data,
                                              gsize         size);
int                  sok_fuzz_signature      (const guint8 *data,
                                              gsize         size);

G_END_DECLS
