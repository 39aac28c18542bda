/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-staff-session"

#include "config.h"

#include "sok-presence.h"
#include "sok-staff-session.h"

/* Who is signed in to staff mode, what they may do, and the dialogs they opened: what
 * the staff pages ask about while they work. The pages find it in their #SokContext;
 * staff mode (the controller) signs members in and out and closes the dialogs when
 * staff mode ends. Every entry and action goes to the staff log (who, what, when;
 * never a PIN, a pupil's name or a report).
 */
struct _SokStaffSession
{
  GObject         parent_instance;

  SokStore       *store;
  GtkWindow      *window;   /* weak: the kiosk's window, which dialogs belong to */
  SokStaffMember *member;   /* NULL when nobody is signed in */
  guint           serial;

  /* The dialogs staff opened (weak: each leaves the array when destroyed). */
  GPtrArray      *dialogs;
};

G_DEFINE_FINAL_TYPE (SokStaffSession, sok_staff_session, G_TYPE_OBJECT)

enum {
  SIGNED_IN,
  ACTIVITY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
dialog_destroy_cb (SokStaffSession *self,
                   GtkWidget       *dialog)
{
  g_ptr_array_remove (self->dialogs, dialog);
}

static gboolean
dialog_input_cb (SokStaffSession          *self,
                 GdkEvent                 *event,
                 GtkEventControllerLegacy *controller)
{
  /* The window only sees its own input; a teacher choosing a file is there. */
  if (sok_event_means_someone_is_there (event))
    g_signal_emit (self, signals[ACTIVITY], 0);

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

static void
sok_staff_session_dispose (GObject *object)
{
  SokStaffSession *self = SOK_STAFF_SESSION (object);

  if (self->dialogs != NULL)
    sok_staff_session_close_dialogs (self);
  g_clear_pointer (&self->dialogs, g_ptr_array_unref);
  g_clear_weak_pointer (&self->window);

  G_OBJECT_CLASS (sok_staff_session_parent_class)->dispose (object);
}

static void
sok_staff_session_finalize (GObject *object)
{
  SokStaffSession *self = SOK_STAFF_SESSION (object);

  g_clear_pointer (&self->member, sok_staff_member_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (sok_staff_session_parent_class)->finalize (object);
}

static void
sok_staff_session_class_init (SokStaffSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sok_staff_session_dispose;
  object_class->finalize = sok_staff_session_finalize;

  /**
   * SokStaffSession::signed-in:
   *
   * Emitted when a member typed the right PIN and is signed in; staff mode shows the
   * staff home.
   */
  signals[SIGNED_IN] =
    g_signal_new ("signed-in",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * SokStaffSession::activity:
   *
   * Emitted on input in a staff dialog, which the kiosk's window cannot see: someone
   * is there.
   */
  signals[ACTIVITY] =
    g_signal_new ("activity",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
sok_staff_session_init (SokStaffSession *self)
{
  self->dialogs = g_ptr_array_new ();
}

/**
 * sok_staff_session_new:
 * @store: (nullable): the kiosk's database, where the staff log is kept
 *
 * Returns: (transfer full): a session with nobody signed in
 */
SokStaffSession *
sok_staff_session_new (SokStore *store)
{
  SokStaffSession *self;

  g_return_val_if_fail (store == NULL || SOK_IS_STORE (store), NULL);

  self = g_object_new (SOK_TYPE_STAFF_SESSION, NULL);
  g_set_object (&self->store, store);

  return self;
}

/**
 * sok_staff_session_set_window:
 * @window: (nullable): the kiosk's window, which staff dialogs belong to
 */
void
sok_staff_session_set_window (SokStaffSession *self,
                              GtkWindow       *window)
{
  g_return_if_fail (SOK_IS_STAFF_SESSION (self));
  g_return_if_fail (window == NULL || GTK_IS_WINDOW (window));

  g_set_weak_pointer (&self->window, window);
}

/**
 * sok_staff_session_get_member:
 *
 * Returns: (transfer none) (nullable): who is signed in
 */
const SokStaffMember *
sok_staff_session_get_member (SokStaffSession *self)
{
  g_return_val_if_fail (SOK_IS_STAFF_SESSION (self), NULL);

  return self->member;
}

gboolean
sok_staff_session_is_signed_in (SokStaffSession *self)
{
  g_return_val_if_fail (SOK_IS_STAFF_SESSION (self), FALSE);

  return self->member != NULL;
}

/**
 * sok_staff_session_may:
 * @task: "campaign", "certificates", "roster", "health" or "leave"
 *
 * Returns: whether the member signed in may do @task: everyone runs the campaign,
 *   prints certificates and imports the roster; the DSL and IT see the kiosk's
 *   health; only IT may leave kiosk mode.
 */
gboolean
sok_staff_session_may (SokStaffSession *self,
                       const char      *task)
{
  const char *role;

  g_return_val_if_fail (SOK_IS_STAFF_SESSION (self), FALSE);
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
 * sok_staff_session_get_serial:
 *
 * Returns: a number that changes whenever a member signs in and whenever staff mode
 *   ends. Work that finishes later than it started (a print job) compares it with
 *   the number it started under, to touch nothing once that member has gone.
 */
guint
sok_staff_session_get_serial (SokStaffSession *self)
{
  g_return_val_if_fail (SOK_IS_STAFF_SESSION (self), 0);

  return self->serial;
}

/**
 * sok_staff_session_sign_in:
 * @member: who typed the right PIN (copied)
 *
 * Signs @member in and emits #SokStaffSession::signed-in. The entry itself was logged
 * by the PIN check.
 */
void
sok_staff_session_sign_in (SokStaffSession      *self,
                           const SokStaffMember *member)
{
  g_return_if_fail (SOK_IS_STAFF_SESSION (self));
  g_return_if_fail (member != NULL);

  g_clear_pointer (&self->member, sok_staff_member_free);
  self->member = sok_staff_member_copy (member);
  self->serial++;

  g_signal_emit (self, signals[SIGNED_IN], 0);
}

/**
 * sok_staff_session_end:
 *
 * Forgets who was signed in. Staff mode calls it when the kiosk goes home.
 */
void
sok_staff_session_end (SokStaffSession *self)
{
  g_return_if_fail (SOK_IS_STAFF_SESSION (self));

  g_clear_pointer (&self->member, sok_staff_member_free);
  self->serial++;
}

/**
 * sok_staff_session_log:
 * @action: a short fixed word, such as "certificates-printed"
 * @detail: (nullable): ids and counts only: never a PIN, a pupil's name or a report
 *
 * Appends to the staff log, as the member signed in. A log that cannot be written is
 * a warning for IT, never a reason to stop the member of staff.
 */
void
sok_staff_session_log (SokStaffSession *self,
                       const char      *action,
                       const char      *detail)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (SOK_IS_STAFF_SESSION (self));
  g_return_if_fail (action != NULL);

  if (self->store == NULL)
    return;

  if (!sok_staff_log (self->store, self->member != NULL ? self->member->id : 0, action, detail,
                      &error))
    g_warning ("The staff log could not be written: %s", error->message);
}

/**
 * sok_staff_session_present_dialog:
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
sok_staff_session_present_dialog (SokStaffSession *self,
                                  GtkWindow       *dialog)
{
  GtkEventController *controller;

  g_return_if_fail (SOK_IS_STAFF_SESSION (self));
  g_return_if_fail (GTK_IS_WINDOW (dialog));

  if (self->window == NULL || self->member == NULL)
    {
      gtk_window_destroy (dialog);
      return;
    }

  gtk_window_set_transient_for (dialog, self->window);
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
 * sok_staff_session_get_n_dialogs:
 *
 * Returns: how many dialogs opened with sok_staff_session_present_dialog() are open
 */
guint
sok_staff_session_get_n_dialogs (SokStaffSession *self)
{
  g_return_val_if_fail (SOK_IS_STAFF_SESSION (self), 0);

  return self->dialogs->len;
}

/**
 * sok_staff_session_close_dialogs:
 *
 * Called before the home page shows, and before the member is forgotten: a file
 * chooser or print dialog left open would let the next child browse the kiosk's files
 * or import a roster without a PIN.
 */
void
sok_staff_session_close_dialogs (SokStaffSession *self)
{
  g_autoptr (GPtrArray) others = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_return_if_fail (SOK_IS_STAFF_SESSION (self));

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

      if (self->window != NULL && is_for_window (window, self->window))
        g_ptr_array_add (others, g_steal_pointer (&window));
    }
  for (guint i = 0; i < others->len; i++)
    gtk_window_destroy (g_ptr_array_index (others, i));
}
