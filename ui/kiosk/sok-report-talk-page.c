/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-report-talk-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-keyboard.h"
#include "sok-report-talk-page.h"
#include "sok-roster.h"
#include "sok-stack.h"
#include "sok-tile.h"

/* "Do you want a grown-up to talk to you?". Three answers: yes (then the child finds
 * their class and taps their name, or types it), no (the report stays anonymous), and
 * a clearly different "I need help now", which marks the report urgent so the DSL's
 * queue can raise the alarm without opening it, and then asks who the child is so a
 * grown-up can find them.
 *
 * The steps are one page with an inner stack, so the flow keeps its six screens;
 * Back walks back through the steps before it leaves the page. The page tells the
 * flow what the child answered and who they are through its answered and identified
 * signals; the flow keeps them in the draft.
 */
struct _SokReportTalkPage
{
  SokPage        parent_instance;

  GtkStack      *step_stack;
  GtkWidget     *yes_tile;
  GtkWidget     *secret_tile;
  GtkWidget     *help_tile;
  GtkFlowBox    *class_box;
  GtkFlowBox    *pupil_box;
  GtkEntry      *name_entry;
  SokKeyboard   *keyboard;

  char          *answer;      /* "yes", "secret" or "help" once the child answered */
  gboolean       have_classes;
};

G_DEFINE_FINAL_TYPE (SokReportTalkPage, sok_report_talk_page, SOK_TYPE_PAGE)

enum {
  ANSWERED,
  IDENTIFIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The child said who they are: a pupil's roster id (or %NULL when they typed their
 * name), their name and year group (-1 when not known); then the next screen. */
static void
identify (SokReportTalkPage *self,
          const char        *pupil_id,
          const char        *name,
          int                year_group)
{
  g_signal_emit (self, signals[IDENTIFIED], 0, pupil_id, name, year_group);
  gtk_widget_activate_action (GTK_WIDGET (self), "flow.next", NULL);
}

static void
clear_box (GtkFlowBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_flow_box_remove (box, child);
}

static void
mark_answer (SokReportTalkPage *self)
{
  struct { GtkWidget *tile; const char *answer; } tiles[] = {
    { self->yes_tile, "yes" },
    { self->secret_tile, "secret" },
    { self->help_tile, "help" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tiles); i++)
    {
      gboolean chosen = g_strcmp0 (self->answer, tiles[i].answer) == 0;

      if (chosen)
        gtk_widget_add_css_class (tiles[i].tile, "chosen");
      else
        gtk_widget_remove_css_class (tiles[i].tile, "chosen");
      gtk_accessible_update_state (GTK_ACCESSIBLE (tiles[i].tile),
                                   GTK_ACCESSIBLE_STATE_PRESSED,
                                   chosen ? GTK_ACCESSIBLE_TRISTATE_TRUE
                                          : GTK_ACCESSIBLE_TRISTATE_FALSE,
                                   -1);
    }
}

static gboolean
entry_has_name (SokReportTalkPage *self)
{
  for (const char *p = gtk_editable_get_text (GTK_EDITABLE (self->name_entry)); *p; p++)
    if (!g_ascii_isspace (*p))
      return TRUE;

  return FALSE;
}

static void
update_chrome (SokReportTalkPage *self)
{
  const char *step = gtk_stack_get_visible_child_name (self->step_stack);
  SokPage *page = SOK_PAGE (self);

  if (g_str_equal (step, "choose"))
    {
      /* Translators: heading of the fifth "Tell a grown-up" screen */
      sok_page_set_title (page, _("Do you want a grown-up to talk to you?"));
      sok_page_set_icon_name (page, "talk-yes");
      sok_page_set_show_next (page, TRUE);
      sok_page_set_next_sensitive (page, self->answer != NULL);
    }
  else if (g_str_equal (step, "classes"))
    {
      /* Translators: heading over the class buttons, when the child gives their name */
      sok_page_set_title (page, _("Which is your class?"));
      sok_page_set_icon_name (page, "class");
      sok_page_set_show_next (page, FALSE);
    }
  else if (g_str_equal (step, "pupils"))
    {
      /* Translators: heading over the pupils' name buttons */
      sok_page_set_title (page, _("Tap your name"));
      sok_page_set_icon_name (page, "class");
      sok_page_set_show_next (page, FALSE);
    }
  else
    {
      /* Translators: heading over the keyboard, when the child types their name */
      sok_page_set_title (page, _("Type your name"));
      sok_page_set_icon_name (page, "keyboard");
      sok_page_set_show_next (page, TRUE);
      sok_page_set_next_sensitive (page, entry_has_name (self));
    }
}

