/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-pg-harness"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <pwd.h>
#include <unistd.h>

#include "pg-harness.h"
#include "test-util.h"

/* The server binaries: $SOK_PG_BINDIR, else the newest /usr/lib/postgresql/N/bin. */
char *
sok_pg_harness_find_bindir (void)
{
  const char *env = g_getenv ("SOK_PG_BINDIR");
  g_autoptr (GDir) dir = NULL;
  const char *name;
  int best = -1;

  if (env != NULL)
    {
      g_autofree char *initdb = g_build_filename (env, "initdb", NULL);
      return g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE) ? g_strdup (env) : NULL;
    }

  dir = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *initdb = g_build_filename ("/usr/lib/postgresql", name, "bin", "initdb", NULL);
      int version = atoi (name);

      if (version > best && g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE))
        best = version;
    }
  if (best < 0)
    return NULL;
  return g_strdup_printf ("/usr/lib/postgresql/%d/bin", best);
}

static gboolean
run (SokPgHarness  *h,
     const char    *program,
     GError       **error,
     ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  va_list args;
  const char *arg;

  if (h->as_postgres)
    {
      g_ptr_array_add (argv, g_strdup ("runuser"));
      g_ptr_array_add (argv, g_strdup ("-u"));
      g_ptr_array_add (argv, g_strdup ("postgres"));
      g_ptr_array_add (argv, g_strdup ("--"));
    }
  g_ptr_array_add (argv, g_build_filename (h->bindir, program, NULL));
  va_start (args, error);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (h->dir, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s failed: %s%s", program, out, err);
      return FALSE;
    }
  return TRUE;
}

static gboolean
start_server (SokPgHarness  *h,
              GError       **error)
{
  g_autofree char *opts = g_strdup_printf ("-k %s -c listen_addresses='' -p %u", h->dir, h->port);
  g_autofree char *log = g_build_filename (h->dir, "server.log", NULL);

  return run (h, "pg_ctl", error, "-D", h->data, "-l", log, "-o", opts, "-w", "-t", "60",
              "start", NULL);
}

gboolean
sok_pg_harness_stop (SokPgHarness  *h,
                     GError       **error)
{
  return run (h, "pg_ctl", error, "-D", h->data, "-m", "immediate", "-w", "stop", NULL);
}

gboolean
sok_pg_harness_restart (SokPgHarness  *h,
                        GError       **error)
{
  return start_server (h, error);
}

char *
sok_pg_harness_uri (SokPgHarness *h,
                    const char   *user,
                    const char   *password,
                    guint         port)
{
  return g_strdup_printf ("postgresql://%s:%s@/sokqueue?host=%s&port=%u&connect_timeout=5",
                          user, password, h->dir, port ? port : h->port);
}

PGconn *
sok_pg_harness_connect (SokPgHarness *h,
                        const char   *user,
                        const char   *password)
{
  g_autofree char *uri = sok_pg_harness_uri (h, user, password, 0);

  return PQconnectdb (uri);
}

static gboolean
exec_on (PGconn      *conn,
         const char  *sql,
         GError     **error)
{
  PGresult *res;
  gboolean ok;

  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "connect: %s", PQerrorMessage (conn));
      return FALSE;
    }
  PQclear (PQexec (conn, "SET client_min_messages = warning"));
  res = PQexec (conn, sql);
  ok = PQresultStatus (res) == PGRES_COMMAND_OK || PQresultStatus (res) == PGRES_TUPLES_OK;
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", PQresultErrorMessage (res));
  PQclear (res);
  return ok;
}

/* Runs @sql as the superuser in the queue's database. */
gboolean
sok_pg_harness_exec (SokPgHarness  *h,
                     const char    *sql,
                     GError       **error)
{
  PGconn *conn = sok_pg_harness_connect (h, "postgres", SOK_PG_SUPER_PASSWORD);
  gboolean ok = exec_on (conn, sql, error);

  PQfinish (conn);
  return ok;
}

