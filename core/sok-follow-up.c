/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-follow-up"

#include "config.h"

#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "sok-follow-up.h"
#include "sok-paths.h"
#include "sok-seal.h"

/* Hearing back from the DSL with a secret picture code.
 *
 * A child who keeps a code (four of 24 pictures, in order) can later tap it in on any
 * kiosk of the school. From the code and a salt that every kiosk of the school shares
 * (a hash of the DSL's public key), Argon2id derives a lookup tag and a reply key.
 * Both travel only inside the sealed report. The DSL's reply is a secretbox under the
 * reply key, stored in the queue beside the tag and nothing else; a kiosk reads every
 * current reply row and matches the tag itself, so the queue never learns which code
 * was tapped in, or when. */

/* Domain separation: these strings are part of every code's tag and key. */
#define SALT_CONTEXT     "sok-follow-up-salt/1"
#define PASSWORD_CONTEXT "sok-picture-code/1:"
#define PICTURES_FORMAT  1

/* The plaintext of a reply: {"place":N,"text":"…"} padded with spaces. The text is at
 * most SOK_FOLLOW_UP_MAX_REPLY characters with control characters taken out, so at
 * most 4 bytes each, or 6 once escaped as \u00XX — which only control characters
 * would need. */
#define REPLY_PLAIN_SIZE (SOK_FOLLOW_UP_REPLY_SIZE - crypto_secretbox_NONCEBYTES - \
                          crypto_secretbox_MACBYTES)
G_STATIC_ASSERT (REPLY_PLAIN_SIZE >= SOK_FOLLOW_UP_MAX_REPLY * 6 + 64);

struct _SokPictures
{
  char *ids[SOK_FOLLOW_UP_N_PICTURES];
  char *words[SOK_FOLLOW_UP_N_PICTURES];
};

G_DEFINE_QUARK (sok-follow-up-error-quark, sok_follow_up_error)

/* --- pictures ---------------------------------------------------------------------- */

void
sok_pictures_free (SokPictures *pictures)
{
  if (pictures == NULL)
    return;
  for (guint i = 0; i < SOK_FOLLOW_UP_N_PICTURES; i++)
    {
      g_free (pictures->ids[i]);
      g_free (pictures->words[i]);
    }
  g_free (pictures);
}

static gboolean
is_picture_id (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 32)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_islower (*p))
      return FALSE;
  return TRUE;
}

/**
 * sok_pictures_load_from_file:
 * @path: a pictures file in the format of data/follow-up/pictures.json
 *
 * Returns: (transfer full): the 24 pictures, or %NULL with @error in
 *   %SOK_FOLLOW_UP_ERROR_PICTURES naming the file and what is wrong
 */
