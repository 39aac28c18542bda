/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-staff-mode"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-campaign-page.h"
#include "sok-half-day.h"
#include "sok-health-page.h"
#include "sok-outbox.h"
#include "sok-pin-page.h"
#include "sok-roster-page.h"
#include "sok-staff-home-page.h"
#include "sok-staff-mode.h"
#include "sok-staff-mode-private.h"
#include "sok-window-private.h"

/* Staff mode: the flow object (not a widget) behind the staff pages. It watches the
 * home screen's hidden corner, opens the PIN pad, keeps who is signed in, lengthens
 * the idle time-out to staff-idle-seconds while they are, logs every entry and action
 * (who, what, when; never a PIN, a pupil's name or a report), and signs out whenever
 * the window goes home: Hide, the idle time-out or Sign out.
 */
struct _SokStaffMode
{
  GObject          parent_instance;

  SokWindow       *window;          /* weak: the window owns this object */
  SokStaffMember  *member;          /* NULL when nobody is signed in */

  GtkGesture      *corner_gesture;
  guint            hold_id;

  guint            staff_idle_ms;
  guint            normal_idle_ms;
  guint            normal_countdown_ms;
  gint64           promise_started_at;  /* monotonic; 0 when no promise is running */

  /* The dialogs staff opened (weak: each leaves the array when destroyed). */
  GPtrArray       *dialogs;
  guint            session;

  guint            signing_out : 1;
};

G_DEFINE_FINAL_TYPE (SokStaffMode, sok_staff_mode, G_TYPE_OBJECT)

enum {
  START_PROMISE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- The hidden corner ---------------------------------------------------------- */

/**
 * sok_staff_mode_is_corner:
 * @width: the home screen's width
 * @height: the home screen's height
 *
 * Returns: %TRUE when (@x, @y) is in the home screen's hidden corner, the top right,
 *   where Hide sits on every other screen.
 */
gboolean
sok_staff_mode_is_corner (int    width,
                          int    height,
                          double x,
                          double y)
{
  return x >= width - SOK_STAFF_MODE_CORNER_PX && x <= width &&
         y >= 0 && y <= MIN (height, SOK_STAFF_MODE_CORNER_PX);
}

static gboolean
hold_done_cb (gpointer user_data)
{
  SokStaffMode *self = SOK_STAFF_MODE (user_data);

  self->hold_id = 0;

  /* The finger stays down: the press is ours, so nothing under it is clicked. */
  gtk_gesture_set_state (self->corner_gesture, GTK_EVENT_SEQUENCE_CLAIMED);
  sok_staff_mode_open_pin_pad (self);

  return G_SOURCE_REMOVE;
}

static void
corner_drag_begin_cb (SokStaffMode   *self,
                      double          x,
                      double          y,
                      GtkGestureDrag *gesture)
{
  GtkWidget *home = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  g_clear_handle_id (&self->hold_id, g_source_remove);

  if (!sok_staff_mode_is_corner (gtk_widget_get_width (home), gtk_widget_get_height (home),
                                 x, y))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  self->hold_id = g_timeout_add (SOK_STAFF_MODE_HOLD_MS, hold_done_cb, self);
}

static void
corner_drag_update_cb (SokStaffMode   *self,
                       double          dx,
                       double          dy,
                       GtkGestureDrag *gesture)
{
  /* A finger that slides away is a child playing, not a member of staff holding. */
  if (dx * dx + dy * dy > 32 * 32)
    g_clear_handle_id (&self->hold_id, g_source_remove);
}

static void
corner_drag_end_cb (SokStaffMode   *self,
                    double          dx,
                    double          dy,
                    GtkGestureDrag *gesture)
{
  g_clear_handle_id (&self->hold_id, g_source_remove);
}

static void
corner_cancel_cb (SokStaffMode     *self,
                  GdkEventSequence *sequence,
                  GtkGesture       *gesture)
{
  g_clear_handle_id (&self->hold_id, g_source_remove);
}

/* ---- Dialogs ------------------------------------------------------------------ */

static void
dialog_destroy_cb (SokStaffMode *self,
                   GtkWidget    *dialog)
{
  g_ptr_array_remove (self->dialogs, dialog);
}

static gboolean
dialog_input_cb (SokStaffMode             *self,
                 GdkEvent                 *event,
                 GtkEventControllerLegacy *controller)
{
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_BUTTON_RELEASE:
    case GDK_MOTION_NOTIFY:
    case GDK_KEY_PRESS:
    case GDK_KEY_RELEASE:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCH_END:
      /* The window only sees its own input; a teacher choosing a file is there. */
      if (self->window != NULL)
        sok_window_note_activity (self->window);
      break;

    default:
      break;
    }

