/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

#define SOK_PDF_ERROR (sok_pdf_error_quark ())

typedef enum
{
  SOK_PDF_ERROR_WRITE,  /* the document could not be made or written */
} SokPdfError;

GQuark sok_pdf_error_quark (void);

/* A simple A4 document for the DSL's exports: text flows down the page and onto new
 * pages; callers may draw their own pictures in a block they reserve. The file is
 * written only by sok_pdf_document_save(), mode 0600, all at once. */
typedef struct _SokPdfDocument SokPdfDocument;

#define SOK_PDF_PAGE_WIDTH  595.0   /* A4, in points */
#define SOK_PDF_PAGE_HEIGHT 842.0
#define SOK_PDF_MARGIN      50.0

SokPdfDocument *sok_pdf_document_new        (const char      *title);
void            sok_pdf_document_free       (SokPdfDocument  *doc);
cairo_t        *sok_pdf_document_get_cairo  (SokPdfDocument  *doc);
double          sok_pdf_document_get_width  (SokPdfDocument  *doc);
double          sok_pdf_document_get_y      (SokPdfDocument  *doc);
void            sok_pdf_document_skip       (SokPdfDocument  *doc,
                                             double           height);
double          sok_pdf_document_reserve    (SokPdfDocument  *doc,
                                             double           height);
void            sok_pdf_document_new_page   (SokPdfDocument  *doc);
void            sok_pdf_document_text       (SokPdfDocument  *doc,
                                             const char      *text,
                                             double           size,
                                             gboolean         bold);
void            sok_pdf_document_pair       (SokPdfDocument  *doc,
                                             const char      *label,
                                             const char      *value);
double          sok_pdf_document_measure    (SokPdfDocument  *doc,
                                             const char      *text,
                                             double           size,
                                             gboolean         bold,
                                             double           width);
void            sok_pdf_document_show       (SokPdfDocument  *doc,
                                             const char      *text,
                                             double           x,
                                             double           y,
                                             double           size,
                                             gboolean         bold,
                                             double           width);
gboolean        sok_pdf_document_save       (SokPdfDocument  *doc,
                                             const char      *path,
                                             GError         **error);

PangoLayout    *sok_pdf_new_layout          (cairo_t         *cr,
                                             const char      *text,
                                             double           size,
                                             gboolean         bold,
                                             double           width);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokPdfDocument, sok_pdf_document_free)

G_END_DECLS
