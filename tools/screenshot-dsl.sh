#!/usr/bin/env bash
# Screenshots of the DSL console for review, on a demo queue of made-up reports:
#
#   tools/screenshot-dsl.sh OUTDIR
#
# Renders the console (locked, the queue, an urgent report, its actions, the
# governors' figures, locked again) to PNGs in OUTDIR, on a private virtual screen
# with a private D-Bus session. The build directory is $SOK_BUILD_DIR, or build/.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${SOK_BUILD_DIR:-$top/build}

[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 1; }
program=$build/tests/dsl-screenshots
if [ ! -x "$program" ]; then
  echo "screenshot-dsl: $program is not built; run: ninja -C $build" >&2
  exit 1
fi

# The console remembers the key and name it was last unlocked with: not in the
# developer's own settings.
config=$(mktemp -d)
trap 'rm -rf "$config"' EXIT
XDG_CONFIG_HOME=$config SOK_SHIPPED_DIR=$top/data GSK_RENDERER=cairo GDK_BACKEND=x11 GSETTINGS_BACKEND=memory \
  dbus-run-session -- xvfb-run -a -s "-screen 0 1400x1000x24 -nolisten tcp" "$program" "$1"