static void
show_step (SokReportTalkPage *self,
           const char        *step)
{
  gtk_stack_set_visible_child_name (self->step_stack, step);
  update_chrome (self);
}

/* Roster ids are 64-bit; a pointer may not be. */
static void
set_id (GtkWidget  *button,
        const char *key,
        gint64      id)
{
  g_object_set_data_full (G_OBJECT (button), key, g_memdup2 (&id, sizeof id), g_free);
}

static gint64
get_id (GtkButton  *button,
        const char *key)
{
  const gint64 *id = g_object_get_data (G_OBJECT (button), key);

  return id != NULL ? *id : 0;
}

static void
pupil_clicked_cb (GtkButton         *button,
                  SokReportTalkPage *self)
{
  SokStore *store = sok_context_get_store (sok_page_get_context (SOK_PAGE (self)));
  gint64 pupil_id = get_id (button, "sok-pupil-id");
  g_autoptr (SokPupil) pupil = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;

  if (store == NULL || !(pupil = sok_roster_get_pupil (store, pupil_id, &error)))
    {
      /* The roster changed under the child's finger; let them type their name. */
      g_message ("A pupil could not be looked up: %s", error ? error->message : "no store");
      show_step (self, "type-name");
      return;
    }

  id = g_strdup_printf ("%" G_GINT64_FORMAT, pupil->id);
  name = g_strdup_printf ("%s %s", pupil->forename, pupil->surname);
  identify (self, id, name, pupil->year_group);
}

static void
class_clicked_cb (GtkButton         *button,
                  SokReportTalkPage *self)
{
  SokStore *store = sok_context_get_store (sok_page_get_context (SOK_PAGE (self)));
  gint64 class_id = get_id (button, "sok-class-id");
  g_autoptr (GPtrArray) pupils = NULL;
  g_autoptr (GError) error = NULL;

  clear_box (self->pupil_box);

  if (store == NULL || !(pupils = sok_roster_list_pupils (store, class_id, &error)) ||
      pupils->len == 0)
    {
      if (error != NULL)
        g_message ("The class's pupils could not be listed: %s", error->message);
      show_step (self, "type-name");
      return;
    }

  for (guint i = 0; i < pupils->len; i++)
    {
      SokPupil *pupil = g_ptr_array_index (pupils, i);
      GtkWidget *tile = gtk_button_new_with_label (pupil->label);

      /* Words only: a name needs no picture, and the button is named by them. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (tile), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      pupil->label, -1);
      gtk_widget_set_focus_on_click (tile, FALSE);
      gtk_widget_add_css_class (tile, "tile");
      gtk_widget_add_css_class (tile, "pupil");
      set_id (tile, "sok-pupil-id", pupil->id);
      g_signal_connect (tile, "clicked", G_CALLBACK (pupil_clicked_cb), self);
      gtk_flow_box_append (self->pupil_box, tile);
    }

  show_step (self, "pupils");
}

static void
type_name_clicked_cb (GtkButton         *button,
                      SokReportTalkPage *self)
{
  show_step (self, "type-name");
}

/* Lists the classes, with "Type my name" last; without a roster, goes straight to
 * typing. */
static void
show_classes (SokReportTalkPage *self)
{
  SokStore *store = sok_context_get_store (sok_page_get_context (SOK_PAGE (self)));
  g_autoptr (GPtrArray) classes = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *tile;

  clear_box (self->class_box);
  self->have_classes = FALSE;

  if (store != NULL && !(classes = sok_roster_list_classes (store, &error)))
    g_message ("The classes could not be listed: %s", error->message);

  if (classes == NULL || classes->len == 0)
    {
      show_step (self, "type-name");
      return;
    }

  for (guint i = 0; i < classes->len; i++)
    {
      SokClass *klass = g_ptr_array_index (classes, i);

      tile = sok_tile_new ("class", klass->name);
      sok_tile_set_picture_size (SOK_TILE (tile), 64);
      set_id (tile, "sok-class-id", klass->id);
      g_signal_connect (tile, "clicked", G_CALLBACK (class_clicked_cb), self);
      gtk_flow_box_append (self->class_box, tile);
    }

  /* Translators: for a child whose class is not listed, or who would rather type */
  tile = sok_tile_new ("keyboard", _("Type my name"));
  sok_tile_set_picture_size (SOK_TILE (tile), 64);
  g_signal_connect (tile, "clicked", G_CALLBACK (type_name_clicked_cb), self);
  gtk_flow_box_append (self->class_box, tile);

  self->have_classes = TRUE;
  show_step (self, "classes");
}

static void
answer_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SokReportTalkPage *self = SOK_REPORT_TALK_PAGE (widget);
  const char *answer = g_variant_get_string (parameter, NULL);
  gboolean taken = FALSE;

  /* The flow keeps the answer in the draft, forgetting whoever the child said they
   * were before (they may have changed their mind); it refuses while a report is
   * being sent. */
  g_signal_emit (self, signals[ANSWERED], 0, answer, &taken);
  if (!taken)
    return;

  g_free (self->answer);
  self->answer = g_strdup (answer);
  mark_answer (self);

  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), "");

  if (g_str_equal (answer, "secret"))
    {
      update_chrome (self);
      gtk_widget_activate_action (GTK_WIDGET (self), "flow.next", NULL);
      return;
    }

  show_classes (self);
}

