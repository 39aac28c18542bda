/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-queue"

#include "config.h"

#include <fcntl.h>
#include <glib-unix.h>
#include <libpq-fe.h>
#include <string.h>
#include <unistd.h>

#include "sok-queue.h"

/* The queue for many kiosks and schools: a PostgreSQL server set up with
 * data/sql/postgresql-setup.sql. The connection string goes to libpq unchanged, so
 * TLS settings in it (sslmode, sslrootcert, …) are honoured; it is never logged, and
 * every message names the server by host and port only.
 *
 * libpq waits for ever by default on a server that accepts the connection and never
 * answers (a hung machine, a firewall that swallows packets). Every connection made
 * here therefore gets connect_timeout, unless the connection string sets its own. */

/* Seconds; libpq applies it to each address it tries in turn. */
#define DEFAULT_CONNECT_TIMEOUT "5"

struct _SokQueuePg
{
  SokQueue  parent_instance;

  char     *uri;        /* with the password: only ever given to libpq */
  char     *password;   /* to scrub from any server message */
  gboolean  has_connect_timeout;  /* the connection string sets its own */
  SokQueueRole role;
  PGconn   *conn;
  struct _Poller *poller;  /* the watch's, when a console watches for news */
};

#define SOK_TYPE_QUEUE_PG (sok_queue_pg_get_type ())
G_DECLARE_FINAL_TYPE (SokQueuePg, sok_queue_pg, SOK, QUEUE_PG, SokQueue)
G_DEFINE_FINAL_TYPE (SokQueuePg, sok_queue_pg, SOK_TYPE_QUEUE)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

static void poller_stop (struct _Poller *poller);

static void
sok_queue_pg_finalize (GObject *object)
{
  SokQueuePg *self = (SokQueuePg *)object;

  g_clear_pointer (&self->poller, poller_stop);
  g_clear_pointer (&self->conn, PQfinish);
  if (self->uri)
    memset (self->uri, 0, strlen (self->uri));
  g_clear_pointer (&self->uri, g_free);
  if (self->password)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);

  G_OBJECT_CLASS (sok_queue_pg_parent_class)->finalize (object);
}

/* A server message, on one line, with the password (should libpq ever echo it)
 * replaced by ***. */
static char *
scrub (SokQueuePg *self,
       const char *message)
{
  g_autofree char *text = g_strstrip (g_strdup (message ? message : ""));

  g_strdelimit (text, "\n", ' ');
  if (self->password && *self->password && strstr (text, self->password))
    {
      g_auto (GStrv) parts = g_strsplit (text, self->password, -1);
      return g_strjoinv ("***", parts);
    }
  return g_steal_pointer (&text);
}

static char *
where (SokQueuePg *self)
{
  const char *host = self->conn ? PQhost (self->conn) : NULL;
  const char *port = self->conn ? PQport (self->conn) : NULL;

  if (host == NULL || *host == '\0')
    host = "localhost";
  if (port == NULL || *port == '\0')
    port = "5432";
  return g_strdup_printf ("%s:%s", host, port);
}

/* The connect_timeout the connection was made with: the default or the string's own. */
static char *
dup_connect_timeout (SokQueuePg *self)
{
  PQconninfoOption *options = self->conn ? PQconninfo (self->conn) : NULL;
  char *timeout = NULL;

  for (PQconninfoOption *o = options; o && o->keyword; o++)
    if (g_str_equal (o->keyword, "connect_timeout") && o->val && *o->val)
      timeout = g_strdup (o->val);
  PQconninfoFree (options);
  return timeout;
}

/* What a kiosk's staff are told after every failure: nothing a child sent is lost.
 * The DSL's console and sokctl's queue commands hold no reports, so they are not. */
static const char *
reports_wait (SokQueuePg *self)
{
  return self->role == SOK_QUEUE_ROLE_KIOSK ? " — reports wait safely on this kiosk" : "";
}

/* Turns a failed connection into a message a person can act on. */
static void
set_connection_error (SokQueuePg  *self,
                      GError     **error)
{
  g_autofree char *detail = scrub (self, PQerrorMessage (self->conn));
  g_autofree char *at = where (self);
  g_autofree char *timeout = NULL;
  const char *wait = reports_wait (self);

  if (strstr (detail, "timeout expired") && (timeout = dup_connect_timeout (self)) != NULL)
    g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_UNREACHABLE,
                 "The DSL queue at %s did not answer within %s seconds; check that the "
                 "server is running and that the network reaches it%s (%s)",
                 at, timeout, wait, detail);
  else if (strstr (detail, "password authentication failed") ||
      strstr (detail, "no password supplied") ||
      strstr (detail, "role \"") ||
      strstr (detail, "pg_hba.conf"))
    g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_AUTH,
                 "The DSL queue at %s refused %s login (%s); check the user name "
                 "and password in the queue setting%s",
                 at, self->role == SOK_QUEUE_ROLE_KIOSK ? "this kiosk's" : "the", detail, wait);
  else if (strstr (detail, "does not exist"))
    g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_SCHEMA,
                 "The DSL queue at %s has no such database (%s); check the database name "
                 "in the queue setting%s", at, detail, wait);
  else if (strstr (detail, "SSL") || strstr (detail, "certificate"))
    g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_UNREACHABLE,
                 "Could not make a secure connection to the DSL queue at %s (%s); check "
                 "the TLS settings%s", at, detail, wait);
  else
    g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_UNREACHABLE,
                 "Could not reach the DSL queue at %s%s (%s)", at, wait, detail);
}

static gboolean
ensure_connected (SokQueuePg  *self,
                  GError     **error)
{
  if (self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;

  g_clear_pointer (&self->conn, PQfinish);
  if (self->has_connect_timeout)
    self->conn = PQconnectdb (self->uri);
  else
    {
      /* The whole string is expanded as dbname; a later keyword wins over it. */
      const char * const keywords[] = { "dbname", "connect_timeout", NULL };
      const char * const values[] = { self->uri, DEFAULT_CONNECT_TIMEOUT, NULL };

      self->conn = PQconnectdbParams (keywords, values, 1);
    }
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      set_connection_error (self, error);
      /* Keep the failed connection for its host and port until the next try. */
      return FALSE;
    }
  return TRUE;
}

