/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-sokctl-report"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sys/stat.h>

#include "sok-config.h"
#include "sok-half-day.h"
#include "sok-outbox.h"
#include "sok-queue.h"
#include "sok-report.h"
#include "sok-seal.h"
#include "sok-store.h"
#include "test-util.h"

/* sokctl keys generate, outbox status and sync, as IT and scripts use them, against
 * a kiosk whose reports are sent in this process through sok_report_send(). */

#define PASSPHRASE "a quiet place to tell"

static JsonObject *
run_object (SokTestRun *run)
{
  g_assert_nonnull (run->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (run->json));
  return json_node_get_object (run->json);
}

typedef struct
{
  char      *root;
  char      *data_dir;
  char      *keys_dir;
  SokDslKey *key;
} Kiosk;

static void
kiosk_clear (Kiosk *kiosk)
{
  g_clear_pointer (&kiosk->key, sok_dsl_key_free);
  if (kiosk->root != NULL)
    sok_test_remove_tree (kiosk->root);
  g_clear_pointer (&kiosk->root, g_free);
  g_clear_pointer (&kiosk->data_dir, g_free);
  g_clear_pointer (&kiosk->keys_dir, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Kiosk, kiosk_clear)

/* A kiosk set up with sokctl init. With @with_key, a DSL key pair is made here with
 * the cheapest Argon2id limits (so that valgrind runs stay quick) and set with
 * sokctl config set, as IT would. */
static void
kiosk_init (Kiosk    *kiosk,
            gboolean  with_key)
{
  g_autoptr (GError) error = NULL;
  g_auto (SokTestRun) run = { 0 };

  kiosk->root = g_dir_make_tmp ("sokctl-report-XXXXXX", &error);
  g_assert_no_error (error);
  kiosk->data_dir = g_build_filename (kiosk->root, "kiosk", NULL);
  kiosk->keys_dir = g_build_filename (kiosk->root, "dsl", NULL);

  sok_test_sokctl (&run, "--data-dir", kiosk->data_dir, "init", "--school", "Test School", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);

  if (with_key)
    {
      g_autofree char *public_key = sok_test_make_dsl_keys (kiosk->keys_dir, PASSPHRASE,
                                                            &kiosk->key);

      sok_test_sokctl (&run, "--data-dir", kiosk->data_dir, "config", "set", "dsl-public-key",
                       public_key, NULL);
      g_assert_cmpstr (run.err, ==, "");
      g_assert_cmpint (run.status, ==, 0);
    }
}

/* Sends a report as the kiosk's Send does; returns its id. */
static char *
send_report (Kiosk      *kiosk,
             const char *text,
             gboolean    urgent)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokConfig) config = sok_config_load (kiosk->data_dir, &error);
  g_autoptr (SokStore) store = sok_store_open (kiosk->data_dir, &error);
  g_autoptr (SokReportDraft) draft = sok_report_draft_new ();
  char *id = NULL;

  g_assert_no_error (error);
  sok_report_draft_set_category (draft, "unkind-to-me", "conduct");
  sok_report_draft_set_feeling (draft, "sad");
  sok_report_draft_set_text (draft, text, -1);
  sok_report_draft_set_urgent (draft, urgent);
  g_assert_true (sok_report_send (store, config, draft, &id, &error));
  g_assert_no_error (error);

  return id;
}

static char *
write_passphrase (const char *dir,
                  const char *name,
                  const char *text)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_NONE, 0600,
                                           &error));
  g_assert_no_error (error);
  return path;
}

/* --- keys generate ------------------------------------------------------------- */