  return GDK_EVENT_PROPAGATE;
}

static gboolean
is_for_window (GtkWindow *window,
               GtkWindow *kiosk)
{
  for (GtkWindow *parent = gtk_window_get_transient_for (window); parent != NULL;
       parent = gtk_window_get_transient_for (parent))
    if (parent == kiosk)
      return TRUE;

  return FALSE;
}

/* Called before the home page shows, and before the member is forgotten: a file
 * chooser or print dialog left open would let the next child browse the kiosk's files
 * or import a roster without a PIN. */
static void
close_dialogs (SokStaffMode *self)
{
  g_autoptr (GPtrArray) others = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* Cancel first, so the page that opened each one forgets what it meant to do; then
   * make sure it is gone, whatever its response handler did. */
  while (self->dialogs->len > 0)
    {
      g_autoptr (GtkWindow) dialog = g_object_ref (g_ptr_array_index (self->dialogs, 0));

      g_ptr_array_remove_index (self->dialogs, 0);
      if (GTK_IS_DIALOG (dialog))
        gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
      gtk_window_destroy (dialog);
    }

  /* Whatever those dialogs opened themselves ("Replace the file?") goes too. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (self->window != NULL && is_for_window (window, GTK_WINDOW (self->window)))
        g_ptr_array_add (others, g_steal_pointer (&window));
    }
  for (guint i = 0; i < others->len; i++)
    gtk_window_destroy (g_ptr_array_index (others, i));
}

/* ---- Signing in and out ------------------------------------------------------- */

static void
window_reset_cb (SokStaffMode *self,
                 SokWindow    *window)
{
  if (self->member == NULL)
    return;

  /* Going home ends staff mode, however it happened, and IT's maintenance with it: the
   * next person at the kiosk may be a child. */
  if (sok_window_restore_kiosk_mode (self->window))
    sok_staff_mode_log (self, "kiosk-mode-restored", NULL);
  sok_staff_mode_log (self, "staff-mode-left",
                      self->signing_out ? "signed out" : "hidden or timed out");
  g_clear_pointer (&self->member, sok_staff_member_free);
  self->session++;
  self->promise_started_at = 0;
  sok_window_set_idle_timeouts (self->window, self->normal_idle_ms, self->normal_countdown_ms);
}

static void
window_going_home_cb (SokStaffMode *self,
                      SokWindow    *window)
{
  close_dialogs (self);
}

static void
sok_staff_mode_dispose (GObject *object)
{
  SokStaffMode *self = SOK_STAFF_MODE (object);

  g_clear_handle_id (&self->hold_id, g_source_remove);
  if (self->dialogs != NULL)
    close_dialogs (self);
  g_clear_pointer (&self->dialogs, g_ptr_array_unref);
  g_clear_pointer (&self->member, sok_staff_member_free);
  if (self->window != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->window, self);
      g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *)&self->window);
      self->window = NULL;
    }
  self->corner_gesture = NULL;

  G_OBJECT_CLASS (sok_staff_mode_parent_class)->dispose (object);
}

static void
sok_staff_mode_class_init (SokStaffModeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sok_staff_mode_dispose;

  /**
   * SokStaffMode::start-promise:
   * @pupil_id: the pupil who will make their promise now, with the member of staff
   *
   * Emitted when staff start a pupil's promise from the September campaign. The
   * window connects the promise flow, which takes it (returns %TRUE), runs the
   * pupil's own promise pages with the record saying a grown-up helped, and hands
   * the kiosk back with sok_staff_mode_return_from_promise(). There is no other
   * promise path: a kiosk without a promise flow (no database) has no campaign.
   *
   * Returns: %TRUE when handled
   */
  signals[START_PROMISE] =
    g_signal_new ("start-promise",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 1, G_TYPE_INT64);
}

