# Copyright 2026 The Safe Online Kiosk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The real DSL console for tests, found on the accessibility bus like the kiosk
(sokatspi.Kiosk), with what the console's tests share: its start (never fullscreen,
so no --windowed) and finding by the start of a name (the list's half-days and the
passphrase's wait change).
"""

import os
import subprocess
import time

from sokatspi import Kiosk, KioskError

__all__ = ["Console"]


class Console(Kiosk):
    """The console is started like the kiosk, but is never fullscreen: it takes no
    --windowed. With cwd, it runs there (its file choosers start there)."""

    cwd = None

    def start(self):
        self.process = subprocess.Popen([os.path.abspath(self.binary), "--data-dir",
                                         self.data_dir] + self.args,
                                        env=self.env, cwd=self.cwd)
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise KioskError("the console exited with status %d before it showed a window"
                                 % self.process.returncode)
            self.app = self._find_app()
            if self.app is not None and self._first_window() is not None:
                return
            time.sleep(0.2)
        raise KioskError("the console did not appear on the accessibility bus within %d s"
                         % self.start_timeout)

    def find_prefix(self, prefix, role=None, timeout=10):
        """The first showing accessible whose name starts with prefix, or None."""
        deadline = time.monotonic() + timeout
        while True:
            for acc in self.showing():
                try:
                    if acc.name.startswith(prefix) and (role is None or
                                                        acc.getRoleName() == role):
                        return acc
                except Exception:
                    continue
            if time.monotonic() > deadline:
                return None
            time.sleep(0.2)