static void
test_keys_generate (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("sokctl-keys-XXXXXX", &error);
  g_autofree char *out = g_build_filename (root, "dsl", NULL);
  g_autofree char *pub_path = g_build_filename (out, "dsl.pub", NULL);
  g_autofree char *key_path = g_build_filename (out, "dsl.key", NULL);
  g_autofree char *passphrase_file = write_passphrase (root, "passphrase", PASSPHRASE "\n");
  g_autofree char *pub_text = NULL;
  g_autofree char *key_text = NULL;
  g_autofree char *pub_again = NULL;
  g_autofree char *key_again = NULL;
  g_autofree char *fingerprint = NULL;
  g_auto (SokTestRun) run = { 0 };
  guint8 raw[32];
  struct stat st;

  g_assert_no_error (error);

  sok_test_sokctl (&run, "keys", "generate", "--out", out, "--passphrase-file", passphrase_file,
                   "--format", "json", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);

  /* dsl.pub: the 44 characters of a base64 X25519 key and a newline. */
  g_assert_true (g_file_get_contents (pub_path, &pub_text, NULL, &error));
  g_assert_cmpuint (strlen (pub_text), ==, 45);
  g_assert_true (sok_seal_decode_public_key (pub_text, raw, &error));
  g_assert_no_error (error);
  g_strchomp (pub_text);
  fingerprint = sok_seal_dup_fingerprint (pub_text);
  g_assert_cmpstr (json_object_get_string_member (run_object (&run), "public_key"), ==, pub_text);
  g_assert_cmpstr (json_object_get_string_member (run_object (&run), "fingerprint"), ==,
                   fingerprint);

  /* dsl.key: private to its owner, and the private key is not in it in the clear
   * (it would be the base64 of 32 bytes; the file holds only the sealed form). */
  g_assert_cmpint (g_stat (key_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (key_path, &key_text, NULL, &error));
  g_assert_nonnull (strstr (key_text, "argon2id13"));
  g_assert_nonnull (strstr (key_text, pub_text));

  /* Never overwritten: the second run fails and both files are as they were. */
  sok_test_sokctl (&run, "keys", "generate", "--out", out, "--passphrase-file", passphrase_file,
                   NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "already exists and was not overwritten"));
  sok_test_assert_one_line (run.err);
  g_assert_true (g_file_get_contents (pub_path, &pub_again, NULL, &error));
  g_assert_true (g_file_get_contents (key_path, &key_again, NULL, &error));
  g_assert_cmpstr (key_again, ==, key_text);
  g_assert_cmpstr (g_strchomp (pub_again), ==, pub_text);

  sok_test_remove_tree (root);
}

/* The pair sokctl made works end to end: a kiosk given dsl.pub seals a report that
 * dsl.key with the passphrase opens again (sok-open-outbox is the DSL's side, in its
 * own process, at the real Argon2id cost). */
static void
test_keys_generate_pair_opens_reports (void)
{
  g_auto (Kiosk) kiosk = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *passphrase_file = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *pub_path = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *id = NULL;
  g_auto (SokTestRun) run = { 0 };
  g_auto (SokTestRun) opened = { 0 };
  const char *typed = "Someone in my game said mean things 😢 בבקשה";
  JsonArray *envelopes;

  kiosk_init (&kiosk, FALSE);
  passphrase_file = write_passphrase (kiosk.root, "passphrase", PASSPHRASE);
  key_path = g_build_filename (kiosk.keys_dir, "dsl.key", NULL);
  pub_path = g_build_filename (kiosk.keys_dir, "dsl.pub", NULL);

  sok_test_sokctl (&run, "keys", "generate", "--out", kiosk.keys_dir, "--passphrase-file",
                   passphrase_file, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "sokctl config set dsl-public-key"));
  g_assert_true (g_file_get_contents (pub_path, &public_key, NULL, &error));
  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "config", "set", "dsl-public-key",
                   g_strchomp (public_key), NULL);
  g_assert_cmpint (run.status, ==, 0);

  id = send_report (&kiosk, typed, FALSE);

  g_assert_nonnull (g_getenv ("SOK_OPEN_OUTBOX"));
  sok_test_run_argv (&opened, (const char *[]) { g_getenv ("SOK_OPEN_OUTBOX"), "--data-dir",
                                                 kiosk.data_dir, "--key", key_path,
                                                 "--passphrase-file", passphrase_file, NULL });
  g_assert_cmpstr (opened.err, ==, "");
  g_assert_cmpint (opened.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, opened.out, -1, &error));
  g_assert_no_error (error);
  envelopes = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (envelopes), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (envelopes, 0),
                                                  "report_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (envelopes, 0),
                                                  "text"), ==, typed);
}

