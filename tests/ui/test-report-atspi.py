#!/usr/bin/python3
# Copyright 2026 The Safe Online Kiosk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A report made through AT-SPI only, as a screen-reader or switch user would: the
real kiosk on a fresh school with a DSL key, every tap found by its accessible
name, the words typed on the kiosk's own keyboard. Then, from outside the kiosk:
the outbox holds one sealed report waiting, the typed words are nowhere in the
raw bytes of the data directory (database, WAL and all), and the DSL's private key
opens the envelope to exactly what was typed. The DSL queue is unreachable
meanwhile, so the report waits; then the kiosk is started with a working queue:
its delivery worker hands the waiting report over at once, and a second report, not
urgent, waits for its random time (the school's 10-40 minutes) instead of going at
Send, until `sokctl sync` delivers it at once.

Usage: test-report-atspi.py SAFE-ONLINE-KIOSK SOKCTL SOK-OPEN-OUTBOX

The DSL's keys come from `sokctl keys generate`, the outbox's state from
`sokctl outbox status --format json`, and SOK-OPEN-OUTBOX (a test tool) opens the
envelopes with the private key.
"""

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sokatspi import Kiosk, KioskError, Tap, kiosk_env_ok  # noqa: E402

SCHOOL = "Meadow Lane Primary"
PASSPHRASE = "a long passphrase for the test DSL"
TYPED = "they were mean to me in the game"
KEY_NAMES = {" ": "Space", ".": "Full stop", ",": "Comma", "'": "Apostrophe",
             "?": "Question mark"}


def make_keys(sokctl, keys_dir, passphrase_file):
    subprocess.run([sokctl, "keys", "generate", "--out", keys_dir,
                    "--passphrase-file", passphrase_file], check=True,
                   stdout=subprocess.DEVNULL)


def outbox_status(sokctl, data_dir):
    out = subprocess.run([sokctl, "--data-dir", data_dir, "--format", "json",
                          "outbox", "status"], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def text_of_message(k):
    acc = k.find("Your message")
    t = acc.queryText()
    return t.getText(0, t.characterCount)


def type_on_keys(k, text):
    """One key press per character, waiting for each to land: GTK clicks an
    activated button after a short press, and ignores a second press meanwhile."""
    for ch in text:
        before = text_of_message(k)
        k.click(KEY_NAMES.get(ch, ch), role="push button")
        # Generous: a loaded machine can take seconds to run a click.
        deadline = time.monotonic() + 20
        while text_of_message(k) == before:
            if time.monotonic() > deadline:
                raise KioskError("the key %r typed nothing" % ch)
            time.sleep(0.02)


def found_in_files(top, needle):
    needle = needle.encode("utf-8")
    for root, _dirs, files in os.walk(top):
        for name in files:
            with open(os.path.join(root, name), "rb") as f:
                if needle in f.read():
                    return os.path.join(root, name)
    return None


def queue_count(queue_path):
    if not os.path.exists(queue_path):
        return 0
    db = sqlite3.connect("file:%s?mode=ro" % queue_path, uri=True)
    try:
        return db.execute("SELECT COUNT (*) FROM envelopes").fetchone()[0]
    except sqlite3.Error:
        return 0
    finally:
        db.close()


def wait_for(condition, timeout):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def main():
    kiosk_binary, sokctl, open_outbox = sys.argv[1:4]
    tap = Tap()
    why = kiosk_env_ok()
    if why:
        tap.skip_all(why)

    with tempfile.TemporaryDirectory(prefix="sok-report-atspi-") as tmp:
        data_dir = os.path.join(tmp, "kiosk")
        keys_dir = os.path.join(tmp, "dsl")
        passphrase_file = os.path.join(tmp, "passphrase")
        os.mkdir(keys_dir, 0o700)
        with open(passphrase_file, "w") as f:
            f.write(PASSPHRASE + "\n")

        subprocess.run([sokctl, "--data-dir", data_dir, "init", "--school", SCHOOL],
                       check=True, stdout=subprocess.DEVNULL)
        make_keys(sokctl, keys_dir, passphrase_file)
        with open(os.path.join(keys_dir, "dsl.pub")) as f:
            public_key = f.read().strip()
        subprocess.run([sokctl, "--data-dir", data_dir, "config", "set", "dsl-public-key",
                        public_key], check=True, stdout=subprocess.DEVNULL)
        # A queue that cannot be reached (its directory is a file), as when the DSL's
        # machine is off: the report must wait safely on the kiosk.
        blocker = os.path.join(tmp, "not-a-directory")
        with open(blocker, "w") as f:
            f.write("x")
        queue_path = os.path.join(data_dir, "dsl-queue.db")
        subprocess.run([sokctl, "--data-dir", data_dir, "config", "set", "queue",
                        "sqlite:" + os.path.join(blocker, "dsl-queue.db")],
                       check=True, stdout=subprocess.DEVNULL)

        with Kiosk(kiosk_binary, data_dir) as k:
            k.click("Tell a grown-up", timeout=20)
            tap.ok(k.find("What happened?") is not None, "What happened? is on screen")
            k.click("Someone was unkind to me", role="push button")
            tap.ok(k.find("Where did it happen?") is not None, "Where? is on screen")
            k.click("In a game", role="push button")
            tap.ok(k.find("How do you feel?") is not None, "How do you feel? is on screen")
            faces = [name for name in ("Sad", "Scared", "Worried", "Cross", "I'm OK")
                     if k.has(name, role="push button")]
            tap.ok(len(faces) == 5, "five faces, each named (%s)" % ", ".join(faces))
            k.click("Sad", role="push button")
            tap.ok(k.find("Tell us more (if you want)") is not None, "Tell us more is on screen")

            type_on_keys(k, TYPED)
            tap.ok(text_of_message(k) == TYPED,
                   "the on-screen keyboard typed the words into the message")
            k.click("Next", role="push button")

            tap.ok(k.find("Do you want a grown-up to talk to you?") is not None,
                   "the talk question is on screen")
            tap.ok(k.has("I need help now", role="push button"), "I need help now is offered")
            k.click("No, I want to keep my name secret", role="push button")

            tap.ok(k.find("Who will read this?") is not None, "Who will read this? is on screen")
            k.click("Send", role="push button")
            thanks = k.find("Thank you for telling us", timeout=20)
            tap.ok(thanks is not None, "Thank you is on screen after Send")
            tap.ok(k.has("You did the right thing by telling."), "the child is told they did right")
            tap.ok(not k.has(TYPED), "nothing of the report is shown after Send")

            status = outbox_status(sokctl, data_dir)
            tap.ok(status.get("waiting") == 1, "one report waits in the outbox (%r)" % status)

            where = found_in_files(data_dir, "were mean to me")
            tap.ok(where is None, "the typed words are in no file of the data directory "
                   "while the kiosk runs (found in %s)" % where)

        where = found_in_files(data_dir, "were mean to me")
        tap.ok(where is None, "nor after it stopped (found in %s)" % where)

        out = subprocess.run([open_outbox, "--data-dir", data_dir,
                              "--key", os.path.join(keys_dir, "dsl.key"),
                              "--passphrase-file", passphrase_file],
                             capture_output=True, text=True)
        tap.ok(out.returncode == 0, "the DSL's key opens the outbox (%s)" % out.stderr.strip())
        envelopes = json.loads(out.stdout) if out.returncode == 0 else []
        tap.ok(len(envelopes) == 1, "one envelope")
        if envelopes:
            e = envelopes[0]
            tap.ok(e.get("text") == TYPED, "the envelope holds exactly what was typed (%r)"
                   % e.get("text"))
            tap.ok(e.get("category") == "unkind-to-me" and e.get("risk_area") == "conduct",
                   "the category and its risk area")
            tap.ok(e.get("where") == "game" and e.get("feeling") == "sad", "where and feeling")
            tap.ok(e.get("wants_talk") is False and e.get("urgent") is False
                   and "name" not in e, "anonymous, not urgent, no name")

        # The DSL's queue comes back: the kiosk delivers what waited as it starts, and a
        # new report within seconds of Send.
        subprocess.run([sokctl, "--data-dir", data_dir, "config", "set", "queue",
                        "sqlite:" + queue_path], check=True, stdout=subprocess.DEVNULL)
        with Kiosk(kiosk_binary, data_dir) as k:
            k.find("Tell a grown-up", timeout=20)
            tap.ok(wait_for(lambda: queue_count(queue_path) == 1, 20),
                   "the waiting report is delivered when the kiosk starts")
            k.click("Tell a grown-up")
            k.click("Something else", role="push button")
            k.click("Somewhere else", role="push button")
            k.click("I'm OK", role="push button")
            k.find("Tell us more (if you want)")
            # Assistive technology may paste any amount: it is cut at the limit, kindly.
            k.set_text("Your message", "z" * 2500)
            capped = wait_for(lambda: len(text_of_message(k)) == 2000, 5)
            tap.ok(capped and k.has("That's a lot! A grown-up can hear the rest when you talk "
                                    "to them."),
                   "pasted text is capped at 2000 characters with a friendly message (%d)"
                   % len(text_of_message(k)))
            k.click("Next", role="push button")
            k.click("I need help now", role="push button")
            k.find("Type your name")
            tap.ok(k.has("Your name") and not k.has("Yes, I'd like to talk"),
                   "only the step on screen is offered to assistive technology")
            k.click("Back", role="push button")
            k.click("No, I want to keep my name secret", role="push button")
            k.click("Send", role="push button")
            k.find("Thank you for telling us", timeout=20)
            # Not urgent: the moment of Send is not shown to the queue's server by
            # the moment of arrival; the kiosk holds it back for 10-40 minutes.
            time.sleep(5)
            tap.ok(queue_count(queue_path) == 1,
                   "the new report is not in the DSL queue 5 s after Thank you "
                   "(it waits for its random time)")
            status = outbox_status(sokctl, data_dir)
            tap.ok(status.get("waiting") == 1 and not status.get("last_error"),
                   "it waits on the kiosk, with no error (%r)" % status)
            # IT's "sokctl sync" delivers everything waiting at once, the kiosk running.
            subprocess.run([sokctl, "--data-dir", data_dir, "sync"], check=True,
                           stdout=subprocess.DEVNULL)
            tap.ok(queue_count(queue_path) == 2, "sokctl sync delivered it at once")
            status = outbox_status(sokctl, data_dir)
            tap.ok(status.get("waiting") == 0, "nothing waits on the kiosk (%r)" % status)
        where = found_in_files(data_dir, "were mean to me")
        tap.ok(where is None, "the typed words are in no file, the queue's included "
               "(found in %s)" % where)
    tap.done()


if __name__ == "__main__":
    main()
