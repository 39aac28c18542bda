/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

/* What the report flow and its pages share without knowing each other. */

/* How long the Thank-you screen stays before the kiosk goes home by itself. */
#define SOK_REPORT_FLOW_THANKS_SECONDS 20

/* Childline, the UK's free helpline for children, named on the Thank-you and the
 * tell-in-person screens. */
#define SOK_REPORT_CHILDLINE_NUMBER "0800 1111"
#define SOK_REPORT_CHILDLINE_URL    "https://www.childline.org.uk"

/* The names of the report flow's pages, in the order a child meets them. */
#define SOK_REPORT_PAGE_WHAT      "report-what"
#define SOK_REPORT_PAGE_WHERE     "report-where"
#define SOK_REPORT_PAGE_FEELING   "report-feeling"
#define SOK_REPORT_PAGE_MORE      "report-more"
#define SOK_REPORT_PAGE_TALK      "report-talk"
#define SOK_REPORT_PAGE_SEND      "report-send"
#define SOK_REPORT_PAGE_THANKS    "report-thanks"
#define SOK_REPORT_PAGE_IN_PERSON "report-in-person"
