/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-page.h"

G_BEGIN_DECLS

#define SOK_TYPE_SHELL (sok_shell_get_type ())
G_DECLARE_INTERFACE (SokShell, sok_shell, SOK, SHELL, GObject)

/**
 * SokShellInterface:
 * @add_page: adds a page, under its name, after the pages already there
 * @show_page: slides to the page of that name
 * @go_home: what Hide does: home at once, every page reset
 * @get_visible_page: the page on screen
 * @note_activity: someone is there (input the window could not see)
 * @leave_kiosk_mode: for IT: not fullscreen, closable, shortcuts given back
 * @restore_kiosk_mode: undoes @leave_kiosk_mode; %TRUE when it had been left
 * @get_idle_timeouts: how long without input before "Are you still there?", and
 *   how long that counts down
 * @set_idle_timeouts: changes them (staff mode waits longer)
 *
 * What flows and staff mode need of the window that shows their pages, so that they
 * need not know the window. The last five are staff mode's alone. The window implements it, and emits the signals flows
 * listen to: #SokShell::start-flow when a home tile is tapped, #SokShell::going-home
 * before and #SokShell::reset after it goes home.
 */
struct _SokShellInterface
{
  GTypeInterface parent_iface;

  void     (*add_page)         (SokShell   *self,
                                SokPage    *page);
  void     (*show_page)        (SokShell   *self,
                                const char *name);
  void     (*go_home)          (SokShell   *self);
  SokPage *(*get_visible_page) (SokShell   *self);

  void     (*note_activity)      (SokShell *self);
  void     (*leave_kiosk_mode)   (SokShell *self);
  gboolean (*restore_kiosk_mode) (SokShell *self);
  void     (*get_idle_timeouts)  (SokShell *self,
                                  guint    *idle_ms,
                                  guint    *countdown_ms);
  void     (*set_idle_timeouts)  (SokShell *self,
                                  guint     idle_ms,
                                  guint     countdown_ms);
};

void     sok_shell_add_page         (SokShell   *self,
                                     SokPage    *page);
void     sok_shell_show_page        (SokShell   *self,
                                     const char *name);
void     sok_shell_go_home          (SokShell   *self);
SokPage *sok_shell_get_visible_page (SokShell   *self);

void     sok_shell_note_activity      (SokShell   *self);
void     sok_shell_leave_kiosk_mode   (SokShell   *self);
gboolean sok_shell_restore_kiosk_mode (SokShell   *self);
void     sok_shell_get_idle_timeouts  (SokShell   *self,
                                       guint      *idle_ms,
                                       guint      *countdown_ms);
void     sok_shell_set_idle_timeouts  (SokShell   *self,
                                       guint       idle_ms,
                                       guint       countdown_ms);

G_END_DECLS
