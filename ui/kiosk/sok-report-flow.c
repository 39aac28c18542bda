/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-report-flow"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-language.h"
#include "sok-report-choice-page.h"
#include "sok-report-flow.h"
#include "sok-report-flow-private.h"
#include "sok-report-in-person-page.h"
#include "sok-report-more-page.h"
#include "sok-report-send-page.h"
#include "sok-report-talk-page.h"
#include "sok-report-thanks-page.h"
#include "sok-seal.h"

/* "Tell a grown-up": the flow (a #SokFlow, not a widget) that owns the report's draft
 * and the order of its screens. The pages hand the child's answers back through
 * their signals (chosen, answered, identified) and report.send. The draft lives in memory only; Hide and the idle
 * time-out (the window's reset signal) wipe it, and so does Send, whatever the
 * outcome. Send seals the report and commits it durably in a worker thread, and only
 * when the commit has returned does the child see "Thank you"; if it fails they are
 * asked to tell a grown-up in person, and the delivery worker is woken after a
 * success so the DSL hears at once.
 *
 * Without a DSL public key (or a kiosk id, or readable report choices) the kiosk
 * never takes a report: the home screen's tile leads straight to the tell-in-person
 * page, whose small print tells staff what to set up.
 */
struct _SokReportFlow
{
  SokFlow           parent_instance;

  SokReportContent *content;
  SokReportDraft   *draft;

  /* Borrowed: the flow keeps its pages. */
  SokPage          *what;
  SokPage          *where;
  SokPage          *feeling;
  SokPage          *more;
  SokPage          *talk;
  SokPage          *send;
  SokPage          *thanks;
  SokPage          *in_person;

  guint             generation;  /* bumped whenever the draft is thrown away */
  guint             thanks_ms;
  guint             thanks_id;
  guint             prepare_id;
  gboolean          sending;
};

G_DEFINE_FINAL_TYPE (SokReportFlow, sok_report_flow, SOK_TYPE_FLOW)

static SokConfig *
get_config (SokReportFlow *self)
{
  return sok_context_get_config (sok_flow_get_context (SOK_FLOW (self)));
}

static void
set_sending (SokReportFlow *self,
             gboolean       sending)
{
  GAction *send = g_action_map_lookup_action (sok_flow_get_actions (SOK_FLOW (self)), "send");

  self->sending = sending;
  g_simple_action_set_enabled (G_SIMPLE_ACTION (send), !sending);
  if (self->send != NULL)
    sok_report_send_page_set_sending (SOK_REPORT_SEND_PAGE (self->send), sending);
}

/* Throws the report away: the draft is wiped and every report screen forgets what
 * the child chose, typed and drew. */
static void
forget_report (SokReportFlow *self)
{
  SokPage *pages[] = { self->what, self->where, self->feeling, self->more, self->talk,
                       self->send };

  self->generation++;
  sok_report_draft_reset (self->draft);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (pages[i] != NULL)
      sok_page_reset (pages[i]);
}

static void
show_in_person (SokReportFlow *self,
                const char    *details)
{
  /* For staff: the reason names settings and files, never what a child said. */
  g_message ("The kiosk cannot take a report: %s", details);

  sok_report_in_person_page_set_details (SOK_REPORT_IN_PERSON_PAGE (self->in_person), details);
  sok_flow_show_problem (SOK_FLOW (self));
}

/* Why this kiosk cannot take reports, or %NULL when it can. */
static char *
dup_not_ready_reason (SokReportFlow *self)
{
  SokConfig *config = get_config (self);
  g_autoptr (GError) error = NULL;
  guint8 key[32];
  const char *public_key;
  const char *kiosk_id;

  if (config == NULL)
    return g_strdup ("The kiosk's settings could not be read; run “sokctl doctor”.");

  public_key = sok_config_get_dsl_public_key (config);
  if (public_key == NULL || *public_key == '\0')
    return g_strdup ("No DSL public key is set, so reports cannot be accepted. Make the key "
                     "pair with “sokctl keys generate” where the DSL works, then on this "
                     "kiosk: sokctl config set dsl-public-key \"$(cat dsl.pub)\"");

  if (!sok_seal_decode_public_key (public_key, key, &error))
    return g_strdup_printf ("The dsl-public-key setting cannot be used: %s", error->message);

  kiosk_id = sok_config_get_kiosk_id (config);
  if (kiosk_id == NULL || *kiosk_id == '\0')
    return g_strdup ("This kiosk has no kiosk-id, so reports cannot be accepted: "
                     "sokctl config set kiosk-id NAME");

  if (self->content == NULL)
    return g_strdup ("The report choices (report/report.ini) could not be read; "
                     "run “sokctl doctor”.");

  return NULL;
}

