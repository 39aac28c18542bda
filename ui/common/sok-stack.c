/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-stack"

#include "config.h"

#include "sok-stack.h"

/* GTK 4.8 presents every child of a GtkStack to assistive technology, on screen or
 * not: a screen reader would read, and could press, buttons the person cannot see.
 * The kiosk's pages, the steps inside its pages and the console's views all go
 * through this one mechanism.
 *
 * While a transition runs, GTK 4.8 delivers taps by where the children will be, not
 * where they are drawn, and to the child sliding out as well (a TODO in gtkstack.c):
 * a child's quick second tap on a tile lands on the page sliding in and answers a
 * question they have not seen yet. So no press reaches any child while a transition
 * runs, and meanwhile the arriving child is marked busy, which tells assistive
 * technology (and tests that aim real taps) to wait for it. */

/* A stack that settles after a change (sok_stack_settle_after_change) keeps the id of
 * its settling timeout here while it runs. */
#define SETTLE_KEY "sok-stack-settle"
#define SETTLE_MS_KEY "sok-stack-settle-ms"

static gboolean
is_settling (GtkStack *stack)
{
  return g_object_get_data (G_OBJECT (stack), SETTLE_KEY) != NULL;
}

static void
update (GtkStack *stack)
{
  GtkWidget *visible = gtk_stack_get_visible_child (stack);
  gboolean arriving = gtk_stack_get_transition_running (stack) || is_settling (stack);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_accessible_update_state (GTK_ACCESSIBLE (child),
                                 GTK_ACCESSIBLE_STATE_HIDDEN, child != visible,
                                 GTK_ACCESSIBLE_STATE_BUSY, child == visible && arriving,
                                 -1);
}

static void
remove_source (gpointer id)
{
  g_source_remove (GPOINTER_TO_UINT (id));
}

static gboolean
settled_cb (gpointer user_data)
{
  GtkStack *stack = user_data;

  /* Stolen, not cleared: this source is ending by returning, not by removal. */
  g_object_steal_data (G_OBJECT (stack), SETTLE_KEY);
  update (stack);
  return G_SOURCE_REMOVE;
}

/* Starts (or starts again) the quiet time after the visible child has arrived. */
static void
settle (GtkStack *stack)
{
  guint ms = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (stack), SETTLE_MS_KEY));
  guint id;

  if (ms == 0 || gtk_stack_get_transition_running (stack))
    return;

  id = g_timeout_add (ms, settled_cb, stack);
  g_source_set_name_by_id (id, "[sok] stack settling");
  g_object_set_data_full (G_OBJECT (stack), SETTLE_KEY, GUINT_TO_POINTER (id), remove_source);
}

static void
visible_child_cb (GtkStack   *stack,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  settle (stack);
  update (stack);
}

/* Picking is left alone (a pointer that has not moved must still reach the page
 * that arrived under it): the press is stopped on its way down, at the stack. */
static gboolean
press_cb (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          gpointer                  user_data)
{
  GtkStack *stack = GTK_STACK (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));
  GdkEventType type = gdk_event_get_event_type (event);

  if ((type == GDK_BUTTON_PRESS || type == GDK_TOUCH_BEGIN) &&
      (gtk_stack_get_transition_running (stack) || is_settling (stack)))
    return GDK_EVENT_STOP;

  return GDK_EVENT_PROPAGATE;
}

static void
pages_changed_cb (GListModel *pages,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  update (GTK_STACK (user_data));
}

/**
 * sok_stack_present_only_visible_child:
 * @stack: a stack
 *
 * From now on, only @stack's visible child is presented to assistive technology,
 * whichever child is shown and whenever children are added, and no press reaches
 * any child while a transition runs.
 */
void
sok_stack_present_only_visible_child (GtkStack *stack)
{
  g_autoptr (GtkSelectionModel) pages = NULL;
  GtkEventController *presses;

  g_return_if_fail (GTK_IS_STACK (stack));

  /* The stack keeps its pages model only while someone holds it: the stack holds it. */
  pages = gtk_stack_get_pages (stack);
  g_signal_connect (stack, "notify::visible-child", G_CALLBACK (visible_child_cb), NULL);
  g_signal_connect (stack, "notify::transition-running", G_CALLBACK (visible_child_cb), NULL);
  g_signal_connect_object (pages, "items-changed", G_CALLBACK (pages_changed_cb), stack, 0);
  g_object_set_data_full (G_OBJECT (stack), "sok-stack-pages", g_steal_pointer (&pages),
                          g_object_unref);

  presses = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (presses, GTK_PHASE_CAPTURE);
  g_signal_connect (presses, "event", G_CALLBACK (press_cb), NULL);
  gtk_widget_add_controller (GTK_WIDGET (stack), presses);

  update (stack);
}

/**
 * sok_stack_settle_after_change:
 * @stack: a stack already passed to sok_stack_present_only_visible_child()
 * @settle_ms: how long after a new child has arrived presses are still stopped
 *
 * A young child often taps a tile twice, a third of a second apart: the first tap
 * changes the page, and the second would land on the page that arrived and answer a
 * question the child has not seen. For @settle_ms after each change has finished, no
 * press reaches @stack's children and the arriving child stays busy for assistive
 * technology. Keys are not affected.
 */
void
sok_stack_settle_after_change (GtkStack *stack,
                               guint     settle_ms)
{
  g_return_if_fail (GTK_IS_STACK (stack));
  g_return_if_fail (g_object_get_data (G_OBJECT (stack), "sok-stack-pages") != NULL);

  g_object_set_data (G_OBJECT (stack), SETTLE_MS_KEY, GUINT_TO_POINTER (settle_ms));
}
