/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-queue-sqlite"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "sok-case-kinds.h"
#include "sok-half-day.h"
#include "sok-queue.h"
#include "test-util.h"

typedef struct
{
  char     *dir;
  char     *path;
  char     *uri;
  SokQueue *kiosk;
  SokQueue *dsl;
} Fixture;

/* The DSL's key, made once: every entry the DSL writes is signed with it. */
static SokDslKey *dsl_key;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("sok-queue-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "dsl-queue.db", NULL);
  f->uri = g_strconcat ("sqlite:", f->path, NULL);
  f->kiosk = sok_queue_open (f->uri, SOK_QUEUE_ROLE_KIOSK, &error);
  g_assert_no_error (error);
  f->dsl = sok_queue_open (f->uri, SOK_QUEUE_ROLE_DSL, &error);
  g_assert_no_error (error);
  sok_queue_set_dsl_key (f->dsl, dsl_key);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->kiosk);
  g_assert_finalize_object (f->dsl);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->uri);
}

static GBytes *
sealed_for (const char *id)
{
  g_autofree char *text = g_strdup_printf ("sealed:%s", id);

  return g_bytes_new (text, strlen (text));
}

static guint
deliver (SokQueue   *queue,
         const char *id,
         gboolean    urgent)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) sealed = sealed_for (id);
  SokQueueEnvelope env = { id, "kiosk-hall", urgent, sealed };
  guint n_new = 99;

  sok_queue_deliver (queue, &env, 1, &n_new, &error);
  g_assert_no_error (error);
  return n_new;
}

