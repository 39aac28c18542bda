/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-dsl-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-case-row.h"
#include "sok-dsl-window-private.h"

/* The window's queue: opening it, reading it (while locked too: only what lies
 * outside the seal), hearing of arrivals, and the list of cases it shows. */

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

/* Urgent first, then newest. A report never moves: both are fixed when it arrives. */
static int
sort_rows (GtkListBoxRow *row1,
           GtkListBoxRow *row2,
           gpointer       user_data)
{
  const SokQueueCase *a = sok_case_row_get_case (SOK_CASE_ROW (row1));
  const SokQueueCase *b = sok_case_row_get_case (SOK_CASE_ROW (row2));

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
  const SokQueueCase *item = sok_case_row_get_case (SOK_CASE_ROW (row));

  return (current_filter (self) & (1 << item->status)) != 0;
}

const char *
sok_dsl_window_get_row_report_id (GtkListBoxRow *row)
{
  g_return_val_if_fail (GTK_IS_LIST_BOX_ROW (row), NULL);

  return SOK_IS_CASE_ROW (row) ? sok_case_row_get_report_id (SOK_CASE_ROW (row)) : NULL;
}

void
_sok_dsl_window_clear_list (SokDslWindow *self)
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
      SokCaseRow *row = g_hash_table_lookup (self->rows, item->report_id);
      gboolean status_changed;

      g_hash_table_add (listed, item->report_id);
      if (row == NULL)
        {
          GtkWidget *new_row;

          if (!(filter & (1 << item->status)))
            continue;
          new_row = sok_case_row_new (copy_case (item));
          g_hash_table_insert (self->rows, g_strdup (item->report_id), new_row);
          gtk_list_box_append (self->case_list, new_row);
          continue;
        }
      status_changed = sok_case_row_get_case (row)->status != item->status;
      sok_case_row_set_case (row, copy_case (item));
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
void
_sok_dsl_window_read_queue (SokDslWindow *self)
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
        _sok_dsl_window_show_notice (self, error->message);
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
  _sok_dsl_window_read_queue (SOK_DSL_WINDOW (user_data));
}

gboolean
_sok_dsl_window_open_queue (SokDslWindow *self)
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

  _sok_dsl_window_read_queue (self);
  return TRUE;
}

/* The window goes: the queue stops telling it of arrivals. */
void
_sok_dsl_window_close_queue (SokDslWindow *self)
{
  if (self->watch != NULL)
    {
      g_source_destroy (self->watch);
      g_clear_pointer (&self->watch, g_source_unref);
    }
}

void
_sok_dsl_window_filter_changed (SokDslWindow *self)
{
  sync_rows (self);
  gtk_list_box_invalidate_filter (self->case_list);
}

void
_sok_dsl_window_queue_init (SokDslWindow *self)
{
  self->known_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_list_box_set_sort_func (self->case_list, sort_rows, NULL, NULL);
  gtk_list_box_set_filter_func (self->case_list, filter_row, self, NULL);
}

/* Reads the queue now rather than at the next notification or poll. */
void
sok_dsl_window_refresh (SokDslWindow *self)
{
  g_return_if_fail (SOK_IS_DSL_WINDOW (self));

  _sok_dsl_window_read_queue (self);
}
