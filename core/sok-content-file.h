/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SOK_CONTENT_ERROR (sok_content_error_quark ())

typedef enum
{
  SOK_CONTENT_ERROR_READ,
  SOK_CONTENT_ERROR_INVALID,
} SokContentError;

/* A content file a school may edit (GKeyFile syntax), that remembers where each group
 * and key stands so that every error can name the file and the line. */
typedef struct _SokContentFile SokContentFile;

GQuark          sok_content_error_quark     (void);

SokContentFile *sok_content_file_load       (const char     *path,
                                             GError        **error);
void            sok_content_file_free       (SokContentFile *file);

GKeyFile       *sok_content_file_get_keyfile (SokContentFile *file);
const char     *sok_content_file_get_path   (SokContentFile *file);
guint           sok_content_file_line_of    (SokContentFile *file,
                                             const char     *group,
                                             const char     *key);
char           *sok_content_file_dup_localized (SokContentFile *file,
                                                const char     *group,
                                                const char     *key,
                                                const char     *locale);
void            sok_content_file_set_error  (SokContentFile *file,
                                             GError        **error,
                                             const char     *group,
                                             const char     *key,
                                             const char     *format,
                                             ...) G_GNUC_PRINTF (5, 6);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokContentFile, sok_content_file_free)

G_END_DECLS
