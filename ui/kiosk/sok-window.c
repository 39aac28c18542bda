/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-context.h"
#include "sok-home-page.h"
#include "sok-picture.h"
#include "sok-presence.h"
#include "sok-problem-page.h"
#include "sok-promise-flow.h"
#include "sok-report-flow.h"
#include "sok-shell.h"
#include "sok-staff-mode.h"
#include "sok-stack.h"
#include "sok-window.h"
#include "sok-window-private.h"

/* The kiosk's one window: fullscreen, not closable, a stack of pages with the home
 * page first. It also keeps watch for a child who walked away: after idle-seconds
 * without a touch it asks "Are you still there?", and if nobody answers it goes home
 * and every page forgets what it held.
 */
struct _SokWindow
{
  AdwApplicationWindow  parent_instance;

  GtkStack             *stack;
  GtkWidget            *still_here_scrim;
  GtkWidget            *still_here_button;
  GtkLabel             *countdown_label;

  SokConfig            *config;
  SokStore             *store;
  SokSpeaker           *speaker;
  SokContext           *context;
  SokPage              *home;
  SokPage              *problem;
  SokPromiseFlow       *promise_flow;
  SokReportFlow        *report_flow;
  SokStaffMode         *staff_mode;

  GdkSurface           *surface;
  gulong                surface_state_id;

  guint                 idle_ms;
  guint                 countdown_ms;
  gint64                last_activity;
  gint64                countdown_end;
  guint                 idle_id;
  guint                 tick_id;

  guint                 windowed : 1;
  guint                 close_allowed : 1;
  guint                 allow_inspector : 1;
  guint                 kiosk_mode_left : 1;
};

static void sok_window_shell_init (SokShellInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SokWindow, sok_window, ADW_TYPE_APPLICATION_WINDOW,
                               G_IMPLEMENT_INTERFACE (SOK_TYPE_SHELL, sok_window_shell_init))

enum {
  PROP_0,
  PROP_CONFIG,
  PROP_STORE,
  PROP_WINDOWED,
  PROP_ALLOW_INSPECTOR,
  N_PROPS
};

/* The signals are SokShell's, which flows and staff mode listen to. */
enum {
  GOING_HOME,
  RESET,
  START_FLOW,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void arm_idle (SokWindow *self);

static gboolean
still_here_shown (SokWindow *self)
{
  return gtk_widget_get_visible (self->still_here_scrim);
}

static void
update_countdown (SokWindow *self)
{
  gint64 remaining = self->countdown_end - g_get_monotonic_time ();
  guint seconds = (guint) MAX (0, (remaining + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  g_autofree char *text = NULL;

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: under "Are you still there?" */
                                       "Going back to the start in %u second",
                                       "Going back to the start in %u seconds",
                                       seconds),
                          seconds);
  gtk_label_set_label (self->countdown_label, text);
}

static void
hide_still_here (SokWindow *self)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
  gtk_widget_set_visible (self->still_here_scrim, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), TRUE);
}

static gboolean
countdown_tick_cb (gpointer user_data)
{
  SokWindow *self = SOK_WINDOW (user_data);

  if (g_get_monotonic_time () >= self->countdown_end)
    {
      self->tick_id = 0;
      sok_window_go_home (self);
      return G_SOURCE_REMOVE;
    }

  update_countdown (self);

  return G_SOURCE_CONTINUE;
}

static void
show_still_here (SokWindow *self)
{
  guint tick_ms = CLAMP (self->countdown_ms / 20, 10, 250);

  self->countdown_end = g_get_monotonic_time () + (gint64) self->countdown_ms * 1000;
  update_countdown (self);

  /* The page underneath keeps its state but cannot be used until the child answers. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), FALSE);
  gtk_widget_set_visible (self->still_here_scrim, TRUE);
  gtk_widget_grab_focus (self->still_here_button);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  self->tick_id = g_timeout_add (tick_ms, countdown_tick_cb, self);
}

static gboolean
idle_cb (gpointer user_data)
{
  SokWindow *self = SOK_WINDOW (user_data);
  gint64 idle_for = (g_get_monotonic_time () - self->last_activity) / 1000;
  SokPage *page;

  self->idle_id = 0;

  /* Input only moves the time stamp; the timer checks it, so a busy finger costs
   * nothing. */
  if (idle_for < self->idle_ms)
    {
      self->idle_id = g_timeout_add (self->idle_ms - (guint) idle_for, idle_cb, self);
      return G_SOURCE_REMOVE;
    }

  page = sok_window_get_visible_page (self);
  if (page == NULL || page == self->home || page == self->problem)
    return G_SOURCE_REMOVE;

  show_still_here (self);

  return G_SOURCE_REMOVE;
}

