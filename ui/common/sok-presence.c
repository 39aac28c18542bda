/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-presence"

#include "config.h"

#include "sok-presence.h"

/**
 * sok_event_means_someone_is_there:
 * @event: an event seen by an input watch
 *
 * The one list of what counts as a person at the screen, for the idle time-outs of
 * the children's pages and of staff mode (its dialogs included): any touch, click,
 * key, scroll, movement, touchpad gesture or tablet pad input. Crossings, focus
 * changes and the like come from the window system, not from a person.
 *
 * Returns: %TRUE when @event was made by someone at the screen
 */
gboolean
sok_event_means_someone_is_there (GdkEvent *event)
{
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_BUTTON_RELEASE:
    case GDK_MOTION_NOTIFY:
    case GDK_KEY_PRESS:
    case GDK_KEY_RELEASE:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCH_END:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
    case GDK_TOUCHPAD_HOLD:
    case GDK_PAD_BUTTON_PRESS:
    case GDK_PAD_RING:
    case GDK_PAD_STRIP:
      return TRUE;

    default:
      return FALSE;
    }
}
