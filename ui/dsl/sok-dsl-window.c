/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-dsl-window"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sok-case.h"
#include "sok-config.h"
#include "sok-dsl-window.h"
#include "sok-stack.h"
#include "sok-report-content.h"
#include "sok-stats.h"

/* The console's one window. Locked, it shows the unlock page (and how many urgent
 * reports wait, which the queue knows without the key). Unlocked, it is a leaflet:
 * the queue on the left, a report or the governors' figures on the right. The queue
 * is watched all the time, so a new urgent report raises a desktop notification
 * even while the console is locked. After idle_seconds without input it locks and
 * forgets the key and everything it showed. */
struct _SokDslWindow
{
  AdwApplicationWindow  parent_instance;

  GtkRevealer          *notice_revealer;
  GtkLabel             *notice_label;
  GtkStack             *stack;
  GtkRevealer          *locked_alert_revealer;
  GtkLabel             *locked_alert_label;
  SokUnlockPage        *unlock_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkWidget            *content;
  AdwWindowTitle       *queue_title;
  GtkToggleButton      *filter_new;
  GtkToggleButton      *filter_open;
  GtkToggleButton      *filter_closed;
  GtkListBox           *case_list;
  AdwWindowTitle       *content_title;
  GtkStack             *content_stack;
  AdwStatusPage        *empty_page;
  SokCaseView          *case_view;
  SokGovernorsPage     *governors_page;

  char                 *data_dir;
  char                 *queue_uri;
  char                 *key_path;
  gboolean              key_path_is_default;
  guint                 idle_seconds;

  SokQueue             *queue;
  GError               *queue_error;
  GSource              *watch;
  GHashTable           *known_ids;     /* report ids seen, to tell arrivals */
  GHashTable           *rows;          /* report id → its row in the list */
  GPtrArray            *listing;       /* the queue's cases as last read */
  gboolean              listed_once;
  guint                 n_alerts;

  SokDslKey            *key;
  char                 *actor;
  SokReportContent     *content_words;
  char                 *school_name;

  gint64                last_input;
  guint                 idle_id;
  guint                 notice_id;
  guint                 reread_id;
  gboolean              idle_warned;
};

G_DEFINE_FINAL_TYPE (SokDslWindow, sok_dsl_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DATA_DIR,
  PROP_QUEUE_URI,
  PROP_KEY_PATH,
  PROP_IDLE_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* How long a notice stays, in seconds. */
#define NOTICE_SECONDS 5

static void
dismiss_notice (SokDslWindow *self)
{
  g_clear_handle_id (&self->notice_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->notice_revealer, FALSE);
}

static gboolean
notice_timeout_cb (gpointer user_data)
{
  SokDslWindow *self = user_data;

  self->notice_id = 0;
  gtk_revealer_set_reveal_child (self->notice_revealer, FALSE);
  return G_SOURCE_REMOVE;
}

/* A short notice at the foot of the window: the newest only, gone after a few
 * seconds and at once when the console locks (it may name an action). Not
 * AdwToast: libadwaita 1.2 crashed when toasts followed one another quickly. */
static void
show_notice (SokDslWindow *self,
       const char   *message)
{
  gtk_label_set_text (self->notice_label, message);
  gtk_revealer_set_reveal_child (self->notice_revealer, TRUE);
  g_clear_handle_id (&self->notice_id, g_source_remove);
  self->notice_id = g_timeout_add_seconds (NOTICE_SECONDS, notice_timeout_cb, self);
}

static void
dismiss_notice_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  dismiss_notice (SOK_DSL_WINDOW (widget));
}

