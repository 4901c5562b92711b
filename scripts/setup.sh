#!/usr/bin/env bash
# Installs what building and testing Readiness Workbook needs, and nothing
# twice: every step checks first, so a second run takes seconds.
# Used by scripts/demo.sh and scripts/test.sh; safe to run on its own.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Debian/Ubuntu packages: WebKitGTK and friends for Tauri, Xvfb and the
# WebKit WebDriver for end-to-end tests, poppler/qpdf to check PDFs,
# gnome-keyring + dbus so the OS keyring is real under test; dpkg-dev (dpkg-shlibdeps)
# to declare the .deb's dependencies, and lintian, desktop-file-utils, shared-mime-info,
# xdg-utils and File::MimeInfo to check the installed package.
APT_PACKAGES=(
  build-essential pkg-config curl file
  libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev
  libsoup-3.0-dev libssl-dev libdbus-1-dev libxdo-dev
  xvfb x11-utils xauth xdotool webkit2gtk-driver dbus dbus-x11 gnome-keyring
  poppler-utils qpdf imagemagick fonts-dejavu-core python3 python3-venv
  sqlite3
  dpkg-dev lintian desktop-file-utils shared-mime-info xdg-utils libfile-mimeinfo-perl
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  say "Installing system packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node.js: Vite 8 needs 20.19 or newer.
if ! command -v node >/dev/null; then
  echo "Node.js 20.19+ is required (https://nodejs.org or your package manager)." >&2
  exit 1
fi
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' || {
  echo "Node.js $(node --version) is too old: Vite 8 needs 20.19 or newer." >&2
  exit 1
}

# UI dependencies, reinstalled only when the lock file changed.
if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  say "Installing UI dependencies (npm ci)"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi

# Rust toolchain and the WebDriver bridge for the real Tauri window.
if ! command -v cargo >/dev/null; then
  echo "Rust (cargo) is required: https://rustup.rs" >&2
  exit 1
fi
export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v tauri-driver >/dev/null; then
  say "Installing tauri-driver"
  cargo install tauri-driver --version "^2" --locked --quiet
fi
