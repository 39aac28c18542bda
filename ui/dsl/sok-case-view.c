/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-case-view"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-case-kinds.h"
#include "sok-case-view.h"
#include "sok-case.h"
#include "sok-file-chooser.h"
#include "sok-kiosk.h"

/* One report opened: everything the child gave, what has been done, and the forms to
 * record an action, close the case (with an outcome) or reopen it. Opening it and
 * every action go through core, which writes the audit log. What the child wrote is
 * held only while the report is shown, and wiped when another is opened or the
 * console locks. */
struct _SokCaseView
{
  AdwBin                parent_instance;

  GtkScrolledWindow    *scroller;
  GtkLabel             *urgent_banner;
  GtkLabel             *signature_banner;
  GtkLabel             *heading;
  GtkLabel             *status_label;
  AdwActionRow         *category_row;
  AdwActionRow         *risk_row;
  AdwActionRow         *where_row;
  AdwActionRow         *feeling_row;
  AdwActionRow         *when_row;
  AdwActionRow         *age_row;
  GtkLabel             *text_label;
  AdwPreferencesGroup  *drawing_group;
  GtkDrawingArea       *drawing_area;
  AdwActionRow         *talk_row;
  AdwActionRow         *who_row;
  GtkListBox           *actions_list;
  AdwPreferencesGroup  *record_group;
  AdwComboRow          *kind_row;
  AdwEntryRow          *by_row;
  AdwEntryRow          *note_row;
  AdwEntryRow          *reason_row;
  GtkWidget            *record_box;
  GtkLabel             *record_message;
  AdwPreferencesGroup  *close_group;
  AdwComboRow          *outcome_row;
  AdwEntryRow          *close_note_row;
  GtkWidget            *close_box;
  GtkLabel             *close_message;
  AdwPreferencesGroup  *reopen_group;
  AdwEntryRow          *reopen_reason_row;
  GtkWidget            *reopen_box;
  GtkLabel             *reopen_message;
  GtkListBox           *audit_list;

  SokQueue             *queue;
  SokDslKey            *key;       /* borrowed from the window, which clears us first */
  SokReportContent     *content;   /* borrowed likewise */
  char                 *actor;
  char                 *report_id;
  SokCaseReport        *report;
  SokQueueCase         *item;
  GtkFileChooserNative *chooser;
  SokCaseExportFormat   export_format;
};

G_DEFINE_FINAL_TYPE (SokCaseView, sok_case_view, ADW_TYPE_BIN)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static void
show_notice (SokCaseView *self,
       const char  *message)
{
  /* Through the window, which takes its notices down when it locks. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.notice", "s", message);
}

static const char *
risk_area_label (const char *risk_area)
{
  if (g_strcmp0 (risk_area, "content") == 0)
    /* Translators: the first of the "four Cs" of online risk */
    return _("Content: something they saw");
  if (g_strcmp0 (risk_area, "contact") == 0)
    /* Translators: the second of the "four Cs" of online risk */
    return _("Contact: someone who got in touch with them");
  if (g_strcmp0 (risk_area, "conduct") == 0)
    /* Translators: the third of the "four Cs" of online risk */
    return _("Conduct: how someone behaved");
  if (g_strcmp0 (risk_area, "commerce") == 0)
    /* Translators: the fourth of the "four Cs" of online risk */
    return _("Commerce: money, buying or scams");
  if (g_strcmp0 (risk_area, "unsure") == 0)
    return _("Not sure: the DSL decides");
  return risk_area != NULL ? risk_area : _("Not given");
}

/* libadwaita 1.2 gives a row's subtitle to no one: a screen reader reaching "What
 * happened" would not say what did. The subtitle is the row's description too. */
static void
set_subtitle (AdwActionRow *row,
              const char   *subtitle)
{
  adw_action_row_set_subtitle (row, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  subtitle, -1);
}

static void
set_row (AdwActionRow *row,
         const char   *value)
{
  set_subtitle (row, value != NULL ? value : _("Not given"));
}

