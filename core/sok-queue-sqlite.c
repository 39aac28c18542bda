/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-queue"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "sok-half-day.h"
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

/* Ordered migrations: entry N takes a queue from schema N-1 to N. Never edit one that
 * has shipped; add a new one at the end. */
static const char schema_v1[] =
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

/* 2: the audit log is keyed. New entries are version 2 (sok-queue.h): they chain the
 * digest of their detail and carry a MAC under the DSL key. Notes, reasons,
 * outcomes and audit details are from now on stored sealed to the DSL key (BLOBs);
 * TEXT values left from version 1 are sealed when a console next opens the queue
 * with the key. The update trigger must let that happen for version 1 details, which
 * the old chain covers in the clear and which are kept as they are. */
static const char schema_v2[] =
  "ALTER TABLE audit ADD COLUMN version INTEGER NOT NULL DEFAULT 1;"
  "ALTER TABLE audit ADD COLUMN login TEXT;"
  "ALTER TABLE audit ADD COLUMN detail_digest TEXT;"
  "ALTER TABLE audit ADD COLUMN mac TEXT;";

/* 3: an action carries the audit entry that recorded it and the DSL key's MAC over
 * its content (its note and reason are not in the chain). */
static const char schema_v3[] =
  "ALTER TABLE actions ADD COLUMN audit_id INTEGER;"
  "ALTER TABLE actions ADD COLUMN mac TEXT;";

/* 4: no report's time finer than its half-day (sok-half-day.h). received_at holds
 * the start of the local half-day a report arrived in; lists order within it by the
 * random report id. Reports already there are rounded down the same way (the store
 * runs with secure_delete, so the old values do not linger in free pages). */
static const char schema_v4[] =
  "UPDATE envelopes SET received_at ="
  "  CAST (strftime ('%s', date (received_at / 1000000, 'unixepoch', 'localtime')"
  "    || CASE WHEN CAST (strftime ('%H', received_at / 1000000, 'unixepoch', 'localtime')"
  "                       AS INTEGER) < 12 THEN ' 00:00:00' ELSE ' 12:00:00' END,"
  "    'utc') AS INTEGER) * 1000000;";

/* 5: the kiosks' signing keys and the DSL's decisions on them, and the result of
 * checking each report's signature. A kiosk adds its key as pending; a decision or a
 * result counts only with the DSL key's MAC over it (sok-kiosk.c), since the kiosk's
 * user can write this file. */
static const char schema_v5[] =
  "CREATE TABLE kiosks ("
  "  public_key  TEXT PRIMARY KEY CHECK (length (public_key) = 44),"
  "  kiosk_id    TEXT NOT NULL,"
  "  state       TEXT NOT NULL DEFAULT 'pending'"
  "              CHECK (state IN ('pending', 'approved', 'revoked')),"
  "  enrolled_at INTEGER NOT NULL,"
  "  approved_at INTEGER,"
  "  approved_by TEXT,"
  "  revoked_at  INTEGER,"
  "  revoked_by  TEXT,"
  "  mac         TEXT"
  ");"
  "CREATE TABLE signature_checks ("
  "  report_id   TEXT PRIMARY KEY REFERENCES envelopes (report_id),"
  "  kiosk_key   TEXT,"
  "  result      TEXT NOT NULL CHECK (result IN ('none', 'bad', 'good', 'unreadable')),"
  "  mac         TEXT NOT NULL"
  ");";

/* 6: hearing back (sok-queue-follow-up.c). replies is what every kiosk reads: a
 * code's tag, a reply sealed with its key, and the last day it may be read; nothing in
 * it names a case. The rest is the DSL's: which cases have a code (under the DSL
 * key's MAC of the tag, until it expires), the conversation of each, and which
 * envelopes have been sorted into reports and answers. */
static const char schema_v6[] =
  "CREATE TABLE replies ("
  "  tag        BLOB NOT NULL CHECK (length (tag) = 32),"
  "  ciphertext BLOB NOT NULL,"
  "  expires    TEXT NOT NULL"
  ");"
  "CREATE TABLE follow_ups ("
  "  report_id TEXT PRIMARY KEY REFERENCES envelopes (report_id),"
  "  tag_mac   TEXT UNIQUE,"
  "  expires   TEXT NOT NULL,"
  "  unread    INTEGER NOT NULL DEFAULT 0,"
  "  urgent    INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE messages ("
  "  id        INTEGER PRIMARY KEY,"
  "  report_id TEXT NOT NULL REFERENCES envelopes (report_id),"
  "  from_dsl  INTEGER NOT NULL,"
  "  half_day  INTEGER NOT NULL,"
  "  sealed    BLOB,"
  "  answer_id TEXT REFERENCES envelopes (report_id),"
  "  CHECK ((sealed IS NULL) <> (answer_id IS NULL))"
  ");"
  "CREATE INDEX messages_by_report ON messages (report_id);"
  "CREATE TABLE sorted ("
  "  report_id TEXT PRIMARY KEY REFERENCES envelopes (report_id),"
  "  answer    INTEGER NOT NULL"
  ");";

/* 7: retention (sok_queue_apply_retention()). The log stays append-only but for one
 * change: a version 2 entry's detail may be removed, everything else left as it was,
 * since such an entry chains only the detail's digest, which stays as a tombstone. */
