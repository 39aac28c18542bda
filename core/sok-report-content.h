/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One picture tile a child can choose on the report screens. */
typedef struct
{
  char *id;
  char *words;
  char *icon;
  char *risk;   /* categories only: content, contact, conduct, commerce or unsure */
} SokChoice;

typedef enum
{
  SOK_CHOICE_CATEGORY,
  SOK_CHOICE_WHERE,
  SOK_CHOICE_FEELING,
} SokChoiceKind;

typedef struct _SokReportContent SokReportContent;

SokReportContent *sok_report_content_load_file      (const char        *path,
                                                     const char        *locale,
                                                     GError           **error);
SokReportContent *sok_report_content_load           (const char        *data_dir,
                                                     const char        *locale);
void              sok_report_content_free           (SokReportContent  *content);

GPtrArray        *sok_report_content_get_choices    (SokReportContent  *content,
                                                     SokChoiceKind      kind);
const SokChoice  *sok_report_content_find           (SokReportContent  *content,
                                                     SokChoiceKind      kind,
                                                     const char        *id);
const GError     *sok_report_content_get_override_error (SokReportContent *content);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokReportContent, sok_report_content_free)

G_END_DECLS
