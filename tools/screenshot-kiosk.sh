#!/usr/bin/env bash
# Takes a screenshot of the kiosk as a child would see it.
#
#   tools/screenshot-kiosk.sh OUT.png [--data-dir DIR] [--fullscreen] [--wait SECONDS]
#                                     [--size WxH]
#
# Starts the kiosk (windowed unless --fullscreen) on a private virtual screen (Xvfb,
# 1280x800 unless --size) with a private D-Bus session, waits (3 s unless --wait),
# saves the whole screen as OUT.png and stops the kiosk. Without --data-dir it uses a
# demo school in a temporary directory, made with `sokctl init`. The build directory
# is $SOK_BUILD_DIR, or build/ in the source tree.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${SOK_BUILD_DIR:-$top/build}

usage () {
  echo "usage: $0 OUT.png [--data-dir DIR] [--fullscreen] [--wait SECONDS] [--size WxH]" >&2
  exit 1
}

[ $# -ge 1 ] || usage
out=$1
shift
data=
windowed=--windowed
wait_s=3
size=1280x800
while [ $# -gt 0 ]; do
  case $1 in
    --data-dir) [ $# -ge 2 ] || usage; data=$2; shift 2 ;;
    --fullscreen) windowed=; shift ;;
    --wait) [ $# -ge 2 ] || usage; wait_s=$2; shift 2 ;;
    --size) [ $# -ge 2 ] || usage; size=$2; shift 2 ;;
    *) usage ;;
  esac
done

kiosk=$build/ui/kiosk/safe-online-kiosk
sokctl=$build/ui/cli/sokctl
for program in "$kiosk" "$sokctl"; do
  if [ ! -x "$program" ]; then
    echo "screenshot-kiosk: $program is not built; run: ninja -C $build" >&2
    exit 1
  fi
done
for tool in Xvfb import dbus-run-session; do
  if ! command -v "$tool" >/dev/null; then
    echo "screenshot-kiosk: $tool is missing; run tools/install-deps as root" >&2
    exit 1
  fi
done

case $out in
  /*) ;;
  *) out=$PWD/$out ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ -z "$data" ]; then
  data=$tmp/school
fi
if [ ! -f "$data/kiosk.conf" ]; then
  "$sokctl" --data-dir "$data" init --school "Demo Primary School" >/dev/null
fi

# Everything below runs inside a private D-Bus session; the kiosk and Xvfb are
# started there and stopped by their process ids. The bus daemons' chatter goes to
# /dev/null; the script's own output goes to the caller's (fds 4 and 3).
exec 3>&2 4>&1
export SOK_SHOT_KIOSK=$kiosk SOK_SHOT_DATA=$data SOK_SHOT_WINDOWED=$windowed \
       SOK_SHOT_WAIT=$wait_s SOK_SHOT_SIZE=$size SOK_SHOT_OUT=$out SOK_SHOT_TMP=$tmp
exec dbus-run-session -- bash -euo pipefail -c '
  exec 1>&4 2>&3 3>&- 4>&-
  Xvfb -displayfd 1 -screen 0 "${SOK_SHOT_SIZE}x24" -nolisten tcp -noreset \
    > "$SOK_SHOT_TMP/display" 2> "$SOK_SHOT_TMP/xvfb.log" &
  xvfb=$!
  for _ in $(seq 100); do
    [ -s "$SOK_SHOT_TMP/display" ] && break
    sleep 0.05
  done
  if [ ! -s "$SOK_SHOT_TMP/display" ]; then
    echo "screenshot-kiosk: Xvfb did not start: $(cat "$SOK_SHOT_TMP/xvfb.log")" >&2
    kill $xvfb 2>/dev/null || true
    exit 1
  fi
  export DISPLAY=":$(head -n1 "$SOK_SHOT_TMP/display")"
  export GDK_BACKEND=x11 GSK_RENDERER=${GSK_RENDERER:-cairo} GSETTINGS_BACKEND=memory
  "$SOK_SHOT_KIOSK" --data-dir "$SOK_SHOT_DATA" $SOK_SHOT_WINDOWED \
    > "$SOK_SHOT_TMP/kiosk.log" 2>&1 &
  kiosk=$!
  sleep "$SOK_SHOT_WAIT"
  status=0
  if ! kill -0 $kiosk 2>/dev/null; then
    echo "screenshot-kiosk: the kiosk stopped early:" >&2
    cat "$SOK_SHOT_TMP/kiosk.log" >&2
    status=1
  elif import -window root "$SOK_SHOT_OUT"; then
    echo "screenshot-kiosk: saved $SOK_SHOT_OUT"
  else
    status=1
  fi
  kill $kiosk 2>/dev/null || true
  wait $kiosk 2>/dev/null || true
  kill $xvfb 2>/dev/null || true
  wait $xvfb 2>/dev/null || true
  exit $status
' >/dev/null 2>&1
