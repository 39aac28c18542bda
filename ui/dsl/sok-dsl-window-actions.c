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

/* Escape: back to the list, the keyboard on the report last chosen. The report
 * stays on screen where there is room for both. */
static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SokDslWindow *self = SOK_DSL_WINDOW (widget);

  if (self->key == NULL)
    return;

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  _sok_dsl_window_focus_list (self);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SokDslWindow *self = SOK_DSL_WINDOW (widget);

  if (self->key == NULL)
    return;

  _sok_dsl_window_read_queue (self);
}

/* Ctrl+1, 2, 3: the list's filters, as their buttons. */
static void
filter_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SokDslWindow *self = SOK_DSL_WINDOW (widget);
  const char *which = g_variant_get_string (parameter, NULL);
  GtkToggleButton *button = g_str_equal (which, "new") ? self->filter_new
                            : g_str_equal (which, "open") ? self->filter_open
                            : self->filter_closed;

  if (self->key == NULL)
    return;

  gtk_toggle_button_set_active (button, !gtk_toggle_button_get_active (button));
}

/* Ctrl+E, Ctrl+Shift+E: exports what is shown, a report or the governors' figures
 * (which have only a PDF), as their buttons do. */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SokDslWindow *self = SOK_DSL_WINDOW (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  const char *page = gtk_stack_get_visible_child_name (self->content_stack);

  if (self->key == NULL)
    return;

  if (g_strcmp0 (page, "case") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self->case_view), "case.export", "s", format);
  else if (g_strcmp0 (page, "governors") == 0 && g_str_equal (format, "pdf"))
    gtk_widget_activate_action (GTK_WIDGET (self->governors_page), "governors.export", NULL);
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
  _sok_dsl_window_open_case (self, report_id, FALSE);
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

/* The kiosks, to approve or revoke (as sokctl queue kiosks does). */
static void
kiosks_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SokDslWindow *self = SOK_DSL_WINDOW (widget);
  g_autoptr (GError) error = NULL;

  if (self->key == NULL || self->queue == NULL)
    return;

  sok_case_view_clear (self->case_view);
  sok_governors_page_clear (self->governors_page);
  gtk_list_box_unselect_all (self->case_list);
  if (!sok_kiosks_page_show (self->kiosks_page, self->queue, self->key, self->actor, &error))
    {
      _sok_dsl_window_show_notice (self, error->message);
      return;
    }

  adw_window_title_set_title (self->content_title, _("Kiosks"));
  adw_window_title_set_subtitle (self->content_title, "");
  _sok_dsl_window_show_content (self, "kiosks");
}

/* About, with the DSL key's fingerprint words: IT compares them with those
 * "sokctl config set dsl-public-key" prints on each kiosk. Unlocked, the words are
 * those of the key that opened (its public half derived from the private one);
 * locked, those of the key file chosen. */
static void
about_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SokDslWindow *self = SOK_DSL_WINDOW (widget);
  g_autofree char *words = NULL;
  g_autofree char *comments = NULL;
  GtkWidget *about;

  words = self->key != NULL ? sok_dsl_key_dup_fingerprint_words (self->key)
                            : sok_unlock_page_dup_fingerprint_words (self->unlock_page);
  if (words != NULL)
    /* Translators: in About; %s is the DSL key's six fingerprint words */
    comments = g_strdup_printf (_("Reads the reports children send from the school’s kiosks, "
                                  "for the Designated Safeguarding Lead.\n\n"
                                  "This console’s DSL key has the words:\n%s\n\n"
                                  "On each kiosk, sokctl config set dsl-public-key prints the "
                                  "words of the key it seals reports to: they must be the "
                                  "same."), words);
  else
    comments = g_strdup (_("Reads the reports children send from the school’s kiosks, for the "
                           "Designated Safeguarding Lead.\n\nNo DSL key is chosen yet."));

  about = adw_about_window_new ();
  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), _("DSL Console"));
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), "org.safeonlinekiosk.Dsl");
  adw_about_window_set_developer_name (ADW_ABOUT_WINDOW (about),
                                       _("The Safe Online Kiosk authors"));
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about), comments);
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  gtk_window_set_transient_for (GTK_WINDOW (about), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (about), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (about), TRUE);
  gtk_window_present (GTK_WINDOW (about));
}

/* The queue could not be reached: the DSL checked the network and tries again. */
static void
try_queue_again_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  _sok_dsl_window_open_queue (SOK_DSL_WINDOW (widget));
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
  gtk_widget_class_install_action (widget_class, "win.kiosks", NULL, kiosks_action);
  gtk_widget_class_install_action (widget_class, "win.about", NULL, about_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.filter", "s", filter_action);
  gtk_widget_class_install_action (widget_class, "win.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "win.try-queue-again", NULL,
                                   try_queue_again_action);
  gtk_widget_class_install_action (widget_class, "win.notice", "s", notice_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-notice", NULL,
                                   dismiss_notice_action);

  /* Listed for the DSL in gtk/help-overlay.ui (Ctrl+?): keep the two together. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.lock", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "win.governors",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "win.filter",
                                       "s", "new");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK, "win.filter",
                                       "s", "open");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_CONTROL_MASK, "win.filter",
                                       "s", "closed");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export",
                                       "s", "pdf");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export", "s", "csv");
}
