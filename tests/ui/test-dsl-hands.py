#!/usr/bin/python3
# Copyright 2026 The Safe Online Kiosk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The real DSL console used with real hands: every key press, every character
typed, every wheel turn and click goes through the X server (XTest, sent with
xdotool), as a DSL's keyboard and mouse would. What happened is then read, never
done, through AT-SPI (what a screen reader would hear), sokctl and the files the
console wrote.

The DSL types their name and the passphrase and presses Return; moves through the
queue with the arrow keys and the wheel; opens a report with Enter; records an action
and closes the case with Tab, Space, Enter and typing; reopens it; exports it under a
typed file name; opens the shortcuts window; locks with Ctrl+L and unlocks again.
Every typed text is compared, exactly, with what arrived.

The console once swallowed every key press and wheel turn (a gboolean signal with a
void handler, in the capture phase): every test that typed through
gtk_editable_set_text() or AT-SPI's EditableText passed all the same. This one
types.

Usage: test-dsl-hands.py SAFE-ONLINE-DSL DSL-DEMO-QUEUE SOKCTL
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sokatspi  # noqa: E402
from sokatspi import Hands, KioskError, Tap, kiosk_env_ok  # noqa: E402
from sokconsole import Console  # noqa: E402

PASSPHRASE = "correct horse battery staple"
# Typed on the keyboard, each with the same letter twice in a row somewhere, and
# characters that need Shift: what arrives must be exactly this.
NAME = "Mrs Lee-Abbott"
DEPUTY = "Mr O'Connell"
NOTE = "Spoke to Sam's teacher, all agreed: keep an eye (Tuesday)"
REASON = "Parents asked to be called first"
CLOSING_NOTE = "Settled well; nothing more needed"
REOPEN_REASON = "Another report from the same class"
EXPORT_NAME = "typed export ll.pdf"
# Older reports added to the demo queue, so that the list must scroll.
N_OLDER = 24


def wait_until(condition, timeout=15, what="the condition"):
    """sokatspi.wait_until, a little more patient: the console's views read the
    queue, and two cores run the whole suite."""
    return sokatspi.wait_until(condition, timeout, what)


class ConsoleHands(Hands):
    """The shared hands, and the console's other windows: its file chooser and its
    shortcuts window, which take keys of their own (Hands.key() gives the keyboard
    to the main window first)."""

    def dialog(self):
        """The X id of a window the console opened over its main one."""
        main = self.window()

        def newest():
            found = self._xdotool("search", "--onlyvisible", "--pid",
                                  self.app.process.pid, check=False).split()
            others = [int(w) for w in found if w != main and
                      (lambda g: g is not None and g[2] * g[3] >= 100 * 100)(self._geometry(w))]
            return str(max(others)) if others else None
        return wait_until(newest, what="a dialog of the console's on X")

    def key_in(self, window, *keys):
        self._xdotool("windowfocus", "--sync", window)
        self._xdotool("key", "--clearmodifiers", *keys)

    def type_in(self, window, text, delay_ms=40):
        self._xdotool("windowfocus", "--sync", window)
        self._xdotool("type", "--clearmodifiers", "--delay", delay_ms, text)

    def wheel_down(self, target, turns):
        """Turns the wheel turns notches down with the pointer on target."""
        self.move(self.point(target))
        self._xdotool("click", "--repeat", turns, "--delay", 30, 5)


def focused(console):
    """The accessible that has the keyboard, or None (GTK 4.8 does not say so for the
    text inside an entry row)."""
    for acc in console.showing():
        try:
            if acc.getState().contains(pyatspi.STATE_FOCUSED):
                return acc
        except Exception:
            continue
    return None


def focused_name(console):
    acc = focused(console)
    return acc.name if acc is not None else None


def text_named(console, name):
    for acc in console.query(name, role="text"):
        return console.text_of(acc)
    return None


def arrived(console, name, expected):
    """The text of the entry named name once it is expected, or whatever it holds
    when it has not become that in a while (typing is asynchronous to us)."""
    try:
        return wait_until(lambda: (text_named(console, name) == expected) and expected,
                          timeout=10, what="%r arriving in %r" % (expected, name))
    except KioskError:
        return text_named(console, name)


def rows(console):
    """The list's report rows, in order."""
    return [acc for acc in console.showing()
            if acc.getRoleName() == "list item" and
            acc.name.startswith(("Urgent, ", "New: ", "Open: ", "Closed: "))]


