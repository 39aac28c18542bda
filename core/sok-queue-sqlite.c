/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-queue"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <unistd.h>

#include "sok-queue.h"

/* The embedded queue: one SQLite file that the kiosk writes and the DSL console on
 * the same machine reads. The file is private to its owner (0600). */

struct _SokQueueSqlite
{
  SokQueue  parent_instance;

  char     *path;
  sqlite3  *db;
  gint64    last_data_version;
  gint64    last_count;
};

#define SOK_TYPE_QUEUE_SQLITE (sok_queue_sqlite_get_type ())
G_DECLARE_FINAL_TYPE (SokQueueSqlite, sok_queue_sqlite, SOK, QUEUE_SQLITE, SokQueue)
G_DEFINE_FINAL_TYPE (SokQueueSqlite, sok_queue_sqlite, SOK_TYPE_QUEUE)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

#define QUEUE_SCHEMA_VERSION 1

static const char schema[] =
  "CREATE TABLE envelopes ("
  "  report_id   TEXT PRIMARY KEY,"
  "  kiosk_id    TEXT NOT NULL,"
  "  urgent      INTEGER NOT NULL DEFAULT 0,"
  "  sealed      BLOB NOT NULL,"
  "  received_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX envelopes_by_order ON envelopes (urgent DESC, received_at DESC);"
  "CREATE TABLE cases ("
  "  report_id  TEXT PRIMARY KEY REFERENCES envelopes (report_id),"
  "  status     TEXT NOT NULL CHECK (status IN ('new', 'open', 'closed')),"
  "  outcome    TEXT,"
  "  updated_at INTEGER NOT NULL,"
  "  CHECK (status <> 'closed' OR outcome IS NOT NULL)"
  ");"
  "CREATE TABLE actions ("
  "  id        INTEGER PRIMARY KEY,"
  "  report_id TEXT NOT NULL REFERENCES envelopes (report_id),"
  "  kind      TEXT NOT NULL,"
  "  by_name   TEXT NOT NULL,"
  "  at        INTEGER NOT NULL,"
  "  note      TEXT,"
  "  reason    TEXT"
  ");"
  "CREATE INDEX actions_by_report ON actions (report_id, at);"
  "CREATE TABLE audit ("
  "  id        INTEGER PRIMARY KEY,"
  "  at        INTEGER NOT NULL,"
  "  actor     TEXT NOT NULL,"
  "  action    TEXT NOT NULL,"
  "  report_id TEXT,"
  "  detail    TEXT,"
  "  prev_hash TEXT NOT NULL,"
  "  hash      TEXT NOT NULL"
  ");"
  "CREATE INDEX audit_by_report ON audit (report_id, id);"
  "CREATE TABLE audit_head ("
  "  id        INTEGER PRIMARY KEY CHECK (id = 1),"
  "  last_id   INTEGER NOT NULL,"
  "  last_hash TEXT NOT NULL"
  ");"
  "INSERT INTO audit_head VALUES (1, 0, '" SOK_AUDIT_GENESIS_HASH "');"
  /* The log is append-only; the hash chain catches anyone who drops these. */
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;";

static void
sok_queue_sqlite_finalize (GObject *object)
{
  SokQueueSqlite *self = (SokQueueSqlite *)object;

  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (sok_queue_sqlite_parent_class)->finalize (object);
}

static void
set_error (SokQueueSqlite  *self,
           int              rc,
           const char      *doing,
           GError         **error)
{
  const char *detail = self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_UNREACHABLE,
                   "The DSL queue %s is busy while %s (%s); reports wait safely on "
                   "this kiosk and will be sent again", self->path, doing, detail);
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_AUTH:
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_PERMISSION,
                   "The DSL queue %s cannot be opened for writing while %s (%s); check "
                   "that it and its directory belong to this user", self->path, doing, detail);
      break;
    default:
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_FAILED,
                   "The DSL queue %s failed while %s: %s", self->path, doing, detail);
      break;
    }
}

static gboolean
exec (SokQueueSqlite  *self,
      const char      *sql,
      const char      *doing,
      GError         **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_error (self, rc, doing, error);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
prepare (SokQueueSqlite  *self,
         const char      *sql,
         GError         **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_error (self, rc, "reading the queue", error);
      return NULL;
    }
  return stmt;
}