SokPictures *
sok_pictures_load_from_file (const char  *path,
                             GError     **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) local_error = NULL;
  g_autoptr (SokPictures) pictures = NULL;
  JsonObject *root;
  JsonArray *list;

  g_return_val_if_fail (path != NULL, NULL);

  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      g_set_error (error, SOK_FOLLOW_UP_ERROR, SOK_FOLLOW_UP_ERROR_PICTURES,
                   "%s cannot be read: %s; reinstall Safe Online Kiosk", path,
                   local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto wrong;
  root = json_node_get_object (json_parser_get_root (parser));
  if (json_object_get_int_member_with_default (root, "format", 0) != PICTURES_FORMAT)
    {
      g_set_error (error, SOK_FOLLOW_UP_ERROR, SOK_FOLLOW_UP_ERROR_PICTURES,
                   "%s is not a pictures file of format %d; reinstall Safe Online Kiosk",
                   path, PICTURES_FORMAT);
      return NULL;
    }
  list = json_object_get_array_member (root, "pictures");
  if (list == NULL || json_array_get_length (list) != SOK_FOLLOW_UP_N_PICTURES)
    {
      g_set_error (error, SOK_FOLLOW_UP_ERROR, SOK_FOLLOW_UP_ERROR_PICTURES,
                   "%s must list exactly %d pictures; reinstall Safe Online Kiosk", path,
                   SOK_FOLLOW_UP_N_PICTURES);
      return NULL;
    }

  pictures = g_new0 (SokPictures, 1);
  for (guint i = 0; i < SOK_FOLLOW_UP_N_PICTURES; i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      JsonObject *item = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id = item ? json_object_get_string_member_with_default (item, "id", NULL) : NULL;
      const char *word = item ? json_object_get_string_member_with_default (item, "word", NULL)
                              : NULL;

      if (!is_picture_id (id) || word == NULL || *word == '\0' ||
          !g_utf8_validate (word, -1, NULL))
        {
          g_set_error (error, SOK_FOLLOW_UP_ERROR, SOK_FOLLOW_UP_ERROR_PICTURES,
                       "%s: picture %u needs an id of lower-case letters and a word; "
                       "reinstall Safe Online Kiosk", path, i + 1);
          return NULL;
        }
      for (guint j = 0; j < i; j++)
        if (g_str_equal (pictures->ids[j], id) || g_utf8_collate (pictures->words[j], word) == 0)
          {
            g_set_error (error, SOK_FOLLOW_UP_ERROR, SOK_FOLLOW_UP_ERROR_PICTURES,
                         "%s: picture %u (“%s”) is listed twice; reinstall Safe Online Kiosk",
                         path, i + 1, id);
            return NULL;
          }
      pictures->ids[i] = g_strdup (id);
      pictures->words[i] = g_strdup (word);
    }

  return g_steal_pointer (&pictures);

wrong:
  g_set_error (error, SOK_FOLLOW_UP_ERROR, SOK_FOLLOW_UP_ERROR_PICTURES,
               "%s is not a JSON object; reinstall Safe Online Kiosk", path);
  return NULL;
}

/**
 * sok_pictures_load:
 *
 * Loads the shipped pictures. A school cannot override them: a code must open the
 * same messages on every kiosk of the school.
 *
 * Returns: (transfer full): the pictures, or %NULL as sok_pictures_load_from_file()
 */
SokPictures *
sok_pictures_load (GError **error)
{
  g_autofree char *path = g_build_filename (sok_paths_get_shipped_dir (), "follow-up",
                                            "pictures.json", NULL);

  return sok_pictures_load_from_file (path, error);
}

const char *
sok_pictures_get_id (SokPictures *pictures,
                     guint        index)
{
  g_return_val_if_fail (pictures != NULL, NULL);
  g_return_val_if_fail (index < SOK_FOLLOW_UP_N_PICTURES, NULL);

  return pictures->ids[index];
}

const char *
sok_pictures_get_word (SokPictures *pictures,
                       guint        index)
{
  g_return_val_if_fail (pictures != NULL, NULL);
  g_return_val_if_fail (index < SOK_FOLLOW_UP_N_PICTURES, NULL);

  return pictures->words[index];
}

/**
 * sok_pictures_find:
 * @id_or_word: a picture's id or its word, in any case
 *
 * Returns: the picture's place (0 … 23), or -1 when there is no such picture
 */
int
sok_pictures_find (SokPictures *pictures,
                   const char  *id_or_word)
{
  g_return_val_if_fail (pictures != NULL, -1);

  if (id_or_word == NULL)
    return -1;
  for (guint i = 0; i < SOK_FOLLOW_UP_N_PICTURES; i++)
    if (g_ascii_strcasecmp (pictures->ids[i], id_or_word) == 0 ||
        g_ascii_strcasecmp (pictures->words[i], id_or_word) == 0)
      return (int)i;
  return -1;
}

/* --- codes and keys ---------------------------------------------------------------- */

/**
 * sok_follow_up_code_random:
 * @code: (out caller-allocates) (array fixed-size=4): the new code
 *
 * Draws a code from libsodium's generator, each picture uniformly.
 */
