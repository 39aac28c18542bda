#!/usr/bin/python3
# Copyright 2026 The Safe Online Kiosk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every catalogue in LINGUAS: msgfmt --check passes (placeholders, plural forms and
header), nothing in it is left untranslated or fuzzy, and its header says it awaits
review by a native speaker until one has reviewed it.

Usage: check-catalogues.py MSGFMT LOCALES-DIR
"""

import os
import re
import subprocess
import sys

REVIEW_LINE = re.compile(r"^# (AWAITING REVIEW BY A NATIVE SPEAKER|REVIEWED BY A NATIVE SPEAKER)")


def main():
    msgfmt, locales = sys.argv[1], sys.argv[2]
    with open(os.path.join(locales, "LINGUAS"), encoding="utf-8") as f:
        languages = [line.split("#")[0].strip() for line in f]
    languages = [lang for lang in languages if lang]

    print("1..%d" % (3 * len(languages) + 1))
    n = 0
    failed = False

    def ok(condition, description):
        nonlocal n, failed
        n += 1
        print("%s %d - %s" % ("ok" if condition else "not ok", n, description))
        failed = failed or not condition

    ok(len(languages) >= 3, "LINGUAS lists cy, pl and ur (%s)" % " ".join(languages))
    for lang in languages:
        po = os.path.join(locales, lang + ".po")
        check = subprocess.run([msgfmt, "--check", "--check-accelerators=_", "-o", os.devnull,
                                po], capture_output=True, text=True)
        for line in check.stderr.splitlines():
            print("# " + line)
        ok(check.returncode == 0, "%s.po passes msgfmt --check" % lang)

        stats = subprocess.run([msgfmt, "--statistics", "-o", os.devnull, po],
                               capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"))
        print("# %s: %s" % (lang, stats.stderr.strip()))
        ok(stats.returncode == 0 and "untranslated" not in stats.stderr and
           "fuzzy" not in stats.stderr,
           "%s.po has no untranslated or fuzzy messages" % lang)

        with open(po, encoding="utf-8") as f:
            head = [next(f, "") for _ in range(5)]
        ok(any(REVIEW_LINE.match(line) for line in head),
           "%s.po's header says whether a native speaker has reviewed it" % lang)

    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
