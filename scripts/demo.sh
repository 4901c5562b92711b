#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build, and open the app on
# the demo workbook (Parcelwise, Inc., a fictional parcel-tracking SaaS).
# The demo file lives in the app's data folder and is rebuilt only when
# missing, so your edits to it survive a second run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

printf '\033[1m==> %s\033[0m\n' "Building the UI"
(cd ui && npx vite build --logLevel warn)
printf '\033[1m==> %s\033[0m\n' "Building the app (the first build takes several minutes)"
cargo build --quiet --bin readiness-workbook

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: starting a virtual one (Xvfb :99). Set DISPLAY to use your own." >&2
  Xvfb :99 -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
  export DISPLAY=:99
  sleep 1
fi
printf '\033[1m==> %s\033[0m\n' "Opening Readiness Workbook on the demo workbook (passphrase: demo-workbook)"
exec target/debug/readiness-workbook --demo
