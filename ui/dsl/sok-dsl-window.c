/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-dsl-window"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sok-case.h"
#include "sok-config.h"
#include "sok-dsl-window-private.h"
#include "sok-stack.h"

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

void
_sok_dsl_window_dismiss_notice (SokDslWindow *self)
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
void
_sok_dsl_window_show_notice (SokDslWindow *self,
                             const char   *message)
{
  gtk_label_set_text (self->notice_label, message);
  gtk_revealer_set_reveal_child (self->notice_revealer, TRUE);
  g_clear_handle_id (&self->notice_id, g_source_remove);
  self->notice_id = g_timeout_add_seconds (NOTICE_SECONDS, notice_timeout_cb, self);
}

void
_sok_dsl_window_show_content (SokDslWindow *self,
                              const char   *name)
{
  gtk_stack_set_visible_child_name (self->content_stack, name);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

/* Opens a report. With @focus_report (the keyboard chose it) the keyboard moves into
 * it, to its first field, so that a screen reader reads the report (its group is
 * named by its heading) and Tab reaches its forms; Escape comes back. */
void
_sok_dsl_window_open_case (SokDslWindow *self,
                           const char   *report_id,
                           gboolean      focus_report)
{
  g_autoptr (GError) error = NULL;

  sok_governors_page_clear (self->governors_page);
  sok_kiosks_page_clear (self->kiosks_page);
  if (!sok_case_view_show_case (self->case_view, self->queue, self->key, self->content_words,
                                self->actor, report_id, &error))
    {
      _sok_dsl_window_show_notice (self, error->message);
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      return;
    }

  adw_window_title_set_title (self->content_title, _("Report"));
  adw_window_title_set_subtitle (self->content_title, "");
  _sok_dsl_window_show_content (self, "case");
  /* Opening a new report made it open: the list says so. */
  _sok_dsl_window_read_queue (self);
  if (focus_report)
    sok_case_view_focus_report (self->case_view);
}

/* The keyboard on the list: on the report last chosen, else the first one shown. */
void
_sok_dsl_window_focus_list (SokDslWindow *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->case_list);

  if (row == NULL || !gtk_widget_get_child_visible (GTK_WIDGET (row)))
    for (int i = 0; (row = gtk_list_box_get_row_at_index (self->case_list, i)) != NULL; i++)
      if (gtk_widget_get_child_visible (GTK_WIDGET (row)))
        break;

  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->filter_new));
}

/* Enter or Space on a row (a click lands on its button, win.open-case). */
static void
row_activated_cb (GtkListBox    *list,
                  GtkListBoxRow *row,
                  SokDslWindow  *self)
{
  const char *report_id = sok_dsl_window_get_row_report_id (row);

  if (report_id == NULL || self->key == NULL)
    return;

  gtk_list_box_select_row (list, row);
  _sok_dsl_window_open_case (self, report_id, TRUE);
}

static void
filter_toggled_cb (SokDslWindow *self)
{
  _sok_dsl_window_filter_changed (self);
}

static void
case_changed_cb (SokDslWindow *self)
{
  _sok_dsl_window_read_queue (self);
}

/* Deputies may act on cases from their own consoles, and the queue announces only
 * new reports: the list is read again now and then to stay true. */
#define REREAD_SECONDS 30