static const char schema_v7[] =
  "DROP TRIGGER audit_no_update;"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
  "  WHEN NOT (OLD.version = 2 AND OLD.detail IS NOT NULL AND NEW.detail IS NULL"
  "            AND NEW.id IS OLD.id AND NEW.at IS OLD.at AND NEW.actor IS OLD.actor"
  "            AND NEW.action IS OLD.action AND NEW.report_id IS OLD.report_id"
  "            AND NEW.prev_hash IS OLD.prev_hash AND NEW.hash IS OLD.hash"
  "            AND NEW.version IS OLD.version AND NEW.login IS OLD.login"
  "            AND NEW.detail_digest IS OLD.detail_digest AND NEW.mac IS OLD.mac)"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only: only the detail of a"
  " removed case may be taken out'); END;";

static const char * const migrations[] = { schema_v1, schema_v2, schema_v3, schema_v4,
                                           schema_v5, schema_v6, schema_v7 };
#define QUEUE_SCHEMA_VERSION ((int)G_N_ELEMENTS (migrations))

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

/* Seals @text to the DSL key, as reports are sealed: only the key's holder can read
 * it back, and the queue file holds no note in the clear. */
static GBytes *
seal_text (SokQueueSqlite  *self,
           const char      *text,
           GError         **error)
{
  SokDslKey *key = sok_queue_get_dsl_key (SOK_QUEUE (self));
  g_autofree char *public_key = NULL;
  g_autoptr (GBytes) plain = NULL;

  if (text == NULL)
    return NULL;
  g_assert (key != NULL);
  public_key = sok_dsl_key_dup_public_key_base64 (key);
  plain = g_bytes_new_static (text, strlen (text));
  return sok_seal_seal (plain, public_key, error);
}

/* Reads a note, reason, outcome or detail: a BLOB is opened with the DSL key (NULL
 * without one, or when it does not open); TEXT is from before notes were sealed. */
static char *
dup_column_open (SokQueueSqlite *self,
                 sqlite3_stmt   *stmt,
                 int             col)
{
  SokDslKey *key = sok_queue_get_dsl_key (SOK_QUEUE (self));
  g_autoptr (GBytes) sealed = NULL;
  g_autoptr (GBytes) plain = NULL;
  const char *data;
  gsize len;

  switch (sqlite3_column_type (stmt, col))
    {
    case SQLITE_NULL:
      return NULL;
    case SQLITE_BLOB:
      if (key == NULL)
        return NULL;
      sealed = g_bytes_new (sqlite3_column_blob (stmt, col), (gsize)sqlite3_column_bytes (stmt, col));
      plain = sok_seal_open (key, sealed, NULL);
      if (plain == NULL)
        return NULL;
      data = g_bytes_get_data (plain, &len);
      return g_strndup (data, len);
    default:
      return g_strdup ((const char *)sqlite3_column_text (stmt, col));
    }
}

