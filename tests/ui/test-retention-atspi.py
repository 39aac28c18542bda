#!/usr/bin/python3
# Copyright 2026 The Safe Online Kiosk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The real kiosk applies retention-years by itself: started on a school whose
database holds agreements from ten school years ago, it shows its home screen and
then, off the main thread, removes those (and the name of a pupil who has left with
nothing else kept), keeps this year's, and notes it in the staff log.

Usage: test-retention-atspi.py SAFE-ONLINE-KIOSK SOKCTL
"""

import datetime
import os
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sokatspi import Kiosk, Tap, kiosk_env_ok, wait_until  # noqa: E402

ROSTER = "Forename,Surname,Year,Reg Group\nOliver,Evans,Year 4,Badgers\nAmir,Khan,Year 4,Badgers\n"
ROSTER_AFTER = "Forename,Surname,Year,Reg Group\nOliver,Evans,Year 4,Badgers\n"


def school_year(today):
    return today.year if today.month >= 9 else today.year - 1


def main():
    kiosk_binary, sokctl = sys.argv[1], sys.argv[2]
    tap = Tap()
    why = kiosk_env_ok()
    if why:
        tap.skip_all(why)

    now = school_year(datetime.date.today())
    with tempfile.TemporaryDirectory(prefix="sok-retention-") as tmp:
        data_dir = os.path.join(tmp, "kiosk")
        subprocess.run([sokctl, "--data-dir", data_dir, "init", "--school", "Test School"],
                       check=True, stdout=subprocess.DEVNULL)
        for i, text in enumerate((ROSTER, ROSTER_AFTER)):
            path = os.path.join(tmp, "roster%d.csv" % i)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            if i == 0:
                subprocess.run([sokctl, "--data-dir", data_dir, "roster", "import", path],
                               check=True, stdout=subprocess.DEVNULL)
                db = sqlite3.connect(os.path.join(data_dir, "kiosk.db"))
                with db:
                    db.execute("INSERT INTO aup_versions (band, locale, sha256, content,"
                               " first_shown) VALUES ('junior', 'en_GB', ?, 'words', 0)",
                               ("ab" * 32,))
                    aup = db.execute("SELECT id FROM aup_versions").fetchone()[0]
                    ids = dict(db.execute("SELECT surname, id FROM pupils"))
                    for surname, year in (("Evans", now - 10), ("Evans", now),
                                          ("Khan", now - 10)):
                        db.execute("INSERT INTO agreements (pupil_id, aup_version_id,"
                                   " school_year, agreed_at, method, signature) VALUES"
                                   " (?, ?, ?, 0, 'signature', x'0102030405')",
                                   (ids[surname], aup, year))
                db.close()
            else:
                # Amir Khan leaves: his name stays only for his old agreement.
                subprocess.run([sokctl, "--data-dir", data_dir, "roster", "import", path],
                               check=True, stdout=subprocess.DEVNULL)

        db_path = os.path.join(data_dir, "kiosk.db")

        def query(sql, *args):
            db = sqlite3.connect(db_path, timeout=10)
            try:
                return db.execute(sql, args).fetchone()[0]
            finally:
                db.close()

        tap.ok(query("SELECT COUNT (*) FROM agreements WHERE school_year < ?", now - 7) == 2,
               "before: two agreements from ten school years ago")

        with Kiosk(kiosk_binary, data_dir) as k:
            tap.ok(k.find("Make my promise", timeout=20) is not None,
                   "the kiosk shows its home screen")
            gone = wait_until(lambda: query("SELECT COUNT (*) FROM agreements WHERE"
                                            " school_year < ?", now - 7) == 0,
                              timeout=30, what="the old agreements to go")
            tap.ok(gone, "the kiosk removed the agreements older than retention-years")
            tap.ok(query("SELECT COUNT (*) FROM agreements WHERE school_year = ?", now) == 1,
                   "this school year's agreement is kept")
            tap.ok(query("SELECT COUNT (*) FROM pupils WHERE surname = 'Khan'") == 0,
                   "the pupil who left, with nothing kept, is gone")
            tap.ok(query("SELECT COUNT (*) FROM pupils WHERE surname = 'Evans'") == 1,
                   "the pupil on the roster stays")
            detail = query("SELECT detail FROM staff_log WHERE action = 'retention-applied'")
            tap.ok(detail is not None and "removed 2 agreements" in detail
                   and "Khan" not in detail and "Amir" not in detail,
                   "the staff log says how many, naming nobody (%s)" % detail)
            tap.ok(k.process.poll() is None, "the kiosk is still running")
    tap.done()


if __name__ == "__main__":
    main()
