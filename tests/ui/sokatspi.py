# Copyright 2026 The Safe Online Kiosk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Drive the real kiosk the way a screen reader does: through AT-SPI, by name.

    from sokatspi import Kiosk, Tap

    tap = Tap()
    with Kiosk(binary, data_dir) as k:
        k.click("Make my promise")
        tap.ok(k.find("Class 1", role="button") is not None, "class tile found")
    tap.done()

Hands (below) does the same with real input: the X server's own pointer and
keyboard, aimed at what AT-SPI says is on screen, for tests of what a child's
finger or a teacher's keyboard can do (the Kiosk's click() and set_text() are
the screen reader's way in, and prove nothing about real input).

Only what is on screen counts: a button on a page the stack is not showing
cannot be found, as a child could not tap it (SokWindow marks pages off screen
hidden, so assistive technology is not offered them). The kiosk runs with the
environment of the test (a private D-Bus session and X server, see
tests/meson.build); the harness never touches the developer's own session.
"""

import os
import shutil
import subprocess
import sys
import time

import pyatspi

__all__ = ["Kiosk", "Tap", "KioskError", "Hands", "wait_until"]


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
        first, _, rest = str(description).partition("\n")
        print("%s %d - %s" % ("ok" if condition else "not ok", self.count, first), flush=True)
        if rest:
            self.diag(rest)
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

    def __init__(self, binary, data_dir, args=(), env=None, start_timeout=30, windowed=True):
        self.binary = binary
        self.windowed = windowed
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
            [self.binary] + (["--windowed"] if self.windowed else [])
            + ["--data-dir", self.data_dir] + self.args,
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

    def within(self, container, role=None):
        """The showing accessibles under container (an accessible), by name: one
        walk of the tree instead of one per name, for a keyboard's keys."""
        found = {}
        for acc in self._walk(container):
            try:
                if acc.name and (role is None or _role_name(acc) == role):
                    found.setdefault(acc.name, acc)
            except Exception:
                continue
        return found

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