static void
notice_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  show_notice (SOK_DSL_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static SokCaseFilter
current_filter (SokDslWindow *self)
{
  SokCaseFilter filter = 0;

  if (gtk_toggle_button_get_active (self->filter_new))
    filter |= SOK_CASE_FILTER_NEW;
  if (gtk_toggle_button_get_active (self->filter_open))
    filter |= SOK_CASE_FILTER_OPEN;
  if (gtk_toggle_button_get_active (self->filter_closed))
    filter |= SOK_CASE_FILTER_CLOSED;
  return filter;
}

/* "Today, morning", "Yesterday, afternoon" or "3 Nov 2026, morning": a busy DSL reads
 * the list at a glance. Never the minute: reports reach the queue the moment they are
 * sent, and the minute would tell who stood at the kiosk (sok_case_format_received). */
static char *
format_received (gint64 usec)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr (GDateTime) then = utc != NULL ? g_date_time_to_local (utc) : NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = NULL;
  gboolean morning;
  int days;

  if (then == NULL)
    return g_strdup ("?");

  morning = g_date_time_get_hour (then) < 12;
  days = g_date_time_get_day_of_year (now) - g_date_time_get_day_of_year (then);
  if (g_date_time_get_year (now) == g_date_time_get_year (then) && days == 0)
    return g_strdup (morning ? _("Today, morning") : _("Today, afternoon"));
  if (g_date_time_get_year (now) == g_date_time_get_year (then) && days == 1)
    return g_strdup (morning ? _("Yesterday, morning") : _("Yesterday, afternoon"));
  /* Translators: a date for a report in the list; see strftime */
  date = g_date_time_format (then, _("%e %b %Y"));
  /* Translators: a date, then the part of the day */
  return g_strdup_printf (morning ? _("%s, morning") : _("%s, afternoon"), g_strstrip (date));
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

/* A row of the list shows only what lies outside the seal. It keeps its case (the
 * queue's listing) for sorting and filtering. */
static const SokQueueCase *
row_get_case (GtkListBoxRow *row)
{
  return g_object_get_data (G_OBJECT (row), "sok-case");
}

static void
update_row (GtkWidget    *row,
            SokQueueCase *item)
{
  g_autofree char *received = format_received (item->received_at);
  g_autofree char *status = describe_status (item);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *name = NULL;
  GtkImage *icon = g_object_get_data (G_OBJECT (row), "sok-icon");
  GtkLabel *title_label = g_object_get_data (G_OBJECT (row), "sok-title");
  GtkLabel *subtitle_label = g_object_get_data (G_OBJECT (row), "sok-subtitle");
  GtkWidget *button = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));

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

  gtk_label_set_text (title_label, title);
  gtk_label_set_text (subtitle_label, subtitle);
  /* Translators: how a screen reader names a report in the list: its title, then
   * its status */
  name = g_strdup_printf (_("%s, %s"), title, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  gtk_image_set_from_icon_name (icon, item->urgent ? "dialog-warning-symbolic"
                                      : item->status == SOK_CASE_STATUS_NEW ? "mail-unread-symbolic"
                                      : item->status == SOK_CASE_STATUS_OPEN ? "document-open-symbolic"
                                      : "object-select-symbolic");
  if (item->urgent)
    gtk_widget_add_css_class (row, "sok-urgent");
  if (item->status == SOK_CASE_STATUS_NEW)
    gtk_widget_add_css_class (row, "sok-new");
  else
    gtk_widget_remove_css_class (row, "sok-new");

  g_object_set_data_full (G_OBJECT (row), "sok-case", item, (GDestroyNotify)sok_queue_case_free);
}

static void open_case (SokDslWindow *self,
                       const char   *report_id);

static void
case_button_clicked_cb (GtkButton    *button,
                        SokDslWindow *self)
{
  GtkWidget *row = gtk_widget_get_parent (GTK_WIDGET (button));
  const char *report_id = sok_dsl_window_get_row_report_id (GTK_LIST_BOX_ROW (row));

  if (report_id != NULL && self->key != NULL)
    {
      gtk_list_box_select_row (self->case_list, GTK_LIST_BOX_ROW (row));
      open_case (self, report_id);
    }
}

/* A row is one flat button: a pointer, a finger, the keyboard and assistive
 * technology (which cannot activate a list row in GTK 4.8) all open the report. */
