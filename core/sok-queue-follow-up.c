/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-queue"

#include "config.h"

#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "sok-config.h"
#include "sok-follow-up.h"
#include "sok-half-day.h"
#include "sok-kiosk.h"
#include "sok-queue.h"

/* Hearing back, in the queue (see sok-follow-up.c for the code and its keys).
 *
 * - A kiosk reads every row of the replies table (tag, ciphertext, last day) with one
 *   statement that never changes, and matches the tag itself: the queue never learns
 *   which code was tapped in, or when.
 * - A child's answer arrives as an envelope like any report, sealed to the DSL. Only
 *   the DSL's software can open it, so it sorts newly arrived envelopes: a report with
 *   a code is remembered under the DSL key's MAC of its tag (not the tag, which would
 *   link the case to its reply rows for anyone reading the table), and an answer
 *   carrying a known tag joins that case's conversation, marking it unread (and
 *   urgent when the child asked for help now) instead of being a case of its own.
 * - Every message carries its place in the conversation inside its seal; the order
 *   shown never depends on a time. */

#define TAG_MAC_PURPOSE "follow-up-tag"

void
sok_queue_message_free (SokQueueMessage *item)
{
  if (item == NULL)
    return;
  g_clear_pointer (&item->sealed, g_bytes_unref);
  g_free (item->answer_id);
  g_free (item);
}

static gboolean
check_dsl_key (SokQueue  *self,
               GError   **error)
{
  if (sok_queue_get_role (self) != SOK_QUEUE_ROLE_DSL || sok_queue_get_dsl_key (self) == NULL)
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_PERMISSION,
                   "A conversation with a child can be read and written only with the DSL "
                   "key: unlock it with the DSL's passphrase first");
      return FALSE;
    }
  return TRUE;
}

/**
 * sok_queue_list_replies:
 *
 * Reads every reply row of the school, as a kiosk does on its delivery schedule and
 * when **My messages** opens. The statement is always the same, and so is what the
 * server sees, whatever code a child taps in.
 *
 * Returns: (transfer full) (element-type SokFollowUpRow): the rows
 */
GPtrArray *
sok_queue_list_replies (SokQueue  *self,
                        GError   **error)
{
  g_return_val_if_fail (SOK_IS_QUEUE (self), NULL);

  return SOK_QUEUE_GET_CLASS (self)->list_replies (self, error);
}

static void
date_today (GDate *today)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (today, 1);
  g_date_set_dmy (today, (GDateDay)g_date_time_get_day_of_month (now),
                  (GDateMonth)g_date_time_get_month (now), (GDateYear)g_date_time_get_year (now));
}

/**
 * sok_queue_check_code:
 * @keys: the keys of the code the child tapped in (sok_follow_up_derive())
 *
 * What the kiosk's **My messages** does: fetch every reply row, then match the tag
 * and open the replies here. A wrong code, a code with no reply yet, an expired one
 * and one whose replies were removed all give an empty array.
 *
 * Returns: (transfer full) (element-type SokFollowUpMessage): the replies in order,
 *   or %NULL with @error when the queue cannot be reached
 */
GPtrArray *
sok_queue_check_code (SokQueue               *self,
                      const SokFollowUpKeys  *keys,
                      GError                **error)
{
  g_autoptr (GPtrArray) rows = NULL;
  GDate today;

  g_return_val_if_fail (SOK_IS_QUEUE (self), NULL);
  g_return_val_if_fail (keys != NULL, NULL);

  rows = sok_queue_list_replies (self, error);
  if (rows == NULL)
    return NULL;
  date_today (&today);
  return sok_follow_up_find_replies (keys, rows, &today);
}

static char *
dup_tag_mac (SokQueue     *self,
             const guint8 *tag)
{
  guint8 mac[32];

  sok_dsl_key_mac (sok_queue_get_dsl_key (self), TAG_MAC_PURPOSE, tag,
                   SOK_FOLLOW_UP_TAG_BYTES, mac);
  return sodium_bin2hex (g_malloc (65), 65, mac, sizeof mac);
}

/* A member that is an object, or NULL when it is missing, null or anything else
 * (reports from before hearing back have no "follow_up"). */
