/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-pdf"

#include "config.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <sodium.h>

#include "sok-pdf.h"

G_DEFINE_QUARK (sok-pdf-error-quark, sok_pdf_error)

#define FONT_FAMILY "Noto Sans, DejaVu Sans, sans-serif"
#define LINE_GAP 4.0

struct _SokPdfDocument
{
  GByteArray      *bytes;    /* the PDF as cairo writes it; wiped when freed */
  cairo_surface_t *surface;
  cairo_t         *cr;
  double           y;
  gboolean         finished;
};

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * sok_pdf_document_new:
 * @title: the document's title (metadata)
 *
 * Returns: (transfer full): an empty A4 document with its first page begun.
 */
SokPdfDocument *
sok_pdf_document_new (const char *title)
{
  SokPdfDocument *doc = g_new0 (SokPdfDocument, 1);

  doc->bytes = g_byte_array_new ();
  doc->surface = cairo_pdf_surface_create_for_stream (write_cb, doc->bytes,
                                                      SOK_PDF_PAGE_WIDTH, SOK_PDF_PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (doc->surface, CAIRO_PDF_METADATA_TITLE, title ? title : "");
  cairo_pdf_surface_set_metadata (doc->surface, CAIRO_PDF_METADATA_CREATOR, "Safe Online Kiosk");
  doc->cr = cairo_create (doc->surface);
  doc->y = SOK_PDF_MARGIN;

  return doc;
}

void
sok_pdf_document_free (SokPdfDocument *doc)
{
  if (doc == NULL)
    return;
  g_clear_pointer (&doc->cr, cairo_destroy);
  if (doc->surface)
    {
      cairo_surface_finish (doc->surface);
      cairo_surface_destroy (doc->surface);
    }
  /* The PDF may hold what a child wrote. */
  sodium_memzero (doc->bytes->data, doc->bytes->len);
  g_byte_array_unref (doc->bytes);
  g_free (doc);
}

cairo_t *
sok_pdf_document_get_cairo (SokPdfDocument *doc)
{
  return doc->cr;
}

/* The width of the text column. */
double
sok_pdf_document_get_width (SokPdfDocument *doc)
{
  return SOK_PDF_PAGE_WIDTH - 2 * SOK_PDF_MARGIN;
}

double
sok_pdf_document_get_y (SokPdfDocument *doc)
{
  return doc->y;
}

void
sok_pdf_document_new_page (SokPdfDocument *doc)
{
  cairo_show_page (doc->cr);
  doc->y = SOK_PDF_MARGIN;
}

void
sok_pdf_document_skip (SokPdfDocument *doc,
                       double          height)
{
  doc->y += height;
}

/**
 * sok_pdf_document_reserve:
 * @height: how much room a block needs
 *
 * Starts a new page unless @height fits on this one, and moves down past the block.
 *
 * Returns: the top of the reserved block.
 */
double
sok_pdf_document_reserve (SokPdfDocument *doc,
                          double          height)
{
  double top;

  if (doc->y + height > SOK_PDF_PAGE_HEIGHT - SOK_PDF_MARGIN && doc->y > SOK_PDF_MARGIN)
    sok_pdf_document_new_page (doc);
  top = doc->y;
  doc->y += height;
  return top;
}

/**
 * sok_pdf_new_layout:
 * @size: the font size in the surface's units (points on a PDF page)
 * @width: where to wrap, in the same units; 0 or less for no wrapping
 *
 * Returns: (transfer full): a layout of @text for @cr in the documents' font (the
 *   DSL's exports and the pupils' certificates share it).
 */
PangoLayout *
sok_pdf_new_layout (cairo_t    *cr,
                    const char *text,
                    double      size,
                    gboolean    bold,
                    double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr (PangoFontDescription) font = pango_font_description_from_string (FONT_FAMILY);

  /* Absolute sizes are in the surface's units, which are points on a PDF page. */
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  return layout;
}

/* The height @text takes when wrapped at @width (0: no wrapping). */
double
sok_pdf_document_measure (SokPdfDocument *doc,
                          const char     *text,
                          double          size,
                          gboolean        bold,
                          double          width)
{
  g_autoptr (PangoLayout) layout = sok_pdf_new_layout (doc->cr, text, size, bold, width);
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double)h / PANGO_SCALE;
}