static GtkWidget *
case_row_new (SokDslWindow *self,
              SokQueueCase *item)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "sok-case-button");
  gtk_widget_add_css_class (title, "sok-row-title");
  gtk_widget_add_css_class (subtitle, "sok-row-subtitle");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  /* The words say it all; the picture is decoration. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), subtitle);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), button);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_signal_connect_object (button, "clicked", G_CALLBACK (case_button_clicked_cb), self, 0);

  g_object_set_data (G_OBJECT (row), "sok-icon", icon);
  g_object_set_data (G_OBJECT (row), "sok-title", title);
  g_object_set_data (G_OBJECT (row), "sok-subtitle", subtitle);
  update_row (row, item);
  return row;
}

/* Urgent first, then newest. A report never moves: both are fixed when it arrives. */
static int
sort_rows (GtkListBoxRow *row1,
           GtkListBoxRow *row2,
           gpointer       user_data)
{
  const SokQueueCase *a = row_get_case (row1);
  const SokQueueCase *b = row_get_case (row2);

  if (a->urgent != b->urgent)
    return a->urgent ? -1 : 1;
  if (a->received_at != b->received_at)
    return a->received_at > b->received_at ? -1 : 1;
  return g_strcmp0 (a->report_id, b->report_id);
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       user_data)
{
  SokDslWindow *self = user_data;

  return (current_filter (self) & (1 << row_get_case (row)->status)) != 0;
}

const char *
sok_dsl_window_get_row_report_id (GtkListBoxRow *row)
{
  g_return_val_if_fail (GTK_IS_LIST_BOX_ROW (row), NULL);

  return row_get_case (row) != NULL ? row_get_case (row)->report_id : NULL;
}

static void
clear_list (SokDslWindow *self)
{
  GtkWidget *child;

  g_hash_table_remove_all (self->rows);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->case_list))) != NULL)
    gtk_list_box_remove (self->case_list, child);
}

static void
update_locked_alert (SokDslWindow *self,
                     guint         n_urgent_new)
{
  g_autofree char *text = NULL;

  if (n_urgent_new > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u urgent report has not been read yet. Unlock "
                                         "to read it.",
                                         "%u urgent reports have not been read yet. Unlock "
                                         "to read them.",
                                         n_urgent_new),
                            n_urgent_new);
  gtk_label_set_text (self->locked_alert_label, text != NULL ? text : "");
  gtk_revealer_set_reveal_child (self->locked_alert_revealer, n_urgent_new > 0);
}

static void
notify_urgent (SokDslWindow *self)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr (GNotification) notification = NULL;

  self->n_alerts++;
  if (app == NULL)
    return;

  /* Nothing from inside the seal: the notification may show on a shared screen. */
  notification = g_notification_new (_("Urgent report"));
  g_notification_set_body (notification,
                           _("A child asked for help now. Open the DSL console to read "
                             "the report."));
  /* Without a default action, clicking it brings the console forward. */
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_URGENT);
  g_application_send_notification (app, "urgent-report", notification);
}

static SokQueueCase *
copy_case (const SokQueueCase *item)
{
  SokQueueCase *copy = g_new0 (SokQueueCase, 1);

  *copy = *item;
  copy->report_id = g_strdup (item->report_id);
  copy->kiosk_id = g_strdup (item->kiosk_id);
  copy->outcome = g_strdup (item->outcome);
  copy->last_action = g_strdup (item->last_action);
  return copy;
}

/* Brings the list's rows in line with the last listing of the queue. Rows are kept
 * and updated in place, and made only for reports the filter shows (a school's
 * closed cases of past years would cost seconds to draw); the list sorts and
 * filters itself. */
