/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sokctl"

#include "config.h"

#include <json-glib/json-glib.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "sok-follow-up.h"
#include "sok-queue.h"
#include "sok-report.h"
#include "sokctl.h"

/* `sokctl messages`: what **My messages** does on a kiosk, for school IT and tests.
 * It runs as the kiosk: it has the DSL's public key (for the salt) and the kiosk's
 * queue login, which may read every reply row and nothing else of a conversation.
 * The code's words are secret: they are never printed back, and in a shell they can
 * be seen in the list of processes while it runs, so use it only on test codes or on
 * a machine nobody else is logged in to. */

typedef struct
{
  SokConfig        *config;
  SokQueue         *queue;
  SokFollowUpKeys  *keys;
  GPtrArray        *messages;
} Checked;

static void
checked_clear (Checked *c)
{
  g_clear_object (&c->config);
  g_clear_object (&c->queue);
  g_clear_pointer (&c->keys, sok_follow_up_keys_free);
  g_clear_pointer (&c->messages, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Checked, checked_clear)

static gboolean
check_code (SokctlContext  *ctx,
            char          **words,
            Checked        *c,
            GError        **error)
{
  g_autoptr (SokPictures) pictures = NULL;
  guint8 code[SOK_FOLLOW_UP_CODE_LENGTH];
  const char *uri;

  if (!(c->config = sokctl_load_config (ctx, error)) ||
      !(pictures = sok_pictures_load (error)))
    return FALSE;

  for (guint i = 0; i < SOK_FOLLOW_UP_CODE_LENGTH; i++)
    {
      int found = sok_pictures_find (pictures, words[i]);

      if (found < 0)
        {
          g_autoptr (GString) known = g_string_new (NULL);

          for (guint j = 0; j < SOK_FOLLOW_UP_N_PICTURES; j++)
            g_string_append_printf (known, "%s%s", j ? ", " : "", sok_pictures_get_word (pictures, j));
          sodium_memzero (code, sizeof code);
          /* Which word was wrong is not repeated: it is part of a secret code. */
          return sokctl_usage_error (error, "Picture %u of the code is not one of the pictures: %s",
                                     i + 1, known->str);
        }
      code[i] = (guint8)found;
    }

  uri = sok_config_get_queue (c->config);
  if (uri == NULL || *uri == '\0')
    {
      sodium_memzero (code, sizeof code);
      g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_FAILED,
                   "No DSL queue is set in %s: sokctl config set queue sqlite:/PATH or "
                   "postgresql://…", ctx->data_dir);
      return FALSE;
    }

  c->keys = sok_follow_up_derive (pictures, code, sok_config_get_dsl_public_key (c->config),
                                  error);
  sodium_memzero (code, sizeof code);
  if (c->keys == NULL)
    return FALSE;

  if (!(c->queue = sok_queue_open (uri, SOK_QUEUE_ROLE_KIOSK, error)) ||
      !(c->messages = sok_queue_check_code (c->queue, c->keys, error)))
    return FALSE;
  return TRUE;
}

static gboolean
messages_check (SokctlContext  *ctx,
                char          **words,
                GError        **error)
{
  g_auto (Checked) c = { 0 };

  if (!check_code (ctx, words, &c, error))
    return FALSE;

  if (ctx->format == SOKCTL_FORMAT_JSON)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonGenerator) generator = json_generator_new ();
      g_autoptr (JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "messages");
      json_builder_begin_array (builder);
      for (guint i = 0; i < c.messages->len; i++)
        {
          SokFollowUpMessage *m = g_ptr_array_index (c.messages, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "place");
          json_builder_add_int_value (builder, m->place);
          json_builder_set_member_name (builder, "text");
          json_builder_add_string_value (builder, m->text);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      printf ("%s\n", text);
      sodium_memzero (text, strlen (text));
      return TRUE;
    }

  if (c.messages->len == 0)
    {
      /* A wrong code says exactly the same. */
      printf ("No message yet — come back another day.\n");
      return TRUE;
    }
  for (guint i = 0; i < c.messages->len; i++)
    {
      SokFollowUpMessage *m = g_ptr_array_index (c.messages, i);

      printf ("A message for you: %s\n", m->text);
    }
  return TRUE;
}