static void
test_keys_generate_bad_passphrases (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("sokctl-keys-XXXXXX", &error);
  g_autofree char *out = g_build_filename (root, "dsl", NULL);
  g_autofree char *short_file = write_passphrase (root, "short", "tiny\n");
  g_autofree char *empty_file = write_passphrase (root, "empty", "\n");
  g_autofree char *missing_file = g_build_filename (root, "no-such-file", NULL);
  g_auto (SokTestRun) run = { 0 };

  g_assert_no_error (error);

  sok_test_sokctl (&run, "keys", "generate", "--out", out, "--passphrase-file", short_file, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "too short"));
  g_assert_nonnull (strstr (run.err, "at least 10 characters"));
  sok_test_assert_one_line (run.err);

  sok_test_sokctl (&run, "keys", "generate", "--out", out, "--passphrase-file", empty_file, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "is empty"));
  sok_test_assert_one_line (run.err);

  sok_test_sokctl (&run, "keys", "generate", "--out", out, "--passphrase-file", missing_file, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Could not read the passphrase"));
  g_assert_nonnull (strstr (run.err, "no-such-file"));
  sok_test_assert_one_line (run.err);

  /* Usage errors exit 2 and say what is missing. */
  sok_test_sokctl (&run, "keys", "generate", "--out", out, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--passphrase-file"));
  sok_test_sokctl (&run, "keys", "generate", "--passphrase-file", short_file, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--out DIR"));
  sok_test_sokctl (&run, "keys", "make", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "not “make”"));

  /* Nothing was written by any of them. */
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  sok_test_remove_tree (root);
}

/* --- doctor -------------------------------------------------------------------- */

static void
test_doctor_missing_key_is_warning (void)
{
  g_auto (Kiosk) kiosk = { 0 };
  g_auto (SokTestRun) run = { 0 };
  JsonArray *checks;
  gboolean seen = FALSE;

  kiosk_init (&kiosk, FALSE);

  /* init → doctor passes: a missing key is a warning, with how to fix it. */
  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "doctor", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "WARNING  reports"));
  g_assert_nonnull (strstr (run.out, "refuses reports"));
  g_assert_nonnull (strstr (run.out, "sokctl keys generate"));
  g_assert_nonnull (strstr (run.out, "sokctl config set dsl-public-key"));

  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "--format", "json", "doctor", NULL);
  g_assert_cmpint (run.status, ==, 0);
  checks = json_node_get_array (run.json);
  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *check = json_array_get_object_element (checks, i);

      if (g_str_equal (json_object_get_string_member (check, "check"), "reports"))
        {
          g_assert_cmpstr (json_object_get_string_member (check, "status"), ==, "warning");
          seen = TRUE;
        }
    }
  g_assert_true (seen);
}

static void
test_doctor_key_set_is_ok (void)
{
  g_auto (Kiosk) kiosk = { 0 };
  g_auto (SokTestRun) run = { 0 };
  g_autofree char *fingerprint = NULL;
  g_autofree char *public_key = NULL;

  g_autofree char *words = NULL;

  kiosk_init (&kiosk, TRUE);
  public_key = sok_dsl_key_dup_public_key_base64 (kiosk.key);
  fingerprint = sok_seal_dup_fingerprint (public_key);
  words = sok_seal_dup_fingerprint_words (public_key);

  /* Set by a script, without --fingerprint: doctor keeps asking for the words to be
   * checked, and for the kiosk to be enrolled, and passes. */
  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "--format", "json", "doctor", NULL);
  g_assert_cmpint (run.status, ==, 0);
  {
    JsonArray *checks = json_node_get_array (run.json);
    guint warnings = 0;

    for (guint i = 0; i < json_array_get_length (checks); i++)
      {
        JsonObject *check = json_array_get_object_element (checks, i);
        const char *name = json_object_get_string_member (check, "check");

        if (!g_str_equal (json_object_get_string_member (check, "status"), "warning"))
          continue;
        warnings++;
        g_assert_true (g_str_equal (name, "dsl-words") || g_str_equal (name, "kiosk-key"));
        if (g_str_equal (name, "dsl-words"))
          g_assert_nonnull (strstr (json_object_get_string_member (check, "fix"), words));
      }
    g_assert_cmpuint (warnings, ==, 2);
  }

  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "config", "set", "dsl-key-confirmed",
                   words, NULL);
  g_assert_cmpint (run.status, ==, 0);
  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "kiosk", "enrol", NULL);
  g_assert_cmpint (run.status, ==, 0);

  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "doctor", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, "WARNING"));
  g_assert_nonnull (strstr (run.out, fingerprint));
  g_assert_nonnull (strstr (run.out, words));
}

