/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-promise-rules-page"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sok-picture.h"
#include "sok-promise-rules-page.h"
#include "sok-stack.h"

/* The rules of the pupil's age band, one per screen: a big picture and big words.
 * Next and Back (or a swipe) move between rules with a slide; Listen reads the rule,
 * from the school's recording when there is one. In the early years, with the
 * read-aloud-early setting, each rule reads itself aloud when it appears.
 */
struct _SokPromiseRulesPage
{
  SokPage         parent_instance;

  GtkStack       *rules;
  GtkWidget      *counter;
  GtkWidget      *dots;

  SokAup         *aup;
  char           *data_dir;
  guint           index;
  gboolean        read_itself;
};

G_DEFINE_FINAL_TYPE (SokPromiseRulesPage, sok_promise_rules_page, SOK_TYPE_PAGE)

/* A swipe counts when it is mostly sideways and at least this fast (pixels/s). */
#define SWIPE_MIN_VELOCITY 400.0

static SokSpeaker *
speaker (SokPromiseRulesPage *self)
{
  return sok_context_get_speaker (sok_page_get_context (SOK_PAGE (self)));
}

static void
read_rule_aloud (SokPromiseRulesPage *self)
{
  g_autofree char *recording = NULL;

  if (self->aup == NULL || !self->read_itself)
    return;

  recording = sok_aup_dup_rule_recording_path (self->aup, self->data_dir, self->index);
  sok_speaker_say (speaker (self), sok_aup_get_rule_text (self->aup, self->index), recording);
}

static void
update_counter (SokPromiseRulesPage *self)
{
  g_autofree char *text = NULL;
  guint n = self->aup != NULL ? sok_aup_get_n_rules (self->aup) : 0;
  GString *dots = g_string_new (NULL);

  /* A dot per rule, the ones read filled in: how far along, without reading. */
  for (guint i = 0; i < n; i++)
    g_string_append (dots, i <= self->index ? "●" : "○");
  gtk_label_set_label (GTK_LABEL (self->dots), dots->str);
  g_string_free (dots, TRUE);

  if (n == 0)
    {
      gtk_label_set_label (GTK_LABEL (self->counter), "");
      return;
    }

  /* Translators: under the heading of a rule screen: "Rule 2 of 4" */
  text = g_strdup_printf (_("Rule %u of %u"), self->index + 1, n);
  gtk_label_set_label (GTK_LABEL (self->counter), text);
}

static void
show_index (SokPromiseRulesPage    *self,
            guint                   index,
            GtkStackTransitionType  transition)
{
  g_autofree char *name = g_strdup_printf ("rule-%u", index);

  self->index = index;
  gtk_stack_set_visible_child_full (self->rules, name, transition);
  update_counter (self);

}

static void
sok_promise_rules_page_next (SokPage *page)
{
  SokPromiseRulesPage *self = SOK_PROMISE_RULES_PAGE (page);

  if (self->aup == NULL)
    return;

  if (self->index + 1 < sok_aup_get_n_rules (self->aup))
    {
      show_index (self, self->index + 1, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT);
      read_rule_aloud (self);
    }
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "flow.next", NULL);
}

static void
sok_promise_rules_page_back (SokPage *page)
{
  SokPromiseRulesPage *self = SOK_PROMISE_RULES_PAGE (page);

  if (self->index > 0)
    {
      show_index (self, self->index - 1, GTK_STACK_TRANSITION_TYPE_SLIDE_RIGHT);
      read_rule_aloud (self);
    }
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "flow.back", NULL);
}

static void
sok_promise_rules_page_shown (SokPage *page)
{
  read_rule_aloud (SOK_PROMISE_RULES_PAGE (page));
}

static char *
sok_promise_rules_page_dup_speech_text (SokPage *page)
{
  SokPromiseRulesPage *self = SOK_PROMISE_RULES_PAGE (page);

  if (self->aup == NULL)
    return NULL;

  return g_strdup (sok_aup_get_rule_text (self->aup, self->index));
}

static char *
sok_promise_rules_page_dup_recording_path (SokPage *page)
{
  SokPromiseRulesPage *self = SOK_PROMISE_RULES_PAGE (page);

  if (self->aup == NULL)
    return NULL;

  return sok_aup_dup_rule_recording_path (self->aup, self->data_dir, self->index);
}

static void
clear_rules (SokPromiseRulesPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rules))) != NULL)
    gtk_stack_remove (self->rules, child);

  g_clear_object (&self->aup);
  g_clear_pointer (&self->data_dir, g_free);
  self->index = 0;
  self->read_itself = FALSE;
  sok_page_set_title (SOK_PAGE (self), NULL);
  update_counter (self);
}

static void
sok_promise_rules_page_reset (SokPage *page)
{
  clear_rules (SOK_PROMISE_RULES_PAGE (page));
}

static void
swiped_cb (SokPromiseRulesPage *self,
           double               velocity_x,
           double               velocity_y,
           GtkGestureSwipe     *gesture)
{
  if (fabs (velocity_x) < SWIPE_MIN_VELOCITY || fabs (velocity_x) < 2 * fabs (velocity_y))
    return;

  /* Through the page's own actions, so speech stops as it does for the buttons. A
   * finger moving to the left pulls the next rule in. */
  gtk_widget_activate_action (GTK_WIDGET (self), velocity_x < 0 ? "page.next" : "page.back",
                              NULL);
}

static void
sok_promise_rules_page_finalize (GObject *object)
{
  SokPromiseRulesPage *self = SOK_PROMISE_RULES_PAGE (object);

  g_clear_object (&self->aup);
  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (sok_promise_rules_page_parent_class)->finalize (object);
}

