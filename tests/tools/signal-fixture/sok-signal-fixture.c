/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* Not built: check-signal-handlers.py reads it to prove that it finds what it must.
 * Each "expect error" comment names a mismatch the checker has to report on that line;
 * every other connection here is right and must pass. */

#define G_LOG_DOMAIN "sok-signal-fixture"

#include "config.h"

#include <gtk/gtk.h>

G_DECLARE_FINAL_TYPE (SokSignalFixture, sok_signal_fixture, SOK, SIGNAL_FIXTURE, GtkBox)

struct _SokSignalFixture
{
  GtkBox     parent_instance;

  GtkWidget *button;
  GtkGesture *drag;
};

G_DEFINE_FINAL_TYPE (SokSignalFixture, sok_signal_fixture, GTK_TYPE_BOX)

/* The console's input watch as it was at 4ebcd8b: one void handler for every kind of
 * input, two of which return gboolean. */
static void
input_cb (SokSignalFixture *self)
{
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                SokSignalFixture      *self)
{
  return GDK_EVENT_PROPAGATE;
}

static void
clicked_with_extra_cb (GtkButton        *button,
                       int               extra,
                       SokSignalFixture *self,
                       gpointer          more)
{
}

static void
drag_update_int_cb (GtkGestureDrag   *gesture,
                    int               dx,
                    int               dy,
                    SokSignalFixture *self)
{
}

static void
drag_update_cb (GtkGestureDrag   *gesture,
                double            dx,
                double            dy,
                SokSignalFixture *self)
{
}

static void
label_clicked_cb (GtkButton *button,
                  GtkLabel  *label)
{
}

static void
pressed_cb (SokSignalFixture *self,
            double            n_press,
            double            x,
            double            y,
            GtkGestureClick  *gesture)
{
}

static void
response_cb (GtkNativeDialog  *dialog,
             double            response,
             SokSignalFixture *self)
{
}

static void
notify_cb (GObject          *object,
           GParamSpec       *pspec,
           SokSignalFixture *self)
{
}

static void
activate_cb (gpointer thing)
{
}

void template_key_cb (SokSignalFixture *self);
void template_clicked_cb (SokSignalFixture *self);

void
template_key_cb (SokSignalFixture *self)
{
}

void
template_clicked_cb (SokSignalFixture *self)
{
}

/* A helper that connects what its caller passes, as sok_file_chooser_show() does. */
static GtkFileChooserNative *
show_chooser (GtkWidget *widget,
              GCallback  callback,
              gpointer   user_data)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new ("Open", NULL, GTK_FILE_CHOOSER_ACTION_OPEN, NULL, NULL);
  g_signal_connect (chooser, "response", callback, user_data);

  return chooser;
}

static void
sok_signal_fixture_class_init (SokSignalFixtureClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/safeonlinekiosk/Fixture/sok-signal-fixture.ui");
  gtk_widget_class_bind_template_callback (widget_class, template_key_cb);
  gtk_widget_class_bind_template_callback (widget_class, template_clicked_cb);
}

static void
sok_signal_fixture_init (SokSignalFixture *self)
{
  GtkEventController *controller;
  GtkWidget *label;
  gpointer thing = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (input_cb), self); /* expect error: returns void, but the signal returns gboolean */
  g_signal_connect_swapped (controller, "key-released", G_CALLBACK (input_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_swapped (controller, "scroll", G_CALLBACK (input_cb), self); /* expect error: returns void, but the signal returns gboolean */
  g_signal_connect_swapped (controller, "scroll-begin", G_CALLBACK (input_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  /* Right: the full prototype, returning gboolean. */
  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  self->button = gtk_button_new_with_label ("Go");
  g_signal_connect (self->button, "clicked", G_CALLBACK (clicked_with_extra_cb), self); /* expect error: takes 4 parameters, but the signal calls it with 2 */

  self->drag = gtk_gesture_drag_new ();
  g_signal_connect (self->drag, "drag-update", G_CALLBACK (drag_update_int_cb), self); /* expect error: parameter 2 (int dx) is a 32-bit integer, but the signal passes gdouble (double) there */
  g_signal_connect_after (self->drag, "drag-update", G_CALLBACK (drag_update_cb), self);

  /* Swapped, but the handler was written for the unswapped order. */
  label = gtk_label_new ("Label");
  g_signal_connect_swapped (self->button, "clicked", G_CALLBACK (label_clicked_cb), label); /* expect error: parameter 1 (GtkButton *button) expects a GtkButton, but the user data (a GtkLabel *) is passed there */

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  g_signal_connect_object (controller, "pressed", G_CALLBACK (pressed_cb), self, /* expect error: parameter 2 (double n_press) is a double, but the signal passes gint (32-bit integer) there */
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_signal_connect (self, "notify::visible", G_CALLBACK (notify_cb), self);

  show_chooser (GTK_WIDGET (self), G_CALLBACK (response_cb), self); /* expect error: parameter 2 (double response) is a double, but the signal passes gint */

  g_signal_connect_swapped (thing, "activate", G_CALLBACK (activate_cb), NULL); /* expect error: cannot tell the instance's type */
}

static void
toggled_cb (GtkToggleButton  *button,
            SokSignalFixture *self)
{
}

/* Elements of an array: "toggled" is void () on GtkToggleButton but has a path
 * parameter on GtkCellRendererToggle, so the element's type must be found. */
static void
sok_signal_fixture_add_toggles (SokSignalFixture *self)
{
  GtkWidget *toggles[2];

  toggles[0] = gtk_toggle_button_new ();
  g_signal_connect (toggles[0], "toggled", G_CALLBACK (toggled_cb), self);
  toggles[1] = gtk_check_button_new ();
  g_signal_connect (toggles[1], "toggled", G_CALLBACK (toggled_cb), self); /* expect error: parameter 1 (GtkToggleButton *button) expects a GtkToggleButton, but the instance (a GtkCheckButton *) is passed there */
}

/* Handlers the libraries provide are read from their headers. */
static void
sok_signal_fixture_add_close_button (SokSignalFixture *self,
                                     GtkWindow        *window)
{
  GtkWidget *close = gtk_button_new_with_label ("Close");

  g_signal_connect_swapped (close, "clicked", G_CALLBACK (gtk_window_destroy), window);
  /* A value returned to a signal that returns nothing is ignored: right. */
  g_signal_connect_swapped (close, "clicked", G_CALLBACK (gtk_widget_grab_focus), window);
  g_signal_connect (close, "clicked", G_CALLBACK (gtk_widget_set_visible), window); /* expect error: parameter 2 (gboolean visible) is a 32-bit integer, but the user data (a GtkWindow *) is passed there */
}