static void
sok_staff_mode_init (SokStaffMode *self)
{
  self->staff_idle_ms = 120 * 1000;
  self->dialogs = g_ptr_array_new ();
}

/**
 * sok_staff_mode_new:
 * @window: the kiosk's window, with its home page
 *
 * Adds the staff pages to @window and watches its home page's hidden corner. The
 * window owns the returned object and must outlive nothing it does.
 *
 * Returns: (transfer full): staff mode for @window
 */
SokStaffMode *
sok_staff_mode_new (SokWindow *window)
{
  SokStaffMode *self;
  SokPage *home;
  SokContext *context;
  SokConfig *config;
  GtkGesture *gesture;

  g_return_val_if_fail (SOK_IS_WINDOW (window), NULL);

  self = g_object_new (SOK_TYPE_STAFF_MODE, NULL);
  self->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&self->window);

  context = sok_window_get_context (window);
  config = sok_window_get_config (window);
  if (config != NULL)
    self->staff_idle_ms = sok_config_get_staff_idle_seconds (config) * 1000;

  sok_window_add_page (window, SOK_PAGE (sok_pin_page_new (context)));
  sok_window_add_page (window, SOK_PAGE (sok_staff_home_page_new (context)));
  sok_window_add_page (window, SOK_PAGE (sok_campaign_page_new (context)));
  sok_window_add_page (window, SOK_PAGE (sok_roster_page_new (context)));
  sok_window_add_page (window, SOK_PAGE (sok_health_page_new (context)));

  g_signal_connect_object (window, "going-home", G_CALLBACK (window_going_home_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "reset", G_CALLBACK (window_reset_cb), self,
                           G_CONNECT_SWAPPED);

  /* The capture phase sees the press before the tiles do; a press anywhere but the
   * corner is denied at once and the tiles work as ever. */
  home = sok_window_get_page (window, "home");
  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (gesture), FALSE);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture),
                                              GTK_PHASE_CAPTURE);
  g_signal_connect_object (gesture, "drag-begin", G_CALLBACK (corner_drag_begin_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "drag-update", G_CALLBACK (corner_drag_update_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "drag-end", G_CALLBACK (corner_drag_end_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "cancel", G_CALLBACK (corner_cancel_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (home), GTK_EVENT_CONTROLLER (gesture));
  self->corner_gesture = gesture;

  return self;
}

/**
 * sok_staff_mode_for_widget:
 * @widget: a widget in the kiosk's window
 *
 * Returns: (transfer none) (nullable): the window's staff mode
 */
SokStaffMode *
sok_staff_mode_for_widget (GtkWidget *widget)
{
  GtkWidget *window;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  window = gtk_widget_get_ancestor (widget, SOK_TYPE_WINDOW);
  return window != NULL ? sok_window_get_staff_mode (SOK_WINDOW (window)) : NULL;
}

SokWindow *
sok_staff_mode_get_window (SokStaffMode *self)
{
  g_return_val_if_fail (SOK_IS_STAFF_MODE (self), NULL);

  return self->window;
}

/**
 * sok_staff_mode_get_member:
 *
 * Returns: (transfer none) (nullable): who is signed in
 */
const SokStaffMember *
sok_staff_mode_get_member (SokStaffMode *self)
{
  g_return_val_if_fail (SOK_IS_STAFF_MODE (self), NULL);

  return self->member;
}

gboolean
sok_staff_mode_is_signed_in (SokStaffMode *self)
{
  g_return_val_if_fail (SOK_IS_STAFF_MODE (self), FALSE);

  return self->member != NULL;
}

/**
 * sok_staff_mode_may:
 * @task: "campaign", "certificates", "roster", "health" or "leave"
 *
 * Returns: whether the member signed in may do @task: everyone runs the campaign,
 *   prints certificates and imports the roster; the DSL and IT see the kiosk's
 *   health; only IT may leave kiosk mode.
 */
gboolean
sok_staff_mode_may (SokStaffMode *self,
                    const char   *task)
{
  const char *role;

  g_return_val_if_fail (SOK_IS_STAFF_MODE (self), FALSE);
  g_return_val_if_fail (task != NULL, FALSE);

  if (self->member == NULL)
    return FALSE;
  role = self->member->role;

  if (g_str_equal (task, "campaign") || g_str_equal (task, "certificates") ||
      g_str_equal (task, "roster"))
    return TRUE;
  if (g_str_equal (task, "health"))
    return g_str_equal (role, "dsl") || g_str_equal (role, "it");
  if (g_str_equal (task, "leave"))
    return g_str_equal (role, "it");

  return FALSE;
}

/**
 * sok_staff_mode_get_session:
 *
 * Returns: a number that changes whenever a member signs in and whenever staff mode
 *   ends. Work that finishes later than it started (a print job) compares it with
 *   the number it started under, to touch nothing once that member has gone.
 */
guint
sok_staff_mode_get_session (SokStaffMode *self)
{
  g_return_val_if_fail (SOK_IS_STAFF_MODE (self), 0);

  return self->session;
}

/**
 * sok_staff_mode_present_dialog:
 * @dialog: a dialog a staff page opens (a file chooser, a print dialog), not yet shown
 *
 * Shows @dialog over the kiosk's window for as long as staff mode lasts and no
 * longer: when staff mode ends (Sign out, Hide, the idle time-out) it is answered
 * %GTK_RESPONSE_CANCEL and destroyed before the home page shows. Input in it counts
 * as someone being there, so the idle time-out does not end staff mode under a
 * teacher still choosing a file. It is not modal: Hide and Sign out keep working
 * while it is open. Without a member signed in it is destroyed at once.
 */
void
sok_staff_mode_present_dialog (SokStaffMode *self,
                               GtkWindow    *dialog)
{
  GtkEventController *controller;

  g_return_if_fail (SOK_IS_STAFF_MODE (self));
  g_return_if_fail (GTK_IS_WINDOW (dialog));

  if (self->window == NULL || self->member == NULL)
    {
      gtk_window_destroy (dialog);
      return;
    }

  gtk_window_set_transient_for (dialog, GTK_WINDOW (self->window));
  gtk_window_set_destroy_with_parent (dialog, TRUE);
  gtk_window_set_modal (dialog, FALSE);

  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "event", G_CALLBACK (dialog_input_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (dialog), controller);

  g_ptr_array_add (self->dialogs, dialog);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroy_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_window_present (dialog);
}

/**
 * sok_staff_mode_get_n_dialogs:
 *
 * Returns: how many dialogs opened with sok_staff_mode_present_dialog() are open
 */
guint
sok_staff_mode_get_n_dialogs (SokStaffMode *self)
{
  g_return_val_if_fail (SOK_IS_STAFF_MODE (self), 0);

  return self->dialogs->len;
}

/**
 * sok_staff_mode_set_idle_ms:
 *
 * How long staff mode waits without a touch before it asks "Are you still there?"
 * and goes home. The kiosk takes staff-idle-seconds; tests cannot wait that long.
 */
void
sok_staff_mode_set_idle_ms (SokStaffMode *self,
                            guint         idle_ms)
{
  g_return_if_fail (SOK_IS_STAFF_MODE (self));
  g_return_if_fail (idle_ms > 0);

  self->staff_idle_ms = idle_ms;
}

/**
 * sok_staff_mode_open_pin_pad:
 *
 * What the hidden long press does: shows the PIN pad.
 */
void
sok_staff_mode_open_pin_pad (SokStaffMode *self)
{
  g_return_if_fail (SOK_IS_STAFF_MODE (self));

  if (self->window == NULL)
    return;

  sok_window_show_page (self->window, "staff-pin");
}

/**
 * sok_staff_mode_begin:
 * @member: who typed the right PIN (copied)
 *
 * Signs @member in and shows the staff home. The entry itself was logged by the PIN
 * check.
 */
void
sok_staff_mode_begin (SokStaffMode         *self,
                      const SokStaffMember *member)
{
  g_return_if_fail (SOK_IS_STAFF_MODE (self));
  g_return_if_fail (member != NULL);

  if (self->window == NULL)
    return;

  g_clear_pointer (&self->member, sok_staff_member_free);
  self->member = sok_staff_member_copy (member);
  self->session++;
  self->signing_out = FALSE;

  /* "Are you still there?" counts down the last part of staff-idle-seconds, so staff
   * mode ends when the setting says, with a warning first. */
  sok_window_get_idle_timeouts (self->window, &self->normal_idle_ms,
                                &self->normal_countdown_ms);
  sok_window_set_idle_timeouts (self->window,
                                MAX (self->staff_idle_ms / 2,
                                     self->staff_idle_ms - MIN (self->staff_idle_ms,
                                                                self->normal_countdown_ms)),
                                MIN (self->normal_countdown_ms, self->staff_idle_ms / 2));

  sok_window_show_page (self->window, "staff-home");
}

/**
 * sok_staff_mode_sign_out:
 *
 * Ends staff mode and goes home, where every staff page forgets what it showed.
 */
void
sok_staff_mode_sign_out (SokStaffMode *self)
{
  g_return_if_fail (SOK_IS_STAFF_MODE (self));

  if (self->window == NULL)
    return;

  self->signing_out = TRUE;
  sok_window_go_home (self->window);
  self->signing_out = FALSE;
}

/**
 * sok_staff_mode_log:
 * @action: a short fixed word, such as "certificates-printed"
 * @detail: (nullable): ids and counts only: never a PIN, a pupil's name or a report
 *
 * Appends to the staff log, as the member signed in. A log that cannot be written is
 * a warning for IT, never a reason to stop the member of staff.
 */
void
sok_staff_mode_log (SokStaffMode *self,
                    const char   *action,
                    const char   *detail)
{
  g_autoptr (GError) error = NULL;
  SokStore *store;

  g_return_if_fail (SOK_IS_STAFF_MODE (self));
  g_return_if_fail (action != NULL);

  if (self->window == NULL || (store = sok_window_get_store (self->window)) == NULL)
    return;

  if (!sok_staff_log (store, self->member != NULL ? self->member->id : 0, action, detail,
                      &error))
    g_warning ("The staff log could not be written: %s", error->message);
}

/**
 * sok_staff_mode_start_promise:
 * @pupil_id: the pupil
 *
 * Starts @pupil_id's promise with the member of staff beside them; see
 * #SokStaffMode::start-promise.
 */
void
sok_staff_mode_start_promise (SokStaffMode *self,
                              gint64        pupil_id)
{
  g_autofree char *detail = NULL;
  gboolean handled = FALSE;

  g_return_if_fail (SOK_IS_STAFF_MODE (self));

  if (!sok_staff_mode_may (self, "campaign"))
    return;

  detail = g_strdup_printf ("pupil %" G_GINT64_FORMAT, pupil_id);
  sok_staff_mode_log (self, "promise-started-with-adult", detail);
  self->promise_started_at = g_get_monotonic_time ();
  g_signal_emit (self, signals[START_PROMISE], 0, pupil_id, &handled);
  if (!handled)
    {
      self->promise_started_at = 0;
      g_warning ("Nothing took the promise staff started (pupil %" G_GINT64_FORMAT ")",
                 pupil_id);
    }
}

/**
 * sok_staff_mode_return_from_promise:
 * @class_id: the pupil's class, 0 for none
 * @saved_forename: (nullable): the pupil's first name when their promise was
 *   recorded, %NULL when it ended without one (Back, or promised already)
 *
 * What the promise flow calls when a promise staff started ends without Hide or the
 * idle time-out (Thank you, All done, Back from its first screen). The teacher gets
 * the campaign back, showing @class_id with its new count — but only while they are
 * still signed in and less than staff-idle-seconds have passed since they started
 * the promise. The child's taps in between say nothing about whether the teacher is
 * still beside them, so after that long the kiosk goes home and signs staff out
 * rather than leave a child on a page that lists who has not promised.
 */
void
sok_staff_mode_return_from_promise (SokStaffMode *self,
                                    gint64        class_id,
                                    const char   *saved_forename)
{
  SokPage *campaign;
  gint64 away_ms;

  g_return_if_fail (SOK_IS_STAFF_MODE (self));

  if (self->window == NULL)
    return;

  away_ms = (g_get_monotonic_time () - self->promise_started_at) / 1000;
  if (self->promise_started_at == 0 || !sok_staff_mode_may (self, "campaign") ||
      away_ms >= self->staff_idle_ms)
    {
      sok_window_go_home (self->window);
      return;
    }

  self->promise_started_at = 0;
  /* Showing the page counts the promises again; then the pupil's class is chosen. */
  sok_window_show_page (self->window, "staff-campaign");
  campaign = sok_window_get_page (self->window, "staff-campaign");
  if (class_id > 0)
    sok_campaign_page_show_class (SOK_CAMPAIGN_PAGE (campaign), class_id);
  if (saved_forename != NULL)
    sok_campaign_page_say_promise_saved (SOK_CAMPAIGN_PAGE (campaign), saved_forename);
}

/**
 * sok_staff_mode_leave_kiosk_mode:
 *
 * For IT only: the window stops being fullscreen, gives the keyboard's system
 * shortcuts back, and may be closed, so IT can reach the desktop. Only until staff
 * mode ends: Sign out, Hide or the idle time-out lock the kiosk again.
 */
void
sok_staff_mode_leave_kiosk_mode (SokStaffMode *self)
{
  g_return_if_fail (SOK_IS_STAFF_MODE (self));

  if (self->window == NULL || !sok_staff_mode_may (self, "leave"))
    return;

  sok_staff_mode_log (self, "kiosk-mode-left", NULL);
  sok_window_leave_kiosk_mode (self->window);
}

/* ---- Widgets every staff page uses -------------------------------------------- */

/**
 * sok_staff_button_new:
 * @label: the words on it, which are also its accessible name
 *
 * Returns: (transfer floating): a button sized for an adult's finger (48 px and more)
 */
GtkWidget *
sok_staff_button_new (const char *label)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, "staff-button");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);

  return button;
}

