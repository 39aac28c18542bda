/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-dsl-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-case.h"
#include "sok-case-row.h"
#include "sok-dsl-window-private.h"
#include "sok-kiosk.h"

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

/* Urgent first, then the newest half-day, then by the random report id (the queue
 * keeps no finer time). A report never moves: all three are fixed when it arrives. */
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
  g_clear_pointer (&self->signatures, g_hash_table_unref);
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

/* Marks @row with what checking its report's signature found, if it was checked. */
static void
mark_signature (SokDslWindow *self,
                SokCaseRow   *row)
{
  gpointer state = NULL;
  gboolean known = self->signatures != NULL &&
                   g_hash_table_lookup_extended (self->signatures,
                                                 sok_case_row_get_report_id (row), NULL, &state);

  sok_case_row_set_signature (row, known, GPOINTER_TO_INT (state));
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
          mark_signature (self, SOK_CASE_ROW (new_row));
          g_hash_table_insert (self->rows, g_strdup (item->report_id), new_row);
          gtk_list_box_append (self->case_list, new_row);
          continue;
        }
      status_changed = sok_case_row_get_case (row)->status != item->status;
      sok_case_row_set_case (row, copy_case (item));
      mark_signature (self, row);
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

/* Takes a fresh listing of the queue: notices arrivals (alerting for urgent ones),
 * counts urgent unread reports for the lock screen and, when unlocked, rebuilds the
 * list. Only what lies outside the seal is read, so it works while locked. */
static void
apply_listing (SokDslWindow *self,
               GPtrArray    *all,
               GHashTable   *signatures)
{
  guint n_urgent_new = 0, n_new = 0;
  gboolean alert = FALSE;

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
  self->listing = g_ptr_array_ref (all);
  /* Checked with a key: a listing read while locked carries none. */
  if (signatures != NULL)
    {
      g_clear_pointer (&self->signatures, g_hash_table_unref);
      self->signatures = g_hash_table_ref (signatures);
    }
  sync_rows (self);
}

/* Work for a worker thread: connect when there is no connection yet, then list the
 * queue. The window is held weakly, so it can close while a slow server keeps the
 * thread waiting (connect_timeout ends that wait); the connection is the job's
 * alone until the main thread takes it back. */
typedef struct
{
  GWeakRef    window;
  char       *uri;
  char       *actor;       /* who is unlocked, for the audit log; NULL while locked */
  SokQueue   *queue;       /* in and out: the connection to use, or NULL to make one */
  SokDslKey  *key;         /* a copy of the window's, or NULL while locked */
  gboolean    check;       /* open reports never checked to check who signed them */
  GHashTable *prior;       /* the window's signatures as last found, or NULL */
  GPtrArray  *listing;     /* out */
  GHashTable *signatures;  /* out, with a key: report id → SokSignatureState */
  guint       n_unchecked; /* out: reports whose signature is still to be checked */
} QueueJob;

static void
queue_job_free (gpointer data)
{
  QueueJob *job = data;

  g_weak_ref_clear (&job->window);
  g_free (job->uri);
  g_free (job->actor);
  sok_dsl_key_free (job->key);
  g_clear_pointer (&job->signatures, g_hash_table_unref);
  g_clear_pointer (&job->prior, g_hash_table_unref);
  g_clear_object (&job->queue);
  g_clear_pointer (&job->listing, g_ptr_array_unref);
  g_free (job);
}

/* How long one read may spend opening reports to check who signed them: the reader
 * is busy meanwhile, and an urgent arrival must not wait behind a thousand checks. */
#define CHECK_BUDGET_USEC (250 * 1000)

static gboolean
check_one (QueueJob         *job,
           SokKioskRegistry *registry,
           SokQueueCase     *item,
           gboolean          open_unchecked,
           gint64            deadline)
{
  SokSignatureState state;
  gpointer prior;

  if (sok_kiosk_registry_get_check (registry, item->report_id, NULL) == NULL)
    {
      /* Checked by this window before, but not kept in the queue (it could not
       * store it): what was found then stands, rather than opening it again on
       * every read. */
      if (job->prior != NULL &&
          g_hash_table_lookup_extended (job->prior, item->report_id, NULL, &prior))
        {
          g_hash_table_insert (job->signatures, g_strdup (item->report_id), prior);
          return TRUE;
        }
      if (!open_unchecked || g_get_monotonic_time () > deadline)
        {
          job->n_unchecked++;
          return FALSE;
        }
    }
  state = sok_case_check_signature (job->queue, job->key, registry, item, job->actor);
  g_hash_table_insert (job->signatures, g_strdup (item->report_id), GINT_TO_POINTER (state));
  return TRUE;
}