void
sok_follow_up_code_random (guint8 *code)
{
  g_return_if_fail (code != NULL);

  sok_seal_ensure_sodium (NULL);
  for (guint i = 0; i < SOK_FOLLOW_UP_CODE_LENGTH; i++)
    code[i] = (guint8)randombytes_uniform (SOK_FOLLOW_UP_N_PICTURES);
}

/**
 * sok_follow_up_derive_salt:
 * @salt: (out caller-allocates) (array fixed-size=16): the school's salt
 *
 * The salt is a hash of the DSL's public key: every kiosk of the school holds the
 * same key, so a code opens the same tag on all of them, and a different school's
 * tags (another key) have nothing in common with this one's.
 */
gboolean
sok_follow_up_derive_salt (const char  *dsl_public_key_base64,
                           guint8      *salt,
                           GError     **error)
{
  guint8 public_key[crypto_box_PUBLICKEYBYTES];
  crypto_generichash_state state;

  g_return_val_if_fail (salt != NULL, FALSE);

  if (!sok_seal_ensure_sodium (error))
    return FALSE;
  if (dsl_public_key_base64 == NULL ||
      !sok_seal_decode_public_key (dsl_public_key_base64, public_key, NULL))
    {
      g_set_error (error, SOK_FOLLOW_UP_ERROR, SOK_FOLLOW_UP_ERROR_NO_KEY,
                   "Picture codes need the DSL's public key: sokctl config set "
                   "dsl-public-key \"$(cat dsl.pub)\"");
      return FALSE;
    }

  crypto_generichash_init (&state, NULL, 0, crypto_pwhash_SALTBYTES);
  crypto_generichash_update (&state, (const guint8 *)SALT_CONTEXT, strlen (SALT_CONTEXT));
  crypto_generichash_update (&state, public_key, sizeof public_key);
  crypto_generichash_final (&state, salt, crypto_pwhash_SALTBYTES);

  return TRUE;
}

SokFollowUpKeys *
sok_follow_up_derive_with_limits (SokPictures   *pictures,
                                  const guint8  *code,
                                  const char    *dsl_public_key_base64,
                                  guint64        opslimit,
                                  gsize          memlimit,
                                  GError       **error)
{
  guint8 salt[crypto_pwhash_SALTBYTES];
  guint8 *out;
  char *password;
  gsize len;
  SokFollowUpKeys *keys;
  int rc;

  g_return_val_if_fail (pictures != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < SOK_FOLLOW_UP_CODE_LENGTH; i++)
    if (code[i] >= SOK_FOLLOW_UP_N_PICTURES)
      {
        g_set_error (error, SOK_FOLLOW_UP_ERROR, SOK_FOLLOW_UP_ERROR_CODE,
                     "A picture code is four of the %d pictures", SOK_FOLLOW_UP_N_PICTURES);
        return NULL;
      }
  if (!sok_follow_up_derive_salt (dsl_public_key_base64, salt, error))
    return NULL;

  /* The code is a secret: build the password in memory that is wiped. The ids, not
   * the places in the file, go in, so that the file's order is not part of it. */
  password = sodium_malloc (256);
  g_assert (password != NULL);
  len = (gsize)g_snprintf (password, 256, PASSWORD_CONTEXT "%s,%s,%s,%s",
                           pictures->ids[code[0]], pictures->ids[code[1]],
                           pictures->ids[code[2]], pictures->ids[code[3]]);
  out = sodium_malloc (SOK_FOLLOW_UP_TAG_BYTES + SOK_FOLLOW_UP_KEY_BYTES);
  g_assert (out != NULL);

  rc = crypto_pwhash (out, SOK_FOLLOW_UP_TAG_BYTES + SOK_FOLLOW_UP_KEY_BYTES, password, len,
                      salt, opslimit, memlimit, crypto_pwhash_ALG_ARGON2ID13);
  sodium_free (password);
  if (rc != 0)
    {
      sodium_free (out);
      g_set_error (error, SOK_FOLLOW_UP_ERROR, SOK_FOLLOW_UP_ERROR_FAILED,
                   "Not enough memory to check a picture code (Argon2id needs %" G_GSIZE_FORMAT
                   " MiB); close other programs or add memory", memlimit >> 20);
      return NULL;
    }

  keys = sodium_malloc (sizeof *keys);
  g_assert (keys != NULL);
  memcpy (keys->tag, out, SOK_FOLLOW_UP_TAG_BYTES);
  memcpy (keys->key, out + SOK_FOLLOW_UP_TAG_BYTES, SOK_FOLLOW_UP_KEY_BYTES);
  sodium_free (out);

  return keys;
}