/* Checks a result; on failure sets an error by SQLSTATE and returns FALSE. */
static gboolean
check_result (SokQueuePg  *self,
              PGresult    *res,
              const char  *doing,
              GError     **error)
{
  ExecStatusType status = res ? PQresultStatus (res) : PGRES_FATAL_ERROR;
  const char *state;
  g_autofree char *detail = NULL;
  g_autofree char *at = NULL;

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return TRUE;

  state = res ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  detail = scrub (self, res ? PQresultErrorMessage (res) : PQerrorMessage (self->conn));
  if (*detail == '\0')
    {
      g_free (detail);
      detail = scrub (self, PQerrorMessage (self->conn));
    }
  at = where (self);

  if (PQstatus (self->conn) != CONNECTION_OK || state == NULL ||
      g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57P"))
    g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_UNREACHABLE,
                 "Could not reach the DSL queue at %s while %s%s (%s)", at, doing,
                 reports_wait (self), detail);
  else if (g_str_equal (state, "42501"))
    g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_PERMISSION,
                 "The DSL queue at %s refused %s: this role is not allowed to (%s); "
                 "check that it is in the right group (sok_kiosk or sok_dsl)", at, doing, detail);
  else if (g_str_equal (state, "42P01") || g_str_equal (state, "3F000"))
    g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_SCHEMA,
                 "The DSL queue at %s is not set up (%s); run data/sql/postgresql-setup.sql "
                 "in its database", at, detail);
  else
    g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_FAILED,
                 "The DSL queue at %s failed while %s: %s", at, doing, detail);
  return FALSE;
}

static PGresult *
exec_params (SokQueuePg          *self,
             const char          *sql,
             int                  n,
             const char * const  *values,
             const int           *lengths,
             const int           *formats,
             const char          *doing,
             GError             **error)
{
  PGresult *res;

  res = PQexecParams (self->conn, sql, n, NULL, values, lengths, formats, 0);
  if (!check_result (self, res, doing, error))
    {
      PQclear (res);
      return NULL;
    }
  return res;
}

static gboolean
exec_simple (SokQueuePg  *self,
             const char  *sql,
             const char  *doing,
             GError     **error)
{
  g_autoptr (PGresult) res = exec_params (self, sql, 0, NULL, NULL, NULL, doing, error);

  return res != NULL;
}

static void
rollback (SokQueuePg *self)
{
  if (self->conn && PQtransactionStatus (self->conn) != PQTRANS_IDLE &&
      PQstatus (self->conn) == CONNECTION_OK)
    PQclear (PQexec (self->conn, "ROLLBACK"));
}

static gboolean
pg_deliver (SokQueue                *queue,
            const SokQueueEnvelope  *envelopes,
            guint                    n,
            guint                   *n_new,
            GError                 **error)
{
  SokQueuePg *self = SOK_QUEUE_PG (queue);
  g_autoptr (GString) sql = g_string_new ("INSERT INTO sok.envelopes (report_id, urgent, sealed) VALUES ");
  g_autofree const char **values = g_new0 (const char *, 3 * n);
  g_autofree int *lengths = g_new0 (int, 3 * n);
  g_autofree int *formats = g_new0 (int, 3 * n);
  g_autoptr (PGresult) res = NULL;

  if (!ensure_connected (self, error))
    return FALSE;

  /* The kiosk's id is not sent: the queue takes it from the login (DEFAULT
   * session_user, checked by a trigger), so no kiosk can deliver as another. */
  for (guint i = 0; i < n; i++)
    {
      gsize size;

      g_string_append_printf (sql, "%s($%u, $%u, $%u)", i ? ", " : "",
                              3 * i + 1, 3 * i + 2, 3 * i + 3);
      values[3 * i] = envelopes[i].report_id;
      values[3 * i + 1] = envelopes[i].urgent ? "t" : "f";
      values[3 * i + 2] = g_bytes_get_data (envelopes[i].sealed, &size);
      lengths[3 * i + 2] = (int)size;
      formats[3 * i + 2] = 1;
    }
  /* The kiosk's role may not SELECT. Naming a conflict target would need SELECT on
   * it; a bare DO NOTHING needs INSERT only, and the only unique key is report_id. */
  g_string_append (sql, " ON CONFLICT DO NOTHING");

  /* One statement is one transaction: PQexecParams returns after the commit. */
  res = PQexecParams (self->conn, sql->str, (int)(3 * n), NULL, values, lengths, formats, 0);
  if (!check_result (self, res, "delivering reports", error))
    return FALSE;

  *n_new = (guint)g_ascii_strtoull (PQcmdTuples (res), NULL, 10);
  return TRUE;
}

static char *
dup_value (PGresult *res,
           int       row,
           int       col)
{
  return PQgetisnull (res, row, col) ? NULL : g_strdup (PQgetvalue (res, row, col));
}

static gint64
int_value (PGresult *res,
           int       row,
           int       col)
{
  return PQgetisnull (res, row, col) ? 0 : g_ascii_strtoll (PQgetvalue (res, row, col), NULL, 10);
}

static GPtrArray *
pg_list_cases (SokQueue    *queue,
               const char  *report_id,
               GError     **error)
{
  SokQueuePg *self = SOK_QUEUE_PG (queue);
  g_autoptr (PGresult) res = NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_queue_case_free);
  const char *values[] = { report_id };

  if (!ensure_connected (self, error))
    return NULL;

  res = exec_params (self,
                     "SELECT e.report_id, e.kiosk_id, e.urgent OR COALESCE (f.urgent, false),"
                     "  e.received_at, COALESCE (c.status, 'new'), c.outcome,"
                     "  (SELECT a.kind FROM sok.actions a WHERE a.report_id = e.report_id"
                     "   ORDER BY a.at DESC, a.id DESC LIMIT 1),"
                     "  (SELECT MAX (a.at) FROM sok.actions a WHERE a.report_id = e.report_id),"
                     "  COALESCE (f.unread, false)"
                     " FROM sok.envelopes e LEFT JOIN sok.cases c ON c.report_id = e.report_id"
                     "  LEFT JOIN sok.follow_ups f ON f.report_id = e.report_id"
                     /* A child's answer is shown in its case, not as a case in the list (it can
                   * still be opened by its id). */
                     " WHERE ($1::text IS NULL OR e.report_id = $1::text)"
                     "  AND ($1::text IS NOT NULL OR NOT EXISTS (SELECT 1 FROM sok.sorted s"
                     "       WHERE s.report_id = e.report_id AND s.answer))"
                     " ORDER BY 3 DESC, e.received_at DESC, e.report_id",
                     1, values, NULL, NULL, "listing reports", error);
  if (res == NULL)
    return NULL;

  for (int r = 0; r < PQntuples (res); r++)
    {
      SokQueueCase *item = g_new0 (SokQueueCase, 1);
      SokCaseStatus status = SOK_CASE_STATUS_NEW;

      item->report_id = dup_value (res, r, 0);
      item->kiosk_id = dup_value (res, r, 1);
      item->urgent = g_str_equal (PQgetvalue (res, r, 2), "t");
      item->received_at = int_value (res, r, 3);
      sok_case_status_from_string (PQgetvalue (res, r, 4), &status);
      item->status = status;
      item->outcome = dup_value (res, r, 5);
      item->last_action = dup_value (res, r, 6);
      item->last_action_at = int_value (res, r, 7);
      item->unread = g_str_equal (PQgetvalue (res, r, 8), "t");
      g_ptr_array_add (out, item);
    }

  return g_steal_pointer (&out);
}

