#!/usr/bin/python3
# Copyright 2026 The Safe Online Kiosk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""No dialog outlives staff mode. A teacher opens the roster's file chooser, the
certificates' save chooser or the print dialog, and then taps Hide, signs out, or
walks away until staff mode times out: every time, the dialog is gone, only the
kiosk's window remains, on the home screen, and staff mode has ended. A teacher
busy in the chooser is not timed out under it.

The kiosk runs as a school runs it (fullscreen, locked) under a real window manager;
every tap is the X server's pointer (xdotool) on the place AT-SPI says the button is.

Usage: test-staff-dialogs-atspi.py SAFE-ONLINE-KIOSK SOKCTL ROSTER.csv
"""

import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sokatspi import Hands, Kiosk, KioskError, Tap, kiosk_env_ok  # noqa: E402
from soklock import Screen, WindowManager, lock_env_missing, xdotool  # noqa: E402

SCHOOL = "Meadow Lane Primary"
PIN = "402917"
# The least the settings allow: the warning shows after 15 s, home after 30 s.
STAFF_IDLE_SECONDS = 30
SIGNED_IN = "Signed in: Mr Patel, Teacher"


class Session:
    def __init__(self, tap, k, screen):
        self.tap = tap
        self.k = k
        self.screen = screen
        self.hands = Hands(k)
        self.window = screen.windows_of(k.process.pid)[0][0]

    def touch(self, name, timeout=10):
        """A finger on the button named name: the X server's pointer at its middle."""
        self.hands.click(name, timeout=timeout)

    def sign_in(self):
        self.hands.hold(self.hands.corner("top-right", 40), 3.5)
        self.k.find("Staff PIN", timeout=10)
        self.hands.type(PIN)
        self.hands.key("Return")
        self.k.find(SIGNED_IN, timeout=20)

    def others(self):
        """Every window of the kiosk's process a person can see, but the kiosk's own."""
        return [w for w in self.screen.windows_of(self.k.process.pid) if w[0] != self.window]

    def wait_for_dialog(self, title, timeout=15):
        """The window called title, once it shows."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for wid, name in self.others():
                if name == title:
                    return wid
            time.sleep(0.2)
        return None

    def wait_alone(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.others():
                return True
            time.sleep(0.2)
        return False

    def check_ended(self, what, how, timeout=10):
        alone = self.wait_alone(timeout)
        self.tap.ok(alone, "%s, %s: no window but the kiosk's remains (left: %s)"
                    % (what, how, self.others() or "none"))
        try:
            self.k.find("Make my promise", timeout=10)
            home = True
        except KioskError:
            home = False
        self.tap.ok(home, "%s, %s: the kiosk is on its home screen" % (what, how))
        self.tap.ok(not self.k.has(SIGNED_IN) and not self.k.has("Sign out"),
                    "%s, %s: staff mode has ended" % (what, how))


DIALOGS = [
    # (what, page button, button that opens it, the dialog's title)
    ("the roster's file chooser", "Import the roster", "Choose the roster file…",
     "Choose the roster file"),
    ("the certificates' save chooser", "Promises and certificates", "Save them as a PDF…",
     "Save the certificates"),
    ("the certificates' print dialog", "Promises and certificates",
     "Print the class’s certificates", "Print the certificates"),
]


def open_dialog(s, page_button, opener, title):
    s.touch(page_button)
    if page_button == "Promises and certificates":
        s.touch("Robins: 1 of 10 promised")
    s.touch(opener)
    return s.wait_for_dialog(title)


def keep_busy(s, dialog, seconds):
    """A teacher reading the chooser: the pointer moves over it every second."""
    x, y, width, height = s.screen.geometry(dialog)
    end = time.monotonic() + seconds
    step = 0
    while time.monotonic() < end:
        step += 1
        xdotool("mousemove", "--sync", x + width // 3 + (step % 2) * 40, y + height // 2)
        time.sleep(1.0)


def promise(s):
    """Ava makes her promise, so Robins has a certificate to print."""
    s.touch("Make my promise", timeout=20)
    s.touch("Robins")
    s.touch("Ava T.")
    deadline = time.monotonic() + 60
    while not s.k.has("I agree") and time.monotonic() < deadline:
        s.touch("Next")
    s.touch("I agree")
    s.k.find("Thank you, Ava!", timeout=10)
    s.touch("Hide")
    s.k.find("Make my promise", timeout=10)


def main():
    kiosk_binary, sokctl, roster = sys.argv[1], sys.argv[2], sys.argv[3]
    tap = Tap()
    why = kiosk_env_ok() or lock_env_missing()
    if why:
        tap.skip_all(why)

    with tempfile.TemporaryDirectory(prefix="sok-staff-dialogs-") as tmp:
        data_dir = os.path.join(tmp, "kiosk")
        pin_file = os.path.join(tmp, "pin")
        with open(pin_file, "w") as f:
            f.write(PIN + "\n")
        for args in (["init", "--school", SCHOOL],
                     ["roster", "import", roster],
                     ["staff", "add", "Mr Patel", "--role", "teacher", "--pin-file", pin_file],
                     ["config", "set", "staff-idle-seconds", str(STAFF_IDLE_SECONDS)]):
            subprocess.run([sokctl, "--data-dir", data_dir] + args, check=True,
                           stdout=subprocess.DEVNULL)

        with WindowManager(), Kiosk(kiosk_binary, data_dir, windowed=False) as k:
            screen = Screen()
            k.find("Make my promise", timeout=20)
            s = Session(tap, k, screen)
            promise(s)

            for what, page_button, opener, title in DIALOGS:
                # Hide, on the staff page behind the dialog.
                s.sign_in()
                dialog = open_dialog(s, page_button, opener, title)
                tap.ok(dialog is not None, "%s opens (windows: %s)"
                       % (what, screen.describe(k.process.pid)))
                s.touch("Hide")
                s.check_ended(what, "Hide")

                # Sign out, from the staff screen.
                s.sign_in()
                dialog = open_dialog(s, page_button, opener, title)
                s.touch("Back")
                s.touch("Sign out")
                s.check_ended(what, "Sign out")

                # Walking away.
                s.sign_in()
                dialog = open_dialog(s, page_button, opener, title)
                if what == "the roster's file chooser" and dialog is not None:
                    # Longer than staff-idle-seconds, but busy in the chooser.
                    keep_busy(s, dialog, STAFF_IDLE_SECONDS + 5)
                    tap.ok(s.wait_for_dialog(title, timeout=1) is not None and
                           k.has("Choose the roster file…"),
                           "a teacher busy in the chooser for longer than staff-idle-seconds "
                           "is not timed out")
                    xdotool("mousemove", "--sync", 1, 1)
                s.check_ended(what, "the staff idle time-out", timeout=STAFF_IDLE_SECONDS + 15)

            # Staff mode's own log says it ended each time.
            log = subprocess.run([sokctl, "--data-dir", data_dir, "staff", "log"],
                                 check=True, capture_output=True, text=True).stdout
            tap.ok(log.count("staff-mode-left") >= 9,
                   "the staff log has staff mode ending nine times")
            tap.ok("roster-import" not in log and "certificates-printed" not in log and
                   "certificates-saved" not in log,
                   "no cancelled dialog imported, saved or printed anything")
            screen.close()
    tap.done()


if __name__ == "__main__":
    main()
