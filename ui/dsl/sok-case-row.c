/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-case-row"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-case.h"
#include "sok-case-row.h"

/* A row of the console's queue list. It keeps its case (a copy of the queue's
 * listing) for the list to sort and filter by, and shows only what lies outside the
 * seal: whether it is urgent, when it arrived (to the half-day), its status and the
 * kiosk it came from. Its button acts "win.open-case" with the report's id.
 *
 * It also shows who signed the report, once the window has checked (in a worker
 * thread, sok-dsl-window-queue.c): a report not signed by an approved kiosk carries
 * a red tag saying why, and a screen reader hears it in the row's name, so such a
 * report is never mixed silently with the others. */
struct _SokCaseRow
{
  GtkListBoxRow      parent_instance;

  GtkButton         *button;
  GtkImage          *icon;
  GtkLabel          *title_label;
  GtkLabel          *subtitle_label;
  GtkLabel          *signature_label;

  SokQueueCase      *item;
  SokSignatureState  signature;
  gboolean           signature_known;
};

G_DEFINE_FINAL_TYPE (SokCaseRow, sok_case_row, GTK_TYPE_LIST_BOX_ROW)

/* "Today, morning", "Yesterday, afternoon", "Tue 3 Mar, morning" or "3 Nov 2025,
 * morning": a busy DSL reads the list at a glance. Spoken (for a screen reader) the
 * date is in full words: "Tuesday 3 March, morning". Never the minute: reports reach
 * the queue the moment they are sent, and the minute would tell who stood at the
 * kiosk (sok_case_format_received). */
static char *
format_received (gint64   usec,
                 gboolean spoken)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr (GDateTime) then = utc != NULL ? g_date_time_to_local (utc) : NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = NULL;
  gboolean morning;
  gboolean this_year;
  int days;

  if (then == NULL)
    return g_strdup ("?");

  morning = g_date_time_get_hour (then) < 12;
  this_year = g_date_time_get_year (now) == g_date_time_get_year (then);
  days = g_date_time_get_day_of_year (now) - g_date_time_get_day_of_year (then);
  if (this_year && days == 0)
    return g_strdup (morning ? _("Today, morning") : _("Today, afternoon"));
  if (this_year && days == 1)
    return g_strdup (morning ? _("Yesterday, morning") : _("Yesterday, afternoon"));
  if (this_year)
    /* Translators: the date of a report this year, in the list and as a screen reader
     * says it; see strftime */
    date = g_date_time_format (then, spoken ? _("%A %e %B") : _("%a %e %b"));
  else
    /* Translators: the date of a report of another year; see strftime */
    date = g_date_time_format (then, spoken ? _("%e %B %Y") : _("%e %b %Y"));
  /* Translators: a date, then the part of the day */
  return g_strdup_printf (morning ? _("%s, morning") : _("%s, afternoon"),
                          g_strstrip (date));
}

static char *
describe_status (const SokQueueCase *item)
{
  switch (item->status)
    {
    case SOK_CASE_STATUS_NEW:
      return g_strdup (_("New: not read yet"));
    case SOK_CASE_STATUS_OPEN:
      if (item->last_action != NULL)
        /* Translators: a case's status and its last action, e.g. "Open · Spoke with the child" */
        return g_strdup_printf (_("Open · %s"), sok_case_get_action_label (item->last_action));
      return g_strdup (_("Open"));
    case SOK_CASE_STATUS_CLOSED:
    default:
      /* Translators: %s is how the case ended */
      return g_strdup_printf (_("Closed · %s"), sok_case_get_outcome_label (item->outcome));
    }
}

/* The red tag on a report not signed by an approved kiosk: short, as it sits in a
 * narrow list; the report itself says more (sok-case-view.c). NULL for a report
 * from an approved kiosk. */
static const char *
signature_tag (SokSignatureState state)
{
  switch (state)
    {
    case SOK_SIGNATURE_VALID:
      return NULL;
    case SOK_SIGNATURE_MISSING:
      /* Translators: a red tag on a report in the list */
      return _("Not signed by a kiosk");
    case SOK_SIGNATURE_INVALID:
      /* Translators: a red tag on a report in the list whose kiosk signature does not
       * verify */
      return _("Kiosk signature does not match");
    case SOK_SIGNATURE_UNAPPROVED:
      /* Translators: a red tag on a report in the list */
      return _("Kiosk not approved");
    case SOK_SIGNATURE_REVOKED:
      /* Translators: a red tag on a report in the list */
      return _("Kiosk revoked");
    case SOK_SIGNATURE_UNREADABLE:
    default:
      /* Translators: a red tag on a report in the list that could not be opened */
      return _("Sender not checked");
    }
}

