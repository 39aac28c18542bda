/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-case"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-case-kinds.h"

/* The responses the schools' policies list for an online-safety incident: talk with
 * the child, refer within school (class teacher, head teacher), ask technical support
 * to act on filtering, inform parents and carers, and refer beyond school (police,
 * CEOP, the IWF for illegal material, children's social care). */
static const SokCaseActionKind action_kinds[] = {
  { "spoke-with-child", N_("Spoke with the child"), FALSE },
  { "referred-class-teacher", N_("Referred to class teacher"), FALSE },
  { "referred-head-teacher", N_("Referred to head teacher"), FALSE },
  { "referred-technical-support", N_("Referred to technical support for filtering"), FALSE },
  { "informed-parents", N_("Informed parents/carers"), FALSE },
  { "referred-police", N_("Referred to police"), FALSE },
  { "referred-ceop", N_("Referred to CEOP"), FALSE },
  { "reported-iwf", N_("Reported to the Internet Watch Foundation (IWF)"), FALSE },
  { "referred-social-care", N_("Referred to children's social care"), FALSE },
  { "no-further-action", N_("No further action"), TRUE },
};

static const SokCaseOutcome outcomes[] = {
  { "resolved-in-school", N_("Resolved in school") },
  { "referred-beyond-school", N_("Referred beyond school") },
  { "no-further-action", N_("No further action") },
  { "not-a-concern", N_("Not an online-safety concern") },
};

const SokCaseActionKind *
sok_case_list_action_kinds (guint *n_kinds)
{
  if (n_kinds)
    *n_kinds = G_N_ELEMENTS (action_kinds);
  return action_kinds;
}

const SokCaseActionKind *
sok_case_find_action_kind (const char *id)
{
  for (guint i = 0; id && i < G_N_ELEMENTS (action_kinds); i++)
    if (g_str_equal (action_kinds[i].id, id))
      return &action_kinds[i];
  return NULL;
}

const SokCaseOutcome *
sok_case_list_outcomes (guint *n_outcomes)
{
  if (n_outcomes)
    *n_outcomes = G_N_ELEMENTS (outcomes);
  return outcomes;
}

const SokCaseOutcome *
sok_case_find_outcome (const char *id)
{
  for (guint i = 0; id && i < G_N_ELEMENTS (outcomes); i++)
    if (g_str_equal (outcomes[i].id, id))
      return &outcomes[i];
  return NULL;
}