static void
arm_idle (SokWindow *self)
{
  self->last_activity = g_get_monotonic_time ();

  if (self->idle_id == 0 && !still_here_shown (self))
    self->idle_id = g_timeout_add (self->idle_ms, idle_cb, self);
}

static gboolean
input_event_cb (SokWindow                *self,
                GdkEvent                 *event,
                GtkEventControllerLegacy *controller)
{
  /* While the warning is up only its button may bring the page back. */
  if (sok_event_means_someone_is_there (event) && !still_here_shown (self))
    arm_idle (self);

  return GDK_EVENT_PROPAGATE;
}

static void
visible_child_changed_cb (SokWindow *self)
{
  SokPage *page = sok_window_get_visible_page (self);

  sok_speaker_stop (self->speaker);

  if (page != NULL)
    sok_page_shown (page);

  if (!still_here_shown (self))
    arm_idle (self);
}

static void
start_flow_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SokWindow *self = SOK_WINDOW (widget);

  sok_speaker_stop (self->speaker);
  g_signal_emit (self, signals[START_FLOW], 0, g_variant_get_string (parameter, NULL));
}

/* Hide, on every page: go home now, without asking anything. */
static void
hide_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sok_window_go_home (SOK_WINDOW (widget));
}

/* Listen, on every page: read the page on screen aloud, or play the school's
 * recording of it. */
static void
listen_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SokWindow *self = SOK_WINDOW (widget);
  SokPage *page = sok_window_get_visible_page (self);
  g_autofree char *text = NULL;
  g_autofree char *recording = NULL;

  if (page == NULL)
    return;

  text = sok_page_dup_speech_text (page);
  recording = sok_page_dup_recording_path (page);
  if (text != NULL && *text != '\0')
    sok_speaker_say (self->speaker, text, recording);
}

/* For pages that lead to another page of the window (the staff pages). */
static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  sok_window_show_page (SOK_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
still_here_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SokWindow *self = SOK_WINDOW (widget);

  hide_still_here (self);
  arm_idle (self);
}

static void
inhibit_shortcuts (SokWindow *self)
{
  gboolean inhibited = FALSE;

  /* IT's maintenance needs the desktop's shortcuts until staff mode ends. */
  if (self->surface == NULL || !GDK_IS_TOPLEVEL (self->surface) || self->kiosk_mode_left)
    return;

  g_object_get (self->surface, "shortcuts-inhibited", &inhibited, NULL);
  if (inhibited)
    return;

  /* On X11 the inhibition is a keyboard grab, which only works once the window has
   * focus; GDK quietly does nothing before that, so this is tried again whenever the
   * window's state changes. */
  gdk_toplevel_inhibit_system_shortcuts (GDK_TOPLEVEL (self->surface), NULL);
}

static void
surface_state_changed_cb (SokWindow  *self,
                          GParamSpec *pspec,
                          GdkSurface *surface)
{
  inhibit_shortcuts (self);
}

static void
sok_window_realize (GtkWidget *widget)
{
  SokWindow *self = SOK_WINDOW (widget);

  GTK_WIDGET_CLASS (sok_window_parent_class)->realize (widget);

  /* A developer's --windowed kiosk must not grab the whole keyboard. */
  if (self->windowed)
    return;

  self->surface = g_object_ref (gtk_native_get_surface (GTK_NATIVE (self)));
  self->surface_state_id = g_signal_connect_object (self->surface, "notify::state",
                                                    G_CALLBACK (surface_state_changed_cb),
                                                    self, G_CONNECT_SWAPPED);
  inhibit_shortcuts (self);
}