static void
sync_rows (SokDslWindow *self)
{
  g_autoptr (GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  SokCaseFilter filter = current_filter (self);
  GHashTableIter iter;
  gpointer key, value;

  if (self->listing == NULL || self->key == NULL)
    return;

  /* Sorting each new row as it comes costs seconds for hundreds of rows: they are
   * added unsorted and the list sorted once. */
  gtk_list_box_set_sort_func (self->case_list, NULL, NULL, NULL);
  for (guint i = 0; i < self->listing->len; i++)
    {
      SokQueueCase *item = g_ptr_array_index (self->listing, i);
      GtkWidget *row = g_hash_table_lookup (self->rows, item->report_id);
      gboolean status_changed;

      g_hash_table_add (listed, item->report_id);
      if (row == NULL)
        {
          if (!(filter & (1 << item->status)))
            continue;
          row = case_row_new (self, copy_case (item));
          g_hash_table_insert (self->rows, g_strdup (item->report_id), row);
          gtk_list_box_append (self->case_list, row);
          continue;
        }
      status_changed = row_get_case (GTK_LIST_BOX_ROW (row))->status != item->status;
      update_row (row, copy_case (item));
      if (status_changed)
        gtk_list_box_row_changed (GTK_LIST_BOX_ROW (row));
    }

  /* Reports taken out of the queue (by its owner) leave the list too. */
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (listed, key))
      {
        gtk_list_box_remove (self->case_list, value);
        g_hash_table_iter_remove (&iter);
      }
  gtk_list_box_set_sort_func (self->case_list, sort_rows, NULL, NULL);
}

/* Reads the queue: notices arrivals (alerting for urgent ones), counts urgent unread
 * reports for the lock screen and, when unlocked, rebuilds the list. Only what lies
 * outside the seal is read, so it works while locked. */
static void
read_queue (SokDslWindow *self)
{
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GError) error = NULL;
  guint n_urgent_new = 0, n_new = 0;
  gboolean alert = FALSE;

  if (self->queue == NULL)
    return;

  all = sok_queue_list_cases (self->queue, SOK_CASE_FILTER_ALL, &error);
  if (all == NULL)
    {
      /* The queue may be briefly out of reach (a PostgreSQL restart); say so and
       * keep what is shown. */
      if (self->key != NULL)
        show_notice (self, error->message);
      else
        sok_unlock_page_set_message (self->unlock_page, error->message);
      return;
    }

  for (guint i = 0; i < all->len; i++)
    {
      SokQueueCase *item = g_ptr_array_index (all, i);

      if (item->status == SOK_CASE_STATUS_NEW)
        {
          n_new++;
          if (item->urgent)
            n_urgent_new++;
        }
      if (!g_hash_table_contains (self->known_ids, item->report_id))
        {
          g_hash_table_add (self->known_ids, g_strdup (item->report_id));
          if (self->listed_once && item->urgent && item->status == SOK_CASE_STATUS_NEW)
            alert = TRUE;
        }
    }
  self->listed_once = TRUE;
  if (alert)
    notify_urgent (self);

  update_locked_alert (self, n_urgent_new);

  if (self->key == NULL)
    return;

  {
    g_autofree char *subtitle = NULL;

    if (n_new > 0)
      /* Translators: under "Reports" in the list's header */
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new", "%u new", n_new),
                                  n_new);
    adw_window_title_set_subtitle (self->queue_title, subtitle != NULL ? subtitle : "");
  }

  g_clear_pointer (&self->listing, g_ptr_array_unref);
  self->listing = g_steal_pointer (&all);
  sync_rows (self);
}

static void
queue_news_cb (SokQueue *queue,
               gpointer  user_data)
{
  read_queue (SOK_DSL_WINDOW (user_data));
}

static gboolean
open_queue (SokDslWindow *self)
{
  g_autoptr (GError) error = NULL;

  if (self->queue != NULL)
    return TRUE;

  g_clear_error (&self->queue_error);
  if (self->queue_uri == NULL)
    return FALSE;

  self->queue = sok_queue_open (self->queue_uri, SOK_QUEUE_ROLE_DSL, &self->queue_error);
  if (self->queue == NULL)
    {
      sok_unlock_page_set_message (self->unlock_page, self->queue_error->message);
      return FALSE;
    }

  self->watch = sok_queue_create_watch (self->queue, queue_news_cb, self, NULL, &error);
  if (self->watch != NULL)
    g_source_attach (self->watch, NULL);
  else
    g_message ("New reports will show only when the list is refreshed: %s", error->message);

  read_queue (self);
  return TRUE;
}

