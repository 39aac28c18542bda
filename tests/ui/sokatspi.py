# Copyright 2026 The Safe Online Kiosk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Drive the real kiosk the way a screen reader does: through AT-SPI, by name.

    from sokatspi import Kiosk, Tap

    tap = Tap()
    with Kiosk(binary, data_dir) as k:
        k.click("Make my promise")
        tap.ok(k.find("Class 1", role="button") is not None, "class tile found")
    tap.done()

Only what is on screen counts: a button on a page the stack is not showing
cannot be found, as a child could not tap it (SokWindow marks pages off screen
hidden, so assistive technology is not offered them). The kiosk runs with the
environment of the test (a private D-Bus session and X server, see
tests/meson.build); the harness never touches the developer's own session.
"""

import os
import subprocess
import sys
import time

import pyatspi

__all__ = ["Kiosk", "Tap", "KioskError"]


class KioskError(Exception):
    pass


class Tap:
    """A small TAP writer: one line per check, a plan at the end."""

    def __init__(self):
        self.count = 0
        self.failed = 0

    def ok(self, condition, description):
        self.count += 1
        if not condition:
            self.failed += 1
        print("%s %d - %s" % ("ok" if condition else "not ok", self.count, description),
              flush=True)
        return condition

    def skip_all(self, reason):
        print("1..0 # SKIP %s" % reason, flush=True)
        sys.exit(0)

    def diag(self, text):
        for line in str(text).splitlines():
            print("# " + line, flush=True)

    def done(self):
        print("1..%d" % self.count, flush=True)
        sys.exit(1 if self.failed else 0)


def _role_name(acc):
    try:
        return acc.getRoleName()
    except Exception:
        return ""


def _showing(acc):
    """GTK 4.8 sets "showing" on windows only; what it presents at all is what is
    visible and not hidden (the kiosk hides the pages its stack is not showing)."""
    try:
        states = acc.getState()
        return states.contains(pyatspi.STATE_SHOWING) or states.contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


class Kiosk:
    """The kiosk as a child of this process, found on the accessibility bus."""

    def __init__(self, binary, data_dir, args=(), env=None, start_timeout=30):
        self.binary = binary
        self.data_dir = data_dir
        self.args = list(args)
        self.env = dict(os.environ if env is None else env)
        self.env.pop("GTK_A11Y", None)
        self.env.setdefault("GSK_RENDERER", "cairo")
        self.env.setdefault("GDK_BACKEND", "x11")
        self.env.setdefault("GSETTINGS_BACKEND", "memory")
        self.start_timeout = start_timeout
        self.process = None
        self.app = None

    # -- life ---------------------------------------------------------------------

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "--windowed", "--data-dir", self.data_dir] + self.args,
            env=self.env)
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise KioskError("the kiosk exited with status %d before it showed a window"
                                 % self.process.returncode)
            self.app = self._find_app()
            if self.app is not None and self._first_window() is not None:
                return
            time.sleep(0.2)
        raise KioskError("the kiosk did not appear on the accessibility bus within %d s"
                         % self.start_timeout)

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        self.app = None

    def _find_app(self):
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            try:
                app = desktop.getChildAtIndex(i)
                if app is not None and app.get_process_id() == self.process.pid:
                    return app
            except Exception:
                continue
        return None

    def _first_window(self):
        try:
            for i in range(self.app.childCount):
                child = self.app.getChildAtIndex(i)
                if child is not None and _showing(child):
                    return child
        except Exception:
            return None
        return None

    # -- looking --------------------------------------------------------------------

    def _walk(self, acc, depth=0):
        """Every showing accessible under acc, depth first."""
        if acc is None or depth > 64:
            return
        yield acc
        try:
            n = acc.childCount
        except Exception:
            return
        for i in range(n):
            try:
                child = acc.getChildAtIndex(i)
            except Exception:
                continue
            if child is not None and _showing(child):
                yield from self._walk(child, depth + 1)

    def showing(self):
        if self.app is None:
            raise KioskError("the kiosk is not running")
        for i in range(self.app.childCount):
            window = self.app.getChildAtIndex(i)
            if window is not None and _showing(window):
                yield from self._walk(window)

    def query(self, name, role=None):
        """The showing accessibles named exactly name (and of role, if given)."""
        found = []
        for acc in self.showing():
            try:
                if acc.name != name:
                    continue
            except Exception:
                continue
            if role is not None and _role_name(acc) != role:
                continue
            found.append(acc)
        return found

    def find(self, name, role=None, timeout=10):
        deadline = time.monotonic() + timeout
        while True:
            self._check_alive()
            found = self.query(name, role)
            if found:
                return found[0]
            if time.monotonic() >= deadline:
                raise KioskError("nothing showing is named %r%s; showing:\n%s"
                                 % (name, "" if role is None else " (role %s)" % role,
                                    self.dump(print_it=False)))
            time.sleep(0.1)

    def has(self, name, role=None):
        return bool(self.query(name, role))

    def wait_gone(self, name, role=None, timeout=10):
        deadline = time.monotonic() + timeout
        while self.query(name, role):
            self._check_alive()
            if time.monotonic() >= deadline:
                raise KioskError("%r is still showing after %d s" % (name, timeout))
            time.sleep(0.1)

    def dump(self, print_it=True):
        lines = []
        if self.app is not None:
            for i in range(self.app.childCount):
                window = self.app.getChildAtIndex(i)
                if window is not None and _showing(window):
                    self._dump(window, 0, lines)
        text = "\n".join(lines)
        if print_it:
            for line in lines:
                print("# " + line, flush=True)
        return text

    def _dump(self, acc, depth, lines):
        try:
            lines.append("%s%s %r" % ("  " * depth, _role_name(acc), acc.name))
            for i in range(acc.childCount):
                child = acc.getChildAtIndex(i)
                if child is not None and _showing(child):
                    self._dump(child, depth + 1, lines)
        except Exception:
            pass

    # -- acting ---------------------------------------------------------------------

    def click(self, name, role=None, timeout=10):
        """Find name and do its default action, as a switch or screen reader user would."""
        acc = self.find(name, role, timeout)
        try:
            action = acc.queryAction()
        except NotImplementedError:
            raise KioskError("%r (%s) cannot be activated" % (name, _role_name(acc)))
        if action.nActions < 1:
            raise KioskError("%r (%s) offers no action" % (name, _role_name(acc)))
        action.doAction(0)
        return acc

    def set_text(self, name, text, role=None, timeout=10):
        acc = self.find(name, role, timeout)
        try:
            editable = acc.queryEditableText()
        except NotImplementedError:
            raise KioskError("%r (%s) is not editable text" % (name, _role_name(acc)))
        editable.setTextContents(text)
        return acc

    def text_of(self, acc):
        t = acc.queryText()
        return t.getText(0, t.characterCount)

    def _check_alive(self):
        if self.process is not None and self.process.poll() is not None:
            raise KioskError("the kiosk exited with status %d" % self.process.returncode)


def kiosk_env_ok():
    """Why AT-SPI tests cannot run here, or None when they can."""
    if "DISPLAY" not in os.environ:
        return "no X display (run under xvfb-run)"
    if "DBUS_SESSION_BUS_ADDRESS" not in os.environ:
        return "no D-Bus session (run under dbus-run-session)"
    return None