static GPtrArray *
pg_list_actions (SokQueue    *queue,
                 const char  *report_id,
                 GError     **error)
{
  SokQueuePg *self = SOK_QUEUE_PG (queue);
  g_autoptr (PGresult) res = NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_queue_action_free);
  const char *values[] = { report_id };

  if (!ensure_connected (self, error))
    return NULL;

  res = exec_params (self,
                     "SELECT id, report_id, kind, by_name, at, note, reason, login, audit_id, mac"
                     " FROM sok.actions WHERE $1::text IS NULL OR report_id = $1::text"
                     " ORDER BY at, id",
                     1, values, NULL, NULL, "listing actions", error);
  if (res == NULL)
    return NULL;

  for (int r = 0; r < PQntuples (res); r++)
    {
      SokQueueAction *a = g_new0 (SokQueueAction, 1);

      a->id = int_value (res, r, 0);
      a->report_id = dup_value (res, r, 1);
      a->kind = dup_value (res, r, 2);
      a->by = dup_value (res, r, 3);
      a->at = int_value (res, r, 4);
      a->note = dup_value (res, r, 5);
      a->reason = dup_value (res, r, 6);
      a->login = dup_value (res, r, 7);
      a->audit_id = int_value (res, r, 8);
      a->mac = dup_value (res, r, 9);
      g_ptr_array_add (out, a);
    }
  return g_steal_pointer (&out);
}

static GPtrArray *
pg_list_audit (SokQueue    *queue,
               const char  *report_id,
               gint64      *head_id,
               char       **head_hash,
               GError     **error)
{
  SokQueuePg *self = SOK_QUEUE_PG (queue);
  g_autoptr (PGresult) head = NULL;
  g_autoptr (PGresult) res = NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_audit_entry_free);
  const char *values[] = { report_id };

  if (!ensure_connected (self, error))
    return NULL;

  /* One snapshot, so the head matches the entries. */
  if (!exec_simple (self, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                    "reading the audit log", error))
    return NULL;

  head = exec_params (self, "SELECT last_id, last_hash FROM sok.audit_head WHERE id = 1",
                      0, NULL, NULL, NULL, "reading the audit log", error);
  if (head == NULL)
    {
      rollback (self);
      return NULL;
    }
  if (PQntuples (head) > 0)
    {
      *head_id = int_value (head, 0, 0);
      *head_hash = dup_value (head, 0, 1);
    }

  res = exec_params (self,
                     "SELECT a.id, a.at, a.actor, a.action, a.report_id, a.detail, a.prev_hash,"
                     "  a.hash, a.version, a.login, a.detail_digest, m.mac"
                     " FROM sok.audit a LEFT JOIN sok.audit_mac m ON m.id = a.id"
                     " WHERE $1::text IS NULL OR a.report_id = $1::text ORDER BY a.id",
                     1, values, NULL, NULL, "reading the audit log", error);
  rollback (self);
  if (res == NULL)
    return NULL;

  for (int r = 0; r < PQntuples (res); r++)
    {
      SokAuditEntry *e = g_new0 (SokAuditEntry, 1);

      e->id = int_value (res, r, 0);
      e->at = int_value (res, r, 1);
      e->actor = dup_value (res, r, 2);
      e->action = dup_value (res, r, 3);
      e->report_id = dup_value (res, r, 4);
      e->detail = dup_value (res, r, 5);
      e->prev_hash = dup_value (res, r, 6);
      e->hash = dup_value (res, r, 7);
      e->version = (int)int_value (res, r, 8);
      e->login = dup_value (res, r, 9);
      e->detail_digest = dup_value (res, r, 10);
      e->mac = dup_value (res, r, 11);
      /* A removed detail leaves its digest as a tombstone. */
      if (e->detail == NULL)
        {
          e->detail_matches = TRUE;
          e->detail_removed = e->version >= 2 && e->detail_digest != NULL;
        }
      else
        {
          g_autofree char *digest = sok_audit_dup_digest (e->detail, strlen (e->detail));

          e->detail_matches = g_strcmp0 (digest, e->detail_digest) == 0;
        }
      g_ptr_array_add (out, e);
    }
  return g_steal_pointer (&out);
}

/* The entry as the server stamped it: the columns sok.record and sok.open_report
 * return, in their order. */
static SokAuditEntry *
stamped_entry (PGresult *res)
{
  SokAuditEntry *e = g_new0 (SokAuditEntry, 1);

  e->version = 2;
  e->id = int_value (res, 0, 0);
  e->at = int_value (res, 0, 1);
  e->login = dup_value (res, 0, 2);
  e->actor = dup_value (res, 0, 3);
  e->action = dup_value (res, 0, 4);
  e->report_id = dup_value (res, 0, 5);
  e->detail_digest = dup_value (res, 0, 6);
  e->prev_hash = dup_value (res, 0, 7);
  e->hash = dup_value (res, 0, 8);
  e->detail_matches = TRUE;
  return e;
}

/* The server stamps who and when and chains the entry; we check it is the entry we
 * asked for, MAC it with the DSL key, and hand the MAC back in the same transaction. */
static gboolean
record_in_transaction (SokQueuePg      *self,
                       SokQueueRecord  *rec,
                       GError         **error)
{
  g_autoptr (PGresult) res = NULL;
  g_autoptr (PGresult) signed_res = NULL;
  g_autoptr (SokAuditEntry) entry = NULL;
  g_autoptr (SokQueueAction) action = NULL;
  g_autofree char *want_digest = NULL;
  g_autofree char *id_text = NULL;

  if (rec->read_sealed)
    {
      const char *values[] = { rec->report_id, rec->actor, rec->audit_detail };

      res = exec_params (self, "SELECT * FROM sok.open_report ($1, $2, $3)",
                         3, values, NULL, NULL, "reading a report", error);
    }
  else
    {
      const char *values[] = { rec->report_id, rec->actor, rec->audit_action, rec->audit_detail,
                               rec->action_kind, rec->note, rec->reason,
                               rec->new_status >= 0 ? sok_case_status_to_string (rec->new_status) : NULL,
                               rec->outcome };

      res = exec_params (self, "SELECT * FROM sok.record ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                         9, values, NULL, NULL, "recording on a case", error);
    }
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) != 1)
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_NOT_FOUND,
                   "There is no report “%s” in the DSL queue", rec->report_id);
      return FALSE;
    }

  entry = stamped_entry (res);
  if (rec->audit_detail != NULL)
    want_digest = sok_audit_dup_digest (rec->audit_detail, strlen (rec->audit_detail));
  if (g_strcmp0 (want_digest, entry->detail_digest) != 0)
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID,
                   "The DSL queue returned an audit entry that is not the one asked for; "
                   "nothing was recorded");
      return FALSE;
    }
  if (!sok_queue_mac_entry (SOK_QUEUE (self), entry, rec, error))
    return FALSE;

  if (rec->read_sealed)
    {
      size_t len = 0;
      guchar *raw = PQunescapeBytea ((const guchar *)PQgetvalue (res, 0, 9), &len);

      if (raw == NULL)
        {
          g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_FAILED,
                       "Not enough memory to read a report");
          return FALSE;
        }
      rec->sealed = g_bytes_new (raw, len);
      PQfreemem (raw);
      if (rec->check != NULL && !rec->check (rec->sealed, rec->check_data, error))
        return FALSE;
    }

  /* The action's own MAC covers its note and reason, which the chain does not. */
  if (rec->action_kind != NULL)
    {
      action = g_new0 (SokQueueAction, 1);
      action->report_id = g_strdup (rec->report_id);
      action->kind = g_strdup (rec->action_kind);
      action->by = g_strdup (rec->actor);
      action->login = g_strdup (entry->login);
      action->at = entry->at;
      action->note = g_strdup (rec->note);
      action->reason = g_strdup (rec->reason);
      action->audit_id = entry->id;
      if (!sok_queue_mac_action (SOK_QUEUE (self), action, error))
        return FALSE;
    }

  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, entry->id);
  {
    const char *values[] = { id_text, entry->mac, action ? action->mac : NULL };

    signed_res = exec_params (self, "SELECT sok.sign_audit ($1, $2, $3)", 3, values, NULL, NULL,
                              "signing the audit log", error);
  }
  return signed_res != NULL;
}

