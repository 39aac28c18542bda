/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-follow-up"

#include "config.h"

#include <sodium.h>

#include "sok-follow-up.h"
#include "sok-outbox.h"
#include "sok-report.h"
#include "test-util.h"

#define PASSPHRASE "correct horse battery staple"

static char *
new_public_key (void)
{
  guint8 pk[crypto_box_PUBLICKEYBYTES], sk[crypto_box_SECRETKEYBYTES];
  char b64[sodium_base64_ENCODED_LEN (crypto_box_PUBLICKEYBYTES,
                                      sodium_base64_VARIANT_ORIGINAL)];

  g_assert_true (sok_seal_ensure_sodium (NULL));
  crypto_box_keypair (pk, sk);
  sodium_bin2base64 (b64, sizeof b64, pk, sizeof pk, sodium_base64_VARIANT_ORIGINAL);
  return g_strdup (b64);
}

static SokPictures *
load_pictures (void)
{
  g_autoptr (GError) error = NULL;
  SokPictures *pictures = sok_pictures_load (&error);

  g_assert_no_error (error);
  g_assert_nonnull (pictures);
  return pictures;
}

static SokFollowUpKeys *
derive_fast (SokPictures  *pictures,
             const guint8 *code,
             const char   *public_key)
{
  g_autoptr (GError) error = NULL;
  SokFollowUpKeys *keys = sok_follow_up_derive_with_limits (pictures, code, public_key,
                                                            crypto_pwhash_OPSLIMIT_MIN,
                                                            crypto_pwhash_MEMLIMIT_MIN,
                                                            &error);

  g_assert_no_error (error);
  g_assert_nonnull (keys);
  return keys;
}

static void
test_pictures_shipped (void)
{
  g_autoptr (SokPictures) pictures = load_pictures ();
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < SOK_FOLLOW_UP_N_PICTURES; i++)
    {
      g_assert_true (g_hash_table_add (seen, (gpointer)sok_pictures_get_id (pictures, i)));
      g_assert_true (g_hash_table_add (seen, (gpointer)sok_pictures_get_word (pictures, i)));
      g_assert_cmpint (sok_pictures_find (pictures, sok_pictures_get_word (pictures, i)), ==, i);
    }
  g_assert_cmpint (sok_pictures_find (pictures, "Cat"), >=, 0);
  g_assert_cmpint (sok_pictures_find (pictures, "cat"), ==,
                   sok_pictures_find (pictures, "CAT"));
  g_assert_cmpint (sok_pictures_find (pictures, "unicorn"), ==, -1);
}

static void
test_pictures_broken_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sok-pictures-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "pictures.json", NULL);
  g_autoptr (GString) json = g_string_new ("{\"format\":1,\"pictures\":[");

  /* 24 pictures, one of them twice. */
  for (guint i = 0; i < SOK_FOLLOW_UP_N_PICTURES; i++)
    g_string_append_printf (json, "%s{\"id\":\"p%c\",\"word\":\"P%c\"}", i ? "," : "",
                            'a' + (i == 23 ? 0 : i), 'a' + (i == 23 ? 0 : i));
  g_string_append (json, "]}");
  g_assert_true (g_file_set_contents (path, json->str, -1, NULL));

  g_assert_null (sok_pictures_load_from_file (path, &error));
  g_assert_error (error, SOK_FOLLOW_UP_ERROR, SOK_FOLLOW_UP_ERROR_PICTURES);
  g_assert_nonnull (strstr (error->message, path));
  sok_test_remove_tree (dir);
}

/* The derivation as its comments describe it, written again here from libsodium
 * alone: a change to the real one would break every code a child holds. */