static void
set_words_row (SokCaseView   *self,
               AdwActionRow  *row,
               SokChoiceKind  kind,
               const char    *id)
{
  g_autofree char *words = sok_case_report_dup_words (self->content, kind, id);

  set_row (row, words);
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  SokCaseView *self = user_data;

  if (self->report != NULL)
    sok_case_report_draw (self->report, cr, width, height);
}

static void
remove_all_rows (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
placeholder_row (const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "dim-label");
  return row;
}

/* "By A. Lead, 2026-11-23 10:15", with the login the queue's server stamped when it
 * is not the name given, so that a name typed by someone else is seen for what it is. */
static char *
format_by (const char *name,
           const char *login,
           const char *when)
{
  if (login != NULL && g_strcmp0 (login, name) != 0)
    /* Translators: who did something on a case (the name they gave, then the login the
     * queue's server recorded), and when */
    return g_strdup_printf (_("By %s (signed in as %s), %s"), name, login, when);
  /* Translators: who did something on a case, and when */
  return g_strdup_printf (_("By %s, %s"), name, when);
}

static void
fill_actions (SokCaseView *self)
{
  g_autoptr (GPtrArray) actions = NULL;
  g_autoptr (GError) error = NULL;

  remove_all_rows (self->actions_list);

  actions = sok_queue_list_actions (self->queue, self->report_id, &error);
  if (actions == NULL)
    {
      gtk_list_box_append (self->actions_list, placeholder_row (error->message));
      return;
    }
  if (actions->len == 0)
    gtk_list_box_append (self->actions_list, placeholder_row (_("Nothing recorded yet")));

  for (guint i = 0; i < actions->len; i++)
    {
      SokQueueAction *action = g_ptr_array_index (actions, i);
      g_autofree char *when = sok_case_format_time (action->at);
      g_autofree char *by = format_by (action->by, action->login, when);
      g_autoptr (GString) subtitle = g_string_new (by);
      GtkWidget *row = adw_action_row_new ();

      if (!is_blank (action->note))
        g_string_append_printf (subtitle, "\n%s", action->note);
      if (!is_blank (action->reason))
        /* Translators: the reason given for "no further action" */
        g_string_append_printf (subtitle, "\n%s %s", _("Reason:"), action->reason);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     sok_case_get_action_label (action->kind));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      gtk_list_box_append (self->actions_list, row);
    }
}

static char *
describe_audit_entry (const SokAuditEntry *entry)
{
  if (g_strcmp0 (entry->action, "view") == 0 && g_strcmp0 (entry->detail, "stats") == 0)
    return g_strdup (_("Read for the governors' figures"));
  if (g_strcmp0 (entry->action, "view") == 0)
    return g_strdup (_("Read"));
  if (g_strcmp0 (entry->action, "action") == 0)
    /* Translators: an audit entry; %s is an action such as "Spoke with the child" */
    return g_strdup_printf (_("Recorded: %s"), sok_case_get_action_label (entry->detail));
  if (g_strcmp0 (entry->action, "close") == 0)
    return g_strdup (_("Closed"));
  if (g_strcmp0 (entry->action, "reopen") == 0)
    return g_strdup (_("Reopened"));
  if (g_strcmp0 (entry->action, "export") == 0)
    /* Translators: an audit entry; %s is PDF or CSV */
    return g_strdup_printf (_("Exported as %s"),
                            entry->detail != NULL ? entry->detail : "?");
  return g_strdup (entry->action);
}

/* What the DSL wrote when closing or reopening lives only in the audit log: without
 * this, a closing note or a reason to reopen was typed and never seen again. */
static char *
describe_audit_detail (const SokAuditEntry *entry)
{
  guint n = 0;
  const SokCaseOutcome *outcomes = sok_case_list_outcomes (&n);

  if (is_blank (entry->detail))
    return NULL;
  if (g_strcmp0 (entry->action, "close") == 0)
    {
      /* Without a note, the detail is the outcome's id. */
      for (guint i = 0; i < n; i++)
        if (g_str_equal (entry->detail, outcomes[i].id))
          /* Translators: how a case was closed, in its audit trail */
          return g_strdup_printf (_("Outcome: %s"), _(outcomes[i].label));
      /* Translators: the note written when closing a case, in its audit trail */
      return g_strdup_printf (_("Note: %s"), entry->detail);
    }
  if (g_strcmp0 (entry->action, "reopen") == 0)
    /* Translators: why a case was reopened, in its audit trail */
    return g_strdup_printf (_("Reason: %s"), entry->detail);
  return NULL;
}

