#!/usr/bin/python3
# Copyright 2026 The Safe Online Kiosk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A Year 1 and a Year 4 pupil make their promise on the real kiosk, driven through
AT-SPI by accessible names only, as a screen-reader or switch user would; then
`sokctl agreements list --format csv` must hold both promises, each pointing at the
exact AUP words of the pupil's age band (SHA-256 of the normalised text, computed
here from the shipped files independently of the kiosk).

Usage: test-promise-atspi.py SAFE-ONLINE-KIOSK SOKCTL
"""

import configparser
import csv
import hashlib
import io
import os
import subprocess
import sys
import tempfile
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sokatspi import Kiosk, KioskError, Tap, kiosk_env_ok  # noqa: E402

SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

ROSTER = ("Forename,Surname,Year,Reg Group\r\n"
          "Amir,Khan,Year 1,Owls\r\n"
          "Sam,Kowalski,Year 1,Owls\r\n"
          "Sam,Kelly,Year 1,Owls\r\n"
          "Zofia,Wiśniewska,Year 4,Hawks\r\n"
          "Ben,O'Brien,Year 4,Hawks\r\n")


def normalise(text):
    """As the kiosk normalises AUP texts: NFC, trimmed, white space runs made one."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def aup_version(band):
    """The SHA-256 of the shipped English AUP for band, and its rule texts, from the
    normalised content the AUP loader documents: band, locale, title, intro,
    agreement, then "rule ID=text" per rule, one per line."""
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    with open(os.path.join(SOURCE_ROOT, "data", "aup", band + ".ini"), encoding="utf-8") as f:
        parser.read_file(f)
    aup = parser["AUP"]
    lines = ["band=" + band, "locale=en",
             "title=" + normalise(aup["title"]),
             "intro=" + normalise(aup["intro"]),
             "agreement=" + normalise(aup["agreement"])]
    rules = []
    for section in parser.sections():
        if section.startswith("Rule "):
            text = normalise(parser[section]["text"])
            rules.append(text)
            lines.append("rule %s=%s" % (section[len("Rule "):], text))
    content = "".join(line + "\n" for line in lines)
    return hashlib.sha256(content.encode("utf-8")).hexdigest(), rules


def found(k, name, role=None):
    """Whether name comes on screen within a few seconds (pages slide in)."""
    try:
        return k.find(name, role=role, timeout=10) is not None
    except KioskError:
        return False


def promise(k, tap, class_name, pupil, forename, rules, adult_helped=False):
    """From the home screen to Thank you, by names only; returns when home again."""
    k.click("Make my promise", timeout=20)
    k.click(class_name)
    k.click(pupil)
    for i, rule in enumerate(rules):
        tap.ok(k.find(rule, timeout=10) is not None,
               "%s sees rule %d: %s" % (forename, i + 1, rule))
        k.click("Next")
    tap.ok(k.find("Sign here") is not None, "%s is offered the signature pad" % forename)
    if adult_helped:
        k.click("A grown-up helped me")
    k.click("I agree")
    thanks = k.find("Thank you, %s!" % forename, timeout=10)
    tap.ok(thanks is not None, "the last screen thanks %s by name" % forename)
    k.click("Hide")
    k.find("Make my promise", timeout=10)


def main():
    kiosk_binary, sokctl = sys.argv[1], sys.argv[2]
    tap = Tap()
    why = kiosk_env_ok()
    if why:
        tap.skip_all(why)

    early_sha, early_rules = aup_version("early")
    junior_sha, junior_rules = aup_version("junior")

    with tempfile.TemporaryDirectory(prefix="sok-promise-atspi-") as tmp:
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
                k.click("Make my promise", timeout=20)
                tap.ok(k.find("Owls", role="push button") is not None,
                       "the class tiles are buttons named by class")
                k.click("Owls")
                for label in ("Amir K.", "Sam Ke.", "Sam Ko."):
                    tap.ok(found(k, label, role="push button"),
                           "the pupil button is named %r, as it shows" % label)
                k.click("Hide")

                promise(k, tap, "Owls", "Amir K.", "Amir", early_rules, adult_helped=True)
                promise(k, tap, "Hawks", "Zofia W.", "Zofia", junior_rules)

                # Amir again, the same school year: told kindly, not asked again.
                k.click("Make my promise", timeout=20)
                k.click("Owls")
                k.click("Amir K.")
                tap.ok(found(k, "Well done, Amir!"),
                       "a second promise the same year is recognised")
                tap.ok(k.has("Read the rules again") and not k.has("I agree"),
                       "Amir may read the rules again but is not asked to promise twice")
                k.click("All done")
                k.find("Make my promise", timeout=10)
            except KioskError as error:
                tap.ok(False, "walking through the promise: %s" % error)

        listed = subprocess.run([sokctl, "--data-dir", data_dir, "agreements", "list",
                                 "--format", "csv"],
                                check=True, capture_output=True, text=True).stdout
        rows = list(csv.DictReader(io.StringIO(listed)))
        tap.diag("%d agreements listed" % len(rows))
        tap.ok(len(rows) == 2, "two agreements are listed (%d)" % len(rows))
        by_name = {row.get("forename"): row for row in rows}
        amir = by_name.get("Amir", {})
        zofia = by_name.get("Zofia", {})
        tap.ok(amir.get("aup_band") == "early" and amir.get("aup_sha256") == early_sha,
               "Amir (Year 1) agreed to the early AUP's exact words")
        tap.ok(zofia.get("aup_band") == "junior" and zofia.get("aup_sha256") == junior_sha,
               "Zofia (Year 4) agreed to the junior AUP's exact words")
        tap.ok(amir.get("method") == "tap" and zofia.get("method") == "tap",
               "both agreed with the single I agree tap")
        tap.ok(amir.get("with_adult") == "yes" and zofia.get("with_adult") == "no",
               "the record says a grown-up helped Amir and not Zofia")
        tap.ok(zofia.get("surname") == "Wiśniewska", "names survive exactly")

    tap.done()


if __name__ == "__main__":
    main()
