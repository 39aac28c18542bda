/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-outbox"

#include "config.h"

#include "sok-half-day.h"
#include "sok-outbox.h"

/* The outbox holds sealed reports until the DSL queue has confirmed them. Nothing in
 * it can be read on the kiosk: the kiosk has only the DSL's public key. Outside the
 * seal it keeps the report id, the kiosk id, the urgent flag, the half-day it was
 * sent in, and delivery bookkeeping (attempts, last error). No finer time: when to
 * try again is the sync worker's, in memory.
 *
 * kiosk_state keys written here (the times are half-days): */
#define STATE_LAST_ERROR        "outbox.last-error"
#define STATE_LAST_ERROR_AT     "outbox.last-error-half-day"
#define STATE_LAST_DELIVERED_AT "outbox.last-delivered-half-day"

void
sok_outbox_item_free (SokOutboxItem *item)
{
  if (item == NULL)
    return;

  g_free (item->report_id);
  g_free (item->kiosk_id);
  g_clear_pointer (&item->sealed, g_bytes_unref);
  g_free (item);
}

void
sok_outbox_status_clear (SokOutboxStatus *status)
{
  g_return_if_fail (status != NULL);

  g_clear_pointer (&status->last_error, g_free);
  memset (status, 0, sizeof *status);
}

static gboolean
exec_doing (SokStore    *store,
            const char  *sql,
            const char  *doing,
            GError     **error)
{
  int rc = sqlite3_exec (sok_store_get_db (store), sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      sok_store_set_error_from_db (store, rc, doing, error);
      return FALSE;
    }

  return TRUE;
}

static sqlite3_stmt *
prepare_doing (SokStore    *store,
               const char  *sql,
               const char  *doing,
               GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (sok_store_get_db (store), sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      sok_store_set_error_from_db (store, rc, doing, error);
      return NULL;
    }

  return stmt;
}

static gboolean
step_done (SokStore      *store,
           sqlite3_stmt  *stmt,
           const char    *doing,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      sok_store_set_error_from_db (store, rc, doing, error);
      return FALSE;
    }

  return TRUE;
}

/* Ends a write transaction: COMMIT when @ok, otherwise (or when COMMIT fails) a
 * rollback so that nothing is left half-written. */
static gboolean
finish (SokStore    *store,
        gboolean     ok,
        const char  *doing,
        GError     **error)
{
  if (ok && exec_doing (store, "COMMIT", doing, error))
    return TRUE;

  sok_store_rollback (store);
  return FALSE;
}

static gboolean
set_state (SokStore    *store,
           const char  *key,
           const char  *value,
           const char  *doing,
           GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = prepare_doing (store,
                        "INSERT INTO kiosk_state (key, value) VALUES (?1, ?2) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        doing, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);

  return step_done (store, stmt, doing, error);
}

static gboolean
set_state_time (SokStore    *store,
                const char  *key,
                gint64       at,
                const char  *doing,
                GError     **error)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, at);
  return set_state (store, key, text, doing, error);
}

/**
 * sok_outbox_put:
 * @report_id: the report's id (a UUID)
 * @kiosk_id: this kiosk's id, as the queue knows it
 * @urgent: the child chose "I need help now"
 * @sealed: the sealed envelope from sok_seal_seal()
 *
 * Stores a sealed report in one transaction, committed durably (the store runs WAL
 * with synchronous=FULL, so the commit has reached the disk when this returns).
 * Only after %TRUE may a child be told the report was sent. On failure nothing was
 * stored and @error is set in %SOK_STORE_ERROR: %SOK_STORE_ERROR_FULL for a full or
 * failing disk, %SOK_STORE_ERROR_BUSY when another program holds the database,
 * %SOK_STORE_ERROR_QUERY for a report id that is already in the outbox.
 */
gboolean
sok_outbox_put (SokStore    *store,
                const char  *report_id,
                const char  *kiosk_id,
                gboolean     urgent,
                GBytes      *sealed,
                GError     **error)
{
  static const char doing[] = "storing a sealed report in the outbox";
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const guint8 *data;
  gsize len = 0;
  gboolean ok;

  g_return_val_if_fail (SOK_IS_STORE (store), FALSE);
  g_return_val_if_fail (report_id != NULL && *report_id != '\0', FALSE);
  g_return_val_if_fail (kiosk_id != NULL, FALSE);
  g_return_val_if_fail (sealed != NULL, FALSE);

  data = g_bytes_get_data (sealed, &len);
  g_return_val_if_fail (len > 0, FALSE);

  if (!exec_doing (store, "BEGIN IMMEDIATE", doing, error))
    return FALSE;

  stmt = prepare_doing (store,
                        "INSERT INTO outbox (report_id, kiosk_id, urgent, sealed, half_day, "
                        "                    attempts) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, 0)",
                        doing, error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, report_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, kiosk_id, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, urgent ? 1 : 0);
      sqlite3_bind_blob64 (stmt, 4, data, len, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, sok_half_day_now ());
      ok = step_done (store, stmt, doing, error);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  return finish (store, ok, doing, error);
}