static gboolean
pg_record (SokQueue        *queue,
           SokQueueRecord  *rec,
           GError         **error)
{
  SokQueuePg *self = SOK_QUEUE_PG (queue);

  if (!ensure_connected (self, error) ||
      !exec_simple (self, "BEGIN", "recording on a case", error))
    return FALSE;
  if (!record_in_transaction (self, rec, error) ||
      !exec_simple (self, "COMMIT", "recording on a case", error))
    {
      rollback (self);
      return FALSE;
    }
  return TRUE;
}

/* Retention. The cases are found by the DSL's role, which may read the case list and
 * the log; each is removed by sok.remove_closed_case, which checks on the server's
 * clock that it was closed more than @years ago and that this transaction has just
 * written the retention entry naming it, and which alone may reduce audit entries to
 * tombstones (schema version 6). */
static GPtrArray *
pg_retain_cases (SokQueue        *queue,
                 guint            years,
                 gboolean         dry_run,
                 SokQueueRecord  *rec,
                 GError         **error)
{
  SokQueuePg *self = SOK_QUEUE_PG (queue);
  g_autoptr (PGresult) res = NULL;
  g_autoptr (GPtrArray) retained = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_queue_retained_free);
  g_autofree char *years_text = g_strdup_printf ("%u", years);
  g_autofree char *detail = NULL;
  const char *values[] = { years_text };

  if (!ensure_connected (self, error) ||
      !exec_simple (self, dry_run ? "BEGIN READ ONLY" : "BEGIN", "removing old cases", error))
    return NULL;

  res = exec_params (self,
                     "SELECT c.report_id, c.updated_at,"
                     "  (SELECT count (*) FROM sok.audit a WHERE a.report_id = c.report_id"
                     "     AND a.version = 2 AND a.detail IS NOT NULL)"
                     " FROM sok.cases c WHERE c.status = 'closed' AND c.updated_at <"
                     "  (extract (epoch FROM clock_timestamp () - make_interval (years => $1::integer))"
                     "   * 1000000)::bigint"
                     " ORDER BY c.updated_at, c.report_id",
                     1, values, NULL, NULL, "looking for old closed cases", error);
  if (res == NULL)
    goto fail;
  for (int r = 0; r < PQntuples (res); r++)
    {
      SokQueueRetained *item = g_new0 (SokQueueRetained, 1);

      item->report_id = dup_value (res, r, 0);
      item->closed_at = int_value (res, r, 1);
      item->n_entries = (guint)int_value (res, r, 2);
      g_ptr_array_add (retained, item);
    }
  if (dry_run || retained->len == 0)
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
      const char *remove_values[] = { item->report_id, years_text };
      g_autoptr (PGresult) removed = NULL;

      removed = exec_params (self, "SELECT sok.remove_closed_case ($1, $2::integer)", 2,
                             remove_values, NULL, NULL, "removing an old case", error);
      if (removed == NULL)
        goto fail;
    }
  if (!exec_simple (self, "COMMIT", "removing old cases", error))
    goto fail;
  rec->audit_detail = NULL;
  return g_steal_pointer (&retained);

fail:
  rec->audit_detail = NULL;
  rollback (self);
  return NULL;
}

/* News for DSL consoles. PostgreSQL has no privilege for LISTEN, so a kiosk login
 * could hear any NOTIFY, and a trigger's channel name is readable by every login in
 * pg_proc: the queue sends none. Instead a thread of the watch's own asks, on a
 * connection of its own, how many envelopes there are (which only sok_dsl may read)
 * every POLL_MS, and writes a byte to a pipe when the count changes; the watch's
 * source reads that pipe on the main loop, which never waits for the server. */

#define POLL_MS 500

typedef struct _Poller
{
  gatomicrefcount  ref;
  char            *uri;
  int              pipe[2];  /* [0] is read by the watch, [1] written by the thread */
  GMutex           lock;
  GCond            cond;
  gboolean         stopping;
} Poller;

static void
poller_unref (Poller *poller)
{
  if (!g_atomic_ref_count_dec (&poller->ref))
    return;
  memset (poller->uri, 0, strlen (poller->uri));
  g_free (poller->uri);
  close (poller->pipe[0]);
  close (poller->pipe[1]);
  g_mutex_clear (&poller->lock);
  g_cond_clear (&poller->cond);
  g_free (poller);
}

/* Sleeps @ms, or less when stopped; returns FALSE once stopped. */
static gboolean
poller_sleep (Poller *poller,
              guint   ms)
{
  gint64 until = g_get_monotonic_time () + ms * (G_USEC_PER_SEC / 1000);
  gboolean going;

  g_mutex_lock (&poller->lock);
  while (!poller->stopping && g_cond_wait_until (&poller->cond, &poller->lock, until))
    ;
  going = !poller->stopping;
  g_mutex_unlock (&poller->lock);
  return going;
}

static gpointer
poller_thread (gpointer data)
{
  Poller *poller = data;
  g_autoptr (SokQueuePg) queue = NULL;
  gint64 last = -1;
  guint wait = 0;

  while (poller_sleep (poller, wait))
    {
      g_autoptr (PGresult) res = NULL;
      g_autoptr (GError) error = NULL;
      gint64 count;

      /* A server that is down is asked again every few seconds, not twice a second. */
      wait = 5000;
      if (queue == NULL &&
          (queue = (SokQueuePg *)sok_queue_pg_new (poller->uri, SOK_QUEUE_ROLE_DSL, &error)) == NULL)
        {
          g_debug ("Watching the DSL queue for new reports: %s", error->message);
          continue;
        }
      if (!ensure_connected (queue, &error) ||
          (res = exec_params (queue, "SELECT count (report_id) FROM sok.envelopes", 0, NULL,
                              NULL, NULL, "looking for new reports", &error)) == NULL)
        {
          g_debug ("Watching the DSL queue for new reports: %s", error->message);
          continue;
        }
      wait = POLL_MS;
      count = int_value (res, 0, 0);
      if (last >= 0 && count != last)
        {
          const char byte = 1;

          if (write (poller->pipe[1], &byte, 1) < 0)
            g_debug ("Could not tell the console of new reports: %s", g_strerror (errno));
        }
      last = count;
    }

  poller_unref (poller);
  return NULL;
}

