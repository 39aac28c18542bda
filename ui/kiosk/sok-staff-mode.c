/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-staff-mode"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-campaign-page.h"
#include "sok-health-page.h"
#include "sok-pin-page.h"
#include "sok-roster-page.h"
#include "sok-staff-home-page.h"
#include "sok-staff-mode.h"
#include "sok-staff-mode-private.h"

/* Staff mode: the flow (a #SokFlow, not a widget) behind the staff pages. It watches
 * the home screen's hidden corner, opens the PIN pad, lengthens the idle time-out to
 * staff-idle-seconds while someone is signed in, and signs out whenever the window
 * goes home: Hide, the idle time-out or Sign out.
 *
 * Who is signed in, what they may do, the staff log and the dialogs staff opened are
 * the #SokStaffSession in the context, which the staff pages ask directly. The pages
 * ask staff mode itself for what changes the kiosk through its actions: staff.sign-out,
 * staff.leave-kiosk-mode and staff.start-promise.
 */
struct _SokStaffMode
{
  SokFlow          parent_instance;

  SokStaffSession *session;
  SokPage         *campaign;        /* borrowed: the flow keeps its pages */

  GtkGesture      *corner_gesture;
  guint            hold_id;

  guint            staff_idle_ms;
  guint            normal_idle_ms;
  guint            normal_countdown_ms;
  gint64           promise_started_at;  /* monotonic; 0 when no promise is running */

  guint            signing_out : 1;
};

G_DEFINE_FINAL_TYPE (SokStaffMode, sok_staff_mode, SOK_TYPE_FLOW)

static SokShell *
shell (SokStaffMode *self)
{
  return sok_flow_get_shell (SOK_FLOW (self));
}

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

/* ---- Signing in and out ------------------------------------------------------- */

/* Going home ends staff mode, however it happened, and IT's maintenance with it: the
 * next person at the kiosk may be a child. */
static void
forget_cb (SokFlow *flow)
{
  SokStaffMode *self = SOK_STAFF_MODE (flow);

  if (!sok_staff_session_is_signed_in (self->session))
    return;

  if (shell (self) != NULL && sok_shell_restore_kiosk_mode (shell (self)))
    sok_staff_mode_log (self, "kiosk-mode-restored", NULL);
  sok_staff_mode_log (self, "staff-mode-left",
                      self->signing_out ? "signed out" : "hidden or timed out");
  sok_staff_session_end (self->session);
  self->promise_started_at = 0;
  if (shell (self) != NULL)
    sok_shell_set_idle_timeouts (shell (self), self->normal_idle_ms, self->normal_countdown_ms);
}

static void
shell_going_home_cb (SokStaffMode *self,
                     SokShell     *shell)
{
  sok_staff_session_close_dialogs (self->session);
}

static void
session_activity_cb (SokStaffMode    *self,
                     SokStaffSession *session)
{
  if (shell (self) != NULL)
    sok_shell_note_activity (shell (self));
}

/* The PIN pad signed a member in: the longer time-out, and the staff home. */
static void
session_signed_in_cb (SokStaffMode    *self,
                      SokStaffSession *session)
{
  if (shell (self) == NULL)
    return;

  self->signing_out = FALSE;

  /* "Are you still there?" counts down the last part of staff-idle-seconds, so staff
   * mode ends when the setting says, with a warning first. */
  sok_shell_get_idle_timeouts (shell (self), &self->normal_idle_ms,
                               &self->normal_countdown_ms);
  sok_shell_set_idle_timeouts (shell (self),
                               MAX (self->staff_idle_ms / 2,
                                    self->staff_idle_ms - MIN (self->staff_idle_ms,
                                                               self->normal_countdown_ms)),
                               MIN (self->normal_countdown_ms, self->staff_idle_ms / 2));

  sok_shell_show_page (shell (self), "staff-home");
}

static void
sign_out_activated_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  sok_staff_mode_sign_out (SOK_STAFF_MODE (user_data));
}

static void
leave_kiosk_mode_activated_cb (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  sok_staff_mode_leave_kiosk_mode (SOK_STAFF_MODE (user_data));
}

