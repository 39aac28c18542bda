/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sokctl"

#include "config.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sok-case-kinds.h"
#include "sok-case.h"
#include "sok-config.h"
#include "sok-fingerprint.h"
#include "sok-kiosk.h"
#include "sok-language.h"
#include "sok-report-content.h"
#include "sok-stats.h"
#include "sokctl.h"

/* The DSL's view from a terminal: `sokctl queue …` and the governors' figures
 * (`sokctl stats`). The queue's address may hold a password: it is only ever shown
 * through sok_queue_get_display_uri(), which hides it. */

#define MAX_PASSPHRASE 1024

/* Options every queue command takes. */
typedef struct
{
  char *queue;
  char *key;
  char *passphrase_file;
  char *by;
} QueueOptions;

static void
queue_options_clear (QueueOptions *o)
{
  if (o->queue)
    sodium_memzero (o->queue, strlen (o->queue));
  g_clear_pointer (&o->queue, g_free);
  g_clear_pointer (&o->key, g_free);
  g_clear_pointer (&o->passphrase_file, g_free);
  g_clear_pointer (&o->by, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (QueueOptions, queue_options_clear)

#define QUEUE_OPTION_ENTRIES(o) \
  { "queue", 0, 0, G_OPTION_ARG_STRING, &(o)->queue, \
    "The DSL queue (default: the data directory's queue setting)", "sqlite:/PATH|postgresql://…" }, \
  { "key", 0, 0, G_OPTION_ARG_FILENAME, &(o)->key, \
    "The DSL key file (default: DATA_DIR/dsl.key)", "FILE" }, \
  { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &(o)->passphrase_file, \
    "A file holding the DSL key's passphrase", "FILE" }, \
  { "by", 0, 0, G_OPTION_ARG_STRING, &(o)->by, \
    "Who is doing this, for the audit log (default: your name)", "NAME" }

static SokDslKey *unlock_key (SokctlContext  *ctx,
                              QueueOptions   *o,
                              GError        **error);

/* Opens the queue and, with --passphrase-file (or when @needs_key), gives it the
 * DSL key: writing to the case record signs each entry with it, a SQLite queue
 * seals notes to it, and verify-audit checks every signature with it. */
static SokQueue *
open_queue_with_key (SokctlContext  *ctx,
                     QueueOptions   *o,
                     gboolean        needs_key,
                     GError        **error);

static SokQueue *
open_queue (SokctlContext  *ctx,
            QueueOptions   *o,
            GError        **error)
{
  g_autoptr (SokConfig) config = NULL;
  const char *uri = o->queue;

  if (uri == NULL)
    {
      g_autoptr (GError) local_error = NULL;

      config = sokctl_load_config (ctx, &local_error);
      if (config == NULL)
        {
          g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_USAGE,
                       "Give the DSL queue with --queue sqlite:/PATH or --queue "
                       "postgresql://…, or set it with “sokctl config set queue …” (%s)",
                       local_error->message);
          return NULL;
        }
      uri = sok_config_get_queue (config);
      if (uri == NULL || *uri == '\0')
        {
          g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_USAGE,
                       "No DSL queue is set in %s; give --queue sqlite:/PATH or "
                       "--queue postgresql://…, or set it with “sokctl config set queue …”",
                       ctx->data_dir);
          return NULL;
        }
    }

  return sok_queue_open (uri, SOK_QUEUE_ROLE_DSL, error);
}

/* How long codes are kept: the data directory's follow-up-days when there is one
 * (the DSL's machine may have none), else the default. */
static guint
get_follow_up_days (SokctlContext *ctx)
{
  g_autoptr (SokConfig) config = sok_config_load (ctx->data_dir, NULL);

  return config != NULL ? sok_config_get_follow_up_days (config) : SOK_FOLLOW_UP_DEFAULT_DAYS;
}

static const char *
get_actor (QueueOptions *o)
{
  const char *name;

  if (o->by != NULL && *o->by != '\0')
    return o->by;
  name = g_get_real_name ();
  if (name == NULL || *name == '\0' || g_str_equal (name, "Unknown"))
    name = g_get_user_name ();
  return name;
}

/* Reads the passphrase into memory that is wiped when freed; one trailing newline
 * (as editors leave) is not part of it. */
static char *
read_passphrase (const char  *path,
                 gsize       *len,
                 GError     **error)
{
  FILE *file;
  char *secret;
  gsize n;

  file = fopen (path, "re");
  if (file == NULL)
    {
      int saved = errno;
      g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_FAILED,
                   "Could not read the passphrase file %s: %s", path, g_strerror (saved));
      return NULL;
    }

  secret = sodium_malloc (MAX_PASSPHRASE + 2);
  if (secret == NULL)
    {
      fclose (file);
      g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_FAILED, "Not enough memory for the passphrase");
      return NULL;
    }
  /* No stdio buffer of our own: fread's copy is the only one. */
  setvbuf (file, NULL, _IONBF, 0);
  n = fread (secret, 1, MAX_PASSPHRASE + 1, file);
  fclose (file);

  if (n > MAX_PASSPHRASE)
    {
      sodium_free (secret);
      g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_FAILED,
                   "The passphrase file %s is longer than %d bytes; it should hold only the "
                   "passphrase", path, MAX_PASSPHRASE);
      return NULL;
    }
  if (n > 0 && secret[n - 1] == '\n')
    n--;
  if (n > 0 && secret[n - 1] == '\r')
    n--;
  secret[n] = '\0';
  if (n == 0)
    {
      sodium_free (secret);
      g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_FAILED,
                   "The passphrase file %s is empty", path);
      return NULL;
    }

  *len = n;
  return secret;
}