static void
poller_stop (Poller *poller)
{
  g_mutex_lock (&poller->lock);
  poller->stopping = TRUE;
  g_cond_signal (&poller->cond);
  g_mutex_unlock (&poller->lock);
  poller_unref (poller);
}

static int
pg_listen (SokQueue  *queue,
           GError   **error)
{
  SokQueuePg *self = SOK_QUEUE_PG (queue);
  g_autoptr (GError) local_error = NULL;
  Poller *poller;

  if (self->poller != NULL)
    return self->poller->pipe[0];

  poller = g_new0 (Poller, 1);
  if (!g_unix_open_pipe (poller->pipe, FD_CLOEXEC, &local_error) ||
      !g_unix_set_fd_nonblocking (poller->pipe[0], TRUE, &local_error) ||
      !g_unix_set_fd_nonblocking (poller->pipe[1], TRUE, &local_error))
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_FAILED,
                   "Could not watch the DSL queue for new reports: %s", local_error->message);
      if (poller->pipe[0] > 0)
        {
          close (poller->pipe[0]);
          close (poller->pipe[1]);
        }
      g_free (poller);
      return -2;
    }
  g_atomic_ref_count_init (&poller->ref);
  g_mutex_init (&poller->lock);
  g_cond_init (&poller->cond);
  poller->uri = g_strdup (self->uri);
  self->poller = poller;

  /* The thread holds its own reference; it lets go when stopped, at the latest after
   * one connect_timeout. */
  g_atomic_ref_count_inc (&poller->ref);
  g_thread_unref (g_thread_new ("sok-queue-watch", poller_thread, poller));
  return poller->pipe[0];
}

static gboolean
pg_take_news (SokQueue *queue)
{
  SokQueuePg *self = SOK_QUEUE_PG (queue);
  gboolean news = FALSE;
  char bytes[64];
  ssize_t n;

  if (self->poller == NULL)
    return FALSE;
  while ((n = read (self->poller->pipe[0], bytes, sizeof bytes)) > 0)
    news = TRUE;
  return news;
}

static gboolean
pg_register_kiosk (SokQueue    *queue,
                   const char  *kiosk_id,
                   const char  *public_key,
                   GError     **error)
{
  SokQueuePg *self = SOK_QUEUE_PG (queue);
  const char *values[] = { public_key };
  g_autoptr (PGresult) res = NULL;

  if (!ensure_connected (self, error))
    return FALSE;

  /* As for envelopes, the name is the login's and the state starts as pending: a
   * kiosk may insert only the key itself. */
  res = exec_params (self, "INSERT INTO sok.kiosks (public_key) VALUES ($1) ON CONFLICT DO NOTHING",
                     1, values, NULL, NULL, "enrolling this kiosk", error);
  return res != NULL;
}

static GPtrArray *
pg_list_kiosks (SokQueue  *queue,
                GError   **error)
{
  SokQueuePg *self = SOK_QUEUE_PG (queue);
  g_autoptr (PGresult) res = NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_queue_kiosk_free);

  if (!ensure_connected (self, error))
    return NULL;

  res = exec_params (self,
                     "SELECT public_key, kiosk_id, state, enrolled_at, approved_at, approved_by,"
                     "  revoked_at, revoked_by, mac FROM sok.kiosks ORDER BY enrolled_at, public_key",
                     0, NULL, NULL, NULL, "listing kiosks", error);
  if (res == NULL)
    return NULL;

  for (int r = 0; r < PQntuples (res); r++)
    {
      SokQueueKiosk *k = g_new0 (SokQueueKiosk, 1);

      k->public_key = dup_value (res, r, 0);
      k->kiosk_id = dup_value (res, r, 1);
      k->state = dup_value (res, r, 2);
      k->enrolled_at = int_value (res, r, 3);
      k->approved_at = int_value (res, r, 4);
      k->approved_by = dup_value (res, r, 5);
      k->revoked_at = int_value (res, r, 6);
      k->revoked_by = dup_value (res, r, 7);
      k->mac = dup_value (res, r, 8);
      g_ptr_array_add (out, k);
    }
  return g_steal_pointer (&out);
}

/* The server stamps who and when on the kiosk's row and on the audit entry
 * (sok.decide_kiosk); we check they are what we asked for, MAC both with the DSL key
 * and hand the MACs back in the same transaction (sok.sign_kiosk, sok.sign_audit),
 * which take a MAC only for the row and entry this transaction has just stamped. */
static gboolean
decide_in_transaction (SokQueuePg        *self,
                       SokQueueDecision  *decision,
                       GError           **error)
{
  SokQueueKiosk *k = decision->kiosk;
  SokQueueRecord rec = { 0 };
  gboolean keep_approval = k->approved_at > 0;
  const char *values[] = { k->public_key, decision->actor, k->state,
                           keep_approval ? "true" : "false", decision->audit_detail };
  g_autoptr (PGresult) res = NULL;
  g_autoptr (PGresult) signed_res = NULL;
  g_autoptr (SokAuditEntry) entry = NULL;
  g_autofree char *want_digest = NULL;
  g_autofree char *id_text = NULL;

  res = exec_params (self, "SELECT * FROM sok.decide_kiosk ($1, $2, $3, $4, $5)",
                     5, values, NULL, NULL, "recording a decision on a kiosk", error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) != 1)
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_NOT_FOUND,
                   "The DSL queue has no kiosk with that key");
      return FALSE;
    }

  entry = stamped_entry (res);
  rec.actor = decision->actor;
  rec.audit_action = decision->audit_action;
  if (decision->audit_detail != NULL)
    want_digest = sok_audit_dup_digest (decision->audit_detail, strlen (decision->audit_detail));
  if (g_strcmp0 (want_digest, entry->detail_digest) != 0 ||
      !sok_queue_mac_entry (SOK_QUEUE (self), entry, &rec, error))
    {
      g_clear_error (error);
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID,
                   "The DSL queue returned an audit entry that is not the one asked for; "
                   "nothing was recorded");
      return FALSE;
    }

  /* The row as the server stamped it: the MAC covers exactly that. */
  g_free (k->kiosk_id);
  k->kiosk_id = dup_value (res, 0, 9);
  k->enrolled_at = int_value (res, 0, 10);
  k->approved_at = int_value (res, 0, 11);
  g_free (k->approved_by);
  k->approved_by = dup_value (res, 0, 12);
  k->revoked_at = int_value (res, 0, 13);
  g_free (k->revoked_by);
  k->revoked_by = dup_value (res, 0, 14);
  if (g_strcmp0 (g_str_equal (k->state, "approved") ? k->approved_by : k->revoked_by,
                 decision->actor) != 0 ||
      (!keep_approval && g_str_equal (k->state, "revoked") && k->approved_at != 0))
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID,
                   "The DSL queue stored a decision on the kiosk other than the one asked "
                   "for; nothing was recorded");
      return FALSE;
    }
  g_free (k->mac);
  k->mac = decision->mac (k, decision->mac_data);

  {
    const char *sign_values[] = { k->public_key, k->mac };

    g_clear_pointer (&signed_res, PQclear);
    signed_res = exec_params (self, "SELECT sok.sign_kiosk ($1, $2)", 2, sign_values, NULL,
                              NULL, "signing a decision on a kiosk", error);
    if (signed_res == NULL)
      return FALSE;
  }

  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, entry->id);
  {
    const char *sign_values[] = { id_text, entry->mac, NULL };

    g_clear_pointer (&signed_res, PQclear);
    signed_res = exec_params (self, "SELECT sok.sign_audit ($1, $2, $3)", 3, sign_values, NULL,
                              NULL, "signing the audit log", error);
  }
  return signed_res != NULL;
}

