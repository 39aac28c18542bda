/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

#include "sok-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint  pupils_ever;
  guint  agreements;
  guint  signatures;
  double import_ms_total;
  double import_ms_max;
  double seed_seconds;
} SokBenchSeeded;

void sok_bench_seed_school (SokStore       *store,
                            const char     *dir,
                            guint           n_pupils,
                            guint           n_years,
                            int             current_year,
                            GRand          *rand,
                            gint64         *current_early,
                            gint64         *current_junior,
                            SokBenchSeeded *seeded);

G_END_DECLS