/**
 * sok_follow_up_derive:
 * @pictures: the pictures
 * @code: (array fixed-size=4): the code, as places in @pictures
 * @dsl_public_key_base64: the school's DSL public key (the salt comes from it)
 *
 * Derives a code's lookup tag and reply key with Argon2id at the cost every kiosk
 * uses (%SOK_FOLLOW_UP_OPSLIMIT, %SOK_FOLLOW_UP_MEMLIMIT). This takes a good part of
 * a second on purpose: call it from a worker thread (sok_follow_up_derive_async()).
 *
 * Returns: (transfer full): the keys, freed with sok_follow_up_keys_free(), or
 *   %NULL with @error (%SOK_FOLLOW_UP_ERROR_NO_KEY without a usable key)
 */
SokFollowUpKeys *
sok_follow_up_derive (SokPictures   *pictures,
                      const guint8  *code,
                      const char    *dsl_public_key_base64,
                      GError       **error)
{
  return sok_follow_up_derive_with_limits (pictures, code, dsl_public_key_base64,
                                           SOK_FOLLOW_UP_OPSLIMIT, SOK_FOLLOW_UP_MEMLIMIT,
                                           error);
}

typedef struct
{
  guint8  code[SOK_FOLLOW_UP_CODE_LENGTH];
  char   *public_key;
} DeriveData;

static void
derive_data_free (gpointer data)
{
  DeriveData *d = data;

  sodium_memzero (d->code, sizeof d->code);
  g_free (d->public_key);
  g_free (d);
}

static void
derive_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DeriveData *d = task_data;
  g_autoptr (SokPictures) pictures = NULL;
  GError *error = NULL;
  SokFollowUpKeys *keys;

  if (g_task_return_error_if_cancelled (task))
    return;
  if ((pictures = sok_pictures_load (&error)) == NULL ||
      (keys = sok_follow_up_derive (pictures, d->code, d->public_key, &error)) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, keys, (GDestroyNotify)sok_follow_up_keys_free);
}

/**
 * sok_follow_up_derive_async:
 * @code: (array fixed-size=4): the code; copied
 *
 * sok_follow_up_derive() with the shipped pictures, in a worker thread.
 */
void
sok_follow_up_derive_async (const guint8        *code,
                            const char          *dsl_public_key_base64,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  DeriveData *d;

  g_return_if_fail (code != NULL);

  d = g_new0 (DeriveData, 1);
  memcpy (d->code, code, sizeof d->code);
  d->public_key = g_strdup (dsl_public_key_base64);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sok_follow_up_derive_async);
  g_task_set_task_data (task, d, derive_data_free);
  g_task_run_in_thread (task, derive_thread);
}

SokFollowUpKeys *
sok_follow_up_derive_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sok_follow_up_derive_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

SokFollowUpKeys *
sok_follow_up_keys_copy (const SokFollowUpKeys *keys)
{
  SokFollowUpKeys *copy;

  g_return_val_if_fail (keys != NULL, NULL);

  sok_seal_ensure_sodium (NULL);
  copy = sodium_malloc (sizeof *copy);
  g_assert (copy != NULL);
  memcpy (copy, keys, sizeof *copy);
  return copy;
}