static void
show_content (SokDslWindow *self,
              const char   *name)
{
  gtk_stack_set_visible_child_name (self->content_stack, name);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
open_case (SokDslWindow *self,
           const char   *report_id)
{
  g_autoptr (GError) error = NULL;

  sok_governors_page_clear (self->governors_page);
  if (!sok_case_view_show_case (self->case_view, self->queue, self->key, self->content_words,
                                self->actor, report_id, &error))
    {
      show_notice (self, error->message);
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      return;
    }

  adw_window_title_set_title (self->content_title, _("Report"));
  adw_window_title_set_subtitle (self->content_title, "");
  show_content (self, "case");
  /* Opening a new report made it open: the list says so. */
  read_queue (self);
}

static void
filter_toggled_cb (SokDslWindow *self)
{
  sync_rows (self);
  gtk_list_box_invalidate_filter (self->case_list);
}

static void
case_changed_cb (SokDslWindow *self)
{
  read_queue (self);
}

/* Deputies may act on cases from their own consoles, and the queue announces only
 * new reports: the list is read again now and then to stay true. */
#define REREAD_SECONDS 30

static gboolean
reread_cb (gpointer user_data)
{
  read_queue (SOK_DSL_WINDOW (user_data));
  return G_SOURCE_CONTINUE;
}

static void
stop_idle_timer (SokDslWindow *self)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->reread_id, g_source_remove);
}

void
sok_dsl_window_lock (SokDslWindow *self)
{
  g_return_if_fail (SOK_IS_DSL_WINDOW (self));

  stop_idle_timer (self);
  dismiss_notice (self);

  /* The views hold what the child wrote and borrow the key: clear them first. */
  sok_case_view_clear (self->case_view);
  sok_governors_page_clear (self->governors_page);
  clear_list (self);
  g_clear_pointer (&self->key, sok_dsl_key_free);
  g_clear_pointer (&self->actor, g_free);

  gtk_stack_set_visible_child_name (self->content_stack, "empty");
  adw_window_title_set_title (self->content_title, "");
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  sok_unlock_page_forget (self->unlock_page);
  gtk_stack_set_visible_child_name (self->stack, "unlock");

  read_queue (self);
}

/* Seconds before locking when the DSL is warned. */
#define IDLE_WARNING_SECONDS 30

static gboolean
idle_check_cb (gpointer user_data)
{
  SokDslWindow *self = user_data;
  gint64 idle = g_get_monotonic_time () - self->last_input;
  gint64 limit = (gint64)self->idle_seconds * G_USEC_PER_SEC;

  if (idle < limit - IDLE_WARNING_SECONDS * G_USEC_PER_SEC)
    self->idle_warned = FALSE;
  else if (!self->idle_warned && idle < limit && self->idle_seconds > 2 * IDLE_WARNING_SECONDS)
    {
      self->idle_warned = TRUE;
      show_notice (self, _("The console locks in 30 seconds unless you use it."));
    }

  if (idle >= limit)
    {
      self->idle_id = 0;
      sok_dsl_window_lock (self);
      sok_unlock_page_set_message (self->unlock_page,
                                   _("The console locked itself after a while without use."));
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* Each controller's signal has its own signature; all of them only note the time and
 * let the event go on to the widget it was meant for. A handler that returned nothing
 * on a gboolean signal once swallowed every key press in the console. */
static void
note_input (SokDslWindow *self)
{
  self->last_input = g_get_monotonic_time ();
}

static gboolean
key_input_cb (GtkEventControllerKey *controller,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              SokDslWindow          *self)
{
  note_input (self);
  return GDK_EVENT_PROPAGATE;
}

static void
click_input_cb (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y,
                SokDslWindow    *self)
{
  note_input (self);
}

static void
motion_input_cb (GtkEventControllerMotion *controller,
                 double                    x,
                 double                    y,
                 SokDslWindow             *self)
{
  note_input (self);
}

static void
scroll_begin_input_cb (GtkEventControllerScroll *controller,
                       SokDslWindow             *self)
{
  note_input (self);
}

static gboolean
scroll_input_cb (GtkEventControllerScroll *controller,
                 double                    dx,
                 double                    dy,
                 SokDslWindow             *self)
{
  note_input (self);
  return GDK_EVENT_PROPAGATE;
}

/* The console's own settings on the DSL's computer: which key and which name were
 * used last, so that a busy DSL types only the passphrase. */
static char *
dup_choices_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "safe-online-kiosk", "dsl-console.ini",
                           NULL);
}

