# Copyright 2026 The Safe Online Kiosk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The locked kiosk as a school runs it, seen from the X server.

The tests of the lock-down run the kiosk as the systemd unit does (sokatspi.Kiosk
with windowed=False: fullscreen, closing refused, the keyboard's shortcuts held),
under a real window manager (Openbox), so that what a window manager does with
Alt+F4, Alt+Tab or a fullscreen request really happens, and drive it with
sokatspi.Hands. They look at the screen the way other X clients do:

    with WindowManager(), Kiosk(binary, data_dir, windowed=False) as k:
        x = Screen()
        x.windows_of(k.process.pid)      # the kiosk's windows a person can see
        x.keyboard_taken()               # does something hold the keyboard?
        x.ask_to_close(window)           # what a window manager's close button sends
"""

import shutil
import subprocess
import time

import pyatspi
from Xlib import X, Xatom, display
from Xlib.protocol import event


__all__ = ["Screen", "WindowManager", "atspi_windows", "lock_env_missing", "xdotool"]


def lock_env_missing():
    """What these tests need that this machine lacks, or None."""
    for program, package in (("xdotool", "xdotool"), ("openbox", "openbox")):
        if shutil.which(program) is None:
            return "%s is not installed (tools/install-deps installs %s)" % (program, package)
    return None


def xdotool(*args, check=True):
    return subprocess.run(["xdotool"] + [str(a) for a in args], check=check,
                          capture_output=True, text=True).stdout


class WindowManager:
    """Openbox on the test's own X server, with its default keys (Alt+F4 closes,
    Alt+Tab switches) and EWMH fullscreen."""

    def __init__(self):
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(["openbox", "--sm-disable"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        dpy = display.Display()
        supporting = dpy.intern_atom("_NET_SUPPORTING_WM_CHECK")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if dpy.screen().root.get_full_property(supporting, Xatom.WINDOW) is not None:
                dpy.close()
                return self
            time.sleep(0.1)
        dpy.close()
        raise RuntimeError("the window manager did not start")

    def __exit__(self, *exc):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        return False


class Screen:
    """The X server as another client sees it."""

    def __init__(self):
        self.dpy = display.Display()
        self.root = self.dpy.screen().root

    def close(self):
        self.dpy.close()

    def windows_of(self, pid):
        """The windows of process pid that are mapped, as (id, title) pairs."""
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(pid)],
                               capture_output=True, text=True)
        windows = []
        for wid in found.stdout.split():
            window = self.dpy.create_resource_object("window", int(wid))
            try:
                attributes = window.get_attributes()
                if attributes.map_state != X.IsViewable:
                    continue
                geometry = window.get_geometry()
                # GDK's client leader and other helpers are 1x1 and never shown.
                if geometry.width <= 1 and geometry.height <= 1:
                    continue
                title = window.get_wm_name() or ""
            except Exception:
                continue
            windows.append((int(wid), title))
        return windows

    def describe(self, pid):
        return ", ".join("0x%x %r" % w for w in self.windows_of(pid)) or "none"

    def wm_state(self, wid):
        """The window's _NET_WM_STATE, as names (_NET_WM_STATE_FULLSCREEN, ...)."""
        window = self.dpy.create_resource_object("window", wid)
        prop = window.get_full_property(self.dpy.intern_atom("_NET_WM_STATE"), Xatom.ATOM)
        return [self.dpy.get_atom_name(a) for a in prop.value] if prop else []

    def geometry(self, wid):
        """(x, y, width, height) of the window on the screen."""
        window = self.dpy.create_resource_object("window", wid)
        g = window.get_geometry()
        origin = window.translate_coords(self.root, 0, 0)
        return -origin.x, -origin.y, g.width, g.height

    def screen_size(self):
        s = self.dpy.screen()
        return s.width_in_pixels, s.height_in_pixels

    def keyboard_taken(self):
        """True when another client holds the keyboard, as the kiosk does while it
        inhibits the desktop's shortcuts."""
        status = self.root.grab_keyboard(True, X.GrabModeAsync, X.GrabModeAsync,
                                         X.CurrentTime)
        if status == X.GrabSuccess:
            self.dpy.ungrab_keyboard(X.CurrentTime)
            self.dpy.sync()
            return False
        return True

    def ask_to_close(self, wid):
        """What a window manager's close button or Alt+F4 sends: WM_DELETE_WINDOW."""
        window = self.dpy.create_resource_object("window", wid)
        protocols = self.dpy.intern_atom("WM_PROTOCOLS")
        message = event.ClientMessage(
            window=window, client_type=protocols,
            data=(32, [self.dpy.intern_atom("WM_DELETE_WINDOW"), X.CurrentTime, 0, 0, 0]))
        window.send_event(message, event_mask=0)
        self.dpy.sync()


def atspi_windows(kiosk):
    """The kiosk's windows that assistive technology is told are showing."""
    windows = []
    for i in range(kiosk.app.childCount):
        try:
            window = kiosk.app.getChildAtIndex(i)
            states = window.getState()
        except Exception:
            continue
        if states.contains(pyatspi.STATE_SHOWING) or states.contains(pyatspi.STATE_VISIBLE):
            windows.append(window)
    return windows