static void
sok_window_unrealize (GtkWidget *widget)
{
  SokWindow *self = SOK_WINDOW (widget);

  if (self->surface != NULL)
    {
      g_clear_signal_handler (&self->surface_state_id, self->surface);
      gdk_toplevel_restore_system_shortcuts (GDK_TOPLEVEL (self->surface));
      g_clear_object (&self->surface);
    }

  GTK_WIDGET_CLASS (sok_window_parent_class)->unrealize (widget);
}

/* Ctrl+Shift+I and Ctrl+Shift+D ask GTK for its interactive debugger, which Debian's
 * GTK allows unless the user's settings say otherwise. Its property editor can put any
 * page, a staff page included, on screen without a PIN and shows what widgets hold, so
 * the kiosk refuses it whatever the settings say, unless a developer started it with
 * --allow-inspector. The key is used up either way. */
static gboolean
sok_window_enable_debugging (GtkWindow *window,
                             gboolean   toggle)
{
  SokWindow *self = SOK_WINDOW (window);

  if (self->allow_inspector)
    return GTK_WINDOW_CLASS (sok_window_parent_class)->enable_debugging (window, toggle);

  return TRUE;
}

static gboolean
refuse_debugging_cb (GtkWindow *window,
                     gboolean   toggle,
                     SokWindow *self)
{
  if (self->allow_inspector)
    return FALSE;

  /* The signal runs its class handler last, so stopping it here means GTK's own
   * handler, which opens the debugger, never runs. */
  g_signal_stop_emission_by_name (window, "enable-debugging");
  return TRUE;
}

/* Every other window this process opens (file choosers, print dialogs, the message
 * dialogs GTK opens from them) takes the same keys to the debugger: refuse them there
 * too, as each window appears, whoever opened it. */
static void
toplevels_changed_cb (SokWindow  *self,
                      guint       position,
                      guint       removed,
                      guint       added,
                      GListModel *toplevels)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (SOK_IS_WINDOW (window))
        continue;

      g_signal_connect_object (window, "enable-debugging", G_CALLBACK (refuse_debugging_cb),
                               self, 0);
    }
}

static void
watch_toplevels (SokWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_signal_connect_object (toplevels, "items-changed", G_CALLBACK (toplevels_changed_cb),
                           self, G_CONNECT_SWAPPED);
  toplevels_changed_cb (self, 0, 0, g_list_model_get_n_items (toplevels), toplevels);
}

static gboolean
sok_window_close_request (GtkWindow *window)
{
  SokWindow *self = SOK_WINDOW (window);

  /* A pupil must not be able to close the kiosk; only IT's own code may. */
  if (!self->close_allowed)
    return TRUE;

  return GTK_WINDOW_CLASS (sok_window_parent_class)->close_request (window);
}

/* A teacher started a pupil's promise from the September campaign: the pupil makes
 * their real promise on the promise flow's pages. */
static gboolean
staff_start_promise_cb (SokPromiseFlow *flow,
                        gint64          pupil_id,
                        SokStaffMode   *staff_mode)
{
  sok_promise_flow_start_with_adult (flow, pupil_id);

  return TRUE;
}

/* ...and when it ends, staff mode takes the kiosk back. */
static gboolean
promise_return_to_staff_cb (SokStaffMode   *staff_mode,
                            gint64          class_id,
                            const char     *saved_forename,
                            SokPromiseFlow *flow)
{
  sok_staff_mode_return_from_promise (staff_mode, class_id, saved_forename);

  return TRUE;
}

/* The staff log says who was beside the pupil; ids only, never a name. */
static void
promise_recorded_with_adult_cb (SokStaffMode   *staff_mode,
                                gint64          pupil_id,
                                SokPromiseFlow *flow)
{
  g_autofree char *detail = g_strdup_printf ("pupil %" G_GINT64_FORMAT, pupil_id);

  sok_staff_mode_log (staff_mode, "promise-recorded-with-adult", detail);
}