static void
derive_by_hand (SokPictures  *pictures,
                const guint8 *code,
                const char   *public_key_b64,
                guint8       *out)
{
  guint8 pk[crypto_box_PUBLICKEYBYTES], salt[crypto_pwhash_SALTBYTES];
  crypto_generichash_state state;
  g_autofree char *password = NULL;
  gsize pk_len = 0;

  g_assert_cmpint (sodium_base642bin (pk, sizeof pk, public_key_b64, strlen (public_key_b64),
                                      NULL, &pk_len, NULL, sodium_base64_VARIANT_ORIGINAL), ==, 0);
  crypto_generichash_init (&state, NULL, 0, sizeof salt);
  crypto_generichash_update (&state, (const guint8 *)"sok-follow-up-salt/1", 20);
  crypto_generichash_update (&state, pk, sizeof pk);
  crypto_generichash_final (&state, salt, sizeof salt);
  password = g_strdup_printf ("sok-picture-code/1:%s,%s,%s,%s",
                              sok_pictures_get_id (pictures, code[0]),
                              sok_pictures_get_id (pictures, code[1]),
                              sok_pictures_get_id (pictures, code[2]),
                              sok_pictures_get_id (pictures, code[3]));
  g_assert_cmpint (crypto_pwhash (out, 64, password, strlen (password), salt,
                                  SOK_FOLLOW_UP_OPSLIMIT, SOK_FOLLOW_UP_MEMLIMIT,
                                  crypto_pwhash_ALG_ARGON2ID13), ==, 0);
}