static void
test_doctor_finds_private_key_on_kiosk (void)
{
  g_auto (Kiosk) kiosk = { 0 };
  g_auto (SokTestRun) run = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *keys_here = NULL;

  kiosk_init (&kiosk, TRUE);
  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "doctor", NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* Someone ran “keys generate” on the kiosk itself. */
  keys_here = g_build_filename (kiosk.data_dir, "keys", NULL);
  g_free (sok_test_make_dsl_keys (keys_here, PASSPHRASE, NULL));

  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "doctor", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "PROBLEM  dsl-key"));
  g_assert_nonnull (strstr (run.out, "keys/dsl.key"));
}

/* --- outbox status and sync ---------------------------------------------------- */

static void
test_outbox_status_counts_waiting (void)
{
  g_auto (Kiosk) kiosk = { 0 };
  g_auto (SokTestRun) run = { 0 };
  JsonObject *status;
  g_auto (GStrv) lines = NULL;

  kiosk_init (&kiosk, TRUE);

  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "outbox", "status", "--format", "json",
                   NULL);
  g_assert_cmpint (run.status, ==, 0);
  status = run_object (&run);
  g_assert_cmpint (json_object_get_int_member (status, "waiting"), ==, 0);
  g_assert_true (json_object_get_null_member (status, "waiting_since"));
  g_assert_true (json_object_get_null_member (status, "last_error"));

  g_free (send_report (&kiosk, "one", FALSE));
  g_free (send_report (&kiosk, "two", TRUE));
  g_free (send_report (&kiosk, "three", FALSE));

  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "outbox", "status", "--format", "json",
                   NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  status = run_object (&run);
  g_assert_cmpint (json_object_get_int_member (status, "waiting"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (status, "urgent_waiting"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (status, "attempts"), ==, 0);
  /* Since which half-day, never a finer time. */
  {
    g_autofree char *half_day = sok_half_day_dup_iso (sok_half_day_now ());

    g_assert_cmpstr (json_object_get_string_member (status, "waiting_since"), ==, half_day);
  }
  g_assert_false (json_object_has_member (status, "oldest_age_seconds"));
  g_assert_true (json_object_get_null_member (status, "last_error"));
  g_assert_true (json_object_get_null_member (status, "last_delivered_half_day"));

  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "outbox", "status", "--format", "csv", NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "waiting,urgent_waiting,waiting_since,attempts,last_error,"
                                 "last_error_half_day,last_delivered_half_day");
  g_assert_true (g_str_has_prefix (lines[1], "3,1,"));

  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "outbox", "status", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "3 reports are waiting to be delivered to the DSL queue "
                                     "(1 urgent), since this "));

  /* Nothing of any report shows. */
  g_assert_null (strstr (run.out, "three"));

  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "outbox", "list", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "not “list”"));
}

