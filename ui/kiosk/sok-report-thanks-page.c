/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-report-thanks-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-picture.h"
#include "sok-qr.h"
#include "sok-report-names.h"
#include "sok-report-thanks-page.h"

/* The screen after a report is safely stored: "You did the right thing by telling",
 * Childline's number, and a QR code to Childline's website for a grown-up's phone.
 * It shows nothing of the report. The flow takes the kiosk home after a short while.
 */
struct _SokReportThanksPage
{
  SokPage     parent_instance;

  GtkWidget  *right_thing_label;
  GtkWidget  *urgent_label;
  GtkWidget  *number_label;
  GtkImage   *qr_picture;

  GdkTexture *qr_code;
};

G_DEFINE_FINAL_TYPE (SokReportThanksPage, sok_report_thanks_page, SOK_TYPE_PAGE)

/* The code's side in pixels, drawn at exactly this size: a whole number of modules
 * for a short address (33 with the quiet zone), so every module has sharp edges. */
#define QR_SIZE 198

static GdkTexture *
make_qr_code (const char  *url,
              GError     **error)
{
  g_autoptr (GBytes) bytes = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean ok;
  int stride;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, QR_SIZE, QR_SIZE);
  cr = cairo_create (surface);
  ok = sok_qr_draw (cr, url, 0, 0, QR_SIZE, error);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (!ok)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }

  stride = cairo_image_surface_get_stride (surface);
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) stride * QR_SIZE,
                                      (GDestroyNotify) cairo_surface_destroy,
                                      surface);

  /* Cairo's ARGB32 is premultiplied native-endian, which GDK calls its default. */
  return gdk_memory_texture_new (QR_SIZE, QR_SIZE, GDK_MEMORY_DEFAULT, bytes, (gsize) stride);
}

static char *
sok_report_thanks_page_dup_speech_text (SokPage *page)
{
  SokReportThanksPage *self = SOK_REPORT_THANKS_PAGE (page);
  g_autoptr (GString) text = g_string_new (sok_page_get_title (page));

  g_string_append_printf (text, ". %s ", gtk_label_get_label (GTK_LABEL (self->right_thing_label)));
  if (gtk_widget_get_visible (self->urgent_label))
    g_string_append_printf (text, "%s ", gtk_label_get_label (GTK_LABEL (self->urgent_label)));
  /* Translators: read aloud; %s is Childline's phone number, said digit by digit */
  g_string_append_printf (text, _("You can talk to Childline any time. It's free: %s."),
                          SOK_REPORT_CHILDLINE_NUMBER);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
sok_report_thanks_page_reset (SokPage *page)
{
  sok_report_thanks_page_set_urgent (SOK_REPORT_THANKS_PAGE (page), FALSE);
}

static void
sok_report_thanks_page_finalize (GObject *object)
{
  SokReportThanksPage *self = SOK_REPORT_THANKS_PAGE (object);

  g_clear_object (&self->qr_code);

  G_OBJECT_CLASS (sok_report_thanks_page_parent_class)->finalize (object);
}

static void
sok_report_thanks_page_class_init (SokReportThanksPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SokPageClass *page_class = SOK_PAGE_CLASS (klass);

  object_class->finalize = sok_report_thanks_page_finalize;

  page_class->reset = sok_report_thanks_page_reset;
  page_class->dup_speech_text = sok_report_thanks_page_dup_speech_text;

  g_type_ensure (SOK_TYPE_PICTURE);

  /* No gtk_widget_dispose_template() for this class: its template's widgets sit in
   * SokPage's content slot, and SokPage's own dispose releases them. */
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/safeonlinekiosk/Kiosk/sok-report-thanks-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SokReportThanksPage, right_thing_label);
  gtk_widget_class_bind_template_child (widget_class, SokReportThanksPage, urgent_label);
  gtk_widget_class_bind_template_child (widget_class, SokReportThanksPage, number_label);
  gtk_widget_class_bind_template_child (widget_class, SokReportThanksPage, qr_picture);
}

static void
sok_report_thanks_page_init (SokReportThanksPage *self)
{
  g_autoptr (GError) error = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_label_set_label (GTK_LABEL (self->number_label), SOK_REPORT_CHILDLINE_NUMBER);

  self->qr_code = make_qr_code (SOK_REPORT_CHILDLINE_URL, &error);
  if (self->qr_code != NULL)
    gtk_image_set_from_paintable (self->qr_picture, GDK_PAINTABLE (self->qr_code));
  else
    {
      /* The number is still there; a missing code is not worth a child's worry. */
      g_warning ("The Childline QR code cannot be made: %s", error->message);
      gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->qr_picture)), FALSE);
    }
}

/**
 * sok_report_thanks_page_new:
 *
 * Returns: (transfer floating): the page named %SOK_REPORT_PAGE_THANKS
 */
GtkWidget *
sok_report_thanks_page_new (SokContext *context)
{
  return g_object_new (SOK_TYPE_REPORT_THANKS_PAGE,
                       "context", context, NULL);
}

/**
 * sok_report_thanks_page_get_qr_code:
 *
 * Returns: (transfer none) (nullable): the Childline QR code as shown
 */
GdkTexture *
sok_report_thanks_page_get_qr_code (SokReportThanksPage *self)
{
  g_return_val_if_fail (SOK_IS_REPORT_THANKS_PAGE (self), NULL);

  return self->qr_code;
}

/**
 * sok_report_thanks_page_set_urgent:
 * @urgent: whether the child asked for help now, which adds a line asking them to
 *   find a grown-up near them too
 */
void
sok_report_thanks_page_set_urgent (SokReportThanksPage *self,
                                   gboolean             urgent)
{
  g_return_if_fail (SOK_IS_REPORT_THANKS_PAGE (self));

  gtk_widget_set_visible (self->urgent_label, urgent);
}
