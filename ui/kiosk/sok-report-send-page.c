/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-report-send-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-picture.h"
#include "sok-report-send-page.h"
#include "sok-tile.h"

/* "Who will read this?": before Send, the child is told honestly who reads a report
 * and that a grown-up who fears a child is in danger may have to tell others. Send
 * (report.send) hands the draft to the flow, which seals and stores it; while that
 * runs (a few milliseconds, in a thread) the page says so and takes no second tap.
 */
struct _SokReportSendPage
{
  SokPage        parent_instance;

  GtkWidget     *who_label;
  GtkWidget     *urgent_label;
  GtkWidget     *send_tile;
  GtkWidget     *sending_label;
};

G_DEFINE_FINAL_TYPE (SokReportSendPage, sok_report_send_page, SOK_TYPE_PAGE)

void
sok_report_send_page_set_sending (SokReportSendPage *self,
                                  gboolean           sending)
{
  g_return_if_fail (SOK_IS_REPORT_SEND_PAGE (self));

  /* The flow disables report.send itself while it sends. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.back", !sending);
  gtk_widget_set_visible (self->sending_label, sending);
}

/**
 * sok_report_send_page_set_urgent:
 * @urgent: whether the child asked for help now
 *
 * Shows, or hides, the line saying a grown-up will come soon.
 */
void
sok_report_send_page_set_urgent (SokReportSendPage *self,
                                 gboolean           urgent)
{
  g_return_if_fail (SOK_IS_REPORT_SEND_PAGE (self));

  gtk_widget_set_visible (self->urgent_label, urgent);
}

static void
sok_report_send_page_reset (SokPage *page)
{
  SokReportSendPage *self = SOK_REPORT_SEND_PAGE (page);

  gtk_widget_set_visible (self->urgent_label, FALSE);
  sok_report_send_page_set_sending (self, FALSE);
}

static char *
sok_report_send_page_dup_speech_text (SokPage *page)
{
  SokReportSendPage *self = SOK_REPORT_SEND_PAGE (page);

  return g_strdup_printf ("%s %s %s", sok_page_get_title (page),
                          gtk_label_get_label (GTK_LABEL (self->who_label)),
                          /* Translators: read aloud after "Who will read this?" */
                          _("Tap Send when you are ready."));
}

static void
sok_report_send_page_class_init (SokReportSendPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SokPageClass *page_class = SOK_PAGE_CLASS (klass);

  page_class->reset = sok_report_send_page_reset;
  page_class->dup_speech_text = sok_report_send_page_dup_speech_text;

  g_type_ensure (SOK_TYPE_PICTURE);
  g_type_ensure (SOK_TYPE_TILE);

  /* No gtk_widget_dispose_template() for this class: its template's widgets sit in
   * SokPage's content slot, and SokPage's own dispose releases them. */
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/safeonlinekiosk/Kiosk/sok-report-send-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SokReportSendPage, who_label);
  gtk_widget_class_bind_template_child (widget_class, SokReportSendPage, urgent_label);
  gtk_widget_class_bind_template_child (widget_class, SokReportSendPage, send_tile);
  gtk_widget_class_bind_template_child (widget_class, SokReportSendPage, sending_label);

}

static void
sok_report_send_page_init (SokReportSendPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * sok_report_send_page_new:
 * @context: the kiosk's context
 *
 * Returns: (transfer floating): the page named %SOK_REPORT_PAGE_SEND
 */
GtkWidget *
sok_report_send_page_new (SokContext *context)
{
  SokReportSendPage *self;

  g_return_val_if_fail (SOK_IS_CONTEXT (context), NULL);

  self = g_object_new (SOK_TYPE_REPORT_SEND_PAGE,
                       "context", context, NULL);

  return GTK_WIDGET (self);
}