static SokDslKey *
unlock_key (SokctlContext  *ctx,
            QueueOptions   *o,
            GError        **error)
{
  g_autofree char *key_path = NULL;
  SokDslKey *key;
  char *passphrase;
  gsize len = 0;

  if (o->passphrase_file == NULL)
    {
      g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_USAGE,
                   "Reading reports and writing to the case record need the DSL key's "
                   "passphrase: give --passphrase-file FILE");
      return NULL;
    }

  key_path = o->key ? g_strdup (o->key) : sok_dsl_dup_default_key_path (ctx->data_dir);
  if (!g_file_test (key_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_USAGE,
                   "There is no DSL key at %s; give --key FILE (the dsl.key that "
                   "“sokctl keys generate” made)", key_path);
      return NULL;
    }

  passphrase = read_passphrase (o->passphrase_file, &len, error);
  if (passphrase == NULL)
    return NULL;
  key = sok_dsl_unlock (key_path, passphrase, len, error);
  sodium_free (passphrase);
  return key;
}

static SokQueue *
open_queue_with_key (SokctlContext  *ctx,
                     QueueOptions   *o,
                     gboolean        needs_key,
                     GError        **error)
{
  g_autoptr (SokQueue) queue = NULL;
  g_autoptr (SokDslKey) key = NULL;

  queue = open_queue (ctx, o, error);
  if (queue == NULL)
    return NULL;
  if (!needs_key && o->passphrase_file == NULL)
    return g_steal_pointer (&queue);

  key = unlock_key (ctx, o, error);
  if (key == NULL)
    return NULL;
  sok_queue_set_dsl_key (queue, key);
  return g_steal_pointer (&queue);
}

/* Actions are checked (kind, reason, status) before the key is asked for; when all
 * that is left is the key, say how to give it. */
static gboolean
needs_passphrase (SokQueue  *queue,
                  GError   **error)
{
  if (sok_queue_get_dsl_key (queue) == NULL &&
      g_error_matches (*error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_PERMISSION))
    {
      g_clear_error (error);
      g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_USAGE,
                   "Writing to the case record needs the DSL key, which signs every entry: "
                   "give --passphrase-file FILE (and --key FILE if it is not DATA_DIR/dsl.key)");
    }
  return FALSE;
}

/* The tiles' words in the DSL's own language, not the child's: the report's language
 * is shown beside them, so that the DSL knows how to reply. */
static SokReportContent *
load_content (SokctlContext *ctx)
{
  const char *own = g_get_language_names ()[0];

  return sok_report_content_load (ctx->data_dir, g_strcmp0 (own, "C") != 0 ? own : "en_GB");
}

/* "Polski (pl_PL)": the language the child used, in its own name. */
static char *
dup_language (const char *locale)
{
  const char *name = sok_language_get_own_name (locale);

  if (locale == NULL || *locale == '\0')
    return g_strdup ("not given");
  return name != NULL ? g_strdup_printf ("%s (%s)", name, locale) : g_strdup (locale);
}

/* A warning that a person reading the terminal cannot miss: red when stdout is one. */
static void
print_warning (const char *text)
{
  gboolean colour = isatty (STDOUT_FILENO);

  printf ("%s! %s%s\n", colour ? "\033[1;31m" : "", text, colour ? "\033[0m" : "");
}

static gboolean
queue_list (SokctlContext  *ctx,
            QueueOptions   *o,
            const char     *status,
            GError        **error)
{
  g_autoptr (SokQueue) queue = NULL;
  g_autoptr (GPtrArray) cases = NULL;
  g_autoptr (SokctlTable) table = NULL;
  g_autoptr (SokDslKey) key = NULL;
  g_autoptr (SokKioskRegistry) registry = NULL;
  SokCaseFilter filter = SOK_CASE_FILTER_ALL;
  guint n_marked = 0;

  if (status != NULL && !g_str_equal (status, "all"))
    {
      SokCaseStatus s;

      if (!sok_case_status_from_string (status, &s))
        return sokctl_usage_error (error, "--status must be new, open, closed or all, not “%s”",
                                   status);
      filter = 1 << s;
    }

  /* With the key, children's answers that arrived are first put in their cases. */
  if (!(queue = open_queue_with_key (ctx, o, FALSE, error)) ||
      (sok_queue_get_dsl_key (queue) != NULL &&
       !sok_queue_sort_envelopes (queue, get_actor (o), get_follow_up_days (ctx), NULL, error)) ||
      !(cases = sok_queue_list_cases (queue, filter, error)))
    return FALSE;

  /* Who signed a report is inside its seal: with the key each one is checked (nothing
   * is shown of it, and no view is recorded); without, the list says "unchecked". */
  if (o->passphrase_file != NULL &&
      (!(key = unlock_key (ctx, o, error)) ||
       !(registry = sok_kiosk_registry_load (queue, key, error))))
    return FALSE;

  table = sokctl_table_new ((const char *[]) { "report_id", "urgent", "status", "received",
                                               "kiosk", "last_action", "outcome", "signature",
                                               "unread", NULL });
  for (guint i = 0; i < cases->len; i++)
    {
      SokQueueCase *item = g_ptr_array_index (cases, i);
      g_autofree char *received = sok_case_format_received (item->received_at);
      const char *signature = "unchecked";

      if (registry != NULL)
        {
          SokSignatureState state = sok_case_check_signature (queue, key, registry, item,
                                                              get_actor (o));

          signature = sok_signature_state_to_string (state);
          if (state != SOK_SIGNATURE_VALID)
            n_marked++;
        }

      sokctl_table_add_rowv (table, item->report_id, item->urgent ? "yes" : "no",
                             sok_case_status_to_string (item->status), received, item->kiosk_id,
                             item->last_action, item->outcome, signature,
                             item->unread ? "yes" : "no", NULL);
    }

  sokctl_table_print (table, ctx->format);
  if (ctx->format == SOKCTL_FORMAT_TEXT)
    {
      if (registry == NULL && cases->len > 0)
        printf ("Give --passphrase-file to check which kiosk signed each report.\n");
      else if (n_marked > 0)
        {
          g_autofree char *line = g_strdup_printf (
            "%u %s not signed by a kiosk you approved (see the signature column): check "
            "%s before acting on %s.", n_marked, n_marked == 1 ? "report is" : "reports are",
            n_marked == 1 ? "it" : "them", n_marked == 1 ? "it" : "them");

          print_warning (line);
        }
    }
  return TRUE;
}