static JsonObject *
get_object (JsonObject *obj,
            const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
decode_tag (const char *b64,
            guint8     *tag)
{
  gsize len = 0;

  return b64 != NULL &&
         sodium_base642bin (tag, SOK_FOLLOW_UP_TAG_BYTES, b64, strlen (b64), NULL, &len, NULL,
                            sodium_base64_VARIANT_ORIGINAL) == 0 &&
         len == SOK_FOLLOW_UP_TAG_BYTES;
}

/* The report's own JSON, opened; NULL when it cannot be read. */
static JsonParser *
open_report (SokQueue    *self,
             const char  *report_id,
             const char  *actor,
             const char  *purpose,
             JsonObject **report,
             GError     **error)
{
  g_autoptr (GBytes) sealed = NULL;
  g_autoptr (GBytes) plain = NULL;
  g_autoptr (GBytes) inner = NULL;
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  const char *data;
  gsize len = 0;

  sealed = sok_queue_open_sealed (self, report_id, actor, purpose, NULL, NULL, error);
  if (sealed == NULL)
    return NULL;
  plain = sok_seal_open (sok_queue_get_dsl_key (self), sealed, error);
  if (plain == NULL)
    return NULL;
  inner = sok_kiosk_unwrap_report (plain);
  data = inner ? g_bytes_get_data (inner, &len) : NULL;
  if (data == NULL || !json_parser_load_from_data (parser, data, (gssize)len, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_FAILED,
                   "Report %s cannot be read: it is damaged", report_id);
      return NULL;
    }
  *report = json_node_get_object (json_parser_get_root (parser));
  return g_steal_pointer (&parser);
}

static char *
dup_expiry (gint64 half_day,
            guint  days)
{
  g_autoptr (GDateTime) at = g_date_time_new_from_unix_local (half_day / G_USEC_PER_SEC);
  g_autoptr (GDateTime) last = g_date_time_add_days (at, (int)days);

  return g_date_time_format (last, "%Y-%m-%d");
}

/**
 * sok_queue_expire_follow_ups:
 * @today: the date; replies and codes whose last day is before it go
 *
 * Removes the reply rows past their last day, and forgets which case their code was
 * (its MAC). The reply key is then left only inside the report's seal. A kiosk cannot
 * tell an expired reply from a removed one, or from none.
 */
gboolean
sok_queue_expire_follow_ups (SokQueue  *self,
                             GDate     *today,
                             guint     *n_removed,
                             GError   **error)
{
  char iso[16];
  guint removed = 0;

  g_return_val_if_fail (SOK_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  if (sok_queue_get_role (self) != SOK_QUEUE_ROLE_DSL)
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_PERMISSION,
                   "Only the DSL's role removes expired replies");
      return FALSE;
    }
  g_date_strftime (iso, sizeof iso, "%Y-%m-%d", today);
  if (!SOK_QUEUE_GET_CLASS (self)->expire_follow_ups (self, iso, &removed, error))
    return FALSE;
  if (n_removed != NULL)
    *n_removed = removed;
  return TRUE;
}

/**
 * sok_queue_sort_envelopes:
 * @actor: the DSL's name, for the audit log (each envelope opened is recorded)
 * @follow_up_days: how long a code is kept (`follow-up-days`)
 * @n_answers: (out) (optional): how many answers joined their case
 *
 * Opens each envelope not yet sorted and records whether it is a report (with its
 * code's MAC and last day when it has one) or a child's answer, which joins the
 * conversation of the case with its tag. An answer whose case is not found (its code
 * expired) stays a case of its own. Expired codes and replies are removed first.
 */