/* Who signed each report, as `sokctl queue list` finds it (sok_case_check_signature()):
 * from the checks the queue keeps (with the DSL key's MAC), and, with
 * @open_unchecked, for reports never checked, by opening them here in the worker
 * thread, once each (recorded in the audit trail as a view for "signature check",
 * which leaves a new case new; nothing of the report is kept), new and open cases
 * first, for CHECK_BUDGET_USEC at most. The rest are counted in n_unchecked: the
 * window reads again to check them. */
static void
check_signatures (QueueJob *job,
                  gboolean  open_unchecked)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokKioskRegistry) registry = sok_kiosk_registry_load (job->queue, job->key, &error);
  gint64 deadline = g_get_monotonic_time () + CHECK_BUDGET_USEC;

  job->signatures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (registry == NULL)
    {
      /* Not a reason to hide the list: every report is marked as not checked. */
      g_warning ("Cannot read the queue's kiosks, so no report's sender is checked: %s",
                 error->message);
      for (guint i = 0; i < job->listing->len; i++)
        g_hash_table_insert (job->signatures,
                             g_strdup (((SokQueueCase *)job->listing->pdata[i])->report_id),
                             GINT_TO_POINTER (SOK_SIGNATURE_UNREADABLE));
      return;
    }

  for (int closed = 0; closed <= 1; closed++)
    for (guint i = 0; i < job->listing->len; i++)
      {
        SokQueueCase *item = g_ptr_array_index (job->listing, i);

        if ((item->status == SOK_CASE_STATUS_CLOSED) == closed)
          check_one (job, registry, item, open_unchecked, deadline);
      }
}

static void
queue_job_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  QueueJob *job = task_data;
  GError *error = NULL;

  if (job->queue == NULL)
    job->queue = sok_queue_open (job->uri, SOK_QUEUE_ROLE_DSL, &error);
  if (job->queue != NULL)
    {
      /* A SQLite queue keeps outcomes sealed: they are listed only while unlocked. */
      sok_queue_set_dsl_key (job->queue, job->key);
      job->listing = sok_queue_list_cases (job->queue, SOK_CASE_FILTER_ALL, &error);
      if (job->listing != NULL && job->key != NULL && job->actor != NULL)
        check_signatures (job, job->check);
    }

  if (job->listing == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
run_queue_job (SokDslWindow        *self,
               SokQueue            *queue,
               gboolean             check,
               GAsyncReadyCallback  callback,
               gpointer             source_tag)
{
  g_autoptr (GTask) task = NULL;
  QueueJob *job = g_new0 (QueueJob, 1);

  g_weak_ref_init (&job->window, self);
  job->uri = g_strdup (self->queue_uri);
  job->queue = queue;
  job->key = self->key != NULL ? sok_dsl_key_copy (self->key) : NULL;
  job->actor = g_strdup (self->actor);
  job->check = check;
  if (self->signatures != NULL && self->key != NULL)
    {
      GHashTableIter iter;
      gpointer id, state;

      job->prior = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_iter_init (&iter, self->signatures);
      while (g_hash_table_iter_next (&iter, &id, &state))
        g_hash_table_insert (job->prior, g_strdup (id), state);
    }

  task = g_task_new (NULL, self->cancellable, callback, NULL);
  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, "sok-dsl-queue");
  g_task_set_task_data (task, job, queue_job_free);
  g_task_run_in_thread (task, queue_job_thread);
}

static void read_done_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data);

/* Reads the queue in a worker thread, on the list's own connection. One read at a
 * time: a read asked for meanwhile runs once the current one is done. */
void
_sok_dsl_window_read_queue (SokDslWindow *self)
{
  if (self->queue == NULL)
    return;
  if (self->reading)
    {
      self->read_again = TRUE;
      return;
    }

  self->reading = TRUE;
  self->read_again = FALSE;
  run_queue_job (self, g_steal_pointer (&self->reader), TRUE, read_done_cb,
                 _sok_dsl_window_read_queue);
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  QueueJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (SokDslWindow) self = g_weak_ref_get (&job->window);
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The queue may be briefly out of reach (a PostgreSQL restart); say so and
       * keep what is shown. The connection is kept: it reconnects by itself. */
      if (self->key != NULL)
        _sok_dsl_window_show_notice (self, error->message);
      else
        sok_unlock_page_set_message (self->unlock_page, error->message);
    }
  else if (self != NULL)
    {
      apply_listing (self, job->listing, job->signatures);
      if (self->focus_after_read && self->key != NULL)
        _sok_dsl_window_focus_list (self);
      /* Reports are checked a few at a time: read again for the rest. */
      if (job->n_unchecked > 0 && job->signatures != NULL && self->key != NULL)
        self->read_again = TRUE;
    }

  if (self == NULL)
    return;
  self->focus_after_read = FALSE;
  g_clear_object (&self->reader);
  self->reader = g_steal_pointer (&job->queue);
  self->reading = FALSE;
  if (self->read_again)
    _sok_dsl_window_read_queue (self);
}