/**
 * sok_outbox_list:
 * @limit: at most this many items, or 0 for all
 *
 * Lists the waiting reports in the order to deliver them: urgent first, then by
 * half-day, then in the order they were put in.
 *
 * Returns: (transfer full) (element-type SokOutboxItem): the items, or %NULL with
 *   @error set
 */
GPtrArray *
sok_outbox_list (SokStore  *store,
                 guint      limit,
                 GError   **error)
{
  static const char doing[] = "reading the outbox";
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) items = NULL;
  int rc;

  g_return_val_if_fail (SOK_IS_STORE (store), NULL);

  stmt = prepare_doing (store,
                        "SELECT report_id, kiosk_id, urgent, sealed, half_day, attempts "
                        "FROM outbox ORDER BY urgent DESC, half_day ASC, rowid ASC LIMIT ?1",
                        doing, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, limit == 0 ? -1 : (sqlite3_int64)limit);

  items = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_outbox_item_free);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SokOutboxItem *item = g_new0 (SokOutboxItem, 1);
      const void *blob = sqlite3_column_blob (stmt, 3);
      int blob_len = sqlite3_column_bytes (stmt, 3);

      item->report_id = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      item->kiosk_id = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      item->urgent = sqlite3_column_int (stmt, 2) != 0;
      item->sealed = g_bytes_new (blob, (gsize)blob_len);
      item->half_day = sqlite3_column_int64 (stmt, 4);
      item->attempts = (guint)MAX (sqlite3_column_int64 (stmt, 5), 0);
      g_ptr_array_add (items, item);
    }

  if (rc != SQLITE_DONE)
    {
      sok_store_set_error_from_db (store, rc, doing, error);
      return NULL;
    }

  return g_steal_pointer (&items);
}

/**
 * sok_outbox_list_brief:
 *
 * Lists the waiting reports' ids and urgent flags (and attempts), without their
 * sealed envelopes: what the sync worker reads every minute to keep its schedule.
 *
 * Returns: (transfer full) (element-type SokOutboxItem): the items, each with
 *   @sealed %NULL, or %NULL with @error set
 */
GPtrArray *
sok_outbox_list_brief (SokStore  *store,
                       GError   **error)
{
  static const char doing[] = "reading the outbox";
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) items = NULL;
  int rc;

  g_return_val_if_fail (SOK_IS_STORE (store), NULL);

  stmt = prepare_doing (store,
                        "SELECT report_id, kiosk_id, urgent, half_day, attempts FROM outbox "
                        "ORDER BY urgent DESC, half_day ASC, rowid ASC",
                        doing, error);
  if (stmt == NULL)
    return NULL;

  items = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_outbox_item_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SokOutboxItem *item = g_new0 (SokOutboxItem, 1);

      item->report_id = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      item->kiosk_id = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      item->urgent = sqlite3_column_int (stmt, 2) != 0;
      item->half_day = sqlite3_column_int64 (stmt, 3);
      item->attempts = (guint)MAX (sqlite3_column_int64 (stmt, 4), 0);
      g_ptr_array_add (items, item);
    }

  if (rc != SQLITE_DONE)
    {
      sok_store_set_error_from_db (store, rc, doing, error);
      return NULL;
    }

  return g_steal_pointer (&items);
}

/**
 * sok_outbox_remove:
 * @report_ids: (array zero-terminated=1): reports the DSL queue has committed
 *
 * Deletes delivered reports, all in one transaction. Call it only after the queue
 * has confirmed them: a report removed here exists nowhere else on the kiosk. Ids
 * that are not in the outbox are ignored (delivery is at-least-once).
 */
gboolean
sok_outbox_remove (SokStore            *store,
                   const char * const  *report_ids,
                   GError             **error)
{
  static const char doing[] = "removing delivered reports from the outbox";
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (SOK_IS_STORE (store), FALSE);
  g_return_val_if_fail (report_ids != NULL, FALSE);

  if (report_ids[0] == NULL)
    return TRUE;

  if (!exec_doing (store, "BEGIN IMMEDIATE", doing, error))
    return FALSE;

  stmt = prepare_doing (store, "DELETE FROM outbox WHERE report_id = ?1", doing, error);
  ok = stmt != NULL;
  for (guint i = 0; ok && report_ids[i] != NULL; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, report_ids[i], -1, SQLITE_STATIC);
      ok = step_done (store, stmt, doing, error);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  return finish (store, ok, doing, error);
}

/**
 * sok_outbox_record_failure:
 * @report_ids: (array zero-terminated=1): reports that could not be delivered
 * @error_message: why, for staff (it must not contain report content)
 *
 * Counts a failed delivery attempt for each report, and keeps @error_message (on
 * one line) as the outbox's last error for sok_outbox_get_status(), with the
 * half-day it happened in. When to try again is the caller's to remember.
 */
