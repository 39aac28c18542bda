/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-staff-widgets"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-half-day.h"
#include "sok-outbox.h"
#include "sok-staff-widgets.h"

/* What every staff page builds with: buttons, labels and headings sized and styled
 * for staff, and the warning about a late report that the staff home and Kiosk
 * health both show. */


/**
 * sok_staff_button_new:
 * @label: the words on it, which are also its accessible name
 *
 * Returns: (transfer floating): a button sized for an adult's finger (48 px and more)
 */
GtkWidget *
sok_staff_button_new (const char *label)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, "staff-button");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);

  return button;
}

/**
 * sok_staff_label_new:
 * @style_class: (nullable): a CSS class for it
 *
 * Returns: (transfer floating): a wrapping, left-aligned label
 */
GtkWidget *
sok_staff_label_new (const char *text,
                     const char *style_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (style_class != NULL)
    gtk_widget_add_css_class (label, style_class);

  return label;
}

/**
 * sok_staff_dup_late_report_warning:
 * @on_health_page: %TRUE for the words on Kiosk health itself
 *
 * Reports normally wait a while on purpose (non-urgent ones go at a random time,
 * README.md says why), and the outbox keeps no time finer than the half-day a report
 * was sent in. So a report is late when delivery has failed and reports wait, or
 * when one still waits from before the last half-day.
 *
 * Returns: (transfer full) (nullable): a warning for staff when a report is late,
 *   saying since when in half-days ("since this morning"), else %NULL
 */
char *
sok_staff_dup_late_report_warning (SokStore *store,
                                   gboolean  on_health_page)
{
  g_auto (SokOutboxStatus) status = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *since = NULL;
  gint64 now = g_get_real_time ();

  if (store == NULL)
    return NULL;
  if (!sok_outbox_get_status (store, &status, &error))
    return g_strdup (error->message);
  if (status.waiting == 0 || status.oldest_half_day == 0)
    return NULL;
  if (status.last_error == NULL &&
      status.oldest_half_day >= sok_half_day_of (now - 12 * G_TIME_SPAN_HOUR))
    return NULL;

  since = sok_half_day_dup_words (status.oldest_half_day, now);
  if (on_health_page)
    /* Translators: a warning on Kiosk health; %s is a half-day ("this morning") */
    return g_strdup_printf (_("A child’s report has been waiting to reach the DSL since %s. "
                              "Delivery, below, says why; tell the DSL."), since);

  /* Translators: a warning on the staff screen; %s is a half-day ("this morning") */
  return g_strdup_printf (_("A child’s report has been waiting to reach the DSL since %s. "
                            "Tell the DSL and IT; Kiosk health says why."), since);
}

/**
 * sok_staff_heading_new:
 * @style_class: (nullable): a CSS class for it
 *
 * Returns: (transfer floating): a wrapping label a screen reader knows as a heading
 */
GtkWidget *
sok_staff_heading_new (const char *text,
                       const char *style_class)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "label", text,
                                   "wrap", TRUE,
                                   "wrap-mode", PANGO_WRAP_WORD_CHAR,
                                   "xalign", 0.0f,
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING,
                                   NULL);

  if (style_class != NULL)
    gtk_widget_add_css_class (label, style_class);

  return label;
}
