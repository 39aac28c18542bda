/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-dsl-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-dsl-window-private.h"
#include "sok-stats.h"

/* What the DSL can do from the window, as widget actions the .ui files bind with
 * action-name, and the keys for them. */

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sok_dsl_window_lock (SOK_DSL_WINDOW (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SokDslWindow *self = SOK_DSL_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

/* A row of the list was chosen: its report opens, the row selected. */
static void
open_case_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SokDslWindow *self = SOK_DSL_WINDOW (widget);
  const char *report_id = g_variant_get_string (parameter, NULL);
  GtkListBoxRow *row;

  if (self->key == NULL)
    return;

  row = g_hash_table_lookup (self->rows, report_id);
  if (row != NULL)
    gtk_list_box_select_row (self->case_list, row);
  _sok_dsl_window_open_case (self, report_id);
}

static void
governors_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SokDslWindow *self = SOK_DSL_WINDOW (widget);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr (GError) error = NULL;
  SokTerm term;
  int year;

  if (self->key == NULL)
    return;

  if (!sok_term_for_date (today, &term, &year))
    g_return_if_reached ();

  sok_case_view_clear (self->case_view);
  gtk_list_box_unselect_all (self->case_list);
  if (!sok_governors_page_show_term (self->governors_page, self->queue, self->key,
                                     self->content_words, self->actor, self->school_name,
                                     term, year, &error))
    {
      _sok_dsl_window_show_notice (self, error->message);
      return;
    }

  adw_window_title_set_title (self->content_title, _("Governors’ figures"));
  adw_window_title_set_subtitle (self->content_title, "");
  _sok_dsl_window_show_content (self, "governors");
}

static void
notice_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _sok_dsl_window_show_notice (SOK_DSL_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
dismiss_notice_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  _sok_dsl_window_dismiss_notice (SOK_DSL_WINDOW (widget));
}

void
_sok_dsl_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.open-case", "s", open_case_action);
  gtk_widget_class_install_action (widget_class, "win.governors", NULL, governors_action);
  gtk_widget_class_install_action (widget_class, "win.notice", "s", notice_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-notice", NULL,
                                   dismiss_notice_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.lock", NULL);
}