gboolean
sok_queue_sort_envelopes (SokQueue    *self,
                          const char  *actor,
                          guint        follow_up_days,
                          guint       *n_answers,
                          GError     **error)
{
  g_autoptr (GPtrArray) unsorted = NULL;
  guint answers = 0;
  GDate today;

  g_return_val_if_fail (SOK_IS_QUEUE (self), FALSE);

  if (!check_dsl_key (self, error))
    return FALSE;
  date_today (&today);
  if (!sok_queue_expire_follow_ups (self, &today, NULL, error))
    return FALSE;

  unsorted = SOK_QUEUE_GET_CLASS (self)->list_unsorted (self, error);
  if (unsorted == NULL)
    return FALSE;

  for (guint i = 0; i < unsorted->len; i++)
    {
      SokQueueCase *item = g_ptr_array_index (unsorted, i);
      g_autoptr (GError) local_error = NULL;
      g_autoptr (JsonParser) parser = NULL;
      g_autofree char *tag_mac = NULL;
      g_autofree char *expires = NULL;
      g_autofree char *case_id = NULL;
      SokQueueSorting sorting = { 0 };
      JsonObject *report = NULL;
      guint8 tag[SOK_FOLLOW_UP_TAG_BYTES];

      sorting.report_id = item->report_id;
      sorting.half_day = item->received_at;
      sorting.urgent = item->urgent;

      parser = open_report (self, item->report_id, actor, "sorting answers into their cases",
                            &report, &local_error);
      if (parser == NULL && !g_error_matches (local_error, SOK_QUEUE_ERROR,
                                              SOK_QUEUE_ERROR_FAILED))
        {
          /* The queue could not be read: try again next time. */
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (parser != NULL)
        {
          JsonObject *answer_to = get_object (report, "answer_to");
          JsonObject *follow_up = get_object (report, "follow_up");

          if (answer_to != NULL &&
              decode_tag (json_object_get_string_member_with_default (answer_to, "tag", NULL),
                          tag))
            {
              sorting.is_answer = TRUE;
              sorting.tag_mac = tag_mac = dup_tag_mac (self, tag);
            }
          else if (follow_up != NULL &&
                   decode_tag (json_object_get_string_member_with_default (follow_up, "tag",
                                                                           NULL), tag))
            {
              sorting.tag_mac = tag_mac = dup_tag_mac (self, tag);
              sorting.expires = expires = dup_expiry (item->received_at, follow_up_days);
            }
          sodium_memzero (tag, sizeof tag);
        }
      /* An envelope that cannot be opened stays a case: the DSL sees why there. */
      if (!SOK_QUEUE_GET_CLASS (self)->sort_envelope (self, &sorting, &case_id, error))
        return FALSE;
      if (case_id != NULL)
        answers++;
    }

  if (answers > 0 || unsorted->len > 0)
    {
      /* Codes sorted just now may already be past their day. */
      if (!sok_queue_expire_follow_ups (self, &today, NULL, error))
        return FALSE;
    }
  if (n_answers != NULL)
    *n_answers = answers;
  return TRUE;
}

/* What the DSL sees of its own reply: sealed to its own key, like notes. */
static GBytes *
seal_for_dsl (SokQueue    *self,
              guint        place,
              const char  *text,
              GError     **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GBytes) plain = NULL;
  g_autofree char *public_key = sok_dsl_key_dup_public_key_base64 (sok_queue_get_dsl_key (self));
  gsize len = 0;
  char *json;
  GBytes *sealed;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "place");
  json_builder_add_int_value (builder, place);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, &len);
  plain = g_bytes_new_take (json, len);
  sealed = sok_seal_seal (plain, public_key, error);
  sodium_memzero (json, len);
  return sealed;
}

/**
 * sok_queue_reply:
 * @report_id: the case
 * @actor: the DSL's name, recorded in the audit log
 * @text: the reply, at most %SOK_FOLLOW_UP_MAX_REPLY characters
 * @follow_up_days: how long a code is kept (`follow-up-days`)
 *
 * Seals the DSL's reply with the reply key from inside the opened report and stores
 * it for every kiosk to fetch, under the code's tag and the code's last day; the case
 * keeps a copy sealed to the DSL key, with its place in the conversation. Refuses
 * with %SOK_QUEUE_ERROR_NO_CODE when the child kept no code or it has expired.
 */
gboolean
sok_queue_reply (SokQueue    *self,
                 const char  *report_id,
                 const char  *actor,
                 const char  *text,
                 guint        follow_up_days,
                 GError     **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GPtrArray) messages = NULL;
  g_autoptr (SokFollowUpKeys) keys = NULL;
  g_autoptr (GBytes) ciphertext = NULL;
  g_autoptr (GBytes) sealed = NULL;
  g_autoptr (GBytes) tag = NULL;
  g_autofree char *expires = NULL;
  JsonObject *report = NULL;
  JsonObject *follow_up;
  gboolean unread = FALSE, urgent = FALSE;
  gsize len = 0;
  guint place;

  g_return_val_if_fail (SOK_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (report_id != NULL && text != NULL, FALSE);

  if (!check_dsl_key (self, error) ||
      !sok_queue_sort_envelopes (self, actor, follow_up_days, NULL, error))
    return FALSE;

  parser = open_report (self, report_id, actor, NULL, &report, error);
  if (parser == NULL)
    return FALSE;
  follow_up = get_object (report, "follow_up");
  if (follow_up == NULL)
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_NO_CODE,
                   "Report %s has no picture code: the child chose not to keep one (or "
                   "this is an answer, not a report), so no reply can reach them. Talk to "
                   "the child if you know who they are, or wait for them to tell you more",
                   report_id);
      return FALSE;
    }
  if (!SOK_QUEUE_GET_CLASS (self)->get_follow_up (self, report_id, &expires, &unread, &urgent,
                                                  error))
    return FALSE;
  if (expires == NULL)
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_NO_CODE,
                   "The picture code of report %s has expired (codes are kept for "
                   "follow-up-days, %u days): a reply can no longer reach the child",
                   report_id, follow_up_days);
      return FALSE;
    }

  keys = sodium_malloc (sizeof *keys);
  g_assert (keys != NULL);
  if (!decode_tag (json_object_get_string_member_with_default (follow_up, "tag", NULL),
                   keys->tag) ||
      sodium_base642bin (keys->key, sizeof keys->key,
                         json_object_get_string_member_with_default (follow_up, "key", ""),
                         strlen (json_object_get_string_member_with_default (follow_up, "key", "")),
                         NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      len != sizeof keys->key)
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_FAILED,
                   "The picture code inside report %s is damaged: no reply can be sealed",
                   report_id);
      return FALSE;
    }

  /* The report is place 1; each reply and answer so far took the next. */
  messages = SOK_QUEUE_GET_CLASS (self)->list_messages (self, report_id, FALSE, error);
  if (messages == NULL)
    return FALSE;
  place = messages->len + 2;

  ciphertext = sok_follow_up_seal_reply (keys, place, text, error);
  if (ciphertext == NULL)
    return FALSE;
  sealed = seal_for_dsl (self, place, text, error);
  if (sealed == NULL)
    return FALSE;
  tag = g_bytes_new (keys->tag, sizeof keys->tag);
  if (!SOK_QUEUE_GET_CLASS (self)->add_reply (self, report_id, tag, ciphertext, expires, sealed,
                                              sok_half_day_now (), error))
    return FALSE;

  return sok_queue_record_on_case (self, report_id, actor, "reply", NULL, error);
}