static void
remember_choices (SokDslWindow *self)
{
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = dup_choices_path ();
  g_autofree char *dir = g_path_get_dirname (path);

  g_key_file_set_string (keyfile, "console", "key", sok_unlock_page_get_key_path (self->unlock_page));
  g_key_file_set_string (keyfile, "console", "name", self->actor);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_key_file_save_to_file (keyfile, path, &error))
    g_message ("The console could not remember the key and name for next time: %s",
               error != NULL ? error->message : g_strerror (errno));
}

static void
recall_choices (SokDslWindow *self)
{
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *path = dup_choices_path ();
  g_autofree char *key_path = NULL;
  g_autofree char *name = NULL;

  if (!g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, NULL))
    return;

  /* A key given on the command line wins; a remembered one only if it is still there. */
  key_path = g_key_file_get_string (keyfile, "console", "key", NULL);
  if (self->key_path_is_default && key_path != NULL && g_file_test (key_path, G_FILE_TEST_EXISTS))
    sok_unlock_page_set_key_path (self->unlock_page, key_path);
  name = g_key_file_get_string (keyfile, "console", "name", NULL);
  if (name != NULL && *name != '\0')
    sok_unlock_page_set_actor (self->unlock_page, name);
}

static void
unlocked_cb (SokDslWindow *self)
{
  g_autoptr (SokDslKey) key = sok_unlock_page_steal_key (self->unlock_page);

  if (key == NULL)
    return;

  if (!open_queue (self))
    {
      if (self->queue_error == NULL)
        sok_unlock_page_set_message (self->unlock_page,
                                     _("No DSL queue is set. Start the console with "
                                       "--queue URI."));
      return;
    }

  self->key = g_steal_pointer (&key);
  g_free (self->actor);
  self->actor = g_strdup (sok_unlock_page_get_actor (self->unlock_page));
  remember_choices (self);
  if (self->content_words == NULL)
    self->content_words = sok_report_content_load (self->data_dir, NULL);

  gtk_stack_set_visible_child_name (self->stack, "console");
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
  read_queue (self);

  self->last_input = g_get_monotonic_time ();
  stop_idle_timer (self);
  if (self->idle_seconds > 0)
    self->idle_id = g_timeout_add_seconds (1, idle_check_cb, self);
  self->reread_id = g_timeout_add_seconds (REREAD_SECONDS, reread_cb, self);
}

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sok_dsl_window_lock (SOK_DSL_WINDOW (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SokDslWindow *self = SOK_DSL_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

static void
governors_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SokDslWindow *self = SOK_DSL_WINDOW (widget);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr (GError) error = NULL;
  SokTerm term;
  int year;

  if (self->key == NULL)
    return;

  if (!sok_term_for_date (today, &term, &year))
    g_return_if_reached ();

  sok_case_view_clear (self->case_view);
  gtk_list_box_unselect_all (self->case_list);
  if (!sok_governors_page_show_term (self->governors_page, self->queue, self->key,
                                     self->content_words, self->actor, self->school_name,
                                     term, year, &error))
    {
      show_notice (self, error->message);
      return;
    }

  adw_window_title_set_title (self->content_title, _("Governors’ figures"));
  adw_window_title_set_subtitle (self->content_title, "");
  show_content (self, "governors");
}

static void
add_input_watch (SokDslWindow *self)
{
  GtkEventController *controller;

  /* Any key, click, touch, scroll or pointer movement keeps the console unlocked. */
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_input_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (controller), 0);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "pressed", G_CALLBACK (click_input_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_input_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "scroll-begin", G_CALLBACK (scroll_begin_input_cb), self);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_input_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
sok_dsl_window_constructed (GObject *object)
{
  SokDslWindow *self = SOK_DSL_WINDOW (object);
  g_autoptr (SokConfig) config = NULL;

  G_OBJECT_CLASS (sok_dsl_window_parent_class)->constructed (object);

  if (self->key_path == NULL && self->data_dir != NULL)
    {
      self->key_path = sok_dsl_dup_default_key_path (self->data_dir);
      self->key_path_is_default = TRUE;
    }
  sok_unlock_page_set_key_path (self->unlock_page, self->key_path);
  recall_choices (self);

  if (self->data_dir != NULL && (config = sok_config_load (self->data_dir, NULL)) != NULL)
    self->school_name = g_strdup (sok_config_get_school_name (config));

  open_queue (self);
}

static void
sok_dsl_window_dispose (GObject *object)
{
  SokDslWindow *self = SOK_DSL_WINDOW (object);

  stop_idle_timer (self);
  g_clear_handle_id (&self->notice_id, g_source_remove);
  if (self->watch != NULL)
    {
      g_source_destroy (self->watch);
      g_clear_pointer (&self->watch, g_source_unref);
    }
  if (self->case_view != NULL)
    sok_case_view_clear (self->case_view);
  if (self->governors_page != NULL)
    sok_governors_page_clear (self->governors_page);
  g_clear_pointer (&self->key, sok_dsl_key_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), SOK_TYPE_DSL_WINDOW);

  G_OBJECT_CLASS (sok_dsl_window_parent_class)->dispose (object);
}

