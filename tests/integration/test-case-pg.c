/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-case-pg"

#include "config.h"

#include <string.h>

#include "case-tests.h"
#include "pg-harness.h"

/* The DSL's case tests (tests/common/case-tests.c) against a real PostgreSQL server:
 * the same code the SQLite queue passes. */

static SokPgHarness *harness;

static char *
new_pg_uri (gboolean dsl)
{
  return dsl ? sok_pg_harness_uri (harness, "dsl1", SOK_PG_DSL_PASSWORD, 0)
             : sok_pg_harness_uri (harness, "kiosk1", SOK_PG_KIOSK_PASSWORD, 0);
}

static void
pg_edit_audit_actor (const char *queue_uri,
                     gint64      entry_id,
                     const char *actor)
{
  g_autoptr (GError) error = NULL;
  PGconn *conn = sok_pg_harness_connect (harness, "postgres", SOK_PG_SUPER_PASSWORD);
  g_autofree char *quoted = NULL;
  g_autofree char *sql = NULL;
  char *escaped;

  escaped = PQescapeLiteral (conn, actor, strlen (actor));
  quoted = g_strdup (escaped);
  PQfreemem (escaped);
  PQfinish (conn);

  /* The owner gets round the append-only trigger. */
  sql = g_strdup_printf ("SET session_replication_role = replica;"
                         "UPDATE sok.audit SET actor = %s WHERE id = %" G_GINT64_FORMAT,
                         quoted, entry_id);
  g_assert_true (sok_pg_harness_exec (harness, sql, &error));
  g_assert_no_error (error);
}

static const CaseBackend pg_backend = {
  new_pg_uri,
  pg_edit_audit_actor,
};

int
main (int   argc,
      char *argv[])
{
  g_autofree char *bindir = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  bindir = sok_pg_harness_find_bindir ();
  if (bindir == NULL)
    {
      g_test_skip ("The PostgreSQL server binaries (initdb, pg_ctl) are not installed; "
                   "install the postgresql package (tools/install-deps does) to run these tests");
      return g_test_run ();
    }

  harness = sok_pg_harness_start (&error);
  g_assert_no_error (error);
  case_tests_make_keys ();

  case_tests_add ("/case/pg", &pg_backend);

  status = g_test_run ();
  case_tests_cleanup ();
  sok_pg_harness_free (harness);
  return status;
}