static gboolean
pg_decide_kiosk (SokQueue          *queue,
                 SokQueueDecision  *decision,
                 GError           **error)
{
  SokQueuePg *self = SOK_QUEUE_PG (queue);

  if (!ensure_connected (self, error) ||
      !exec_simple (self, "BEGIN", "recording a decision on a kiosk", error))
    return FALSE;
  if (!decide_in_transaction (self, decision, error) ||
      !exec_simple (self, "COMMIT", "recording a decision on a kiosk", error))
    {
      rollback (self);
      return FALSE;
    }
  return TRUE;
}

static GPtrArray *
pg_list_signature_checks (SokQueue  *queue,
                          GError   **error)
{
  SokQueuePg *self = SOK_QUEUE_PG (queue);
  g_autoptr (PGresult) res = NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_queue_signature_check_free);

  if (!ensure_connected (self, error))
    return NULL;

  res = exec_params (self, "SELECT report_id, kiosk_key, result, mac FROM sok.signature_checks",
                     0, NULL, NULL, NULL, "listing signature checks", error);
  if (res == NULL)
    return NULL;
  for (int r = 0; r < PQntuples (res); r++)
    {
      SokQueueSignatureCheck *c = g_new0 (SokQueueSignatureCheck, 1);

      c->report_id = dup_value (res, r, 0);
      c->kiosk_key = dup_value (res, r, 1);
      c->result = dup_value (res, r, 2);
      c->mac = dup_value (res, r, 3);
      g_ptr_array_add (out, c);
    }
  return g_steal_pointer (&out);
}

static gboolean
pg_add_signature_check (SokQueue                      *queue,
                        const SokQueueSignatureCheck  *c,
                        GError                       **error)
{
  SokQueuePg *self = SOK_QUEUE_PG (queue);
  const char *values[] = { c->report_id, c->kiosk_key, c->result, c->mac };
  g_autoptr (PGresult) res = NULL;

  if (!ensure_connected (self, error))
    return FALSE;

  res = exec_params (self,
                     "INSERT INTO sok.signature_checks (report_id, kiosk_key, result, mac)"
                     " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                     4, values, NULL, NULL, "recording a signature check", error);
  return res != NULL;
}


/* --- hearing back ------------------------------------------------------------------ */

/* Results in binary, so that bytea comes as its bytes; other columns are cast to text,
 * whose binary form is the text itself. */
static PGresult *
exec_binary (SokQueuePg          *self,
             const char          *sql,
             int                  n,
             const char * const  *values,
             const char          *doing,
             GError             **error)
{
  PGresult *res = PQexecParams (self->conn, sql, n, NULL, values, NULL, NULL, 1);

  if (!check_result (self, res, doing, error))
    {
      PQclear (res);
      return NULL;
    }
  return res;
}

static GBytes *
bytes_value (PGresult *res,
             int       row,
             int       col)
{
  if (PQgetisnull (res, row, col))
    return NULL;
  return g_bytes_new (PQgetvalue (res, row, col), (gsize)PQgetlength (res, row, col));
}

/* Every row alike, in one statement that never changes: see sok_queue_list_replies(). */
static GPtrArray *
pg_list_replies (SokQueue  *queue,
                 GError   **error)
{
  SokQueuePg *self = SOK_QUEUE_PG (queue);
  g_autoptr (PGresult) res = NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_follow_up_row_free);

  if (!ensure_connected (self, error))
    return NULL;
  res = exec_binary (self, "SELECT tag, ciphertext, expires::text FROM sok.replies", 0, NULL,
                     "reading the replies", error);
  if (res == NULL)
    return NULL;
  for (int r = 0; r < PQntuples (res); r++)
    {
      SokFollowUpRow *row = g_new0 (SokFollowUpRow, 1);

      row->tag = bytes_value (res, r, 0);
      row->ciphertext = bytes_value (res, r, 1);
      g_date_clear (&row->expires, 1);
      g_date_set_parse (&row->expires, PQgetvalue (res, r, 2));
      if (row->tag == NULL || row->ciphertext == NULL)
        {
          sok_follow_up_row_free (row);
          continue;
        }
      g_ptr_array_add (out, row);
    }
  return g_steal_pointer (&out);
}

static GPtrArray *
pg_list_unsorted (SokQueue  *queue,
                  GError   **error)
{
  SokQueuePg *self = SOK_QUEUE_PG (queue);
  g_autoptr (PGresult) res = NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_queue_case_free);

  if (!ensure_connected (self, error))
    return NULL;
  res = exec_params (self, "SELECT e.report_id, e.received_at, e.urgent FROM sok.envelopes e"
                           " WHERE NOT EXISTS (SELECT 1 FROM sok.sorted s"
                           "                   WHERE s.report_id = e.report_id)"
                           " ORDER BY e.received_at, e.report_id",
                     0, NULL, NULL, NULL, "reading the queue", error);
  if (res == NULL)
    return NULL;
  for (int r = 0; r < PQntuples (res); r++)
    {
      SokQueueCase *item = g_new0 (SokQueueCase, 1);

      item->report_id = dup_value (res, r, 0);
      item->received_at = int_value (res, r, 1);
      item->urgent = g_str_equal (PQgetvalue (res, r, 2), "t");
      g_ptr_array_add (out, item);
    }
  return g_steal_pointer (&out);
}