static void
add_message_json (JsonBuilder *builder,
                  const char  *from,
                  const char  *when,
                  const char  *text)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, from);
  json_builder_set_member_name (builder, "when");
  json_builder_add_string_value (builder, when);
  json_builder_set_member_name (builder, "text");
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

/* The conversation: the child's report (place 1), then replies and answers in their
 * places. */
static void
print_case_json (const char * const *keys,
                 const char * const *values,
                 GPtrArray          *actions,
                 const char         *report_when,
                 const char         *report_text,
                 GPtrArray          *conversation)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  for (guint i = 0; keys[i]; i++)
    {
      if (g_str_equal (keys[i], "actions"))
        continue;
      json_builder_set_member_name (builder, keys[i]);
      if (values[i] == NULL)
        json_builder_add_null_value (builder);
      else
        json_builder_add_string_value (builder, values[i]);
    }
  json_builder_set_member_name (builder, "actions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < actions->len; i++)
    {
      SokQueueAction *a = g_ptr_array_index (actions, i);
      g_autofree char *at = sok_case_format_time (a->at);
      const char *names[] = { "action", "by", "at", "note", "reason" };
      const char *texts[] = { a->kind, a->by, at, a->note, a->reason };

      json_builder_begin_object (builder);
      for (guint k = 0; k < G_N_ELEMENTS (names); k++)
        {
          json_builder_set_member_name (builder, names[k]);
          if (texts[k] == NULL)
            json_builder_add_null_value (builder);
          else
            json_builder_add_string_value (builder, texts[k]);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "conversation");
  json_builder_begin_array (builder);
  add_message_json (builder, "child", report_when, report_text);
  for (guint i = 0; i < conversation->len; i++)
    {
      SokFollowUpMessage *m = g_ptr_array_index (conversation, i);
      g_autofree char *when = sok_case_format_received (m->half_day);

      add_message_json (builder, m->from, when, m->text);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
  /* It holds what the child wrote. */
  sodium_memzero (text, strlen (text));
}

static gboolean
queue_show (SokctlContext  *ctx,
            QueueOptions   *o,
            const char     *report_id,
            GError        **error)
{
  g_autoptr (SokQueue) queue = NULL;
  g_autoptr (SokDslKey) key = NULL;
  g_autoptr (SokCaseReport) report = NULL;
  g_autoptr (SokQueueCase) item = NULL;
  g_autoptr (GPtrArray) actions = NULL;
  g_autoptr (SokReportContent) content = NULL;
  g_autofree char *category = NULL;
  g_autofree char *where = NULL;
  g_autofree char *feeling = NULL;
  g_autofree char *when = NULL;
  g_autofree char *language = NULL;
  g_autofree char *received = NULL;
  g_autofree char *drawing = NULL;
  g_autofree char *signer = NULL;
  g_autoptr (SokKioskRegistry) registry = NULL;
  g_autoptr (GPtrArray) conversation = NULL;
  SokSignatureState signature;

  if (!(queue = open_queue (ctx, o, error)) ||
      !(key = unlock_key (ctx, o, error)))
    return FALSE;
  sok_queue_set_dsl_key (queue, key);
  /* Sorts what arrived first, so that a child's new answer is in the case. */
  if (!(conversation = sok_queue_dup_conversation (queue, report_id, get_actor (o),
                                                   get_follow_up_days (ctx), error)) ||
      !(report = sok_case_open (queue, key, report_id, get_actor (o), error)) ||
      !(item = sok_queue_get_case (queue, report_id, error)) ||
      !(actions = sok_queue_list_actions (queue, report_id, error)) ||
      !(registry = sok_kiosk_registry_load (queue, key, error)))
    return FALSE;

  signature = sok_case_report_check_signature (report, registry, item->received_at);
  /* So that lists need not open it again to check it. */
  sok_case_remember_signature (queue, key, registry, report, NULL);
  if (report->kiosk_key != NULL)
    signer = sok_kiosk_dup_fingerprint_words (report->kiosk_key);
  if (signature != SOK_SIGNATURE_VALID && ctx->format == SOKCTL_FORMAT_TEXT)
    {
      g_autofree char *banner = g_strdup_printf ("Signature %s. %s",
                                                 sok_signature_state_to_string (signature),
                                                 sok_signature_state_describe (signature));

      print_warning (banner);
      printf ("\n");
    }

  content = load_content (ctx);
  category = sok_case_report_dup_words (content, SOK_CHOICE_CATEGORY, report->category);
  where = sok_case_report_dup_words (content, SOK_CHOICE_WHERE, report->where);
  feeling = sok_case_report_dup_words (content, SOK_CHOICE_FEELING, report->feeling);
  when = sok_case_report_dup_when (report);
  language = dup_language (report->locale);
  received = sok_case_format_received (item->received_at);
  drawing = sok_case_report_has_drawing (report)
            ? g_strdup_printf ("%u %s (export as PDF to see it)", report->strokes->len,
                               report->strokes->len == 1 ? "stroke" : "strokes")
            : g_strdup ("none");

  {
    const char *keys[] = { "report_id", "signature", "signed_by", "status", "urgent", "received",
                           "when", "language", "category", "risk_area", "where", "feeling", "text", "drawing",
                           "wants_talk", "name", "age_band", "outcome", "actions", NULL };
    g_autofree char *n_actions = g_strdup_printf ("%u", actions->len);
    const char *values[] = { report->report_id, sok_signature_state_to_string (signature),
                             signer, sok_case_status_to_string (item->status),
                             report->urgent ? "yes" : "no", received, when, language, category,
                             report->risk_area, where, feeling, report->text, drawing,
                             report->wants_talk ? "yes" : "no", report->name, report->age_band,
                             item->outcome, n_actions, NULL };

    if (ctx->format == SOKCTL_FORMAT_JSON)
      print_case_json (keys, values, actions, when, report->text, conversation);
    else
      sokctl_print_record (ctx->format, keys, values, (const char *[]) { "actions", NULL });
  }

  if (ctx->format == SOKCTL_FORMAT_TEXT && conversation->len > 0)
    {
      printf ("\nConversation (with the child's secret picture code):\n");
      for (guint i = 0; i < conversation->len; i++)
        {
          SokFollowUpMessage *m = g_ptr_array_index (conversation, i);
          g_autofree char *at = sok_case_format_received (m->half_day);

          printf ("  %s  %s: %s\n", at, g_str_equal (m->from, "dsl") ? "You" : "The child",
                  m->text);
        }
    }

  if (ctx->format == SOKCTL_FORMAT_TEXT && actions->len > 0)
    {
      printf ("\nActions:\n");
      for (guint i = 0; i < actions->len; i++)
        {
          SokQueueAction *a = g_ptr_array_index (actions, i);
          g_autofree char *at = sok_case_format_time (a->at);

          printf ("  %s  %s — %s", at, sok_case_get_action_label (a->kind), a->by);
          if (a->note)
            printf (": %s", a->note);
          if (a->reason)
            printf (" (reason: %s)", a->reason);
          printf ("\n");
        }
    }
  return TRUE;
}

static gboolean
queue_reply (SokctlContext  *ctx,
             QueueOptions   *o,
             const char     *report_id,
             const char     *message,
             GError        **error)
{
  g_autoptr (SokQueue) queue = NULL;

  if (message == NULL || *message == '\0')
    return sokctl_usage_error (error, "queue reply needs --message TEXT: your words to the "
                               "child (at most %d characters; never the child's name)",
                               SOK_FOLLOW_UP_MAX_REPLY);
  if (!(queue = open_queue_with_key (ctx, o, TRUE, error)) ||
      !sok_queue_reply (queue, report_id, get_actor (o), message, get_follow_up_days (ctx),
                        error))
    return FALSE;

  if (ctx->format == SOKCTL_FORMAT_TEXT)
    printf ("Your reply is waiting for the child: they read it by tapping their secret "
            "picture code in under “My messages” on any kiosk of the school. Anyone who "
            "learns the pictures could read it too.\n");
  else
    sokctl_print_record (ctx->format, (const char *[]) { "report_id", "replied", NULL },
                         (const char *[]) { report_id, "yes", NULL }, NULL);
  return TRUE;
}

static gboolean
queue_act (SokctlContext  *ctx,
           QueueOptions   *o,
           const char     *report_id,
           const char     *kind,
           const char     *note,
           const char     *reason,
           GError        **error)
{
  g_autoptr (SokQueue) queue = NULL;

  if (!(queue = open_queue_with_key (ctx, o, FALSE, error)))
    return FALSE;
  if (!sok_queue_act (queue, report_id, kind, get_actor (o), note, reason, error))
    return needs_passphrase (queue, error);

  if (ctx->format == SOKCTL_FORMAT_TEXT)
    printf ("Recorded on %s: %s, by %s.\n", report_id, sok_case_get_action_label (kind),
            get_actor (o));
  return TRUE;
}

static gboolean
queue_close (SokctlContext  *ctx,
             QueueOptions   *o,
             const char     *report_id,
             const char     *outcome,
             const char     *note,
             GError        **error)
{
  g_autoptr (SokQueue) queue = NULL;

  if (!(queue = open_queue_with_key (ctx, o, FALSE, error)))
    return FALSE;
  if (!sok_queue_close_case (queue, report_id, outcome, get_actor (o), note, error))
    return needs_passphrase (queue, error);

  if (ctx->format == SOKCTL_FORMAT_TEXT)
    printf ("Closed %s: %s.\n", report_id, sok_case_get_outcome_label (outcome));
  return TRUE;
}

static gboolean
queue_verify_audit (SokctlContext  *ctx,
                    QueueOptions   *o,
                    GError        **error)
{
  g_autoptr (SokQueue) queue = NULL;
  g_autoptr (GError) head_error = NULL;
  guint n = 0;
  guint n_macs = 0;


  if (!(queue = open_queue_with_key (ctx, o, FALSE, error)) ||
      !sok_queue_verify_audit (queue, &n, &n_macs, error))
    return FALSE;
  /* The end of the log this user saw last time must still be there. Not being able
   * to keep that note (no config directory) is said, but is no tampering. */
  if (!sok_queue_check_known_head (queue, NULL, &head_error))
    {
      if (g_error_matches (head_error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID))
        {
          g_propagate_error (error, g_steal_pointer (&head_error));
          return FALSE;
        }
      fprintf (stderr, "sokctl queue verify-audit: %s\n", head_error->message);
    }

  if (ctx->format == SOKCTL_FORMAT_TEXT)
    {
      printf ("The audit log of %s is intact: %u entries, none changed or deleted.\n",
              sok_queue_get_display_uri (queue), n);
      if (sok_queue_get_dsl_key (queue) != NULL)
        printf ("%u entries carry the DSL key's signature.\n", n_macs);
      else
        printf ("Only the links were checked: give --passphrase-file to check the DSL key's "
                "signature on every entry as well.\n");
    }
  else
    {
      g_autofree char *entries = g_strdup_printf ("%u", n);
      g_autofree char *macs = g_strdup_printf ("%u", n_macs);
      const char *keys[] = { "intact", "entries", "signatures_checked", NULL };

      sokctl_print_record (ctx->format, keys, (const char *[]) { "true", entries, macs, NULL },
                           (const char *[]) { "entries", "signatures_checked", NULL });
    }
  return TRUE;
}

static gboolean
queue_export (SokctlContext  *ctx,
              QueueOptions   *o,
              const char     *report_id,
              const char     *out,
              GError        **error)
{
  g_autoptr (SokQueue) queue = NULL;
  g_autoptr (SokDslKey) key = NULL;
  g_autoptr (SokCaseReport) report = NULL;
  g_autoptr (SokReportContent) content = NULL;
  SokCaseExportFormat format;

  if (out == NULL)
    return sokctl_usage_error (error, "queue export needs --out FILE.pdf or --out FILE.csv");
  if (!sok_case_export_format_for_path (out, &format, error))
    return FALSE;

  if (!(queue = open_queue (ctx, o, error)) ||
      !(key = unlock_key (ctx, o, error)) ||
      !(report = sok_case_open (queue, key, report_id, get_actor (o), error)))
    return FALSE;

  content = load_content (ctx);
  if (!sok_case_export (queue, report, content, get_actor (o), format, out, error))
    return FALSE;

  if (ctx->format == SOKCTL_FORMAT_TEXT)
    printf ("Wrote %s (report %s). It is confidential: keep it with the safeguarding "
            "records.\n", out, report_id);
  return TRUE;
}

static gboolean
queue_kiosks_list (SokctlContext  *ctx,
                   QueueOptions   *o,
                   GError        **error)
{
  g_autoptr (SokQueue) queue = NULL;
  g_autoptr (SokDslKey) key = NULL;
  g_autoptr (SokKioskRegistry) registry = NULL;
  g_autoptr (SokctlTable) table = NULL;
  guint n_pending = 0;

  if (!(queue = open_queue (ctx, o, error)) ||
      !(key = unlock_key (ctx, o, error)) ||
      !(registry = sok_kiosk_registry_load (queue, key, error)))
    return FALSE;

  table = sokctl_table_new ((const char *[]) { "kiosk", "state", "fingerprint_words",
                                               "fingerprint_hex", "enrolled", "decided_by",
                                               NULL });
  for (guint i = 0; i < sok_kiosk_registry_get_n_kiosks (registry); i++)
    {
      SokKioskStatus status;
      const SokQueueKiosk *k = sok_kiosk_registry_get_kiosk (registry, i, &status);
      g_autofree char *words = sok_kiosk_dup_fingerprint_words (k->public_key);
      g_autofree char *hex = sok_kiosk_dup_fingerprint_hex (k->public_key);
      g_autofree char *enrolled = sok_case_format_time (k->enrolled_at);
      const char *by = status == SOK_KIOSK_REVOKED ? k->revoked_by
                       : status == SOK_KIOSK_APPROVED ? k->approved_by : NULL;

      if (status == SOK_KIOSK_PENDING)
        n_pending++;
      sokctl_table_add_rowv (table, k->kiosk_id, sok_kiosk_status_to_string (status), words, hex,
                             enrolled, by, NULL);
    }
  sokctl_table_print (table, ctx->format);

  if (ctx->format == SOKCTL_FORMAT_TEXT && n_pending > 0)
    printf ("\n%u %s waiting. Compare the words with those the kiosk shows (“sokctl kiosk "
            "enrol” or “sokctl doctor” on it), then “sokctl queue kiosks approve \"WORDS\"”.\n",
            n_pending, n_pending == 1 ? "kiosk is" : "kiosks are");
  return TRUE;
}

static gboolean
queue_kiosks_decide (SokctlContext   *ctx,
                     QueueOptions    *o,
                     const char      *fingerprint,
                     SokKioskStatus   decision,
                     GError         **error)
{
  g_autoptr (SokQueue) queue = NULL;
  g_autoptr (SokDslKey) key = NULL;
  g_autoptr (SokQueueKiosk) kiosk = NULL;
  g_autofree char *words = NULL;

  if (!(queue = open_queue (ctx, o, error)) ||
      !(key = unlock_key (ctx, o, error)) ||
      !sok_kiosk_decide (queue, key, fingerprint, decision, get_actor (o), &kiosk, error))
    return FALSE;

  words = sok_kiosk_dup_fingerprint_words (kiosk->public_key);
  if (ctx->format == SOKCTL_FORMAT_TEXT)
    printf (decision == SOK_KIOSK_APPROVED
            ? "Approved kiosk %s (%s): its reports are marked valid.\n"
            : "Revoked kiosk %s (%s): reports it signs from now on are marked revoked.\n",
            kiosk->kiosk_id, words);
  else
    sokctl_print_record (ctx->format,
                         (const char *[]) { "kiosk", "state", "fingerprint_words", NULL },
                         (const char *[]) { kiosk->kiosk_id, kiosk->state, words, NULL }, NULL);
  return TRUE;
}

static gboolean
queue_kiosks (SokctlContext  *ctx,
              QueueOptions   *o,
              int             argc,
              char          **argv,
              GError        **error)
{
  const char *verb = argc > 2 ? argv[2] : NULL;

  if (g_strcmp0 (verb, "list") == 0 && argc == 3)
    return queue_kiosks_list (ctx, o, error);
  if ((g_strcmp0 (verb, "approve") == 0 || g_strcmp0 (verb, "revoke") == 0) && argc >= 4)
    {
      /* The words may come quoted as one argument or unquoted as several. */
      g_autofree char *fingerprint = g_strjoinv (" ", argv + 3);

      return queue_kiosks_decide (ctx, o, fingerprint,
                                  g_str_equal (verb, "approve") ? SOK_KIOSK_APPROVED
                                                                : SOK_KIOSK_REVOKED, error);
    }

  return sokctl_usage_error (error, "queue kiosks takes list, approve FINGERPRINT or revoke "
                             "FINGERPRINT (the words in quotes, or the hex)");
}

/* The case-retention-years setting: --years, else the data directory's setting, else
 * its default (a DSL's machine need not be a kiosk with a kiosk.conf). */
/* --years not given. */
#define YEARS_NOT_GIVEN G_MININT

static int
compare_years (gconstpointer a,
               gconstpointer b)
{
  return GPOINTER_TO_INT (a) - GPOINTER_TO_INT (b);
}

static gboolean
case_retention_years (SokctlContext  *ctx,
                      int             years_option,
                      guint          *years,
                      const char    **from,
                      GError        **error)
{
  g_autoptr (SokConfig) config = NULL;
  g_autoptr (GError) local_error = NULL;

  if (years_option != YEARS_NOT_GIVEN)
    {
      if (years_option < 1 || years_option > 50)
        return sokctl_usage_error (error, "--years must be a whole number of years from 1 to 50, "
                                   "not %d", years_option);
      *years = (guint)years_option;
      *from = "--years";
      return TRUE;
    }

  config = sokctl_load_config (ctx, &local_error);
  if (config == NULL && g_error_matches (local_error, SOK_CONFIG_ERROR, SOK_CONFIG_ERROR_MISSING))
    {
      config = sok_config_new (ctx->data_dir);
      *from = "the default; there is no kiosk.conf in the data directory";
    }
  else if (config == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  else
    *from = "case-retention-years";
  *years = sok_config_get_case_retention_years (config);
  return TRUE;
}

static gboolean
queue_retention (SokctlContext  *ctx,
                 QueueOptions   *o,
                 gboolean        dry_run,
                 int             years_option,
                 GError        **error)
{
  g_autoptr (SokQueue) queue = NULL;
  g_autoptr (GPtrArray) retained = NULL;
  g_autoptr (GHashTable) by_year = g_hash_table_new (g_direct_hash, g_direct_equal);
  const char *from = NULL;
  guint years = 0;
  guint tombstones = 0;

  if (!case_retention_years (ctx, years_option, &years, &from, error))
    return FALSE;
  if (!(queue = open_queue_with_key (ctx, o, !dry_run, error)))
    return FALSE;
  retained = sok_queue_apply_retention (queue, years, get_actor (o), dry_run, error);
  if (retained == NULL)
    return dry_run ? FALSE : needs_passphrase (queue, error);

  if (ctx->format != SOKCTL_FORMAT_TEXT)
    {
      const char * const columns[] = { "report_id", "closed_year", "audit_entries", NULL };
      const char * const numeric[] = { "closed_year", "audit_entries", NULL };
      g_autoptr (SokctlTable) table = sokctl_table_new (columns);

      sokctl_table_set_numeric (table, numeric);
      for (guint i = 0; i < retained->len; i++)
        {
          SokQueueRetained *item = g_ptr_array_index (retained, i);
          g_autoptr (GDateTime) closed = g_date_time_new_from_unix_local (item->closed_at /
                                                                          G_USEC_PER_SEC);
          g_autofree char *year = g_strdup_printf ("%d", g_date_time_get_year (closed));
          g_autofree char *n = g_strdup_printf ("%u", item->n_entries);

          sokctl_table_add_rowv (table, item->report_id, year, n, NULL);
        }
      sokctl_table_print (table, ctx->format);
      return TRUE;
    }

  printf ("Closed cases are kept for %u years (%s).\n", years, from);
  if (retained->len == 0)
    {
      printf ("No case was closed longer ago than that; nothing %s.\n",
              dry_run ? "would be removed" : "was removed");
      return TRUE;
    }
  for (guint i = 0; i < retained->len; i++)
    {
      SokQueueRetained *item = g_ptr_array_index (retained, i);
      g_autoptr (GDateTime) closed = g_date_time_new_from_unix_local (item->closed_at / G_USEC_PER_SEC);
      gpointer key = GINT_TO_POINTER (g_date_time_get_year (closed));

      g_hash_table_insert (by_year, key,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (by_year, key)) + 1));
      tombstones += item->n_entries;
    }
  printf ("%s %u closed cases, with their reports and actions; %u audit entries %s to "
          "tombstones:\n", dry_run ? "Would remove" : "Removed", retained->len, tombstones,
          dry_run ? "would be reduced" : "were reduced");
  {
    g_autoptr (GList) keys = g_list_sort (g_hash_table_get_keys (by_year), compare_years);

    for (GList *l = keys; l != NULL; l = l->next)
      printf ("  closed in %d: %u\n", GPOINTER_TO_INT (l->data),
              GPOINTER_TO_UINT (g_hash_table_lookup (by_year, l->data)));
  }
  for (guint i = 0; i < retained->len; i++)
    printf ("  %s\n", ((SokQueueRetained *)g_ptr_array_index (retained, i))->report_id);
  if (dry_run)
    printf ("Nothing was removed. Export any you must keep longer (queue export ID), then run "
            "“sokctl queue retention apply” without --dry-run.\n");
  return TRUE;
}

gboolean
sokctl_cmd_queue (SokctlContext  *ctx,
                  int             argc,
                  char          **argv,
                  GError        **error)
{
  g_auto (QueueOptions) o = { 0 };
  g_autofree char *note = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *out = NULL;
  g_autofree char *status = NULL;
  g_autofree char *message = NULL;
  gboolean dry_run = FALSE;
  int years = YEARS_NOT_GIVEN;
  GOptionEntry entries[] = {
    QUEUE_OPTION_ENTRIES (&o),
    { "message", 0, 0, G_OPTION_ARG_STRING, &message, "reply: your words to the child", "TEXT" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
      "retention: list what would be removed, and remove nothing", NULL },
    { "years", 0, 0, G_OPTION_ARG_INT, &years,
      "retention: keep closed cases this many years (default: case-retention-years)", "N" },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status, "list: only new, open or closed cases", "S" },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, "act, close: what happened", "TEXT" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason,
      "act: why (required for no-further-action)", "TEXT" },
    { "outcome", 0, 0, G_OPTION_ARG_STRING, &outcome, "close: how the case ended (required)", "O" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "export: FILE.pdf or FILE.csv", "FILE" },
    { NULL }
  };
  g_autoptr (GString) summary = g_string_new (
    "The DSL's queue of reports:\n"
    "  list [--status new|open|closed]   urgent first, then newest\n"
    "  show ID                           opens a report (needs the key; recorded as a view)\n"
    "  reply ID --message TEXT           answers a child who kept a secret picture code\n"
    "                                    (needs the key; never write the child's name)\n"
    "  act ID ACTION [--note N] [--reason R]   (needs the key)\n"
    "  close ID --outcome O [--note N]         (needs the key)\n"
    "  verify-audit                      checks that no audit entry was changed or deleted\n"
    "                                    (with the key, also each entry's signature)\n"
    "  export ID --out FILE.pdf|FILE.csv\n"
    "  kiosks list                       the kiosks that sent their keys, and your decisions\n"
    "  kiosks approve FPR | revoke FPR   FPR: the kiosk's fingerprint words (quoted) or hex\n"
    "  retention apply [--dry-run] [--years N]   removes cases closed longer ago than\n"
    "                                    case-retention-years (needs the key, but for --dry-run)\n"
    "With --passphrase-file, list also checks which kiosk signed each report.\n\nActions:");
  const SokCaseActionKind *kinds;
  const SokCaseOutcome *outcomes;
  const char *sub;
  guint n;

  kinds = sok_case_list_action_kinds (&n);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (summary, " %s", kinds[i].id);
  g_string_append (summary, "\nOutcomes:");
  outcomes = sok_case_list_outcomes (&n);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (summary, " %s", outcomes[i].id);

  if (!sokctl_parse_options ("queue", "list | show ID | act ID ACTION | close ID | verify-audit | "
                             "export ID | kiosks … | retention apply", summary->str, entries,
                             &argc, &argv, 1, 2 + SOK_FINGERPRINT_N_WORDS, error))
    return FALSE;

  sub = argv[1];
  if (g_str_equal (sub, "kiosks"))
    return queue_kiosks (ctx, &o, argc, argv, error);
  if (g_str_equal (sub, "list") && argc == 2)
    return queue_list (ctx, &o, status, error);
  if (g_str_equal (sub, "verify-audit") && argc == 2)
    return queue_verify_audit (ctx, &o, error);
  if (g_str_equal (sub, "retention"))
    return argc == 3 && g_str_equal (argv[2], "apply")
           ? queue_retention (ctx, &o, dry_run, years, error)
           : sokctl_usage_error (error, "queue retention takes apply: sokctl queue retention "
                                        "apply [--dry-run] [--years N]");
  if (g_str_equal (sub, "show"))
    return argc == 3 ? queue_show (ctx, &o, argv[2], error)
                     : sokctl_usage_error (error, "queue show takes the report's id: "
                                                  "sokctl queue show ID");
  if (g_str_equal (sub, "reply"))
    return argc == 3 ? queue_reply (ctx, &o, argv[2], message, error)
                     : sokctl_usage_error (error, "queue reply takes the report's id: "
                                                  "sokctl queue reply ID --message TEXT");
  if (g_str_equal (sub, "act"))
    return argc == 4 ? queue_act (ctx, &o, argv[2], argv[3], note, reason, error)
                     : sokctl_usage_error (error, "queue act takes the report's id and an "
                                                  "action: sokctl queue act ID ACTION "
                                                  "[--note N] [--reason R]");
  if (g_str_equal (sub, "close"))
    {
      if (argc != 3)
        return sokctl_usage_error (error, "queue close takes the report's id: "
                                   "sokctl queue close ID --outcome O");
      if (outcome == NULL)
        {
          g_autoptr (GString) known = g_string_new (NULL);

          for (guint i = 0; i < n; i++)
            g_string_append_printf (known, "%s%s", i ? ", " : "", outcomes[i].id);
          return sokctl_usage_error (error, "Closing a case needs --outcome: one of %s",
                                     known->str);
        }
      return queue_close (ctx, &o, argv[2], outcome, note, error);
    }
  if (g_str_equal (sub, "export"))
    return argc == 3 ? queue_export (ctx, &o, argv[2], out, error)
                     : sokctl_usage_error (error, "queue export takes the report's id: "
                                                  "sokctl queue export ID --out FILE.pdf");

  return sokctl_usage_error (error, "queue takes list, show ID, act ID ACTION, close ID, "
                             "verify-audit, export ID, kiosks or retention apply, not “%s”", sub);
}