static void
rollback (SokQueueSqlite *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
sqlite_deliver (SokQueue                *queue,
                const SokQueueEnvelope  *envelopes,
                guint                    n,
                guint                   *n_new,
                GError                 **error)
{
  SokQueueSqlite *self = SOK_QUEUE_SQLITE (queue);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 now = g_get_real_time ();

  if (!exec (self, "BEGIN IMMEDIATE", "delivering reports", error))
    return FALSE;

  stmt = prepare (self,
                  "INSERT INTO envelopes (report_id, kiosk_id, urgent, sealed, received_at)"
                  " VALUES (?, ?, ?, ?, ?) ON CONFLICT (report_id) DO NOTHING", error);
  if (stmt == NULL)
    {
      rollback (self);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      gsize size;
      gconstpointer data = g_bytes_get_data (envelopes[i].sealed, &size);
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, envelopes[i].report_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, envelopes[i].kiosk_id, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, envelopes[i].urgent ? 1 : 0);
      sqlite3_bind_blob64 (stmt, 4, data, size, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, now);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        {
          set_error (self, rc, "delivering reports", error);
          rollback (self);
          return FALSE;
        }
      *n_new += (guint)sqlite3_changes (self->db);
    }

  g_clear_pointer (&stmt, sqlite3_finalize);
  if (!exec (self, "COMMIT", "committing delivered reports", error))
    {
      rollback (self);
      *n_new = 0;
      return FALSE;
    }

  return TRUE;
}

static char *
dup_column_text (sqlite3_stmt *stmt,
                 int           col)
{
  const unsigned char *text = sqlite3_column_text (stmt, col);

  return text ? g_strdup ((const char *)text) : NULL;
}

static GPtrArray *
sqlite_list_cases (SokQueue    *queue,
                   const char  *report_id,
                   GError     **error)
{
  SokQueueSqlite *self = SOK_QUEUE_SQLITE (queue);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_queue_case_free);
  int rc;

  stmt = prepare (self,
                  "SELECT e.report_id, e.kiosk_id, e.urgent, e.received_at,"
                  "  COALESCE (c.status, 'new'), c.outcome,"
                  "  (SELECT a.kind FROM actions a WHERE a.report_id = e.report_id"
                  "   ORDER BY a.at DESC, a.id DESC LIMIT 1),"
                  "  (SELECT MAX (a.at) FROM actions a WHERE a.report_id = e.report_id)"
                  " FROM envelopes e LEFT JOIN cases c ON c.report_id = e.report_id"
                  " WHERE ?1 IS NULL OR e.report_id = ?1"
                  " ORDER BY e.urgent DESC, e.received_at DESC, e.report_id", error);
  if (stmt == NULL)
    return NULL;
  if (report_id)
    sqlite3_bind_text (stmt, 1, report_id, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SokQueueCase *item = g_new0 (SokQueueCase, 1);
      SokCaseStatus status = SOK_CASE_STATUS_NEW;

      item->report_id = dup_column_text (stmt, 0);
      item->kiosk_id = dup_column_text (stmt, 1);
      item->urgent = sqlite3_column_int (stmt, 2) != 0;
      item->received_at = sqlite3_column_int64 (stmt, 3);
      sok_case_status_from_string ((const char *)sqlite3_column_text (stmt, 4), &status);
      item->status = status;
      item->outcome = dup_column_text (stmt, 5);
      item->last_action = dup_column_text (stmt, 6);
      item->last_action_at = sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (out, item);
    }
  if (rc != SQLITE_DONE)
    {
      set_error (self, rc, "listing reports", error);
      return NULL;
    }

  return g_steal_pointer (&out);
}

static GBytes *
sqlite_dup_sealed (SokQueue    *queue,
                   const char  *report_id,
                   GError     **error)
{
  SokQueueSqlite *self = SOK_QUEUE_SQLITE (queue);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (self, "SELECT sealed FROM envelopes WHERE report_id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, report_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize)sqlite3_column_bytes (stmt, 0));
  if (rc == SQLITE_DONE)
    g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_NOT_FOUND,
                 "There is no report “%s” in the DSL queue", report_id);
  else
    set_error (self, rc, "reading a report", error);
  return NULL;
}