static void
test_derive_same_on_every_kiosk (void)
{
  g_autofree char *public_key = new_public_key ();
  g_autoptr (SokPictures) on_kiosk_a = load_pictures ();
  g_autoptr (SokPictures) on_kiosk_b = load_pictures ();
  g_autoptr (SokFollowUpKeys) a = NULL;
  g_autoptr (SokFollowUpKeys) b = NULL;
  g_autoptr (GError) error = NULL;
  guint8 code[4] = { 0, 23, 7, 12 };
  guint8 expected[64];

  /* The real cost, as every kiosk of the school uses it. */
  a = sok_follow_up_derive (on_kiosk_a, code, public_key, &error);
  g_assert_no_error (error);
  b = sok_follow_up_derive (on_kiosk_b, code, public_key, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (a->tag, sizeof a->tag, b->tag, sizeof b->tag);
  g_assert_cmpmem (a->key, sizeof a->key, b->key, sizeof b->key);
  g_assert_true (memcmp (a->tag, a->key, sizeof a->tag) != 0);

  derive_by_hand (on_kiosk_a, code, public_key, expected);
  g_assert_cmpmem (a->tag, sizeof a->tag, expected, 32);
  g_assert_cmpmem (a->key, sizeof a->key, expected + 32, 32);
}

static void
test_derive_schools_differ (void)
{
  g_autofree char *school_a = new_public_key ();
  g_autofree char *school_b = new_public_key ();
  g_autoptr (SokPictures) pictures = load_pictures ();
  guint8 code[4] = { 3, 3, 9, 1 };
  guint8 other_order[4] = { 3, 9, 3, 1 };
  g_autoptr (SokFollowUpKeys) a = derive_fast (pictures, code, school_a);
  g_autoptr (SokFollowUpKeys) b = derive_fast (pictures, code, school_b);
  g_autoptr (SokFollowUpKeys) c = derive_fast (pictures, other_order, school_a);
  guint8 salt_a[crypto_pwhash_SALTBYTES], salt_b[crypto_pwhash_SALTBYTES];

  g_assert_true (sok_follow_up_derive_salt (school_a, salt_a, NULL));
  g_assert_true (sok_follow_up_derive_salt (school_b, salt_b, NULL));
  g_assert_true (memcmp (salt_a, salt_b, sizeof salt_a) != 0);
  g_assert_true (memcmp (a->tag, b->tag, sizeof a->tag) != 0);
  g_assert_true (memcmp (a->key, b->key, sizeof a->key) != 0);
  /* Order matters: the same four pictures in another order are another code. */
  g_assert_true (memcmp (a->tag, c->tag, sizeof a->tag) != 0);
}

static void
test_derive_needs_key (void)
{
  g_autoptr (SokPictures) pictures = load_pictures ();
  g_autoptr (GError) error = NULL;
  guint8 code[4] = { 1, 2, 3, 4 };
  guint8 bad[4] = { 1, 2, 24, 4 };
  g_autofree char *public_key = new_public_key ();

  g_assert_null (sok_follow_up_derive (pictures, code, NULL, &error));
  g_assert_error (error, SOK_FOLLOW_UP_ERROR, SOK_FOLLOW_UP_ERROR_NO_KEY);
  g_clear_error (&error);
  g_assert_null (sok_follow_up_derive (pictures, code, "not a key", &error));
  g_assert_error (error, SOK_FOLLOW_UP_ERROR, SOK_FOLLOW_UP_ERROR_NO_KEY);
  g_clear_error (&error);
  g_assert_null (sok_follow_up_derive (pictures, bad, public_key, &error));
  g_assert_error (error, SOK_FOLLOW_UP_ERROR, SOK_FOLLOW_UP_ERROR_CODE);
}

static void
test_code_random_in_range (void)
{
  guint counts[SOK_FOLLOW_UP_N_PICTURES] = { 0 };

  for (guint i = 0; i < 2400; i++)
    {
      guint8 code[4];

      sok_follow_up_code_random (code);
      for (guint j = 0; j < 4; j++)
        {
          g_assert_cmpuint (code[j], <, SOK_FOLLOW_UP_N_PICTURES);
          counts[code[j]]++;
        }
    }
  /* 400 expected for each; far outside that would be a broken draw. */
  for (guint i = 0; i < SOK_FOLLOW_UP_N_PICTURES; i++)
    g_assert_cmpuint (counts[i], >, 250);
}

static SokFollowUpRow *
make_row (const SokFollowUpKeys *keys,
          GBytes                *ciphertext,
          const GDate           *expires)
{
  SokFollowUpRow *row = g_new0 (SokFollowUpRow, 1);

  row->tag = g_bytes_new (keys->tag, sizeof keys->tag);
  row->ciphertext = g_bytes_ref (ciphertext);
  row->expires = *expires;
  return row;
}

static void
test_find_replies (void)
{
  g_autofree char *public_key = new_public_key ();
  g_autoptr (SokPictures) pictures = load_pictures ();
  guint8 code[4] = { 5, 6, 7, 8 };
  guint8 wrong[4] = { 5, 6, 8, 7 };
  guint8 other[4] = { 0, 0, 0, 0 };
  g_autoptr (SokFollowUpKeys) keys = derive_fast (pictures, code, public_key);
  g_autoptr (SokFollowUpKeys) wrong_keys = derive_fast (pictures, wrong, public_key);
  g_autoptr (SokFollowUpKeys) other_keys = derive_fast (pictures, other, public_key);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_follow_up_row_free);
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GPtrArray) none = NULL;
  g_autoptr (GPtrArray) expired = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) first = NULL;
  g_autoptr (GBytes) second = NULL;
  g_autoptr (GBytes) someone_else = NULL;
  GDate today, tomorrow, later;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 2, G_DATE_DECEMBER, 2026);
  tomorrow = today;
  g_date_add_days (&tomorrow, 1);
  later = today;
  g_date_add_days (&later, 30);

  first = sok_follow_up_seal_reply (keys, 2, "Thank you for telling us. We are helping.", &error);
  g_assert_no_error (error);
  second = sok_follow_up_seal_reply (keys, 4, "Are you safe right now? \"Yes\" \\ no\n", &error);
  g_assert_no_error (error);
  someone_else = sok_follow_up_seal_reply (other_keys, 2, "Not for this child", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (first), ==, SOK_FOLLOW_UP_REPLY_SIZE);
  g_assert_cmpuint (g_bytes_get_size (second), ==, SOK_FOLLOW_UP_REPLY_SIZE);

  /* Stored in another order than their places. */
  g_ptr_array_add (rows, make_row (keys, second, &tomorrow));
  g_ptr_array_add (rows, make_row (other_keys, someone_else, &later));
  g_ptr_array_add (rows, make_row (keys, first, &later));

  found = sok_follow_up_find_replies (keys, rows, &today);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpuint (((SokFollowUpMessage *)found->pdata[0])->place, ==, 2);
  g_assert_cmpstr (((SokFollowUpMessage *)found->pdata[0])->text, ==,
                   "Thank you for telling us. We are helping.");
  g_assert_cmpstr (((SokFollowUpMessage *)found->pdata[0])->from, ==, "dsl");
  g_assert_cmpuint (((SokFollowUpMessage *)found->pdata[1])->place, ==, 4);
  g_assert_cmpstr (((SokFollowUpMessage *)found->pdata[1])->text, ==,
                   "Are you safe right now? \"Yes\" \\ no\n");

  /* A wrong code (the same pictures in another order) finds nothing. */
  none = sok_follow_up_find_replies (wrong_keys, rows, &today);
  g_assert_cmpuint (none->len, ==, 0);

  /* After its last day a reply is as if it were not there: like a wrong code. */
  g_date_add_days (&today, 2);
  expired = sok_follow_up_find_replies (keys, rows, &today);
  g_assert_cmpuint (expired->len, ==, 1);
  g_assert_cmpuint (((SokFollowUpMessage *)expired->pdata[0])->place, ==, 2);
  g_clear_pointer (&expired, g_ptr_array_unref);
  g_date_add_days (&today, 40);
  expired = sok_follow_up_find_replies (keys, rows, &today);
  g_assert_cmpuint (expired->len, ==, none->len);

  /* A row with the right tag that was not sealed with the key opens nothing. */
  g_ptr_array_set_size (rows, 0);
  g_ptr_array_add (rows, make_row (keys, someone_else, &later));
  g_clear_pointer (&expired, g_ptr_array_unref);
  g_date_set_dmy (&today, 2, G_DATE_DECEMBER, 2026);
  expired = sok_follow_up_find_replies (keys, rows, &today);
  g_assert_cmpuint (expired->len, ==, 0);
}

