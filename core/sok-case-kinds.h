/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a DSL can record on a case, in the words of the schools' incident responses.
 * Labels are untranslated (N_()); show them with _(). */
typedef struct
{
  const char *id;
  const char *label;
  gboolean    reason_required;
} SokCaseActionKind;

/* How a case ended; closing a case requires one. */
typedef struct
{
  const char *id;
  const char *label;
} SokCaseOutcome;

const SokCaseActionKind *sok_case_list_action_kinds (guint      *n_kinds);
const SokCaseActionKind *sok_case_find_action_kind  (const char *id);
const SokCaseOutcome    *sok_case_list_outcomes     (guint      *n_outcomes);
const SokCaseOutcome    *sok_case_find_outcome      (const char *id);

G_END_DECLS
