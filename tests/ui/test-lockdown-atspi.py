#!/usr/bin/python3
# Copyright 2026 The Safe Online Kiosk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A child with a USB keyboard tries every shortcut a desktop or GTK knows, on the
home screen, on a page of the promise, and (a member of staff's keyboard) on every
staff page. The kiosk runs as a school runs it (fullscreen, locked) under a real
window manager, the keys go through the X server, and after each one the kiosk's
only window is still the one showing, on the same page: no GTK Inspector, no
"Do you want to use GTK Inspector?", no closing, no switching away.

Usage: test-lockdown-atspi.py SAFE-ONLINE-KIOSK SOKCTL ROSTER.csv
"""

import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sokatspi import Hands, Kiosk, Tap, kiosk_env_ok  # noqa: E402
from soklock import (Screen, WindowManager, atspi_windows, lock_env_missing,  # noqa: E402
                     xdotool)

SCHOOL = "Meadow Lane Primary"
PIN = "402917"

# GTK's documented keys (the interactive debugger; F10 opens a menu bar) and the
# desktop's (close, quit, switch, the Super key, the X server's own).
SHORTCUTS = ["ctrl+shift+i", "ctrl+shift+d", "ctrl+shift+I", "ctrl+shift+D",
             "alt+F4", "ctrl+q", "ctrl+w", "Escape", "F10", "Super_L", "alt+Tab",
             "ctrl+alt+BackSpace"] + ["ctrl+alt+F%d" % n for n in range(1, 8)]


def press_everything(tap, k, screen, kiosk_window, where, marker):
    """Presses each shortcut with the kiosk focused; after each, only the kiosk's
    window may be showing, still on the page that shows marker."""
    pid = k.process.pid
    for keys in SHORTCUTS:
        xdotool("windowfocus", "--sync", kiosk_window, check=False)
        xdotool("key", "--clearmodifiers", keys)
        time.sleep(0.4)
        windows = screen.windows_of(pid)
        if windows != [(kiosk_window, "Safe Online Kiosk")]:
            # Whatever opened gets a moment to be seen whole in the log.
            time.sleep(1.0)
            tap.ok(False, "%s on %s opens nothing: windows now %s"
                   % (keys, where, screen.describe(pid)))
            return
    time.sleep(1.0)
    tap.ok(screen.windows_of(pid) == [(kiosk_window, "Safe Online Kiosk")],
           "every shortcut on %s leaves the kiosk's one window alone (windows: %s)"
           % (where, screen.describe(pid)))
    tap.ok(k.process.poll() is None, "the kiosk is still running after the shortcuts on %s"
           % where)
    showing = atspi_windows(k)
    tap.ok(len(showing) == 1,
           "assistive technology sees one window on %s, not %d" % (where, len(showing)))
    tap.ok(k.has(marker), "the kiosk still shows %s (%r)" % (where, marker))


def main():
    kiosk_binary, sokctl, roster = sys.argv[1], sys.argv[2], sys.argv[3]
    tap = Tap()
    why = kiosk_env_ok() or lock_env_missing()
    if why:
        tap.skip_all(why)

    with tempfile.TemporaryDirectory(prefix="sok-lockdown-") as tmp:
        data_dir = os.path.join(tmp, "kiosk")
        pin_file = os.path.join(tmp, "pin")
        with open(pin_file, "w") as f:
            f.write(PIN + "\n")
        for args in (["init", "--school", SCHOOL],
                     ["roster", "import", roster],
                     ["staff", "add", "Ms Jones", "--role", "it", "--pin-file", pin_file]):
            subprocess.run([sokctl, "--data-dir", data_dir] + args, check=True,
                           stdout=subprocess.DEVNULL)

        with WindowManager():
            # GTK_DEBUG=interactive, as a developer's session may set it, opens GTK's
            # debugger beside the first window unless the kiosk refuses it.
            env = dict(os.environ, GTK_DEBUG="interactive")
            with Kiosk(kiosk_binary, data_dir, env=env, windowed=False) as k:
                screen = Screen()
                deadline = time.monotonic() + 8
                windows = []
                while time.monotonic() < deadline:
                    windows = screen.windows_of(k.process.pid)
                    if len(windows) > 1:
                        break
                    time.sleep(0.2)
                tap.ok(len(windows) == 1,
                       "GTK_DEBUG=interactive opens nothing beside the kiosk (windows: %s)"
                       % screen.describe(k.process.pid))
                screen.close()

            with Kiosk(kiosk_binary, data_dir, windowed=False) as k:
                try_everywhere(tap, k)
    tap.done()


def try_everywhere(tap, k):
    screen = Screen()
    k.find("Make my promise", timeout=20)
    windows = screen.windows_of(k.process.pid)
    kiosk_window = windows[0][0]
    tap.ok("_NET_WM_STATE_FULLSCREEN" in screen.wm_state(kiosk_window),
           "the kiosk's window is fullscreen")

    press_everything(tap, k, screen, kiosk_window, "the home screen", "Make my promise")

    hands = Hands(k)
    hands.click("Make my promise")
    k.find("Robins", timeout=10)
    press_everything(tap, k, screen, kiosk_window, "the promise's class page",
                     "Robins")
    hands.click("Hide")
    k.find("Make my promise", timeout=10)

    hands.hold(hands.corner("top-right", 40), 3.5)
    k.find("Staff PIN", timeout=10)
    hands.type(PIN)
    hands.key("Return")
    k.find("Signed in: Ms Jones, IT", timeout=20)
    press_everything(tap, k, screen, kiosk_window, "the staff screen",
                     "Signed in: Ms Jones, IT")

    for button, marker in (("Promises and certificates", "Robins: 0 of 10 promised"),
                           ("Import the roster", "Choose the roster file…"),
                           ("Kiosk health", "Checks")):
        hands.click(button)
        k.find(marker, timeout=10)
        press_everything(tap, k, screen, kiosk_window, "staff's %s" % button, marker)
        hands.click("Back")
        k.find("Signed in: Ms Jones, IT", timeout=10)
    screen.close()


if __name__ == "__main__":
    main()
