/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-health-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-health.h"
#include "sok-half-day.h"
#include "sok-health-page.h"
#include "sok-outbox.h"
#include "sok-queue.h"
#include "sok-seal.h"
#include "sok-staff-session.h"
#include "sok-staff-widgets.h"

/* Kiosk health, for IT and the DSL: reports waiting to reach the DSL and why, the DSL
 * key's fingerprint to compare with the DSL's own, free disk space, the kiosk's
 * settings (the queue's password hidden) and the checks `sokctl doctor` runs, the
 * database's among them. The checks run in a worker thread.
 */
struct _SokHealthPage
{
  SokPage       parent_instance;

  GtkWidget    *warning;
  GtkWidget    *grid;
  GtkWidget    *checks;
  guint         row;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (SokHealthPage, sok_health_page, SOK_TYPE_PAGE)

static SokStaffSession *
get_staff (gpointer page)
{
  SokContext *context = sok_page_get_context (SOK_PAGE (page));

  return context != NULL ? sok_context_get_staff (context) : NULL;
}

static SokStore *
get_store (SokHealthPage *self)
{
  SokContext *context = sok_page_get_context (SOK_PAGE (self));

  return context != NULL ? sok_context_get_store (context) : NULL;
}

static SokConfig *
get_config (SokHealthPage *self)
{
  SokContext *context = sok_page_get_context (SOK_PAGE (self));

  return context != NULL ? sok_context_get_config (context) : NULL;
}

static void
clear_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

static void
add_section (SokHealthPage *self,
             const char    *heading)
{
  GtkWidget *label = sok_staff_heading_new (heading, "staff-section");

  gtk_grid_attach (GTK_GRID (self->grid), label, 0, (int)self->row++, 2, 1);
}

static void
add_row (SokHealthPage *self,
         const char    *name,
         const char    *value,
         const char    *style_class)
{
  GtkWidget *key = sok_staff_label_new (name ? name : "", "staff-key");
  GtkWidget *text = sok_staff_label_new (value, style_class);

  gtk_label_set_selectable (GTK_LABEL (text), FALSE);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (key, GTK_ALIGN_START);
  gtk_grid_attach (GTK_GRID (self->grid), key, 0, (int)self->row, 1, 1);
  gtk_grid_attach (GTK_GRID (self->grid), text, 1, (int)self->row, 1, 1);
  self->row++;
}

/* What a delivery error means, for a person who is not IT. */
static const char *
plain_words_for (const char *error)
{
  g_autofree char *lower = g_utf8_strdown (error, -1);

  if (strstr (lower, "password") || strstr (lower, "authentication") ||
      strstr (lower, "permission") || strstr (lower, "denied") || strstr (lower, "role"))
    return _("The DSL queue would not let this kiosk in: its login or rights are wrong. "
             "Ask IT to check the queue setting.");
  if (strstr (lower, "connect") || strstr (lower, "timeout") || strstr (lower, "timed out") ||
      strstr (lower, "refused") || strstr (lower, "resolve") || strstr (lower, "network") ||
      strstr (lower, "unreachable") || strstr (lower, "host"))
    return _("The kiosk could not reach the DSL queue: the network or the queue’s server may "
             "be down. The kiosk keeps trying.");
  if (strstr (lower, "full") || strstr (lower, "space"))
    return _("The DSL queue’s disk is full. Ask IT to make room.");
  if (strstr (lower, "no such file") || strstr (lower, "not found") || strstr (lower, "open"))
    return _("The DSL queue could not be found where the settings say it is. Ask IT to "
             "check the queue setting.");

  return _("The DSL queue did not take the reports. The kiosk keeps trying; the details "
           "below are for IT.");
}

static void
show_outbox (SokHealthPage *self,
             SokStore      *store,
             SokConfig     *config)
{
  g_auto (SokOutboxStatus) status = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *waiting = NULL;
  const char *queue = config ? sok_config_get_queue (config) : NULL;

  /* Translators: kiosk health section heading */
  add_section (self, _("Reports to the DSL"));

  if (!sok_outbox_get_status (store, &status, &error))
    {
      add_row (self, _("Waiting"), error->message, "staff-problem");
      return;
    }

  if (status.waiting == 0)
    waiting = g_strdup (_("None: every report has reached the DSL."));
  else
    {
      g_autofree char *since = sok_half_day_dup_words (status.oldest_half_day,
                                                       g_get_real_time ());
      /* Translators: kiosk health: "2 reports are waiting to be delivered, since this
       * morning"; %s is a half-day ("this morning", "yesterday afternoon", …) */
      waiting = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u report is waiting to be delivered, since %s",
                                              "%u reports are waiting to be delivered, since %s",
                                              status.waiting),
                                 status.waiting, since);
      if (status.urgent_waiting > 0)
        {
          g_autofree char *urgent = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                  " (%u asks for help now)",
                                                                  " (%u ask for help now)",
                                                                  status.urgent_waiting),
                                                     status.urgent_waiting);
          g_autofree char *both = g_strconcat (waiting, urgent, NULL);
          g_free (waiting);
          waiting = g_steal_pointer (&both);
        }
    }
  /* Translators: kiosk health row name */
  add_row (self, _("Waiting"), waiting, status.waiting > 0 ? "staff-attention" : NULL);

  if (queue == NULL || *queue == '\0')
    add_row (self, _("Delivery"),
             _("No DSL queue is set, so reports cannot leave this kiosk. IT: "
               "sokctl config set queue …"), "staff-problem");
  else if (status.last_error != NULL)
    {
      g_autofree char *when = sok_half_day_dup_words (status.last_error_half_day,
                                                      g_get_real_time ());
      /* Translators: kiosk health: the plain-words reason, a half-day ("this morning"),
       * the technical message */
      g_autofree char *text = g_strdup_printf (_("%s\nFailing since %s. Details: %s"),
                                               plain_words_for (status.last_error), when,
                                               status.last_error);
      add_row (self, _("Delivery"), text, "staff-problem");
    }
  else if (status.last_delivered_half_day != 0)
    {
      g_autofree char *when = sok_half_day_dup_words (status.last_delivered_half_day,
                                                      g_get_real_time ());
      /* Translators: kiosk health; %s is a half-day ("this morning", "yesterday
       * afternoon", …): never a time, which could say when a child sent a report */
      g_autofree char *text = g_strdup_printf (_("Working: the last delivery was %s."), when);
      add_row (self, _("Delivery"), text, NULL);
    }
  else
    add_row (self, _("Delivery"), _("Nothing has been delivered from this kiosk yet."), NULL);
}

