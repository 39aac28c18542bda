/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-staff-home-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-staff-home-page.h"
#include "sok-staff-session.h"
#include "sok-staff-widgets.h"
#include "sok-tile.h"

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

static SokStaffSession *
get_staff (gpointer page)
{
  SokContext *context = sok_page_get_context (SOK_PAGE (page));

  return context != NULL ? sok_context_get_staff (context) : NULL;
}

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
  SokStaffSession *mode = get_staff (self);
  const SokStaffMember *member = mode ? sok_staff_session_get_member (mode) : NULL;
  SokContext *context = sok_page_get_context (SOK_PAGE (self));
  SokConfig *config = context ? sok_context_get_config (context) : NULL;
  GtkRoot *window = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *who = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *note = NULL;
  guint minutes;

  if (member == NULL)
    return;

  /* Translators: on the staff screen: a member of staff's name and their role */
  who = g_strdup_printf (_("Signed in: %s, %s"), member->name, role_words (member->role));
  gtk_label_set_label (GTK_LABEL (self->who), who);

  warning = sok_staff_dup_late_report_warning (context ? sok_context_get_store (context) : NULL,
                                               FALSE);
  gtk_label_set_label (GTK_LABEL (self->warning), warning ? warning : "");
  gtk_widget_set_visible (self->warning, warning != NULL);

  gtk_widget_set_visible (self->campaign_button, sok_staff_session_may (mode, "campaign"));
  gtk_widget_set_visible (self->roster_button, sok_staff_session_may (mode, "roster"));
  gtk_widget_set_visible (self->health_button, sok_staff_session_may (mode, "health"));
  /* Once kiosk mode is off, IT is offered to close the window instead. */
  gtk_widget_set_visible (self->leave_button,
                          sok_staff_session_may (mode, "leave") &&
                          GTK_IS_WINDOW (window) &&
                          !gtk_window_get_deletable (GTK_WINDOW (window)));
  gtk_widget_set_visible (self->close_button,
                          sok_staff_session_may (mode, "leave") &&
                          GTK_IS_WINDOW (window) &&
                          gtk_window_get_deletable (GTK_WINDOW (window)));

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
show (SokStaffHomePage *self,
      const char       *page)
{
  SokStaffSession *mode = get_staff (self);

  if (mode != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "kiosk.show-page", "s", page);
}

static void
campaign_cb (SokStaffHomePage *self)
{
  show (self, "staff-campaign");
}

static void
roster_cb (SokStaffHomePage *self)
{
  show (self, "staff-roster");
}

static void
health_cb (SokStaffHomePage *self)
{
  show (self, "staff-health");
}

static void
leave_cb (SokStaffHomePage *self)
{
  SokStaffSession *mode = get_staff (self);

  if (mode == NULL || !sok_staff_session_may (mode, "leave"))
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "staff.leave-kiosk-mode", NULL);
  gtk_label_set_label (GTK_LABEL (self->status),
                       _("Kiosk mode is off: the window is no longer full screen and may be "
                         "closed. Signing out locks the kiosk again."));
  gtk_widget_set_visible (self->status, TRUE);
  gtk_widget_set_visible (self->leave_button, FALSE);
  gtk_widget_set_visible (self->close_button, TRUE);
}

static void
close_cb (SokStaffHomePage *self)
{
  SokStaffSession *mode = get_staff (self);

  if (mode != NULL && sok_staff_session_may (mode, "leave"))
    {
      sok_staff_session_log (mode, "kiosk-closed", NULL);
      GtkRoot *window = gtk_widget_get_root (GTK_WIDGET (self));

      if (GTK_IS_WINDOW (window))
        gtk_window_close (GTK_WINDOW (window));
    }
}

static void
sign_out_cb (SokStaffHomePage *self)
{
  SokStaffSession *mode = get_staff (self);

  if (mode != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "staff.sign-out", NULL);
}

static void
sok_staff_home_page_shown (SokPage *page)
{
  SokStaffHomePage *self = SOK_STAFF_HOME_PAGE (page);
  SokStaffSession *mode = get_staff (self);

  if (mode == NULL || !sok_staff_session_is_signed_in (mode))
    {
      if (mode != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "kiosk.hide", NULL);
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
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SokPageClass *page_class = SOK_PAGE_CLASS (klass);

  page_class->shown = sok_staff_home_page_shown;
  page_class->reset = sok_staff_home_page_reset;

  g_type_ensure (SOK_TYPE_TILE);

  /* No gtk_widget_dispose_template(): SokPage's dispose releases the content slot. */
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/safeonlinekiosk/Kiosk/sok-staff-home-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SokStaffHomePage, who);
  gtk_widget_class_bind_template_child (widget_class, SokStaffHomePage, warning);
  gtk_widget_class_bind_template_child (widget_class, SokStaffHomePage, campaign_button);
  gtk_widget_class_bind_template_child (widget_class, SokStaffHomePage, roster_button);
  gtk_widget_class_bind_template_child (widget_class, SokStaffHomePage, health_button);
  gtk_widget_class_bind_template_child (widget_class, SokStaffHomePage, leave_button);
  gtk_widget_class_bind_template_child (widget_class, SokStaffHomePage, close_button);
  gtk_widget_class_bind_template_child (widget_class, SokStaffHomePage, status);
  gtk_widget_class_bind_template_child (widget_class, SokStaffHomePage, timeout_note);
  gtk_widget_class_bind_template_callback (widget_class, campaign_cb);
  gtk_widget_class_bind_template_callback (widget_class, roster_cb);
  gtk_widget_class_bind_template_callback (widget_class, health_cb);
  gtk_widget_class_bind_template_callback (widget_class, leave_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_out_cb);
}

static void
sok_staff_home_page_init (SokStaffHomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * sok_staff_home_page_new:
 *
 * Returns: (transfer floating): the staff home, named “staff-home”
 */
GtkWidget *
sok_staff_home_page_new (SokContext *context)
{
  g_return_val_if_fail (SOK_IS_CONTEXT (context), NULL);

  return g_object_new (SOK_TYPE_STAFF_HOME_PAGE, "context", context, NULL);
}