static GHashTable *
open_queue (Kiosk      *kiosk,
            const char *uri)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokQueue) queue = sok_queue_open (uri, SOK_QUEUE_ROLE_DSL, &error);
  g_autoptr (GPtrArray) cases = NULL;
  GHashTable *texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_no_error (error);
  /* Reading a report records the view, signed with the DSL key. */
  sok_queue_set_dsl_key (queue, kiosk->key);
  cases = sok_queue_list_cases (queue, SOK_CASE_FILTER_ALL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < cases->len; i++)
    {
      SokQueueCase *item = g_ptr_array_index (cases, i);
      g_autoptr (GBytes) sealed = sok_queue_open_sealed (queue, item->report_id, "Test", "test", NULL, NULL, &error);
      g_autoptr (JsonNode) opened = NULL;
      JsonObject *envelope;

      g_assert_no_error (error);
      opened = sok_test_open_envelope (kiosk->key, sealed);
      envelope = json_node_get_object (opened);
      g_assert_cmpstr (json_object_get_string_member (envelope, "report_id"), ==, item->report_id);
      g_hash_table_insert (texts, g_strdup (item->report_id),
                           g_strdup (json_object_get_string_member (envelope, "text")));
    }

  return texts;
}

static void
test_sync_delivers_and_empties_outbox (void)
{
  g_auto (Kiosk) kiosk = { 0 };
  g_auto (SokTestRun) run = { 0 };
  g_autoptr (GHashTable) texts = NULL;
  g_autofree char *id1 = NULL;
  g_autofree char *id2 = NULL;
  g_autofree char *queue_path = NULL;
  g_autofree char *queue_uri = NULL;
  JsonObject *result;

  kiosk_init (&kiosk, TRUE);
  queue_path = g_build_filename (kiosk.data_dir, "dsl-queue.db", NULL);
  queue_uri = g_strconcat ("sqlite:", queue_path, NULL);

  /* Nothing waiting: nothing to do, and that is success. */
  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Delivered 0 reports"));

  id1 = send_report (&kiosk, "first report 🙂", FALSE);
  id2 = send_report (&kiosk, "second report", TRUE);

  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "sync", "--format", "json", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  result = run_object (&run);
  g_assert_cmpint (json_object_get_int_member (result, "delivered"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (result, "waiting"), ==, 0);
  g_assert_true (json_object_get_null_member (result, "error"));

  texts = open_queue (&kiosk, queue_uri);
  g_assert_cmpuint (g_hash_table_size (texts), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (texts, id1), ==, "first report 🙂");
  g_assert_cmpstr (g_hash_table_lookup (texts, id2), ==, "second report");

  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "outbox", "status", "--format", "json",
                   NULL);
  result = run_object (&run);
  g_assert_cmpint (json_object_get_int_member (result, "waiting"), ==, 0);
  g_assert_nonnull (json_object_get_string_member (result, "last_delivered_half_day"));

  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Delivered 0 reports to the DSL queue; 0 waiting."));
}