static void
show_kiosk (SokHealthPage *self,
            SokStore      *store,
            SokConfig     *config)
{
  const char *key = config ? sok_config_get_dsl_public_key (config) : NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr (GFile) dir = g_file_new_for_path (sok_store_get_dir (store));
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GError) error = NULL;

  /* Translators: kiosk health section heading */
  add_section (self, _("This kiosk"));

  fingerprint = key != NULL && *key != '\0' ? sok_seal_dup_fingerprint (key) : NULL;
  if (fingerprint != NULL)
    {
      add_row (self, _("DSL key"), fingerprint, "staff-fingerprint");
      add_row (self, NULL, _("The DSL should see these same four groups on their copy of the "
                             "key. If they differ, reports go to the wrong key: tell IT."),
               "staff-note");
    }
  else if (key != NULL && *key != '\0')
    add_row (self, _("DSL key"), _("The DSL key in the settings is not a valid key. Reports "
                                    "cannot be sealed."), "staff-problem");
  else
    add_row (self, _("DSL key"), _("Not set: reports cannot be sealed. IT: sokctl config set "
                                    "dsl-public-key KEY"), "staff-problem");

  info = g_file_query_filesystem_info (dir, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, &error);
  if (info != NULL)
    {
      guint64 free_bytes = g_file_info_get_attribute_uint64 (info,
                                                              G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
      g_autofree char *size = g_format_size (free_bytes);
      /* Translators: kiosk health; %s is a size such as "12.3 GB" */
      g_autofree char *text = g_strdup_printf (_("%s free"), size);

      add_row (self, _("Disk"), text,
               free_bytes < 100 * 1000 * 1000 ? "staff-problem" : NULL);
    }
  else
    add_row (self, _("Disk"), error->message, "staff-problem");
}

static void
show_settings (SokHealthPage *self,
               SokConfig     *config)
{
  g_auto (GStrv) languages = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *idle = NULL;
  g_autofree char *staff_idle = NULL;
  g_autofree char *queue = NULL;
  const char *url;
  guint seconds;

  /* Translators: kiosk health section heading */
  add_section (self, _("Settings"));

  if (config == NULL)
    {
      add_row (self, _("Settings"), _("kiosk.conf could not be read."), "staff-problem");
      return;
    }

  add_row (self, _("School"), sok_config_get_school_name (config), NULL);

  seconds = sok_config_get_idle_seconds (config);
  idle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", seconds),
                          seconds);
  /* Translators: kiosk health: the idle-seconds setting */
  add_row (self, _("Idle time"), idle, NULL);
  seconds = sok_config_get_staff_idle_seconds (config);
  staff_idle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds",
                                             seconds), seconds);
  /* Translators: kiosk health: the staff-idle-seconds setting */
  add_row (self, _("Staff idle time"), staff_idle, NULL);

  languages = sok_config_dup_languages (config);
  joined = g_strjoinv (", ", languages);
  add_row (self, _("Languages"), joined, NULL);

  if (sok_config_get_queue (config) != NULL && *sok_config_get_queue (config) != '\0')
    queue = sok_queue_redact_uri (sok_config_get_queue (config));
  /* Translators: kiosk health: where reports go */
  add_row (self, _("DSL queue"), queue ? queue : _("not set"), queue ? NULL : "staff-problem");

  url = sok_config_get_parent_aup_url (config);
  /* Translators: kiosk health: the web page for parents printed as a QR code */
  add_row (self, _("Parents’ page"), url && *url ? url : _("not set: certificates ask parents "
                                                            "to ask the school"), NULL);
}

