/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-staff-home-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-staff-home-page.h"
#include "sok-staff-mode.h"
#include "sok-tile.h"
#include "sok-window.h"

/* The first staff screen: who is signed in, a warning when a report has waited too
 * long to reach the DSL, and one big button for each thing their role may do.
 */
struct _SokStaffHomePage
{
  SokPage    parent_instance;

  GtkWidget *who;
  GtkWidget *warning;
  GtkWidget *campaign_button;
  GtkWidget *roster_button;
  GtkWidget *health_button;
  GtkWidget *leave_button;
  GtkWidget *close_button;
  GtkWidget *status;
  GtkWidget *timeout_note;
};

G_DEFINE_FINAL_TYPE (SokStaffHomePage, sok_staff_home_page, SOK_TYPE_PAGE)

static const char *
role_words (const char *role)
{
  if (g_strcmp0 (role, "dsl") == 0)
    /* Translators: a staff role on the staff screen */
    return _("Designated Safeguarding Lead");
  if (g_strcmp0 (role, "it") == 0)
    /* Translators: a staff role on the staff screen */
    return _("IT");
  /* Translators: a staff role on the staff screen */
  return _("Teacher");
}

static void
refresh (SokStaffHomePage *self)
{
  SokStaffMode *mode = sok_staff_mode_for_widget (GTK_WIDGET (self));
  const SokStaffMember *member = mode ? sok_staff_mode_get_member (mode) : NULL;
  SokWindow *window = mode ? sok_staff_mode_get_window (mode) : NULL;
  SokConfig *config = window ? sok_window_get_config (window) : NULL;
  g_autofree char *who = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *note = NULL;
  guint minutes;

  if (member == NULL)
    return;

  /* Translators: on the staff screen: a member of staff's name and their role */
  who = g_strdup_printf (_("Signed in: %s, %s"), member->name, role_words (member->role));
  gtk_label_set_label (GTK_LABEL (self->who), who);

  warning = sok_staff_dup_late_report_warning (sok_window_get_store (window), FALSE);
  gtk_label_set_label (GTK_LABEL (self->warning), warning ? warning : "");
  gtk_widget_set_visible (self->warning, warning != NULL);

  gtk_widget_set_visible (self->campaign_button, sok_staff_mode_may (mode, "campaign"));
  gtk_widget_set_visible (self->roster_button, sok_staff_mode_may (mode, "roster"));
  gtk_widget_set_visible (self->health_button, sok_staff_mode_may (mode, "health"));
  gtk_widget_set_visible (self->leave_button, sok_staff_mode_may (mode, "leave"));

  minutes = config ? MAX (1, (sok_config_get_staff_idle_seconds (config) + 59) / 60) : 2;
  note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Staff mode closes after %u minute without a touch. "
                                       "Sign out when you are done.",
                                       "Staff mode closes after %u minutes without a touch. "
                                       "Sign out when you are done.",
                                       minutes),
                          minutes);
  gtk_label_set_label (GTK_LABEL (self->timeout_note), note);
}

static void
go_cb (GtkButton        *button,
       SokStaffHomePage *self)
{
  SokStaffMode *mode = sok_staff_mode_for_widget (GTK_WIDGET (self));
  const char *page = g_object_get_data (G_OBJECT (button), "sok-page");

  if (mode != NULL)
    sok_window_show_page (sok_staff_mode_get_window (mode), page);
}

static void
leave_cb (GtkButton        *button,
          SokStaffHomePage *self)
{
  SokStaffMode *mode = sok_staff_mode_for_widget (GTK_WIDGET (self));

  if (mode == NULL || !sok_staff_mode_may (mode, "leave"))
    return;

  sok_staff_mode_leave_kiosk_mode (mode);
  gtk_label_set_label (GTK_LABEL (self->status),
                       _("Kiosk mode is off: the window is no longer full screen and may be "
                         "closed. Start the kiosk again to lock it."));
  gtk_widget_set_visible (self->status, TRUE);
  gtk_widget_set_visible (self->close_button, TRUE);
}

static void
close_cb (GtkButton        *button,
          SokStaffHomePage *self)
{
  SokStaffMode *mode = sok_staff_mode_for_widget (GTK_WIDGET (self));

  if (mode != NULL && sok_staff_mode_may (mode, "leave"))
    gtk_window_close (GTK_WINDOW (sok_staff_mode_get_window (mode)));
}

static void
sign_out_cb (GtkButton        *button,
             SokStaffHomePage *self)
{
  SokStaffMode *mode = sok_staff_mode_for_widget (GTK_WIDGET (self));

  if (mode != NULL)
    sok_staff_mode_sign_out (mode);
}

static void
sok_staff_home_page_shown (SokPage *page)
{
  SokStaffHomePage *self = SOK_STAFF_HOME_PAGE (page);
  SokStaffMode *mode = sok_staff_mode_for_widget (GTK_WIDGET (self));

  if (mode == NULL || !sok_staff_mode_is_signed_in (mode))
    {
      if (mode != NULL)
        sok_window_go_home (sok_staff_mode_get_window (mode));
      return;
    }

  refresh (self);
}

