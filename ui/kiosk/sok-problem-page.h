/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-page.h"

G_BEGIN_DECLS

#define SOK_TYPE_PROBLEM_PAGE (sok_problem_page_get_type ())
G_DECLARE_FINAL_TYPE (SokProblemPage, sok_problem_page, SOK, PROBLEM_PAGE, SokPage)

GtkWidget  *sok_problem_page_new         (void);

const char *sok_problem_page_get_details (SokProblemPage *self);

void        sok_problem_page_set_details (SokProblemPage *self,
                                          const char     *details);

G_END_DECLS
