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

/* "Tell a grown-up": the flow object (not a widget) that owns the report's draft and
 * the order of its screens. The draft lives in memory only; Hide and the idle
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
  GObject           parent_instance;

  SokWindow        *window;      /* weak: the window owns the flow */
  SokContext       *context;
  SokReportContent *content;
  SokReportDraft   *draft;

  /* Borrowed: the window's stack owns the pages. */
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

G_DEFINE_FINAL_TYPE (SokReportFlow, sok_report_flow, G_TYPE_OBJECT)

static const char * const page_order[] = {
  SOK_REPORT_PAGE_WHAT,
  SOK_REPORT_PAGE_WHERE,
  SOK_REPORT_PAGE_FEELING,
  SOK_REPORT_PAGE_MORE,
  SOK_REPORT_PAGE_TALK,
  SOK_REPORT_PAGE_SEND,
};

static int
page_position (SokPage *page)
{
  const char *name = sok_page_get_name (page);

  for (guint i = 0; i < G_N_ELEMENTS (page_order); i++)
    if (g_strcmp0 (name, page_order[i]) == 0)
      return (int) i;

  return -1;
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
  sok_window_show_page (self->window, SOK_REPORT_PAGE_IN_PERSON);
}

/* Why this kiosk cannot take reports, or %NULL when it can. */
static char *
dup_not_ready_reason (SokReportFlow *self)
{
  SokConfig *config = sok_window_get_config (self->window);
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
start_flow_cb (SokWindow     *window,
               const char    *flow,
               SokReportFlow *self)
{
  if (g_strcmp0 (flow, "tell") == 0)
    sok_report_flow_start (self);
}

static void
window_reset_cb (SokWindow     *window,
                 SokReportFlow *self)
{
  g_clear_handle_id (&self->thanks_id, g_source_remove);
  self->generation++;
  sok_report_draft_reset (self->draft);
}

static gboolean
thanks_timeout_cb (gpointer user_data)
{
  SokReportFlow *self = SOK_REPORT_FLOW (user_data);

  self->thanks_id = 0;
  if (self->window != NULL && sok_window_get_visible_page (self->window) == self->thanks)
    sok_window_go_home (self->window);

  return G_SOURCE_REMOVE;
}

/* The application's delivery worker is woken through its action, so the DSL hears
 * at once; a window without the application (a test) has nothing to wake. */
static void
wake_delivery (SokReportFlow *self)
{
  if (self->window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->window), "app.wake-delivery", NULL);
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
  self->sending = FALSE;

  if (sent)
    wake_delivery (self);

  /* The child hid the screen (or walked away) while it was being stored; whoever
   * stands at the kiosk now must not see anything about it. */
  if (self->window == NULL || generation != self->generation)
    return;

  urgent = sok_report_draft_get_urgent (self->draft);
  forget_report (self);

  if (!sent)
    {
      show_in_person (self, error->message);
      return;
    }

  sok_report_thanks_page_set_urgent (SOK_REPORT_THANKS_PAGE (self->thanks), urgent);
  sok_window_show_page (self->window, SOK_REPORT_PAGE_THANKS);

  g_clear_handle_id (&self->thanks_id, g_source_remove);
  self->thanks_id = g_timeout_add (self->thanks_ms, thanks_timeout_cb, self);
}

/* The language the child sees now, which the report carries to the DSL. */
static const char *
current_locale (void)
{
  return sok_language_get_current ();
}

/* The pages are made half a second after the window appears, not with it, so the
 * kiosk's first frame is not kept waiting for them (they cost some 30 ms); and at the
 * latest when a child taps "Tell a grown-up". */
static void
ensure_pages (SokReportFlow *self)
{
  if (self->what != NULL)
    return;

  self->what = SOK_PAGE (sok_report_choice_page_new (self->context, self, SOK_CHOICE_CATEGORY));
  self->where = SOK_PAGE (sok_report_choice_page_new (self->context, self, SOK_CHOICE_WHERE));
  self->feeling = SOK_PAGE (sok_report_choice_page_new (self->context, self, SOK_CHOICE_FEELING));
  self->more = SOK_PAGE (sok_report_more_page_new (self->context, self));
  self->talk = SOK_PAGE (sok_report_talk_page_new (self->context, self));
  self->send = SOK_PAGE (sok_report_send_page_new (self->context, self));
  self->thanks = SOK_PAGE (sok_report_thanks_page_new (self->context));
  self->in_person = SOK_PAGE (sok_report_in_person_page_new (self->context));

  sok_window_add_page (self->window, self->what);
  sok_window_add_page (self->window, self->where);
  sok_window_add_page (self->window, self->feeling);
  sok_window_add_page (self->window, self->more);
  sok_window_add_page (self->window, self->talk);
  sok_window_add_page (self->window, self->send);
  sok_window_add_page (self->window, self->thanks);
  sok_window_add_page (self->window, self->in_person);
}

static gboolean
prepare_cb (gpointer user_data)
{
  SokReportFlow *self = SOK_REPORT_FLOW (user_data);

  self->prepare_id = 0;
  if (self->window != NULL)
    ensure_pages (self);

  return G_SOURCE_REMOVE;
}

static void
window_map_cb (SokWindow     *window,
               SokReportFlow *self)
{
  if (self->what == NULL && self->prepare_id == 0)
    self->prepare_id = g_timeout_add (500, prepare_cb, self);
}

static void
sok_report_flow_dispose (GObject *object)
{
  SokReportFlow *self = SOK_REPORT_FLOW (object);

  g_clear_handle_id (&self->thanks_id, g_source_remove);
  g_clear_handle_id (&self->prepare_id, g_source_remove);
  g_clear_weak_pointer (&self->window);

  G_OBJECT_CLASS (sok_report_flow_parent_class)->dispose (object);
}