def wait_until(condition, timeout=10, what="the condition"):
    """Polls condition() until it is true (and returns its value), or raises
    KioskError after timeout seconds: tests wait for states, never for a time."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise KioskError("%s did not happen within %s s" % (what, timeout))
        time.sleep(0.03)


class Hands:
    """Real hands on a program found through AT-SPI: the X server's own pointer and
    keyboard (XTest events, sent with xdotool), aimed at the on-screen positions
    AT-SPI reports, so that what is tested is what a finger or a keyboard does.

        hands = Hands(k)                    # k: a running Kiosk (or subclass)
        hands.click("Tell a grown-up")      # the pointer taps the button's centre
        hands.extents("Send")               # (x, y, width, height) on the X screen
        hands.click("l", role="push button", count=2)   # a quick double tap
        hands.quick_taps([hands.point("Sad"), hands.point("Scared")])
        hands.drag_across("Sign here", [(0.2, 0.5), (0.5, 0.3), (0.8, 0.6)])
        hands.hold(hands.corner("top-right", 40), 3.5)
        hands.type("402917"); hands.key("Return")

    Targets are an accessible name (found with the program's find(), so only what is
    showing counts) or an accessible already found. GTK 4.8 reports extents relative
    to the window whatever coordinates are asked for, so the window's origin on the
    X screen (xdotool getwindowgeometry, less the frame GTK draws itself, see
    geometry()) is added; there is no window manager, so key presses first give the
    window the focus (xdotool windowfocus --sync).
    Before aiming, extents() waits until the target has stopped moving, is
    sensitive and is not inside anything busy (the kiosk marks a page busy while it
    slides in and takes no press meanwhile, ui/common/sok-stack.c). A new tap lands
    10 px away from the pixel of the last one (see click()).
    Nothing here sleeps in the hope that something happened: callers wait for the
    result they expect (wait_until, Kiosk.find, wait_gone). hold() is the one
    sleep, as a long press is a length of time.
    """

    def __init__(self, app):
        if shutil.which("xdotool") is None:
            raise KioskError("xdotool is not installed (apt install xdotool)")
        self.app = app
        self._window = None

    # -- the window ---------------------------------------------------------------

    @staticmethod
    def _xdotool(*args, check=True):
        return subprocess.run(["xdotool"] + [str(a) for a in args], check=check,
                              capture_output=True, text=True).stdout

    def _geometry(self, window):
        values = {}
        out = self._xdotool("getwindowgeometry", "--shell", window, check=False)
        for line in out.splitlines():
            key, _, value = line.partition("=")
            if value.lstrip("-").isdigit():
                values[key] = int(value)
        if not {"X", "Y", "WIDTH", "HEIGHT"} <= values.keys():
            return None
        return values["X"], values["Y"], values["WIDTH"], values["HEIGHT"]

    def window(self, timeout=20):
        """The X id of the program's largest visible window (GTK also maps a 1x1
        leader window)."""
        def largest():
            found = self._xdotool("search", "--onlyvisible", "--pid",
                                  self.app.process.pid, check=False).split()
            sized = [(g[2] * g[3], w) for w in found
                     for g in [self._geometry(w)] if g is not None and g[2] > 1]
            return max(sized)[1] if sized else None
        if self._window is None or self._geometry(self._window) is None:
            self._window = wait_until(largest, timeout, "the program's window showing on X")
        return self._window

    def _frame_size(self):
        """The size AT-SPI reports for the program's largest showing window."""
        sizes = []
        try:
            for i in range(self.app.app.childCount):
                window = self.app.app.getChildAtIndex(i)
                if window is not None and _showing(window):
                    extents = self._extents(window)
                    if extents is not None:
                        sizes.append((extents[2] * extents[3], extents[2], extents[3]))
        except Exception:
            return None
        return max(sizes)[1:] if sizes else None

    def geometry(self):
        """(x, y, width, height) on the X screen of the window as GTK lays it out;
        read each time, as a window may move or become fullscreen. With no window
        manager GTK draws its own frame round the window (5 px a side under Xvfb):
        the X window is that much bigger than the GtkWindow AT-SPI measures from.
        The frame is taken as even on each side: half the difference between the
        X window's size and the one AT-SPI reports."""
        x, y, width, height = self._geometry(self.window())
        frame = self._frame_size()
        if frame is None:
            return x, y, width, height
        left = max(0, (width - frame[0]) // 2)
        top = max(0, (height - frame[1]) // 2)
        return x + left, y + top, width - 2 * left, height - 2 * top

    def focus(self):
        self._xdotool("windowfocus", "--sync", self.window())

    # -- where things are -----------------------------------------------------------

    def _accessible(self, target, role, timeout):
        if isinstance(target, str):
            return self.app.find(target, role=role, timeout=timeout)
        return target

    @staticmethod
    def _extents(acc):
        try:
            return tuple(acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS))
        except Exception:
            return None

    @staticmethod
    def _busy(acc):
        """Whether acc or anything around it says it is busy: the kiosk marks a page
        busy while it slides in, and takes no taps on it until it has arrived
        (ui/common/sok-stack.c)."""
        for _ in range(64):
            if acc is None:
                return False
            try:
                if acc.getState().contains(pyatspi.STATE_BUSY):
                    return True
                if _role_name(acc) == "application":
                    return False
                acc = acc.parent
            except Exception:
                return True
        return False

    def extents(self, target, role=None, timeout=10):
        """The target's (x, y, width, height) on the X screen, once its layout has
        settled (the same twice running), it is sensitive, and neither it nor what
        holds it is busy (a page sliding in)."""
        acc = self._accessible(target, role, timeout)
        last = [None]

        def settled():
            now = self._extents(acc)
            try:
                usable = acc.getState().contains(pyatspi.STATE_SENSITIVE)
            except Exception:
                usable = False
            stable = now is not None and now == last[0] and now[2] > 0 and now[3] > 0
            last[0] = now
            return now if stable and usable and not self._busy(acc) else None

        x, y, width, height = wait_until(settled, timeout,
                                         "%r settling on screen, sensitive and not busy" % acc.name)
        wx, wy, ww, wh = self.geometry()
        if x < 0 or y < 0 or x + width > ww or y + height > wh:
            raise KioskError("%r lies outside its window (%d,%d %dx%d in %dx%d)"
                             % (acc.name, x, y, width, height, ww, wh))
        return wx + x, wy + y, width, height

    def point(self, target, fx=0.5, fy=0.5, role=None, timeout=10):
        """The screen point at fraction (fx, fy) of the target's box; the centre by
        default."""
        x, y, width, height = self.extents(target, role, timeout)
        return int(x + fx * width), int(y + fy * height)

    def _anything_busy(self):
        try:
            return any(acc.getState().contains(pyatspi.STATE_BUSY)
                       for acc in self.app.showing())
        except Exception:
            return True

    def corner(self, which="top-right", inset=40, timeout=10):
        """A point inset pixels inside a corner of the window, once nothing showing
        is busy: a page that has just arrived takes no press for a moment
        (ui/common/sok-stack.c), and a corner has no widget of its own to wait for."""
        wait_until(lambda: not self._anything_busy(), timeout, "every page to settle")
        x, y, width, height = self.geometry()
        right = "right" in which
        bottom = "bottom" in which
        return (x + width - inset if right else x + inset,
                y + height - inset if bottom else y + inset)

    # -- the pointer ------------------------------------------------------------------

    def pointer(self):
        """Where the pointer is on the X screen."""
        values = dict(item.partition(":")[::2]
                      for item in self._xdotool("getmouselocation").split())
        return int(values["x"]), int(values["y"])

    def move(self, point):
        """Moves the pointer to point and waits until the X server has it there.
        (xdotool's --sync waits for the pointer to move, so it would wait for ever
        when it is there already.)"""
        point = (int(point[0]), int(point[1]))
        if self.pointer() != point:
            self._xdotool("mousemove", "--sync", point[0], point[1])

    def click(self, target, role=None, count=1, gap_ms=80, timeout=10):
        """Taps the target's centre count times, gap_ms apart (count=2 is a quick
        double tap); returns the accessible."""
        acc = self._accessible(target, role, timeout)
        x, y, width, height = self.extents(acc, timeout=timeout)
        point = (x + width // 2, y + height // 2)
        # A new tap never lands on the very pixel of the last one: GTK 4.8 counts
        # presses at one spot within the double-click time as one multi-press and
        # now and then loses the next click (a plain GtkButton does it too), while
        # a finger always lands a little apart.
        here = self.pointer()
        if abs(here[0] - point[0]) <= 8 and abs(here[1] - point[1]) <= 8:
            if width >= 40:
                point = (point[0] + (10 if here[0] <= point[0] else -10), point[1])
            else:
                point = (point[0], point[1] + (10 if here[1] <= point[1] else -10))
        self.move(point)
        self._xdotool("click", "--repeat", count, "--delay", gap_ms, 1)
        return acc

    def click_at(self, point, count=1, gap_ms=80):
        self.move(point)
        self._xdotool("click", "--repeat", count, "--delay", gap_ms, 1)

    def quick_taps(self, points):
        """Taps each screen point in turn, all from one xdotool run: the X server
        queues them faster than any page can change, as a child's second tap
        arrives while the first one's page is still sliding in."""
        args = []
        for x, y in points:
            args += ["mousemove", int(x), int(y), "click", 1]
        self._xdotool(*args)

    def hold(self, point, seconds):
        """Presses the button at point, keeps it down for seconds, lets go: a long
        press is a length of time, so this is the one place that sleeps."""
        self.move(point)
        self._xdotool("mousedown", 1)
        try:
            time.sleep(seconds)
        finally:
            self._xdotool("mouseup", 1)

    def drag(self, points, steps=8):
        """Presses at the first screen point, moves through the others in steps
        small moves each, and lets go at the last: one stroke of a finger."""
        points = [(int(x), int(y)) for x, y in points]
        self.move(points[0])
        self._xdotool("mousedown", 1)
        try:
            for (x0, y0), (x1, y1) in zip(points, points[1:]):
                for i in range(1, steps + 1):
                    self.move((x0 + (x1 - x0) * i // steps, y0 + (y1 - y0) * i // steps))
        finally:
            self._xdotool("mouseup", 1)

    def drag_across(self, target, path, steps=8, role=None, timeout=10):
        """drag() along path, given as fractions (fx, fy) of the target's box."""
        x, y, width, height = self.extents(target, role, timeout)
        self.drag([(x + fx * width, y + fy * height) for fx, fy in path], steps)

    # -- the keyboard -----------------------------------------------------------------

    def key(self, *keys):
        """Presses and releases each X key name in turn (Return, BackSpace, ctrl+l)."""
        self.focus()
        self._xdotool("key", "--clearmodifiers", *keys)

    def type(self, text, delay_ms=40):
        """Types text on the keyboard, one key press per character."""
        self.focus()
        self._xdotool("type", "--clearmodifiers", "--delay", delay_ms, text)


def kiosk_env_ok():
    """Why AT-SPI tests cannot run here, or None when they can."""
    if "DISPLAY" not in os.environ:
        return "no X display (run under xvfb-run)"
    if "DBUS_SESSION_BUS_ADDRESS" not in os.environ:
        return "no D-Bus session (run under dbus-run-session)"
    return None
