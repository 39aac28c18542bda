/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-key"

#include "config.h"

#include "sok-key.h"

/* A key on the PIN pad or the on-screen keyboard is tapped twice in a row for a
 * repeated digit or a double letter ("447100", "hello"). GTK 4.8 counts the second
 * press of such a double tap as a multi-press and now and then resets the button's
 * click gesture in the middle of it (the gesture reports "pressed", then "stopped"
 * and "cancel", never "released"), so the button's "clicked" is lost: seen about once
 * in three real double taps on the kiosk's fullscreen PIN pad under X11.
 *
 * So a key types on the press itself: the press and its release are taken in the
 * capture phase, before the button's own gesture could see them, and the press emits
 * "clicked". Keyboard activation (Space, Return) and assistive technology still reach
 * "clicked" the usual way. The key looks pressed while the finger is down. */

#define PRESSED_CLASS "key-pressed"

static gboolean
event_cb (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          GtkButton                *key)
{
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
      if (gdk_button_event_get_button (event) != GDK_BUTTON_PRIMARY)
        return GDK_EVENT_PROPAGATE;
      G_GNUC_FALLTHROUGH;
    case GDK_TOUCH_BEGIN:
      if (!gtk_widget_is_sensitive (GTK_WIDGET (key)))
        return GDK_EVENT_STOP;
      gtk_widget_add_css_class (GTK_WIDGET (key), PRESSED_CLASS);
      g_signal_emit_by_name (key, "clicked");
      return GDK_EVENT_STOP;

    case GDK_BUTTON_RELEASE:
      if (gdk_button_event_get_button (event) != GDK_BUTTON_PRIMARY)
        return GDK_EVENT_PROPAGATE;
      G_GNUC_FALLTHROUGH;
    case GDK_TOUCH_END:
    case GDK_TOUCH_CANCEL:
      gtk_widget_remove_css_class (GTK_WIDGET (key), PRESSED_CLASS);
      return GDK_EVENT_STOP;

    default:
      return GDK_EVENT_PROPAGATE;
    }
}

/**
 * sok_key_count_every_tap:
 * @key: a key of a pad or keyboard
 *
 * Makes every press of the primary button, and every touch, on @key emit its
 * "clicked" signal at once: a quick double tap counts twice, always.
 */
void
sok_key_count_every_tap (GtkButton *key)
{
  GtkEventController *controller;

  g_return_if_fail (GTK_IS_BUTTON (key));

  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "event", G_CALLBACK (event_cb), key, 0);
  gtk_widget_add_controller (GTK_WIDGET (key), controller);
}