gboolean
sokctl_cmd_stats (SokctlContext  *ctx,
                  int             argc,
                  char          **argv,
                  GError        **error)
{
  g_auto (QueueOptions) o = { 0 };
  g_autofree char *term_name = NULL;
  g_autofree char *pdf = NULL;
  int year = 0;
  GOptionEntry entries[] = {
    QUEUE_OPTION_ENTRIES (&o),
    { "term", 0, 0, G_OPTION_ARG_STRING, &term_name, "autumn, spring or summer", "TERM" },
    { "year", 0, 0, G_OPTION_ARG_INT, &year, "the calendar year the term is in", "YYYY" },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, "also write the figures as a PDF with charts", "FILE" },
    { NULL }
  };
  g_autoptr (SokQueue) queue = NULL;
  g_autoptr (SokDslKey) key = NULL;
  g_autoptr (SokReportContent) content = NULL;
  g_autoptr (SokStats) stats = NULL;
  g_autoptr (SokctlTable) table = NULL;
  g_autoptr (SokConfig) config = NULL;
  g_autofree char *this_title = NULL;
  g_autofree char *previous_title = NULL;
  g_autofree char *total = NULL;
  g_autofree char *previous_total = NULL;
  SokTerm term;
  GPtrArray *rows;

  if (!sokctl_parse_options ("stats", "--term autumn|spring|summer --year YYYY",
                             "Anonymised counts for governors: reports by category, risk area, "
                             "where, age and outcome in a term, beside the term before. Autumn "
                             "is September to December, spring January to April, summer May to "
                             "August. No count from 1 to 4 is shown, nor any count it could be "
                             "worked out from by subtraction: they read “hidden”. There is no "
                             "text, no names and no dates finer than the term.",
                             entries, &argc, &argv, 0, 0, error))
    return FALSE;

  if (term_name == NULL || !sok_term_from_string (term_name, &term))
    return sokctl_usage_error (error, "stats needs --term autumn, spring or summer%s%s%s",
                               term_name ? " (not “" : "", term_name ? term_name : "",
                               term_name ? "”)" : "");
  if (year == 0)
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();
      year = g_date_time_get_year (now);
    }
  if (year < 2000 || year > 2200)
    return sokctl_usage_error (error, "--year must be a year such as 2026, not %d", year);

  if (!(queue = open_queue (ctx, &o, error)) ||
      !(key = unlock_key (ctx, &o, error)))
    return FALSE;

  content = load_content (ctx);
  stats = sok_stats_compute (queue, key, content, term, year, get_actor (&o), error);
  if (stats == NULL)
    return FALSE;

  if (pdf != NULL)
    {
      config = sok_config_load (ctx->data_dir, NULL);
      if (!sok_stats_write_pdf (stats, config ? sok_config_get_school_name (config) : NULL,
                                pdf, error))
        return FALSE;
    }

  this_title = sok_stats_dup_title (stats, FALSE);
  previous_title = sok_stats_dup_title (stats, TRUE);
  total = sok_stats_dup_count_text (stats, NULL, FALSE);
  previous_total = sok_stats_dup_count_text (stats, NULL, TRUE);

  table = sokctl_table_new ((const char *[]) { "dimension", "item", "label", "this_term",
                                               "last_term", NULL });
  sokctl_table_add_rowv (table, "total", "reports", "Reports", total, previous_total, NULL);
  rows = sok_stats_get_rows (stats);
  for (guint i = 0; i < rows->len; i++)
    {
      SokStatsRow *row = g_ptr_array_index (rows, i);
      g_autofree char *count = sok_stats_dup_count_text (stats, row, FALSE);
      g_autofree char *previous = sok_stats_dup_count_text (stats, row, TRUE);

      sokctl_table_add_rowv (table, sok_stats_dimension_to_string (row->dimension), row->item,
                             row->label, count, previous, NULL);
    }

  if (ctx->format == SOKCTL_FORMAT_TEXT)
    printf ("%s (this term) beside %s (last term). Counts from 1 to 4, and those they "
            "could be worked out from, show as “hidden”.\n\n", this_title, previous_title);
  sokctl_table_print (table, ctx->format);

  if (sok_stats_get_unreadable (stats) > 0)
    fprintf (stderr, "sokctl stats: %u reports could not be opened with this key and are not "
             "counted\n", sok_stats_get_unreadable (stats));
  if (pdf != NULL && ctx->format == SOKCTL_FORMAT_TEXT)
    printf ("\nWrote %s.\n", pdf);
  return TRUE;
}
