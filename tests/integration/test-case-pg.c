/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-case-pg"

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "case-tests.h"
#include "pg-harness.h"
#include "test-util.h"

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

/* sokctl queue and stats against the PostgreSQL queue, as a DSL types them. */
static void
test_sokctl_against_postgresql (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *kiosk_uri = new_pg_uri (FALSE);
  g_autofree char *dsl_uri = new_pg_uri (TRUE);
  g_autofree char *id = case_tests_unique_id ("sokctl-pg");
  g_autofree char *tmp = g_dir_make_tmp ("sokctl-pg-XXXXXX", &error);
  g_autofree char *passphrase = g_build_filename (tmp, "passphrase", NULL);
  g_autoptr (SokQueue) kiosk = sok_queue_open (kiosk_uri, SOK_QUEUE_ROLE_KIOSK, &error);
  g_autoptr (GBytes) sealed = case_tests_seal_report (id, "2033-10-01", "unkind-to-me", "conduct",
                                                      "game", "5-7", "in the playground chat", TRUE);
  const char *sokctl = g_getenv ("SOKCTL");
  struct { const char *argv[16]; int status; const char *says; } runs[] = {
    { { "queue", "list", "--queue", dsl_uri, NULL }, 0, id },
    { { "queue", "show", id, "--queue", dsl_uri, "--key", case_tests_key_path (),
        "--passphrase-file", passphrase, "--by", "A. Lead", NULL }, 0, "in the playground chat" },
    { { "queue", "act", id, "no-further-action", "--queue", dsl_uri, "--by", "A. Lead", "--key",
        case_tests_key_path (), "--passphrase-file", passphrase, NULL }, 1, "needs a reason" },
    { { "queue", "act", id, "informed-parents", "--queue", dsl_uri, "--by", "A. Lead", NULL },
      2, "passphrase" },
    { { "queue", "act", id, "informed-parents", "--queue", dsl_uri, "--by", "A. Lead", "--key",
        case_tests_key_path (), "--passphrase-file", passphrase, NULL }, 0, "Informed parents" },
    { { "queue", "close", id, "--outcome", "resolved-in-school", "--queue", dsl_uri, "--key",
        case_tests_key_path (), "--passphrase-file", passphrase, NULL }, 0, "Closed" },
    { { "queue", "verify-audit", "--queue", dsl_uri, NULL }, 0, "intact" },
    { { "queue", "verify-audit", "--queue", dsl_uri, "--key", case_tests_key_path (),
        "--passphrase-file", passphrase, NULL }, 0, "carry the DSL key's signature" },
    { { "stats", "--term", "autumn", "--year", "2033", "--queue", dsl_uri, "--key",
        case_tests_key_path (), "--passphrase-file", passphrase, NULL }, 0, "hidden" },
    /* The kiosk's role may not read the queue, and says so. */
    { { "queue", "list", "--queue", kiosk_uri, NULL }, 1, "refused" },
  };

  g_assert_no_error (error);
  g_assert_nonnull (sokctl);
  g_assert_true (g_file_set_contents (passphrase, "correct horse battery staple\n", -1, &error));
  case_tests_deliver (kiosk, id, FALSE, sealed);

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autoptr (GPtrArray) argv = g_ptr_array_new ();
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = 0;

      g_ptr_array_add (argv, (gpointer)sokctl);
      g_ptr_array_add (argv, "--data-dir");
      g_ptr_array_add (argv, tmp);
      for (guint a = 0; runs[i].argv[a]; a++)
        g_ptr_array_add (argv, (gpointer)runs[i].argv[a]);
      g_ptr_array_add (argv, NULL);
      g_assert_true (g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &out, &err, &status, &error));
      g_assert_no_error (error);
      if (WEXITSTATUS (status) != runs[i].status ||
          (strstr (out, runs[i].says) == NULL && strstr (err, runs[i].says) == NULL))
        g_error ("sokctl %s %s: expected %d saying “%s”, got %d: %s%s", runs[i].argv[0],
                 runs[i].argv[1], runs[i].status, runs[i].says, WEXITSTATUS (status), out, err);
      /* The passwords in the addresses are never shown. */
      g_assert_null (strstr (out, SOK_PG_DSL_PASSWORD));
      g_assert_null (strstr (err, SOK_PG_DSL_PASSWORD));
      g_assert_null (strstr (err, SOK_PG_KIOSK_PASSWORD));
    }

  sok_test_remove_tree (tmp);
}