static void
fill_audit (SokCaseView *self)
{
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError) error = NULL;

  remove_all_rows (self->audit_list);

  entries = sok_queue_list_audit (self->queue, self->report_id, &error);
  if (entries == NULL)
    {
      gtk_list_box_append (self->audit_list, placeholder_row (error->message));
      return;
    }

  /* Newest first: the DSL wants to see who was here last. */
  for (guint i = entries->len; i > 0; i--)
    {
      SokAuditEntry *entry = g_ptr_array_index (entries, i - 1);
      g_autofree char *what = describe_audit_entry (entry);
      g_autofree char *when = sok_case_format_time (entry->at);
      g_autofree char *by = format_by (entry->actor, entry->login, when);
      g_autofree char *words = describe_audit_detail (entry);
      g_autofree char *subtitle = words != NULL ? g_strdup_printf ("%s\n%s", by, words)
                                                : g_strdup (by);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), what);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->audit_list, row);
    }
}

static void
fill_status (SokCaseView *self)
{
  g_autofree char *received = sok_case_format_received (self->item->received_at);
  g_autofree char *heading = NULL;
  g_autofree char *status = NULL;
  gboolean closed = self->item->status == SOK_CASE_STATUS_CLOSED;

  /* Translators: the heading of an opened report; %s is when it arrived */
  heading = g_strdup_printf (self->item->urgent ? _("Urgent report, received %s")
                                                : _("Report received %s"),
                             received);
  gtk_label_set_text (self->heading, heading);

  switch (self->item->status)
    {
    case SOK_CASE_STATUS_NEW:
      status = g_strdup (_("New: nobody has read it yet"));
      break;
    case SOK_CASE_STATUS_OPEN:
      status = g_strdup (_("Open"));
      break;
    case SOK_CASE_STATUS_CLOSED:
    default:
      /* Translators: %s is how the case ended, e.g. "Resolved in school" */
      status = g_strdup_printf (_("Closed: %s"), sok_case_get_outcome_label (self->item->outcome));
      break;
    }
  if (self->item->kiosk_id != NULL)
    {
      /* Translators: a case's status, then which kiosk the report came from */
      char *with_kiosk = g_strdup_printf (_("%s · from kiosk %s"), status,
                                          self->item->kiosk_id);
      g_free (status);
      status = with_kiosk;
    }
  gtk_label_set_text (self->status_label, status);

  gtk_widget_set_visible (GTK_WIDGET (self->record_group), !closed);
  gtk_widget_set_visible (self->record_box, !closed);
  gtk_widget_set_visible (GTK_WIDGET (self->close_group), !closed);
  gtk_widget_set_visible (self->close_box, !closed);
  gtk_widget_set_visible (GTK_WIDGET (self->reopen_group), closed);
  gtk_widget_set_visible (self->reopen_box, closed);
}