static gboolean
pg_sort_envelope (SokQueue               *queue,
                  const SokQueueSorting  *sorting,
                  char                  **case_id,
                  GError                **error)
{
  SokQueuePg *self = SOK_QUEUE_PG (queue);
  g_autofree char *half_day = g_strdup_printf ("%" G_GINT64_FORMAT, sorting->half_day);
  g_autofree char *found = NULL;
  const char *values[4];

  if (!ensure_connected (self, error) ||
      !exec_simple (self, "BEGIN", "sorting answers into their cases", error))
    return FALSE;

  if (sorting->is_answer && sorting->tag_mac != NULL)
    {
      g_autoptr (PGresult) res = NULL;

      values[0] = sorting->tag_mac;
      res = exec_params (self, "SELECT report_id FROM sok.follow_ups WHERE tag_mac = $1"
                               " FOR UPDATE", 1, values, NULL, NULL,
                         "sorting answers into their cases", error);
      if (res == NULL)
        goto fail;
      if (PQntuples (res) == 1)
        found = dup_value (res, 0, 0);
    }

  if (found != NULL)
    {
      g_autoptr (PGresult) add = NULL;
      g_autoptr (PGresult) flag = NULL;

      values[0] = found;
      values[1] = half_day;
      values[2] = sorting->report_id;
      add = exec_params (self, "INSERT INTO sok.messages (report_id, from_dsl, half_day,"
                               " answer_id) VALUES ($1, false, $2, $3)", 3, values, NULL, NULL,
                         "adding an answer to its case", error);
      if (add == NULL)
        goto fail;
      values[1] = sorting->urgent ? "t" : "f";
      flag = exec_params (self, "UPDATE sok.follow_ups SET unread = true,"
                                " urgent = urgent OR $2::boolean WHERE report_id = $1",
                          2, values, NULL, NULL, "marking a case unread", error);
      if (flag == NULL)
        goto fail;
    }
  else if (!sorting->is_answer && sorting->tag_mac != NULL)
    {
      g_autoptr (PGresult) add = NULL;

      values[0] = sorting->report_id;
      values[1] = sorting->tag_mac;
      values[2] = sorting->expires;
      add = exec_params (self, "INSERT INTO sok.follow_ups (report_id, tag_mac, expires)"
                               " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", 3, values,
                         NULL, NULL, "recording a case's code", error);
      if (add == NULL)
        goto fail;
    }

  /* An answer whose case is not found (its code expired) stays a case of its own:
   * nothing a child sent is ever hidden. */
  {
    g_autoptr (PGresult) mark = NULL;

    values[0] = sorting->report_id;
    values[1] = found != NULL ? "t" : "f";
    mark = exec_params (self, "INSERT INTO sok.sorted (report_id, answer) VALUES ($1, $2)",
                        2, values, NULL, NULL, "sorting answers into their cases", error);
    if (mark == NULL || !exec_simple (self, "COMMIT", "sorting answers into their cases", error))
      goto fail;
  }

  if (case_id != NULL)
    *case_id = g_steal_pointer (&found);
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

static gboolean
pg_get_follow_up (SokQueue    *queue,
                  const char  *report_id,
                  char       **expires,
                  gboolean    *unread,
                  gboolean    *urgent,
                  GError     **error)
{
  SokQueuePg *self = SOK_QUEUE_PG (queue);
  g_autoptr (PGresult) res = NULL;
  const char *values[] = { report_id };

  if (!ensure_connected (self, error))
    return FALSE;
  res = exec_params (self, "SELECT expires::text, unread, urgent FROM sok.follow_ups"
                           " WHERE report_id = $1 AND tag_mac IS NOT NULL",
                     1, values, NULL, NULL, "reading a case's code", error);
  if (res == NULL)
    return FALSE;
  *expires = NULL;
  if (PQntuples (res) == 1)
    {
      *expires = dup_value (res, 0, 0);
      *unread = g_str_equal (PQgetvalue (res, 0, 1), "t");
      *urgent = g_str_equal (PQgetvalue (res, 0, 2), "t");
    }
  return TRUE;
}

static gboolean
pg_add_reply (SokQueue    *queue,
              const char  *report_id,
              GBytes      *tag,
              GBytes      *ciphertext,
              const char  *expires,
              GBytes      *sealed,
              gint64       half_day,
              GError     **error)
{
  SokQueuePg *self = SOK_QUEUE_PG (queue);
  g_autofree char *half_day_text = g_strdup_printf ("%" G_GINT64_FORMAT, half_day);
  g_autoptr (PGresult) reply = NULL;
  g_autoptr (PGresult) message = NULL;
  const char *values[3];
  int lengths[3] = { 0 };
  int formats[3] = { 0 };
  gsize len;

  if (!ensure_connected (self, error) ||
      !exec_simple (self, "BEGIN", "storing a reply", error))
    return FALSE;

  /* Both or neither: the DSL sees in the case exactly what the child can read. */
  values[0] = g_bytes_get_data (tag, &len);
  lengths[0] = (int)len;
  formats[0] = 1;
  values[1] = g_bytes_get_data (ciphertext, &len);
  lengths[1] = (int)len;
  formats[1] = 1;
  values[2] = expires;
  reply = exec_params (self, "INSERT INTO sok.replies (tag, ciphertext, expires)"
                             " VALUES ($1, $2, $3)", 3, values, lengths, formats,
                       "storing a reply", error);
  if (reply == NULL)
    goto fail;

  values[0] = report_id;
  lengths[0] = 0;
  formats[0] = 0;
  values[1] = half_day_text;
  lengths[1] = 0;
  formats[1] = 0;
  values[2] = g_bytes_get_data (sealed, &len);
  lengths[2] = (int)len;
  formats[2] = 1;
  message = exec_params (self, "INSERT INTO sok.messages (report_id, from_dsl, half_day, sealed)"
                               " VALUES ($1, true, $2, $3)", 3, values, lengths, formats,
                         "storing a reply", error);
  if (message == NULL || !exec_simple (self, "COMMIT", "storing a reply", error))
    goto fail;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

static GPtrArray *
pg_list_messages (SokQueue    *queue,
                  const char  *report_id,
                  gboolean     mark_read,
                  GError     **error)
{
  SokQueuePg *self = SOK_QUEUE_PG (queue);
  g_autoptr (PGresult) res = NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_queue_message_free);
  const char *values[] = { report_id };

  if (!ensure_connected (self, error))
    return NULL;
  if (mark_read)
    {
      g_autoptr (PGresult) read = exec_params (self, "UPDATE sok.follow_ups SET unread = false"
                                                     " WHERE report_id = $1 AND unread",
                                               1, values, NULL, NULL, "marking a case read",
                                               error);

      if (read == NULL)
        return NULL;
    }
  res = exec_binary (self, "SELECT from_dsl::text, half_day::text, sealed, answer_id"
                           " FROM sok.messages WHERE report_id = $1 ORDER BY id",
                     1, values, "reading a conversation", error);
  if (res == NULL)
    return NULL;
  for (int r = 0; r < PQntuples (res); r++)
    {
      SokQueueMessage *m = g_new0 (SokQueueMessage, 1);

      m->from_dsl = g_str_equal (PQgetvalue (res, r, 0), "true");
      m->half_day = g_ascii_strtoll (PQgetvalue (res, r, 1), NULL, 10);
      m->sealed = bytes_value (res, r, 2);
      m->answer_id = dup_value (res, r, 3);
      g_ptr_array_add (out, m);
    }
  return g_steal_pointer (&out);
}

static gboolean
pg_expire_follow_ups (SokQueue    *queue,
                      const char  *today,
                      guint       *n_removed,
                      GError     **error)
{
  SokQueuePg *self = SOK_QUEUE_PG (queue);
  g_autoptr (PGresult) replies = NULL;
  g_autoptr (PGresult) codes = NULL;
  const char *values[] = { today };

  if (!ensure_connected (self, error) ||
      !exec_simple (self, "BEGIN", "removing expired codes", error))
    return FALSE;
  replies = exec_params (self, "DELETE FROM sok.replies WHERE expires < $1::date", 1, values,
                         NULL, NULL, "removing expired replies", error);
  codes = replies ? exec_params (self, "UPDATE sok.follow_ups SET tag_mac = NULL"
                                       " WHERE expires < $1::date AND tag_mac IS NOT NULL",
                                 1, values, NULL, NULL, "removing expired codes", error) : NULL;
  if (codes == NULL || !exec_simple (self, "COMMIT", "removing expired codes", error))
    {
      rollback (self);
      return FALSE;
    }
  *n_removed = (guint)g_ascii_strtoull (PQcmdTuples (replies), NULL, 10);
  return TRUE;
}

/* The heartbeat: the same short statement every minute, from every kiosk, whatever it
 * has to send. Any login may run it; it reads no table. */
static gboolean
pg_ping (SokQueue  *queue,
         GError   **error)
{
  SokQueuePg *self = SOK_QUEUE_PG (queue);

  if (!ensure_connected (self, error))
    return FALSE;
  return exec_simple (self, "SELECT 'sok-heartbeat'", "checking the connection", error);
}

static void
sok_queue_pg_class_init (SokQueuePgClass *klass)
{
  SokQueueClass *queue_class = SOK_QUEUE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = sok_queue_pg_finalize;
  queue_class->deliver = pg_deliver;
  queue_class->list_cases = pg_list_cases;
  queue_class->list_actions = pg_list_actions;
  queue_class->list_audit = pg_list_audit;
  queue_class->record = pg_record;
  queue_class->listen = pg_listen;
  queue_class->take_news = pg_take_news;
  queue_class->register_kiosk = pg_register_kiosk;
  queue_class->list_kiosks = pg_list_kiosks;
  queue_class->decide_kiosk = pg_decide_kiosk;
  queue_class->list_signature_checks = pg_list_signature_checks;
  queue_class->add_signature_check = pg_add_signature_check;
  queue_class->list_replies = pg_list_replies;
  queue_class->list_unsorted = pg_list_unsorted;
  queue_class->sort_envelope = pg_sort_envelope;
  queue_class->get_follow_up = pg_get_follow_up;
  queue_class->add_reply = pg_add_reply;
  queue_class->list_messages = pg_list_messages;
  queue_class->expire_follow_ups = pg_expire_follow_ups;
  queue_class->retain_cases = pg_retain_cases;
  queue_class->ping = pg_ping;
}

static void
sok_queue_pg_init (SokQueuePg *self)
{
}

/* The version of data/sql/postgresql-setup.sql this code needs (sok.schema_version). */
#define PG_SCHEMA_VERSION 8

static gboolean
check_schema (SokQueuePg  *self,
              GError     **error)
{
  g_autoptr (PGresult) res = PQexec (self->conn, "SELECT version FROM sok.schema_version WHERE id = 1");
  const char *state = res ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  g_autofree char *at = where (self);
  gint64 version = 0;

  if (PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) == 1)
    version = int_value (res, 0, 0);
  else if (g_strcmp0 (state, "42P01") != 0)
    return check_result (self, res, "checking the queue's version", error);

  if (version < PG_SCHEMA_VERSION)
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_SCHEMA,
                   "The DSL queue at %s was set up by an older version of Safe Online Kiosk "
                   "(schema %" G_GINT64_FORMAT ", this console needs %d); run "
                   "data/sql/postgresql-setup.sql again in its database, as its owner, to "
                   "upgrade it", at, version, PG_SCHEMA_VERSION);
      return FALSE;
    }
  if (version > PG_SCHEMA_VERSION)
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_SCHEMA,
                   "The DSL queue at %s was set up by a newer version of Safe Online Kiosk "
                   "(schema %" G_GINT64_FORMAT "); update this machine", at, version);
      return FALSE;
    }
  return TRUE;
}

