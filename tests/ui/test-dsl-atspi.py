#!/usr/bin/python3
# Copyright 2026 The Safe Online Kiosk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The real DSL console read through AT-SPI, as a screen reader would: locked, it
offers only the unlock page (and says an urgent report waits); a wrong passphrase
is refused; the right one opens the list, where a report forged in an approved
kiosk's name is marked in what a screen reader hears (and the kiosk's own reports
are not), and a report opens by its row. Locked again, the lock screen and About
show the DSL key's fingerprint words, the same as `sokctl config set dsl-public-key`
prints on a kiosk given the key.

Usage: test-dsl-atspi.py SAFE-ONLINE-DSL DSL-DEMO-QUEUE SOKCTL
"""

import json

import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sokatspi import Tap, kiosk_env_ok  # noqa: E402
from sokconsole import Console  # noqa: E402

PASSPHRASE = "correct horse battery staple"


def main():
    console_binary, demo_queue, sokctl = sys.argv[1], sys.argv[2], sys.argv[3]
    tap = Tap()
    why = kiosk_env_ok()
    if why:
        tap.skip_all(why)

    with tempfile.TemporaryDirectory(prefix="sok-dsl-atspi-") as tmp:
        subprocess.run([demo_queue, tmp, PASSPHRASE, "--forged"], check=True)
        env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(tmp, "config"))
        args = ["--queue", "sqlite:" + os.path.join(tmp, "queue.db"),
                "--key", os.path.join(tmp, "dsl.key")]

        with Console(console_binary, tmp, args=args, env=env) as c:
            tap.ok(c.find("Unlock the report queue", timeout=20) is not None,
                   "locked, the console shows its unlock page")
            tap.ok(c.find("1 urgent report has not been read yet. Unlock to read it.")
                   is not None, "the lock screen says an urgent report waits")
            tap.ok(not c.has("Export PDF…") and not c.has("Governors’ figures"),
                   "nothing of the locked console is offered to assistive technology")

            c.set_text("Your name", "A. Lead")
            c.set_text("Passphrase", "not the passphrase")
            c.click("Unlock", role="push button")
            refused = c.find_prefix("That passphrase does not open the DSL key", timeout=20)
            tap.ok(refused is not None, "a wrong passphrase is refused, and it says so")
            tap.ok(not c.has("Governors’ figures"), "the console stays locked")

            # The first wrong passphrase waits a second.
            time.sleep(2)
            c.set_text("Passphrase", PASSPHRASE)
            c.click("Unlock", role="push button")
            tap.ok(c.find("Governors’ figures", timeout=20) is not None,
                   "the right passphrase opens the console")
            row = c.find_prefix("Urgent, new: ", role="push button")

            # Four reports: three signed by the approved kiosk, one forged in its name.
            rows = []
            for acc in c.showing():
                try:
                    if acc.getRoleName() == "list item" and acc.name.startswith(
                            ("New: ", "Urgent, new: ")):
                        rows.append((acc.name, acc.description))
                except Exception:
                    continue
            marked = [r for r in rows if r[0].endswith(". Not signed by an approved kiosk")]
            tap.ok(len(rows) == 4, "the four reports are listed (%r)" % rows)
            tap.ok(len(marked) == 1, "only the forged report is marked (%r)" % marked)
            tap.ok(bool(marked) and marked[0][1].startswith(
                       "Its signature does not match: it may have been forged or changed."),
                   "a screen reader hears why it is marked (%r)" % marked)
            tap.ok(all(r[1].startswith(("Not read yet.",)) for r in rows if r not in marked),
                   "the approved kiosk's reports carry no mark (%r)" % rows)
            tap.ok(row is not None, "the urgent report is in the list, named as urgent")
            if row is not None:
                row.queryAction().doAction(0)
            tap.ok(c.find("Export PDF…", timeout=10) is not None, "the report opens by its row")
            tap.ok(c.find("Chat or messages") is not None, "where it happened is read out")
            tap.ok(c.find("Record action", role="push button") is not None,
                   "actions can be recorded by name")

            # What IT compares: the words a kiosk prints when given the DSL key.
            kiosk_dir = os.path.join(tmp, "kiosk")
            subprocess.run([sokctl, "--data-dir", kiosk_dir, "init", "--school", "Oak"],
                           check=True, stdout=subprocess.DEVNULL)
            with open(os.path.join(tmp, "dsl.pub")) as f:
                public_key = f.read().strip()
            out = subprocess.run([sokctl, "--data-dir", kiosk_dir, "--format", "json", "config",
                                  "set", "dsl-public-key", public_key],
                                 check=True, capture_output=True, text=True,
                                 stdin=subprocess.DEVNULL).stdout
            words = json.loads(out)["fingerprint_words"]
            tap.diag("the kiosk printed: %s" % words)

            c.click("Lock", role="push button")
            shown = c.find(words, timeout=20)
            tap.ok(shown is not None, "the lock screen shows the key's words, as the kiosk "
                   "printed them")
            described = [a for a in c.showing()
                         if a.name == "Its words, for IT to compare with each kiosk’s"]
            tap.ok(bool(described) and described[0].description.startswith(words + ". "),
                   "a screen reader hears them with what to compare them with (%r)"
                   % [a.description for a in described])

            c.click("About the DSL Console", role="push button")

            def about_words():
                for acc in c.showing():
                    try:
                        if words in acc.name and acc.name != words and "DSL key" in acc.name:
                            return acc
                    except Exception:
                        continue
                return None
            found = None
            deadline = time.monotonic() + 20
            while found is None and time.monotonic() < deadline:
                found = about_words()
                time.sleep(0.2)
            tap.ok(found is not None, "About shows the same words (%r)"
                   % (found.name if found is not None else None))
    tap.done()


if __name__ == "__main__":
    main()
