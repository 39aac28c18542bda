#!/usr/bin/python3
# Copyright 2026 The Safe Online Kiosk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The real kiosk, started on a fresh school and read through AT-SPI as a screen
reader would: the home screen's two tiles are found by their names.

Usage: test-home-atspi.py SAFE-ONLINE-KIOSK SOKCTL
"""

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sokatspi import Kiosk, Tap, kiosk_env_ok  # noqa: E402

SCHOOL = "Meadow Lane Primary"
# locales/cy.po's words for the tile; change both together.
WELSH_PROMISE = "Gwneud fy addewid"


def main():
    kiosk_binary, sokctl = sys.argv[1], sys.argv[2]
    tap = Tap()
    why = kiosk_env_ok()
    if why:
        tap.skip_all(why)

    with tempfile.TemporaryDirectory(prefix="sok-atspi-") as tmp:
        data_dir = os.path.join(tmp, "kiosk")
        subprocess.run([sokctl, "--data-dir", data_dir, "init", "--school", SCHOOL],
                       check=True, stdout=subprocess.DEVNULL)

        with Kiosk(kiosk_binary, data_dir) as k:
            promise = k.find("Make my promise", timeout=20)
            tap.ok(promise is not None, "the Make my promise tile is found by name")
            tap.ok(promise.getRoleName() in ("push button", "button"),
                   "Make my promise is a button (%s)" % promise.getRoleName())
            tell = k.find("Tell a grown-up")
            tap.ok(tell is not None, "the Tell a grown-up tile is found by name")
            tap.ok(tell.getRoleName() in ("push button", "button"),
                   "Tell a grown-up is a button (%s)" % tell.getRoleName())
            tap.ok(k.has(SCHOOL), "the school's name is shown")
            tap.ok(len(k.query("Make my promise")) >= 1 and not k.has("Hide"),
                   "home has no Hide button: there is nothing to hide")
            try:
                tap.ok(promise.queryAction().nActions >= 1,
                       "the tile can be activated by assistive technology")
            except NotImplementedError:
                tap.ok(False, "the tile can be activated by assistive technology")

        # A Welsh-medium school: Welsh first. Under systemd LANG is unset and the
        # machine has no cy_GB locale; the kiosk speaks Welsh all the same.
        subprocess.run([sokctl, "--data-dir", data_dir, "config", "set", "languages",
                        "cy_GB;en_GB"], check=True, stdout=subprocess.DEVNULL)
        env = dict(os.environ)
        for name in ("LANG", "LANGUAGE", "LC_MESSAGES"):
            env.pop(name, None)
        env["LC_ALL"] = "C"
        with Kiosk(kiosk_binary, data_dir, env=env) as k:
            welsh = k.find(WELSH_PROMISE, timeout=20)
            tap.ok(welsh is not None and not k.has("Make my promise"),
                   "with Welsh first and LANG unset, the tile is named %r" % WELSH_PROMISE)
    tap.done()


if __name__ == "__main__":
    main()