static int
compare_messages (gconstpointer a,
                  gconstpointer b)
{
  const SokFollowUpMessage *x = *(SokFollowUpMessage * const *)a;
  const SokFollowUpMessage *y = *(SokFollowUpMessage * const *)b;

  if (x->place != y->place)
    return (x->place > y->place) - (x->place < y->place);
  /* A reply and an answer written at once share a place: the reply first. */
  return g_strcmp0 (x->from, y->from) == 0 ? 0 : g_str_equal (x->from, "dsl") ? -1 : 1;
}

/**
 * sok_queue_dup_conversation:
 * @report_id: the case
 * @actor: the DSL's name; each answer opened is recorded in the audit log
 * @follow_up_days: how long a code is kept (`follow-up-days`), for sorting
 *
 * The case's replies and answers after the report itself (which is place 1), in
 * their order in the conversation, and marks the case read. Envelopes that arrived
 * are sorted first, so that a new answer is in it.
 *
 * Returns: (transfer full) (element-type SokFollowUpMessage): the messages, each with
 *   its half-day
 */
GPtrArray *
sok_queue_dup_conversation (SokQueue    *self,
                            const char  *report_id,
                            const char  *actor,
                            guint        follow_up_days,
                            GError     **error)
{
  g_autoptr (GPtrArray) stored = NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_follow_up_message_free);

  g_return_val_if_fail (SOK_IS_QUEUE (self), NULL);
  g_return_val_if_fail (report_id != NULL, NULL);

  if (!check_dsl_key (self, error) ||
      !sok_queue_sort_envelopes (self, actor, follow_up_days, NULL, error))
    return NULL;
  stored = SOK_QUEUE_GET_CLASS (self)->list_messages (self, report_id, TRUE, error);
  if (stored == NULL)
    return NULL;

  for (guint i = 0; i < stored->len; i++)
    {
      SokQueueMessage *m = g_ptr_array_index (stored, i);
      g_autoptr (JsonParser) parser = NULL;
      SokFollowUpMessage *message = g_new0 (SokFollowUpMessage, 1);
      JsonObject *obj = NULL;
      gint64 place = 0;
      const char *text = NULL;

      message->half_day = m->half_day;
      message->from = g_strdup (m->from_dsl ? "dsl" : "child");
      if (m->from_dsl && m->sealed != NULL)
        {
          g_autoptr (GBytes) plain = sok_seal_open (sok_queue_get_dsl_key (self), m->sealed, NULL);
          const char *data;
          gsize len = 0;

          parser = json_parser_new_immutable ();
          data = plain ? g_bytes_get_data (plain, &len) : NULL;
          if (data != NULL && json_parser_load_from_data (parser, data, (gssize)len, NULL) &&
              JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
            obj = json_node_get_object (json_parser_get_root (parser));
          if (obj != NULL)
            {
              place = json_object_get_int_member_with_default (obj, "place", 0);
              text = json_object_get_string_member_with_default (obj, "text", NULL);
            }
        }
      else if (m->answer_id != NULL)
        {
          JsonObject *answer_to;

          parser = open_report (self, m->answer_id, actor, "reading a child's answer", &obj,
                                error);
          if (parser == NULL)
            {
              sok_follow_up_message_free (message);
              return NULL;
            }
          answer_to = get_object (obj, "answer_to");
          place = answer_to ? json_object_get_int_member_with_default (answer_to, "place", 0) : 0;
          text = json_object_get_string_member_with_default (obj, "text", NULL);
          if (text == NULL && get_object (obj, "drawing") != NULL)
            text = "(a drawing)";
        }
      message->place = place > 0 && place < G_MAXINT ? (guint)place : G_MAXINT;
      message->text = g_strdup (text != NULL ? text : "(this message cannot be read)");
      g_ptr_array_add (out, message);
    }
  g_ptr_array_sort (out, compare_messages);

  return g_steal_pointer (&out);
}