static void
start_promise_activated_cb (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  sok_staff_mode_start_promise (SOK_STAFF_MODE (user_data), g_variant_get_int64 (parameter));
}

static void
sok_staff_mode_create_pages (SokFlow *flow)
{
  SokStaffMode *self = SOK_STAFF_MODE (flow);
  SokContext *context = sok_flow_get_context (flow);

  /* None is reached by Next: each says where its Back leads. */
  sok_flow_add_other_page (flow, SOK_PAGE (sok_pin_page_new (context)));
  sok_flow_add_other_page (flow, SOK_PAGE (sok_staff_home_page_new (context)));
  self->campaign = SOK_PAGE (sok_campaign_page_new (context));
  sok_flow_add_other_page (flow, self->campaign);
  sok_flow_add_other_page (flow, SOK_PAGE (sok_roster_page_new (context)));
  sok_flow_add_other_page (flow, SOK_PAGE (sok_health_page_new (context)));
}

static void
sok_staff_mode_constructed (GObject *object)
{
  SokStaffMode *self = SOK_STAFF_MODE (object);
  SokContext *context;
  SokConfig *config;
  static const GActionEntry entries[] = {
    { "sign-out", sign_out_activated_cb, NULL, NULL, NULL },
    { "leave-kiosk-mode", leave_kiosk_mode_activated_cb, NULL, NULL, NULL },
    { "start-promise", start_promise_activated_cb, "x", NULL, NULL },
  };

  G_OBJECT_CLASS (sok_staff_mode_parent_class)->constructed (object);

  context = sok_flow_get_context (SOK_FLOW (self));
  self->session = g_object_ref (sok_context_get_staff (context));
  config = sok_context_get_config (context);
  if (config != NULL)
    self->staff_idle_ms = sok_config_get_staff_idle_seconds (config) * 1000;

  g_action_map_add_action_entries (sok_flow_get_actions (SOK_FLOW (self)), entries,
                                   G_N_ELEMENTS (entries), self);

  g_signal_connect_object (self->session, "signed-in", G_CALLBACK (session_signed_in_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "activity", G_CALLBACK (session_activity_cb), self,
                           G_CONNECT_SWAPPED);

  if (shell (self) != NULL)
    {
      if (GTK_IS_WINDOW (shell (self)))
        sok_staff_session_set_window (self->session, GTK_WINDOW (shell (self)));
      g_signal_connect_object (shell (self), "going-home", G_CALLBACK (shell_going_home_cb),
                               self, G_CONNECT_SWAPPED);
    }

  /* The staff pages are there from the start: the hidden corner may be held at once. */
  sok_flow_ensure_pages (SOK_FLOW (self));
}

static void
sok_staff_mode_dispose (GObject *object)
{
  SokStaffMode *self = SOK_STAFF_MODE (object);

  g_clear_handle_id (&self->hold_id, g_source_remove);
  if (self->session != NULL)
    {
      sok_staff_session_close_dialogs (self->session);
      sok_staff_session_end (self->session);
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_clear_object (&self->session);
    }
  if (self->corner_gesture != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->corner_gesture, self);
      self->corner_gesture = NULL;
    }
  self->campaign = NULL;

  G_OBJECT_CLASS (sok_staff_mode_parent_class)->dispose (object);
}

static void
sok_staff_mode_class_init (SokStaffModeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SokFlowClass *flow_class = SOK_FLOW_CLASS (klass);

  object_class->constructed = sok_staff_mode_constructed;
  object_class->dispose = sok_staff_mode_dispose;

  flow_class->create_pages = sok_staff_mode_create_pages;
  flow_class->forget = forget_cb;

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
}

/**
 * sok_staff_mode_new:
 * @context: the kiosk's context, whose staff session this works with
 * @shell: the kiosk's window; it keeps the returned object
 * @home: the home page, whose top right corner is the hidden one
 *
 * Adds the staff pages to @shell and watches @home's hidden corner.
 *
 * Returns: (transfer full): staff mode
 */