static void
pg_exec_as_owner (const char *queue_uri,
                  const char *sql)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *all = g_strconcat ("SET session_replication_role = replica;"
                                      "SET search_path = sok, pg_catalog;", sql, NULL);

  g_assert_true (sok_pg_harness_exec (harness, all, &error));
  g_assert_no_error (error);
}

/* Runs @sql as @user and returns the SQLSTATE it failed with, or NULL when it worked. */
static char *
sqlstate_as (const char *user,
             const char *password,
             const char *sql)
{
  PGconn *conn = sok_pg_harness_connect (harness, user, password);
  PGresult *res;
  char *state = NULL;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  res = PQexec (conn, sql);
  if (PQresultStatus (res) != PGRES_COMMAND_OK && PQresultStatus (res) != PGRES_TUPLES_OK)
    state = g_strdup (PQresultErrorField (res, PG_DIAG_SQLSTATE));
  PQclear (res);
  PQfinish (conn);
  return state;
}

static void
assert_refused (const char *user,
                const char *password,
                const char *sql,
                const char *want_state)
{
  g_autofree char *state = sqlstate_as (user, password, sql);

  if (g_strcmp0 (state, want_state) != 0)
    g_error ("%s as %s: expected SQLSTATE %s, got %s", sql, user, want_state,
             state ? state : "success");
}

/* The DSL's login removes old cases only through sok.remove_closed_case, and only as
 * the retention entry says; it cannot delete or change audit entries itself, nor can
 * a kiosk login touch any of it. Even the tables' owner cannot change an entry beyond
 * removing its detail while the triggers are on. */