static void
test_delivers_once (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) cases = NULL;
  g_autoptr (GBytes) sealed = NULL;
  g_autoptr (GBytes) want = sealed_for ("r1");
  g_autoptr (GBytes) a = sealed_for ("b1");
  g_autoptr (GBytes) b = sealed_for ("b2");
  SokQueueEnvelope batch[] = { { "b1", "k", FALSE, a }, { "b2", "k", TRUE, b }, { "r1", "k", FALSE, a } };
  struct stat st;
  guint n_new = 0;

  g_assert_cmpuint (deliver (f->kiosk, "r1", FALSE), ==, 1);
  g_assert_cmpuint (deliver (f->kiosk, "r1", FALSE), ==, 0);
  g_assert_true (sok_queue_deliver (f->kiosk, batch, G_N_ELEMENTS (batch), &n_new, &error));
  g_assert_cmpuint (n_new, ==, 2);

  cases = sok_queue_list_cases (f->dsl, SOK_CASE_FILTER_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 3);

  /* The first copy is kept: a duplicate never replaces what arrived. */
  sealed = sok_queue_open_sealed (f->dsl, "r1", "A. Lead", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (sealed, want));

  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);

  /* A batch with a broken envelope is refused whole. */
  batch[0].sealed = NULL;
  g_assert_false (sok_queue_deliver (f->kiosk, batch, 1, NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
}

static void
test_list_order_and_filter (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) cases = NULL;
  /* Urgent first, then by half-day, newest first; within one half-day by report id,
   * which (a random UUID in real life) says nothing of the order they came in. */
  const char *order[] = { "urgent-new", "urgent-old", "plain-mid", "plain-new", "plain-old" };

  deliver (f->kiosk, "plain-old", FALSE);
  g_usleep (2000);
  deliver (f->kiosk, "urgent-old", TRUE);
  g_usleep (2000);
  deliver (f->kiosk, "plain-mid", FALSE);
  g_usleep (2000);
  deliver (f->kiosk, "urgent-new", TRUE);
  g_usleep (2000);
  deliver (f->kiosk, "plain-new", FALSE);

  cases = sok_queue_list_cases (f->dsl, SOK_CASE_FILTER_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 5);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    g_assert_cmpstr (((SokQueueCase *)cases->pdata[i])->report_id, ==, order[i]);
  g_clear_pointer (&cases, g_ptr_array_unref);

  g_assert_true (sok_queue_record_view (f->dsl, "plain-mid", "A. Lead", &error));
  g_assert_true (sok_queue_close_case (f->dsl, "plain-old", "not-a-concern", "A. Lead", NULL, &error));
  g_assert_no_error (error);

  cases = sok_queue_list_cases (f->dsl, SOK_CASE_FILTER_NEW, &error);
  g_assert_cmpuint (cases->len, ==, 3);
  g_clear_pointer (&cases, g_ptr_array_unref);
  cases = sok_queue_list_cases (f->dsl, SOK_CASE_FILTER_OPEN, &error);
  g_assert_cmpuint (cases->len, ==, 1);
  g_assert_cmpstr (((SokQueueCase *)cases->pdata[0])->report_id, ==, "plain-mid");
  g_clear_pointer (&cases, g_ptr_array_unref);
  cases = sok_queue_list_cases (f->dsl, SOK_CASE_FILTER_CLOSED, &error);
  g_assert_cmpuint (cases->len, ==, 1);
  g_assert_cmpstr (((SokQueueCase *)cases->pdata[0])->outcome, ==, "not-a-concern");

  /* The kiosk's side can only put reports in. */
  g_clear_pointer (&cases, g_ptr_array_unref);
  g_assert_null (sok_queue_list_cases (f->kiosk, SOK_CASE_FILTER_ALL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_PERMISSION);
}

static void
test_actions_and_close_rules (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) actions = NULL;
  g_autoptr (SokQueueCase) item = NULL;
  guint n_kinds;
  const SokCaseActionKind *kinds = sok_case_list_action_kinds (&n_kinds);

  deliver (f->kiosk, "c1", FALSE);

  /* Every kind the policies list is known; only no-further-action needs a reason. */
  g_assert_cmpuint (n_kinds, >=, 9);
  for (guint i = 0; i < n_kinds; i++)
    g_assert_true (kinds[i].reason_required == g_str_equal (kinds[i].id, "no-further-action"));

  g_assert_false (sok_queue_act (f->dsl, "c1", "shouted", "A. Lead", NULL, NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sok_queue_act (f->dsl, "c1", "no-further-action", "A. Lead", NULL, "  ", &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "reason"));
  g_clear_error (&error);
  g_assert_false (sok_queue_act (f->dsl, "c1", "spoke-with-child", "", NULL, NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sok_queue_act (f->dsl, "nope", "spoke-with-child", "A. Lead", NULL, NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (sok_queue_act (f->dsl, "c1", "spoke-with-child", "A. Lead", "At break time", NULL, &error));
  g_assert_true (sok_queue_act (f->dsl, "c1", "referred-technical-support", "B. Deputy", "Block the site", NULL, &error));
  g_assert_no_error (error);
  item = sok_queue_get_case (f->dsl, "c1", &error);
  g_assert_cmpint (item->status, ==, SOK_CASE_STATUS_OPEN);
  g_assert_cmpstr (item->last_action, ==, "referred-technical-support");
  g_clear_pointer (&item, sok_queue_case_free);

  /* Closing requires an outcome. */
  g_assert_false (sok_queue_close_case (f->dsl, "c1", NULL, "A. Lead", NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "outcome"));
  g_clear_error (&error);
  g_assert_true (sok_queue_close_case (f->dsl, "c1", "resolved-in-school", "A. Lead", NULL, &error));
  g_assert_no_error (error);

  /* A closed case takes no more actions until it is reopened with a reason. */
  g_assert_false (sok_queue_act (f->dsl, "c1", "informed-parents", "A. Lead", NULL, NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sok_queue_reopen_case (f->dsl, "c1", "A. Lead", NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (sok_queue_reopen_case (f->dsl, "c1", "A. Lead", "Parent rang", &error));
  g_assert_true (sok_queue_act (f->dsl, "c1", "no-further-action", "A. Lead", NULL, "Parents dealt with it", &error));
  g_assert_no_error (error);

  actions = sok_queue_list_actions (f->dsl, "c1", &error);
  g_assert_cmpuint (actions->len, ==, 3);
  g_assert_cmpstr (((SokQueueAction *)actions->pdata[0])->kind, ==, "spoke-with-child");
  g_assert_cmpstr (((SokQueueAction *)actions->pdata[0])->by, ==, "A. Lead");
  g_assert_cmpstr (((SokQueueAction *)actions->pdata[0])->note, ==, "At break time");
  g_assert_cmpint (((SokQueueAction *)actions->pdata[0])->at, >, 0);
  g_assert_cmpstr (((SokQueueAction *)actions->pdata[2])->reason, ==, "Parents dealt with it");
}

static void
tamper (Fixture    *f,
        const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
fill_audit (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) audit = NULL;
  guint n = 0;

  deliver (f->kiosk, "a1", FALSE);
  deliver (f->kiosk, "a2", TRUE);
  g_assert_true (sok_queue_record_view (f->dsl, "a1", "A. Lead", &error));
  g_assert_true (sok_queue_act (f->dsl, "a1", "spoke-with-child", "A. Lead", NULL, NULL, &error));
  g_assert_true (sok_queue_record_view (f->dsl, "a2", "A. Lead", &error));
  g_assert_true (sok_queue_act (f->dsl, "a2", "referred-police", "A. Lead", "Crime ref 123", NULL, &error));
  g_assert_true (sok_queue_close_case (f->dsl, "a1", "resolved-in-school", "A. Lead", NULL, &error));
  g_assert_no_error (error);

  g_assert_true (sok_queue_verify_audit (f->dsl, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 5);

  audit = sok_queue_list_audit (f->dsl, "a2", &error);
  g_assert_cmpuint (audit->len, ==, 2);
  g_assert_cmpstr (((SokAuditEntry *)audit->pdata[0])->action, ==, "view");
  g_assert_cmpstr (((SokAuditEntry *)audit->pdata[1])->detail, ==, "referred-police");

  /* The log refuses changes through SQL. */
  {
    sqlite3 *db = NULL;
    g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE audit SET actor = 'x'", NULL, NULL, NULL), !=, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "DELETE FROM audit", NULL, NULL, NULL), !=, SQLITE_OK);
    sqlite3_close (db);
  }
}

static void
test_audit_edit_detected (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fill_audit (f);
  tamper (f, "DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'informed-parents' WHERE id = 4");
  g_assert_false (sok_queue_verify_audit (f->dsl, NULL, NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "entry 4"));
  g_assert_nonnull (strstr (error->message, "changed"));
}

static void
test_audit_rewritten_hash_detected (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *hash = NULL;
  g_autoptr (GPtrArray) audit = NULL;
  SokAuditEntry *e;

  fill_audit (f);
  /* A careful tamperer recomputes the edited entry's own hash: the next entry no
   * longer follows from it. */
  audit = sok_queue_list_audit (f->dsl, NULL, &error);
  e = audit->pdata[1];
  g_free (e->actor);
  e->actor = g_strdup ("Someone else");
  hash = sok_audit_entry_compute_hash_v2 (e);
  sql = g_strdup_printf ("DROP TRIGGER audit_no_update;"
                         "UPDATE audit SET actor = 'Someone else', hash = '%s' WHERE id = 2", hash);
  tamper (f, sql);
  g_assert_false (sok_queue_verify_audit (f->dsl, NULL, NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  /* With the key, the edited entry's own signature no longer fits it. */
  g_assert_nonnull (strstr (error->message, "entry 2"));
  g_assert_nonnull (strstr (error->message, "signature"));
  g_clear_error (&error);

  /* Without it, the links show the break. */
  sok_queue_set_dsl_key (f->dsl, NULL);
  g_assert_false (sok_queue_verify_audit (f->dsl, NULL, NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "entry 3"));
}

static void
test_audit_deletion_detected (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fill_audit (f);
  tamper (f, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 3");
  g_assert_false (sok_queue_verify_audit (f->dsl, NULL, NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "entry 3 is missing"));
  g_clear_error (&error);

  /* Deleting the last entry leaves an unbroken chain, but not the recorded head. */
  g_assert_finalize_object (g_steal_pointer (&f->dsl));
  g_assert_finalize_object (g_steal_pointer (&f->kiosk));
  g_unlink (f->path);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->path, g_free);
  g_clear_pointer (&f->uri, g_free);
  fixture_set_up (f, NULL);
  fill_audit (f);
  tamper (f, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 5");
  g_assert_false (sok_queue_verify_audit (f->dsl, NULL, NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "deleted"));
}

/* Whether @needle is anywhere in any file of @dir (the queue, its WAL, …). */
static gboolean
dir_contains (const char *dir,
              const char *needle)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      if (memmem (contents, len, needle, strlen (needle)) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_notes_are_sealed (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) actions = NULL;
  g_autoptr (GPtrArray) cases = NULL;
  g_autoptr (GPtrArray) audit = NULL;
  const char *secrets[] = { "Talked to Jo about the chat", "Mum already knew",
                            "Parent rang back", "resolved-in-school" };

  deliver (f->kiosk, "n1", FALSE);
  g_assert_true (sok_queue_act (f->dsl, "n1", "spoke-with-child", "A. Lead", secrets[0], NULL,
                                &error));
  g_assert_true (sok_queue_act (f->dsl, "n1", "no-further-action", "A. Lead", NULL, secrets[1],
                                &error));
  g_assert_true (sok_queue_close_case (f->dsl, "n1", secrets[3], "A. Lead", secrets[2], &error));
  g_assert_no_error (error);

  /* Not in the database, its write-ahead log or anything beside them. */
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    g_assert_false (dir_contains (f->dir, secrets[i]));
  g_assert_true (dir_contains (f->dir, "n1"));

  /* The DSL reads them back with the key. */
  actions = sok_queue_list_actions (f->dsl, "n1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (actions->len, ==, 2);
  g_assert_cmpstr (((SokQueueAction *)actions->pdata[0])->note, ==, secrets[0]);
  g_assert_cmpstr (((SokQueueAction *)actions->pdata[1])->reason, ==, secrets[1]);
  cases = sok_queue_list_cases (f->dsl, SOK_CASE_FILTER_CLOSED, &error);
  g_assert_cmpuint (cases->len, ==, 1);
  g_assert_cmpstr (((SokQueueCase *)cases->pdata[0])->outcome, ==, secrets[3]);
  audit = sok_queue_list_audit (f->dsl, "n1", &error);
  g_assert_cmpstr (((SokAuditEntry *)audit->pdata[audit->len - 1])->detail, ==, secrets[2]);
  g_clear_pointer (&actions, g_ptr_array_unref);

  /* Without the key there is nothing to read, and nothing can be written. */
  sok_queue_set_dsl_key (f->dsl, NULL);
  actions = sok_queue_list_actions (f->dsl, "n1", &error);
  g_assert_null (((SokQueueAction *)actions->pdata[0])->note);
  g_assert_false (sok_queue_reopen_case (f->dsl, "n1", "A. Lead", "More came to light", &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_PERMISSION);
}

/* What someone who can write the file does to hide an edit: drop the triggers, edit
 * entry 2, recompute every hash from there to the end (the formula is no secret)
 * and move the head. */
static void
rewrite_chain (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) audit = NULL;
  g_autoptr (GString) sql = g_string_new ("DROP TRIGGER audit_no_update;");
  g_autofree char *prev = NULL;

  audit = sok_queue_list_audit (f->dsl, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 1; i < audit->len; i++)
    {
      SokAuditEntry *e = audit->pdata[i];

      if (i == 1)
        {
          g_free (e->actor);
          e->actor = g_strdup ("Someone else");
        }
      else
        {
          g_free (e->prev_hash);
          e->prev_hash = g_strdup (prev);
        }
      g_free (e->hash);
      e->hash = sok_audit_entry_compute_hash_v2 (e);
      g_string_append_printf (sql, "UPDATE audit SET actor = '%s', prev_hash = '%s', hash = '%s'"
                              " WHERE id = %" G_GINT64_FORMAT ";", e->actor, e->prev_hash,
                              e->hash, e->id);
      g_free (prev);
      prev = g_strdup (e->hash);
    }
  g_string_append_printf (sql, "UPDATE audit_head SET last_hash = '%s';", prev);
  tamper (f, sql->str);
}

static void
test_audit_recomputed_chain_detected (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *heads = g_build_filename (f->dir, "heads.ini", NULL);
  guint n_macs = 0;

  fill_audit (f);
  g_assert_true (sok_queue_verify_audit (f->dsl, NULL, &n_macs, &error));
  g_assert_cmpuint (n_macs, ==, 5);
  g_assert_true (sok_queue_check_known_head (f->dsl, heads, &error));
  g_assert_no_error (error);

  rewrite_chain (f);

  /* The links alone cannot tell... */
  sok_queue_set_dsl_key (f->dsl, NULL);
  g_assert_true (sok_queue_verify_audit (f->dsl, NULL, NULL, &error));
  g_assert_no_error (error);
  /* ...but the end this machine remembers is no longer there... */
  g_assert_false (sok_queue_check_known_head (f->dsl, heads, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "entry 5"));
  g_clear_error (&error);

  /* ...and without the DSL key no one can sign the rewritten entries. */
  sok_queue_set_dsl_key (f->dsl, dsl_key);
  g_assert_false (sok_queue_verify_audit (f->dsl, NULL, NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "entry 2 (action by Someone else)"));
  g_assert_nonnull (strstr (error->message, "signature"));
}

/* Anyone can seal a new note to the DSL's public key and put it in place of the real
 * one; the action's MAC, which needs the private key, finds it. */
static void
test_replaced_note_fails_its_signature (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *public_key = sok_dsl_key_dup_public_key_base64 (dsl_key);
  g_autoptr (GBytes) plain = g_bytes_new_static ("Nothing to worry about", 22);
  g_autoptr (GBytes) forged = sok_seal_seal (plain, public_key, &error);
  g_autofree char *hex = NULL;
  g_autofree char *sql = NULL;
  gsize len;
  const guint8 *data_bytes = g_bytes_get_data (forged, &len);

  fill_audit (f);
  hex = g_malloc (len * 2 + 1);
  for (gsize i = 0; i < len; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", data_bytes[i]);
  sql = g_strdup_printf ("UPDATE actions SET note = x'%s' WHERE report_id = 'a2'", hex);
  tamper (f, sql);
  {
    g_autoptr (GPtrArray) actions = sok_queue_list_actions (f->dsl, "a2", &error);

    g_assert_cmpstr (((SokQueueAction *)actions->pdata[0])->note, ==, "Nothing to worry about");
  }
  g_assert_false (sok_queue_verify_audit (f->dsl, NULL, NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "a2"));
  g_assert_nonnull (strstr (error->message, "was changed after it was written"));
}

static void
test_known_head_catches_a_shorter_log (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *heads = g_build_filename (f->dir, "heads.ini", NULL);

  fill_audit (f);
  g_assert_true (sok_queue_check_known_head (f->dsl, heads, &error));
  /* The last entry (a closing, which left no action behind) goes, and the head is
   * moved back to match. */
  {
    g_autoptr (GPtrArray) audit = sok_queue_list_audit (f->dsl, NULL, &error);
    g_autofree char *sql = g_strdup_printf ("DROP TRIGGER audit_no_delete;"
                                            "DELETE FROM audit WHERE id > 4;"
                                            "UPDATE audit_head SET last_id = 4, last_hash = '%s';",
                                            ((SokAuditEntry *)audit->pdata[3])->hash);
    tamper (f, sql);
  }
  g_assert_true (sok_queue_verify_audit (f->dsl, NULL, NULL, &error));
  g_assert_false (sok_queue_check_known_head (f->dsl, heads, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "saw 5 before"));
}

/* A queue as the first version made it: notes in the clear, audit entries of
 * version 1 (hashed with their detail, no MAC), arrival to the microsecond. */
#define OLD_RECEIVED_AT G_GINT64_CONSTANT (1764686613123456)  /* 2025-12-02 14:43:33 UTC */

static void
write_version_1_queue (const char *path)
{
  g_autofree char *hash1 = sok_audit_entry_compute_hash (1, 1000, "A. Lead", "action", "old-1",
                                                         "spoke-with-child",
                                                         SOK_AUDIT_GENESIS_HASH);
  g_autofree char *sql = g_strdup_printf (
    "CREATE TABLE envelopes (report_id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL,"
    "  urgent INTEGER NOT NULL DEFAULT 0, sealed BLOB NOT NULL, received_at INTEGER NOT NULL);"
    "CREATE INDEX envelopes_by_order ON envelopes (urgent DESC, received_at DESC);"
    "CREATE TABLE cases (report_id TEXT PRIMARY KEY REFERENCES envelopes (report_id),"
    "  status TEXT NOT NULL CHECK (status IN ('new', 'open', 'closed')), outcome TEXT,"
    "  updated_at INTEGER NOT NULL, CHECK (status <> 'closed' OR outcome IS NOT NULL));"
    "CREATE TABLE actions (id INTEGER PRIMARY KEY,"
    "  report_id TEXT NOT NULL REFERENCES envelopes (report_id), kind TEXT NOT NULL,"
    "  by_name TEXT NOT NULL, at INTEGER NOT NULL, note TEXT, reason TEXT);"
    "CREATE INDEX actions_by_report ON actions (report_id, at);"
    "CREATE TABLE audit (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL,"
    "  action TEXT NOT NULL, report_id TEXT, detail TEXT, prev_hash TEXT NOT NULL,"
    "  hash TEXT NOT NULL);"
    "CREATE INDEX audit_by_report ON audit (report_id, id);"
    "CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), last_id INTEGER NOT NULL,"
    "  last_hash TEXT NOT NULL);"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
    "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
    "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
    "INSERT INTO envelopes VALUES ('old-1', 'kiosk-hall', 0, x'01', %" G_GINT64_FORMAT ");"
    "INSERT INTO cases VALUES ('old-1', 'open', NULL, 1000);"
    "INSERT INTO actions VALUES (1, 'old-1', 'spoke-with-child', 'A. Lead', 1000,"
    "  'Walked Jo home after the chat', NULL);"
    "INSERT INTO audit VALUES (1, 1000, 'A. Lead', 'action', 'old-1', 'spoke-with-child',"
    "  '" SOK_AUDIT_GENESIS_HASH "', '%s');"
    "INSERT INTO audit_head VALUES (1, 1, '%s');"
    "PRAGMA user_version = 1;", OLD_RECEIVED_AT, hash1, hash1);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_chmod (path, 0600);
}

static void
test_version_1_queue_is_upgraded (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sok-queue-v1-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "dsl-queue.db", NULL);
  g_autofree char *uri = g_strconcat ("sqlite:", path, NULL);
  g_autoptr (SokQueue) dsl = NULL;
  g_autoptr (GPtrArray) actions = NULL;
  g_autoptr (GPtrArray) audit = NULL;
  guint n = 0, n_macs = 0;

  write_version_1_queue (path);
  g_assert_true (dir_contains (dir, "Walked Jo home after the chat"));

  dsl = sok_queue_open (uri, SOK_QUEUE_ROLE_DSL, &error);
  g_assert_no_error (error);
  /* With the key, the old note is sealed where it lay, and still reads the same. */
  sok_queue_set_dsl_key (dsl, dsl_key);
  actions = sok_queue_list_actions (dsl, "old-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((SokQueueAction *)actions->pdata[0])->note, ==, "Walked Jo home after the chat");
  /* The exact arrival is rounded down to its half-day. */
  {
    g_autoptr (SokQueueCase) item = sok_queue_get_case (dsl, "old-1", &error);

    g_assert_no_error (error);
    g_assert_cmpint (item->received_at, ==, sok_half_day_of (OLD_RECEIVED_AT));
    g_assert_cmpint (item->received_at, !=, OLD_RECEIVED_AT);
  }
  g_clear_object (&dsl);
  g_assert_false (dir_contains (dir, "Walked Jo home after the chat"));

  /* The old entry keeps its place at the head of the chain; new ones are signed. */
  dsl = sok_queue_open (uri, SOK_QUEUE_ROLE_DSL, &error);
  sok_queue_set_dsl_key (dsl, dsl_key);
  g_assert_true (sok_queue_close_case (dsl, "old-1", "resolved-in-school", "A. Lead", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sok_queue_verify_audit (dsl, &n, &n_macs, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (n_macs, ==, 1);
  audit = sok_queue_list_audit (dsl, NULL, &error);
  g_assert_cmpint (((SokAuditEntry *)audit->pdata[0])->version, ==, 1);
  g_assert_cmpint (((SokAuditEntry *)audit->pdata[1])->version, ==, 2);

  g_clear_object (&dsl);
  sok_test_remove_tree (dir);
}

static void
news_cb (SokQueue *queue, gpointer user_data)
{
  (*(guint *)user_data)++;
}

static void
test_watch_polls (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSource) source = NULL;
  guint news = 0;
  gint64 deadline;

  source = sok_queue_create_watch (f->dsl, news_cb, &news, NULL, &error);
  g_assert_no_error (error);
  g_source_attach (source, NULL);
  deliver (f->kiosk, "w1", TRUE);
  deadline = g_get_monotonic_time () + 6 * G_USEC_PER_SEC;
  while (news == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (news, ==, 1);
  g_source_destroy (source);
}

static void
test_redacts_passwords (void)
{
  struct { const char *in, *out; } cases[] = {
    { "postgresql://kiosk:s3cret@db.example:5432/q?sslmode=verify-full",
      "postgresql://kiosk:***@db.example:5432/q?sslmode=verify-full" },
    { "postgresql://kiosk@db/q?password=s3cret&sslmode=require",
      "postgresql://kiosk@db/q?password=***&sslmode=require" },
    { "postgresql://db/q", "postgresql://db/q" },
    { "sqlite:/var/lib/q.db", "sqlite:/var/lib/q.db" },
  };
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = sok_queue_redact_uri (cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].out);
    }

  g_assert_null (sok_queue_open ("sqlite:relative.db", SOK_QUEUE_ROLE_KIOSK, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID_URI);
  g_clear_error (&error);
  g_assert_null (sok_queue_open ("mysql://u:s3cret@h/q", SOK_QUEUE_ROLE_KIOSK, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID_URI);
  g_assert_null (strstr (error->message, "s3cret"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  dsl_key = sok_test_new_dsl_key ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/queue/sqlite/delivers-each-report-once", test_delivers_once);
  ADD ("/queue/sqlite/lists-urgent-first-then-newest", test_list_order_and_filter);
  ADD ("/queue/sqlite/actions-and-closing-follow-the-rules", test_actions_and_close_rules);
  ADD ("/queue/sqlite/audit-detects-an-edited-entry", test_audit_edit_detected);
  ADD ("/queue/sqlite/audit-detects-a-rehashed-entry", test_audit_rewritten_hash_detected);
  ADD ("/queue/sqlite/audit-detects-a-deleted-entry", test_audit_deletion_detected);
  ADD ("/queue/sqlite/watch-announces-new-reports", test_watch_polls);
  ADD ("/queue/sqlite/notes-reasons-and-outcomes-are-sealed", test_notes_are_sealed);
  ADD ("/queue/sqlite/audit-recomputed-end-to-end-fails-its-signatures",
       test_audit_recomputed_chain_detected);
  ADD ("/queue/sqlite/a-replaced-note-fails-its-signature", test_replaced_note_fails_its_signature);
  ADD ("/queue/sqlite/audit-cut-short-is-caught-by-the-remembered-end",
       test_known_head_catches_a_shorter_log);
#undef ADD
  g_test_add_func ("/queue/uri/passwords-are-redacted", test_redacts_passwords);
  g_test_add_func ("/queue/sqlite/a-first-version-queue-is-upgraded-and-its-notes-sealed",
                   test_version_1_queue_is_upgraded);

  status = g_test_run ();
  sok_dsl_key_free (dsl_key);
  return status;
}