static void
fill_report (SokCaseView *self)
{
  SokCaseReport *report = self->report;
  g_autofree char *when = sok_case_report_dup_when (report);
  gboolean urgent = report->urgent || self->item->urgent;

  gtk_widget_set_visible (GTK_WIDGET (self->urgent_banner), urgent);

  set_words_row (self, self->category_row, SOK_CHOICE_CATEGORY, report->category);
  set_row (self->risk_row, risk_area_label (report->risk_area));
  set_words_row (self, self->where_row, SOK_CHOICE_WHERE, report->where);
  set_words_row (self, self->feeling_row, SOK_CHOICE_FEELING, report->feeling);
  set_row (self->when_row, when);
  if (report->age_band != NULL)
    {
      /* Translators: an age band such as "7-9" */
      g_autofree char *age = g_strdup_printf (_("%s years old"), report->age_band);
      set_row (self->age_row, age);
    }
  else
    {
      set_row (self->age_row, _("Not given"));
    }

  if (!is_blank (report->text))
    {
      gtk_label_set_text (self->text_label, report->text);
      gtk_widget_remove_css_class (GTK_WIDGET (self->text_label), "dim-label");
    }
  else
    {
      gtk_label_set_text (self->text_label, _("The child did not write anything."));
      gtk_widget_add_css_class (GTK_WIDGET (self->text_label), "dim-label");
    }

  gtk_widget_set_visible (GTK_WIDGET (self->drawing_group), sok_case_report_has_drawing (report));
  gtk_widget_queue_draw (GTK_WIDGET (self->drawing_area));

  set_row (self->talk_row, report->wants_talk ? _("Yes: they want a grown-up to talk to them")
                                              : _("No"));
  if (report->name != NULL)
    set_row (self->who_row, report->name);
  else if (report->wants_talk)
    set_row (self->who_row, _("They did not say who they are"));
  else
    set_row (self->who_row, _("Anonymous"));
}

/* Reads the case's status, actions and audit trail again from the queue. */
static gboolean
refresh (SokCaseView  *self,
         GError      **error)
{
  SokQueueCase *item = sok_queue_get_case (self->queue, self->report_id, error);

  if (item == NULL)
    return FALSE;
  g_clear_pointer (&self->item, sok_queue_case_free);
  self->item = item;

  fill_status (self);
  fill_actions (self);
  fill_audit (self);
  return TRUE;
}

static void
show_message (GtkLabel   *label,
              const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
}

static void
after_change (SokCaseView *self,
              const char  *message)
{
  g_autoptr (GError) error = NULL;

  if (!refresh (self, &error))
    show_notice (self, error->message);
  else
    show_notice (self, message);
  g_signal_emit (self, signals[CHANGED], 0);
}

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static const char *
nullable_text (AdwEntryRow *row)
{
  const char *text = entry_text (row);

  return is_blank (text) ? NULL : text;
}

static void
kind_changed_cb (SokCaseView *self)
{
  guint n = 0;
  const SokCaseActionKind *kinds = sok_case_list_action_kinds (&n);
  guint selected = adw_combo_row_get_selected (self->kind_row);
  gboolean needs_reason = selected < n && kinds[selected].reason_required;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reason_row),
                                 needs_reason ? _("R_eason (needed)") : _("R_eason (if any)"));
}

/* Enter in a form's field does what its button does, as on the unlock page. */
static void
record_activated_cb (SokCaseView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "case.record", NULL);
}

static void
close_activated_cb (SokCaseView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "case.close", NULL);
}

static void
reopen_activated_cb (SokCaseView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "case.reopen", NULL);
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SokCaseView *self = SOK_CASE_VIEW (widget);
  g_autoptr (GError) error = NULL;
  guint n = 0;
  const SokCaseActionKind *kinds = sok_case_list_action_kinds (&n);
  guint selected = adw_combo_row_get_selected (self->kind_row);
  g_autofree char *message = NULL;

  if (self->item == NULL || selected >= n)
    return;

  if (is_blank (entry_text (self->by_row)))
    {
      show_message (self->record_message, _("Say who is recording this action."));
      return;
    }
  if (kinds[selected].reason_required && is_blank (entry_text (self->reason_row)))
    {
      show_message (self->record_message,
                    _("“No further action” needs a reason: say why nothing more is needed."));
      gtk_widget_grab_focus (GTK_WIDGET (self->reason_row));
      return;
    }

  if (!sok_queue_act (self->queue, self->report_id, kinds[selected].id,
                      entry_text (self->by_row), nullable_text (self->note_row),
                      nullable_text (self->reason_row), &error))
    {
      show_message (self->record_message, error->message);
      return;
    }

  show_message (self->record_message, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->note_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
  /* Translators: a short confirmation; %s is an action such as "Spoke with the child" */
  message = g_strdup_printf (_("Recorded: %s"), _(kinds[selected].label));
  after_change (self, message);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SokCaseView *self = SOK_CASE_VIEW (widget);
  g_autoptr (GError) error = NULL;
  guint n = 0;
  const SokCaseOutcome *outcomes = sok_case_list_outcomes (&n);
  guint selected = adw_combo_row_get_selected (self->outcome_row);

  if (self->item == NULL)
    return;

  /* The first entry is "Choose an outcome". */
  if (selected == 0 || selected > n)
    {
      show_message (self->close_message, _("Choose an outcome before closing the case."));
      return;
    }
  if (is_blank (entry_text (self->by_row)))
    {
      show_message (self->close_message, _("Say who is closing the case (Recorded by)."));
      return;
    }

  if (!sok_queue_close_case (self->queue, self->report_id, outcomes[selected - 1].id,
                             entry_text (self->by_row), nullable_text (self->close_note_row),
                             &error))
    {
      show_message (self->close_message, error->message);
      return;
    }

  show_message (self->close_message, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->close_note_row), "");
  adw_combo_row_set_selected (self->outcome_row, 0);
  after_change (self, _("The case is closed"));
  /* The form the keyboard was in has gone: the keyboard goes to the one in its
   * place, rather than nowhere. */
  gtk_widget_grab_focus (GTK_WIDGET (self->reopen_reason_row));
}