static void
test_retention_only_through_its_function (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *kiosk_uri = new_pg_uri (FALSE);
  g_autofree char *dsl_uri = new_pg_uri (TRUE);
  g_autofree char *id = case_tests_unique_id ("retain-pg");
  g_autoptr (SokQueue) kiosk = sok_queue_open (kiosk_uri, SOK_QUEUE_ROLE_KIOSK, &error);
  g_autoptr (SokQueue) dsl = sok_queue_open (dsl_uri, SOK_QUEUE_ROLE_DSL, &error);
  g_autoptr (GBytes) sealed = case_tests_seal_report (id, "2026-10-01", "unkind-to-me", "conduct",
                                                      "game", "5-7", "words", FALSE);
  SokDslKey *key = case_tests_load_key ();
  g_autoptr (GPtrArray) audit = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *call = NULL;
  gint64 entry;

  g_assert_no_error (error);
  sok_queue_set_dsl_key (dsl, key);
  case_tests_deliver (kiosk, id, FALSE, sealed);
  g_assert_true (sok_queue_act (dsl, id, "informed-parents", "A. Lead", "a note", NULL, &error));
  g_assert_true (sok_queue_close_case (dsl, id, "resolved-in-school", "A. Lead", NULL, &error));
  g_assert_no_error (error);
  audit = sok_queue_list_audit (dsl, id, &error);
  g_assert_no_error (error);
  entry = ((SokAuditEntry *)audit->pdata[0])->id;

  call = g_strdup_printf ("SELECT sok.remove_closed_case ('%s', 6)", id);
  /* Closed just now: not old enough, whoever asks. */
  assert_refused ("dsl1", SOK_PG_DSL_PASSWORD, call, "22023");
  sql = g_strdup_printf ("SET session_replication_role = replica;"
                         "UPDATE sok.cases SET updated_at = updated_at - 7 * 366 * 86400000000::bigint"
                         " WHERE report_id = '%s'", id);
  g_assert_true (sok_pg_harness_exec (harness, sql, &error));
  g_assert_no_error (error);
  /* Old enough, but no retention entry names it in this transaction. */
  assert_refused ("dsl1", SOK_PG_DSL_PASSWORD, call, "42501");
  /* A kiosk login may not call it at all. */
  assert_refused ("kiosk1", SOK_PG_KIOSK_PASSWORD, call, "42501");

  /* The DSL's login cannot delete audit entries or change them, not even to take a
   * detail out, nor delete cases, actions or reports. */
  g_free (sql);
  sql = g_strdup_printf ("DELETE FROM sok.audit WHERE id = %" G_GINT64_FORMAT, entry);
  assert_refused ("dsl1", SOK_PG_DSL_PASSWORD, sql, "42501");
  g_free (sql);
  sql = g_strdup_printf ("UPDATE sok.audit SET detail = NULL WHERE id = %" G_GINT64_FORMAT, entry);
  assert_refused ("dsl1", SOK_PG_DSL_PASSWORD, sql, "42501");
  g_free (sql);
  sql = g_strdup_printf ("DELETE FROM sok.actions WHERE report_id = '%s'", id);
  assert_refused ("dsl1", SOK_PG_DSL_PASSWORD, sql, "42501");
  g_free (sql);
  sql = g_strdup_printf ("DELETE FROM sok.envelopes WHERE report_id = '%s'", id);
  assert_refused ("dsl1", SOK_PG_DSL_PASSWORD, sql, "42501");
  assert_refused ("dsl1", SOK_PG_DSL_PASSWORD, "TRUNCATE sok.audit CASCADE", "42501");

  /* The owner, triggers on: no deleting, no changing anything but the detail. */
  g_free (sql);
  sql = g_strdup_printf ("DELETE FROM sok.audit WHERE id = %" G_GINT64_FORMAT, entry);
  g_assert_false (sok_pg_harness_exec (harness, sql, NULL));
  g_free (sql);
  sql = g_strdup_printf ("UPDATE sok.audit SET detail = NULL, actor = 'x' WHERE id = %"
                         G_GINT64_FORMAT, entry);
  g_assert_false (sok_pg_harness_exec (harness, sql, NULL));

  /* Through sokctl's path, with the entry, it goes; the log still verifies. */
  {
    g_autoptr (GPtrArray) removed = sok_queue_apply_retention (dsl, 6, "A. Lead", FALSE, &error);
    gboolean found = FALSE;

    g_assert_no_error (error);
    for (guint i = 0; i < removed->len; i++)
      found |= g_str_equal (((SokQueueRetained *)removed->pdata[i])->report_id, id);
    g_assert_true (found);
  }
  g_assert_true (sok_queue_verify_audit (dsl, NULL, NULL, &error));
  g_assert_no_error (error);

  g_clear_object (&dsl);
  sok_dsl_key_free (key);
}

static gint64
pg_count_as_owner (const char *queue_uri,
                   const char *sql)
{
  PGconn *conn = sok_pg_harness_connect (harness, "postgres", SOK_PG_SUPER_PASSWORD);
  PGresult *res;
  gint64 n;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  PQclear (PQexec (conn, "SET search_path = sok, pg_catalog"));
  res = PQexec (conn, sql);
  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (res));
  n = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  PQclear (res);
  PQfinish (conn);
  return n;
}

static const CaseBackend pg_backend = {
  new_pg_uri,
  pg_edit_audit_actor,
  pg_exec_as_owner,
  pg_count_as_owner,
};

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  harness = sok_pg_harness_start_or_skip ();
  if (harness == NULL)
    return g_test_run ();

  case_tests_make_keys ();

  case_tests_add ("/case/pg", &pg_backend);
  g_test_add_func ("/case/pg/sokctl-lists-shows-acts-closes-and-counts", test_sokctl_against_postgresql);
  g_test_add_func ("/case/pg/retention/only-through-its-function-and-only-for-the-dsl",
                   test_retention_only_through_its_function);

  status = g_test_run ();
  case_tests_cleanup ();
  sok_pg_harness_free (harness);
  return status;
}