static void
health_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_task_return_pointer (task, sok_health_run (task_data), (GDestroyNotify)g_ptr_array_unref);
}

static void
health_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SokHealthPage *self = SOK_HEALTH_PAGE (source);
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GError) error = NULL;

  items = g_task_propagate_pointer (G_TASK (result), &error);
  if (items == NULL)
    return;

  clear_children (self->checks);
  for (guint i = 0; i < items->len; i++)
    {
      SokHealthItem *item = g_ptr_array_index (items, i);
      const char *level;
      const char *style;
      g_autofree char *text = NULL;

      switch (item->level)
        {
        case SOK_HEALTH_OK:
          /* Translators: a check's result on kiosk health */
          level = _("OK");
          style = NULL;
          break;
        case SOK_HEALTH_WARNING:
          /* Translators: a check's result on kiosk health */
          level = _("Warning");
          style = "staff-attention";
          break;
        case SOK_HEALTH_PROBLEM:
        default:
          /* Translators: a check's result on kiosk health */
          level = _("Problem");
          style = "staff-problem";
          break;
        }

      text = item->fix != NULL
             /* Translators: kiosk health: a check's result, what was found, how to fix it */
             ? g_strdup_printf (_("%s: %s — %s"), level, item->message, item->fix)
             /* Translators: kiosk health: a check's result and what was found */
             : g_strdup_printf (_("%s: %s"), level, item->message);
      gtk_grid_attach (GTK_GRID (self->checks), sok_staff_label_new (item->check, "staff-key"),
                       0, (int)i, 1, 1);
      gtk_grid_attach (GTK_GRID (self->checks), sok_staff_label_new (text, style), 1, (int)i, 1, 1);
    }
}

static void
refresh (SokHealthPage *self)
{
  SokStore *store = get_store (self);
  SokConfig *config = get_config (self);
  g_autofree char *warning = NULL;
  g_autoptr (GTask) task = NULL;

  clear_children (self->grid);
  clear_children (self->checks);
  self->row = 0;

  if (store == NULL)
    return;

  warning = sok_staff_dup_late_report_warning (store, TRUE);
  gtk_label_set_label (GTK_LABEL (self->warning), warning ? warning : "");
  gtk_widget_set_visible (self->warning, warning != NULL);

  show_outbox (self, store, config);
  show_kiosk (self, store, config);
  show_settings (self, config);

  gtk_grid_attach (GTK_GRID (self->checks),
                   sok_staff_label_new (_("Checking the installation and the database…"),
                                        "staff-note"), 0, 0, 2, 1);
  task = g_task_new (self, self->cancellable, health_done_cb, NULL);
  g_task_set_source_tag (task, refresh);
  g_task_set_task_data (task, g_strdup (sok_store_get_dir (store)), g_free);
  g_task_run_in_thread (task, health_thread);
}

static void
sok_health_page_shown (SokPage *page)
{
  SokHealthPage *self = SOK_HEALTH_PAGE (page);
  SokStaffSession *mode = get_staff (self);

  if (mode == NULL || !sok_staff_session_may (mode, "health"))
    {
      if (mode != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "kiosk.hide", NULL);
      return;
    }

  sok_staff_session_log (mode, "health-viewed", NULL);
  refresh (self);
}

static void
sok_health_page_reset (SokPage *page)
{
  SokHealthPage *self = SOK_HEALTH_PAGE (page);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  clear_children (self->grid);
  clear_children (self->checks);
  gtk_widget_set_visible (self->warning, FALSE);
}

static void
sok_health_page_back (SokPage *page)
{
  gtk_widget_activate_action (GTK_WIDGET (page), "kiosk.show-page", "s", "staff-home");
}

static void
sok_health_page_dispose (GObject *object)
{
  SokHealthPage *self = SOK_HEALTH_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sok_health_page_parent_class)->dispose (object);
}

static void
sok_health_page_class_init (SokHealthPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SokPageClass *page_class = SOK_PAGE_CLASS (klass);

  object_class->dispose = sok_health_page_dispose;

  page_class->shown = sok_health_page_shown;
  page_class->reset = sok_health_page_reset;
  page_class->back = sok_health_page_back;

  /* No gtk_widget_dispose_template(): SokPage's dispose releases the content slot. */
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/safeonlinekiosk/Kiosk/sok-health-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SokHealthPage, warning);
  gtk_widget_class_bind_template_child (widget_class, SokHealthPage, grid);
  gtk_widget_class_bind_template_child (widget_class, SokHealthPage, checks);
}

static void
sok_health_page_init (SokHealthPage *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * sok_health_page_new:
 *
 * Returns: (transfer floating): the kiosk health page, named “staff-health”
 */
GtkWidget *
sok_health_page_new (SokContext *context)
{
  g_return_val_if_fail (SOK_IS_CONTEXT (context), NULL);

  return g_object_new (SOK_TYPE_HEALTH_PAGE, "context", context, NULL);
}