static gboolean
messages_answer (SokctlContext  *ctx,
                 char          **words,
                 const char     *text,
                 gboolean        urgent,
                 GError        **error)
{
  g_auto (Checked) c = { 0 };
  g_autoptr (SokStore) store = NULL;
  g_autoptr (SokReportDraft) draft = NULL;
  g_autofree char *answer_id = NULL;
  SokFollowUpMessage *last;

  if (text == NULL || *text == '\0')
    return sokctl_usage_error (error, "messages answer needs --message TEXT: the child's answer");
  if (!(store = sokctl_open_store (ctx, error)) ||
      !check_code (ctx, words, &c, error))
    return FALSE;
  if (c.messages->len == 0)
    {
      g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_FAILED,
                   "No message yet for that code (or the code is wrong, or expired): there "
                   "is nothing to answer");
      return FALSE;
    }

  /* The answer takes the place after the last reply the child was shown. */
  last = g_ptr_array_index (c.messages, c.messages->len - 1);
  draft = sok_report_draft_new ();
  sok_report_draft_set_answer (draft, c.keys->tag, last->place + 1);
  sok_report_draft_set_text (draft, text, -1);
  sok_report_draft_set_urgent (draft, urgent);
  if (!sok_report_send (store, c.config, draft, &answer_id, error))
    return FALSE;

  if (ctx->format == SOKCTL_FORMAT_TEXT)
    printf ("The answer is sealed to the DSL and waits in the outbox; it goes with the next "
            "delivery (sokctl sync).\n");
  else
    sokctl_print_record (ctx->format, (const char *[]) { "answer_id", "urgent", NULL },
                         (const char *[]) { answer_id, urgent ? "yes" : "no", NULL }, NULL);
  return TRUE;
}

gboolean
sokctl_cmd_messages (SokctlContext  *ctx,
                     int             argc,
                     char          **argv,
                     GError        **error)
{
  g_autofree char *message = NULL;
  gboolean urgent = FALSE;
  GOptionEntry entries[] = {
    { "message", 0, 0, G_OPTION_ARG_STRING, &message, "answer: the child's words", "TEXT" },
    { "urgent", 0, 0, G_OPTION_ARG_NONE, &urgent, "answer: the child chose “I need help now”",
      NULL },
    { NULL }
  };
  gboolean ok;

  if (!sokctl_parse_options ("messages", "check W W W W | answer W W W W --message TEXT [--urgent]",
                             "What “My messages” does on this kiosk, for school IT and tests.\n"
                             "  check W W W W     fetches every reply and shows those for the "
                             "secret picture code (four picture words, in order)\n"
                             "  answer W W W W    seals a child's answer to the DSL and puts it "
                             "in the outbox\n"
                             "The words are a secret: while it runs they can be seen in the "
                             "list of processes.",
                             entries, &argc, &argv, 1, 1 + SOK_FOLLOW_UP_CODE_LENGTH, error))
    return FALSE;

  if (argc != 2 + SOK_FOLLOW_UP_CODE_LENGTH)
    return sokctl_usage_error (error, "messages %s takes the four picture words of a code, in "
                               "order: sokctl messages check cat star apple boat",
                               argv[1]);
  if (g_str_equal (argv[1], "check"))
    ok = messages_check (ctx, argv + 2, error);
  else if (g_str_equal (argv[1], "answer"))
    ok = messages_answer (ctx, argv + 2, message, urgent, error);
  else
    ok = sokctl_usage_error (error, "messages takes check or answer, not “%s”", argv[1]);

  if (message != NULL)
    sodium_memzero (message, strlen (message));
  return ok;
}