static void
reopen_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SokCaseView *self = SOK_CASE_VIEW (widget);
  g_autoptr (GError) error = NULL;

  if (self->item == NULL)
    return;

  if (is_blank (entry_text (self->reopen_reason_row)))
    {
      show_message (self->reopen_message, _("Say why the case is reopened."));
      return;
    }

  if (!sok_queue_reopen_case (self->queue, self->report_id, self->actor,
                              entry_text (self->reopen_reason_row), &error))
    {
      show_message (self->reopen_message, error->message);
      return;
    }

  show_message (self->reopen_message, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->reopen_reason_row), "");
  after_change (self, _("The case is open again"));
  gtk_widget_grab_focus (GTK_WIDGET (self->kind_row));
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  SokCaseView *self = user_data;
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  file = sok_file_chooser_take_file (&self->chooser, response);
  if (file == NULL || self->report == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_notice (self, _("Choose a file on this computer to export to."));
      return;
    }

  if (!sok_case_view_export_to (self, self->export_format, path, &error))
    show_notice (self, error->message);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SokCaseView *self = SOK_CASE_VIEW (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  gboolean pdf = g_strcmp0 (format, "pdf") == 0;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (self->report == NULL || self->chooser != NULL)
    return;

  self->export_format = pdf ? SOK_CASE_EXPORT_PDF : SOK_CASE_EXPORT_CSV;
  /* The file name carries the report's id only: nothing the child said. */
  name = g_strdup_printf ("report-%.8s.%s", self->report_id, pdf ? "pdf" : "csv");

  gtk_file_filter_set_name (filter, pdf ? _("PDF documents") : _("CSV spreadsheets"));
  gtk_file_filter_add_suffix (filter, pdf ? "pdf" : "csv");

  self->chooser = sok_file_chooser_show (widget, GTK_FILE_CHOOSER_ACTION_SAVE,
                                         pdf ? _("Export the case as PDF")
                                             : _("Export the case as CSV"),
                                         _("_Export"), filter, name,
                                         G_CALLBACK (export_response_cb), self);
}