/**
 * sok_queue_pg_new:
 * @uri: a libpq connection URI
 *
 * Connects at once; a kiosk whose queue cannot be reached still gets a queue object
 * only when @role is %SOK_QUEUE_ROLE_KIOSK (it will connect on delivery), so that the
 * outbox can record why reports wait. A DSL gets the error.
 *
 * Each connection attempt gives up after connect_timeout seconds per address tried:
 * 5 unless @uri sets its own (`?connect_timeout=N`, or `connect_timeout=N` in the
 * key=value form). Call it from a worker thread, never the main loop.
 *
 * Returns: (transfer full): the queue; usually through sok_queue_open().
 */
SokQueue *
sok_queue_pg_new (const char    *uri,
                  SokQueueRole   role,
                  GError       **error)
{
  g_autoptr (SokQueuePg) self = NULL;
  PQconninfoOption *options;
  char *errmsg = NULL;

  g_return_val_if_fail (uri != NULL, NULL);

  options = PQconninfoParse (uri, &errmsg);
  if (options == NULL)
    {
      g_autofree char *display = sok_queue_redact_uri (uri);

      /* libpq's message does not quote the string, so it cannot leak the password. */
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID_URI,
                   "The queue “%s” is not a valid PostgreSQL address: %s", display,
                   errmsg ? g_strstrip (errmsg) : "it could not be read");
      PQfreemem (errmsg);
      return NULL;
    }

  self = g_object_new (SOK_TYPE_QUEUE_PG, NULL);
  self->uri = g_strdup (uri);
  self->role = role;
  for (PQconninfoOption *o = options; o->keyword; o++)
    {
      if (g_str_equal (o->keyword, "password") && o->val)
        self->password = g_strdup (o->val);
      else if (g_str_equal (o->keyword, "connect_timeout") && o->val && *o->val)
        self->has_connect_timeout = TRUE;
    }
  PQconninfoFree (options);

  if (role == SOK_QUEUE_ROLE_DSL &&
      (!ensure_connected (self, error) || !check_schema (self, error)))
    return NULL;

  return SOK_QUEUE (g_steal_pointer (&self));
}
