/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "sok-store.h"

G_BEGIN_DECLS

#define SOK_CERTIFICATE_ERROR (sok_certificate_error_quark ())

typedef enum
{
  SOK_CERTIFICATE_ERROR_INVALID,
  SOK_CERTIFICATE_ERROR_WRITE,
  SOK_CERTIFICATE_ERROR_DRAW,
} SokCertificateError;

/* One rule of the AUP a pupil promised, as the certificate shows it. */
typedef struct
{
  const char *text;
  const char *icon_name;  /* nullable: an SVG in sok_paths_get_icons_dir(), no ".svg" */
} SokCertificateRule;

/* One certificate. Everything is borrowed from the caller. Only the first name is
 * printed, never the surname. */
typedef struct
{
  const char               *first_name;
  GDateTime                *agreed_at;
  const SokCertificateRule *rules;
  guint                     n_rules;
} SokCertificatePupil;

GQuark   sok_certificate_error_quark (void);

char    *sok_certificate_dup_date_words (GDateTime                 *date);

gboolean sok_certificate_write_pdf   (const char                *path,
                                      const char                *school_name,
                                      const char                *parent_url,
                                      const SokCertificatePupil *pupils,
                                      guint                      n_pupils,
                                      GError                   **error);

gboolean sok_certificate_draw_page   (cairo_t                   *cr,
                                      double                     width,
                                      double                     height,
                                      const char                *school_name,
                                      const char                *parent_url,
                                      const SokCertificatePupil *pupil,
                                      GError                   **error);

/* The certificates for a class or a pupil, from the kiosk's agreements. */
typedef struct _SokCertificateBatch SokCertificateBatch;

SokCertificateBatch       *sok_certificate_batch_load       (SokStore            *store,
                                                             const char          *data_dir,
                                                             const char          *class_name,
                                                             gint64               pupil_id,
                                                             int                  school_year,
                                                             GError             **error);
const SokCertificatePupil *sok_certificate_batch_get_pupils (SokCertificateBatch *batch,
                                                             guint               *n_pupils);
void                       sok_certificate_batch_free       (SokCertificateBatch *batch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokCertificateBatch, sok_certificate_batch_free)

G_END_DECLS