static void
sok_promise_rules_page_class_init (SokPromiseRulesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SokPageClass *page_class = SOK_PAGE_CLASS (klass);

  object_class->finalize = sok_promise_rules_page_finalize;

  page_class->next = sok_promise_rules_page_next;
  page_class->back = sok_promise_rules_page_back;
  page_class->shown = sok_promise_rules_page_shown;
  page_class->reset = sok_promise_rules_page_reset;
  page_class->dup_speech_text = sok_promise_rules_page_dup_speech_text;
  page_class->dup_recording_path = sok_promise_rules_page_dup_recording_path;
}

static void
sok_promise_rules_page_init (SokPromiseRulesPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *progress = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  GtkGesture *swipe;

  self->counter = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->counter), 0);
  gtk_widget_add_css_class (self->counter, "rule-counter");

  /* The counter says the same in words to a screen reader. */
  self->dots = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->dots, "rule-dots");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->dots),
                               GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                               -1);
  gtk_box_append (GTK_BOX (progress), self->dots);
  gtk_box_append (GTK_BOX (progress), self->counter);

  self->rules = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_duration (self->rules, 180);
  gtk_widget_set_vexpand (GTK_WIDGET (self->rules), TRUE);
  /* As for the window's pages: a screen reader reads only the rule on screen. */
  sok_stack_present_only_visible_child (self->rules);

  gtk_box_append (GTK_BOX (box), progress);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->rules));

  swipe = gtk_gesture_swipe_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (swipe), FALSE);
  g_signal_connect_swapped (swipe, "swipe", G_CALLBACK (swiped_cb), self);
  gtk_widget_add_controller (box, GTK_EVENT_CONTROLLER (swipe));

  sok_page_set_content (SOK_PAGE (self), box);
  sok_page_set_show_back (SOK_PAGE (self), TRUE);
  sok_page_set_show_next (SOK_PAGE (self), TRUE);
  gtk_widget_set_name (GTK_WIDGET (self), "promise-rules");
  gtk_widget_add_css_class (GTK_WIDGET (self), "promise-rules");
}

/**
 * sok_promise_rules_page_new:
 *
 * Returns: (transfer floating): the page named “promise-rules”
 */
GtkWidget *
sok_promise_rules_page_new (SokContext *context)
{
  SokPromiseRulesPage *self;

  g_return_val_if_fail (SOK_IS_CONTEXT (context), NULL);

  self = g_object_new (SOK_TYPE_PROMISE_RULES_PAGE,
                       "context", context, NULL);

  return GTK_WIDGET (self);
}

/* Which rule is on screen, from 0. */
guint
sok_promise_rules_page_get_index (SokPromiseRulesPage *self)
{
  g_return_val_if_fail (SOK_IS_PROMISE_RULES_PAGE (self), 0);

  return self->index;
}

static GtkWidget *
make_rule_view (SokAup *aup,
                guint   index)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 48);
  GtkWidget *picture = sok_picture_new (sok_aup_get_rule_icon (aup, index));
  GtkWidget *words = gtk_label_new (sok_aup_get_rule_text (aup, index));

  sok_picture_set_pixel_size (SOK_PICTURE (picture), 320);
  gtk_widget_set_valign (picture, GTK_ALIGN_CENTER);

  gtk_label_set_wrap (GTK_LABEL (words), TRUE);
  gtk_label_set_xalign (GTK_LABEL (words), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (words), 24);
  gtk_widget_set_hexpand (words, TRUE);
  gtk_widget_set_valign (words, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (words, "rule-words");
  /* Long junior rules get smaller words so they still fit beside the picture. */
  if (g_utf8_strlen (sok_aup_get_rule_text (aup, index), -1) > 60)
    gtk_widget_add_css_class (words, "long");

  gtk_widget_add_css_class (box, "rule");
  gtk_box_append (GTK_BOX (box), picture);
  gtk_box_append (GTK_BOX (box), words);

  return box;
}

/**
 * sok_promise_rules_page_set_aup:
 * @aup: the rules to show, from the first
 * @data_dir: (nullable): the kiosk's data directory, where recordings are looked for
 * @read_itself: whether each rule reads itself aloud when it appears
 */
void
sok_promise_rules_page_set_aup (SokPromiseRulesPage *self,
                                SokAup              *aup,
                                const char          *data_dir,
                                gboolean             read_itself)
{
  guint n;

  g_return_if_fail (SOK_IS_PROMISE_RULES_PAGE (self));
  g_return_if_fail (SOK_IS_AUP (aup));

  clear_rules (self);

  self->aup = g_object_ref (aup);
  self->data_dir = g_strdup (data_dir);
  self->read_itself = read_itself;
  n = sok_aup_get_n_rules (aup);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("rule-%u", i);

      gtk_stack_add_named (self->rules, make_rule_view (aup, i), name);
    }

  sok_page_set_title (SOK_PAGE (self), sok_aup_get_title (aup));
  show_index (self, 0, GTK_STACK_TRANSITION_TYPE_NONE);
}

/**
 * sok_promise_rules_page_set_index:
 * @index: the rule to show, from 0
 *
 * Shows rule @index at once, as when Back comes from the agreement to the last rule.
 */
void
sok_promise_rules_page_set_index (SokPromiseRulesPage *self,
                                  guint                index)
{
  g_return_if_fail (SOK_IS_PROMISE_RULES_PAGE (self));
  g_return_if_fail (self->aup != NULL);
  g_return_if_fail (index < sok_aup_get_n_rules (self->aup));

  show_index (self, index, GTK_STACK_TRANSITION_TYPE_NONE);
}