static void
bind_sealed (sqlite3_stmt *stmt,
             int           col,
             GBytes       *sealed)
{
  gsize len;
  gconstpointer data;

  if (sealed == NULL)
    {
      sqlite3_bind_null (stmt, col);
      return;
    }
  data = g_bytes_get_data (sealed, &len);
  sqlite3_bind_blob64 (stmt, col, data, len, SQLITE_TRANSIENT);
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
  /* Only the half-day: see sok-half-day.h. */
  gint64 now = sok_half_day_now ();

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
                  "SELECT e.report_id, e.kiosk_id, e.urgent OR COALESCE (f.urgent, 0),"
                  "  e.received_at, COALESCE (c.status, 'new'), c.outcome,"
                  "  (SELECT a.kind FROM actions a WHERE a.report_id = e.report_id"
                  "   ORDER BY a.at DESC, a.id DESC LIMIT 1),"
                  "  (SELECT MAX (a.at) FROM actions a WHERE a.report_id = e.report_id),"
                  "  COALESCE (f.unread, 0)"
                  " FROM envelopes e LEFT JOIN cases c ON c.report_id = e.report_id"
                  "  LEFT JOIN follow_ups f ON f.report_id = e.report_id"
                  /* A child's answer is shown in its case, not as a case in the list (it can
                   * still be opened by its id). */
                  " WHERE (?1 IS NULL OR e.report_id = ?1)"
                  "  AND (?1 IS NOT NULL OR NOT EXISTS (SELECT 1 FROM sorted s"
                  "       WHERE s.report_id = e.report_id AND s.answer))"
                  " ORDER BY 3 DESC, e.received_at DESC, e.report_id", error);
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
      item->outcome = dup_column_open (self, stmt, 5);
      item->last_action = dup_column_text (stmt, 6);
      item->last_action_at = sqlite3_column_int64 (stmt, 7);
      item->unread = sqlite3_column_int (stmt, 8) != 0;
      g_ptr_array_add (out, item);
    }
  if (rc != SQLITE_DONE)
    {
      set_error (self, rc, "listing reports", error);
      return NULL;
    }

  return g_steal_pointer (&out);
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
                  "SELECT id, report_id, kind, by_name, at, note, reason, audit_id, mac"
                  " FROM actions WHERE ?1 IS NULL OR report_id = ?1 ORDER BY at, id", error);
  if (stmt == NULL)
    return NULL;
  if (report_id != NULL)
    sqlite3_bind_text (stmt, 1, report_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SokQueueAction *a = g_new0 (SokQueueAction, 1);

      a->id = sqlite3_column_int64 (stmt, 0);
      a->report_id = dup_column_text (stmt, 1);
      a->kind = dup_column_text (stmt, 2);
      a->by = dup_column_text (stmt, 3);
      a->at = sqlite3_column_int64 (stmt, 4);
      a->note = dup_column_open (self, stmt, 5);
      a->reason = dup_column_open (self, stmt, 6);
      a->audit_id = sqlite3_column_int64 (stmt, 7);
      a->mac = dup_column_text (stmt, 8);
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
                  "SELECT id, at, actor, action, report_id, detail, prev_hash, hash,"
                  "  version, login, detail_digest, mac FROM audit"
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
      e->detail = dup_column_open (self, stmt, 5);
      e->prev_hash = dup_column_text (stmt, 6);
      e->hash = dup_column_text (stmt, 7);
      e->version = sqlite3_column_int (stmt, 8);
      e->login = dup_column_text (stmt, 9);
      e->detail_digest = dup_column_text (stmt, 10);
      e->mac = dup_column_text (stmt, 11);
      if (e->version >= 2)
        {
          /* The digest is of the detail as stored (sealed), so it can be checked
           * without the key; a removed detail leaves its digest as a tombstone. */
          g_autofree char *digest = NULL;

          if (sqlite3_column_type (stmt, 5) == SQLITE_NULL)
            {
              e->detail_matches = TRUE;
              e->detail_removed = e->detail_digest != NULL;
            }
          else
            {
              digest = sok_audit_dup_digest (sqlite3_column_blob (stmt, 5),
                                             (gsize)sqlite3_column_bytes (stmt, 5));
              e->detail_matches = g_strcmp0 (digest, e->detail_digest) == 0;
            }
        }
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
record_in_transaction (SokQueueSqlite  *self,
                       SokQueueRecord  *rec,
                       GError         **error)
{
  g_autoptr (sqlite3_stmt) head = NULL;
  g_autoptr (sqlite3_stmt) insert = NULL;
  g_autoptr (sqlite3_stmt) update = NULL;
  g_autoptr (GBytes) sealed_detail = NULL;
  g_autoptr (SokAuditEntry) entry = g_new0 (SokAuditEntry, 1);

  if (rec->read_sealed)
    {
      g_autoptr (sqlite3_stmt) stmt = prepare (self, "SELECT sealed FROM envelopes WHERE report_id = ?",
                                               error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, rec->report_id, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        {
          g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_NOT_FOUND,
                       "There is no report “%s” in the DSL queue", rec->report_id);
          return FALSE;
        }
      if (rc != SQLITE_ROW)
        {
          set_error (self, rc, "reading a report", error);
          return FALSE;
        }
      rec->sealed = g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize)sqlite3_column_bytes (stmt, 0));
      if (rec->check != NULL && !rec->check (rec->sealed, rec->check_data, error))
        return FALSE;
    }

  if (rec->new_status >= 0)
    {
      g_autoptr (sqlite3_stmt) stmt = prepare (self,
        "INSERT INTO cases (report_id, status, outcome, updated_at) VALUES (?1, ?2, ?3, ?4)"
        " ON CONFLICT (report_id) DO UPDATE SET status = ?2, outcome = ?3, updated_at = ?4", error);
      g_autoptr (GBytes) outcome = NULL;

      if (stmt == NULL)
        return FALSE;
      if (rec->outcome && !(outcome = seal_text (self, rec->outcome, error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, rec->report_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, sok_case_status_to_string (rec->new_status), -1, SQLITE_STATIC);
      bind_sealed (stmt, 3, outcome);
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

  if (rec->audit_detail != NULL)
    {
      gsize len;
      gconstpointer data;

      sealed_detail = seal_text (self, rec->audit_detail, error);
      if (sealed_detail == NULL)
        return FALSE;
      data = g_bytes_get_data (sealed_detail, &len);
      entry->detail_digest = sok_audit_dup_digest (data, len);
    }
  entry->version = 2;
  entry->id = sqlite3_column_int64 (head, 0) + 1;
  entry->at = rec->at;
  entry->actor = g_strdup (rec->actor);
  entry->action = g_strdup (rec->audit_action);
  entry->report_id = g_strdup (rec->report_id);
  entry->prev_hash = dup_column_text (head, 1);
  entry->hash = sok_audit_entry_compute_hash_v2 (entry);
  if (!sok_queue_mac_entry (SOK_QUEUE (self), entry, rec, error))
    return FALSE;

  if (rec->action_kind != NULL)
    {
      g_autoptr (sqlite3_stmt) stmt = prepare (self,
        "INSERT INTO actions (report_id, kind, by_name, at, note, reason, audit_id, mac)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
      g_autoptr (GBytes) note = NULL;
      g_autoptr (GBytes) reason = NULL;
      SokQueueAction action = { 0 };
      gboolean ok;

      if (stmt == NULL)
        return FALSE;
      if ((rec->note && !(note = seal_text (self, rec->note, error))) ||
          (rec->reason && !(reason = seal_text (self, rec->reason, error))))
        return FALSE;
      action.report_id = (char *)rec->report_id;
      action.kind = (char *)rec->action_kind;
      action.by = (char *)rec->actor;
      action.at = rec->at;
      action.note = (char *)rec->note;
      action.reason = (char *)rec->reason;
      action.audit_id = entry->id;
      if (!sok_queue_mac_action (SOK_QUEUE (self), &action, error))
        return FALSE;
      sqlite3_bind_text (stmt, 1, rec->report_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, rec->action_kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, rec->actor, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, rec->at);
      bind_sealed (stmt, 5, note);
      bind_sealed (stmt, 6, reason);
      sqlite3_bind_int64 (stmt, 7, entry->id);
      sqlite3_bind_text (stmt, 8, action.mac, -1, SQLITE_STATIC);
      ok = step_done (self, stmt, "recording an action", error);
      g_free (action.mac);
      if (!ok)
        return FALSE;
    }

  insert = prepare (self,
                    "INSERT INTO audit (id, at, actor, action, report_id, detail, prev_hash, hash,"
                    "  version, login, detail_digest, mac)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 2, NULL, ?, ?)", error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, entry->id);
  sqlite3_bind_int64 (insert, 2, entry->at);
  sqlite3_bind_text (insert, 3, entry->actor, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, entry->action, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, entry->report_id, -1, SQLITE_STATIC);
  bind_sealed (insert, 6, sealed_detail);
  sqlite3_bind_text (insert, 7, entry->prev_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 8, entry->hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 9, entry->detail_digest, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 10, entry->mac, -1, SQLITE_STATIC);
  if (!step_done (self, insert, "writing the audit log", error))
    return FALSE;

  update = prepare (self, "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1", error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_int64 (update, 1, entry->id);
  sqlite3_bind_text (update, 2, entry->hash, -1, SQLITE_STATIC);
  return step_done (self, update, "writing the audit log", error);
}

static gboolean
sqlite_record (SokQueue        *queue,
               SokQueueRecord  *rec,
               GError         **error)
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

/* Seals the notes, reasons and outcomes a version 1 queue holds in the clear, now
 * that there is a key to seal them to. secure_delete (set on opening) overwrites the
 * old text in the file. Failing here loses nothing: it is tried again next time. */
static void
sqlite_key_changed (SokQueue *queue)
{
  SokQueueSqlite *self = SOK_QUEUE_SQLITE (queue);
  static const char * const columns[][3] = {
    { "actions", "note", "id" },
    { "actions", "reason", "id" },
    { "cases", "outcome", "report_id" },
  };
  g_autoptr (GError) error = NULL;

  g_autoptr (sqlite3_stmt) any = NULL;

  if (sok_queue_get_dsl_key (queue) == NULL || sok_queue_get_role (queue) != SOK_QUEUE_ROLE_DSL)
    return;
  /* Most queues have nothing left to seal: look before taking the write lock. */
  any = prepare (self, "SELECT EXISTS (SELECT 1 FROM actions WHERE typeof (note) = 'text'"
                       "                OR typeof (reason) = 'text')"
                       " OR EXISTS (SELECT 1 FROM cases WHERE typeof (outcome) = 'text')", &error);
  if (any == NULL || sqlite3_step (any) != SQLITE_ROW || sqlite3_column_int (any, 0) == 0)
    return;
  g_clear_pointer (&any, sqlite3_finalize);
  if (!exec (self, "BEGIN IMMEDIATE", "sealing old notes", &error))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      g_autofree char *select = g_strdup_printf ("SELECT %s, %s FROM %s WHERE typeof (%s) = 'text'",
                                                 columns[i][2], columns[i][1], columns[i][0],
                                                 columns[i][1]);
      g_autofree char *update = g_strdup_printf ("UPDATE %s SET %s = ?1 WHERE %s = ?2",
                                                 columns[i][0], columns[i][1], columns[i][2]);
      g_autoptr (sqlite3_stmt) rows = prepare (self, select, &error);
      g_autoptr (sqlite3_stmt) change = rows ? prepare (self, update, &error) : NULL;

      if (change == NULL)
        break;
      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          g_autoptr (GBytes) sealed = seal_text (self, (const char *)sqlite3_column_text (rows, 1),
                                                 &error);

          if (sealed == NULL)
            break;
          sqlite3_reset (change);
          bind_sealed (change, 1, sealed);
          sqlite3_bind_value (change, 2, sqlite3_column_value (rows, 0));
          if (!step_done (self, change, "sealing old notes", &error))
            break;
        }
      if (error != NULL)
        break;
    }

  if (error != NULL || !exec (self, "COMMIT", "sealing old notes", &error))
    {
      g_warning ("Could not seal the old notes of the DSL queue: %s", error->message);
      rollback (self);
    }
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

/* The heartbeat: reads the file's header, so a queue on a share that went away is
 * noticed. */
static gboolean
sqlite_ping (SokQueue  *queue,
             GError   **error)
{
  return exec (SOK_QUEUE_SQLITE (queue), "PRAGMA schema_version", "checking the queue", error);
}

static gboolean
sqlite_register_kiosk (SokQueue    *queue,
                       const char  *kiosk_id,
                       const char  *public_key,
                       GError     **error)
{
  SokQueueSqlite *self = SOK_QUEUE_SQLITE (queue);
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = prepare (self,
                  "INSERT INTO kiosks (public_key, kiosk_id, enrolled_at) VALUES (?, ?, ?)"
                  " ON CONFLICT (public_key) DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, public_key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kiosk_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  return step_done (self, stmt, "enrolling this kiosk", error);
}

static GPtrArray *
sqlite_list_kiosks (SokQueue  *queue,
                    GError   **error)
{
  SokQueueSqlite *self = SOK_QUEUE_SQLITE (queue);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_queue_kiosk_free);
  int rc;

  stmt = prepare (self,
                  "SELECT public_key, kiosk_id, state, enrolled_at, approved_at, approved_by,"
                  "  revoked_at, revoked_by, mac FROM kiosks ORDER BY enrolled_at, public_key",
                  error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SokQueueKiosk *k = g_new0 (SokQueueKiosk, 1);

      k->public_key = dup_column_text (stmt, 0);
      k->kiosk_id = dup_column_text (stmt, 1);
      k->state = dup_column_text (stmt, 2);
      k->enrolled_at = sqlite3_column_int64 (stmt, 3);
      k->approved_at = sqlite3_column_int64 (stmt, 4);
      k->approved_by = dup_column_text (stmt, 5);
      k->revoked_at = sqlite3_column_int64 (stmt, 6);
      k->revoked_by = dup_column_text (stmt, 7);
      k->mac = dup_column_text (stmt, 8);
      g_ptr_array_add (out, k);
    }
  if (rc != SQLITE_DONE)
    {
      set_error (self, rc, "listing kiosks", error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static gboolean
sqlite_decide_kiosk (SokQueue          *queue,
                     SokQueueDecision  *decision,
                     GError           **error)
{
  SokQueueSqlite *self = SOK_QUEUE_SQLITE (queue);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  SokQueueKiosk *k = decision->kiosk;
  gint64 now = g_get_real_time ();

  /* The file is the DSL's own: its clock is the only one there is. */
  if (g_strcmp0 (k->state, "approved") == 0)
    {
      k->approved_at = now;
      g_free (k->approved_by);
      k->approved_by = g_strdup (decision->actor);
      k->revoked_at = 0;
      g_clear_pointer (&k->revoked_by, g_free);
    }
  else
    {
      k->revoked_at = now;
      g_free (k->revoked_by);
      k->revoked_by = g_strdup (decision->actor);
    }
  g_free (k->mac);
  k->mac = decision->mac (k, decision->mac_data);

  stmt = prepare (self,
                  "UPDATE kiosks SET state = ?2, approved_at = ?3, approved_by = ?4,"
                  "  revoked_at = ?5, revoked_by = ?6, mac = ?7 WHERE public_key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, k->public_key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, k->state, -1, SQLITE_STATIC);
  if (k->approved_at > 0)
    sqlite3_bind_int64 (stmt, 3, k->approved_at);
  sqlite3_bind_text (stmt, 4, k->approved_by, -1, SQLITE_STATIC);
  if (k->revoked_at > 0)
    sqlite3_bind_int64 (stmt, 5, k->revoked_at);
  sqlite3_bind_text (stmt, 6, k->revoked_by, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, k->mac, -1, SQLITE_STATIC);
  if (!step_done (self, stmt, "recording a decision on a kiosk", error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_NOT_FOUND,
                   "The DSL queue %s has no kiosk with that key", self->path);
      return FALSE;
    }
  return sok_queue_record_event (queue, decision->actor, decision->audit_action,
                                 decision->audit_detail, error);
}

static GPtrArray *
sqlite_list_signature_checks (SokQueue  *queue,
                              GError   **error)
{
  SokQueueSqlite *self = SOK_QUEUE_SQLITE (queue);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_queue_signature_check_free);
  int rc;

  stmt = prepare (self, "SELECT report_id, kiosk_key, result, mac FROM signature_checks", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SokQueueSignatureCheck *c = g_new0 (SokQueueSignatureCheck, 1);

      c->report_id = dup_column_text (stmt, 0);
      c->kiosk_key = dup_column_text (stmt, 1);
      c->result = dup_column_text (stmt, 2);
      c->mac = dup_column_text (stmt, 3);
      g_ptr_array_add (out, c);
    }
  if (rc != SQLITE_DONE)
    {
      set_error (self, rc, "listing signature checks", error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static gboolean
sqlite_add_signature_check (SokQueue                      *queue,
                            const SokQueueSignatureCheck  *c,
                            GError                       **error)
{
  SokQueueSqlite *self = SOK_QUEUE_SQLITE (queue);
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = prepare (self,
                  "INSERT INTO signature_checks (report_id, kiosk_key, result, mac)"
                  " VALUES (?, ?, ?, ?) ON CONFLICT (report_id) DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, c->report_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, c->kiosk_key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, c->result, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, c->mac, -1, SQLITE_STATIC);
  return step_done (self, stmt, "recording a signature check", error);
}


/* --- hearing back ------------------------------------------------------------------ */

static GBytes *
dup_column_bytes (sqlite3_stmt *stmt,
                  int           col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return NULL;
  return g_bytes_new (sqlite3_column_blob (stmt, col), (gsize)sqlite3_column_bytes (stmt, col));
}

/* Every row alike, in one statement that never changes: see sok_queue_list_replies(). */
static GPtrArray *
sqlite_list_replies (SokQueue  *queue,
                     GError   **error)
{
  SokQueueSqlite *self = SOK_QUEUE_SQLITE (queue);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_follow_up_row_free);
  int rc;

  stmt = prepare (self, "SELECT tag, ciphertext, expires FROM replies", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SokFollowUpRow *row = g_new0 (SokFollowUpRow, 1);
      const char *expires = (const char *)sqlite3_column_text (stmt, 2);

      row->tag = dup_column_bytes (stmt, 0);
      row->ciphertext = dup_column_bytes (stmt, 1);
      g_date_clear (&row->expires, 1);
      if (expires != NULL)
        g_date_set_parse (&row->expires, expires);
      if (row->tag == NULL || row->ciphertext == NULL)
        {
          sok_follow_up_row_free (row);
          continue;
        }
      g_ptr_array_add (out, row);
    }
  if (rc != SQLITE_DONE)
    {
      set_error (self, rc, "reading the replies", error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static GPtrArray *
sqlite_list_unsorted (SokQueue  *queue,
                      GError   **error)
{
  SokQueueSqlite *self = SOK_QUEUE_SQLITE (queue);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_queue_case_free);
  int rc;

  stmt = prepare (self, "SELECT e.report_id, e.received_at, e.urgent FROM envelopes e"
                        " WHERE NOT EXISTS (SELECT 1 FROM sorted s WHERE s.report_id = e.report_id)"
                        " ORDER BY e.received_at, e.report_id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SokQueueCase *item = g_new0 (SokQueueCase, 1);

      item->report_id = dup_column_text (stmt, 0);
      item->received_at = sqlite3_column_int64 (stmt, 1);
      item->urgent = sqlite3_column_int (stmt, 2) != 0;
      g_ptr_array_add (out, item);
    }
  if (rc != SQLITE_DONE)
    {
      set_error (self, rc, "reading the queue", error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static gboolean
sqlite_sort_envelope (SokQueue               *queue,
                      const SokQueueSorting  *sorting,
                      char                  **case_id,
                      GError                **error)
{
  SokQueueSqlite *self = SOK_QUEUE_SQLITE (queue);
  g_autoptr (sqlite3_stmt) mark = NULL;
  g_autofree char *found = NULL;

  if (!exec (self, "BEGIN IMMEDIATE", "sorting answers into their cases", error))
    return FALSE;

  if (sorting->is_answer && sorting->tag_mac != NULL)
    {
      g_autoptr (sqlite3_stmt) find = prepare (self, "SELECT report_id FROM follow_ups"
                                                     " WHERE tag_mac = ?", error);

      if (find == NULL)
        goto fail;
      sqlite3_bind_text (find, 1, sorting->tag_mac, -1, SQLITE_STATIC);
      if (sqlite3_step (find) == SQLITE_ROW)
        found = dup_column_text (find, 0);
    }

  if (found != NULL)
    {
      g_autoptr (sqlite3_stmt) add = prepare (self, "INSERT INTO messages (report_id, from_dsl,"
                                                    " half_day, answer_id) VALUES (?, 0, ?, ?)",
                                              error);
      g_autoptr (sqlite3_stmt) flag = NULL;

      if (add == NULL)
        goto fail;
      sqlite3_bind_text (add, 1, found, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (add, 2, sorting->half_day);
      sqlite3_bind_text (add, 3, sorting->report_id, -1, SQLITE_STATIC);
      if (!step_done (self, add, "adding an answer to its case", error))
        goto fail;
      flag = prepare (self, "UPDATE follow_ups SET unread = 1, urgent = urgent OR ?"
                            " WHERE report_id = ?", error);
      if (flag == NULL)
        goto fail;
      sqlite3_bind_int (flag, 1, sorting->urgent ? 1 : 0);
      sqlite3_bind_text (flag, 2, found, -1, SQLITE_STATIC);
      if (!step_done (self, flag, "marking a case unread", error))
        goto fail;
    }
  else if (!sorting->is_answer && sorting->tag_mac != NULL)
    {
      g_autoptr (sqlite3_stmt) add = prepare (self, "INSERT INTO follow_ups (report_id, tag_mac,"
                                                    " expires) VALUES (?, ?, ?)"
                                                    " ON CONFLICT DO NOTHING", error);

      if (add == NULL)
        goto fail;
      sqlite3_bind_text (add, 1, sorting->report_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (add, 2, sorting->tag_mac, -1, SQLITE_STATIC);
      sqlite3_bind_text (add, 3, sorting->expires, -1, SQLITE_STATIC);
      if (!step_done (self, add, "recording a case's code", error))
        goto fail;
    }

  /* An answer whose case is not found (its code expired) stays a case of its own:
   * nothing a child sent is ever hidden. */
  mark = prepare (self, "INSERT INTO sorted (report_id, answer) VALUES (?, ?)", error);
  if (mark == NULL)
    goto fail;
  sqlite3_bind_text (mark, 1, sorting->report_id, -1, SQLITE_STATIC);
  sqlite3_bind_int (mark, 2, found != NULL);
  if (!step_done (self, mark, "sorting answers into their cases", error) ||
      !exec (self, "COMMIT", "sorting answers into their cases", error))
    goto fail;

  if (case_id != NULL)
    *case_id = g_steal_pointer (&found);
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

static gboolean
sqlite_get_follow_up (SokQueue    *queue,
                      const char  *report_id,
                      char       **expires,
                      gboolean    *unread,
                      gboolean    *urgent,
                      GError     **error)
{
  SokQueueSqlite *self = SOK_QUEUE_SQLITE (queue);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (self, "SELECT expires, unread, urgent FROM follow_ups WHERE report_id = ?"
                        " AND tag_mac IS NOT NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, report_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *expires = dup_column_text (stmt, 0);
      *unread = sqlite3_column_int (stmt, 1) != 0;
      *urgent = sqlite3_column_int (stmt, 2) != 0;
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      set_error (self, rc, "reading a case's code", error);
      return FALSE;
    }
  *expires = NULL;
  return TRUE;
}

static gboolean
sqlite_add_reply (SokQueue    *queue,
                  const char  *report_id,
                  GBytes      *tag,
                  GBytes      *ciphertext,
                  const char  *expires,
                  GBytes      *sealed,
                  gint64       half_day,
                  GError     **error)
{
  SokQueueSqlite *self = SOK_QUEUE_SQLITE (queue);
  g_autoptr (sqlite3_stmt) reply = NULL;
  g_autoptr (sqlite3_stmt) message = NULL;

  /* Both or neither: the DSL sees in the case exactly what the child can read. */
  if (!exec (self, "BEGIN IMMEDIATE", "storing a reply", error))
    return FALSE;
  reply = prepare (self, "INSERT INTO replies (tag, ciphertext, expires) VALUES (?, ?, ?)", error);
  message = reply ? prepare (self, "INSERT INTO messages (report_id, from_dsl, half_day, sealed)"
                                   " VALUES (?, 1, ?, ?)", error) : NULL;
  if (message == NULL)
    goto fail;
  bind_sealed (reply, 1, tag);
  bind_sealed (reply, 2, ciphertext);
  sqlite3_bind_text (reply, 3, expires, -1, SQLITE_STATIC);
  sqlite3_bind_text (message, 1, report_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (message, 2, half_day);
  bind_sealed (message, 3, sealed);
  if (!step_done (self, reply, "storing a reply", error) ||
      !step_done (self, message, "storing a reply", error) ||
      !exec (self, "COMMIT", "storing a reply", error))
    goto fail;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

static GPtrArray *
sqlite_list_messages (SokQueue    *queue,
                      const char  *report_id,
                      gboolean     mark_read,
                      GError     **error)
{
  SokQueueSqlite *self = SOK_QUEUE_SQLITE (queue);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_queue_message_free);
  int rc;

  if (mark_read)
    {
      g_autoptr (sqlite3_stmt) read = prepare (self, "UPDATE follow_ups SET unread = 0"
                                                     " WHERE report_id = ? AND unread", error);

      if (read == NULL)
        return NULL;
      sqlite3_bind_text (read, 1, report_id, -1, SQLITE_STATIC);
      if (!step_done (self, read, "marking a case read", error))
        return NULL;
    }

  stmt = prepare (self, "SELECT from_dsl, half_day, sealed, answer_id FROM messages"
                        " WHERE report_id = ? ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, report_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SokQueueMessage *m = g_new0 (SokQueueMessage, 1);

      m->from_dsl = sqlite3_column_int (stmt, 0) != 0;
      m->half_day = sqlite3_column_int64 (stmt, 1);
      m->sealed = dup_column_bytes (stmt, 2);
      m->answer_id = dup_column_text (stmt, 3);
      g_ptr_array_add (out, m);
    }
  if (rc != SQLITE_DONE)
    {
      set_error (self, rc, "reading a conversation", error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static gboolean
sqlite_expire_follow_ups (SokQueue    *queue,
                          const char  *today,
                          guint       *n_removed,
                          GError     **error)
{
  SokQueueSqlite *self = SOK_QUEUE_SQLITE (queue);
  g_autoptr (sqlite3_stmt) replies = NULL;
  g_autoptr (sqlite3_stmt) codes = NULL;

  /* secure_delete (set on opening) overwrites what is removed. */
  if (!exec (self, "BEGIN IMMEDIATE", "removing expired codes", error))
    return FALSE;
  replies = prepare (self, "DELETE FROM replies WHERE expires < ?", error);
  codes = replies ? prepare (self, "UPDATE follow_ups SET tag_mac = NULL"
                                   " WHERE expires < ? AND tag_mac IS NOT NULL", error) : NULL;
  if (codes == NULL)
    goto fail;
  sqlite3_bind_text (replies, 1, today, -1, SQLITE_STATIC);
  sqlite3_bind_text (codes, 1, today, -1, SQLITE_STATIC);
  if (!step_done (self, replies, "removing expired replies", error))
    goto fail;
  *n_removed = (guint)sqlite3_changes (self->db);
  if (!step_done (self, codes, "removing expired codes", error) ||
      !exec (self, "COMMIT", "removing expired codes", error))
    goto fail;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

/* Finds the closed cases closed before @closed_before, oldest first, with how many
 * of their audit entries still hold a detail. */
static GPtrArray *
find_retained (SokQueueSqlite  *self,
               gint64           closed_before,
               GError         **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_queue_retained_free);
  int rc;

  stmt = prepare (self,
                  "SELECT c.report_id, c.updated_at,"
                  "  (SELECT COUNT (*) FROM audit a WHERE a.report_id = c.report_id"
                  "     AND a.version = 2 AND a.detail IS NOT NULL)"
                  " FROM cases c WHERE c.status = 'closed' AND c.updated_at < ?"
                  " ORDER BY c.updated_at, c.report_id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, closed_before);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SokQueueRetained *item = g_new0 (SokQueueRetained, 1);

      item->report_id = dup_column_text (stmt, 0);
      item->closed_at = sqlite3_column_int64 (stmt, 1);
      item->n_entries = (guint)sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (out, item);
    }
  if (rc != SQLITE_DONE)
    {
      set_error (self, rc, "looking for old closed cases", error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* Removes one case: its audit entries' details (their tombstones keep the digest the
 * chain covers), its actions, its conversation (the DSL's replies and the child's
 * answers, which arrived as envelopes of their own), its signature check, and its
 * report. The kiosk-readable reply rows name no case and go when they expire. */
static gboolean
remove_case (SokQueueSqlite  *self,
             const char      *report_id,
             GError         **error)
{
  static const char * const statements[] = {
    "UPDATE audit SET detail = NULL WHERE report_id = ?1 AND version = 2"
    " AND detail IS NOT NULL",
    "DELETE FROM actions WHERE report_id = ?1",
    "DELETE FROM messages WHERE report_id = ?1",
    "DELETE FROM follow_ups WHERE report_id = ?1",
    "DELETE FROM sorted WHERE report_id = ?1",
    "DELETE FROM signature_checks WHERE report_id = ?1",
    "DELETE FROM cases WHERE report_id = ?1",
    "DELETE FROM envelopes WHERE report_id = ?1",
  };
  static const char * const answer_statements[] = {
    "DELETE FROM sorted WHERE report_id = ?1",
    "DELETE FROM signature_checks WHERE report_id = ?1",
    "DELETE FROM envelopes WHERE report_id = ?1",
  };
  g_autoptr (sqlite3_stmt) find = NULL;
  g_autoptr (GPtrArray) answers = g_ptr_array_new_with_free_func (g_free);
  int rc;

  /* The child's answers in this conversation (an answer that became a case of its
   * own is left to that case). */
  find = prepare (self, "SELECT m.answer_id FROM messages m WHERE m.report_id = ?1"
                        " AND m.answer_id IS NOT NULL AND NOT EXISTS"
                        " (SELECT 1 FROM cases c WHERE c.report_id = m.answer_id)", error);
  if (find == NULL)
    return FALSE;
  sqlite3_bind_text (find, 1, report_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (find)) == SQLITE_ROW)
    g_ptr_array_add (answers, dup_column_text (find, 0));
  if (rc != SQLITE_DONE)
    {
      set_error (self, rc, "removing an old case", error);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      g_autoptr (sqlite3_stmt) stmt = prepare (self, statements[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, report_id, -1, SQLITE_STATIC);
      if (!step_done (self, stmt, "removing an old case", error))
        return FALSE;
    }
  for (guint a = 0; a < answers->len; a++)
    for (guint i = 0; i < G_N_ELEMENTS (answer_statements); i++)
      {
        g_autoptr (sqlite3_stmt) stmt = prepare (self, answer_statements[i], error);

        if (stmt == NULL)
          return FALSE;
        sqlite3_bind_text (stmt, 1, g_ptr_array_index (answers, a), -1, SQLITE_STATIC);
        if (!step_done (self, stmt, "removing an old case", error))
          return FALSE;
      }
  return TRUE;
}

static GPtrArray *
sqlite_retain_cases (SokQueue        *queue,
                     guint            years,
                     gboolean         dry_run,
                     SokQueueRecord  *rec,
                     GError         **error)
{
  SokQueueSqlite *self = SOK_QUEUE_SQLITE (queue);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) cutoff = g_date_time_add_years (now, -(int)years);
  g_autoptr (GPtrArray) retained = NULL;
  g_autofree char *detail = NULL;

  if (!exec (self, dry_run ? "BEGIN" : "BEGIN IMMEDIATE", "removing old cases", error))
    return NULL;
  retained = find_retained (self, g_date_time_to_unix (cutoff) * G_USEC_PER_SEC, error);
  if (retained == NULL || dry_run || retained->len == 0)
    {
      rollback (self);
      return g_steal_pointer (&retained);
    }

  detail = sok_queue_dup_retention_detail (years, retained);
  rec->audit_detail = detail;
  if (!record_in_transaction (self, rec, error))
    goto fail;
  for (guint i = 0; i < retained->len; i++)
    {
      SokQueueRetained *item = g_ptr_array_index (retained, i);

      if (!remove_case (self, item->report_id, error))
        goto fail;
    }
  if (!exec (self, "COMMIT", "removing old cases", error))
    goto fail;
  rec->audit_detail = NULL;
  /* secure_delete overwrote the rows in the file; their old pages may still sit in
   * the write-ahead log until it is checkpointed. */
  sqlite3_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  return g_steal_pointer (&retained);

fail:
  rec->audit_detail = NULL;
  rollback (self);
  return NULL;
}

static void
sok_queue_sqlite_class_init (SokQueueSqliteClass *klass)
{
  SokQueueClass *queue_class = SOK_QUEUE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = sok_queue_sqlite_finalize;
  queue_class->deliver = sqlite_deliver;
  queue_class->list_cases = sqlite_list_cases;
  queue_class->key_changed = sqlite_key_changed;
  queue_class->list_actions = sqlite_list_actions;
  queue_class->list_audit = sqlite_list_audit;
  queue_class->record = sqlite_record;
  queue_class->listen = sqlite_listen;
  queue_class->take_news = sqlite_take_news;
  queue_class->register_kiosk = sqlite_register_kiosk;
  queue_class->list_kiosks = sqlite_list_kiosks;
  queue_class->decide_kiosk = sqlite_decide_kiosk;
  queue_class->list_signature_checks = sqlite_list_signature_checks;
  queue_class->add_signature_check = sqlite_add_signature_check;
  queue_class->list_replies = sqlite_list_replies;
  queue_class->list_unsorted = sqlite_list_unsorted;
  queue_class->sort_envelope = sqlite_sort_envelope;
  queue_class->get_follow_up = sqlite_get_follow_up;
  queue_class->add_reply = sqlite_add_reply;
  queue_class->list_messages = sqlite_list_messages;
  queue_class->expire_follow_ups = sqlite_expire_follow_ups;
  queue_class->retain_cases = sqlite_retain_cases;
  queue_class->ping = sqlite_ping;
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
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    {
      if (error && *error == NULL)
        set_error (self, sqlite3_errcode (self->db), "setting up the queue", error);
      rollback (self);
      return FALSE;
    }
  version = sqlite3_column_int (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (version == QUEUE_SCHEMA_VERSION)
    {
      rollback (self);
      return FALSE;
    }

  for (int v = version + 1; v <= QUEUE_SCHEMA_VERSION; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", v);

      if (!exec (self, migrations[v - 1], "setting up the queue", error) ||
          !exec (self, set_version, "setting up the queue", error))
        {
          rollback (self);
          return FALSE;
        }
    }
  if (!exec (self, "COMMIT", "setting up the queue", error))
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

  /* Deleted or overwritten content (a note sealed in place of its old text) is
   * overwritten in the file, not left in free pages. */
  if (!exec (self, "PRAGMA journal_mode = WAL", "opening the queue", error) ||
      !exec (self, "PRAGMA secure_delete = ON", "opening the queue", error) ||
      !exec (self, "PRAGMA synchronous = FULL", "opening the queue", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", "opening the queue", error) ||
      !ensure_schema (self, error))
    return NULL;

  return SOK_QUEUE (g_steal_pointer (&self));
}
