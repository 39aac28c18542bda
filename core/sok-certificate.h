/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

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

G_END_DECLS
