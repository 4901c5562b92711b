#!/usr/bin/env bash
# Runs the end-to-end tests against the real app window: Xvfb for a display, a private
# D-Bus session with GNOME Keyring for the OS keyring (test entries never touch a real
# user's keyring), tauri-driver + WebKitWebDriver for WebDriver. Expects a built app
# (target/debug/readiness-workbook) and CLI; scripts/test.sh builds both first.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

if [ -z "${E2E_INSIDE_DBUS:-}" ] && command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  exec env E2E_INSIDE_DBUS=1 dbus-run-session -- "$0" "$@"
fi

work=$(mktemp -d /tmp/readiness-e2e.XXXXXX)
# Overridable so the package test and the start-up benchmark reuse this set-up:
#   E2E_APP        the app binary (default: the debug build)
#   E2E_TESTS      the node:test files to run (default: tests/e2e/*.test.mjs)
#   E2E_SCRIPT     a plain node script to run instead of tests (benchmarks)
#   E2E_ARTIFACTS_DIR  where screenshots go (default: tests/e2e/artifacts, emptied first)
artifacts="${E2E_ARTIFACTS_DIR:-$root/tests/e2e/artifacts}"
rm -rf "$artifacts"; mkdir -p "$artifacts" "$work/config" "$work/data"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

keyring=memory
if [ -n "${E2E_INSIDE_DBUS:-}" ]; then
  # An unlocked, throwaway login keyring inside this private D-Bus session.
  export XDG_DATA_HOME="$work/xdg-data"
  mkdir -p "$XDG_DATA_HOME"
  if printf 'e2e-keyring' | gnome-keyring-daemon --unlock --components=secrets >"$work/gkr.env" 2>/dev/null; then
    keyring=os
  fi
fi

display=:${E2E_DISPLAY_NUM:-97}
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
export DISPLAY=$display
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done

port=${E2E_DRIVER_PORT:-4445}
native_port=$((port + 1))
export READINESS_CONFIG_DIR="$work/config" READINESS_DATA_DIR="$work/data"
export READINESS_KEYRING_SERVICE="Readiness Workbook e2e"
if [ "$keyring" = memory ]; then export READINESS_KEYRING=memory; fi
tauri_driver=$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")
"$tauri_driver" --port "$port" --native-port "$native_port" >"$work/driver.log" 2>&1 &
pids+=($!)

echo "e2e: display $display, keyring $keyring, artifacts in ${artifacts#"$root"/}" >&2
export E2E_APP="${E2E_APP:-$root/target/debug/readiness-workbook}"
export E2E_DRIVER="http://127.0.0.1:$port" E2E_WORK="$work" E2E_ARTIFACTS="$artifacts" E2E_KEYRING="$keyring"
export READINESS_BIN="${READINESS_BIN:-$root/target/debug/readiness}"
if [ -n "${E2E_SCRIPT:-}" ]; then
  node "$E2E_SCRIPT" || { status=$?; echo "--- tauri-driver log" >&2; tail -30 "$work/driver.log" >&2; exit $status; }
else
  # shellcheck disable=SC2086 # E2E_TESTS is a list of paths
  node --test --test-concurrency=1 ${E2E_TESTS:-"$root"/tests/e2e/*.test.mjs} || { status=$?; echo "--- tauri-driver log"; tail -30 "$work/driver.log"; exit $status; }
fi
