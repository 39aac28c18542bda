/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-report-in-person-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-picture.h"
#include "sok-report-names.h"
#include "sok-report-in-person-page.h"

/* Shown instead of the report screens when the kiosk cannot take a report: no DSL
 * key has been set up, or Send could not store it (full disk, locked or broken
 * database). The child is never told it was sent; they are asked, calmly, to tell a
 * grown-up in person today, and given Childline's number. Staff find the reason in
 * small print; it names files and settings, never anything the child said.
 */
struct _SokReportInPersonPage
{
  SokPage    parent_instance;

  GtkWidget *words_label;
  GtkWidget *helpline_label;
  GtkWidget *details_label;
};

G_DEFINE_FINAL_TYPE (SokReportInPersonPage, sok_report_in_person_page, SOK_TYPE_PAGE)

static char *
sok_report_in_person_page_dup_speech_text (SokPage *page)
{
  SokReportInPersonPage *self = SOK_REPORT_IN_PERSON_PAGE (page);

  return g_strdup_printf ("%s. %s %s", sok_page_get_title (page),
                          gtk_label_get_label (GTK_LABEL (self->words_label)),
                          gtk_label_get_label (GTK_LABEL (self->helpline_label)));
}

static void
sok_report_in_person_page_class_init (SokReportInPersonPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SokPageClass *page_class = SOK_PAGE_CLASS (klass);

  page_class->dup_speech_text = sok_report_in_person_page_dup_speech_text;

  g_type_ensure (SOK_TYPE_PICTURE);

  /* No gtk_widget_dispose_template() for this class: its template's widgets sit in
   * SokPage's content slot, and SokPage's own dispose releases them. */
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/safeonlinekiosk/Kiosk/sok-report-in-person-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SokReportInPersonPage, words_label);
  gtk_widget_class_bind_template_child (widget_class, SokReportInPersonPage, helpline_label);
  gtk_widget_class_bind_template_child (widget_class, SokReportInPersonPage, details_label);
}

static void
sok_report_in_person_page_init (SokReportInPersonPage *self)
{
  g_autofree char *helpline = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Translators: %s is Childline's phone number */
  helpline = g_strdup_printf (_("You can also call Childline, free, any time: %s"),
                              SOK_REPORT_CHILDLINE_NUMBER);
  gtk_label_set_label (GTK_LABEL (self->helpline_label), helpline);
}

/**
 * sok_report_in_person_page_new:
 *
 * Returns: (transfer floating): the page named %SOK_REPORT_PAGE_IN_PERSON
 */
GtkWidget *
sok_report_in_person_page_new (SokContext *context)
{
  return g_object_new (SOK_TYPE_REPORT_IN_PERSON_PAGE,
                       "context", context, NULL);
}

const char *
sok_report_in_person_page_get_details (SokReportInPersonPage *self)
{
  g_return_val_if_fail (SOK_IS_REPORT_IN_PERSON_PAGE (self), NULL);

  return gtk_label_get_label (GTK_LABEL (self->details_label));
}

/**
 * sok_report_in_person_page_set_details:
 * @details: (nullable): why the kiosk cannot take reports, for staff; it must not
 *   hold anything a child said
 */
void
sok_report_in_person_page_set_details (SokReportInPersonPage *self,
                                       const char            *details)
{
  g_return_if_fail (SOK_IS_REPORT_IN_PERSON_PAGE (self));

  gtk_label_set_label (GTK_LABEL (self->details_label), details ? details : "");
}
