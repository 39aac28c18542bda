/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "sok-context.h"
#include "sok-page.h"
#include "sok-shell.h"

G_BEGIN_DECLS

#define SOK_TYPE_FLOW (sok_flow_get_type ())
G_DECLARE_DERIVABLE_TYPE (SokFlow, sok_flow, SOK, FLOW, GObject)

/**
 * SokFlowClass:
 * @create_pages: makes the flow's pages and adds them with sok_flow_add_page(), in
 *   the order a child meets them; called once, on first use
 * @start: the home tile of the flow's name was tapped; the pages exist
 * @forget: drop whatever the flow holds of the child (Hide, idle time-out); the
 *   pages have been reset already
 * @next: flow.next was activated on the page on screen; the default shows the page
 *   after it in the flow's order
 * @back: flow.back was activated; the default shows the page before it, or goes home
 *   from the first
 */
struct _SokFlowClass
{
  GObjectClass parent_class;

  void (*create_pages) (SokFlow *self);
  void (*start)        (SokFlow *self);
  void (*forget)       (SokFlow *self);
  void (*next)         (SokFlow *self);
  void (*back)         (SokFlow *self);

  /*< private >*/
  gpointer padding[8];
};

const char   *sok_flow_get_name          (SokFlow            *self);
const char   *sok_flow_get_tile          (SokFlow            *self);
SokContext   *sok_flow_get_context       (SokFlow            *self);
SokShell     *sok_flow_get_shell         (SokFlow            *self);
GActionMap   *sok_flow_get_actions       (SokFlow            *self);

void          sok_flow_ensure_pages      (SokFlow            *self);
void          sok_flow_add_page          (SokFlow            *self,
                                          SokPage            *page);
void          sok_flow_add_other_page    (SokFlow            *self,
                                          SokPage            *page);
void          sok_flow_set_problem_page  (SokFlow            *self,
                                          SokPage            *page);
SokPage      *sok_flow_get_visible_page  (SokFlow            *self);
gboolean      sok_flow_is_showing        (SokFlow            *self,
                                          SokPage            *page);

void          sok_flow_start             (SokFlow            *self);
void          sok_flow_show_page         (SokFlow            *self,
                                          SokPage            *page);
void          sok_flow_show_problem      (SokFlow            *self);
void          sok_flow_next              (SokFlow            *self);
void          sok_flow_back              (SokFlow            *self);
void          sok_flow_go_home           (SokFlow            *self);
void          sok_flow_reset_pages       (SokFlow            *self);

G_END_DECLS