void
sok_follow_up_keys_free (SokFollowUpKeys *keys)
{
  /* sodium_free() zeroes the memory before releasing it. */
  if (keys != NULL)
    sodium_free (keys);
}

/* --- replies ----------------------------------------------------------------------- */

/* Appends @text as a JSON string, escaping what JSON needs. */
static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      guchar c = (guchar)*p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char)c);
        }
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char)c);
    }
  g_string_append_c (out, '"');
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/**
 * sok_follow_up_seal_reply:
 * @keys: the code's keys, from inside the opened report
 * @place: the reply's place in the conversation (the report is 1)
 * @text: the DSL's words, at most %SOK_FOLLOW_UP_MAX_REPLY characters
 *
 * Encrypts a reply with the reply key (secretbox, a random nonce), padded so that
 * every reply is %SOK_FOLLOW_UP_REPLY_SIZE bytes. Its place goes inside, so that the
 * kiosk shows replies in order whatever the queue returns them in.
 *
 * Returns: (transfer full): nonce and ciphertext, or %NULL with @error when @text is
 *   empty, not UTF-8 or too long
 */
GBytes *
sok_follow_up_seal_reply (const SokFollowUpKeys  *keys,
                          guint                   place,
                          const char             *text,
                          GError                **error)
{
  g_autoptr (GString) json = NULL;
  guint8 *plain;
  guint8 *out;

  g_return_val_if_fail (keys != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (!sok_seal_ensure_sodium (error))
    return NULL;
  if (!g_utf8_validate (text, -1, NULL) || is_blank (text))
    {
      g_set_error (error, SOK_FOLLOW_UP_ERROR, SOK_FOLLOW_UP_ERROR_FAILED,
                   "A reply needs some words (in UTF-8)");
      return NULL;
    }
  if (g_utf8_strlen (text, -1) > SOK_FOLLOW_UP_MAX_REPLY)
    {
      g_set_error (error, SOK_FOLLOW_UP_ERROR, SOK_FOLLOW_UP_ERROR_TOO_LONG,
                   "A reply to a child is at most %d characters; this one has %ld. "
                   "Say less, or say it in two replies", SOK_FOLLOW_UP_MAX_REPLY,
                   g_utf8_strlen (text, -1));
      return NULL;
    }

  /* Sized so that it never grows: a grown GString would leave a copy behind. */
  json = g_string_sized_new (REPLY_PLAIN_SIZE + 1);
  g_string_append_printf (json, "{\"place\":%u,\"text\":", place);
  append_json_string (json, text);
  g_string_append_c (json, '}');
  g_assert (json->len <= REPLY_PLAIN_SIZE);

  plain = sodium_malloc (REPLY_PLAIN_SIZE);
  g_assert (plain != NULL);
  memcpy (plain, json->str, json->len);
  memset (plain + json->len, ' ', REPLY_PLAIN_SIZE - json->len);
  sodium_memzero (json->str, json->allocated_len);

  out = g_malloc (SOK_FOLLOW_UP_REPLY_SIZE);
  randombytes_buf (out, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy (out + crypto_secretbox_NONCEBYTES, plain, REPLY_PLAIN_SIZE, out,
                         keys->key);
  sodium_free (plain);

  return g_bytes_new_take (out, SOK_FOLLOW_UP_REPLY_SIZE);
}

/**
 * sok_follow_up_open_reply:
 *
 * Returns: (transfer full) (nullable): the reply, or %NULL when @ciphertext was not
 *   sealed with these keys or is damaged
 */
SokFollowUpMessage *
sok_follow_up_open_reply (const SokFollowUpKeys *keys,
                          GBytes                *ciphertext)
{
  g_autoptr (JsonParser) parser = NULL;
  SokFollowUpMessage *message;
  const guint8 *data;
  JsonObject *obj;
  JsonNode *root;
  guint8 *plain;
  gsize len = 0;
  gint64 place;
  const char *text;

  g_return_val_if_fail (keys != NULL, NULL);
  g_return_val_if_fail (ciphertext != NULL, NULL);

  data = g_bytes_get_data (ciphertext, &len);
  if (len != SOK_FOLLOW_UP_REPLY_SIZE || !sok_seal_ensure_sodium (NULL))
    return NULL;

  plain = sodium_malloc (REPLY_PLAIN_SIZE + 1);
  g_assert (plain != NULL);
  if (crypto_secretbox_open_easy (plain, data + crypto_secretbox_NONCEBYTES,
                                  len - crypto_secretbox_NONCEBYTES, data, keys->key) != 0)
    {
      sodium_free (plain);
      return NULL;
    }
  plain[REPLY_PLAIN_SIZE] = '\0';

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, (const char *)plain, REPLY_PLAIN_SIZE, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      sodium_free (plain);
      return NULL;
    }
  sodium_free (plain);
  obj = json_node_get_object (root);
  place = json_object_get_int_member_with_default (obj, "place", 0);
  text = json_object_get_string_member_with_default (obj, "text", NULL);
  if (place < 1 || place > G_MAXINT || text == NULL)
    return NULL;

  message = g_new0 (SokFollowUpMessage, 1);
  message->place = (guint)place;
  message->from = g_strdup ("dsl");
  message->text = g_strdup (text);
  return message;
}

static int
compare_place (gconstpointer a,
               gconstpointer b)
{
  const SokFollowUpMessage *x = *(SokFollowUpMessage * const *)a;
  const SokFollowUpMessage *y = *(SokFollowUpMessage * const *)b;

  return (x->place > y->place) - (x->place < y->place);
}

/**
 * sok_follow_up_find_replies:
 * @keys: the keys of the code that was tapped in
 * @rows: (element-type SokFollowUpRow): every reply row the kiosk fetched
 * @today: the kiosk's date
 *
 * Matches the tag here on the kiosk, over every row alike, and opens the replies that
 * are the code's. A row whose day has passed is treated as if it were not there: an
 * expired reply, one already removed, a wrong code and a code with no reply yet all
 * give an empty array.
 *
 * Returns: (transfer full) (element-type SokFollowUpMessage): the code's replies in
 *   their order in the conversation
 */
GPtrArray *
sok_follow_up_find_replies (const SokFollowUpKeys *keys,
                            GPtrArray             *rows,
                            const GDate           *today)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_follow_up_message_free);

  g_return_val_if_fail (keys != NULL, found);
  g_return_val_if_fail (rows != NULL, found);
  g_return_val_if_fail (today != NULL && g_date_valid (today), found);

  for (guint i = 0; i < rows->len; i++)
    {
      SokFollowUpRow *row = g_ptr_array_index (rows, i);
      gsize tag_len = 0;
      const guint8 *tag = g_bytes_get_data (row->tag, &tag_len);
      gboolean match = tag_len == SOK_FOLLOW_UP_TAG_BYTES &&
                       sodium_memcmp (tag, keys->tag, SOK_FOLLOW_UP_TAG_BYTES) == 0;
      SokFollowUpMessage *message;

      if (!match || !g_date_valid (&row->expires) || g_date_compare (&row->expires, today) < 0)
        continue;
      message = sok_follow_up_open_reply (keys, row->ciphertext);
      if (message != NULL)
        g_ptr_array_add (found, message);
    }
  g_ptr_array_sort (found, compare_place);

  return found;
}

void
sok_follow_up_row_free (SokFollowUpRow *row)
{
  if (row == NULL)
    return;
  g_clear_pointer (&row->tag, g_bytes_unref);
  g_clear_pointer (&row->ciphertext, g_bytes_unref);
  g_free (row);
}

void
sok_follow_up_message_free (SokFollowUpMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->from);
  if (message->text != NULL)
    {
      sodium_memzero (message->text, strlen (message->text));
      g_free (message->text);
    }
  g_free (message);
}
