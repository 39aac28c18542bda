/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-promise-flow"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-language.h"
#include "sok-problem-page.h"
#include "sok-promise-agree-page.h"
#include "sok-promise-flow.h"
#include "sok-promise-grid-page.h"
#include "sok-promise-notice-page.h"
#include "sok-promise-rules-page.h"
#include "sok-promise-thanks-page.h"

/* "Make my promise": class → pupil → (a kind word when they promised already) → the
 * rules of their age band, one per screen → the agreement (sign or tap) → Thank you.
 *
 * The flow holds what the child chose, which AUP they are reading and whether it was
 * read aloud; the pages only show it and hand taps back here: the grids' chosen
 * signal, the agreement page's agreed signal, and the actions promise.read-rules,
 * promise.finish, flow.next and flow.back. Everything is forgotten when the window
 * resets (Hide, idle) or the flow starts.
 *
 * A teacher may also start one pupil's promise from staff mode's September campaign
 * (sok_promise_flow_start_with_adult()): the class and pupil grids are skipped, the
 * pupil reads the same rules and agrees on the same pages, and the record says a
 * grown-up helped. How such a promise ends decides where the kiosk goes:
 *
 *  - Thank you (or All done, or Back from the first screen) hands the kiosk back to
 *    staff mode (#SokPromiseFlow::return-to-staff, which the window connects to
 *    staff mode), which shows the campaign for the pupil's class, so the teacher can
 *    start the next pupil without the PIN again. Staff mode does so only while the
 *    teacher is still signed in and less than staff-idle-seconds have passed since
 *    they started the promise (sok_staff_mode_return_from_promise()); the child's
 *    own taps do not count as the teacher being there, so a promise left to run on
 *    longer than that ends on the home screen with staff signed out.
 *  - Hide and the idle time-out go home as they always do, and going home signs
 *    staff out: whoever pressed Hide, or walked away, a child must never be left
 *    on a staff page that lists who has and has not promised.
 */

typedef enum
{
  STEP_NONE,
  STEP_CLASSES,
  STEP_PUPILS,
  STEP_NOTICE,
  STEP_RULES,
  STEP_AGREE,
  STEP_SAVING,   /* "I agree" tapped; the promise is being stored */
  STEP_THANKS,
  STEP_PROBLEM,
} Step;

struct _SokPromiseFlow
{
  SokFlow             parent_instance;

  /* Borrowed: the flow keeps its pages. */
  SokPage            *classes_page;
  SokPage            *pupils_page;
  SokPage            *notice_page;
  SokPage            *rules_page;
  SokPage            *agree_page;
  SokPage            *thanks_page;
  SokPage            *problem_page;

  Step                step;
  gint64              class_id;
  SokPupil           *pupil;
  SokAup             *aup;
  gint64              aup_version_id;
  gint64              agreement_id;
  SokAgreementStatus  status;
  gboolean            notice_shown;
  gboolean            read_aloud;
  gboolean            with_adult;  /* started by staff, beside the pupil */
  guint               generation;  /* changes whenever the flow forgets the pupil */
};

G_DEFINE_FINAL_TYPE (SokPromiseFlow, sok_promise_flow, SOK_TYPE_FLOW)