static void
test_reply_limits (void)
{
  g_autofree char *public_key = new_public_key ();
  g_autoptr (SokPictures) pictures = load_pictures ();
  guint8 code[4] = { 1, 1, 1, 1 };
  g_autoptr (SokFollowUpKeys) keys = derive_fast (pictures, code, public_key);
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) longest = g_string_new (NULL);
  g_autoptr (GBytes) sealed = NULL;

  for (guint i = 0; i < SOK_FOLLOW_UP_MAX_REPLY; i++)
    g_string_append (longest, i % 2 ? "\x01" : "\xf0\x9f\x98\x80");
  sealed = sok_follow_up_seal_reply (keys, 2, longest->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (sealed), ==, SOK_FOLLOW_UP_REPLY_SIZE);

  g_string_append (longest, "x");
  g_assert_null (sok_follow_up_seal_reply (keys, 2, longest->str, &error));
  g_assert_error (error, SOK_FOLLOW_UP_ERROR, SOK_FOLLOW_UP_ERROR_TOO_LONG);
  g_clear_error (&error);
  g_assert_null (sok_follow_up_seal_reply (keys, 2, "  \n", &error));
  g_assert_nonnull (error);
}

/* A report with a code carries its tag and key inside the seal; one without carries
 * none; an answer carries the tag and its place. */
