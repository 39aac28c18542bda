/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-stack"

#include "config.h"

#include "sok-stack.h"

/* GTK 4.8 presents every child of a GtkStack to assistive technology, on screen or
 * not: a screen reader would read, and could press, buttons the person cannot see.
 * The kiosk's pages, the steps inside its pages and the console's views all go
 * through this one mechanism. */

static void
update (GtkStack *stack)
{
  GtkWidget *visible = gtk_stack_get_visible_child (stack);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_accessible_update_state (GTK_ACCESSIBLE (child),
                                 GTK_ACCESSIBLE_STATE_HIDDEN, child != visible,
                                 -1);
}

static void
visible_child_cb (GtkStack   *stack,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  update (stack);
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
 * whichever child is shown and whenever children are added.
 */
void
sok_stack_present_only_visible_child (GtkStack *stack)
{
  g_autoptr (GtkSelectionModel) pages = NULL;

  g_return_if_fail (GTK_IS_STACK (stack));

  /* The stack keeps its pages model only while someone holds it: the stack holds it. */
  pages = gtk_stack_get_pages (stack);
  g_signal_connect (stack, "notify::visible-child", G_CALLBACK (visible_child_cb), NULL);
  g_signal_connect_object (pages, "items-changed", G_CALLBACK (pages_changed_cb), stack, 0);
  g_object_set_data_full (G_OBJECT (stack), "sok-stack-pages", g_steal_pointer (&pages),
                          g_object_unref);
  update (stack);
}
