#!/usr/bin/python3
# Copyright 2026 The Safe Online Kiosk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Staff mode opened with real hands on the real, fullscreen kiosk (see Hands in
sokatspi.py), as a school with one member of staff has it (no name to choose):

- the hidden top right corner is held with the X server's pointer for 3.5 s;
- first a wrong PIN, then the right one, typed on the physical keyboard (X key
  events, Return to finish); staff mode shows, and Sign out is clicked;
- then the corner again and the PIN tapped on the on-screen pad with pointer
  clicks, a repeated digit as a quick double tap on its key, and Enter clicked.

Each digit is checked as it lands (the dots say "N digits typed" to a screen
reader), and `sokctl staff log --format json` must then hold the wrong PIN, both
sign-ins by name and the sign-out, and nothing else.

Usage: test-staff-hands.py SAFE-ONLINE-KIOSK SOKCTL
"""

import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sokatspi import Hands, Kiosk, KioskError, Tap, kiosk_env_ok, wait_until  # noqa: E402

SCHOOL = "Meadow Lane Primary"
MEMBER = "Mrs Ahmed"
# Repeated digits side by side: a double tap on one key of the pad must count twice.
PIN = "447100"
WRONG_PIN = "123456"


def digits_typed(k, n):
    """Waits until the PIN pad's dots say n digits are typed."""
    label = "%d digit%s typed" % (n, "" if n == 1 else "s")
    return k.find(label, timeout=10) is not None


def open_pin_pad(k, hands):
    """Holds the hidden corner for 3.5 s, from elsewhere on the screen, once home has
    arrived (a press while it slides in is dropped)."""
    hands.extents("Make my promise", timeout=20)
    x, y, width, height = hands.geometry()
    hands.move((x + width // 2, y + height // 2))
    hands.hold(hands.corner("top-right", 40), 3.5)
    return k.find("Staff PIN", timeout=10) is not None


def staff_log(sokctl, data_dir):
    out = subprocess.run([sokctl, "--data-dir", data_dir, "--format", "json", "staff", "log"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    kiosk_binary, sokctl = sys.argv[1], sys.argv[2]
    tap = Tap()
    why = kiosk_env_ok()
    if why:
        tap.skip_all(why)

    with tempfile.TemporaryDirectory(prefix="sok-staff-hands-") as tmp:
        data_dir = os.path.join(tmp, "kiosk")
        pin_file = os.path.join(tmp, "pin")
        with open(pin_file, "w") as f:
            f.write(PIN + "\n")
        for args in (["init", "--school", SCHOOL],
                     ["staff", "add", MEMBER, "--role", "teacher", "--pin-file", pin_file]):
            subprocess.run([sokctl, "--data-dir", data_dir] + args, check=True,
                           stdout=subprocess.DEVNULL)
        os.unlink(pin_file)

        # Fullscreen, as in a school: the kiosk holds the keyboard to itself then.
        with Kiosk(kiosk_binary, data_dir, windowed=False) as k:
            try:
                hands = Hands(k)
                tap.ok(open_pin_pad(k, hands),
                       "holding the corner for 3.5 s opens the PIN pad, no name to choose")

                # The physical keyboard: a wrong PIN, then the right one.
                hands.type(WRONG_PIN)
                tap.ok(digits_typed(k, len(WRONG_PIN)), "digits typed on the keyboard land")
                hands.key("Return")
                wrong = wait_until(lambda: [a for a in k.showing()
                                            if a.name.startswith("That PIN is not right.")],
                                   20, "the wrong PIN being refused")
                tap.ok(bool(wrong), "Return checks the PIN: a wrong one is refused")
                digits_typed(k, 0)
                for i, digit in enumerate(PIN):
                    hands.type(digit)
                    digits_typed(k, i + 1)
                tap.ok(k.has("%d digits typed" % len(PIN)),
                       "after a wrong PIN, each digit of the right one lands as it is typed")
                hands.key("Return")
                tap.ok(k.find("Signed in: %s, Teacher" % MEMBER, timeout=20) is not None,
                       "the PIN typed on the keyboard opens staff mode")
                hands.click("Sign out", role="push button")
                k.wait_gone("Signed in: %s, Teacher" % MEMBER)

                # The on-screen pad, tapped with the pointer.
                tap.ok(open_pin_pad(k, hands), "the corner opens the PIN pad again")
                typed = 0
                i = 0
                while i < len(PIN):
                    count = 2 if i + 1 < len(PIN) and PIN[i + 1] == PIN[i] else 1
                    hands.click(PIN[i], role="push button", count=count)
                    typed += count
                    if not digits_typed(k, typed):
                        raise KioskError("tapping %s on the pad did not make %d digits"
                                         % (PIN[i] * count, typed))
                    i += count
                tap.ok(k.has("%d digits typed" % len(PIN)),
                       "each tap on the pad, double taps included, adds one digit")
                hands.click("Enter", role="push button")
                tap.ok(k.find("Signed in: %s, Teacher" % MEMBER, timeout=20) is not None,
                       "the PIN tapped on the pad opens staff mode")
            except KioskError as error:
                tap.ok(False, "opening staff mode with real input: %s" % error)

        entries = [e for e in staff_log(sokctl, data_dir) if e.get("action") != "staff-added"]
        actions = sorted((e.get("action"), e.get("staff") or "") for e in entries)
        tap.diag("staff log: %r" % actions)
        tap.ok(actions.count(("staff-mode-entered", MEMBER)) == 2,
               "the staff log has both sign-ins by %s" % MEMBER)
        tap.ok(sum(1 for a, _ in actions if a == "pin-wrong") == 1,
               "and the one wrong PIN")
        tap.ok(any(a == "staff-mode-left" and e.get("detail") == "signed out"
                   for e in entries for a in [e.get("action")]),
               "and the sign-out")
        tap.ok(not any(PIN in json.dumps(e) or WRONG_PIN in json.dumps(e) for e in entries),
               "no PIN is in the log")
    tap.done()


if __name__ == "__main__":
    main()
