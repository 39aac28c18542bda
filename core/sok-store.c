/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sok-schema.h"
#include "sok-store.h"

struct _SokStore
{
  GObject  parent_instance;

  char    *dir;
  char    *path;
  sqlite3 *db;
};

G_DEFINE_FINAL_TYPE (SokStore, sok_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (sok-store-error-quark, sok_store_error)

static void
sok_store_finalize (GObject *object)
{
  SokStore *self = (SokStore *)object;

  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (sok_store_parent_class)->finalize (object);
}

static void
sok_store_class_init (SokStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sok_store_finalize;
}

static void
sok_store_init (SokStore *self)
{
}

/**
 * sok_store_ensure_data_dir:
 * @dir: the kiosk's data directory
 *
 * Creates @dir (and its parents) with mode 0700 when it does not exist yet. An
 * existing directory is left as it is; sok_store_check_data_dir() judges it.
 */
gboolean
sok_store_ensure_data_dir (const char  *dir,
                           GError     **error)
{
  g_return_val_if_fail (dir != NULL, FALSE);

  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    return TRUE;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, SOK_STORE_ERROR, SOK_STORE_ERROR_PERMISSIONS,
                   "Could not create the data directory %s: %s. "
                   "Check that its parent exists and can be written to.",
                   dir, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}

/**
 * sok_store_check_data_dir:
 * @dir: the kiosk's data directory
 *
 * Checks that @dir is a directory that only its owner can enter, because it holds
 * pupils' names and sealed reports. Sets %SOK_STORE_ERROR_PERMISSIONS with the
 * command that fixes it otherwise.
 */
gboolean
sok_store_check_data_dir (const char  *dir,
                          GError     **error)
{
  struct stat st;

  g_return_val_if_fail (dir != NULL, FALSE);

  if (g_stat (dir, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, SOK_STORE_ERROR, SOK_STORE_ERROR_PERMISSIONS,
                   "The data directory %s cannot be read: %s. "
                   "Run “sokctl --data-dir %s init” to create it.",
                   dir, g_strerror (saved), dir);
      return FALSE;
    }

  if (!S_ISDIR (st.st_mode))
    {
      g_set_error (error, SOK_STORE_ERROR, SOK_STORE_ERROR_PERMISSIONS,
                   "The data directory %s is not a directory. "
                   "Move it aside, or choose another with --data-dir.", dir);
      return FALSE;
    }

  if (st.st_uid != geteuid ())
    {
      g_set_error (error, SOK_STORE_ERROR, SOK_STORE_ERROR_PERMISSIONS,
                   "The data directory %s belongs to another user (uid %u). "
                   "Run the kiosk as that user, or “chown -R %u %s”.",
                   dir, (guint)st.st_uid, (guint)geteuid (), dir);
      return FALSE;
    }

  if ((st.st_mode & 0077) != 0)
    {
      g_set_error (error, SOK_STORE_ERROR, SOK_STORE_ERROR_PERMISSIONS,
                   "The data directory %s can be opened by other users (mode %04o), "
                   "but it holds pupils' names and sealed reports. Run “chmod 700 %s”.",
                   dir, (guint)(st.st_mode & 07777), dir);
      return FALSE;
    }

  return TRUE;
}

void
sok_store_set_error_from_db (SokStore    *self,
                             int          rc,
                             const char  *doing,
                             GError     **error)
{
  const char *detail;
  const char *path;

  g_return_if_fail (SOK_IS_STORE (self));

  detail = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);
  path = self->path;

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, SOK_STORE_ERROR, SOK_STORE_ERROR_FULL,
                   "The disk holding %s is full while %s. Nothing was changed; "
                   "free some space and try again.", path, doing);
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, SOK_STORE_ERROR, SOK_STORE_ERROR_BUSY,
                   "%s is in use by another program while %s (%s). "
                   "Nothing was changed; close the other program and try again.",
                   path, doing, detail);
      break;

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, SOK_STORE_ERROR, SOK_STORE_ERROR_CORRUPT,
                   "%s is damaged or is not a kiosk database (%s) while %s. "
                   "It was not changed. Run “sokctl doctor”, and restore it from a "
                   "backup or move it aside and run “sokctl init” again.",
                   path, detail, doing);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_AUTH:
      g_set_error (error, SOK_STORE_ERROR, SOK_STORE_ERROR_OPEN,
                   "%s cannot be opened for writing while %s (%s). "
                   "Check that the data directory belongs to the kiosk's user.",
                   path, doing, detail);
      break;

    case SQLITE_IOERR:
      g_set_error (error, SOK_STORE_ERROR, SOK_STORE_ERROR_FULL,
                   "The disk holding %s failed to write while %s (%s). "
                   "Check the disk and free some space.", path, doing, detail);
      break;

    default:
      g_set_error (error, SOK_STORE_ERROR, SOK_STORE_ERROR_QUERY,
                   "%s: error while %s: %s", path, doing, detail);
      break;
    }
}