SokStaffMode *
sok_staff_mode_new (SokContext *context,
                    SokShell   *shell,
                    SokPage    *home)
{
  SokStaffMode *self;
  GtkGesture *gesture;

  g_return_val_if_fail (SOK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (SOK_IS_SHELL (shell), NULL);
  g_return_val_if_fail (SOK_IS_PAGE (home), NULL);

  self = g_object_new (SOK_TYPE_STAFF_MODE,
                       "name", "staff",
                       "context", context,
                       "shell", shell,
                       NULL);

  /* The capture phase sees the press before the tiles do; a press anywhere but the
   * corner is denied at once and the tiles work as ever. */
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
 * sok_staff_mode_get_member:
 *
 * Returns: (transfer none) (nullable): who is signed in
 */
const SokStaffMember *
sok_staff_mode_get_member (SokStaffMode *self)
{
  g_return_val_if_fail (SOK_IS_STAFF_MODE (self), NULL);

  return sok_staff_session_get_member (self->session);
}

gboolean
sok_staff_mode_is_signed_in (SokStaffMode *self)
{
  g_return_val_if_fail (SOK_IS_STAFF_MODE (self), FALSE);

  return sok_staff_session_is_signed_in (self->session);
}

/**
 * sok_staff_mode_may:
 * @task: "campaign", "certificates", "roster", "health" or "leave"
 *
 * Returns: whether the member signed in may do @task; see sok_staff_session_may()
 */
gboolean
sok_staff_mode_may (SokStaffMode *self,
                    const char   *task)
{
  g_return_val_if_fail (SOK_IS_STAFF_MODE (self), FALSE);

  return sok_staff_session_may (self->session, task);
}

/**
 * sok_staff_mode_get_n_dialogs:
 *
 * Returns: how many dialogs staff opened are open
 */
guint
sok_staff_mode_get_n_dialogs (SokStaffMode *self)
{
  g_return_val_if_fail (SOK_IS_STAFF_MODE (self), 0);

  return sok_staff_session_get_n_dialogs (self->session);
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

  if (shell (self) == NULL)
    return;

  sok_shell_show_page (shell (self), "staff-pin");
}

/**
 * sok_staff_mode_begin:
 * @member: who typed the right PIN (copied)
 *
 * Signs @member in and shows the staff home, as the PIN pad does. The entry itself
 * was logged by the PIN check.
 */
void
sok_staff_mode_begin (SokStaffMode         *self,
                      const SokStaffMember *member)
{
  g_return_if_fail (SOK_IS_STAFF_MODE (self));
  g_return_if_fail (member != NULL);

  if (shell (self) == NULL)
    return;

  /* The rest happens in session_signed_in_cb(). */
  sok_staff_session_sign_in (self->session, member);
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

  if (shell (self) == NULL)
    return;

  self->signing_out = TRUE;
  sok_shell_go_home (shell (self));
  self->signing_out = FALSE;
}

/**
 * sok_staff_mode_log:
 * @action: a short fixed word, such as "certificates-printed"
 * @detail: (nullable): ids and counts only: never a PIN, a pupil's name or a report
 *
 * Appends to the staff log, as the member signed in; see sok_staff_session_log().
 */
void
sok_staff_mode_log (SokStaffMode *self,
                    const char   *action,
                    const char   *detail)
{
  g_return_if_fail (SOK_IS_STAFF_MODE (self));
  g_return_if_fail (action != NULL);

  if (shell (self) == NULL)
    return;

  sok_staff_session_log (self->session, action, detail);
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
  SokPage *campaign = self->campaign;
  gint64 away_ms;

  g_return_if_fail (SOK_IS_STAFF_MODE (self));

  if (shell (self) == NULL)
    return;

  away_ms = (g_get_monotonic_time () - self->promise_started_at) / 1000;
  if (self->promise_started_at == 0 || !sok_staff_mode_may (self, "campaign") ||
      away_ms >= self->staff_idle_ms)
    {
      sok_shell_go_home (shell (self));
      return;
    }

  self->promise_started_at = 0;
  /* Showing the page counts the promises again; then the pupil's class is chosen. */
  sok_flow_show_page (SOK_FLOW (self), campaign);
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

  if (shell (self) == NULL || !sok_staff_mode_may (self, "leave"))
    return;

  sok_staff_mode_log (self, "kiosk-mode-left", NULL);
  sok_shell_leave_kiosk_mode (shell (self));
}
