/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-kiosk-identity"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "sok-case.h"
#include "sok-fingerprint.h"
#include "sok-kiosk.h"
#include "sok-outbox.h"
#include "sok-report.h"
#include "sok-sync.h"
#include "test-util.h"

/* Kiosk identity and DSL key pinning: a kiosk signs each report inside the seal, the
 * DSL approves kiosks, and every report not signed by an approved kiosk is marked —
 * in the core and through sokctl, on the SQLite queue (test-kiosk-pg does PostgreSQL). */

#define PASSPHRASE "correct horse battery staple"

typedef struct
{
  char      *root;
  char      *keys_dir;
  char      *key_path;
  char      *passphrase_file;
  char      *queue_uri;
  char      *public_key;
  SokDslKey *dsl_key;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *queue_path = NULL;

  f->root = g_dir_make_tmp ("sok-kiosk-XXXXXX", &error);
  g_assert_no_error (error);
  f->keys_dir = g_build_filename (f->root, "dsl", NULL);
  f->key_path = g_build_filename (f->keys_dir, "dsl.key", NULL);
  f->passphrase_file = g_build_filename (f->root, "passphrase", NULL);
  g_assert_true (g_file_set_contents (f->passphrase_file, PASSPHRASE "\n", -1, &error));
  f->public_key = sok_test_make_dsl_keys (f->keys_dir, PASSPHRASE, &f->dsl_key);
  queue_path = g_build_filename (f->root, "dsl-queue.db", NULL);
  f->queue_uri = g_strconcat ("sqlite:", queue_path, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sok_test_remove_tree (f->root);
  g_free (f->root);
  g_free (f->keys_dir);
  g_free (f->key_path);
  g_free (f->passphrase_file);
  g_free (f->queue_uri);
  g_free (f->public_key);
  sok_dsl_key_free (f->dsl_key);
}

/* A kiosk's data directory, set up as `sokctl init` and `config set` would. */
static char *
make_kiosk (Fixture    *f,
            const char *name,
            gboolean    enrol)
{
  char *data_dir = g_build_filename (f->root, name, NULL);

  sok_test_write_kiosk_config (data_dir, name, f->public_key, f->queue_uri);
  if (enrol)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SokKioskKey) key = sok_kiosk_key_enrol (data_dir, FALSE, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (key);
    }
  return data_dir;
}

/* Sends a report from @data_dir as the kiosk's Send does, and delivers it. */
static char *
send_and_deliver (const char *data_dir,
                  const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokConfig) config = sok_config_load (data_dir, &error);
  g_autoptr (SokStore) store = sok_store_open (data_dir, &error);
  g_autoptr (SokReportDraft) draft = sok_report_draft_new ();
  g_auto (SokSyncResult) result = { 0 };
  char *id = NULL;

  g_assert_no_error (error);
  sok_report_draft_set_category (draft, "unkind-to-me", "conduct");
  sok_report_draft_set_text (draft, text, -1);
  g_assert_true (sok_report_send (store, config, draft, &id, &error));
  g_assert_no_error (error);
  g_assert_true (sok_sync_run_once (store, config, 0, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.delivered, ==, 1);
  /* received_at is in µs: keep deliveries and decisions apart. */
  g_usleep (2000);
  return id;
}

static SokQueue *
open_dsl (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  SokQueue *queue = sok_queue_open (f->queue_uri, SOK_QUEUE_ROLE_DSL, &error);

  g_assert_no_error (error);
  return queue;
}

/* The state the DSL sees for @report_id now. */
static SokSignatureState
state_of (Fixture    *f,
          const char *report_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokQueue) queue = open_dsl (f);
  g_autoptr (SokKioskRegistry) registry = sok_kiosk_registry_load (queue, f->dsl_key, &error);
  g_autoptr (SokQueueCase) item = sok_queue_get_case (queue, report_id, &error);

  g_assert_no_error (error);
  return sok_case_check_signature (queue, f->dsl_key, registry, item, "A. Lead");
}