static void
test_report_carries_code (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("sok-follow-up-XXXXXX", &error);
  g_autofree char *data_dir = g_build_filename (root, "kiosk", NULL);
  g_autofree char *keys_dir = g_build_filename (root, "dsl", NULL);
  g_autoptr (SokDslKey) dsl_key = NULL;
  g_autofree char *public_key = sok_test_make_dsl_keys (keys_dir, PASSPHRASE, &dsl_key);
  g_autoptr (SokPictures) pictures = load_pictures ();
  guint8 code[4] = { 2, 4, 6, 8 };
  g_autoptr (SokFollowUpKeys) keys = derive_fast (pictures, code, public_key);
  g_autoptr (SokConfig) config = NULL;
  g_autoptr (SokStore) store = NULL;
  g_autoptr (SokReportDraft) draft = sok_report_draft_new ();
  g_autoptr (GPtrArray) items = NULL;
  g_autofree char *with_code = NULL;
  g_autofree char *without_code = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *tag_b64 = NULL;
  g_autofree char *key_b64 = NULL;
  guint n_seen = 0;

  sok_test_write_kiosk_config (data_dir, "kiosk-test", public_key, NULL);
  config = sok_config_load (data_dir, &error);
  g_assert_no_error (error);
  store = sok_store_open (data_dir, &error);
  g_assert_no_error (error);

  sok_report_draft_set_category (draft, "unkind", "conduct");
  sok_report_draft_set_follow_up (draft, keys);
  g_assert_true (sok_report_draft_has_follow_up (draft));
  g_assert_true (sok_report_send (store, config, draft, &with_code, &error));
  g_assert_no_error (error);

  sok_report_draft_set_follow_up (draft, NULL);
  g_assert_true (sok_report_send (store, config, draft, &without_code, &error));
  g_assert_no_error (error);

  sok_report_draft_reset (draft);
  sok_report_draft_set_answer (draft, keys->tag, 3);
  sok_report_draft_set_text (draft, "It was in the game", -1);
  sok_report_draft_set_urgent (draft, TRUE);
  g_assert_true (sok_report_draft_is_answer (draft));
  g_assert_true (sok_report_send (store, config, draft, &answer, &error));
  g_assert_no_error (error);

  tag_b64 = g_base64_encode (keys->tag, sizeof keys->tag);
  key_b64 = g_base64_encode (keys->key, sizeof keys->key);
  items = sok_outbox_list (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 3);
  for (guint i = 0; i < items->len; i++)
    {
      SokOutboxItem *item = g_ptr_array_index (items, i);
      g_autoptr (JsonNode) opened = sok_test_open_envelope (dsl_key, item->sealed);
      JsonObject *report = json_node_get_object (opened);
      JsonNode *follow_up = json_object_get_member (report, "follow_up");

      g_assert_cmpuint (g_bytes_get_size (item->sealed), ==, SOK_REPORT_ENVELOPE_SIZE);
      if (g_str_equal (item->report_id, with_code))
        {
          JsonObject *f = json_node_get_object (follow_up);

          g_assert_cmpstr (json_object_get_string_member (f, "tag"), ==, tag_b64);
          g_assert_cmpstr (json_object_get_string_member (f, "key"), ==, key_b64);
          g_assert_false (json_object_has_member (report, "answer_to"));
          n_seen++;
        }
      else if (g_str_equal (item->report_id, without_code))
        {
          g_assert_true (JSON_NODE_HOLDS_NULL (follow_up));
          n_seen++;
        }
      else
        {
          JsonObject *a = json_object_get_object_member (report, "answer_to");

          g_assert_cmpstr (item->report_id, ==, answer);
          g_assert_false (json_object_has_member (report, "follow_up"));
          g_assert_cmpstr (json_object_get_string_member (a, "tag"), ==, tag_b64);
          g_assert_cmpint (json_object_get_int_member (a, "place"), ==, 3);
          g_assert_cmpstr (json_object_get_string_member (report, "text"), ==,
                           "It was in the game");
          g_assert_true (item->urgent);
          n_seen++;
        }
      /* Outside the seal the row holds no tag: not in the clear, not in base64. */
      g_assert_null (memmem (g_bytes_get_data (item->sealed, NULL),
                             g_bytes_get_size (item->sealed), keys->tag, sizeof keys->tag));
    }
  g_assert_cmpuint (n_seen, ==, 3);
  sok_test_remove_tree (root);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/follow-up/pictures/shipped-are-24-distinct", test_pictures_shipped);
  g_test_add_func ("/follow-up/pictures/a-broken-file-is-named", test_pictures_broken_file);
  g_test_add_func ("/follow-up/code/random-draws-every-picture", test_code_random_in_range);
  g_test_add_func ("/follow-up/derive/same-on-every-kiosk-of-a-school",
                   test_derive_same_on_every_kiosk);
  g_test_add_func ("/follow-up/derive/schools-and-orders-differ", test_derive_schools_differ);
  g_test_add_func ("/follow-up/derive/needs-the-dsl-key-and-a-code", test_derive_needs_key);
  g_test_add_func ("/follow-up/replies/wrong-code-and-expired-find-nothing", test_find_replies);
  g_test_add_func ("/follow-up/replies/one-size-and-a-limit", test_reply_limits);
  g_test_add_func ("/follow-up/report/carries-the-code-only-inside-the-seal",
                   test_report_carries_code);

  return g_test_run ();
}
