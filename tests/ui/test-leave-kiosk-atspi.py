#!/usr/bin/python3
# Copyright 2026 The Safe Online Kiosk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""IT leaves kiosk mode for maintenance, then signs out (or taps Hide): the kiosk
locks itself again. Fullscreen, the keyboard held against the desktop's shortcuts,
and a close request (what the window manager's close button or Alt+F4 sends)
refused, as before IT signed in.

The kiosk runs as a school runs it under a real window manager; taps are the X
server's pointer, the PIN the X server's keyboard.

Usage: test-leave-kiosk-atspi.py SAFE-ONLINE-KIOSK SOKCTL
"""

import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sokatspi import Hands, Kiosk, Tap, kiosk_env_ok  # noqa: E402
from soklock import Screen, WindowManager, lock_env_missing, xdotool  # noqa: E402

SCHOOL = "Meadow Lane Primary"
PIN = "402917"
SIGNED_IN = "Signed in: Ms Jones, IT"


def wait_until(predicate, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


def main():
    kiosk_binary, sokctl = sys.argv[1], sys.argv[2]
    tap = Tap()
    why = kiosk_env_ok() or lock_env_missing()
    if why:
        tap.skip_all(why)

    with tempfile.TemporaryDirectory(prefix="sok-leave-kiosk-") as tmp:
        data_dir = os.path.join(tmp, "kiosk")
        pin_file = os.path.join(tmp, "pin")
        with open(pin_file, "w") as f:
            f.write(PIN + "\n")
        for args in (["init", "--school", SCHOOL],
                     ["staff", "add", "Ms Jones", "--role", "it", "--pin-file", pin_file]):
            subprocess.run([sokctl, "--data-dir", data_dir] + args, check=True,
                           stdout=subprocess.DEVNULL)

        with WindowManager(), Kiosk(kiosk_binary, data_dir, windowed=False) as k:
            screen = Screen()
            k.find("Make my promise", timeout=20)
            window = screen.windows_of(k.process.pid)[0][0]

            def fullscreen():
                return "_NET_WM_STATE_FULLSCREEN" in screen.wm_state(window)

            hands = Hands(k)

            def touch(name):
                hands.click(name)

            def sign_in():
                hands.hold(hands.corner("top-right", 40), 3.5)
                k.find("Staff PIN", timeout=10)
                hands.type(PIN)
                hands.key("Return")
                k.find(SIGNED_IN, timeout=20)

            def locked(when):
                xdotool("windowfocus", "--sync", window, check=False)
                tap.ok(wait_until(fullscreen), "%s: the window is fullscreen" % when)
                tap.ok(wait_until(screen.keyboard_taken),
                       "%s: the kiosk holds the keyboard against the desktop's shortcuts"
                       % when)
                screen.ask_to_close(window)
                time.sleep(1.5)
                tap.ok(k.process.poll() is None and
                       (window, "Safe Online Kiosk") in screen.windows_of(k.process.pid),
                       "%s: a close request is refused" % when)

            locked("at start")

            for end in ("Sign out", "Hide"):
                sign_in()
                touch("Leave kiosk mode")
                tap.ok(wait_until(lambda: not fullscreen()),
                       "Leave kiosk mode: the window is no longer fullscreen")
                tap.ok(wait_until(lambda: not screen.keyboard_taken()),
                       "Leave kiosk mode: the keyboard is the desktop's again")
                tap.ok(k.has("Close the kiosk"), "Leave kiosk mode: IT may close the kiosk")
                touch(end)
                k.find("Make my promise", timeout=10)
                locked("after Leave kiosk mode and %s" % end)
            screen.close()
    tap.done()


if __name__ == "__main__":
    main()
