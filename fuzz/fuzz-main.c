/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-fuzz"

#include "config.h"

#include "sok-fuzz.h"

/* One libFuzzer harness per target: fuzz/run builds this file with
 * -DSOK_FUZZ_ENTRY=sok_fuzz_<target>. */
#ifndef SOK_FUZZ_ENTRY
#error "build with -DSOK_FUZZ_ENTRY=sok_fuzz_<target> (see fuzz/README.md)"
#endif

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data,
                            gsize         size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  (void)argc;
  (void)argv;
  sok_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        gsize         size)
{
  return SOK_FUZZ_ENTRY (data, size);
}