enum {
  RETURN_TO_STAFF,
  RECORDED_WITH_ADULT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static SokContext *
context (SokPromiseFlow *self)
{
  return sok_flow_get_context (SOK_FLOW (self));
}

static const char *
data_dir (SokPromiseFlow *self)
{
  return sok_context_get_data_dir (context (self));
}

static SokStore *
store (SokPromiseFlow *self)
{
  return sok_context_get_store (context (self));
}

static gboolean reads_itself (SokPromiseFlow *self);

static void
show (SokPromiseFlow *self,
      Step            step,
      SokPage        *page)
{
  self->step = step;
  if (page == self->agree_page)
    sok_promise_agree_page_set_with_adult (SOK_PROMISE_AGREE_PAGE (page), self->with_adult);
  sok_flow_show_page (SOK_FLOW (self), page);

  /* In the early years, with read-aloud-early, every screen after the child's name
   * reads itself, as Listen would. The window stopped the last screen's speech as it
   * changed page; the rules read themselves rule by rule. */
  if (reads_itself (self) && page != self->rules_page && page != self->problem_page)
    {
      g_autofree char *text = sok_page_dup_speech_text (page);

      if (text != NULL && *text != '\0')
        sok_speaker_say (sok_context_get_speaker (context (self)), text, NULL);
    }
}

/* Something outside the child's control went wrong (the database, a broken
 * installation): a calm page for the child and the whole message for staff. Never
 * "Thank you" when the promise was not kept. */
static void
show_problem (SokPromiseFlow *self,
              const GError   *error)
{
  /* The message names files and database errors, never the pupil. */
  g_warning ("The promise could not go on: %s", error->message);
  sok_problem_page_set_details (SOK_PROBLEM_PAGE (self->problem_page), error->message);
  self->step = STEP_PROBLEM;
  sok_flow_show_problem (SOK_FLOW (self));
}

static void
forget_pupil (SokPromiseFlow *self)
{
  g_clear_pointer (&self->pupil, sok_pupil_free);
  g_clear_object (&self->aup);
  self->aup_version_id = 0;
  self->agreement_id = 0;
  self->status = SOK_AGREEMENT_STATUS_NONE;
  self->notice_shown = FALSE;
  self->read_aloud = FALSE;
}

static gboolean
reads_itself (SokPromiseFlow *self)
{
  SokConfig *config = sok_context_get_config (context (self));

  return self->aup != NULL && sok_aup_get_band (self->aup) == SOK_AGE_BAND_EARLY &&
         config != NULL && sok_config_get_read_aloud_early (config);
}

static void
speaking_changed_cb (SokPromiseFlow *self,
                     GParamSpec     *pspec,
                     SokSpeaker     *speaker)
{
  /* The record says whether the rules were read aloud to the child: by Listen, or by
   * the screens themselves in the early years. */
  if (sok_speaker_get_speaking (speaker) &&
      (self->step == STEP_RULES || self->step == STEP_AGREE))
    self->read_aloud = TRUE;
}

static void
sok_promise_flow_finalize (GObject *object)
{
  SokPromiseFlow *self = SOK_PROMISE_FLOW (object);

  forget_pupil (self);

  G_OBJECT_CLASS (sok_promise_flow_parent_class)->finalize (object);
}

/* The pages are made the first time a child taps "Make my promise", so a kiosk that
 * starts up draws its first frame without them. */
static void
sok_promise_flow_create_pages (SokFlow *flow)
{
  SokPromiseFlow *self = SOK_PROMISE_FLOW (flow);

  /* In the order a child meets them, so the window slides the right way. */
  self->classes_page = SOK_PAGE (sok_promise_grid_page_new (context (self), "promise-classes", 4));
  /* Translators: heading of the screen where a pupil picks their class */
  sok_page_set_title (self->classes_page, _("Which is your class?"));
  sok_page_set_icon_name (self->classes_page, "class");
  sok_promise_grid_page_set_empty_text (SOK_PROMISE_GRID_PAGE (self->classes_page),
                                        /* Translators: on the class screen when no
                                         * roster has been imported yet */
                                        _("There are no classes on this kiosk yet. "
                                          "Please ask a grown-up to add them."));

  self->pupils_page = SOK_PAGE (sok_promise_grid_page_new (context (self), "promise-pupils", 6));
  /* Translators: heading of the screen where a pupil finds their own name */
  sok_page_set_title (self->pupils_page, _("Tap your name"));
  sok_promise_grid_page_set_empty_text (SOK_PROMISE_GRID_PAGE (self->pupils_page),
                                        /* Translators: a class with nobody in it */
                                        _("There is nobody in this class yet. "
                                          "Please ask a grown-up."));

  self->notice_page = SOK_PAGE (sok_promise_notice_page_new (context (self)));
  self->rules_page = SOK_PAGE (sok_promise_rules_page_new (context (self)));
  self->agree_page = SOK_PAGE (sok_promise_agree_page_new (context (self)));
  self->thanks_page = SOK_PAGE (sok_promise_thanks_page_new (context (self)));

  /* The same calm page the kiosk shows when it cannot start, but with Hide: the
   * kiosk itself still works. */
  self->problem_page = g_object_new (SOK_TYPE_PROBLEM_PAGE,
                                     "context", context (self),
                                     "name", "promise-problem",
                                     /* Translators: shown to a child when their
                                      * promise could not be saved; calm, no blame */
                                     "title", _("Please tell a grown-up — your promise "
                                                "could not be saved"),
                                     "show-hide", TRUE,
                                     NULL);

  g_signal_connect_object (self->classes_page, "chosen",
                           G_CALLBACK (sok_promise_flow_choose_class), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pupils_page, "chosen",
                           G_CALLBACK (sok_promise_flow_choose_pupil), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->agree_page, "agreed",
                           G_CALLBACK (sok_promise_flow_agree), self, G_CONNECT_SWAPPED);

  /* The steps are not walked in order (the notice is skipped, the rules return to
   * it), so next and back below say where each leads. */
  sok_flow_add_page (flow, self->classes_page);
  sok_flow_add_page (flow, self->pupils_page);
  sok_flow_add_page (flow, self->notice_page);
  sok_flow_add_page (flow, self->rules_page);
  sok_flow_add_page (flow, self->agree_page);
  sok_flow_add_other_page (flow, self->thanks_page);
  sok_flow_add_other_page (flow, self->problem_page);
  sok_flow_set_problem_page (flow, self->problem_page);
}

static void sok_promise_flow_start (SokFlow *flow);
static void sok_promise_flow_next (SokFlow *flow);
static void sok_promise_flow_back (SokFlow *flow);

static void
forget_cb (SokFlow *flow)
{
  sok_promise_flow_forget (SOK_PROMISE_FLOW (flow));
}

static void
read_rules_activated_cb (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  sok_promise_flow_read_rules (SOK_PROMISE_FLOW (user_data));
}

static void
finish_activated_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  sok_promise_flow_finish (SOK_PROMISE_FLOW (user_data));
}