static void
name_changed_cb (GtkEditable       *entry,
                 SokReportTalkPage *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->step_stack), "type-name") == 0)
    update_chrome (self);
}

static void
sok_report_talk_page_reset (SokPage *page)
{
  SokReportTalkPage *self = SOK_REPORT_TALK_PAGE (page);

  g_clear_pointer (&self->answer, g_free);
  mark_answer (self);
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), "");
  sok_keyboard_set_capitals (self->keyboard, TRUE);
  clear_box (self->pupil_box);
  clear_box (self->class_box);
  show_step (self, "choose");
}

static char *
sok_report_talk_page_dup_speech_text (SokPage *page)
{
  SokReportTalkPage *self = SOK_REPORT_TALK_PAGE (page);
  const char *step = gtk_stack_get_visible_child_name (self->step_stack);

  if (g_str_equal (step, "choose"))
    return g_strdup_printf ("%s %s. %s. %s.", sok_page_get_title (page),
                            sok_tile_get_words (SOK_TILE (self->yes_tile)),
                            sok_tile_get_words (SOK_TILE (self->secret_tile)),
                            sok_tile_get_words (SOK_TILE (self->help_tile)));

  return g_strdup (sok_page_get_title (page));
}

static void
sok_report_talk_page_back (SokPage *page)
{
  SokReportTalkPage *self = SOK_REPORT_TALK_PAGE (page);
  const char *step = gtk_stack_get_visible_child_name (self->step_stack);

  if (g_str_equal (step, "pupils"))
    show_step (self, "classes");
  else if (g_str_equal (step, "type-name") && self->have_classes)
    show_step (self, "classes");
  else if (!g_str_equal (step, "choose"))
    show_step (self, "choose");
  else
    gtk_widget_activate_action (GTK_WIDGET (page), "flow.back", NULL);
}

static void
sok_report_talk_page_next (SokPage *page)
{
  SokReportTalkPage *self = SOK_REPORT_TALK_PAGE (page);
  const char *step = gtk_stack_get_visible_child_name (self->step_stack);

  if (g_str_equal (step, "type-name"))
    {
      g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));

      if (*name == '\0')
        return;
      identify (self, NULL, name, -1);
    }
  else if (g_str_equal (step, "choose") && self->answer != NULL)
    {
      /* Back from the next screen: the answer stands; a named child picks again. */
      if (g_str_equal (self->answer, "secret"))
        gtk_widget_activate_action (GTK_WIDGET (page), "flow.next", NULL);
      else
        show_classes (self);
    }
}

