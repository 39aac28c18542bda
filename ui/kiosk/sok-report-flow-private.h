/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-report-flow.h"

G_BEGIN_DECLS

/* For tests, which cannot wait for Thank you to go home by itself. */
void              sok_report_flow_set_thanks_timeout (SokReportFlow *self,
                                                      guint          timeout_ms);

G_END_DECLS