/* Draws @text at a place of the caller's choosing, in black. */
void
sok_pdf_document_show (SokPdfDocument *doc,
                       const char     *text,
                       double          x,
                       double          y,
                       double          size,
                       gboolean        bold,
                       double          width)
{
  g_autoptr (PangoLayout) layout = sok_pdf_new_layout (doc->cr, text, size, bold, width);

  cairo_save (doc->cr);
  cairo_set_source_rgb (doc->cr, 0.1, 0.1, 0.1);
  cairo_move_to (doc->cr, x, y);
  pango_cairo_show_layout (doc->cr, layout);
  cairo_restore (doc->cr);
}

/* Flows a paragraph down the page, line by line onto new pages as needed. */
void
sok_pdf_document_text (SokPdfDocument *doc,
                       const char     *text,
                       double          size,
                       gboolean        bold)
{
  double width = sok_pdf_document_get_width (doc);
  g_autoptr (PangoLayout) layout = sok_pdf_new_layout (doc->cr, text, size, bold, width);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle logical;
      double height;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      height = (double)logical.height / PANGO_SCALE;
      if (doc->y + height > SOK_PDF_PAGE_HEIGHT - SOK_PDF_MARGIN)
        sok_pdf_document_new_page (doc);

      cairo_save (doc->cr);
      cairo_set_source_rgb (doc->cr, 0.1, 0.1, 0.1);
      cairo_move_to (doc->cr, SOK_PDF_MARGIN,
                     doc->y + (double)pango_layout_iter_get_baseline (iter) / PANGO_SCALE
                            - (double)logical.y / PANGO_SCALE);
      pango_cairo_show_layout_line (doc->cr, line);
      cairo_restore (doc->cr);
      doc->y += height;
    }
  while (pango_layout_iter_next_line (iter));

  pango_layout_iter_free (iter);
  doc->y += LINE_GAP;
}

/* A label in bold above its value; an empty value shows as a dash. */
void
sok_pdf_document_pair (SokPdfDocument *doc,
                       const char     *label,
                       const char     *value)
{
  if (doc->y + 30 > SOK_PDF_PAGE_HEIGHT - SOK_PDF_MARGIN)
    sok_pdf_document_new_page (doc);
  sok_pdf_document_text (doc, label, 9, TRUE);
  doc->y -= LINE_GAP;
  sok_pdf_document_text (doc, value != NULL && *value != '\0' ? value : "—", 11, FALSE);
  doc->y += 2;
}

/**
 * sok_pdf_document_save:
 *
 * Finishes the document and writes it to @path (mode 0600, replacing any file there
 * only once the whole document is written). Sets %SOK_PDF_ERROR_WRITE.
 */
gboolean
sok_pdf_document_save (SokPdfDocument  *doc,
                       const char      *path,
                       GError         **error)
{
  g_autoptr (GError) local_error = NULL;
  cairo_status_t status;

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!doc->finished)
    {
      g_clear_pointer (&doc->cr, cairo_destroy);
      cairo_surface_finish (doc->surface);
      doc->finished = TRUE;
    }
  status = cairo_surface_status (doc->surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SOK_PDF_ERROR, SOK_PDF_ERROR_WRITE,
                   "Could not make the PDF %s: %s", path, cairo_status_to_string (status));
      return FALSE;
    }

  if (!g_file_set_contents_full (path, (const char *)doc->bytes->data, doc->bytes->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, SOK_PDF_ERROR, SOK_PDF_ERROR_WRITE,
                   "Could not write %s: %s. Check that its folder exists and can be "
                   "written to.", path, local_error->message);
      return FALSE;
    }
  return TRUE;
}