static gboolean
reread_cb (gpointer user_data)
{
  _sok_dsl_window_read_queue (SOK_DSL_WINDOW (user_data));
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
  _sok_dsl_window_dismiss_notice (self);

  /* The views hold what the child wrote and borrow the key: clear them first. */
  sok_case_view_clear (self->case_view);
  sok_governors_page_clear (self->governors_page);
  sok_kiosks_page_clear (self->kiosks_page);
  _sok_dsl_window_clear_list (self);
  if (self->queue != NULL)
    sok_queue_set_dsl_key (self->queue, NULL);
  g_clear_pointer (&self->key, sok_dsl_key_free);
  g_clear_pointer (&self->actor, g_free);

  gtk_stack_set_visible_child_name (self->content_stack, "empty");
  adw_window_title_set_title (self->content_title, "");
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  sok_unlock_page_forget (self->unlock_page);
  gtk_stack_set_visible_child_name (self->stack, "unlock");
  /* The keyboard was in the console, now hidden: it goes where the DSL types next. */
  gtk_widget_grab_focus (GTK_WIDGET (self->unlock_page));

  _sok_dsl_window_read_queue (self);
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
      _sok_dsl_window_show_notice (self, _("The console locks in 30 seconds unless you use it."));
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

typedef struct
{
  GWeakRef   window;
  char      *uri;
  SokDslKey *key;
} AuditCheck;

static void
audit_check_free (gpointer data)
{
  AuditCheck *check = data;

  g_weak_ref_clear (&check->window);
  g_free (check->uri);
  sok_dsl_key_free (check->key);
  g_free (check);
}

static void
audit_check_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  AuditCheck *check = task_data;
  g_autoptr (SokQueue) queue = NULL;
  GError *error = NULL;

  queue = sok_queue_open (check->uri, SOK_QUEUE_ROLE_DSL, &error);
  if (queue != NULL)
    sok_queue_set_dsl_key (queue, check->key);
  if (queue == NULL ||
      !sok_queue_verify_audit (queue, NULL, NULL, &error) ||
      !sok_queue_check_known_head (queue, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
audit_checked_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AuditCheck *check = g_task_get_task_data (G_TASK (result));
  g_autoptr (SokDslWindow) self = g_weak_ref_get (&check->window);
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) && self != NULL &&
      self->key != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _sok_dsl_window_show_notice (self, error->message);
}

/* On unlocking, the audit log is checked with the key (every entry's signature) and
 * against the end of it this machine saw last time, so that a log rewritten or cut
 * short in the database is noticed by the person it protects. In a worker thread on
 * a connection of its own: a long log must not stall the console. */
static void
check_audit (SokDslWindow *self)
{
  g_autoptr (GTask) task = NULL;
  AuditCheck *check;

  if (self->queue_uri == NULL || self->key == NULL)
    return;

  check = g_new0 (AuditCheck, 1);
  g_weak_ref_init (&check->window, self);
  check->uri = g_strdup (self->queue_uri);
  check->key = sok_dsl_key_copy (self->key);
  task = g_task_new (NULL, self->cancellable, audit_checked_cb, NULL);
  g_task_set_source_tag (task, check_audit);
  g_task_set_name (task, "sok-dsl-audit-check");
  g_task_set_task_data (task, check, audit_check_free);
  g_task_run_in_thread (task, audit_check_thread);
}

void
_sok_dsl_window_finish_unlock (SokDslWindow *self,
                               SokDslKey    *key)
{
  g_clear_pointer (&self->key, sok_dsl_key_free);
  self->key = key;
  /* Every entry the console writes is signed with the key; a SQLite queue keeps
   * notes sealed to it. */
  sok_queue_set_dsl_key (self->queue, self->key);
  check_audit (self);
  g_free (self->actor);
  self->actor = g_strdup (sok_unlock_page_get_actor (self->unlock_page));
  remember_choices (self);
  if (self->content_words == NULL)
    self->content_words = sok_report_content_load (self->data_dir, NULL);

  gtk_stack_set_visible_child_name (self->stack, "console");
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
  _sok_dsl_window_read_queue (self);

  self->last_input = g_get_monotonic_time ();
  stop_idle_timer (self);
  if (self->idle_seconds > 0)
    self->idle_id = g_timeout_add_seconds (1, idle_check_cb, self);
  self->reread_id = g_timeout_add_seconds (REREAD_SECONDS, reread_cb, self);
  /* The rows come with the read under way; the list takes the focus again then. */
  self->focus_after_read = TRUE;
  _sok_dsl_window_focus_list (self);
}

static void
unlocked_cb (SokDslWindow *self)
{
  g_autoptr (SokDslKey) key = sok_unlock_page_steal_key (self->unlock_page);

  if (key == NULL)
    return;

  if (self->queue_uri == NULL)
    {
      sok_unlock_page_set_message (self->unlock_page,
                                   _("No DSL queue is set. Start the console with "
                                     "--queue URI."));
      return;
    }

  /* The queue is still being reached (or could not be, and is tried again now): the
   * console opens as soon as it answers. */
  if (self->queue == NULL)
    {
      g_clear_pointer (&self->pending_key, sok_dsl_key_free);
      self->pending_key = g_steal_pointer (&key);
      _sok_dsl_window_open_queue (self);
      return;
    }

  _sok_dsl_window_finish_unlock (self, g_steal_pointer (&key));
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

  _sok_dsl_window_open_queue (self);
  /* A DSL starts typing at once: the name if none is known, else the passphrase. */
  gtk_widget_grab_focus (GTK_WIDGET (self->unlock_page));
}

static void
sok_dsl_window_dispose (GObject *object)
{
  SokDslWindow *self = SOK_DSL_WINDOW (object);

  stop_idle_timer (self);
  g_clear_handle_id (&self->notice_id, g_source_remove);
  _sok_dsl_window_close_queue (self);
  if (self->case_view != NULL)
    sok_case_view_clear (self->case_view);
  if (self->governors_page != NULL)
    sok_governors_page_clear (self->governors_page);
  if (self->kiosks_page != NULL)
    sok_kiosks_page_clear (self->kiosks_page);
  g_clear_pointer (&self->key, sok_dsl_key_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), SOK_TYPE_DSL_WINDOW);

  G_OBJECT_CLASS (sok_dsl_window_parent_class)->dispose (object);
}

static void
sok_dsl_window_finalize (GObject *object)
{
  SokDslWindow *self = SOK_DSL_WINDOW (object);

  g_clear_object (&self->queue);
  g_clear_object (&self->reader);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->queue_error);
  g_clear_pointer (&self->known_ids, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->listing, g_ptr_array_unref);
  g_clear_pointer (&self->signatures, g_hash_table_unref);
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
  g_type_ensure (SOK_TYPE_KIOSKS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/safeonlinekiosk/Dsl/sok-dsl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, notice_label);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, locked_alert_revealer);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, locked_alert_label);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, queue_status_revealer);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, connecting_box);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, connecting_spinner);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, unreachable_box);
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, unreachable_label);
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
  gtk_widget_class_bind_template_child (widget_class, SokDslWindow, kiosks_page);
  gtk_widget_class_bind_template_callback (widget_class, unlocked_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, case_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  _sok_dsl_window_class_actions_init (widget_class);
}

static void
sok_dsl_window_init (SokDslWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* A screen reader on the locked console must not find the console's buttons. */
  sok_stack_present_only_visible_child (self->stack);
  sok_stack_present_only_visible_child (self->content_stack);

  _sok_dsl_window_queue_init (self);
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

SokKiosksPage *
sok_dsl_window_get_kiosks_page (SokDslWindow *self)
{
  g_return_val_if_fail (SOK_IS_DSL_WINDOW (self), NULL);

  return self->kiosks_page;
}

SokGovernorsPage *
sok_dsl_window_get_governors_page (SokDslWindow *self)
{
  g_return_val_if_fail (SOK_IS_DSL_WINDOW (self), NULL);

  return self->governors_page;
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