static void
speaking_changed_cb (SokPromiseFlow *self,
                     GParamSpec     *pspec,
                     SokSpeaker     *speaker);

static void
sok_promise_flow_constructed (GObject *object)
{
  SokPromiseFlow *self = SOK_PROMISE_FLOW (object);
  static const GActionEntry entries[] = {
    { "read-rules", read_rules_activated_cb, NULL, NULL, NULL },
    { "finish", finish_activated_cb, NULL, NULL, NULL },
  };

  G_OBJECT_CLASS (sok_promise_flow_parent_class)->constructed (object);

  g_action_map_add_action_entries (sok_flow_get_actions (SOK_FLOW (self)), entries,
                                   G_N_ELEMENTS (entries), self);
  g_signal_connect_object (sok_context_get_speaker (context (self)), "notify::speaking",
                           G_CALLBACK (speaking_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
sok_promise_flow_class_init (SokPromiseFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SokFlowClass *flow_class = SOK_FLOW_CLASS (klass);

  object_class->constructed = sok_promise_flow_constructed;
  object_class->finalize = sok_promise_flow_finalize;

  flow_class->create_pages = sok_promise_flow_create_pages;
  flow_class->start = sok_promise_flow_start;
  flow_class->forget = forget_cb;
  flow_class->next = sok_promise_flow_next;
  flow_class->back = sok_promise_flow_back;

  /**
   * SokPromiseFlow::return-to-staff:
   * @class_id: the pupil's class, 0 for none
   * @saved_forename: (nullable): the pupil's first name when their promise was
   *   recorded, %NULL when it ended without one
   *
   * Emitted when a promise a teacher started ends without Hide (Thank you, All done,
   * Back from its first screen). Staff mode takes the kiosk back (returns %TRUE);
   * when nothing does, the kiosk goes home.
   *
   * Returns: %TRUE when handled
   */
  signals[RETURN_TO_STAFF] =
    g_signal_new ("return-to-staff",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 2, G_TYPE_INT64, G_TYPE_STRING);

  /**
   * SokPromiseFlow::recorded-with-adult:
   * @pupil_id: the pupil whose promise a teacher started and who has promised
   *
   * Emitted when such a promise is stored, for the staff log.
   */
  signals[RECORDED_WITH_ADULT] =
    g_signal_new ("recorded-with-adult",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
sok_promise_flow_init (SokPromiseFlow *self)
{
}

/**
 * sok_promise_flow_new:
 * @context: the kiosk's context, which must have a store
 * @shell: the window that shows the pages; it keeps the flow
 *
 * Starts the promise whenever a child taps "Make my promise", adding its pages to
 * @shell the first time.
 *
 * Returns: (transfer full): the flow
 */
SokPromiseFlow *
sok_promise_flow_new (SokContext *context,
                      SokShell   *shell)
{
  g_return_val_if_fail (SOK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (SOK_IS_SHELL (shell), NULL);

  return g_object_new (SOK_TYPE_PROMISE_FLOW,
                       "name", "promise",
                       "tile", "promise",
                       "context", context,
                       "shell", shell,
                       NULL);
}

/**
 * sok_promise_flow_get_pupil:
 *
 * Returns: (transfer none) (nullable): the pupil making their promise
 */
const SokPupil *
sok_promise_flow_get_pupil (SokPromiseFlow *self)
{
  g_return_val_if_fail (SOK_IS_PROMISE_FLOW (self), NULL);

  return self->pupil;
}

/**
 * sok_promise_flow_get_aup:
 *
 * Returns: (transfer none) (nullable): the rules the pupil is reading
 */
SokAup *
sok_promise_flow_get_aup (SokPromiseFlow *self)
{
  g_return_val_if_fail (SOK_IS_PROMISE_FLOW (self), NULL);

  return self->aup;
}

/* Whether the pupil had promised already when they tapped their name. */
SokAgreementStatus
sok_promise_flow_get_status (SokPromiseFlow *self)
{
  g_return_val_if_fail (SOK_IS_PROMISE_FLOW (self), SOK_AGREEMENT_STATUS_NONE);

  return self->status;
}

gboolean
sok_promise_flow_get_read_aloud (SokPromiseFlow *self)
{
  g_return_val_if_fail (SOK_IS_PROMISE_FLOW (self), FALSE);

  return self->read_aloud;
}

/* Whether a member of staff started this promise from the campaign. */
gboolean
sok_promise_flow_get_with_adult (SokPromiseFlow *self)
{
  g_return_val_if_fail (SOK_IS_PROMISE_FLOW (self), FALSE);

  return self->with_adult;
}

/* The agreement recorded by this promise, 0 before "I agree". */
gint64
sok_promise_flow_get_agreement_id (SokPromiseFlow *self)
{
  g_return_val_if_fail (SOK_IS_PROMISE_FLOW (self), 0);

  return self->agreement_id;
}

/* "Make my promise" was tapped: forgets any earlier promise and shows the classes. */
static void
sok_promise_flow_start (SokFlow *flow)
{
  SokPromiseFlow *self = SOK_PROMISE_FLOW (flow);
  SokPromiseGridPage *page;
  g_autoptr (GPtrArray) classes = NULL;
  g_autoptr (GError) error = NULL;

  sok_promise_flow_forget (self);

  classes = sok_roster_list_classes (store (self), &error);
  if (classes == NULL)
    {
      show_problem (self, error);
      return;
    }

  page = SOK_PROMISE_GRID_PAGE (self->classes_page);
  sok_promise_grid_page_clear (page);
  for (guint i = 0; i < classes->len; i++)
    {
      SokClass *klass = g_ptr_array_index (classes, i);

      if (klass->n_pupils > 0)
        sok_promise_grid_page_add_choice (page, klass->id, klass->name, "class");
    }

  show (self, STEP_CLASSES, self->classes_page);
}

void
sok_promise_flow_choose_class (SokPromiseFlow *self,
                               gint64          class_id)
{
  SokPromiseGridPage *page;
  g_autoptr (GPtrArray) pupils = NULL;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (SOK_IS_PROMISE_FLOW (self));

  if (self->step != STEP_CLASSES)
    return;

  pupils = sok_roster_list_pupils (store (self), class_id, &error);
  if (pupils == NULL)
    {
      show_problem (self, error);
      return;
    }

  self->class_id = class_id;
  page = SOK_PROMISE_GRID_PAGE (self->pupils_page);
  sok_promise_grid_page_clear (page);
  /* Only names: nothing on this screen says who has promised and who has not. */
  for (guint i = 0; i < pupils->len; i++)
    {
      SokPupil *pupil = g_ptr_array_index (pupils, i);

      sok_promise_grid_page_add_choice (page, pupil->id, pupil->label, NULL);
    }

  show (self, STEP_PUPILS, self->pupils_page);
}

static void
show_rules (SokPromiseFlow *self)
{
  sok_promise_rules_page_set_aup (SOK_PROMISE_RULES_PAGE (self->rules_page), self->aup,
                                  data_dir (self), reads_itself (self));
  show (self, STEP_RULES, self->rules_page);
}

static void
show_notice (SokPromiseFlow *self)
{
  SokPromiseNoticePage *page = SOK_PROMISE_NOTICE_PAGE (self->notice_page);
  const char *forename = self->pupil->forename;
  g_autofree char *title = NULL;
  g_autofree char *words = NULL;

  if (self->status == SOK_AGREEMENT_STATUS_AGREED_CURRENT)
    {
      /* Translators: %s is the pupil's first name */
      title = g_strdup_printf (_("Well done, %s!"), forename);
      words = g_strdup (_("You have made your promise this school year. "
                          "You can read the rules again if you like."));
      sok_promise_notice_page_set_text (page, title, words,
                                        /* Translators: a button on the "you have
                                         * promised already" screen */
                                        _("Read the rules again"), TRUE);
    }
  else
    {
      /* Translators: %s is the pupil's first name */
      title = g_strdup_printf (_("Our rules have changed, %s"), forename);
      words = g_strdup (_("The rules are a little different now. Please read them and "
                          "make your promise again."));
      sok_promise_notice_page_set_text (page, title, words,
                                        /* Translators: a button on the "the rules
                                         * have changed" screen */
                                        _("Read the new rules"), FALSE);
    }

  self->notice_shown = TRUE;
  show (self, STEP_NOTICE, self->notice_page);
}

/* The language the AUP is shown in: the kiosk's current one, when the file has it. */
static const char *
aup_locale (void)
{
  return sok_language_get_current ();
}

/* The pupil's rules, or first a kind word when they promised already: what follows a
 * child tapping their name, and a teacher starting their promise. */
static void
begin_pupil (SokPromiseFlow *self,
             gint64          pupil_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = NULL;

  forget_pupil (self);

  self->pupil = sok_roster_get_pupil (store (self), pupil_id, &error);
  if (self->pupil != NULL)
    self->aup = sok_aup_load (data_dir (self), self->pupil->band, aup_locale (), &error);
  /* The words about to be shown are stored the first time, so the agreement can
   * always point at exactly them. */
  if (self->aup != NULL &&
      sok_aup_ensure_version (store (self), self->aup, &self->aup_version_id, &error))
    {
      now = g_date_time_new_now_local ();
      sok_agreement_status_for_pupil (store (self), self->pupil->id, self->aup_version_id,
                                      sok_school_year_for (now), &self->status, &error);
    }

  if (error != NULL)
    {
      show_problem (self, error);
      return;
    }

  sok_promise_agree_page_set_sentence (SOK_PROMISE_AGREE_PAGE (self->agree_page),
                                       sok_aup_get_agreement (self->aup));

  if (self->status == SOK_AGREEMENT_STATUS_NONE)
    show_rules (self);
  else
    show_notice (self);
}

void
sok_promise_flow_choose_pupil (SokPromiseFlow *self,
                               gint64          pupil_id)
{
  g_return_if_fail (SOK_IS_PROMISE_FLOW (self));

  if (self->step != STEP_PUPILS)
    return;

  begin_pupil (self, pupil_id);
}

/**
 * sok_promise_flow_start_with_adult:
 * @pupil_id: the pupil, chosen by a member of staff in the September campaign
 *
 * Forgets any earlier promise and starts @pupil_id's, as if they had tapped their
 * name: the kind word or the rules, then the agreement, recorded as made with an
 * adult. When it ends with Thank you the kiosk goes back to staff mode; see the
 * comment at the top of this file.
 */
void
sok_promise_flow_start_with_adult (SokPromiseFlow *self,
                                   gint64          pupil_id)
{
  g_return_if_fail (SOK_IS_PROMISE_FLOW (self));
  g_return_if_fail (pupil_id > 0);

  sok_flow_ensure_pages (SOK_FLOW (self));
  sok_promise_flow_forget (self);

  self->with_adult = TRUE;
  begin_pupil (self, pupil_id);
  if (self->pupil != NULL)
    self->class_id = self->pupil->class_id;
}

/**
 * sok_promise_flow_finish:
 *
 * The promise is over without Hide: Thank you has been read, or a pupil who promised
 * already is done. A child's own promise goes home for the next child; one a teacher
 * started goes back to the teacher's campaign, when staff mode still trusts that the
 * teacher is there.
 */
void
sok_promise_flow_finish (SokPromiseFlow *self)
{
  g_autofree char *saved_forename = NULL;
  gboolean handled = FALSE;
  gint64 class_id;

  g_return_if_fail (SOK_IS_PROMISE_FLOW (self));

  if (!self->with_adult ||
      !g_signal_has_handler_pending (self, signals[RETURN_TO_STAFF], 0, FALSE))
    {
      sok_flow_go_home (SOK_FLOW (self));
      return;
    }

  class_id = self->class_id;
  if (self->agreement_id != 0 && self->pupil != NULL)
    saved_forename = g_strdup (self->pupil->forename);
  sok_promise_flow_forget (self);
  g_signal_emit (self, signals[RETURN_TO_STAFF], 0, class_id, saved_forename, &handled);
  if (!handled)
    {
      sok_flow_go_home (SOK_FLOW (self));
      return;
    }

  /* Staff mode has the screen now (the page that slid away is a picture of itself):
   * none of the pupil's name, rules or signature stays on the promise's pages for
   * the next pupil, as after Hide. */
  sok_flow_reset_pages (SOK_FLOW (self));
}

/**
 * sok_promise_flow_read_rules:
 *
 * From the notice page: read the rules (again, or the changed ones).
 */
void
sok_promise_flow_read_rules (SokPromiseFlow *self)
{
  g_return_if_fail (SOK_IS_PROMISE_FLOW (self));

  if (self->step != STEP_NOTICE || self->aup == NULL)
    return;

  show_rules (self);
}

/* flow.next, which only the last rule asks for: the agreement, or back to the kind
 * word for a pupil who promised these very words already and only read them again. */
static void
sok_promise_flow_next (SokFlow *flow)
{
  SokPromiseFlow *self = SOK_PROMISE_FLOW (flow);

  if (self->step != STEP_RULES)
    return;

  if (self->status == SOK_AGREEMENT_STATUS_AGREED_CURRENT)
    show_notice (self);
  else
    show (self, STEP_AGREE, self->agree_page);
}

typedef struct
{
  GWeakRef flow;
  guint    generation;
} AgreeData;

static void
agree_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AgreeData *data = user_data;
  g_autoptr (SokPromiseFlow) self = g_weak_ref_get (&data->flow);
  guint generation = data->generation;
  g_autoptr (GError) error = NULL;
  gint64 agreement_id = 0;
  gboolean recorded;

  g_weak_ref_clear (&data->flow);
  g_free (data);

  recorded = sok_agreement_record_finish (result, &agreement_id, &error);

  /* The child hid the screen (or walked away) while it was being stored; whoever
   * stands at the kiosk now must see nothing of it. */
  if (self == NULL || generation != self->generation || self->step != STEP_SAVING)
    {
      if (!recorded)
        g_warning ("A promise could not be saved after its pupil had left: %s", error->message);
      return;
    }

  sok_promise_agree_page_set_saving (SOK_PROMISE_AGREE_PAGE (self->agree_page), FALSE);
  if (!recorded)
    {
      show_problem (self, error);
      return;
    }
  self->agreement_id = agreement_id;

  /* The staff log says who was beside the pupil; ids only, never a name. */
  if (self->with_adult)
    g_signal_emit (self, signals[RECORDED_WITH_ADULT], 0, self->pupil->id);

  self->status = SOK_AGREEMENT_STATUS_AGREED_CURRENT;
  sok_promise_thanks_page_set_name (SOK_PROMISE_THANKS_PAGE (self->thanks_page),
                                    self->pupil->forename);
  show (self, STEP_THANKS, self->thanks_page);
}

/**
 * sok_promise_flow_agree:
 * @signature: (nullable): the child's signature; %NULL or empty for the "I agree" tap
 * @with_adult: whether a grown-up helped
 *
 * Records the promise in a worker thread with its own store connection, committed
 * durably, and only then says "Thank you". When it cannot be recorded the child is
 * asked to fetch a grown-up instead. Meanwhile "I agree" cannot be tapped again.
 */
void
sok_promise_flow_agree (SokPromiseFlow *self,
                        SokSignature   *signature,
                        gboolean        with_adult)
{
  gboolean signed_it = signature != NULL && !sok_signature_is_empty (signature);
  SokStore *kiosk_store;
  AgreeData *data;

  g_return_if_fail (SOK_IS_PROMISE_FLOW (self));

  /* A second tap while the promise is stored or the page slides away must not
   * promise twice. */
  if (self->step != STEP_AGREE || self->pupil == NULL || (kiosk_store = store (self)) == NULL)
    return;

  self->step = STEP_SAVING;
  sok_promise_agree_page_set_saving (SOK_PROMISE_AGREE_PAGE (self->agree_page), TRUE);

  data = g_new0 (AgreeData, 1);
  g_weak_ref_init (&data->flow, self);
  data->generation = self->generation;
  sok_agreement_record_async (sok_store_get_dir (kiosk_store), self->pupil->id,
                              self->aup_version_id,
                              signed_it ? SOK_AGREEMENT_METHOD_SIGNATURE
                                        : SOK_AGREEMENT_METHOD_TAP,
                              self->read_aloud, with_adult || self->with_adult,
                              signed_it ? signature : NULL, NULL, agree_done_cb, data);
}

/* Whether "I agree" was tapped and the promise is being stored. */
gboolean
sok_promise_flow_get_saving (SokPromiseFlow *self)
{
  g_return_val_if_fail (SOK_IS_PROMISE_FLOW (self), FALSE);

  return self->step == STEP_SAVING;
}

/* flow.back: from the first rule, the agreement, a grid or the notice. */
static void
sok_promise_flow_back (SokFlow *flow)
{
  SokPromiseFlow *self = SOK_PROMISE_FLOW (flow);

  switch (self->step)
    {
    case STEP_PUPILS:
      show (self, STEP_CLASSES, self->classes_page);
      break;

    case STEP_NOTICE:
      if (self->with_adult)
        sok_promise_flow_finish (self);
      else
        show (self, STEP_PUPILS, self->pupils_page);
      break;

    case STEP_RULES:
      if (self->notice_shown)
        show (self, STEP_NOTICE, self->notice_page);
      else if (self->with_adult)
        sok_promise_flow_finish (self);
      else
        show (self, STEP_PUPILS, self->pupils_page);
      break;

    case STEP_AGREE:
      sok_promise_rules_page_set_index (SOK_PROMISE_RULES_PAGE (self->rules_page),
                                        sok_aup_get_n_rules (self->aup) - 1);
      show (self, STEP_RULES, self->rules_page);
      break;

    case STEP_SAVING:
      /* The promise is being stored: Back waits for it (Hide does not). */
      break;

    case STEP_NONE:
    case STEP_CLASSES:
    case STEP_THANKS:
    case STEP_PROBLEM:
    default:
      sok_flow_go_home (flow);
      break;
    }
}

/**
 * sok_promise_flow_forget:
 *
 * Forgets the class, the pupil and everything about their promise. The window's
 * reset (Hide, idle) calls it; the pages forget their own parts in their reset.
 */
void
sok_promise_flow_forget (SokPromiseFlow *self)
{
  g_return_if_fail (SOK_IS_PROMISE_FLOW (self));

  forget_pupil (self);
  self->class_id = 0;
  self->with_adult = FALSE;
  self->step = STEP_NONE;
  self->generation++;
  if (self->problem_page != NULL)
    sok_problem_page_set_details (SOK_PROBLEM_PAGE (self->problem_page), NULL);
}