static char *
words_of_kiosk (const char *data_dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokKioskKey) key = sok_kiosk_key_load (data_dir, &error);
  g_autofree char *public_key = NULL;

  g_assert_no_error (error);
  public_key = sok_kiosk_key_dup_public_key_base64 (key);
  return sok_kiosk_dup_fingerprint_words (public_key);
}

static void
decide (Fixture        *f,
        const char     *fingerprint,
        SokKioskStatus  decision)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokQueue) queue = open_dsl (f);

  g_assert_true (sok_kiosk_decide (queue, f->dsl_key, fingerprint, decision, "A. Lead", NULL,
                                   &error));
  g_assert_no_error (error);
  g_usleep (2000);
}

/* --- enrolling ------------------------------------------------------------------ */

static void
test_enrol_makes_private_key_once (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data_dir = make_kiosk (f, "kiosk-a", FALSE);
  g_autofree char *path = sok_kiosk_key_dup_path (data_dir);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr (SokKioskKey) first = NULL;
  g_autoptr (SokKioskKey) again = NULL;
  g_autoptr (SokKioskKey) replaced = NULL;
  g_autoptr (GDir) dir = NULL;
  gboolean created = FALSE;
  GStatBuf st;
  guint n_aside = 0;
  const char *name;

  g_assert_null (sok_kiosk_key_load (data_dir, &error));
  g_assert_error (error, SOK_KIOSK_ERROR, SOK_KIOSK_ERROR_NOT_ENROLLED);
  g_clear_error (&error);

  first = sok_kiosk_key_enrol (data_dir, FALSE, &created, &error);
  g_assert_no_error (error);
  g_assert_true (created);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));

  /* Enrolling again opens the same key and leaves the file alone. */
  again = sok_kiosk_key_enrol (data_dir, FALSE, &created, &error);
  g_assert_no_error (error);
  g_assert_false (created);
  g_assert_cmpmem (sok_kiosk_key_get_public_key (first), 32, sok_kiosk_key_get_public_key (again), 32);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);

  /* Only on request is a new key made, and the old one is kept beside it. */
  replaced = sok_kiosk_key_enrol (data_dir, TRUE, &created, &error);
  g_assert_no_error (error);
  g_assert_true (created);
  g_assert_true (memcmp (sok_kiosk_key_get_public_key (first),
                         sok_kiosk_key_get_public_key (replaced), 32) != 0);
  dir = g_dir_open (data_dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "kiosk.key.replaced-"))
      {
        g_autofree char *old = g_build_filename (data_dir, name, NULL);
        g_autofree char *old_text = NULL;

        g_assert_true (g_file_get_contents (old, &old_text, NULL, NULL));
        g_assert_cmpstr (old_text, ==, before);
        n_aside++;
      }
  g_assert_cmpuint (n_aside, ==, 1);
}

/* --- fingerprints ----------------------------------------------------------------- */

