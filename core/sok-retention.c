/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-retention"

#include "config.h"

#include "sok-retention.h"

#include "sok-agreement.h"
#include "sok-config.h"
#include "sok-staff.h"

/* Agreements record, to the second, which named pupil stood at the kiosk when, and
 * keep their finger signatures: personal data that the school keeps "no longer than
 * is necessary", as its policies put it, and removes "in line with the school's Data
 * Retention Policy". The school says how long in `retention-years`; this removes
 * what is older in one transaction, so a kiosk switched off half-way keeps all or
 * none of it. The store runs with secure_delete, so removed rows are overwritten in
 * the file, and the write-ahead log is emptied afterwards. Logs and the staff log
 * hold counts and school years only, never a pupil's name. */

void
sok_retention_plan_free (SokRetentionPlan *plan)
{
  if (plan == NULL)
    return;

  g_clear_pointer (&plan->groups, g_ptr_array_unref);
  g_free (plan);
}

static void
group_free (SokRetentionGroup *group)
{
  g_free (group->class_name);
  g_free (group);
}

/**
 * sok_retention_first_kept_year:
 * @now: the moment to count from, in the kiosk's local time
 *
 * An agreement is kept through the school year it was made in and @retention_years
 * school years after it: with 7, on any day of 2026-27 the agreements of 2019-20
 * and later are kept and those of 2018-19 and before go.
 *
 * Returns: the oldest school year whose agreements are kept.
 */
int
sok_retention_first_kept_year (guint      retention_years,
                               GDateTime *now)
{
  g_return_val_if_fail (now != NULL, 0);

  return sok_school_year_for (now) - (int)retention_years;
}

static gboolean
check_years (guint     retention_years,
             GError  **error)
{
  if (retention_years < 1 || retention_years > 50)
    {
      g_set_error (error, SOK_STORE_ERROR, SOK_STORE_ERROR_QUERY,
                   "retention-years is %u; set it to a whole number of years from 1 to 50 "
                   "with “sokctl config set retention-years N”", retention_years);
      return FALSE;
    }
  return TRUE;
}

/* What would go, read in the caller's transaction (or outside one, for a dry run). */
static SokRetentionPlan *
make_plan (SokStore  *store,
           guint      retention_years,
           int        first_kept,
           GError   **error)
{
  g_autoptr (SokRetentionPlan) plan = g_new0 (SokRetentionPlan, 1);
  g_autoptr (sqlite3_stmt) groups = NULL;
  g_autoptr (sqlite3_stmt) former = NULL;
  int rc;

  plan->retention_years = retention_years;
  plan->first_kept_year = first_kept;
  plan->groups = g_ptr_array_new_with_free_func ((GDestroyNotify)group_free);

  groups = sok_store_prepare (store,
                              "SELECT a.school_year,"
                              "  CASE WHEN p.listed = 1 THEN c.name END AS class_now,"
                              "  COUNT (*), SUM (a.signature IS NOT NULL)"
                              " FROM agreements a JOIN pupils p ON p.id = a.pupil_id"
                              " LEFT JOIN classes c ON c.id = p.class_id"
                              " WHERE a.school_year < ?1"
                              " GROUP BY a.school_year, class_now"
                              " ORDER BY a.school_year, class_now IS NULL, class_now", error);
  if (groups == NULL)
    return NULL;
  sqlite3_bind_int (groups, 1, first_kept);
  while ((rc = sqlite3_step (groups)) == SQLITE_ROW)
    {
      SokRetentionGroup *group = g_new0 (SokRetentionGroup, 1);

      group->school_year = sqlite3_column_int (groups, 0);
      group->class_name = g_strdup ((const char *)sqlite3_column_text (groups, 1));
      group->n_agreements = (guint)sqlite3_column_int64 (groups, 2);
      group->n_signatures = (guint)sqlite3_column_int64 (groups, 3);
      plan->n_agreements += group->n_agreements;
      plan->n_signatures += group->n_signatures;
      g_ptr_array_add (plan->groups, group);
    }
  if (rc != SQLITE_DONE)
    {
      sok_store_set_error_from_db (store, rc, "looking for old agreements", error);
      return NULL;
    }

  /* Pupils who have left keep their names here only for their agreements. */
  former = sok_store_prepare (store,
                              "SELECT COUNT (*) FROM pupils p WHERE p.listed = 0"
                              " AND NOT EXISTS (SELECT 1 FROM agreements a"
                              "                  WHERE a.pupil_id = p.id"
                              "                    AND a.school_year >= ?1)", error);
  if (former == NULL)
    return NULL;
  sqlite3_bind_int (former, 1, first_kept);
  rc = sqlite3_step (former);
  if (rc != SQLITE_ROW)
    {
      sok_store_set_error_from_db (store, rc, "looking for former pupils", error);
      return NULL;
    }
  plan->n_former_pupils = (guint)sqlite3_column_int64 (former, 0);

  return g_steal_pointer (&plan);
}