SokPgHarness *
sok_pg_harness_start (GError **error)
{
  SokPgHarness *h = g_new0 (SokPgHarness, 1);
  g_autofree char *pwfile = NULL;
  g_autofree char *setup_path = NULL;
  g_autofree char *setup = NULL;
  g_autofree char *admin_uri = NULL;
  const char *root = g_getenv ("SOK_SOURCE_ROOT");
  PGconn *conn;
  gboolean ok;

  h->bindir = sok_pg_harness_find_bindir ();
  h->as_postgres = geteuid () == 0;
  h->port = 20000 + g_random_int_range (0, 30000);
  h->dir = g_dir_make_tmp ("sok-pg-XXXXXX", error);
  if (h->bindir == NULL || h->dir == NULL)
    goto fail;
  h->data = g_build_filename (h->dir, "data", NULL);

  if (h->as_postgres)
    {
      struct passwd *pw = getpwnam ("postgres");

      if (pw == NULL || chown (h->dir, pw->pw_uid, pw->pw_gid) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no postgres user to run the server");
          goto fail;
        }
    }
  g_chmod (h->dir, 0755);

  pwfile = g_build_filename (h->dir, "pw", NULL);
  if (!g_file_set_contents (pwfile, SOK_PG_SUPER_PASSWORD "\n", -1, error))
    goto fail;
  g_chmod (pwfile, 0644);

  if (!run (h, "initdb", error, "-D", h->data, "-U", "postgres", "--pwfile", pwfile,
            "-A", "scram-sha-256", "-E", "UTF8", "--no-sync", "--locale=C", NULL) ||
      !start_server (h, error))
    goto fail;

  admin_uri = g_strdup_printf ("postgresql://postgres:%s@/postgres?host=%s&port=%u",
                               SOK_PG_SUPER_PASSWORD, h->dir, h->port);
  conn = PQconnectdb (admin_uri);
  ok = exec_on (conn, "CREATE DATABASE sokqueue", error);
  PQfinish (conn);
  if (!ok)
    goto fail;

  setup_path = g_build_filename (root ? root : ".", "data", "sql", "postgresql-setup.sql", NULL);
  if (!g_file_get_contents (setup_path, &setup, NULL, error) ||
      !sok_pg_harness_exec (h, setup, error) ||
      !sok_pg_harness_exec (h,
                            "CREATE ROLE kiosk1 LOGIN PASSWORD '" SOK_PG_KIOSK_PASSWORD "' IN ROLE sok_kiosk;"
                            "CREATE ROLE dsl1 LOGIN PASSWORD '" SOK_PG_DSL_PASSWORD "' IN ROLE sok_dsl;",
                            error))
    goto fail;

  return h;

fail:
  sok_pg_harness_free (h);
  return NULL;
}

/* For a test program's main(), after g_test_init(): starts the cluster, failing the
 * test if it cannot. Where the server binaries are not installed, it marks the
 * program skipped, saying how to install them, and returns %NULL; the caller then
 * returns g_test_run() without adding its tests. */
SokPgHarness *
sok_pg_harness_start_or_skip (void)
{
  g_autofree char *bindir = sok_pg_harness_find_bindir ();
  g_autoptr (GError) error = NULL;
  SokPgHarness *h;

  if (bindir == NULL)
    {
      g_test_skip ("The PostgreSQL server binaries (initdb, pg_ctl) are not installed; "
                   "install the postgresql package (tools/install-deps does) to run these tests");
      return NULL;
    }

  h = sok_pg_harness_start (&error);
  g_assert_no_error (error);
  return h;
}

void
sok_pg_harness_free (SokPgHarness *h)
{
  if (h == NULL)
    return;
  if (h->data != NULL && g_file_test (h->data, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *pid = g_build_filename (h->data, "postmaster.pid", NULL);

      if (g_file_test (pid, G_FILE_TEST_EXISTS))
        sok_pg_harness_stop (h, NULL);
    }
  if (h->dir != NULL)
    sok_test_remove_tree (h->dir);
  g_free (h->dir);
  g_free (h->data);
  g_free (h->bindir);
  g_free (h);
}
