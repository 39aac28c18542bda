/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "sok-kiosk.h"
#include "sok-queue.h"

G_BEGIN_DECLS

#define SOK_TYPE_CASE_ROW (sok_case_row_get_type ())
G_DECLARE_FINAL_TYPE (SokCaseRow, sok_case_row, SOK, CASE_ROW, GtkListBoxRow)

GtkWidget          *sok_case_row_new           (SokQueueCase *item);

const SokQueueCase *sok_case_row_get_case      (SokCaseRow   *self);
const char         *sok_case_row_get_report_id (SokCaseRow   *self);

gboolean            sok_case_row_get_signature (SokCaseRow        *self,
                                                SokSignatureState *state);

void                sok_case_row_set_case      (SokCaseRow   *self,
                                                SokQueueCase *item);
void                sok_case_row_set_signature (SokCaseRow        *self,
                                                gboolean           known,
                                                SokSignatureState  state);

G_END_DECLS