def text_starting(console, prefix):
    """A showing entry, in any of the console's windows, whose text starts with
    prefix, or None."""
    for acc in console.showing():
        try:
            if acc.getRoleName() == "text" and console.text_of(acc).startswith(prefix):
                return acc
        except Exception:
            continue
    return None


def tab_to(console, hands, name, limit):
    """Presses Tab until the keyboard is on the control named name; each press waits
    for the keyboard to move (entries do not say they have it, so a short wait ends
    when it seems not to)."""
    for _ in range(limit):
        if focused_name(console) == name:
            return True
        before = focused(console)
        hands.key("Tab")
        try:
            wait_until(lambda: focused(console) != before, timeout=1, what="Tab moving")
        except KioskError:
            pass
    return focused_name(console) == name


def is_checked(acc):
    states = acc.getState()
    return states.contains(pyatspi.STATE_CHECKED) or states.contains(pyatspi.STATE_PRESSED)


def main():
    console_binary, demo_queue, sokctl = sys.argv[1], sys.argv[2], sys.argv[3]
    tap = Tap()
    why = kiosk_env_ok()
    if why:
        tap.skip_all(why)
    if shutil.which("xdotool") is None:
        if os.environ.get("CI"):
            print("Bail out! xdotool is not installed (tools/install-deps installs it)")
            sys.exit(1)
        tap.skip_all("xdotool is not installed")

    with tempfile.TemporaryDirectory(prefix="sok-dsl-hands-") as tmp:
        subprocess.run([demo_queue, tmp, PASSPHRASE, str(N_OLDER)], check=True)
        queue = "sqlite:" + os.path.join(tmp, "queue.db")
        key = os.path.join(tmp, "dsl.key")
        passphrase_file = os.path.join(tmp, "passphrase")
        with open(passphrase_file, "w") as f:
            f.write(PASSPHRASE)
        export_dir = os.path.join(tmp, "exports")
        os.mkdir(export_dir)
        env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(tmp, "config"))

        def show(report_id):
            out = subprocess.run([sokctl, "--data-dir", tmp, "--format", "json", "queue", "show",
                                  report_id, "--queue", queue, "--key", key,
                                  "--passphrase-file", passphrase_file, "--by", "test"],
                                 check=True, capture_output=True, text=True).stdout
            return json.loads(out)

        console = Console(console_binary, tmp, args=["--queue", queue, "--key", key], env=env)
        # The export chooser starts in the console's working directory: the DSL types
        # only a file name there (a typed folder would race the chooser's completion).
        console.cwd = export_dir
        with console as c:
            hands = ConsoleHands(c)
            c.find("Unlock the report queue", timeout=30)
            hands.focus()

            # -- unlock by typing ---------------------------------------------------
            # Alt+Y is the name's mnemonic; what is there (the account's name) is
            # selected and typed over.
            hands.key("alt+y", "ctrl+a")
            hands.type(NAME)
            got = arrived(c, "Your name", NAME)
            tap.ok(got == NAME, "the name typed on the keyboard arrives exactly (%r)" % got)
            hands.key("Tab")
            hands.type(PASSPHRASE)
            hands.key("Return")
            unlocked = c.find_prefix("Urgent, new: ", role="list item", timeout=30)
            tap.ok(unlocked is not None,
                   "the passphrase typed on the keyboard, then Return, unlocks the console")
            if unlocked is None:
                c.dump()
                tap.done()

            # -- the queue: arrows, the wheel, Enter -----------------------------------
            first = wait_until(lambda: focused(c), what="the keyboard on the list")
            tap.ok(first.name.startswith("Urgent, new: "),
                   "unlocked, the keyboard is on the first report, the urgent one (%r)"
                   % first.name)
            tap.ok(first.description == "Not read yet. From kiosk kiosk-hall.",
                   "a screen reader hears the rest of what the row shows (%r)"
                   % first.description)
            hands.key("Down")
            second = wait_until(lambda: (focused(c) if focused(c) is not None and
                                         focused(c).name != first.name else None),
                                what="Down moving to the next report")
            listed = rows(c)
            tap.ok(len(listed) >= 2 and second.name == listed[1].name,
                   "Down moves to the next report in the list (%r)" % second.name)
            hands.key("Down", "Down", "Up")
            tap.ok(wait_until(lambda: focused(c) is not None and
                              focused(c).getIndexInParent() == 2,
                              what="Down, Down, Up landing on the third report"),
                   "Down, Down, Up land on the third report")
            hands.key("Home")
            tap.ok(wait_until(lambda: focused_name(c) == first.name, what="Home"),
                   "Home goes back to the first report")

            # The pointer on the first row: the list itself is taller than its window.
            top = rows(c)[0]
            top_before = top.queryComponent().getExtents(pyatspi.WINDOW_COORDS)[1]
            hands.wheel_down(top, 5)
            try:
                wait_until(lambda: rows(c)[0].queryComponent().getExtents(
                    pyatspi.WINDOW_COORDS)[1] < top_before - 50, what="the list scrolling")
                scrolled = True
            except KioskError:
                scrolled = False
            tap.ok(scrolled, "the mouse wheel over the list scrolls it")

            hands.key("Return")
            opened = c.find_prefix("Urgent report, received", timeout=15)
            tap.ok(opened is not None, "Enter on the urgent report opens it")
            tap.ok(wait_until(lambda: focused_name(c) == "What happened",
                              what="the keyboard moving into the report"),
                   "the keyboard is on the report's first field, which says what happened")
            tap.ok(focused(c).description == "Someone I don't know talked to me",
                   "a screen reader hears the field's value too (%r)" % focused(c).description)
            report_id = "demo-urgent"
            tap.ok(show(report_id)["status"] == "open", "opening the report recorded it read")

            # -- record an action: Tab, Space, arrows, Enter, typing ---------------------
            tap.ok(tab_to(c, hands, "Action", 40), "Tab reaches the action to record")
            hands.key("space")
            # The list of actions opens on the one chosen; Down, Down, Enter: the third.
            wait_until(lambda: c.find_prefix("Referred to head teacher", timeout=0.1),
                       what="the list of actions opening")
            hands.key("Down", "Down", "Return")
            # The list closes and gives the keyboard back to the action row.
            wait_until(lambda: focused_name(c) == "Action", what="the list of actions closing")
            hands.key("Tab")
            got = arrived(c, "Recorded by", NAME)
            tap.ok(got == NAME, "the name typed at unlocking is who records (%r)" % got)
            # A deputy records this one: the name is typed over.
            hands.key("ctrl+a")
            hands.type(DEPUTY)
            got = arrived(c, "Recorded by", DEPUTY)
            tap.ok(got == DEPUTY, "the deputy's name typed arrives exactly (%r)" % got)
            hands.key("Tab")
            hands.type(NOTE)
            hands.key("Tab")
            hands.type(REASON)
            got = (arrived(c, "Note", NOTE), arrived(c, "Reason (if any)", REASON))
            tap.ok(got == (NOTE, REASON),
                   "the note and the reason typed arrive exactly (%r, %r)" % got)
            hands.key("Tab")
            tap.ok(wait_until(lambda: focused_name(c) == "Record action",
                              what="Tab reaching Record action"),
                   "Tab reaches Record action")
            hands.key("space")
            case = wait_until(lambda: (lambda d: d if d["actions"] else None)(show(report_id)),
                              what="the action being recorded")
            action = case["actions"][-1]
            tap.ok(action["action"] == "referred-head-teacher",
                   "Space records the action chosen with the arrow keys (%r)" % action["action"])
            tap.ok(action["by"] == DEPUTY and action["note"] == NOTE and
                   action["reason"] == REASON,
                   "the queue holds exactly what was typed: %r" % action)

            # -- close the case: Tab, Space, arrows, Enter in the closing note -------------
            tap.ok(tab_to(c, hands, "Outcome", 10), "Tab reaches the outcome")
            hands.key("space")
            wait_until(lambda: c.find_prefix("Resolved in school", timeout=0.1),
                       what="the list of outcomes opening")
            hands.key("Down", "Return")
            wait_until(lambda: focused_name(c) == "Outcome", what="the list of outcomes closing")
            hands.key("Tab")
            hands.type(CLOSING_NOTE)
            got = arrived(c, "Closing note", CLOSING_NOTE)
            tap.ok(got == CLOSING_NOTE, "the closing note typed arrives exactly (%r)" % got)
            hands.key("Return")
            case = wait_until(lambda: (lambda d: d if d["status"] == "closed" else None)(
                show(report_id)), what="the case closing")
            tap.ok(case["outcome"] == "resolved-in-school",
                   "Enter in the closing note closes the case with the outcome chosen (%r)"
                   % case["outcome"])
            # The closing note is kept in the audit trail, which the report shows.
            closed = wait_until(lambda: c.query("Closed", role="list item"),
                                what="the closing in the audit trail")
            tap.ok(closed[0].description.endswith("\nNote: " + CLOSING_NOTE),
                   "the closing note is recorded exactly (%r)" % closed[0].description)

            # -- reopen: the keyboard is on the form that replaced the closing one ------------
            wait_until(lambda: c.has("Why it is reopened", role="text"),
                       what="the reopening form")
            hands.type(REOPEN_REASON)
            got = arrived(c, "Why it is reopened", REOPEN_REASON)
            tap.ok(got == REOPEN_REASON,
                   "after closing, the keyboard is on the reason to reopen, and it arrives "
                   "exactly (%r)" % got)
            hands.key("Return")
            case = wait_until(lambda: (lambda d: d if d["status"] == "open" else None)(
                show(report_id)), what="the case reopening")
            reopened = wait_until(lambda: c.query("Reopened", role="list item"),
                                  what="the reopening in the audit trail")
            tap.ok(reopened[0].description.endswith("\nReason: " + REOPEN_REASON),
                   "Enter in the reason reopens the case, the reason recorded exactly (%r)"
                   % reopened[0].description)

            # -- export under a typed file name: Ctrl+E, then the chooser ---------------------
            hands.key("ctrl+e")
            chooser = hands.dialog()
            # The chooser proposes a name (the report's id only) once it is ready; keys
            # pressed before that would be lost under it.
            wait_until(lambda: text_starting(c, "report-"), what="the chooser proposing a name")
            path = os.path.join(export_dir, EXPORT_NAME)
            hands.key_in(chooser, "ctrl+a")
            hands.type_in(chooser, EXPORT_NAME)
            try:
                typed = c.text_of(wait_until(lambda: text_starting(c, EXPORT_NAME),
                                             what="the typed file name"))
            except KioskError:
                typed = None
            tap.ok(typed == EXPORT_NAME, "the file name typed arrives exactly (%r)" % typed)
            hands.key_in(chooser, "Return")
            try:
                wait_until(lambda: os.path.exists(path) and os.path.getsize(path) > 4,
                           what="the export being written")
            except KioskError:
                pass
            written = sorted(os.listdir(export_dir))
            tap.ok(written == [EXPORT_NAME],
                   "the report is exported under exactly the typed name (%r)" % written)
            if os.path.exists(path):
                with open(path, "rb") as f:
                    tap.ok(f.read(4) == b"%PDF", "Ctrl+E exported a PDF")
            else:
                tap.ok(False, "Ctrl+E exported a PDF")

            # -- shortcuts, filters, governors ---------------------------------------------
            hands.key("ctrl+question")
            shortcuts = wait_until(lambda: c.has("Lock the console"),
                                   what="the shortcuts window opening")
            tap.ok(shortcuts, "Ctrl+? opens the keyboard shortcuts")
            hands.key_in(hands.dialog(), "Escape")
            tap.ok(wait_until(lambda: not c.has("Lock the console"),
                              what="the shortcuts window closing"),
                   "Escape closes them")

            new_filter = c.find("New", role="push button")
            was = is_checked(new_filter)
            hands.key("ctrl+1")
            tap.ok(wait_until(lambda: is_checked(new_filter) != was, what="Ctrl+1"),
                   "Ctrl+1 shows or hides the new reports")
            hands.key("ctrl+1")
            wait_until(lambda: is_checked(new_filter) == was, what="Ctrl+1 again")

            hands.key("ctrl+g")
            tap.ok(c.find("Term", role="combo box", timeout=15) is not None,
                   "Ctrl+G opens the governors' figures")
            hands.key("Escape")
            tap.ok(wait_until(lambda: focused(c) is not None and
                              focused(c).getRoleName() == "list item" and
                              focused(c).name.startswith(("Urgent", "New", "Open")),
                              what="Escape back to the list"),
                   "Escape goes back to the list")

            # -- lock and unlock again --------------------------------------------------------
            hands.key("ctrl+l")
            tap.ok(c.find("Unlock the report queue", timeout=15) is not None and
                   not c.has("Governors’ figures"), "Ctrl+L locks the console")
            hands.type(PASSPHRASE)
            hands.key("Return")
            tap.ok(c.find("Governors’ figures", timeout=30) is not None,
                   "after Ctrl+L, the passphrase typed at once and Return unlock again")
    tap.done()


if __name__ == "__main__":
    main()