static void
sok_staff_home_page_reset (SokPage *page)
{
  SokStaffHomePage *self = SOK_STAFF_HOME_PAGE (page);

  gtk_label_set_label (GTK_LABEL (self->who), "");
  gtk_widget_set_visible (self->warning, FALSE);
  gtk_widget_set_visible (self->status, FALSE);
  gtk_widget_set_visible (self->close_button, FALSE);
}

static void
sok_staff_home_page_class_init (SokStaffHomePageClass *klass)
{
  SokPageClass *page_class = SOK_PAGE_CLASS (klass);

  page_class->shown = sok_staff_home_page_shown;
  page_class->reset = sok_staff_home_page_reset;
}

static GtkWidget *
task_tile_new (SokStaffHomePage *self,
               const char       *icon_name,
               const char       *words,
               const char       *page)
{
  GtkWidget *tile = sok_tile_new (icon_name, words);

  sok_tile_set_picture_size (SOK_TILE (tile), 96);
  gtk_widget_add_css_class (tile, "staff-task");
  gtk_widget_set_hexpand (tile, TRUE);
  if (page != NULL)
    {
      g_object_set_data (G_OBJECT (tile), "sok-page", (gpointer)page);
      g_signal_connect (tile, "clicked", G_CALLBACK (go_cb), self);
    }

  return tile;
}

static void
sok_staff_home_page_init (SokStaffHomePage *self)
{
  GtkWidget *box;
  GtkWidget *tasks;
  GtkWidget *actions;
  GtkWidget *sign_out;

  gtk_widget_set_name (GTK_WIDGET (self), "staff-home");
  gtk_widget_add_css_class (GTK_WIDGET (self), "staff");
  /* Translators: heading of the first staff screen */
  sok_page_set_title (SOK_PAGE (self), _("Staff mode"));
  sok_page_set_icon_name (SOK_PAGE (self), "staff");
  sok_page_set_show_listen (SOK_PAGE (self), FALSE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 20);

  self->who = sok_staff_label_new (NULL, "staff-who");
  gtk_box_append (GTK_BOX (box), self->who);

  self->warning = sok_staff_label_new (NULL, "staff-warning");
  gtk_widget_set_visible (self->warning, FALSE);
  gtk_box_append (GTK_BOX (box), self->warning);

  tasks = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  gtk_box_set_homogeneous (GTK_BOX (tasks), TRUE);
  gtk_widget_set_vexpand (tasks, TRUE);

  /* Translators: staff screen button: which pupils have made their promise this year */
  self->campaign_button = task_tile_new (self, "class", _("Promises and certificates"),
                                         "staff-campaign");
  gtk_box_append (GTK_BOX (tasks), self->campaign_button);
  /* Translators: staff screen button: load the class lists from the school's MIS export */
  self->roster_button = task_tile_new (self, "school", _("Import the roster"), "staff-roster");
  gtk_box_append (GTK_BOX (tasks), self->roster_button);
  /* Translators: staff screen button: reports waiting, settings, checks */
  self->health_button = task_tile_new (self, "staff", _("Kiosk health"), "staff-health");
  gtk_box_append (GTK_BOX (tasks), self->health_button);
  gtk_box_append (GTK_BOX (box), tasks);

  self->timeout_note = sok_staff_label_new (NULL, "staff-note");
  gtk_box_append (GTK_BOX (box), self->timeout_note);

  self->status = sok_staff_label_new (NULL, "staff-message");
  gtk_widget_set_visible (self->status, FALSE);
  gtk_box_append (GTK_BOX (box), self->status);

  actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  /* Translators: staff screen button, IT only: stop being a locked full-screen kiosk */
  self->leave_button = sok_staff_button_new (_("Leave kiosk mode"));
  g_signal_connect (self->leave_button, "clicked", G_CALLBACK (leave_cb), self);
  gtk_box_append (GTK_BOX (actions), self->leave_button);
  /* Translators: staff screen button, IT only, once kiosk mode is off */
  self->close_button = sok_staff_button_new (_("Close the kiosk"));
  gtk_widget_set_visible (self->close_button, FALSE);
  g_signal_connect (self->close_button, "clicked", G_CALLBACK (close_cb), self);
  gtk_box_append (GTK_BOX (actions), self->close_button);

  /* Translators: staff screen button: end staff mode and go back to the children's home screen */
  sign_out = sok_staff_button_new (_("Sign out"));
  gtk_widget_add_css_class (sign_out, "suggested-action");
  gtk_widget_set_hexpand (sign_out, TRUE);
  gtk_widget_set_halign (sign_out, GTK_ALIGN_END);
  g_signal_connect (sign_out, "clicked", G_CALLBACK (sign_out_cb), self);
  gtk_box_append (GTK_BOX (actions), sign_out);
  gtk_box_append (GTK_BOX (box), actions);

  sok_page_set_content (SOK_PAGE (self), box);
}

/**
 * sok_staff_home_page_new:
 *
 * Returns: (transfer floating): the staff home, named “staff-home”
 */
GtkWidget *
sok_staff_home_page_new (void)
{
  return g_object_new (SOK_TYPE_STAFF_HOME_PAGE, NULL);
}
