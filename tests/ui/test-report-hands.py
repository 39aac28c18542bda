#!/usr/bin/python3
# Copyright 2026 The Safe Online Kiosk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A report made with real hands on the real, fullscreen kiosk: every tap is a click
of the X server's pointer at the on-screen centre of the widget AT-SPI names (see
Hands in sokatspi.py), and every word is typed by clicking the keys of the kiosk's
own on-screen keyboard, double letters as a quick double tap on one key ("bully",
"otter", "too"). Nothing is activated through AT-SPI or set as text.

First a report is started and typed into, then Hide is clicked: the kiosk goes
home, and the next report starts with an empty message. Then a whole report is
tapped from Tell a grown-up to Thank you, with a name typed as well; the category
is tapped with a quick second tap elsewhere on its page, which must press nothing
while the next page slides in. The kiosk is stopped and the DSL's private key opens
the one envelope in the outbox, whose text and name must be exactly what was typed
(a letter lost, doubled or wrong fails) and whose category is the one tapped first.

Usage: test-report-hands.py SAFE-ONLINE-KIOSK SOKCTL SOK-OPEN-OUTBOX
"""

import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sokatspi import Hands, Kiosk, KioskError, Tap, kiosk_env_ok, wait_until  # noqa: E402

SCHOOL = "Meadow Lane Primary"
PASSPHRASE = "a long passphrase for the test DSL"
# Double letters in a row ("ll", "tt", "oo", "ee"), a capital, a full stop and a
# question mark: each is a different way for a key press to be lost or doubled.
TYPED = "A bully keeps saying my otter is too silly. Why?"
NAME = "Jess Abbott"
HIDDEN = "bully"
KEY_NAMES = {" ": "Space", ".": "Full stop", ",": "Comma", "'": "Apostrophe",
             "?": "Question mark"}


class OnScreenKeyboard:
    """The kiosk's keyboard on the page showing, typed on with the real pointer,
    into the text accessible named target."""

    def __init__(self, kiosk, hands, target):
        self.kiosk = kiosk
        self.hands = hands
        self.target = kiosk.find(target)
        group = kiosk.find("Keyboard")
        keys = kiosk.within(group)
        # Letter keys are named by the letter they type, which changes with the
        # capital key: index them by the small letter, once.
        self.keys = {(name.lower() if len(name) == 1 else name): acc
                     for name, acc in keys.items()}
        missing = [k for k in "abcdefghijklmnopqrstuvwxyz" if k not in self.keys]
        if missing or "Capital letter" not in self.keys:
            raise KioskError("the keyboard lacks keys %r (has %r)" % (missing, sorted(keys)))

    def text(self):
        return self.kiosk.text_of(self.target)

    def capitals(self):
        return self.keys["q"].name == "Q"

    def wait_text(self, expected, key):
        """Waits until the target holds exactly expected; fails at once when it
        holds anything that is not on the way there (a letter doubled or wrong)."""
        deadline = time.monotonic() + 5
        while True:
            now = self.text()
            if now == expected:
                return
            if not expected.startswith(now) or time.monotonic() > deadline:
                raise KioskError("after the %r key the text is %r, not %r" % (key, now, expected))
            time.sleep(0.03)

    def type(self, text):
        """Types text one key at a time, a double letter as one quick double tap,
        checking the target after each."""
        done = self.text()
        i = 0
        while i < len(text):
            ch = text[i]
            count = 2 if i + 1 < len(text) and text[i + 1] == ch and ch.islower() else 1
            if ch.isalpha() and ch.isupper() != self.capitals():
                want = ch.isupper()
                self.hands.click(self.keys["Capital letter"])
                wait_until(lambda: self.capitals() == want, 5, "the capital key turning "
                           + ("on" if want else "off"))
            key = self.keys[KEY_NAMES.get(ch, ch.lower())]
            self.hands.click(key, count=count)
            done += ch * count
            self.wait_text(done, ch * count)
            i += count


def open_outbox(open_tool, data_dir, keys_dir, passphrase_file):
    out = subprocess.run([open_tool, "--data-dir", data_dir,
                          "--key", os.path.join(keys_dir, "dsl.key"),
                          "--passphrase-file", passphrase_file],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise KioskError("the DSL's key could not open the outbox: %s" % out.stderr.strip())
    return json.loads(out.stdout)


def outbox_waiting(sokctl, data_dir):
    out = subprocess.run([sokctl, "--data-dir", data_dir, "--format", "json",
                          "outbox", "status"], check=True, capture_output=True, text=True)
    return json.loads(out.stdout).get("waiting")


def to_message(k, hands, slip=False):
    """From home to "Tell us more", by real clicks. With slip, a second tap on
    another category follows the first at once, while the next page slides in: it
    must press nothing (GTK 4.8 would give it to the arriving page's tile under it,
    answering "Where?" before the child has seen the question). Without slip the
    category is tapped twice a third of a second apart: the second tap lands after
    "Where?" has arrived and must press nothing either."""
    hands.click("Tell a grown-up", timeout=20)
    k.find("What happened?")
    if slip:
        hands.quick_taps([hands.point("Someone was unkind to me", role="push button"),
                          hands.point("Something else", role="push button")])
    else:
        # A slower double tap, as young children tap: the second tap comes after
        # "Where?" has arrived, and must still not answer it.
        hands.click("Someone was unkind to me", role="push button", count=2, gap_ms=350)
    k.find("Where did it happen?")
    hands.click("In a game", role="push button")
    k.find("How do you feel?")
    hands.click("Sad", role="push button")
    k.find("Tell us more (if you want)")


def main():
    kiosk_binary, sokctl, open_tool = sys.argv[1:4]
    tap = Tap()
    why = kiosk_env_ok()
    if why:
        tap.skip_all(why)

    with tempfile.TemporaryDirectory(prefix="sok-report-hands-") as tmp:
        data_dir = os.path.join(tmp, "kiosk")
        keys_dir = os.path.join(tmp, "dsl")
        passphrase_file = os.path.join(tmp, "passphrase")
        os.mkdir(keys_dir, 0o700)
        with open(passphrase_file, "w") as f:
            f.write(PASSPHRASE + "\n")
        subprocess.run([sokctl, "--data-dir", data_dir, "init", "--school", SCHOOL],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([sokctl, "keys", "generate", "--out", keys_dir,
                        "--passphrase-file", passphrase_file], check=True,
                       stdout=subprocess.DEVNULL)
        with open(os.path.join(keys_dir, "dsl.pub")) as f:
            public_key = f.read().strip()
        # The queue cannot be reached (its directory is a file), so what is sent
        # waits in the outbox, where the DSL's key can open it.
        blocker = os.path.join(tmp, "not-a-directory")
        with open(blocker, "w") as f:
            f.write("x")
        for key, value in (("dsl-public-key", public_key),
                           ("queue", "sqlite:" + os.path.join(blocker, "dsl-queue.db"))):
            subprocess.run([sokctl, "--data-dir", data_dir, "config", "set", key, value],
                           check=True, stdout=subprocess.DEVNULL)

        # Fullscreen, as in a school: no --windowed.
        with Kiosk(kiosk_binary, data_dir, windowed=False) as k:
            try:
                hands = Hands(k)
                k.find("Tell a grown-up", timeout=20)

                # Hide, clicked in the middle of a report, forgets the draft.
                to_message(k, hands)
                keyboard = OnScreenKeyboard(k, hands, "Your message")
                keyboard.type(HIDDEN)
                tap.ok(keyboard.text() == HIDDEN, "the message holds what was typed before Hide")
                hands.click("Hide", role="push button")
                k.wait_gone("Tell us more (if you want)")
                tap.ok(k.find("Tell a grown-up", timeout=10) is not None
                       and not k.has("Your message"),
                       "a real click on Hide goes home at once")
                to_message(k, hands, slip=True)
                keyboard = OnScreenKeyboard(k, hands, "Your message")
                tap.ok(keyboard.text() == "",
                       "the next report starts with an empty message (%r)" % keyboard.text())
                tap.ok(outbox_waiting(sokctl, data_dir) == 0, "nothing of it was sent")

                # The whole report, typed on the on-screen keys.
                keyboard.type(TYPED)
                tap.ok(keyboard.text() == TYPED,
                       "the on-screen keys typed the message exactly, double letters "
                       "included (%r)" % keyboard.text())
                hands.click("Next", role="push button")
                k.find("Do you want a grown-up to talk to you?")
                hands.click("Yes, I'd like to talk", role="push button")
                k.find("Type your name")
                name_keys = OnScreenKeyboard(k, hands, "Your name")
                name_keys.type(NAME)
                tap.ok(name_keys.text() == NAME,
                       "the on-screen keys typed the name exactly (%r)" % name_keys.text())
                hands.click("Next", role="push button")
                k.find("Who will read this?")
                hands.click("Send", role="push button")
                tap.ok(k.find("Thank you for telling us", timeout=20) is not None,
                       "Thank you is on screen after Send")
                tap.ok(wait_until(lambda: outbox_waiting(sokctl, data_dir) == 1, 10,
                                  "the report reaching the outbox"),
                       "one report waits in the outbox")
            except KioskError as error:
                tap.ok(False, "making the report with real input: %s" % error)

        envelopes = open_outbox(open_tool, data_dir, keys_dir, passphrase_file)
        tap.ok(len(envelopes) == 1, "the outbox holds one envelope (%d)" % len(envelopes))
        e = envelopes[0] if envelopes else {}
        tap.ok(e.get("text") == TYPED,
               "the envelope's text is exactly what was typed (%r)" % e.get("text"))
        tap.ok(e.get("name") == NAME,
               "the envelope's name is exactly what was typed (%r)" % e.get("name"))
        tap.ok(e.get("category") == "unkind-to-me",
               "the category tapped first, not the one a second tap hit while the next "
               "page slid in (%r)" % e.get("category"))
        tap.ok(e.get("where") == "game" and e.get("feeling") == "sad",
               "where and feeling as tapped")
        tap.ok(e.get("wants_talk") is True and e.get("urgent") is False,
               "the child asked to talk, not urgently")
    tap.done()


if __name__ == "__main__":
    main()