static void
test_fingerprint_words_round_trip (void)
{
  guint8 key[32];
  guint8 other[32];
  g_autofree char *words = NULL;
  g_autofree char *other_words = NULL;
  g_autofree char *shouted = NULL;
  g_auto (GStrv) parts = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_true (sok_seal_ensure_sodium (NULL));

  /* 256 distinct words, one per byte. */
  for (guint i = 0; i < 256; i++)
    {
      const char *word = sok_fingerprint_get_word (i);

      g_assert_true (strlen (word) >= 3 && strlen (word) <= 8);
      g_assert_false (g_hash_table_contains (seen, word));
      g_hash_table_add (seen, (gpointer)word);
    }

  randombytes_buf (key, sizeof key);
  memcpy (other, key, sizeof other);
  other[0] ^= 1;
  words = sok_fingerprint_dup_words (key, sizeof key);
  other_words = sok_fingerprint_dup_words (other, sizeof other);
  parts = g_strsplit (words, " ", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, SOK_FINGERPRINT_N_WORDS);
  for (guint i = 0; parts[i]; i++)
    g_assert_true (g_hash_table_contains (seen, parts[i]));

  /* The same key gives the same words; one bit changes them. */
  {
    g_autofree char *again = sok_fingerprint_dup_words (key, sizeof key);
    g_assert_cmpstr (again, ==, words);
  }
  g_assert_cmpstr (words, !=, other_words);

  /* As a person types them back: case, commas and dashes do not matter. */
  shouted = g_ascii_strup (words, -1);
  g_strdelimit (shouted, " ", ',');
  g_assert_true (sok_fingerprint_matches (words, shouted));
  {
    g_autofree char *dashed = g_strdelimit (g_strdup (words), " ", '-');
    g_assert_true (sok_fingerprint_matches (words, dashed));
  }
  g_assert_false (sok_fingerprint_matches (words, other_words));
  g_assert_false (sok_fingerprint_matches (words, ""));
  /* Five of the six words are not enough. */
  g_assert_false (sok_fingerprint_matches (words, strchr (words, ' ') + 1));
}

/* The words `sokctl keys fingerprint` prints for dsl.pub and dsl.key, and those
 * `sokctl config set dsl-public-key` shows, are one and the same; a mismatch given
 * with --fingerprint is refused and changes nothing; the right words confirm it. */
static void
test_fingerprint_pins_dsl_key (Fixture *f, gconstpointer data)
{
  g_auto (SokTestRun) run = { 0 };
  g_autofree char *data_dir = g_build_filename (f->root, "kiosk", NULL);
  g_autofree char *pub = g_build_filename (f->keys_dir, "dsl.pub", NULL);
  g_autofree char *words = sok_seal_dup_fingerprint_words (f->public_key);
  g_autofree char *wrong = NULL;
  guint8 other[32], secret[32];

  sok_test_sokctl (&run, "--data-dir", data_dir, "init", "--school", "Test School", NULL);
  g_assert_cmpint (run.status, ==, 0);

  sok_test_sokctl (&run, "keys", "fingerprint", pub, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, words));
  sok_test_sokctl (&run, "--format", "json", "keys", "fingerprint", f->key_path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (run.json),
                                                  "fingerprint_words"), ==, words);

  /* The words of another key are refused, and nothing is saved. */
  crypto_box_keypair (other, secret);
  {
    g_autofree char *other_key = g_base64_encode (other, sizeof other);
    wrong = sok_seal_dup_fingerprint_words (other_key);
  }
  sok_test_sokctl (&run, "--data-dir", data_dir, "config", "set", "dsl-public-key",
                   f->public_key, "--fingerprint", wrong, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Nothing was changed"));
  sok_test_assert_one_line (run.err);
  sok_test_sokctl (&run, "--data-dir", data_dir, "config", "get", "dsl-public-key", NULL);
  g_assert_cmpstr (run.out, ==, "\n");

  /* Without a terminal or --fingerprint: set, words printed, not confirmed. */
  sok_test_sokctl (&run, "--data-dir", data_dir, "--format", "json", "config", "set",
                   "dsl-public-key", f->public_key, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (run.json),
                                                  "fingerprint_words"), ==, words);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (run.json),
                                                  "confirmed"), ==, "false");

  /* The right words, typed as a person might, confirm it. */
  {
    g_autofree char *typed = g_ascii_strup (words, -1);

    sok_test_sokctl (&run, "--data-dir", data_dir, "config", "set", "dsl-public-key",
                     f->public_key, "--fingerprint", typed, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "confirmed"));
  }
  sok_test_sokctl (&run, "--data-dir", data_dir, "config", "get", "dsl-key-confirmed", NULL);
  g_assert_cmpstr (g_strstrip (run.out), ==, words);
}

/* --- signatures ------------------------------------------------------------------- */

