/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "sok-store.h"

G_BEGIN_DECLS

/* The kiosk's retention: agreements are kept for the school year they were made in
 * and `retention-years` school years after it, then removed with their signatures.
 * Pupils who have left the school and have no agreement left go with them, since
 * their names were kept only for those agreements. */

/* What goes (or went) for one school year and class. */
typedef struct
{
  int    school_year;     /* 2018 for 2018-19 */
  char  *class_name;      /* the pupils' class now; NULL for pupils who have left */
  guint  n_agreements;
  guint  n_signatures;
} SokRetentionGroup;

typedef struct
{
  guint       retention_years;
  int         first_kept_year;  /* the oldest school year kept: agreements before it go */
  guint       n_agreements;
  guint       n_signatures;
  guint       n_former_pupils;  /* pupils no longer listed whose last agreement went */
  GPtrArray  *groups;           /* of SokRetentionGroup, by school year then class */
} SokRetentionPlan;

void              sok_retention_plan_free  (SokRetentionPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokRetentionPlan, sok_retention_plan_free)

int               sok_retention_first_kept_year (guint      retention_years,
                                                 GDateTime *now);

SokRetentionPlan *sok_retention_plan       (SokStore          *store,
                                            guint              retention_years,
                                            GDateTime         *now,
                                            GError           **error);
SokRetentionPlan *sok_retention_apply      (SokStore          *store,
                                            guint              retention_years,
                                            GDateTime         *now,
                                            GError           **error);

void              sok_retention_apply_async  (const char          *data_dir,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
SokRetentionPlan *sok_retention_apply_finish (GAsyncResult        *result,
                                              GError             **error);

/* Runs the kiosk's retention off the main thread now and then once a day while it
 * lives. */
typedef struct _SokRetentionDaily SokRetentionDaily;

SokRetentionDaily *sok_retention_daily_start (const char        *data_dir);
void               sok_retention_daily_stop  (SokRetentionDaily *daily);

G_END_DECLS
