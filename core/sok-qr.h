/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

#define SOK_QR_ERROR (sok_qr_error_quark ())

typedef enum
{
  SOK_QR_ERROR_INVALID,
  SOK_QR_ERROR_TOO_LONG,
  SOK_QR_ERROR_FAILED,
} SokQrError;

/* The white margin around a code, in modules, that scanners need. */
#define SOK_QR_QUIET_ZONE 4

GQuark   sok_qr_error_quark (void);

gboolean sok_qr_draw        (cairo_t     *cr,
                             const char  *text,
                             double       x,
                             double       y,
                             double       size,
                             GError     **error);

G_END_DECLS