/* An enrolled kiosk's reports are "unapproved" until the DSL approves its key, then
 * "valid"; once revoked, what it sends afterwards is "revoked", and so is what came in
 * the same half-day (the queue knows no finer time), while what came in an earlier
 * half-day stays valid. A kiosk that never enrolled still sends: "missing". */
static void
test_states_follow_the_dsl_decisions (Fixture *f, gconstpointer data)
{
  g_autofree char *hall = make_kiosk (f, "kiosk-hall", TRUE);
  g_autofree char *library = make_kiosk (f, "kiosk-library", FALSE);
  g_autofree char *hall_words = words_of_kiosk (hall);
  g_autofree char *before = NULL;
  g_autofree char *approved = NULL;
  g_autofree char *after = NULL;
  g_autofree char *unsigned_id = NULL;

  before = send_and_deliver (hall, "before approval");
  g_assert_cmpint (state_of (f, before), ==, SOK_SIGNATURE_UNAPPROVED);

  decide (f, hall_words, SOK_KIOSK_APPROVED);
  g_assert_cmpint (state_of (f, before), ==, SOK_SIGNATURE_VALID);
  approved = send_and_deliver (hall, "after approval");
  g_assert_cmpint (state_of (f, approved), ==, SOK_SIGNATURE_VALID);

  decide (f, hall_words, SOK_KIOSK_REVOKED);
  after = send_and_deliver (hall, "after revocation");
  g_assert_cmpint (state_of (f, after), ==, SOK_SIGNATURE_REVOKED);
  g_assert_cmpint (state_of (f, approved), ==, SOK_SIGNATURE_REVOKED);

  /* Had it arrived the day before, it would stay valid. */
  {
    g_autofree char *path = g_strdup (f->queue_uri + strlen ("sqlite:"));
    g_autofree char *sql = g_strdup_printf ("UPDATE envelopes SET received_at = received_at - "
                                            "86400000000 WHERE report_id = '%s'", approved);
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  g_assert_cmpint (state_of (f, approved), ==, SOK_SIGNATURE_VALID);

  /* Revoked stays revoked. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (SokQueue) queue = open_dsl (f);

    g_assert_false (sok_kiosk_decide (queue, f->dsl_key, hall_words, SOK_KIOSK_APPROVED,
                                      "A. Lead", NULL, &error));
    g_assert_error (error, SOK_KIOSK_ERROR, SOK_KIOSK_ERROR_REVOKED);
  }

  unsigned_id = send_and_deliver (library, "from a kiosk never enrolled");
  g_assert_cmpint (state_of (f, unsigned_id), ==, SOK_SIGNATURE_MISSING);
}

/* Anyone who can write to the queue could mark their own key approved; without the
 * DSL key's MAC that counts for nothing. */
static void
test_forged_approval_counts_for_nothing (Fixture *f, gconstpointer data)
{
  g_autofree char *hall = make_kiosk (f, "kiosk-hall", TRUE);
  g_autofree char *id = send_and_deliver (hall, "hello");
  g_autofree char *path = g_strdup (f->queue_uri + strlen ("sqlite:"));
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE kiosks SET state = 'approved', approved_at = 1,"
                                 " approved_by = 'me', mac = '00'", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_cmpint (state_of (f, id), ==, SOK_SIGNATURE_UNAPPROVED);
}

/* Puts @plaintext into the queue as a report the kiosk login sealed. */
static void
deliver_forged (Fixture    *f,
                const char *report_id,
                GBytes     *plaintext)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) sealed = sok_seal_seal (plaintext, f->public_key, &error);
  g_autoptr (SokQueue) kiosk = sok_queue_open (f->queue_uri, SOK_QUEUE_ROLE_KIOSK, &error);
  SokQueueEnvelope env = { report_id, "kiosk-hall", FALSE, sealed };

  g_assert_no_error (error);
  g_assert_true (sok_queue_deliver (kiosk, &env, 1, NULL, &error));
  g_assert_no_error (error);
}