gboolean
sok_outbox_record_failure (SokStore            *store,
                           const char * const  *report_ids,
                           const char          *error_message,
                           GError             **error)
{
  static const char doing[] = "recording a failed delivery";
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *one_line = NULL;
  gboolean ok;

  g_return_val_if_fail (SOK_IS_STORE (store), FALSE);
  g_return_val_if_fail (report_ids != NULL, FALSE);
  g_return_val_if_fail (error_message != NULL, FALSE);

  /* Servers' messages run over several lines (libpq indents with tabs); staff see
   * the last error on one line of the staff screen, “sokctl outbox status” and
   * “sokctl doctor”. */
  one_line = g_strdelimit (g_strdup (error_message), "\r\n\t", ' ');
  error_message = one_line;

  if (!exec_doing (store, "BEGIN IMMEDIATE", doing, error))
    return FALSE;

  stmt = prepare_doing (store,
                        "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 "
                        "WHERE report_id = ?1",
                        doing, error);
  ok = stmt != NULL;
  for (guint i = 0; ok && report_ids[i] != NULL; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, report_ids[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, error_message, -1, SQLITE_STATIC);
      ok = step_done (store, stmt, doing, error);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  ok = ok &&
       set_state (store, STATE_LAST_ERROR, error_message, doing, error) &&
       set_state_time (store, STATE_LAST_ERROR_AT, sok_half_day_now (), doing, error);

  return finish (store, ok, doing, error);
}

/**
 * sok_outbox_record_delivery:
 *
 * Remembers the half-day of the last successful delivery, and forgets the last
 * error: staff are told of problems that still stand, not of one the kiosk has got
 * past. (A time finer than the half-day would say when a child pressed Send: an
 * urgent report goes at once.)
 */
gboolean
sok_outbox_record_delivery (SokStore  *store,
                            GError   **error)
{
  static const char doing[] = "recording a delivery";
  gboolean ok;

  g_return_val_if_fail (SOK_IS_STORE (store), FALSE);

  if (!exec_doing (store, "BEGIN IMMEDIATE", doing, error))
    return FALSE;
  ok = set_state_time (store, STATE_LAST_DELIVERED_AT, sok_half_day_now (), doing, error) &&
       exec_doing (store,
                   "DELETE FROM kiosk_state WHERE key IN ('" STATE_LAST_ERROR "', '"
                   STATE_LAST_ERROR_AT "')", doing, error);
  return finish (store, ok, doing, error);
}

/**
 * sok_outbox_get_status:
 * @out: (out caller-allocates): filled in; clear it with sok_outbox_status_clear()
 *
 * How many reports wait (and how many are urgent), since when, and the last
 * delivery error and delivery.
 */
gboolean
sok_outbox_get_status (SokStore         *store,
                       SokOutboxStatus  *out,
                       GError          **error)
{
  static const char doing[] = "reading the outbox";
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SOK_IS_STORE (store), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);

  stmt = prepare_doing (store,
                        "SELECT count(*), coalesce (sum (urgent != 0), 0), "
                        "       coalesce (min (half_day), 0), coalesce (max (attempts), 0) "
                        "FROM outbox",
                        doing, error);
  if (stmt == NULL)
    return FALSE;

  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      sok_store_set_error_from_db (store, rc, doing, error);
      return FALSE;
    }

  out->waiting = (guint)sqlite3_column_int64 (stmt, 0);
  out->urgent_waiting = (guint)sqlite3_column_int64 (stmt, 1);
  out->oldest_half_day = sqlite3_column_int64 (stmt, 2);
  out->most_attempts = (guint)CLAMP (sqlite3_column_int64 (stmt, 3), 0, G_MAXUINT);
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = prepare_doing (store,
                        "SELECT key, value FROM kiosk_state WHERE key IN (?1, ?2, ?3)",
                        doing, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, STATE_LAST_ERROR, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, STATE_LAST_ERROR_AT, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, STATE_LAST_DELIVERED_AT, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *)sqlite3_column_text (stmt, 0);
      const char *value = (const char *)sqlite3_column_text (stmt, 1);

      if (value == NULL)
        continue;
      if (g_str_equal (key, STATE_LAST_ERROR))
        {
          g_free (out->last_error);
          out->last_error = g_strdup (value);
        }
      else if (g_str_equal (key, STATE_LAST_ERROR_AT))
        out->last_error_half_day = g_ascii_strtoll (value, NULL, 10);
      else if (g_str_equal (key, STATE_LAST_DELIVERED_AT))
        out->last_delivered_half_day = g_ascii_strtoll (value, NULL, 10);
    }

  if (rc != SQLITE_DONE)
    {
      sok_outbox_status_clear (out);
      sok_store_set_error_from_db (store, rc, doing, error);
      return FALSE;
    }

  return TRUE;
}
