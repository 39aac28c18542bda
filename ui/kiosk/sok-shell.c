/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-shell"

#include "config.h"

#include "sok-shell.h"

G_DEFINE_INTERFACE (SokShell, sok_shell, G_TYPE_OBJECT)

static void
sok_shell_default_init (SokShellInterface *iface)
{
  /**
   * SokShell::start-flow:
   * @flow: “promise” or “tell”
   *
   * Emitted when a child taps one of the home page's tiles; the flow of that name
   * starts.
   */
  g_signal_new ("start-flow",
                G_TYPE_FROM_INTERFACE (iface),
                G_SIGNAL_RUN_LAST,
                0, NULL, NULL, NULL,
                G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * SokShell::going-home:
   *
   * Emitted when Hide, the idle time-out or Sign out is about to take the kiosk home,
   * before the home page shows. Staff mode closes its dialogs here, so none is left
   * over the home page, even for a frame.
   */
  g_signal_new ("going-home",
                G_TYPE_FROM_INTERFACE (iface),
                G_SIGNAL_RUN_LAST,
                0, NULL, NULL, NULL,
                G_TYPE_NONE, 0);

  /**
   * SokShell::reset:
   *
   * Emitted after Hide or an idle time-out took the kiosk home and every page was
   * reset. Flows drop their draft state here.
   */
  g_signal_new ("reset",
                G_TYPE_FROM_INTERFACE (iface),
                G_SIGNAL_RUN_LAST,
                0, NULL, NULL, NULL,
                G_TYPE_NONE, 0);
}

/**
 * sok_shell_add_page:
 * @page: (transfer floating): a page with a name no other page has
 */
void
sok_shell_add_page (SokShell *self,
                    SokPage  *page)
{
  g_return_if_fail (SOK_IS_SHELL (self));
  g_return_if_fail (SOK_IS_PAGE (page));

  SOK_SHELL_GET_IFACE (self)->add_page (self, page);
}

/**
 * sok_shell_show_page:
 * @name: the page's name
 */
void
sok_shell_show_page (SokShell   *self,
                     const char *name)
{
  g_return_if_fail (SOK_IS_SHELL (self));
  g_return_if_fail (name != NULL);

  SOK_SHELL_GET_IFACE (self)->show_page (self, name);
}

void
sok_shell_go_home (SokShell *self)
{
  g_return_if_fail (SOK_IS_SHELL (self));

  SOK_SHELL_GET_IFACE (self)->go_home (self);
}

/**
 * sok_shell_get_visible_page:
 *
 * Returns: (transfer none) (nullable): the page on screen
 */
SokPage *
sok_shell_get_visible_page (SokShell *self)
{
  g_return_val_if_fail (SOK_IS_SHELL (self), NULL);

  return SOK_SHELL_GET_IFACE (self)->get_visible_page (self);
}

void
sok_shell_note_activity (SokShell *self)
{
  g_return_if_fail (SOK_IS_SHELL (self));

  SOK_SHELL_GET_IFACE (self)->note_activity (self);
}

void
sok_shell_leave_kiosk_mode (SokShell *self)
{
  g_return_if_fail (SOK_IS_SHELL (self));

  SOK_SHELL_GET_IFACE (self)->leave_kiosk_mode (self);
}

/**
 * sok_shell_restore_kiosk_mode:
 *
 * Returns: %TRUE when kiosk mode had been left
 */
gboolean
sok_shell_restore_kiosk_mode (SokShell *self)
{
  g_return_val_if_fail (SOK_IS_SHELL (self), FALSE);

  return SOK_SHELL_GET_IFACE (self)->restore_kiosk_mode (self);
}

/**
 * sok_shell_get_idle_timeouts:
 * @idle_ms: (out): how long without input before the warning
 * @countdown_ms: (out): how long the warning counts down
 */
void
sok_shell_get_idle_timeouts (SokShell *self,
                             guint    *idle_ms,
                             guint    *countdown_ms)
{
  g_return_if_fail (SOK_IS_SHELL (self));

  SOK_SHELL_GET_IFACE (self)->get_idle_timeouts (self, idle_ms, countdown_ms);
}

void
sok_shell_set_idle_timeouts (SokShell *self,
                             guint     idle_ms,
                             guint     countdown_ms)
{
  g_return_if_fail (SOK_IS_SHELL (self));

  SOK_SHELL_GET_IFACE (self)->set_idle_timeouts (self, idle_ms, countdown_ms);
}