/**
 * sok_retention_plan:
 * @now: the moment to count from, in the kiosk's local time
 *
 * What sok_retention_apply() would remove, without removing anything.
 *
 * Returns: (transfer full): the plan, or %NULL with @error set.
 */
SokRetentionPlan *
sok_retention_plan (SokStore   *store,
                    guint       retention_years,
                    GDateTime  *now,
                    GError    **error)
{
  g_autoptr (SokRetentionPlan) plan = NULL;

  g_return_val_if_fail (SOK_IS_STORE (store), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (!check_years (retention_years, error))
    return NULL;

  /* One read transaction, so the counts agree with each other. */
  if (!sok_store_exec (store, "BEGIN", error))
    return NULL;
  plan = make_plan (store, retention_years,
                    sok_retention_first_kept_year (retention_years, now), error);
  sok_store_rollback (store);
  return g_steal_pointer (&plan);
}

static char *
dup_log_detail (SokRetentionPlan *plan)
{
  g_autoptr (GString) detail = g_string_new (NULL);

  g_string_append_printf (detail, "removed %u agreements (%u with a signature)",
                          plan->n_agreements, plan->n_signatures);
  if (plan->groups->len > 0)
    {
      SokRetentionGroup *first = g_ptr_array_index (plan->groups, 0);
      SokRetentionGroup *last = g_ptr_array_index (plan->groups, plan->groups->len - 1);
      g_autofree char *from = sok_school_year_dup_label (first->school_year);
      g_autofree char *to = sok_school_year_dup_label (last->school_year);

      if (first->school_year == last->school_year)
        g_string_append_printf (detail, " of %s", from);
      else
        g_string_append_printf (detail, " of %s to %s", from, to);
    }
  g_string_append_printf (detail, " and %u former pupils' names; retention-years %u",
                          plan->n_former_pupils, plan->retention_years);
  return g_string_free (g_steal_pointer (&detail), FALSE);
}

/**
 * sok_retention_apply:
 * @now: the moment to count from, in the kiosk's local time
 *
 * Removes, in one transaction, the agreements (with their signatures) made before
 * sok_retention_first_kept_year(), and the pupils who are no longer on the roster and
 * have no agreement left. When anything went, the staff log says how much (counts and
 * school years only).
 *
 * Returns: (transfer full): what was removed, or %NULL with @error set (then nothing
 *   was).
 */
SokRetentionPlan *
sok_retention_apply (SokStore   *store,
                     guint       retention_years,
                     GDateTime  *now,
                     GError    **error)
{
  g_autoptr (SokRetentionPlan) plan = NULL;
  g_autoptr (sqlite3_stmt) agreements = NULL;
  g_autoptr (sqlite3_stmt) pupils = NULL;
  int first_kept;

  g_return_val_if_fail (SOK_IS_STORE (store), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (!check_years (retention_years, error))
    return NULL;

  first_kept = sok_retention_first_kept_year (retention_years, now);
  if (!sok_store_begin (store, error))
    return NULL;

  plan = make_plan (store, retention_years, first_kept, error);
  if (plan == NULL)
    goto fail;
  if (plan->n_agreements == 0 && plan->n_former_pupils == 0)
    {
      sok_store_rollback (store);
      return g_steal_pointer (&plan);
    }

  agreements = sok_store_prepare (store, "DELETE FROM agreements WHERE school_year < ?", error);
  if (agreements == NULL)
    goto fail;
  sqlite3_bind_int (agreements, 1, first_kept);
  if (!sok_store_step_done (store, agreements, error))
    goto fail;

  pupils = sok_store_prepare (store,
                              "DELETE FROM pupils WHERE listed = 0 AND NOT EXISTS"
                              " (SELECT 1 FROM agreements a WHERE a.pupil_id = pupils.id)",
                              error);
  if (pupils == NULL || !sok_store_step_done (store, pupils, error))
    goto fail;

  {
    g_autofree char *detail = dup_log_detail (plan);

    if (!sok_staff_log (store, 0, "retention-applied", detail, error))
      goto fail;
  }

  if (!sok_store_commit (store, error))
    return NULL;

  /* The removed rows' pages were overwritten (secure_delete), but their old images
   * can linger in the write-ahead log until it is checkpointed. Busy readers only
   * delay this until SQLite's next automatic checkpoint. */
  sqlite3_exec (sok_store_get_db (store), "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);

  return g_steal_pointer (&plan);

fail:
  sok_store_rollback (store);
  return NULL;
}

/* ---- Off the main thread -------------------------------------------------------- */

static void
apply_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  const char *data_dir = task_data;
  g_autoptr (SokConfig) config = NULL;
  g_autoptr (SokStore) store = NULL;
  g_autoptr (GDateTime) now = NULL;
  SokRetentionPlan *plan;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  config = sok_config_load (data_dir, &error);
  if (config != NULL)
    store = sok_store_open (data_dir, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  now = g_date_time_new_now_local ();
  plan = sok_retention_apply (store, sok_config_get_retention_years (config), now, &error);
  if (plan == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, plan, (GDestroyNotify)sok_retention_plan_free);
}

/**
 * sok_retention_apply_async:
 *
 * Applies the retention setting of the kiosk in @data_dir in a worker thread, with
 * its own settings and database connection.
 */
void
sok_retention_apply_async (const char          *data_dir,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (data_dir != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sok_retention_apply_async);
  g_task_set_task_data (task, g_strdup (data_dir), g_free);
  g_task_run_in_thread (task, apply_in_thread);
}

SokRetentionPlan *
sok_retention_apply_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Once a day ----------------------------------------------------------------- */

#define DAY_SECONDS (24 * 60 * 60)
/* A run that failed (the database busy for long, the disk full) is tried again
 * sooner than the next day. */
#define RETRY_SECONDS (60 * 60)

struct _SokRetentionDaily
{
  char         *data_dir;
  GCancellable *cancellable;
  guint         timeout_id;
  gboolean      running;
  gboolean      stopped;
  gatomicrefcount ref_count;
};

static void run_now (SokRetentionDaily *self);

static void
daily_unref (SokRetentionDaily *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->data_dir);
  g_clear_object (&self->cancellable);
  g_free (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  SokRetentionDaily *self = user_data;

  self->timeout_id = 0;
  run_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (SokRetentionDaily *self,
          guint              seconds)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add_seconds (seconds, tick_cb, self);
  g_source_set_name_by_id (self->timeout_id, "[sok] daily retention");
}

static void
applied_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  SokRetentionDaily *self = user_data;
  g_autoptr (SokRetentionPlan) plan = NULL;
  g_autoptr (GError) error = NULL;

  plan = sok_retention_apply_finish (result, &error);
  self->running = FALSE;
  if (!self->stopped)
    {
      /* Messages name files and counts, never a pupil. */
      if (plan == NULL)
        g_message ("Old agreements could not be removed; trying again in an hour: %s",
                   error->message);
      else if (plan->n_agreements > 0 || plan->n_former_pupils > 0)
        g_message ("Removed %u agreements older than %u school years and %u former pupils' "
                   "names", plan->n_agreements, plan->retention_years, plan->n_former_pupils);
      schedule (self, plan == NULL ? RETRY_SECONDS : DAY_SECONDS);
    }
  daily_unref (self);
}

static void
run_now (SokRetentionDaily *self)
{
  if (self->running || self->stopped)
    return;
  self->running = TRUE;
  g_atomic_ref_count_inc (&self->ref_count);
  sok_retention_apply_async (self->data_dir, self->cancellable, applied_cb, self);
}

/**
 * sok_retention_daily_start:
 *
 * Applies the kiosk's retention setting now, in a worker thread, and again every
 * day while the kiosk runs. The kiosk calls it after its first frame is drawn, so
 * start-up is not slowed.
 *
 * Returns: (transfer full): stop it with sok_retention_daily_stop().
 */
SokRetentionDaily *
sok_retention_daily_start (const char *data_dir)
{
  SokRetentionDaily *self;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_new0 (SokRetentionDaily, 1);
  self->data_dir = g_strdup (data_dir);
  self->cancellable = g_cancellable_new ();
  g_atomic_ref_count_init (&self->ref_count);
  run_now (self);
  return self;
}

/* Stops the timer. A run already under way finishes its transaction in its thread;
 * nothing more is started. */
void
sok_retention_daily_stop (SokRetentionDaily *self)
{
  if (self == NULL)
    return;

  self->stopped = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  daily_unref (self);
}