static GPtrArray *
sqlite_list_actions (SokQueue    *queue,
                     const char  *report_id,
                     GError     **error)
{
  SokQueueSqlite *self = SOK_QUEUE_SQLITE (queue);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_queue_action_free);
  int rc;

  stmt = prepare (self,
                  "SELECT id, report_id, kind, by_name, at, note, reason FROM actions"
                  " WHERE report_id = ? ORDER BY at, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, report_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SokQueueAction *a = g_new0 (SokQueueAction, 1);

      a->id = sqlite3_column_int64 (stmt, 0);
      a->report_id = dup_column_text (stmt, 1);
      a->kind = dup_column_text (stmt, 2);
      a->by = dup_column_text (stmt, 3);
      a->at = sqlite3_column_int64 (stmt, 4);
      a->note = dup_column_text (stmt, 5);
      a->reason = dup_column_text (stmt, 6);
      g_ptr_array_add (out, a);
    }
  if (rc != SQLITE_DONE)
    {
      set_error (self, rc, "listing actions", error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static GPtrArray *
sqlite_list_audit (SokQueue    *queue,
                   const char  *report_id,
                   gint64      *head_id,
                   char       **head_hash,
                   GError     **error)
{
  SokQueueSqlite *self = SOK_QUEUE_SQLITE (queue);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (sqlite3_stmt) head = NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_audit_entry_free);
  int rc;

  /* One read transaction, so the head matches the entries. */
  if (!exec (self, "BEGIN", "reading the audit log", error))
    return NULL;

  head = prepare (self, "SELECT last_id, last_hash FROM audit_head WHERE id = 1", error);
  if (head == NULL)
    {
      rollback (self);
      return NULL;
    }
  if (sqlite3_step (head) == SQLITE_ROW)
    {
      *head_id = sqlite3_column_int64 (head, 0);
      *head_hash = dup_column_text (head, 1);
    }

  stmt = prepare (self,
                  "SELECT id, at, actor, action, report_id, detail, prev_hash, hash FROM audit"
                  " WHERE ?1 IS NULL OR report_id = ?1 ORDER BY id", error);
  if (stmt == NULL)
    {
      rollback (self);
      return NULL;
    }
  if (report_id)
    sqlite3_bind_text (stmt, 1, report_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SokAuditEntry *e = g_new0 (SokAuditEntry, 1);

      e->id = sqlite3_column_int64 (stmt, 0);
      e->at = sqlite3_column_int64 (stmt, 1);
      e->actor = dup_column_text (stmt, 2);
      e->action = dup_column_text (stmt, 3);
      e->report_id = dup_column_text (stmt, 4);
      e->detail = dup_column_text (stmt, 5);
      e->prev_hash = dup_column_text (stmt, 6);
      e->hash = dup_column_text (stmt, 7);
      g_ptr_array_add (out, e);
    }
  rollback (self);
  if (rc != SQLITE_DONE)
    {
      set_error (self, rc, "reading the audit log", error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static gboolean
step_done (SokQueueSqlite  *self,
           sqlite3_stmt    *stmt,
           const char      *doing,
           GError         **error)
{
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      set_error (self, rc, doing, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
record_in_transaction (SokQueueSqlite        *self,
                       const SokQueueRecord  *rec,
                       GError               **error)
{
  g_autoptr (sqlite3_stmt) head = NULL;
  g_autoptr (sqlite3_stmt) insert = NULL;
  g_autoptr (sqlite3_stmt) update = NULL;
  g_autofree char *prev_hash = NULL;
  g_autofree char *hash = NULL;
  gint64 id;

  if (rec->action_kind != NULL)
    {
      g_autoptr (sqlite3_stmt) stmt = prepare (self,
        "INSERT INTO actions (report_id, kind, by_name, at, note, reason)"
        " VALUES (?, ?, ?, ?, ?, ?)", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, rec->report_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, rec->action_kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, rec->actor, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, rec->at);
      sqlite3_bind_text (stmt, 5, rec->note, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, rec->reason, -1, SQLITE_STATIC);
      if (!step_done (self, stmt, "recording an action", error))
        return FALSE;
    }

  if (rec->new_status >= 0)
    {
      g_autoptr (sqlite3_stmt) stmt = prepare (self,
        "INSERT INTO cases (report_id, status, outcome, updated_at) VALUES (?1, ?2, ?3, ?4)"
        " ON CONFLICT (report_id) DO UPDATE SET status = ?2, outcome = ?3, updated_at = ?4", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, rec->report_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, sok_case_status_to_string (rec->new_status), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, rec->outcome, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, rec->at);
      if (!step_done (self, stmt, "changing a case's status", error))
        return FALSE;
    }

  head = prepare (self, "SELECT last_id, last_hash FROM audit_head WHERE id = 1", error);
  if (head == NULL)
    return FALSE;
  if (sqlite3_step (head) != SQLITE_ROW)
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_SCHEMA,
                   "The DSL queue %s has lost the head of its audit log; run “sokctl "
                   "queue verify-audit”", self->path);
      return FALSE;
    }
  id = sqlite3_column_int64 (head, 0) + 1;
  prev_hash = dup_column_text (head, 1);
  hash = sok_audit_entry_compute_hash (id, rec->at, rec->actor, rec->audit_action,
                                       rec->report_id, rec->audit_detail, prev_hash);

  insert = prepare (self,
                    "INSERT INTO audit (id, at, actor, action, report_id, detail, prev_hash, hash)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, id);
  sqlite3_bind_int64 (insert, 2, rec->at);
  sqlite3_bind_text (insert, 3, rec->actor, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, rec->audit_action, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, rec->report_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, rec->audit_detail, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 7, prev_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 8, hash, -1, SQLITE_STATIC);
  if (!step_done (self, insert, "writing the audit log", error))
    return FALSE;

  update = prepare (self, "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1", error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_int64 (update, 1, id);
  sqlite3_bind_text (update, 2, hash, -1, SQLITE_STATIC);
  return step_done (self, update, "writing the audit log", error);
}

static gboolean
sqlite_record (SokQueue              *queue,
               const SokQueueRecord  *rec,
               GError               **error)
{
  SokQueueSqlite *self = SOK_QUEUE_SQLITE (queue);

  if (!exec (self, "BEGIN IMMEDIATE", "recording on a case", error))
    return FALSE;
  if (!record_in_transaction (self, rec, error) ||
      !exec (self, "COMMIT", "recording on a case", error))
    {
      rollback (self);
      return FALSE;
    }
  return TRUE;
}

static gint64
count_envelopes (SokQueueSqlite *self)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, "SELECT COUNT (*) FROM envelopes", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

static int
sqlite_listen (SokQueue  *queue,
               GError   **error)
{
  SokQueueSqlite *self = SOK_QUEUE_SQLITE (queue);

  self->last_count = count_envelopes (self);
  return -1;
}

static gboolean
sqlite_take_news (SokQueue *queue)
{
  SokQueueSqlite *self = SOK_QUEUE_SQLITE (queue);
  gint64 count = count_envelopes (self);
  gboolean news = count > self->last_count;

  self->last_count = count;
  return news;
}

static void
sok_queue_sqlite_class_init (SokQueueSqliteClass *klass)
{
  SokQueueClass *queue_class = SOK_QUEUE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = sok_queue_sqlite_finalize;
  queue_class->deliver = sqlite_deliver;
  queue_class->list_cases = sqlite_list_cases;
  queue_class->dup_sealed = sqlite_dup_sealed;
  queue_class->list_actions = sqlite_list_actions;
  queue_class->list_audit = sqlite_list_audit;
  queue_class->record = sqlite_record;
  queue_class->listen = sqlite_listen;
  queue_class->take_news = sqlite_take_news;
}

static void
sok_queue_sqlite_init (SokQueueSqlite *self)
{
}

static gboolean
ensure_schema (SokQueueSqlite  *self,
               GError         **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int version;

  stmt = prepare (self, "PRAGMA user_version", error);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    {
      if (error && *error == NULL)
        set_error (self, sqlite3_errcode (self->db), "opening the queue", error);
      return FALSE;
    }
  version = sqlite3_column_int (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (version == QUEUE_SCHEMA_VERSION)
    return TRUE;
  if (version > QUEUE_SCHEMA_VERSION)
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_SCHEMA,
                   "The DSL queue %s was made by a newer version of Safe Online Kiosk; "
                   "update this machine", self->path);
      return FALSE;
    }

  if (!exec (self, "BEGIN IMMEDIATE", "setting up the queue", error))
    return FALSE;
  /* Another process may have set it up while we waited for the lock. */
  stmt = prepare (self, "PRAGMA user_version", error);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) == QUEUE_SCHEMA_VERSION)
    {
      rollback (self);
      return TRUE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!exec (self, schema, "setting up the queue", error) ||
      !exec (self, "PRAGMA user_version = 1", "setting up the queue", error) ||
      !exec (self, "COMMIT", "setting up the queue", error))
    {
      rollback (self);
      return FALSE;
    }
  return TRUE;
}

/**
 * sok_queue_sqlite_new:
 * @path: an absolute path; the file is created (mode 0600) when missing
 *
 * Returns: (transfer full): the embedded queue; usually through sok_queue_open().
 */
SokQueue *
sok_queue_sqlite_new (const char    *path,
                      SokQueueRole   role,
                      GError       **error)
{
  g_autoptr (SokQueueSqlite) self = NULL;
  g_autofree char *dir = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (SOK_TYPE_QUEUE_SQLITE, NULL);
  self->path = g_strdup (path);

  dir = g_path_get_dirname (path);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_UNREACHABLE,
                   "Could not reach the DSL queue %s: the directory %s does not exist — "
                   "reports wait safely on this kiosk", path, dir);
      return NULL;
    }

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      int fd = g_open (path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);

      if (fd < 0)
        {
          int saved = errno;
          g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_PERMISSION,
                       "Could not create the DSL queue %s: %s", path, g_strerror (saved));
          return NULL;
        }
      close (fd);
    }

  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
  if (rc != SQLITE_OK)
    {
      set_error (self, rc, "opening the queue", error);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 10000);

  if (!exec (self, "PRAGMA journal_mode = WAL", "opening the queue", error) ||
      !exec (self, "PRAGMA synchronous = FULL", "opening the queue", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", "opening the queue", error) ||
      !ensure_schema (self, error))
    return NULL;

  return SOK_QUEUE (g_steal_pointer (&self));
}