gboolean
sok_store_exec (SokStore    *self,
                const char  *sql,
                GError     **error)
{
  int rc;

  g_return_val_if_fail (SOK_IS_STORE (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      sok_store_set_error_from_db (self, rc, "updating the database", error);
      return FALSE;
    }

  return TRUE;
}

/**
 * sok_store_prepare:
 *
 * Returns: (transfer full): a statement to bind parameters to; free it with
 *   sqlite3_finalize() (g_autoptr (sqlite3_stmt) does).
 */
sqlite3_stmt *
sok_store_prepare (SokStore    *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (SOK_IS_STORE (self), NULL);

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      sok_store_set_error_from_db (self, rc, "reading the database", error);
      return NULL;
    }

  return stmt;
}

/* Steps a statement that returns no rows. */
gboolean
sok_store_step_done (SokStore     *self,
                     sqlite3_stmt *stmt,
                     GError      **error)
{
  int rc;

  g_return_val_if_fail (SOK_IS_STORE (self), FALSE);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      sok_store_set_error_from_db (self, rc, "writing to the database", error);
      return FALSE;
    }

  return TRUE;
}

gboolean
sok_store_begin (SokStore  *self,
                 GError   **error)
{
  return sok_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
sok_store_commit (SokStore  *self,
                  GError   **error)
{
  if (!sok_store_exec (self, "COMMIT", error))
    {
      sok_store_rollback (self);
      return FALSE;
    }

  return TRUE;
}

void
sok_store_rollback (SokStore *self)
{
  g_return_if_fail (SOK_IS_STORE (self));

  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static int
read_user_version (SokStore  *self,
                   int       *version)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return rc;

  *version = sqlite3_column_int (stmt, 0);
  return SQLITE_OK;
}

static gboolean
migrate (SokStore  *self,
         int        from,
         GError   **error)
{
  int target = (int)sok_schema_get_n_migrations ();

  for (int v = from + 1; v <= target; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", v);
      g_autoptr (GError) local_error = NULL;

      if (!sok_store_begin (self, error))
        return FALSE;

      if (!sok_store_exec (self, sok_schema_get_migration ((guint)v), &local_error) ||
          !sok_store_exec (self, bump, &local_error) ||
          !sok_store_commit (self, &local_error))
        {
          sok_store_rollback (self);
          g_set_error (error, SOK_STORE_ERROR, SOK_STORE_ERROR_MIGRATION,
                       "Could not upgrade %s to schema %d; it was left at schema %d. %s",
                       self->path, v, v - 1, local_error->message);
          return FALSE;
        }

      g_debug ("Upgraded the kiosk database to schema %d", v);
    }

  return TRUE;
}

/* Creates the file with mode 0600 before SQLite does, so it is never readable by
 * others even for a moment. SQLite gives its -wal and -shm files the same mode. */
static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  int fd;

  fd = g_open (path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, SOK_STORE_ERROR, SOK_STORE_ERROR_OPEN,
                   "Could not create %s: %s. Check that the data directory can be written to.",
                   path, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  return TRUE;
}

/**
 * sok_store_open:
 * @dir: the kiosk's data directory
 *
 * Opens (creating it when needed) `DIR/kiosk.db` with WAL, full synchronous commits
 * and foreign keys, and brings its schema up to date. A database written by a newer
 * version is refused and left untouched.
 *
 * Returns: (transfer full): the store, or %NULL with @error set in %SOK_STORE_ERROR.
 */
SokStore *
sok_store_open (const char  *dir,
                GError     **error)
{
  g_autoptr (SokStore) self = NULL;
  int version = 0;
  int rc;

  g_return_val_if_fail (dir != NULL, NULL);

  if (!sok_store_ensure_data_dir (dir, error) || !sok_store_check_data_dir (dir, error))
    return NULL;

  self = g_object_new (SOK_TYPE_STORE, NULL);
  self->dir = g_strdup (dir);
  self->path = g_build_filename (dir, "kiosk.db", NULL);

  if (!g_file_test (self->path, G_FILE_TEST_EXISTS) &&
      !create_private_file (self->path, error))
    return NULL;

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
  if (rc != SQLITE_OK)
    {
      sok_store_set_error_from_db (self, rc, "opening it", error);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  rc = read_user_version (self, &version);
  if (rc != SQLITE_OK)
    {
      sok_store_set_error_from_db (self, rc, "opening it", error);
      return NULL;
    }

  if (version > (int)sok_schema_get_n_migrations ())
    {
      g_set_error (error, SOK_STORE_ERROR, SOK_STORE_ERROR_NEWER_SCHEMA,
                   "%s was written by a newer version of Safe Online Kiosk "
                   "(schema %d; this version knows schema %u at most). It was not changed. "
                   "Install the newer version, or restore a backup made by this one.",
                   self->path, version, sok_schema_get_n_migrations ());
      return NULL;
    }

  /* A report a child was told is sent must survive a power cut: WAL with FULL
   * synchronous commits fsyncs the log on every commit. */
  if (!sok_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !sok_store_exec (self, "PRAGMA synchronous = FULL", error) ||
      !sok_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !sok_store_exec (self, "PRAGMA secure_delete = ON", error))
    return NULL;

  if (!migrate (self, version, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
sok_store_get_dir (SokStore *self)
{
  g_return_val_if_fail (SOK_IS_STORE (self), NULL);

  return self->dir;
}

sqlite3 *
sok_store_get_db (SokStore *self)
{
  g_return_val_if_fail (SOK_IS_STORE (self), NULL);

  return self->db;
}

int
sok_store_get_schema_version (SokStore *self)
{
  int version = -1;

  g_return_val_if_fail (SOK_IS_STORE (self), -1);

  if (read_user_version (self, &version) != SQLITE_OK)
    return -1;

  return version;
}

/**
 * sok_store_check_integrity:
 * @problems: (out) (transfer full): what SQLite found wrong, one per line, or %NULL
 *   when the database is sound
 *
 * Runs `PRAGMA integrity_check`. Returns %FALSE only when the check itself could not
 * run; a damaged database returns %TRUE with @problems set.
 */
gboolean
sok_store_check_integrity (SokStore  *self,
                           char     **problems,
                           GError   **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GString) found = g_string_new (NULL);
  int rc;

  g_return_val_if_fail (SOK_IS_STORE (self), FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);

  *problems = NULL;

  if (!(stmt = sok_store_prepare (self, "PRAGMA integrity_check", error)))
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *)sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0)
        g_string_append_printf (found, "%s%s", found->len ? "\n" : "", line);
    }

  if (rc != SQLITE_DONE)
    {
      if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
        {
          *problems = g_strdup (sqlite3_errmsg (self->db));
          return TRUE;
        }
      sok_store_set_error_from_db (self, rc, "checking it", error);
      return FALSE;
    }

  if (found->len > 0)
    *problems = g_string_free (g_steal_pointer (&found), FALSE);

  return TRUE;
}
