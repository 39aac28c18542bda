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

static const CaseBackend pg_backend = {
  new_pg_uri,
  pg_edit_audit_actor,
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

  status = g_test_run ();
  case_tests_cleanup ();
  sok_pg_harness_free (harness);
  return status;
}
