/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-qr"

#include "config.h"

#include <errno.h>
#include <qrencode.h>

#include "sok-qr.h"

G_DEFINE_QUARK (sok-qr-error-quark, sok_qr_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QRcode, QRcode_free)

/**
 * sok_qr_draw:
 * @cr: where to draw
 * @text: what the code says (a web address, usually), UTF-8
 * @x: left edge of the code, quiet zone included
 * @y: top edge of the code, quiet zone included
 * @size: width and height of the code, quiet zone included
 *
 * Draws @text as a QR code (error correction level M, so a crumpled certificate
 * still scans): black modules on a white square that includes a quiet zone of
 * SOK_QR_QUIET_ZONE modules. Sets %SOK_QR_ERROR_INVALID for empty or non-UTF-8
 * text, %SOK_QR_ERROR_TOO_LONG when it does not fit in a QR code.
 */
gboolean
sok_qr_draw (cairo_t     *cr,
             const char  *text,
             double       x,
             double       y,
             double       size,
             GError     **error)
{
  g_autoptr (QRcode) code = NULL;
  double module;
  int modules;

  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (size > 0, FALSE);

  if (text == NULL || *text == '\0' || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, SOK_QR_ERROR, SOK_QR_ERROR_INVALID,
                   "A QR code needs some text (a web address); this was empty or not UTF-8");
      return FALSE;
    }

  errno = 0;
  code = QRcode_encodeString8bit (text, 0, QR_ECLEVEL_M);
  if (code == NULL)
    {
      int saved = errno;

      if (saved == ERANGE)
        g_set_error (error, SOK_QR_ERROR, SOK_QR_ERROR_TOO_LONG,
                     "“%.40s…” is too long for a QR code (%" G_GSIZE_FORMAT " bytes); "
                     "use a shorter web address", text, strlen (text));
      else
        g_set_error (error, SOK_QR_ERROR, SOK_QR_ERROR_FAILED,
                     "Could not make a QR code: %s", g_strerror (saved));
      return FALSE;
    }

  modules = code->width + 2 * SOK_QR_QUIET_ZONE;
  module = size / modules;

  cairo_save (cr);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, size, size);
  cairo_fill (cr);

  /* Modules drawn as one path of abutting squares, without antialiasing, so that
   * no hairline seams appear between them when printed or rendered. */
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int row = 0; row < code->width; row++)
    for (int col = 0; col < code->width; col++)
      if (code->data[row * code->width + col] & 1)
        cairo_rectangle (cr,
                         x + (col + SOK_QR_QUIET_ZONE) * module,
                         y + (row + SOK_QR_QUIET_ZONE) * module,
                         module, module);
  cairo_fill (cr);

  cairo_restore (cr);

  return TRUE;
}