static void
sok_case_view_dispose (GObject *object)
{
  SokCaseView *self = SOK_CASE_VIEW (object);

  sok_case_view_clear (self);
  sok_file_chooser_clear (&self->chooser);

  /* The bin's child is the template's top widget: let the bin drop it first, or
   * both would unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SOK_TYPE_CASE_VIEW);

  G_OBJECT_CLASS (sok_case_view_parent_class)->dispose (object);
}

static void
sok_case_view_class_init (SokCaseViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sok_case_view_dispose;

  /**
   * SokCaseView::changed:
   *
   * An action, a closing, a reopening or an export was recorded on the case.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/safeonlinekiosk/Dsl/sok-case-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, scroller);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, urgent_banner);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, signature_banner);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, heading);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, status_label);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, category_row);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, risk_row);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, where_row);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, feeling_row);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, when_row);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, age_row);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, text_label);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, drawing_group);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, drawing_area);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, talk_row);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, who_row);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, actions_list);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, record_group);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, kind_row);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, by_row);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, note_row);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, reason_row);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, record_box);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, record_message);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, close_group);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, close_note_row);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, close_box);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, close_message);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, reopen_group);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, reopen_reason_row);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, reopen_box);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, reopen_message);
  gtk_widget_class_bind_template_child (widget_class, SokCaseView, audit_list);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, record_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, reopen_activated_cb);

  gtk_widget_class_install_action (widget_class, "case.record", NULL, record_action);
  gtk_widget_class_install_action (widget_class, "case.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "case.reopen", NULL, reopen_action);
  gtk_widget_class_install_action (widget_class, "case.export", "s", export_action);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sok_case_view_init (SokCaseView *self)
{
  g_autoptr (GtkStringList) kinds_model = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) outcomes_model = gtk_string_list_new (NULL);
  const SokCaseActionKind *kinds;
  const SokCaseOutcome *outcomes;
  guint n = 0;

  gtk_widget_init_template (GTK_WIDGET (self));

  kinds = sok_case_list_action_kinds (&n);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (kinds_model, _(kinds[i].label));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds_model));

  /* Closing needs an outcome chosen on purpose, so none is chosen at first. */
  gtk_string_list_append (outcomes_model, _("Choose an outcome…"));
  outcomes = sok_case_list_outcomes (&n);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (outcomes_model, _(outcomes[i].label));
  adw_combo_row_set_model (self->outcome_row, G_LIST_MODEL (outcomes_model));

  gtk_drawing_area_set_draw_func (self->drawing_area, draw_cb, self, NULL);
  kind_changed_cb (self);
}

SokCaseView *
sok_case_view_new (void)
{
  return g_object_new (SOK_TYPE_CASE_VIEW, NULL);
}

/* The id of the report shown, or NULL. */
const char *
sok_case_view_get_report_id (SokCaseView *self)
{
  g_return_val_if_fail (SOK_IS_CASE_VIEW (self), NULL);

  return self->report_id;
}

/* What a report's signature state means for the DSL reading it, in plain words; NULL
 * when the report came from an approved kiosk and nothing needs saying. */
static char *
dup_signature_warning (SokSignatureState  state,
                       const char        *kiosk_key)
{
  g_autofree char *words = NULL;

  switch (state)
    {
    case SOK_SIGNATURE_VALID:
      return NULL;
    case SOK_SIGNATURE_MISSING:
      return g_strdup (_("This report is not signed by a kiosk. It may not have come from "
                         "one of the school's kiosks."));
    case SOK_SIGNATURE_INVALID:
      return g_strdup (_("This report's signature does not match. It may have been forged "
                         "or changed."));
    case SOK_SIGNATURE_UNAPPROVED:
      words = kiosk_key != NULL ? sok_kiosk_dup_fingerprint_words (kiosk_key) : NULL;
      return g_strdup_printf (_("This report comes from a kiosk you have not approved yet: "
                                "%s. Compare these words with the kiosk's, then approve it under Kiosks."),
                              words != NULL ? words : _("unknown kiosk"));
    case SOK_SIGNATURE_REVOKED:
      return g_strdup (_("This report comes from a kiosk you revoked."));
    default:
      return g_strdup_printf (_("This report's signature could not be checked (%s)."),
                              sok_signature_state_describe (state));
    }
}

/* Checks who signed the report against the approved kiosks, as sokctl queue show does,
 * and says so at the top when it is not an approved kiosk. */