static void
forget_cb (SokFlow *flow)
{
  SokReportFlow *self = SOK_REPORT_FLOW (flow);

  g_clear_handle_id (&self->thanks_id, g_source_remove);
  self->generation++;
  sok_report_draft_reset (self->draft);
}

static gboolean
thanks_timeout_cb (gpointer user_data)
{
  SokReportFlow *self = SOK_REPORT_FLOW (user_data);

  self->thanks_id = 0;
  if (sok_flow_is_showing (SOK_FLOW (self), self->thanks))
    sok_flow_go_home (SOK_FLOW (self));

  return G_SOURCE_REMOVE;
}

/* The application's delivery worker is woken through its action (app.wake-delivery,
 * which every page of the window sees), so the DSL hears at once; a window without
 * the application (a test) has nothing to wake. */
static void
wake_delivery (SokReportFlow *self)
{
  if (self->send != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->send), "app.wake-delivery", NULL);
}

typedef struct
{
  SokReportFlow *flow;
  guint          generation;
} SendData;

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  SendData *data = user_data;
  g_autoptr (SokReportFlow) self = data->flow;
  g_autoptr (GError) error = NULL;
  gboolean sent;
  gboolean urgent;
  guint generation = data->generation;

  g_free (data);

  sent = sok_report_send_finish (result, NULL, &error);
  set_sending (self, FALSE);

  if (sent)
    wake_delivery (self);

  /* The child hid the screen (or walked away) while it was being stored; whoever
   * stands at the kiosk now must not see anything about it. */
  if (sok_flow_get_shell (SOK_FLOW (self)) == NULL || generation != self->generation)
    return;

  urgent = sok_report_draft_get_urgent (self->draft);
  forget_report (self);

  if (!sent)
    {
      show_in_person (self, error->message);
      return;
    }

  sok_report_thanks_page_set_urgent (SOK_REPORT_THANKS_PAGE (self->thanks), urgent);
  sok_flow_show_page (SOK_FLOW (self), self->thanks);

  g_clear_handle_id (&self->thanks_id, g_source_remove);
  self->thanks_id = g_timeout_add (self->thanks_ms, thanks_timeout_cb, self);
}

/* The language the child sees now, which the report carries to the DSL. */
static const char *
current_locale (void)
{
  return sok_language_get_current ();
}

static gboolean
choice_chosen_cb (SokReportFlow       *self,
                  const char          *id,
                  SokReportChoicePage *page)
{
  SokChoiceKind kind = sok_report_choice_page_get_kind (page);
  const SokChoice *choice;

  if (self->sending || self->content == NULL)
    return FALSE;

  choice = sok_report_content_find (self->content, kind, id);
  g_return_val_if_fail (choice != NULL, FALSE);

  switch (kind)
    {
    case SOK_CHOICE_CATEGORY:
      sok_report_draft_set_category (self->draft, choice->id, choice->risk);
      break;

    case SOK_CHOICE_WHERE:
      sok_report_draft_set_where (self->draft, choice->id);
      break;

    case SOK_CHOICE_FEELING:
      sok_report_draft_set_feeling (self->draft, choice->id);
      break;

    default:
      g_return_val_if_reached (FALSE);
    }

  return TRUE;
}

static gboolean
talk_answered_cb (SokReportFlow     *self,
                  const char        *answer,
                  SokReportTalkPage *page)
{
  gboolean urgent = g_str_equal (answer, "help");

  if (self->sending)
    return FALSE;

  /* Whoever the child said they were before, they may have changed their mind. */
  sok_report_draft_set_pupil (self->draft, NULL, NULL, -1);
  sok_report_draft_set_wants_talk (self->draft, !g_str_equal (answer, "secret"));
  sok_report_draft_set_urgent (self->draft, urgent);

  return TRUE;
}

static void
talk_identified_cb (SokReportFlow     *self,
                    const char        *pupil_id,
                    const char        *name,
                    int                year_group,
                    SokReportTalkPage *page)
{
  if (!self->sending)
    sok_report_draft_set_pupil (self->draft, pupil_id, name, year_group);
}

/* The pages are made half a second after the window appears, not with it, so the
 * kiosk's first frame is not kept waiting for them (they cost some 30 ms); and at the
 * latest when a child taps "Tell a grown-up". */