static char *
forged_report_json (const char *report_id,
                    const char *text)
{
  return g_strdup_printf ("{\"format\":1,\"report_id\":\"%s\",\"kiosk_id\":\"kiosk-hall\","
                          "\"date\":\"2026-11-20\",\"part_of_day\":\"morning\","
                          "\"category\":\"unkind-to-me\",\"text\":\"%s\",\"wants_talk\":true,"
                          "\"name\":\"Sam\"}", report_id, text);
}

/* Envelopes sealed properly to the DSL key, as anyone can (dsl.pub is public), but
 * not signed by an approved kiosk: no signature, a signature over other words, or the
 * approved kiosk's key with a signature made by another. All are shown, and marked. */
static void
test_forged_envelopes_are_marked (Fixture *f, gconstpointer data)
{
  g_autofree char *hall = make_kiosk (f, "kiosk-hall", TRUE);
  g_autofree char *hall_words = words_of_kiosk (hall);
  g_autofree char *genuine = send_and_deliver (hall, "genuine");
  g_autoptr (GError) error = NULL;
  g_autoptr (SokKioskKey) hall_key = sok_kiosk_key_load (hall, &error);
  g_autofree char *other_dir = make_kiosk (f, "kiosk-thief", TRUE);
  g_autoptr (SokKioskKey) other_key = sok_kiosk_key_load (other_dir, &error);

  decide (f, hall_words, SOK_KIOSK_APPROVED);
  g_assert_cmpint (state_of (f, genuine), ==, SOK_SIGNATURE_VALID);

  /* No signature at all, in either envelope format. */
  {
    g_autofree char *json = forged_report_json ("forged-bare", "Sam hit me");
    g_autoptr (GBytes) plain = g_bytes_new (json, strlen (json));

    deliver_forged (f, "forged-bare", plain);
    g_assert_cmpint (state_of (f, "forged-bare"), ==, SOK_SIGNATURE_MISSING);
  }
  {
    g_autofree char *json = forged_report_json ("forged-unsigned", "Sam hit me");
    g_autoptr (GBytes) plain = sok_kiosk_wrap_report (NULL, json, strlen (json));

    deliver_forged (f, "forged-unsigned", plain);
    g_assert_cmpint (state_of (f, "forged-unsigned"), ==, SOK_SIGNATURE_MISSING);
  }

  /* The approved kiosk signed one report; its signature is put on other words. */
  {
    g_autofree char *signed_json = forged_report_json ("forged-swapped", "I am fine");
    g_autofree char *changed_json = forged_report_json ("forged-swapped", "Sam hit me");
    g_autoptr (GBytes) real = sok_kiosk_wrap_report (hall_key, signed_json, strlen (signed_json));
    g_autofree char *text = g_strndup (g_bytes_get_data (real, NULL), g_bytes_get_size (real));
    g_auto (GStrv) halves = g_strsplit (text, signed_json, 2);
    g_autofree char *forged = g_strjoin (changed_json, halves[0], halves[1], NULL);
    g_autoptr (GBytes) plain = NULL;

    g_assert_cmpuint (g_strv_length (halves), ==, 2);
    plain = g_bytes_new (forged, strlen (forged));
    deliver_forged (f, "forged-swapped", plain);
    g_assert_cmpint (state_of (f, "forged-swapped"), ==, SOK_SIGNATURE_INVALID);
  }

  /* The approved kiosk's key named, the signature made by another key. */
  {
    g_autofree char *json = forged_report_json ("forged-other-key", "Sam hit me");
    g_autoptr (GBytes) by_other = sok_kiosk_wrap_report (other_key, json, strlen (json));
    g_autofree char *hall_pub = sok_kiosk_key_dup_public_key_base64 (hall_key);
    g_autofree char *other_pub = sok_kiosk_key_dup_public_key_base64 (other_key);
    g_autofree char *text = g_strndup (g_bytes_get_data (by_other, NULL),
                                       g_bytes_get_size (by_other));
    g_auto (GStrv) halves = g_strsplit (text, other_pub, 2);
    g_autofree char *forged = g_strjoin (hall_pub, halves[0], halves[1], NULL);
    g_autoptr (GBytes) plain = g_bytes_new (forged, strlen (forged));

    deliver_forged (f, "forged-other-key", plain);
    g_assert_cmpint (state_of (f, "forged-other-key"), ==, SOK_SIGNATURE_INVALID);
  }

  /* Through sokctl, as a DSL at a terminal or a script sees them. */
  {
    g_auto (SokTestRun) run = { 0 };
    const char *expected[][2] = {
      { genuine, "valid" }, { "forged-bare", "missing" }, { "forged-unsigned", "missing" },
      { "forged-swapped", "invalid" }, { "forged-other-key", "invalid" },
    };
    JsonArray *array;

    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        sok_test_sokctl (&run, "--data-dir", hall, "--format", "json", "queue", "show",
                         expected[i][0], "--queue", f->queue_uri, "--key", f->key_path,
                         "--passphrase-file", f->passphrase_file, "--by", "A. Lead", NULL);
        g_assert_cmpint (run.status, ==, 0);
        g_assert_cmpstr (json_object_get_string_member (json_node_get_object (run.json),
                                                        "signature"), ==, expected[i][1]);

        sok_test_sokctl (&run, "--data-dir", hall, "queue", "show", expected[i][0], "--queue",
                         f->queue_uri, "--key", f->key_path, "--passphrase-file",
                         f->passphrase_file, "--by", "A. Lead", NULL);
        g_assert_cmpint (run.status, ==, 0);
        /* A warning at the top, before anything the report says, unless it is valid. */
        if (g_str_equal (expected[i][1], "valid"))
          g_assert_false (g_str_has_prefix (run.out, "! "));
        else
          g_assert_true (g_str_has_prefix (run.out, "! Signature "));
      }

    sok_test_sokctl (&run, "--data-dir", hall, "--format", "json", "queue", "list", "--queue",
                     f->queue_uri, "--key", f->key_path, "--passphrase-file", f->passphrase_file,
                     NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (JSON_NODE_HOLDS_ARRAY (run.json));
    array = json_node_get_array (run.json);
    g_assert_cmpuint (json_array_get_length (array), ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonObject *row = json_array_get_object_element (array, i);
        const char *id = json_object_get_string_member (row, "report_id");

        for (guint k = 0; k < G_N_ELEMENTS (expected); k++)
          if (g_str_equal (id, expected[k][0]))
            g_assert_cmpstr (json_object_get_string_member (row, "signature"), ==,
                             expected[k][1]);
      }

    /* Without the key the list cannot look inside, and says so rather than guess. */
    sok_test_sokctl (&run, "--data-dir", hall, "--format", "json", "queue", "list", "--queue",
                     f->queue_uri, NULL);
    g_assert_cmpint (run.status, ==, 0);
    array = json_node_get_array (run.json);
    for (guint i = 0; i < json_array_get_length (array); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, i),
                                                      "signature"), ==, "unchecked");
  }
}