static void
sok_window_constructed (GObject *object)
{
  SokWindow *self = SOK_WINDOW (object);
  const char *school_name = NULL;

  G_OBJECT_CLASS (sok_window_parent_class)->constructed (object);

  if (self->config != NULL)
    {
      school_name = sok_config_get_school_name (self->config);
      self->idle_ms = sok_config_get_idle_seconds (self->config) * 1000;
    }

  self->context = sok_context_new (self->config, self->store, self->speaker);

  self->home = SOK_PAGE (sok_home_page_new (school_name));
  sok_window_add_page (self, self->home);

  /* Flows add their own pages and answer the home tiles' start-flow signal.
   * "Make my promise" needs the roster and somewhere to keep the promise. */
  if (self->store != NULL)
    self->promise_flow = sok_promise_flow_new (self->context, SOK_SHELL (self));
  self->report_flow = sok_report_flow_new (self->context, SOK_SHELL (self));
  /* Staff mode: the hidden corner on home, the PIN pad and the staff pages. */
  self->staff_mode = sok_staff_mode_new (self->context, SOK_SHELL (self), self->home);
  if (self->promise_flow != NULL)
    {
      g_signal_connect_object (self->staff_mode, "start-promise",
                               G_CALLBACK (staff_start_promise_cb), self->promise_flow,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->promise_flow, "return-to-staff",
                               G_CALLBACK (promise_return_to_staff_cb), self->staff_mode,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->promise_flow, "recorded-with-adult",
                               G_CALLBACK (promise_recorded_with_adult_cb), self->staff_mode,
                               G_CONNECT_SWAPPED);
    }

  watch_toplevels (self);

  if (!self->windowed)
    gtk_window_fullscreen (GTK_WINDOW (self));
}

static void
sok_window_dispose (GObject *object)
{
  SokWindow *self = SOK_WINDOW (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);

  if (self->speaker != NULL)
    sok_speaker_stop (self->speaker);

  g_clear_object (&self->staff_mode);
  g_clear_object (&self->promise_flow);
  g_clear_object (&self->report_flow);
  self->home = NULL;
  self->problem = NULL;

  /* Dispose may run more than once; GTK 4.8 asserts if the template goes twice. */
  if (self->stack != NULL)
    gtk_widget_dispose_template (GTK_WIDGET (self), SOK_TYPE_WINDOW);

  G_OBJECT_CLASS (sok_window_parent_class)->dispose (object);
}

static void
sok_window_finalize (GObject *object)
{
  SokWindow *self = SOK_WINDOW (object);

  g_clear_object (&self->context);
  g_clear_object (&self->speaker);
  g_clear_object (&self->config);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (sok_window_parent_class)->finalize (object);
}