static void
queue_news_cb (SokQueue *queue,
               gpointer  user_data)
{
  _sok_dsl_window_read_queue (SOK_DSL_WINDOW (user_data));
}

/* What the DSL sees while the queue is being reached, and when it cannot be: a
 * spinner once it takes longer than a moment, then plain words and Try again. */
static void
show_queue_status (SokDslWindow *self,
                   gboolean      connecting,
                   const char   *unreachable)
{
  gtk_widget_set_visible (self->connecting_box, connecting);
  gtk_spinner_set_spinning (self->connecting_spinner, connecting);
  gtk_widget_set_visible (self->unreachable_box, unreachable != NULL);
  if (unreachable != NULL)
    gtk_label_set_text (self->unreachable_label, unreachable);
  gtk_revealer_set_reveal_child (self->queue_status_revealer,
                                 connecting || unreachable != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.try-queue-again",
                                 !connecting && unreachable != NULL);
}

/* A fast queue (a SQLite file, a server nearby) answers before anything is shown. */
#define SPINNER_DELAY_MS 250

static gboolean
connecting_cb (gpointer user_data)
{
  SokDslWindow *self = user_data;

  self->connecting_id = 0;
  show_queue_status (self, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

static void
open_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  QueueJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (SokDslWindow) self = g_weak_ref_get (&job->window);
  g_autoptr (GError) error = NULL;
  g_autoptr (SokDslKey) pending_key = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self == NULL)
    return;

  self->connecting = FALSE;
  g_clear_handle_id (&self->connecting_id, g_source_remove);
  pending_key = g_steal_pointer (&self->pending_key);

  if (error != NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_UNREACHABLE))
        /* Translators: the console cannot reach the DSL queue; %s is why, as the
         * queue said it (the server's address and what went wrong) */
        text = g_strdup_printf (_("The DSL queue cannot be reached, so reports cannot be "
                                  "shown. Check that this computer is on the school "
                                  "network and that the queue’s server is switched on, "
                                  "then try again. If it still fails, tell the school’s "
                                  "IT: %s"), error->message);
      else
        /* Translators: the DSL queue answered but cannot be used (a wrong address,
         * login or set-up); %s says what is wrong and what to change */
        text = g_strdup_printf (_("The DSL queue cannot be opened, so reports cannot be "
                                  "shown: %s"), error->message);

      /* A key unlocked meanwhile is not kept on a locked screen: the DSL unlocks
       * again once the queue answers. */
      g_clear_error (&self->queue_error);
      self->queue_error = g_steal_pointer (&error);
      show_queue_status (self, FALSE, text);
      return;
    }

  show_queue_status (self, FALSE, NULL);
  self->queue = g_steal_pointer (&job->queue);
  self->watch = sok_queue_create_watch (self->queue, queue_news_cb, self, NULL, &error);
  if (self->watch != NULL)
    g_source_attach (self->watch, NULL);
  else
    g_message ("New reports will show only when the list is refreshed: %s", error->message);

  if (pending_key != NULL)
    _sok_dsl_window_finish_unlock (self, g_steal_pointer (&pending_key));
  apply_listing (self, job->listing, job->signatures);
}

/* Reaches the queue in a worker thread (a slow or silent server never holds up the
 * window) and reads it there; the window then keeps that connection for reports and
 * actions and hears of arrivals on it. Does nothing while an attempt is under way. */
void
_sok_dsl_window_open_queue (SokDslWindow *self)
{
  if (self->queue != NULL || self->connecting)
    return;

  g_clear_error (&self->queue_error);
  if (self->queue_uri == NULL)
    return;

  self->connecting = TRUE;
  show_queue_status (self, FALSE, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.try-queue-again", FALSE);
  g_clear_handle_id (&self->connecting_id, g_source_remove);
  self->connecting_id = g_timeout_add (SPINNER_DELAY_MS, connecting_cb, self);
  run_queue_job (self, NULL, FALSE, open_done_cb, _sok_dsl_window_open_queue);
}

/* Whether the queue is being reached or read: tests wait for it to settle. */
gboolean
sok_dsl_window_get_busy (SokDslWindow *self)
{
  g_return_val_if_fail (SOK_IS_DSL_WINDOW (self), FALSE);

  return self->connecting || self->reading;
}

/* The window goes: the queue stops telling it of arrivals, and a connection or read
 * under way is let go (its thread ends by itself, at the latest at connect_timeout). */
void
_sok_dsl_window_close_queue (SokDslWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->connecting_id, g_source_remove);
  g_clear_pointer (&self->pending_key, sok_dsl_key_free);

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
  self->cancellable = g_cancellable_new ();
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
