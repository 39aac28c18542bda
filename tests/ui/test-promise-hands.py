#!/usr/bin/python3
# Copyright 2026 The Safe Online Kiosk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Promises made with real hands on the real kiosk (see Hands in sokatspi.py): the
class, the pupil, Next through the rules and I agree are pointer clicks at their
on-screen places, and the signature is a pointer drag across the signing pad (the
button pressed, many small moves, the button released), as a finger signs.

Amir signs with a drag that crosses most of the pad; Sam only taps I agree. Then
`sokctl agreements list --format json` must say Amir's promise was signed and Sam's
tapped, and the strokes stored with Amir's (decoded here from the kiosk's
database, independently of the kiosk) must span the pad as the drag did.

Usage: test-promise-hands.py SAFE-ONLINE-KIOSK SOKCTL
"""

import json
import os
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sokatspi import Hands, Kiosk, KioskError, Tap, kiosk_env_ok, wait_until  # noqa: E402

ROSTER = ("Forename,Surname,Year,Reg Group\r\n"
          "Amir,Khan,Year 1,Owls\r\n"
          "Sam,Kelly,Year 1,Owls\r\n")
# The drag, in fractions of the pad: a zigzag from the left edge to the right.
SIGNATURE = [(0.1, 0.6), (0.3, 0.25), (0.5, 0.75), (0.7, 0.3), (0.9, 0.65)]
STEPS = 10  # small pointer moves between two turns of the drag
GRID = 1024  # SOK_SIGNATURE_GRID: stored points are in 0..GRID


def varints(data, pos):
    """Reads one unsigned LEB128 varint from data at pos: (value, next pos)."""
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7f) << shift
        shift += 7
        if not byte & 0x80:
            return value, pos


def decode_signature(blob):
    """The strokes of a stored signature ("SK\\x01", a stroke count, then per stroke
    its point count, the first point, and zigzag deltas), as lists of (x, y)."""
    if blob is None or bytes(blob[:3]) != b"SK\x01":
        return None
    data = bytes(blob)
    n_strokes, pos = varints(data, 3)
    strokes = []
    for _ in range(n_strokes):
        n_points, pos = varints(data, pos)
        points = []
        x = y = 0
        for i in range(n_points):
            a, pos = varints(data, pos)
            b, pos = varints(data, pos)
            if i == 0:
                x, y = a, b
            else:
                x += (a >> 1) ^ -(a & 1)
                y += (b >> 1) ^ -(b & 1)
            points.append((x, y))
        strokes.append(points)
    return strokes


def rule_number(k):
    """(n, of) from the rules page's "Rule n of m" label, or None."""
    for acc in k.showing():
        try:
            words = acc.name.split()
        except Exception:
            continue
        if len(words) == 4 and words[0] == "Rule" and words[2] == "of":
            return int(words[1]), int(words[3])
    return None


def promise(k, hands, pupil, sign):
    """From home to I agree with real clicks, one Next per rule, each waited for;
    sign drags a signature first."""
    hands.click("Make my promise", timeout=20)
    hands.click("Owls", role="push button")
    hands.click(pupil, role="push button")
    n, of = wait_until(lambda: rule_number(k), 10, "the first rule showing")
    for i in range(n, of):
        hands.click("Next", role="push button")
        wait_until(lambda: rule_number(k) == (i + 1, of), 10,
                   "rule %d of %d showing (%r is)" % (i + 1, of, rule_number(k)))
    hands.click("Next", role="push button")
    pad = k.find("Sign here", role="image")
    if sign:
        hands.drag_across(pad, SIGNATURE, steps=STEPS)
        # The pad offers to start again once it holds a stroke.
        hands.extents(k.find("Start again", role="push button"))
    hands.click("I agree", role="push button")


def main():
    kiosk_binary, sokctl = sys.argv[1], sys.argv[2]
    tap = Tap()
    why = kiosk_env_ok()
    if why:
        tap.skip_all(why)

    with tempfile.TemporaryDirectory(prefix="sok-promise-hands-") as tmp:
        data_dir = os.path.join(tmp, "kiosk")
        roster = os.path.join(tmp, "roster.csv")
        with open(roster, "w", encoding="utf-8", newline="") as f:
            f.write(ROSTER)
        subprocess.run([sokctl, "--data-dir", data_dir, "init", "--school", "Meadow Lane"],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([sokctl, "--data-dir", data_dir, "roster", "import", roster],
                       check=True, stdout=subprocess.DEVNULL)

        with Kiosk(kiosk_binary, data_dir) as k:
            try:
                hands = Hands(k)
                promise(k, hands, "Amir K.", sign=True)
                tap.ok(k.find("Thank you, Amir!", timeout=20) is not None,
                       "Amir's signed promise ends on Thank you")
                hands.click("Hide", role="push button")
                promise(k, hands, "Sam K.", sign=False)
                tap.ok(k.find("Thank you, Sam!", timeout=20) is not None,
                       "Sam's tapped promise ends on Thank you")
                hands.click("Hide", role="push button")
                k.find("Make my promise", timeout=10)
            except KioskError as error:
                tap.ok(False, "promising with real input: %s" % error)

        listed = subprocess.run([sokctl, "--data-dir", data_dir, "--format", "json",
                                 "agreements", "list"],
                                check=True, capture_output=True, text=True).stdout
        by_name = {row.get("forename"): row for row in json.loads(listed)}
        tap.ok(by_name.get("Amir", {}).get("method") == "signature",
               "Amir's promise is recorded as signed (%r)" % by_name.get("Amir"))
        tap.ok(by_name.get("Sam", {}).get("method") == "tap",
               "Sam's promise is recorded as tapped (%r)" % by_name.get("Sam"))

        db = sqlite3.connect("file:%s?mode=ro" % os.path.join(data_dir, "kiosk.db"), uri=True)
        try:
            rows = dict(db.execute("SELECT p.forename, a.signature FROM agreements a "
                                   "JOIN pupils p ON p.id = a.pupil_id").fetchall())
        finally:
            db.close()
        strokes = decode_signature(rows.get("Amir"))
        tap.ok(strokes is not None and len(strokes) == 1,
               "Amir's signature holds one stroke, the one drag (%r)"
               % (None if strokes is None else len(strokes)))
        points = strokes[0] if strokes else []
        moves = (len(SIGNATURE) - 1) * STEPS
        tap.ok(len(points) >= moves * 9 // 10,
               "the stroke keeps the drag's moves, those GTK merged into one event "
               "included (%d points for %d moves)" % (len(points), moves))
        for fx, fy in SIGNATURE:
            near = min((abs(x / GRID - fx) + abs(y / GRID - fy) for x, y in points),
                       default=1)
            tap.ok(near < 0.03, "the drag's turn at (%.1f, %.2f) is in the stroke (%.3f away)"
                   % (fx, fy, near))
        if points:
            xs = [x for x, _ in points]
            ys = [y for _, y in points]
            tap.ok(min(xs) < 0.2 * GRID and max(xs) > 0.8 * GRID,
                   "it crosses the pad from left to right as the drag did (x %d..%d of %d)"
                   % (min(xs), max(xs), GRID))
            tap.ok(min(ys) < 0.35 * GRID and max(ys) > 0.65 * GRID,
                   "and zigzags up and down as the drag did (y %d..%d of %d)"
                   % (min(ys), max(ys), GRID))
            tap.ok(xs[0] < xs[-1], "it starts where the drag started, on the left")
        tap.ok(rows.get("Sam") is None, "Sam's tapped promise stores no signature")
    tap.done()


if __name__ == "__main__":
    main()
