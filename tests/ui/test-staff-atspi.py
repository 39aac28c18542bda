#!/usr/bin/python3
# Copyright 2026 The Safe Online Kiosk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The real kiosk: a member of staff holds the home screen's top right corner for
three seconds (real pointer events on the X server, through xdotool), staff sign-in
lists the staff's names, a name is tapped and the PIN typed on the pad's buttons
through AT-SPI as a screen reader user would, and staff mode shows the September
campaign. Then the same with real hands: the name clicked with the X pointer, the
PIN typed on the X keyboard (a wrong digit taken back with Backspace, Return to
finish). A short press opens nothing.

Usage: test-staff-atspi.py SAFE-ONLINE-KIOSK SOKCTL ROSTER.csv
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sokatspi import Hands, Kiosk, Tap, kiosk_env_ok  # noqa: E402

SCHOOL = "Meadow Lane Primary"
PIN = "402917"
IT_PIN = "583016"


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
        it_pin_file = os.path.join(tmp, "it-pin")
        with open(it_pin_file, "w") as f:
            f.write(IT_PIN + "\n")
        for args in (["init", "--school", SCHOOL],
                     ["roster", "import", roster],
                     ["staff", "add", "Mr Patel", "--role", "teacher", "--pin-file", pin_file],
                     ["staff", "add", "Ms Okafor", "--role", "it", "--pin-file", it_pin_file]):
            subprocess.run([sokctl, "--data-dir", data_dir] + args, check=True,
                           stdout=subprocess.DEVNULL)

        with Kiosk(kiosk_binary, data_dir) as k:
            k.find("Make my promise", timeout=20)
            hands = Hands(k)
            x, y, width, height = hands.geometry()
            corner = hands.corner("top-right", 40)

            # A short press in the corner is a child's tap: nothing opens (nothing to
            # wait for, so a second is given for it not to happen).
            hands.hold(corner, 1.0)
            time.sleep(1.0)
            tap.ok(not k.has("Staff sign-in"), "a one-second press in the corner opens nothing")

            # A press elsewhere, however long, opens nothing either.
            hands.hold((x + width // 2, y + 40), 3.5)
            time.sleep(1.0)
            tap.ok(not k.has("Staff sign-in"), "a long press away from the corner opens nothing")

            hands.hold(corner, 3.5)
            heading = k.find("Staff sign-in", timeout=10)
            tap.ok(heading is not None, "holding the top right corner for 3 s opens staff sign-in")
            for name in ("Mr Patel", "Ms Okafor"):
                button = k.find(name, timeout=5)
                tap.ok(button is not None and button.getRoleName() in ("push button", "button"),
                       "%s is a button named by the name" % name)
            tap.ok(not k.has("Enter"), "no PIN pad before a name is chosen")

            k.click("Mr Patel")
            tap.ok(k.find("Staff PIN", timeout=10) is not None, "tapping a name opens the PIN pad")

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

            # Real hands: the name clicked with the X pointer, the PIN typed on the X
            # keyboard, a wrong digit taken back with Backspace, Return to finish.
            # A press while home still slides in is dropped, as it should be: wait
            # until it has arrived. The finger comes from elsewhere: GTK 4.8 on X
            # sends a press from a pointer that has not moved since the page under it
            # changed to the widget that was there before (here staff mode's Hide).
            hands.extents("Make my promise")
            hands.move((x + width // 2, y + height // 2))
            hands.hold(corner, 3.5)
            k.find("Staff sign-in", timeout=10)
            hands.click("Ms Okafor")
            tap.ok(k.find("Staff PIN", timeout=10) is not None,
                   "a real click on a name opens the PIN pad")
            hands.type(IT_PIN[:3])
            tap.ok(k.find("3 digits typed", timeout=10) is not None,
                   "digits typed on a keyboard reach the PIN")
            hands.key("9")
            k.find("4 digits typed", timeout=10)
            hands.key("BackSpace")
            tap.ok(k.find("3 digits typed", timeout=10) is not None,
                   "Backspace on a keyboard takes back the last digit")
            hands.type(IT_PIN[3:])
            k.find("6 digits typed", timeout=10)
            hands.key("Return")
            tap.ok(k.find("Signed in: Ms Okafor, IT", timeout=20) is not None,
                   "Return on a keyboard checks the PIN and opens staff mode")
    tap.done()


if __name__ == "__main__":
    main()