/**
 * sok_staff_label_new:
 * @style_class: (nullable): a CSS class for it
 *
 * Returns: (transfer floating): a wrapping, left-aligned label
 */
GtkWidget *
sok_staff_label_new (const char *text,
                     const char *style_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (style_class != NULL)
    gtk_widget_add_css_class (label, style_class);

  return label;
}

/**
 * sok_staff_dup_late_report_warning:
 * @on_health_page: %TRUE for the words on Kiosk health itself
 *
 * Reports normally wait a while on purpose (non-urgent ones go at a random time,
 * README.md says why), and the outbox keeps no time finer than the half-day a report
 * was sent in. So a report is late when delivery has failed and reports wait, or
 * when one still waits from before the last half-day.
 *
 * Returns: (transfer full) (nullable): a warning for staff when a report is late,
 *   saying since when in half-days ("since this morning"), else %NULL
 */
char *
sok_staff_dup_late_report_warning (SokStore *store,
                                   gboolean  on_health_page)
{
  g_auto (SokOutboxStatus) status = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *since = NULL;
  gint64 now = g_get_real_time ();

  if (store == NULL)
    return NULL;
  if (!sok_outbox_get_status (store, &status, &error))
    return g_strdup (error->message);
  if (status.waiting == 0 || status.oldest_half_day == 0)
    return NULL;
  if (status.last_error == NULL &&
      status.oldest_half_day >= sok_half_day_of (now - 12 * G_TIME_SPAN_HOUR))
    return NULL;

  since = sok_half_day_dup_words (status.oldest_half_day, now);
  if (on_health_page)
    /* Translators: a warning on Kiosk health; %s is a half-day ("this morning") */
    return g_strdup_printf (_("A child’s report has been waiting to reach the DSL since %s. "
                              "Delivery, below, says why; tell the DSL."), since);

  /* Translators: a warning on the staff screen; %s is a half-day ("this morning") */
  return g_strdup_printf (_("A child’s report has been waiting to reach the DSL since %s. "
                            "Tell the DSL and IT; Kiosk health says why."), since);
}

/**
 * sok_staff_heading_new:
 * @style_class: (nullable): a CSS class for it
 *
 * Returns: (transfer floating): a wrapping label a screen reader knows as a heading
 */
GtkWidget *
sok_staff_heading_new (const char *text,
                       const char *style_class)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "label", text,
                                   "wrap", TRUE,
                                   "wrap-mode", PANGO_WRAP_WORD_CHAR,
                                   "xalign", 0.0f,
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING,
                                   NULL);

  if (style_class != NULL)
    gtk_widget_add_css_class (label, style_class);

  return label;
}