/* sokctl queue kiosks list / approve / revoke, by words or hex. */
static void
test_sokctl_kiosks (Fixture *f, gconstpointer data)
{
  g_autofree char *hall = make_kiosk (f, "kiosk-hall", FALSE);
  g_autofree char *hex = NULL;
  g_autofree char *words = NULL;
  g_auto (SokTestRun) run = { 0 };
  JsonObject *row;

  /* Enrolling gives the key to the queue at once. */
  sok_test_sokctl (&run, "--data-dir", hall, "--format", "json", "kiosk", "enrol", NULL);
  g_assert_cmpint (run.status, ==, 0);
  row = json_node_get_object (run.json);
  g_assert_cmpstr (json_object_get_string_member (row, "in_queue"), ==, "true");
  words = g_strdup (json_object_get_string_member (row, "fingerprint_words"));
  hex = g_strdup (json_object_get_string_member (row, "fingerprint_hex"));

  sok_test_sokctl (&run, "--data-dir", hall, "--format", "json", "queue", "kiosks", "list",
                   "--queue", f->queue_uri, "--key", f->key_path, "--passphrase-file",
                   f->passphrase_file, NULL);
  g_assert_cmpint (run.status, ==, 0);
  row = json_array_get_object_element (json_node_get_array (run.json), 0);
  g_assert_cmpstr (json_object_get_string_member (row, "kiosk"), ==, "kiosk-hall");
  g_assert_cmpstr (json_object_get_string_member (row, "state"), ==, "pending");
  g_assert_cmpstr (json_object_get_string_member (row, "fingerprint_words"), ==, words);

  /* Words that are no kiosk's are refused. */
  sok_test_sokctl (&run, "--data-dir", hall, "queue", "kiosks", "approve", "acorn acorn acorn "
                   "acorn acorn acorn", "--queue", f->queue_uri, "--key", f->key_path,
                   "--passphrase-file", f->passphrase_file, NULL);
  g_assert_cmpint (run.status, ==, 1);
  sok_test_assert_one_line (run.err);

  sok_test_sokctl (&run, "--data-dir", hall, "queue", "kiosks", "approve", words, "--queue",
                   f->queue_uri, "--key", f->key_path, "--passphrase-file", f->passphrase_file,
                   "--by", "A. Lead", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sok_test_sokctl (&run, "--data-dir", hall, "--format", "json", "queue", "kiosks", "list",
                   "--queue", f->queue_uri, "--key", f->key_path, "--passphrase-file",
                   f->passphrase_file, NULL);
  row = json_array_get_object_element (json_node_get_array (run.json), 0);
  g_assert_cmpstr (json_object_get_string_member (row, "state"), ==, "approved");
  g_assert_cmpstr (json_object_get_string_member (row, "decided_by"), ==, "A. Lead");

  sok_test_sokctl (&run, "--data-dir", hall, "queue", "kiosks", "revoke", hex, "--queue",
                   f->queue_uri, "--key", f->key_path, "--passphrase-file", f->passphrase_file,
                   "--by", "A. Lead", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sok_test_sokctl (&run, "--data-dir", hall, "--format", "json", "queue", "kiosks", "list",
                   "--queue", f->queue_uri, "--key", f->key_path, "--passphrase-file",
                   f->passphrase_file, NULL);
  row = json_array_get_object_element (json_node_get_array (run.json), 0);
  g_assert_cmpstr (json_object_get_string_member (row, "state"), ==, "revoked");

  /* Both decisions are in the audit log. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (SokQueue) queue = open_dsl (f);
    g_autoptr (GPtrArray) audit = sok_queue_list_audit (queue, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (audit->len, ==, 2);
    g_assert_cmpstr (((SokAuditEntry *)audit->pdata[0])->action, ==, "kiosk-approve");
    g_assert_cmpstr (((SokAuditEntry *)audit->pdata[1])->action, ==, "kiosk-revoke");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/kiosk/enrol/makes-a-private-key-once-and-never-overwrites-it",
       test_enrol_makes_private_key_once);
  g_test_add_func ("/kiosk/fingerprint/words-round-trip", test_fingerprint_words_round_trip);
  ADD ("/kiosk/fingerprint/pins-the-dsl-key-and-refuses-a-mismatch",
       test_fingerprint_pins_dsl_key);
  ADD ("/kiosk/signature/states-follow-the-dsl-decisions", test_states_follow_the_dsl_decisions);
  ADD ("/kiosk/signature/forged-approval-counts-for-nothing",
       test_forged_approval_counts_for_nothing);
  ADD ("/kiosk/signature/forged-envelopes-are-marked", test_forged_envelopes_are_marked);
  ADD ("/kiosk/sokctl/list-approve-revoke", test_sokctl_kiosks);

  return g_test_run ();
}