static void
sok_report_flow_create_pages (SokFlow *flow)
{
  SokReportFlow *self = SOK_REPORT_FLOW (flow);
  SokContext *context = sok_flow_get_context (flow);

  self->what = SOK_PAGE (sok_report_choice_page_new (context, self->content, SOK_CHOICE_CATEGORY));
  self->where = SOK_PAGE (sok_report_choice_page_new (context, self->content, SOK_CHOICE_WHERE));
  self->feeling = SOK_PAGE (sok_report_choice_page_new (context, self->content, SOK_CHOICE_FEELING));
  self->more = SOK_PAGE (sok_report_more_page_new (context));
  self->talk = SOK_PAGE (sok_report_talk_page_new (context));
  self->send = SOK_PAGE (sok_report_send_page_new (context));
  self->thanks = SOK_PAGE (sok_report_thanks_page_new (context));
  self->in_person = SOK_PAGE (sok_report_in_person_page_new (context));

  g_signal_connect_object (self->what, "chosen", G_CALLBACK (choice_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->where, "chosen", G_CALLBACK (choice_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->feeling, "chosen", G_CALLBACK (choice_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->talk, "answered", G_CALLBACK (talk_answered_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->talk, "identified", G_CALLBACK (talk_identified_cb), self,
                           G_CONNECT_SWAPPED);

  sok_flow_add_page (flow, self->what);
  sok_flow_add_page (flow, self->where);
  sok_flow_add_page (flow, self->feeling);
  sok_flow_add_page (flow, self->more);
  sok_flow_add_page (flow, self->talk);
  sok_flow_add_page (flow, self->send);
  sok_flow_add_other_page (flow, self->thanks);
  sok_flow_add_other_page (flow, self->in_person);
  sok_flow_set_problem_page (flow, self->in_person);
}

static gboolean
prepare_cb (gpointer user_data)
{
  SokReportFlow *self = SOK_REPORT_FLOW (user_data);

  self->prepare_id = 0;
  sok_flow_ensure_pages (SOK_FLOW (self));

  return G_SOURCE_REMOVE;
}

static void
shell_map_cb (SokReportFlow *self,
              GtkWidget     *shell)
{
  if (self->what == NULL && self->prepare_id == 0)
    self->prepare_id = g_timeout_add (500, prepare_cb, self);
}

/* Begins a new report with an empty draft on "What happened?", or shows the
 * tell-in-person page when this kiosk cannot take reports. */
static void
sok_report_flow_start (SokFlow *flow)
{
  SokReportFlow *self = SOK_REPORT_FLOW (flow);
  g_autofree char *reason = NULL;

  forget_report (self);

  if ((reason = dup_not_ready_reason (self)) != NULL)
    {
      show_in_person (self, reason);
      return;
    }

  sok_flow_show_page (flow, self->what);
}

/* Back on the first screen goes home and forgets the report; nothing moves while it
 * is being sent. */
static void
sok_report_flow_back (SokFlow *flow)
{
  if (SOK_REPORT_FLOW (flow)->sending)
    return;

  SOK_FLOW_CLASS (sok_report_flow_parent_class)->back (flow);
}

static void
sok_report_flow_next (SokFlow *flow)
{
  SokReportFlow *self = SOK_REPORT_FLOW (flow);

  if (self->sending)
    return;

  /* The last screen before Send says when a grown-up will come at once. */
  if (sok_flow_is_showing (flow, self->talk))
    sok_report_send_page_set_urgent (SOK_REPORT_SEND_PAGE (self->send),
                                     sok_report_draft_get_urgent (self->draft));

  SOK_FLOW_CLASS (sok_report_flow_parent_class)->next (flow);
}

static void
send_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  sok_report_flow_send (SOK_REPORT_FLOW (user_data));
}

static void
sok_report_flow_constructed (GObject *object)
{
  SokReportFlow *self = SOK_REPORT_FLOW (object);
  SokShell *shell;
  SokConfig *config;
  static const GActionEntry entries[] = {
    { "send", send_activated_cb, NULL, NULL, NULL },
  };

  G_OBJECT_CLASS (sok_report_flow_parent_class)->constructed (object);

  g_action_map_add_action_entries (sok_flow_get_actions (SOK_FLOW (self)), entries,
                                   G_N_ELEMENTS (entries), self);

  config = get_config (self);
  self->content = sok_report_content_load (config ? sok_config_get_dir (config) : NULL,
                                           current_locale ());
  if (self->content != NULL && sok_report_content_get_override_error (self->content) != NULL)
    g_message ("The school's report choices are not used: %s",
               sok_report_content_get_override_error (self->content)->message);

  shell = sok_flow_get_shell (SOK_FLOW (self));
  if (GTK_IS_WIDGET (shell))
    g_signal_connect_object (shell, "map", G_CALLBACK (shell_map_cb), self, G_CONNECT_SWAPPED);
}

static void
sok_report_flow_dispose (GObject *object)
{
  SokReportFlow *self = SOK_REPORT_FLOW (object);

  g_clear_handle_id (&self->thanks_id, g_source_remove);
  g_clear_handle_id (&self->prepare_id, g_source_remove);

  G_OBJECT_CLASS (sok_report_flow_parent_class)->dispose (object);
}

static void
sok_report_flow_finalize (GObject *object)
{
  SokReportFlow *self = SOK_REPORT_FLOW (object);

  g_clear_pointer (&self->draft, sok_report_draft_free);
  g_clear_pointer (&self->content, sok_report_content_free);

  G_OBJECT_CLASS (sok_report_flow_parent_class)->finalize (object);
}

static void
sok_report_flow_class_init (SokReportFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SokFlowClass *flow_class = SOK_FLOW_CLASS (klass);

  object_class->constructed = sok_report_flow_constructed;
  object_class->dispose = sok_report_flow_dispose;
  object_class->finalize = sok_report_flow_finalize;

  flow_class->create_pages = sok_report_flow_create_pages;
  flow_class->start = sok_report_flow_start;
  flow_class->forget = forget_cb;
  flow_class->next = sok_report_flow_next;
  flow_class->back = sok_report_flow_back;
}

static void
sok_report_flow_init (SokReportFlow *self)
{
  self->draft = sok_report_draft_new ();
  self->thanks_ms = SOK_REPORT_FLOW_THANKS_SECONDS * 1000;
}

/**
 * sok_report_flow_new:
 * @context: the kiosk's context
 * @shell: the window that shows the pages; it keeps the flow
 *
 * Starts the report flow whenever the home screen's "Tell a grown-up" tile is tapped.
 * Its screens are added to @shell soon after it appears.
 *
 * Returns: (transfer full): the flow
 */
SokReportFlow *
sok_report_flow_new (SokContext *context,
                     SokShell   *shell)
{
  g_return_val_if_fail (SOK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (SOK_IS_SHELL (shell), NULL);

  return g_object_new (SOK_TYPE_REPORT_FLOW,
                       "name", "report",
                       "tile", "tell",
                       "context", context,
                       "shell", shell,
                       NULL);
}

/**
 * sok_report_flow_get_draft:
 *
 * Returns: (transfer none): the report being made, in memory only
 */
SokReportDraft *
sok_report_flow_get_draft (SokReportFlow *self)
{
  g_return_val_if_fail (SOK_IS_REPORT_FLOW (self), NULL);

  return self->draft;
}

/**
 * sok_report_flow_get_content:
 *
 * Returns: (transfer none) (nullable): the report choices, or %NULL when neither the
 *   school's nor the shipped file could be read
 */
SokReportContent *
sok_report_flow_get_content (SokReportFlow *self)
{
  g_return_val_if_fail (SOK_IS_REPORT_FLOW (self), NULL);

  return self->content;
}

/**
 * sok_report_flow_get_sending:
 *
 * Returns: %TRUE while a report is being sealed and stored
 */
gboolean
sok_report_flow_get_sending (SokReportFlow *self)
{
  g_return_val_if_fail (SOK_IS_REPORT_FLOW (self), FALSE);

  return self->sending;
}

/**
 * sok_report_flow_set_thanks_timeout:
 * @timeout_ms: how long "Thank you" stays before the kiosk goes home
 *
 * For tests; the kiosk uses %SOK_REPORT_FLOW_THANKS_SECONDS.
 */
void
sok_report_flow_set_thanks_timeout (SokReportFlow *self,
                                    guint          timeout_ms)
{
  g_return_if_fail (SOK_IS_REPORT_FLOW (self));
  g_return_if_fail (timeout_ms > 0);

  self->thanks_ms = timeout_ms;
}

/**
 * sok_report_flow_send:
 *
 * Seals the report and stores it in the outbox in a worker thread. When the durable
 * commit has returned the child sees "Thank you"; when it failed, the tell-in-person
 * page. Either way the draft is wiped.
 */
void
sok_report_flow_send (SokReportFlow *self)
{
  SokConfig *config;
  SendData *data;
  g_autofree char *reason = NULL;

  g_return_if_fail (SOK_IS_REPORT_FLOW (self));

  if (sok_flow_get_shell (SOK_FLOW (self)) == NULL || self->sending)
    return;

  /* The settings may have changed since the child began. */
  if ((reason = dup_not_ready_reason (self)) != NULL)
    {
      forget_report (self);
      show_in_person (self, reason);
      return;
    }

  config = get_config (self);
  sok_report_more_page_apply (SOK_REPORT_MORE_PAGE (self->more), self->draft);
  sok_report_draft_set_locale (self->draft, current_locale ());

  set_sending (self, TRUE);

  data = g_new0 (SendData, 1);
  data->flow = g_object_ref (self);
  data->generation = self->generation;
  sok_report_send_async (sok_config_get_dir (config), self->draft, NULL, send_cb, data);
}