/* What a screen reader hears first in the row's description, for a report not
 * signed by an approved kiosk. */
static const char *
signature_sentence (SokSignatureState state)
{
  switch (state)
    {
    case SOK_SIGNATURE_VALID:
      return NULL;
    case SOK_SIGNATURE_MISSING:
      return _("It carries no kiosk signature.");
    case SOK_SIGNATURE_INVALID:
      return _("Its signature does not match: it may have been forged or changed.");
    case SOK_SIGNATURE_UNAPPROVED:
      return _("It is signed by a kiosk you have not approved.");
    case SOK_SIGNATURE_REVOKED:
      return _("It is signed by a kiosk you revoked.");
    case SOK_SIGNATURE_UNREADABLE:
    default:
      return _("It could not be opened to check who sent it.");
    }
}

/* What a screen reader says as the keyboard reaches the row: the same facts as the
 * row shows, in words, most important first, e.g. "Urgent, new: Tuesday 3 March,
 * morning" then "Not read yet. From kiosk hall." Not the category or anything else
 * from inside the seal: the list is read without opening the reports, and opening
 * one is recorded in its audit trail. A report not signed by an approved kiosk says
 * so at the end of its name ("… morning. Not signed by an approved kiosk") and why
 * at the start of its description. */
static void
describe_for_screen_reader (const SokQueueCase  *item,
                            const char          *signature,
                            char               **name,
                            char               **description)
{
  g_autofree char *received = format_received (item->received_at, TRUE);
  g_autofree char *status = NULL;
  g_autofree char *details = NULL;

  switch (item->status)
    {
    case SOK_CASE_STATUS_NEW:
      /* Translators: how a screen reader starts a report in the list */
      status = g_strdup (item->urgent ? _("Urgent, new") : _("New"));
      details = g_strdup (_("Not read yet."));
      break;
    case SOK_CASE_STATUS_OPEN:
      status = g_strdup (item->urgent ? _("Urgent, open") : _("Open"));
      if (item->last_action != NULL)
        /* Translators: said by a screen reader after a report in the list */
        details = g_strdup_printf (_("Last action: %s."),
                                   sok_case_get_action_label (item->last_action));
      else
        details = g_strdup (_("Nothing recorded yet."));
      break;
    case SOK_CASE_STATUS_CLOSED:
    default:
      status = g_strdup (item->urgent ? _("Urgent, closed") : _("Closed"));
      /* Translators: said by a screen reader after a closed report in the list */
      details = g_strdup_printf (_("Outcome: %s."), sok_case_get_outcome_label (item->outcome));
      break;
    }

  if (signature == NULL)
    /* Translators: a report in the list for a screen reader: its status, then when it
     * arrived, e.g. "Urgent, new: Tuesday 3 March, morning" */
    *name = g_strdup_printf (_("%s: %s"), status, received);
  else
    /* Translators: a report in the list for a screen reader that did not come from an
     * approved kiosk, e.g. "New: Tuesday 3 March, morning. Not signed by an approved
     * kiosk" */
    *name = g_strdup_printf (_("%s: %s. Not signed by an approved kiosk"), status, received);

  if (signature != NULL)
    {
      /* Translators: why a report is marked, then its details */
      g_autofree char *marked = g_strdup_printf (_("%s %s"), signature, details);

      g_free (details);
      details = g_steal_pointer (&marked);
    }
  if (item->kiosk_id != NULL)
    /* Translators: the details of a report, then which kiosk it came from */
    *description = g_strdup_printf (_("%s From kiosk %s."), details, item->kiosk_id);
  else
    *description = g_steal_pointer (&details);
}

