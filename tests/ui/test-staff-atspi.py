#!/usr/bin/python3
# Copyright 2026 The Safe Online Kiosk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The real kiosk: a member of staff holds the home screen's top right corner for
three seconds (real pointer events on the X server, through xdotool), the PIN pad
opens, the PIN is typed on its buttons through AT-SPI as a screen reader user would,
and staff mode shows the September campaign. A short press opens nothing.

Usage: test-staff-atspi.py SAFE-ONLINE-KIOSK SOKCTL ROSTER.csv
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sokatspi import Kiosk, Tap, kiosk_env_ok  # noqa: E402

SCHOOL = "Meadow Lane Primary"
PIN = "402917"


def xdotool(*args):
    return subprocess.run(["xdotool"] + [str(a) for a in args], check=True,
                          capture_output=True, text=True).stdout


def window_geometry():
    """The kiosk window's position and size on the X screen."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name",
                                "Safe Online Kiosk"], capture_output=True, text=True)
        ids = found.stdout.split()
        if ids:
            values = {}
            for line in xdotool("getwindowgeometry", "--shell", ids[0]).splitlines():
                key, _, value = line.partition("=")
                values[key] = int(value)
            return values["X"], values["Y"], values["WIDTH"], values["HEIGHT"]
        time.sleep(0.2)
    raise RuntimeError("the kiosk's window did not appear on the X screen")


def hold(x, y, seconds):
    xdotool("mousemove", "--sync", x, y)
    xdotool("mousedown", 1)
    time.sleep(seconds)
    xdotool("mouseup", 1)


def main():
    kiosk_binary, sokctl, roster = sys.argv[1], sys.argv[2], sys.argv[3]
    tap = Tap()
    why = kiosk_env_ok()
    if why:
        tap.skip_all(why)
    if shutil.which("xdotool") is None:
        tap.skip_all("xdotool is not installed (apt install xdotool): the hold cannot be made")

    with tempfile.TemporaryDirectory(prefix="sok-staff-atspi-") as tmp:
        data_dir = os.path.join(tmp, "kiosk")
        pin_file = os.path.join(tmp, "pin")
        with open(pin_file, "w") as f:
            f.write(PIN + "\n")
        for args in (["init", "--school", SCHOOL],
                     ["roster", "import", roster],
                     ["staff", "add", "Mr Patel", "--role", "teacher", "--pin-file", pin_file]):
            subprocess.run([sokctl, "--data-dir", data_dir] + args, check=True,
                           stdout=subprocess.DEVNULL)

        with Kiosk(kiosk_binary, data_dir) as k:
            k.find("Make my promise", timeout=20)
            x, y, width, height = window_geometry()
            corner = (x + width - 40, y + 40)

            # A short press in the corner is a child's tap: nothing opens.
            hold(corner[0], corner[1], 1.0)
            time.sleep(1.0)
            tap.ok(not k.has("Staff PIN"), "a one-second press in the corner opens nothing")

            # A press elsewhere, however long, opens nothing either.
            hold(x + width // 2, y + 40, 3.5)
            time.sleep(1.0)
            tap.ok(not k.has("Staff PIN"), "a long press away from the corner opens nothing")

            hold(corner[0], corner[1], 3.5)
            heading = k.find("Staff PIN", timeout=10)
            tap.ok(heading is not None, "holding the top right corner for 3 s opens the PIN pad")

            for name in [str(d) for d in range(10)] + ["Delete", "Enter"]:
                key = k.find(name, timeout=5)
                tap.ok(key is not None and key.getRoleName() in ("push button", "button"),
                       "the PIN pad's %s key is a button named for screen readers" % name)

            for digit in PIN:
                k.click(digit)
                time.sleep(0.35)
            k.click("Enter")
            tap.ok(k.find("Promises and certificates", timeout=20) is not None,
                   "the right PIN opens staff mode")
            tap.ok(k.has("Signed in: Mr Patel, Teacher"), "staff mode says who is signed in")

            k.click("Promises and certificates")
            robins = k.find("Robins: 0 of 10 promised", timeout=10)
            tap.ok(robins is not None, "the campaign lists each class with its count")
            k.click("Robins: 0 of 10 promised")
            tap.ok(k.find("Promise now, with an adult, Ava Thompson", timeout=10) is not None,
                   "each pupil who has not promised has a button named with their name")

            k.click("Hide")
            k.wait_gone("Promises and certificates")
            k.find("Make my promise", timeout=10)
            screen = k.dump(print_it=False)
            tap.ok("Robins" not in screen and "Ava" not in screen,
                   "Hide goes home and no class or pupil is left on screen")

            # A member of staff with a keyboard types the PIN and presses Return.
            hold(corner[0], corner[1], 3.5)
            k.find("Staff PIN", timeout=10)
            time.sleep(0.5)
            xdotool("type", "--delay", "80", PIN)
            xdotool("key", "Return")
            tap.ok(k.find("Signed in: Mr Patel, Teacher", timeout=20) is not None,
                   "the PIN typed on a keyboard opens staff mode too")
    tap.done()


if __name__ == "__main__":
    main()