static void
sok_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SokWindow *self = SOK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_object (value, self->config);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_WINDOWED:
      g_value_set_boolean (value, self->windowed);
      break;

    case PROP_ALLOW_INSPECTOR:
      g_value_set_boolean (value, self->allow_inspector);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sok_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  SokWindow *self = SOK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      self->config = g_value_dup_object (value);
      break;

    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_WINDOWED:
      self->windowed = g_value_get_boolean (value);
      break;

    case PROP_ALLOW_INSPECTOR:
      self->allow_inspector = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sok_window_class_init (SokWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = sok_window_constructed;
  object_class->dispose = sok_window_dispose;
  object_class->finalize = sok_window_finalize;
  object_class->get_property = sok_window_get_property;
  object_class->set_property = sok_window_set_property;

  widget_class->realize = sok_window_realize;
  widget_class->unrealize = sok_window_unrealize;

  window_class->close_request = sok_window_close_request;
  window_class->enable_debugging = sok_window_enable_debugging;

  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL,
                         SOK_TYPE_CONFIG,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         SOK_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_WINDOWED] =
    g_param_spec_boolean ("windowed", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* Only a developer's --allow-inspector sets this; the systemd unit never does. */
  properties[PROP_ALLOW_INSPECTOR] =
    g_param_spec_boolean ("allow-inspector", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* SokShell's signals (going-home, reset, start-flow), which the window emits. */
  g_type_ensure (SOK_TYPE_SHELL);
  signals[GOING_HOME] = g_signal_lookup ("going-home", SOK_TYPE_SHELL);
  signals[RESET] = g_signal_lookup ("reset", SOK_TYPE_SHELL);
  signals[START_FLOW] = g_signal_lookup ("start-flow", SOK_TYPE_SHELL);

  g_type_ensure (SOK_TYPE_PICTURE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/safeonlinekiosk/Kiosk/sok-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SokWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SokWindow, still_here_scrim);
  gtk_widget_class_bind_template_child (widget_class, SokWindow, still_here_button);
  gtk_widget_class_bind_template_child (widget_class, SokWindow, countdown_label);
  gtk_widget_class_bind_template_callback (widget_class, visible_child_changed_cb);

  gtk_widget_class_install_action (widget_class, "kiosk.start-flow", "s", start_flow_action);
  gtk_widget_class_install_action (widget_class, "kiosk.still-here", NULL, still_here_action);
  gtk_widget_class_install_action (widget_class, "kiosk.hide", NULL, hide_action);
  gtk_widget_class_install_action (widget_class, "kiosk.listen", NULL, listen_action);
  gtk_widget_class_install_action (widget_class, "kiosk.show-page", "s", show_page_action);
}

static void
sok_window_init (SokWindow *self)
{
  GtkEventController *controller;

  self->idle_ms = 90 * 1000;
  self->countdown_ms = SOK_WINDOW_STILL_HERE_SECONDS * 1000;
  self->speaker = sok_speaker_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Only the page on screen is offered to assistive technology. */
  sok_stack_present_only_visible_child (self->stack);
  /* A double tap on a tile answers one question, not the next one too. */
  sok_stack_settle_after_change (self->stack, SOK_STACK_CHILD_SETTLE_MS);

  /* Any touch, click, key, scroll or movement anywhere in the window counts as
   * someone being there; the capture phase sees it before any widget can eat it. */
  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "event", G_CALLBACK (input_event_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/**
 * sok_window_new:
 * @application: (nullable): the application
 * @config: (nullable): the kiosk's settings; %NULL when they could not be loaded
 * @store: (nullable): the kiosk's database; %NULL when it could not be opened
 * @windowed: %TRUE for a development window instead of the locked fullscreen kiosk
 *
 * Returns: (transfer full): the kiosk window, showing its home page
 */
SokWindow *
sok_window_new (GtkApplication *application,
                SokConfig      *config,
                SokStore       *store,
                gboolean        windowed)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (config == NULL || SOK_IS_CONFIG (config), NULL);
  g_return_val_if_fail (store == NULL || SOK_IS_STORE (store), NULL);

  return g_object_new (SOK_TYPE_WINDOW,
                       "application", application,
                       "config", config,
                       "store", store,
                       "windowed", windowed,
                       NULL);
}

/**
 * sok_window_get_config:
 *
 * Returns: (transfer none) (nullable): the kiosk's settings
 */
SokConfig *
sok_window_get_config (SokWindow *self)
{
  g_return_val_if_fail (SOK_IS_WINDOW (self), NULL);

  return self->config;
}

/**
 * sok_window_get_store:
 *
 * Returns: (transfer none) (nullable): the kiosk's database
 */
SokStore *
sok_window_get_store (SokWindow *self)
{
  g_return_val_if_fail (SOK_IS_WINDOW (self), NULL);

  return self->store;
}

/**
 * sok_window_get_speaker:
 *
 * Returns: (transfer none): the speaker that reads pages aloud
 */
SokSpeaker *
sok_window_get_speaker (SokWindow *self)
{
  g_return_val_if_fail (SOK_IS_WINDOW (self), NULL);

  return self->speaker;
}

static void
shell_add_page (SokShell *shell,
                SokPage  *page)
{
  sok_window_add_page (SOK_WINDOW (shell), page);
}

static void
shell_show_page (SokShell   *shell,
                 const char *name)
{
  sok_window_show_page (SOK_WINDOW (shell), name);
}

static void
shell_go_home (SokShell *shell)
{
  sok_window_go_home (SOK_WINDOW (shell));
}

static SokPage *
shell_get_visible_page (SokShell *shell)
{
  return sok_window_get_visible_page (SOK_WINDOW (shell));
}

static void
shell_note_activity (SokShell *shell)
{
  sok_window_note_activity (SOK_WINDOW (shell));
}

static void
shell_leave_kiosk_mode (SokShell *shell)
{
  sok_window_leave_kiosk_mode (SOK_WINDOW (shell));
}

static gboolean
shell_restore_kiosk_mode (SokShell *shell)
{
  return sok_window_restore_kiosk_mode (SOK_WINDOW (shell));
}

static void
shell_get_idle_timeouts (SokShell *shell,
                         guint    *idle_ms,
                         guint    *countdown_ms)
{
  sok_window_get_idle_timeouts (SOK_WINDOW (shell), idle_ms, countdown_ms);
}

static void
shell_set_idle_timeouts (SokShell *shell,
                         guint     idle_ms,
                         guint     countdown_ms)
{
  sok_window_set_idle_timeouts (SOK_WINDOW (shell), idle_ms, countdown_ms);
}

static void
sok_window_shell_init (SokShellInterface *iface)
{
  iface->add_page = shell_add_page;
  iface->show_page = shell_show_page;
  iface->go_home = shell_go_home;
  iface->get_visible_page = shell_get_visible_page;
  iface->note_activity = shell_note_activity;
  iface->leave_kiosk_mode = shell_leave_kiosk_mode;
  iface->restore_kiosk_mode = shell_restore_kiosk_mode;
  iface->get_idle_timeouts = shell_get_idle_timeouts;
  iface->set_idle_timeouts = shell_set_idle_timeouts;
}

/**
 * sok_window_get_context:
 *
 * Returns: (transfer none): the settings, database and speaker the window's pages and
 *   flows are made with
 */
SokContext *
sok_window_get_context (SokWindow *self)
{
  g_return_val_if_fail (SOK_IS_WINDOW (self), NULL);

  return self->context;
}

/**
 * sok_window_get_visible_page:
 *
 * Returns: (transfer none) (nullable): the page on screen
 */
SokPage *
sok_window_get_visible_page (SokWindow *self)
{
  GtkWidget *child;

  g_return_val_if_fail (SOK_IS_WINDOW (self), NULL);

  child = gtk_stack_get_visible_child (self->stack);

  return SOK_IS_PAGE (child) ? SOK_PAGE (child) : NULL;
}

/**
 * sok_window_get_page:
 * @name: a page's name
 *
 * Returns: (transfer none) (nullable): the page called @name
 */
SokPage *
sok_window_get_page (SokWindow  *self,
                     const char *name)
{
  GtkWidget *child;

  g_return_val_if_fail (SOK_IS_WINDOW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  child = gtk_stack_get_child_by_name (self->stack, name);

  return SOK_IS_PAGE (child) ? SOK_PAGE (child) : NULL;
}

gboolean
sok_window_get_windowed (SokWindow *self)
{
  g_return_val_if_fail (SOK_IS_WINDOW (self), FALSE);

  return self->windowed;
}

/**
 * sok_window_is_still_here_shown:
 *
 * Returns: %TRUE while the "Are you still there?" warning counts down
 */
gboolean
sok_window_is_still_here_shown (SokWindow *self)
{
  g_return_val_if_fail (SOK_IS_WINDOW (self), FALSE);

  return still_here_shown (self);
}

/**
 * sok_window_add_page:
 * @page: (transfer floating): a page with a name no other page has
 *
 * Adds @page to the window's stack under its name.
 */
void
sok_window_add_page (SokWindow *self,
                     SokPage   *page)
{
  const char *name;

  g_return_if_fail (SOK_IS_WINDOW (self));
  g_return_if_fail (SOK_IS_PAGE (page));

  name = sok_page_get_name (page);
  g_return_if_fail (gtk_stack_get_child_by_name (self->stack, name) == NULL);

  gtk_stack_add_named (self->stack, GTK_WIDGET (page), name);
}

static int
page_index (SokWindow *self,
            GtkWidget *page)
{
  int i = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child), i++)
    if (child == page)
      return i;

  return -1;
}

/**
 * sok_window_show_page:
 * @name: the page's name
 *
 * Slides to the page called @name: from the right when it was added after the page on
 * screen, from the left when before, so going back looks like going back.
 */
void
sok_window_show_page (SokWindow  *self,
                      const char *name)
{
  GtkWidget *page;
  GtkWidget *current;
  GtkStackTransitionType transition = GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT;

  g_return_if_fail (SOK_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  page = gtk_stack_get_child_by_name (self->stack, name);
  g_return_if_fail (page != NULL);

  current = gtk_stack_get_visible_child (self->stack);
  if (current == page)
    return;

  if (current != NULL && page_index (self, page) < page_index (self, current))
    transition = GTK_STACK_TRANSITION_TYPE_SLIDE_RIGHT;

  hide_still_here (self);
  gtk_stack_set_visible_child_full (self->stack, name, transition);
}

/* A long press on a text field offers Copy; what a child copied would otherwise stay
 * in this process's clipboard after Hide, for the next child to Paste back. */
static void
forget_clipboards (SokWindow *self)
{
  GdkClipboard *clipboards[] = {
    gtk_widget_get_clipboard (GTK_WIDGET (self)),
    gtk_widget_get_primary_clipboard (GTK_WIDGET (self)),
  };

  for (guint i = 0; i < G_N_ELEMENTS (clipboards); i++)
    if (gdk_clipboard_is_local (clipboards[i]))
      gdk_clipboard_set_content (clipboards[i], NULL);
}

/**
 * sok_window_go_home:
 *
 * What Hide does, and what happens when nobody answers "Are you still there?": stop
 * speaking, show the home page at once with no animation (nothing of the last screen
 * may linger for a classmate to see), make every page forget what it held, and emit
 * #SokWindow::reset so flows drop their drafts.
 */
void
sok_window_go_home (SokWindow *self)
{
  SokPage *target;

  g_return_if_fail (SOK_IS_WINDOW (self));

  g_signal_emit (self, signals[GOING_HOME], 0);

  sok_speaker_stop (self->speaker);
  hide_still_here (self);

  target = self->problem != NULL ? self->problem : self->home;
  gtk_stack_set_visible_child_full (self->stack, sok_page_get_name (target),
                                    GTK_STACK_TRANSITION_TYPE_NONE);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (SOK_IS_PAGE (child))
      sok_page_reset (SOK_PAGE (child));

  forget_clipboards (self);

  g_signal_emit (self, signals[RESET], 0);

  arm_idle (self);
}

/**
 * sok_window_show_problem:
 * @error: why the kiosk cannot work
 *
 * Replaces the home page with a calm page asking a child to fetch a grown-up, with
 * @error's message in small print for staff. The kiosk stays on it.
 */
void
sok_window_show_problem (SokWindow    *self,
                         const GError *error)
{
  g_return_if_fail (SOK_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  if (self->problem == NULL)
    {
      self->problem = SOK_PAGE (sok_problem_page_new ());
      sok_window_add_page (self, self->problem);
    }

  sok_problem_page_set_details (SOK_PROBLEM_PAGE (self->problem), error->message);
  sok_window_go_home (self);
}

/**
 * sok_window_note_activity:
 *
 * Counts input the window itself cannot see (in a staff dialog over it) as someone
 * being there: the idle time-out starts again, and an "Are you still there?" already
 * counting down goes away.
 */
void
sok_window_note_activity (SokWindow *self)
{
  g_return_if_fail (SOK_IS_WINDOW (self));

  if (still_here_shown (self))
    hide_still_here (self);
  arm_idle (self);
}

/**
 * sok_window_leave_kiosk_mode:
 *
 * For IT's maintenance: the window stops being fullscreen, gives the keyboard's
 * system shortcuts back and may be closed, until sok_window_restore_kiosk_mode().
 */
void
sok_window_leave_kiosk_mode (SokWindow *self)
{
  g_return_if_fail (SOK_IS_WINDOW (self));

  self->kiosk_mode_left = TRUE;
  sok_window_allow_close (self);
  gtk_window_unfullscreen (GTK_WINDOW (self));
  if (self->surface != NULL)
    gdk_toplevel_restore_system_shortcuts (GDK_TOPLEVEL (self->surface));
}

/**
 * sok_window_restore_kiosk_mode:
 *
 * Undoes sok_window_leave_kiosk_mode() when staff mode ends: fullscreen again (unless
 * --windowed), closing refused, the keyboard's system shortcuts held again.
 *
 * Returns: %TRUE when kiosk mode had been left
 */
gboolean
sok_window_restore_kiosk_mode (SokWindow *self)
{
  g_return_val_if_fail (SOK_IS_WINDOW (self), FALSE);

  if (!self->kiosk_mode_left)
    return FALSE;

  self->kiosk_mode_left = FALSE;
  self->close_allowed = FALSE;
  gtk_window_set_deletable (GTK_WINDOW (self), FALSE);
  if (!self->windowed)
    gtk_window_fullscreen (GTK_WINDOW (self));
  /* Tried again on every change of the window's state, as at start-up, in case the
   * window does not have the keyboard's focus yet. */
  inhibit_shortcuts (self);

  return TRUE;
}

/**
 * sok_window_allow_close:
 *
 * Lets the window close on the next close request. For staff mode's “turn off” only.
 */
void
sok_window_allow_close (SokWindow *self)
{
  g_return_if_fail (SOK_IS_WINDOW (self));

  self->close_allowed = TRUE;
  gtk_window_set_deletable (GTK_WINDOW (self), TRUE);
}

/**
 * sok_window_set_idle_timeouts:
 * @idle_ms: how long without input before the warning
 * @countdown_ms: how long the warning counts down
 *
 * For tests, which cannot wait 90 seconds. The kiosk itself uses idle-seconds from its
 * settings and a countdown of %SOK_WINDOW_STILL_HERE_SECONDS.
 */
void
sok_window_set_idle_timeouts (SokWindow *self,
                              guint      idle_ms,
                              guint      countdown_ms)
{
  g_return_if_fail (SOK_IS_WINDOW (self));
  g_return_if_fail (idle_ms > 0);
  g_return_if_fail (countdown_ms > 0);

  self->idle_ms = idle_ms;
  self->countdown_ms = countdown_ms;

  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (!still_here_shown (self))
    arm_idle (self);
}

/**
 * sok_window_get_idle_timeouts:
 * @idle_ms: (out): how long without input before the warning
 * @countdown_ms: (out): how long the warning counts down
 *
 * The values sok_window_set_idle_timeouts() set, so staff mode can put them back.
 */
void
sok_window_get_idle_timeouts (SokWindow *self,
                              guint     *idle_ms,
                              guint     *countdown_ms)
{
  g_return_if_fail (SOK_IS_WINDOW (self));

  if (idle_ms != NULL)
    *idle_ms = self->idle_ms;
  if (countdown_ms != NULL)
    *countdown_ms = self->countdown_ms;
}

/**
 * sok_window_get_staff_mode:
 *
 * Returns: (transfer none): the window's staff mode
 */
SokStaffMode *
sok_window_get_staff_mode (SokWindow *self)
{
  g_return_val_if_fail (SOK_IS_WINDOW (self), NULL);

  return self->staff_mode;
}

/**
 * sok_window_get_promise_flow:
 *
 * Returns: (transfer none) (nullable): the window's promise flow; %NULL when the
 *   kiosk has no database
 */
SokPromiseFlow *
sok_window_get_promise_flow (SokWindow *self)
{
  g_return_val_if_fail (SOK_IS_WINDOW (self), NULL);

  return self->promise_flow;
}

/**
 * sok_window_get_report_flow:
 *
 * Returns: (transfer none): the window's report flow
 */
SokReportFlow *
sok_window_get_report_flow (SokWindow *self)
{
  g_return_val_if_fail (SOK_IS_WINDOW (self), NULL);

  return self->report_flow;
}