static void
sok_dsl_window_finalize (GObject *object)
{
  SokDslWindow *self = SOK_DSL_WINDOW (object);

  g_clear_object (&self->queue);
  g_clear_error (&self->queue_error);
  g_clear_pointer (&self->known_ids, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->listing, g_ptr_array_unref);
  g_clear_pointer (&self->content_words, sok_report_content_free);
  g_clear_pointer (&self->actor, g_free);
  g_clear_pointer (&self->school_name, g_free);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->queue_uri, g_free);
  g_clear_pointer (&self->key_path, g_free);

  G_OBJECT_CLASS (sok_dsl_window_parent_class)->finalize (object);
}

static void
sok_dsl_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SokDslWindow *self = SOK_DSL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;
    case PROP_QUEUE_URI:
      g_value_set_string (value, self->queue_uri);
      break;
    case PROP_KEY_PATH:
      g_value_set_string (value, self->key_path);
      break;
    case PROP_IDLE_SECONDS:
      g_value_set_uint (value, self->idle_seconds);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sok_dsl_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SokDslWindow *self = SOK_DSL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      self->data_dir = g_value_dup_string (value);
      break;
    case PROP_QUEUE_URI:
      self->queue_uri = g_value_dup_string (value);
      break;
    case PROP_KEY_PATH:
      self->key_path = g_value_dup_string (value);
      break;
    case PROP_IDLE_SECONDS:
      self->idle_seconds = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sok_dsl_window_class_init (SokDslWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sok_dsl_window_constructed;
  object_class->dispose = sok_dsl_window_dispose;
  object_class->finalize = sok_dsl_window_finalize;
  object_class->get_property = sok_dsl_window_get_property;
  object_class->set_property = sok_dsl_window_set_property;

  properties[PROP_DATA_DIR] =
    g_param_spec_string ("data-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUEUE_URI] =
    g_param_spec_string ("queue-uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEY_PATH] =
    g_param_spec_string ("key-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IDLE_SECONDS] =
    g_param_spec_uint ("idle-seconds", NULL, NULL, 0, G_MAXUINT, 300,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SOK_TYPE_UNLOCK_PAGE);
  g_type_ensure (SOK_TYPE_CASE_VIEW);
  g_type_ensure (SOK_TYPE_GOVERNORS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/safeonlinekiosk/Dsl/sok-dsl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, notice_label);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, locked_alert_revealer);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, locked_alert_label);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, unlock_page);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, content);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, queue_title);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, filter_new);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, filter_open);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, filter_closed);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, case_list);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, case_view);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, governors_page);
  gtk_widget_class_bind_template_callback (widget_class, unlocked_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, case_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.governors", NULL, governors_action);
  gtk_widget_class_install_action (widget_class, "win.notice", "s", notice_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-notice", NULL,
                                   dismiss_notice_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.lock", NULL);
}

static void
sok_dsl_window_init (SokDslWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* A screen reader on the locked console must not find the console's buttons. */
  sok_stack_present_only_visible_child (self->stack);
  sok_stack_present_only_visible_child (self->content_stack);

  self->known_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_list_box_set_sort_func (self->case_list, sort_rows, NULL, NULL);
  gtk_list_box_set_filter_func (self->case_list, filter_row, self, NULL);
  self->last_input = g_get_monotonic_time ();
  add_input_watch (self);
}

/**
 * sok_dsl_window_new:
 * @application: (nullable): the application
 * @queue_uri: (nullable): the DSL queue; without one the window says what to set
 * @key_path: (nullable): the DSL key file offered first; without one, the key last
 *   used on this computer, else dsl.key in @data_dir
 * @idle_seconds: lock after this long without input; 0 never locks (tests)
 */
SokDslWindow *
sok_dsl_window_new (GtkApplication *application,
                    const char     *data_dir,
                    const char     *queue_uri,
                    const char     *key_path,
                    guint           idle_seconds)
{
  return g_object_new (SOK_TYPE_DSL_WINDOW,
                       "application", application,
                       "data-dir", data_dir,
                       "queue-uri", queue_uri,
                       "key-path", key_path,
                       "idle-seconds", idle_seconds,
                       NULL);
}

gboolean
sok_dsl_window_get_locked (SokDslWindow *self)
{
  g_return_val_if_fail (SOK_IS_DSL_WINDOW (self), TRUE);

  return self->key == NULL;
}

/* Who unlocked the console, or NULL while locked. */
const char *
sok_dsl_window_get_actor (SokDslWindow *self)
{
  g_return_val_if_fail (SOK_IS_DSL_WINDOW (self), NULL);

  return self->actor;
}

/* How many desktop notifications of urgent reports the window raised. */
guint
sok_dsl_window_get_n_alerts (SokDslWindow *self)
{
  g_return_val_if_fail (SOK_IS_DSL_WINDOW (self), 0);

  return self->n_alerts;
}

SokUnlockPage *
sok_dsl_window_get_unlock_page (SokDslWindow *self)
{
  g_return_val_if_fail (SOK_IS_DSL_WINDOW (self), NULL);

  return self->unlock_page;
}

GtkListBox *
sok_dsl_window_get_case_list (SokDslWindow *self)
{
  g_return_val_if_fail (SOK_IS_DSL_WINDOW (self), NULL);

  return self->case_list;
}

SokCaseView *
sok_dsl_window_get_case_view (SokDslWindow *self)
{
  g_return_val_if_fail (SOK_IS_DSL_WINDOW (self), NULL);

  return self->case_view;
}

SokGovernorsPage *
sok_dsl_window_get_governors_page (SokDslWindow *self)
{
  g_return_val_if_fail (SOK_IS_DSL_WINDOW (self), NULL);

  return self->governors_page;
}

/* Reads the queue now rather than at the next notification or poll. */
void
sok_dsl_window_refresh (SokDslWindow *self)
{
  g_return_if_fail (SOK_IS_DSL_WINDOW (self));

  read_queue (self);
}

/* Shows a problem that stops the console from working, on the unlock page. */
void
sok_dsl_window_show_problem (SokDslWindow *self,
                             const GError *error)
{
  g_return_if_fail (SOK_IS_DSL_WINDOW (self));
  g_return_if_fail (error != NULL);

  sok_unlock_page_set_message (self->unlock_page, error->message);
}