static void
sok_report_talk_page_finalize (GObject *object)
{
  SokReportTalkPage *self = SOK_REPORT_TALK_PAGE (object);

  g_clear_pointer (&self->answer, g_free);

  G_OBJECT_CLASS (sok_report_talk_page_parent_class)->finalize (object);
}

static void
sok_report_talk_page_class_init (SokReportTalkPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SokPageClass *page_class = SOK_PAGE_CLASS (klass);

  object_class->finalize = sok_report_talk_page_finalize;

  page_class->reset = sok_report_talk_page_reset;
  page_class->dup_speech_text = sok_report_talk_page_dup_speech_text;
  page_class->back = sok_report_talk_page_back;
  page_class->next = sok_report_talk_page_next;

  g_type_ensure (SOK_TYPE_TILE);
  g_type_ensure (SOK_TYPE_KEYBOARD);

  /* No gtk_widget_dispose_template() for this class: its template's widgets sit in
   * SokPage's content slot, and SokPage's own dispose releases them. */
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/safeonlinekiosk/Kiosk/sok-report-talk-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SokReportTalkPage, step_stack);
  gtk_widget_class_bind_template_child (widget_class, SokReportTalkPage, yes_tile);
  gtk_widget_class_bind_template_child (widget_class, SokReportTalkPage, secret_tile);
  gtk_widget_class_bind_template_child (widget_class, SokReportTalkPage, help_tile);
  gtk_widget_class_bind_template_child (widget_class, SokReportTalkPage, class_box);
  gtk_widget_class_bind_template_child (widget_class, SokReportTalkPage, pupil_box);
  gtk_widget_class_bind_template_child (widget_class, SokReportTalkPage, name_entry);
  gtk_widget_class_bind_template_child (widget_class, SokReportTalkPage, keyboard);

  gtk_widget_class_install_action (widget_class, "report-talk.answer", "s", answer_action);

  /**
   * SokReportTalkPage::answered:
   * @answer: "yes", "secret" or "help"
   *
   * Emitted when the child taps one of the three answers.
   *
   * Returns: %TRUE when the flow took the answer
   */
  signals[ANSWERED] =
    g_signal_new ("answered",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 1, G_TYPE_STRING);

  /**
   * SokReportTalkPage::identified:
   * @pupil_id: (nullable): the pupil's roster id, %NULL for a typed name
   * @name: the child's name
   * @year_group: their year group, -1 when not known
   *
   * Emitted when the child tapped their name or typed it, before the next screen.
   */
  signals[IDENTIFIED] =
    g_signal_new ("identified",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT);
}

static void
sok_report_talk_page_init (SokReportTalkPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  sok_stack_present_only_visible_child (self->step_stack);
  sok_stack_settle_after_change (self->step_stack, SOK_STACK_CHILD_SETTLE_MS);
  sok_keyboard_set_target (self->keyboard, GTK_WIDGET (self->name_entry));
  sok_keyboard_set_capitals (self->keyboard, TRUE);
  g_signal_connect (self->name_entry, "changed", G_CALLBACK (name_changed_cb), self);
  update_chrome (self);
}

/**
 * sok_report_talk_page_new:
 * @context: the kiosk's context, whose store lists the classes and pupils
 *
 * Returns: (transfer floating): the page named %SOK_REPORT_PAGE_TALK
 */
GtkWidget *
sok_report_talk_page_new (SokContext *context)
{
  SokReportTalkPage *self;

  g_return_val_if_fail (SOK_IS_CONTEXT (context), NULL);

  self = g_object_new (SOK_TYPE_REPORT_TALK_PAGE,
                       "context", context, NULL);

  return GTK_WIDGET (self);
}

/**
 * sok_report_talk_page_get_step:
 *
 * Returns: which step is on screen: "choose", "classes", "pupils" or "type-name"
 */
const char *
sok_report_talk_page_get_step (SokReportTalkPage *self)
{
  g_return_val_if_fail (SOK_IS_REPORT_TALK_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->step_stack);
}