static void
sok_report_flow_finalize (GObject *object)
{
  SokReportFlow *self = SOK_REPORT_FLOW (object);

  g_clear_pointer (&self->draft, sok_report_draft_free);
  g_clear_pointer (&self->content, sok_report_content_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sok_report_flow_parent_class)->finalize (object);
}

static void
sok_report_flow_class_init (SokReportFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sok_report_flow_dispose;
  object_class->finalize = sok_report_flow_finalize;
}

static void
sok_report_flow_init (SokReportFlow *self)
{
  self->draft = sok_report_draft_new ();
  self->thanks_ms = SOK_REPORT_FLOW_THANKS_SECONDS * 1000;
}

/**
 * sok_report_flow_new:
 * @window: the kiosk's window; it must keep the flow as long as it lives
 *
 * Starts the report flow whenever the home screen's "Tell a grown-up" tile is tapped.
 * Its screens are added to @window soon after it appears.
 *
 * Returns: (transfer full): the flow
 */
SokReportFlow *
sok_report_flow_new (SokWindow *window)
{
  SokReportFlow *self;
  SokConfig *config;

  g_return_val_if_fail (SOK_IS_WINDOW (window), NULL);

  self = g_object_new (SOK_TYPE_REPORT_FLOW, NULL);
  g_set_weak_pointer (&self->window, window);
  self->context = g_object_ref (sok_window_get_context (window));

  config = sok_window_get_config (window);
  self->content = sok_report_content_load (config ? sok_config_get_dir (config) : NULL,
                                           current_locale ());
  if (self->content != NULL && sok_report_content_get_override_error (self->content) != NULL)
    g_message ("The school's report choices are not used: %s",
               sok_report_content_get_override_error (self->content)->message);

  /* Borrowed: tests and staff screens find the flow through its window. */
  g_object_set_data (G_OBJECT (window), "sok-report-flow", self);

  g_signal_connect_object (window, "start-flow", G_CALLBACK (start_flow_cb), self, 0);
  g_signal_connect_object (window, "reset", G_CALLBACK (window_reset_cb), self, 0);
  g_signal_connect_object (window, "map", G_CALLBACK (window_map_cb), self, 0);

  return self;
}

/**
 * sok_report_flow_get_for_window:
 *
 * Returns: (transfer none) (nullable): the report flow of @window
 */
SokReportFlow *
sok_report_flow_get_for_window (SokWindow *window)
{
  g_return_val_if_fail (SOK_IS_WINDOW (window), NULL);

  return g_object_get_data (G_OBJECT (window), "sok-report-flow");
}

/**
 * sok_report_flow_get_window:
 *
 * Returns: (transfer none) (nullable): the window, until it goes away
 */
SokWindow *
sok_report_flow_get_window (SokReportFlow *self)
{
  g_return_val_if_fail (SOK_IS_REPORT_FLOW (self), NULL);

  return self->window;
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
 * sok_report_flow_start:
 *
 * Begins a new report with an empty draft on "What happened?", or shows the
 * tell-in-person page when this kiosk cannot take reports.
 */
void
sok_report_flow_start (SokReportFlow *self)
{
  g_autofree char *reason = NULL;

  g_return_if_fail (SOK_IS_REPORT_FLOW (self));

  if (self->window == NULL)
    return;

  ensure_pages (self);
  forget_report (self);

  if ((reason = dup_not_ready_reason (self)) != NULL)
    {
      show_in_person (self, reason);
      return;
    }

  sok_window_show_page (self->window, SOK_REPORT_PAGE_WHAT);
}

/**
 * sok_report_flow_go_back:
 * @from: the page Back was tapped on
 *
 * Back on the first screen goes home and forgets the report.
 */
void
sok_report_flow_go_back (SokReportFlow *self,
                         SokPage       *from)
{
  int position;

  g_return_if_fail (SOK_IS_REPORT_FLOW (self));
  g_return_if_fail (SOK_IS_PAGE (from));

  if (self->window == NULL || self->sending)
    return;

  position = page_position (from);
  if (position <= 0)
    sok_window_go_home (self->window);
  else
    sok_window_show_page (self->window, page_order[position - 1]);
}

/**
 * sok_report_flow_go_next:
 * @from: the page the child has finished with
 */
void
sok_report_flow_go_next (SokReportFlow *self,
                         SokPage       *from)
{
  int position;

  g_return_if_fail (SOK_IS_REPORT_FLOW (self));
  g_return_if_fail (SOK_IS_PAGE (from));

  if (self->window == NULL || self->sending)
    return;

  position = page_position (from);
  if (position >= 0 && position + 1 < (int) G_N_ELEMENTS (page_order))
    sok_window_show_page (self->window, page_order[position + 1]);
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

  if (self->window == NULL || self->sending)
    return;

  /* The settings may have changed since the child began. */
  if ((reason = dup_not_ready_reason (self)) != NULL)
    {
      forget_report (self);
      show_in_person (self, reason);
      return;
    }

  config = sok_window_get_config (self->window);
  sok_report_more_page_apply (SOK_REPORT_MORE_PAGE (self->more), self->draft);
  sok_report_draft_set_locale (self->draft, current_locale ());

  self->sending = TRUE;
  sok_report_send_page_set_sending (SOK_REPORT_SEND_PAGE (self->send), TRUE);

  data = g_new0 (SendData, 1);
  data->flow = g_object_ref (self);
  data->generation = self->generation;
  sok_report_send_async (sok_config_get_dir (config), self->draft, NULL, send_cb, data);
}