/* --- on the kiosk: My messages ------------------------------------------------------ */

void
sok_follow_up_check_free (SokFollowUpCheck *check)
{
  if (check == NULL)
    return;
  g_clear_pointer (&check->keys, sok_follow_up_keys_free);
  g_clear_pointer (&check->messages, g_ptr_array_unref);
  g_free (check);
}

/**
 * sok_follow_up_check_get_answer_place:
 *
 * Returns: the place of the child's answer in the conversation: one after the last
 *   reply they were shown (for sok_report_draft_set_answer()); 0 when there is no
 *   reply to answer
 */
guint
sok_follow_up_check_get_answer_place (SokFollowUpCheck *check)
{
  SokFollowUpMessage *last;

  g_return_val_if_fail (check != NULL, 0);

  if (check->messages == NULL || check->messages->len == 0)
    return 0;
  last = g_ptr_array_index (check->messages, check->messages->len - 1);
  return last->place + 1;
}

typedef struct
{
  char   *data_dir;
  guint8  code[SOK_FOLLOW_UP_CODE_LENGTH];
} CheckData;

static void
check_data_free (gpointer data)
{
  CheckData *d = data;

  sodium_memzero (d->code, sizeof d->code);
  g_free (d->data_dir);
  g_free (d);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckData *d = task_data;
  g_autoptr (SokConfig) config = NULL;
  g_autoptr (SokPictures) pictures = NULL;
  g_autoptr (SokQueue) queue = NULL;
  g_autoptr (SokFollowUpCheck) check = g_new0 (SokFollowUpCheck, 1);
  GError *error = NULL;
  const char *uri;

  if (!(config = sok_config_load (d->data_dir, &error)) ||
      !(pictures = sok_pictures_load (&error)))
    {
      g_task_return_error (task, error);
      return;
    }
  uri = sok_config_get_queue (config);
  if (uri == NULL || *uri == '\0')
    {
      g_task_return_new_error (task, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID_URI,
                               "This kiosk has no DSL queue to read messages from: sokctl "
                               "config set queue …");
      return;
    }
  /* The derivation first, then one fetch of every row: the server sees the same
   * whatever the code. */
  if (!(check->keys = sok_follow_up_derive (pictures, d->code,
                                            sok_config_get_dsl_public_key (config), &error)) ||
      !(queue = sok_queue_open (uri, SOK_QUEUE_ROLE_KIOSK, &error)) ||
      !(check->messages = sok_queue_check_code (queue, check->keys, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&check), (GDestroyNotify)sok_follow_up_check_free);
}

/**
 * sok_follow_up_check_async:
 * @data_dir: the kiosk's data directory (its settings: the DSL key and the queue)
 * @code: (array fixed-size=4): the code tapped in, as places in the pictures; copied
 *   and wiped
 *
 * What **My messages** does when the fourth picture is tapped, in a worker thread:
 * derives the code's keys, reads every reply row from the queue and opens the code's
 * replies. %SOK_QUEUE_ERROR_UNREACHABLE (and the other queue errors) mean the queue
 * could not be read: the child is told kindly to try later.
 */
void
sok_follow_up_check_async (const char          *data_dir,
                           const guint8        *code,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  CheckData *d;

  g_return_if_fail (data_dir != NULL);
  g_return_if_fail (code != NULL);

  d = g_new0 (CheckData, 1);
  d->data_dir = g_strdup (data_dir);
  memcpy (d->code, code, sizeof d->code);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sok_follow_up_check_async);
  g_task_set_task_data (task, d, check_data_free);
  g_task_run_in_thread (task, check_thread);
}

/**
 * sok_follow_up_check_finish:
 *
 * Returns: (transfer full): what was found, or %NULL with @error
 */
SokFollowUpCheck *
sok_follow_up_check_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sok_follow_up_check_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