static void
update (SokCaseRow *self)
{
  const SokQueueCase *item = self->item;
  g_autofree char *received = format_received (item->received_at, FALSE);
  g_autofree char *status = describe_status (item);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  const char *tag = self->signature_known ? signature_tag (self->signature) : NULL;
  /* Translators: a grey tag on a report in the list while the console checks, in the
   * background, which kiosk signed it */
  const char *pending = self->signature_known ? NULL : _("Checking who sent it…");

  if (item->urgent)
    /* Translators: a report in the list that the child marked "I need help now" */
    title = g_strdup_printf (_("Urgent · %s"), received);
  else
    title = g_strdup (received);
  if (item->kiosk_id != NULL)
    /* Translators: a report's status, then the kiosk it came from */
    subtitle = g_strdup_printf (_("%s · %s"), status, item->kiosk_id);
  else
    subtitle = g_strdup (status);

  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->subtitle_label, subtitle);

  /* The row is what the keyboard reaches; the button is what assistive technology
   * activates. Both say the same. */
  describe_for_screen_reader (item, tag != NULL ? signature_sentence (self->signature) : NULL,
                              &name, &description);
  gtk_label_set_text (self->signature_label, tag != NULL ? tag : pending != NULL ? pending : "");
  gtk_widget_set_visible (GTK_WIDGET (self->signature_label), tag != NULL || pending != NULL);
  if (pending != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->signature_label), "sok-pending");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->signature_label), "sok-pending");
  if (tag != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), "sok-unsigned");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "sok-unsigned");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  gtk_image_set_from_icon_name (self->icon,
                                item->urgent ? "dialog-warning-symbolic"
                                : item->status == SOK_CASE_STATUS_NEW ? "mail-unread-symbolic"
                                : item->status == SOK_CASE_STATUS_OPEN ? "document-open-symbolic"
                                : "object-select-symbolic");
  if (item->urgent)
    gtk_widget_add_css_class (GTK_WIDGET (self), "sok-urgent");
  if (item->status == SOK_CASE_STATUS_NEW)
    gtk_widget_add_css_class (GTK_WIDGET (self), "sok-new");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "sok-new");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->button), "s", item->report_id);
}

static void
sok_case_row_dispose (GObject *object)
{
  /* The button is the row's child as well as a template child: the row lets it go
   * first, or both would unparent it. */
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), SOK_TYPE_CASE_ROW);

  G_OBJECT_CLASS (sok_case_row_parent_class)->dispose (object);
}

static void
sok_case_row_finalize (GObject *object)
{
  SokCaseRow *self = SOK_CASE_ROW (object);

  g_clear_pointer (&self->item, sok_queue_case_free);

  G_OBJECT_CLASS (sok_case_row_parent_class)->finalize (object);
}

static void
sok_case_row_class_init (SokCaseRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sok_case_row_dispose;
  object_class->finalize = sok_case_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/safeonlinekiosk/Dsl/sok-case-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SokCaseRow, button);
  gtk_widget_class_bind_template_child (widget_class, SokCaseRow, icon);
  gtk_widget_class_bind_template_child (widget_class, SokCaseRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, SokCaseRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, SokCaseRow, signature_label);
}

static void
sok_case_row_init (SokCaseRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * sok_case_row_new:
 * @item: (transfer full): the case, as the queue listed it
 */
GtkWidget *
sok_case_row_new (SokQueueCase *item)
{
  SokCaseRow *self;

  g_return_val_if_fail (item != NULL, NULL);

  self = g_object_new (SOK_TYPE_CASE_ROW, NULL);
  sok_case_row_set_case (self, item);
  return GTK_WIDGET (self);
}

const SokQueueCase *
sok_case_row_get_case (SokCaseRow *self)
{
  g_return_val_if_fail (SOK_IS_CASE_ROW (self), NULL);

  return self->item;
}

const char *
sok_case_row_get_report_id (SokCaseRow *self)
{
  g_return_val_if_fail (SOK_IS_CASE_ROW (self), NULL);

  return self->item->report_id;
}

/**
 * sok_case_row_set_case:
 * @item: (transfer full): the same report as listed again, its status perhaps changed
 *
 * A report's urgency and arrival never change, so the row's place in a sorted list
 * changes only with its status; the caller tells the list when it did.
 */
void
sok_case_row_set_case (SokCaseRow   *self,
                       SokQueueCase *item)
{
  g_return_if_fail (SOK_IS_CASE_ROW (self));
  g_return_if_fail (item != NULL);

  g_clear_pointer (&self->item, sok_queue_case_free);
  self->item = item;
  update (self);
}

/**
 * sok_case_row_set_signature:
 * @known: whether the report's signature has been checked yet
 *
 * Marks the row, in red and in what a screen reader says, when the report is not
 * signed by an approved kiosk.
 */
void
sok_case_row_set_signature (SokCaseRow        *self,
                            gboolean           known,
                            SokSignatureState  state)
{
  g_return_if_fail (SOK_IS_CASE_ROW (self));

  if (self->signature_known == known && (!known || self->signature == state))
    return;
  self->signature_known = known;
  self->signature = state;
  update (self);
}

/**
 * sok_case_row_get_signature:
 *
 * Returns: %FALSE when the row's signature has not been checked; else %TRUE, with
 *   @state set
 */
gboolean
sok_case_row_get_signature (SokCaseRow        *self,
                            SokSignatureState *state)
{
  g_return_val_if_fail (SOK_IS_CASE_ROW (self), FALSE);

  if (state)
    *state = self->signature;
  return self->signature_known;
}