static void
show_signature (SokCaseView *self)
{
  g_autoptr (GError) error = NULL;
  SokKioskRegistry *registry;
  SokSignatureState state;
  g_autofree char *warning = NULL;

  registry = sok_kiosk_registry_load (self->queue, self->key, &error);
  if (registry == NULL)
    {
      g_warning ("Could not load the approved kiosks: %s", error->message);
      state = SOK_SIGNATURE_UNREADABLE;
    }
  else
    {
      state = sok_case_report_check_signature (self->report, registry,
                                               self->item != NULL ? self->item->received_at : 0);
      sok_case_remember_signature (self->queue, self->key, registry, self->report, NULL);
      sok_kiosk_registry_free (registry);
    }

  warning = dup_signature_warning (state, self->report->kiosk_key);
  gtk_label_set_label (self->signature_banner, warning != NULL ? warning : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->signature_banner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, warning != NULL ? warning : "",
                                  -1);
  gtk_widget_set_visible (GTK_WIDGET (self->signature_banner), warning != NULL);
}

/**
 * sok_case_view_show_case:
 * @key: (transfer none): the DSL's key; it must outlive the view's showing of the
 *   case (sok_case_view_clear() before freeing it)
 * @content: (transfer none) (nullable): the report choices, to turn ids into words
 * @actor: who is reading, for the audit log
 *
 * Opens a report (which records that @actor read it) and shows it.
 */
gboolean
sok_case_view_show_case (SokCaseView       *self,
                         SokQueue          *queue,
                         SokDslKey         *key,
                         SokReportContent  *content,
                         const char        *actor,
                         const char        *report_id,
                         GError           **error)
{
  g_autoptr (SokCaseReport) report = NULL;

  g_return_val_if_fail (SOK_IS_CASE_VIEW (self), FALSE);
  g_return_val_if_fail (SOK_IS_QUEUE (queue), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (report_id != NULL, FALSE);

  sok_case_view_clear (self);

  report = sok_case_open (queue, key, report_id, actor, error);
  if (report == NULL)
    return FALSE;

  self->queue = g_object_ref (queue);
  self->key = key;
  self->content = content;
  self->actor = g_strdup (actor);
  self->report_id = g_strdup (report_id);
  self->report = g_steal_pointer (&report);

  if (!refresh (self, error))
    {
      sok_case_view_clear (self);
      return FALSE;
    }
  fill_report (self);
  show_signature (self);

  gtk_editable_set_text (GTK_EDITABLE (self->by_row), actor);
  adw_combo_row_set_selected (self->kind_row, 0);
  adw_combo_row_set_selected (self->outcome_row, 0);
  show_message (self->record_message, NULL);
  show_message (self->close_message, NULL);
  show_message (self->reopen_message, NULL);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);

  return TRUE;
}

/* The keyboard into the report shown, to its first field: a screen reader says the
 * report's heading (the view's name) and then the field. */
void
sok_case_view_focus_report (SokCaseView *self)
{
  g_return_if_fail (SOK_IS_CASE_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->category_row));
}

/* Forgets the report shown and wipes what the child wrote from the screen. */
void
sok_case_view_clear (SokCaseView *self)
{
  g_return_if_fail (SOK_IS_CASE_VIEW (self));

  g_clear_pointer (&self->report, sok_case_report_free);
  g_clear_pointer (&self->item, sok_queue_case_free);
  g_clear_pointer (&self->report_id, g_free);
  g_clear_pointer (&self->actor, g_free);
  g_clear_object (&self->queue);
  self->key = NULL;
  self->content = NULL;

  if (self->text_label == NULL)
    return;  /* disposed */

  gtk_label_set_text (self->text_label, "");
  set_subtitle (self->who_row, "");
  gtk_editable_set_text (GTK_EDITABLE (self->note_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->close_note_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->reopen_reason_row), "");
  remove_all_rows (self->actions_list);
  remove_all_rows (self->audit_list);
}

/**
 * sok_case_view_export_to:
 * @path: the file the DSL chose
 *
 * Exports the case shown (core records the export in the audit log) and says so.
 */
gboolean
sok_case_view_export_to (SokCaseView          *self,
                         SokCaseExportFormat   format,
                         const char           *path,
                         GError              **error)
{
  g_return_val_if_fail (SOK_IS_CASE_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (self->report != NULL, FALSE);

  if (!sok_case_export (self->queue, self->report, self->content, self->actor, format, path,
                        error))
    return FALSE;

  after_change (self, _("Exported. Keep the file as safe as the school’s safeguarding records."));
  return TRUE;
}