static void
test_sync_unreachable_queue_keeps_reports (void)
{
  g_auto (Kiosk) kiosk = { 0 };
  g_auto (SokTestRun) run = { 0 };
  g_autoptr (GHashTable) texts = NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *bad_uri = NULL;
  g_autofree char *good_uri = NULL;
  JsonObject *result;

  kiosk_init (&kiosk, TRUE);
  bad_uri = g_strconcat ("sqlite:", kiosk.root, "/no-such-dir/dsl-queue.db", NULL);
  good_uri = g_strconcat ("sqlite:", kiosk.root, "/dsl-queue.db", NULL);

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *text = g_strdup_printf ("waiting report %u", i);
      g_ptr_array_add (ids, send_report (&kiosk, text, i == 0));
    }

  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "config", "set", "queue", bad_uri, NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* Delivery fails: exit 1, one line saying the reports wait and why. */
  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "sync", "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  sok_test_assert_one_line (run.err);
  g_assert_nonnull (strstr (run.err, "4 reports are still waiting on this kiosk, safely"));
  g_assert_nonnull (strstr (run.err, "no-such-dir"));
  result = run_object (&run);
  g_assert_cmpint (json_object_get_int_member (result, "delivered"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (result, "waiting"), ==, 4);
  g_assert_nonnull (strstr (json_object_get_string_member (result, "error"), "no-such-dir"));

  /* The status says why, and how often it failed; doctor warns but passes. */
  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "outbox", "status", "--format", "json",
                   NULL);
  g_assert_cmpint (run.status, ==, 0);
  result = run_object (&run);
  g_assert_cmpint (json_object_get_int_member (result, "waiting"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (result, "attempts"), ==, 1);
  g_assert_nonnull (strstr (json_object_get_string_member (result, "last_error"), "no-such-dir"));
  g_assert_nonnull (json_object_get_string_member (result, "last_error_half_day"));

  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "outbox", "status", NULL);
  g_assert_nonnull (strstr (run.out, "Last error"));
  g_assert_nonnull (strstr (run.out, "no-such-dir"));
  g_assert_nonnull (strstr (run.out, "Failed delivery attempts: 1 "));

  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "doctor", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "WARNING  outbox"));
  g_assert_nonnull (strstr (run.out, "4 reports are waiting, safely"));

  /* Again at once: sync does not wait out the back-off, and counts the attempt. */
  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "sync", NULL);
  g_assert_cmpint (run.status, ==, 1);
  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "outbox", "status", "--format", "json",
                   NULL);
  g_assert_cmpint (json_object_get_int_member (run_object (&run), "attempts"), ==, 2);

  /* Fixed: every report goes, exactly once, and nothing was lost. */
  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "config", "set", "queue", good_uri, NULL);
  g_assert_cmpint (run.status, ==, 0);
  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "sync", "--format", "json", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (json_object_get_int_member (run_object (&run), "delivered"), ==, 4);

  texts = open_queue (&kiosk, good_uri);
  g_assert_cmpuint (g_hash_table_size (texts), ==, 4);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *text = g_strdup_printf ("waiting report %u", i);
      g_assert_cmpstr (g_hash_table_lookup (texts, g_ptr_array_index (ids, i)), ==, text);
    }

  /* The old error no longer explains anything: none wait. */
  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "outbox", "status", "--format", "json",
                   NULL);
  g_assert_cmpint (json_object_get_int_member (run_object (&run), "waiting"), ==, 0);
  g_assert_true (json_object_get_null_member (run_object (&run), "last_error"));
  sok_test_sokctl (&run, "--data-dir", kiosk.data_dir, "doctor", NULL);
  g_assert_null (strstr (run.out, "WARNING  outbox"));
}

static void
test_outbox_needs_initialised_kiosk (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("sokctl-report-XXXXXX", &error);
  g_autofree char *dir = g_build_filename (root, "nothing-here", NULL);
  g_auto (SokTestRun) run = { 0 };

  sok_test_sokctl (&run, "--data-dir", dir, "outbox", "status", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "sokctl --data-dir"));
  g_assert_nonnull (strstr (run.err, "init"));
  sok_test_sokctl (&run, "--data-dir", dir, "sync", NULL);
  g_assert_cmpint (run.status, ==, 1);
  sok_test_assert_one_line (run.err);
  /* Neither made a kiosk by accident. */
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  sok_test_remove_tree (root);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sokctl/keys/generate-writes-pair-and-never-overwrites", test_keys_generate);
  g_test_add_func ("/sokctl/keys/generated-pair-opens-what-the-kiosk-sealed",
                   test_keys_generate_pair_opens_reports);
  g_test_add_func ("/sokctl/keys/bad-passphrase-files-refused-clearly",
                   test_keys_generate_bad_passphrases);
  g_test_add_func ("/sokctl/doctor/missing-dsl-key-is-a-warning", test_doctor_missing_key_is_warning);
  g_test_add_func ("/sokctl/doctor/dsl-key-set-shows-fingerprint", test_doctor_key_set_is_ok);
  g_test_add_func ("/sokctl/doctor/finds-dsl-private-key-on-kiosk",
                   test_doctor_finds_private_key_on_kiosk);
  g_test_add_func ("/sokctl/outbox/status-counts-waiting-reports", test_outbox_status_counts_waiting);
  g_test_add_func ("/sokctl/outbox/needs-an-initialised-kiosk", test_outbox_needs_initialised_kiosk);
  g_test_add_func ("/sokctl/sync/delivers-and-empties-the-outbox",
                   test_sync_delivers_and_empties_outbox);
  g_test_add_func ("/sokctl/sync/unreachable-queue-keeps-reports-and-says-why",
                   test_sync_unreachable_queue_keeps_reports);

  return g_test_run ();
}
