#!/usr/bin/env bash
# The package test: build the .deb (debug profile, reusing target/debug), install it the
# way a user would (apt-get, as root), and use what was installed:
#   - `readiness --version` and `readiness demo` from PATH;
#   - the .soc2wb MIME type (xdg-mime) and the desktop entry's association;
#   - lintian: no errors;
#   - the installed app under Xvfb through WebDriver, opening a workbook given on its
#     command line (screenshot in tests/package/artifacts/);
#   - removing and purging the package leaves the user's workbooks alone.
# Needs root for apt-get; without it the install steps are skipped with a message.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { echo "package test FAILED: $*" >&2; exit 1; }

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "package test skipped: installing a .deb needs root and apt-get" >&2
  exit 0
fi

bash scripts/package.sh --debug
deb=$(ls "$root"/target/package/readiness-workbook_*_amd64.deb)
rpm=$(ls "$root"/target/package/*.rpm)
(cd target/package && sha256sum --check --quiet SHA256SUMS) || fail "SHA256SUMS does not match the packages"
[ -s "$rpm" ] || fail "no .rpm was made"

work=$(mktemp -d /tmp/readiness-package.XXXXXX)
cleanup() {
  apt-get purge -y -qq readiness-workbook >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

say "lintian"
lintian --tag-display-limit 0 "$deb" >"$work/lintian.txt" 2>&1 || true
cat "$work/lintian.txt"
if grep -q '^E: ' "$work/lintian.txt"; then fail "lintian reports errors"; fi

say "Installing $(basename "$deb") with apt-get"
apt-get purge -y -qq readiness-workbook >/dev/null 2>&1 || true
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" >/dev/null
[ "$(command -v readiness)" = /usr/bin/readiness ] || fail "readiness is not on PATH from /usr/bin"
[ -x /usr/bin/readiness-workbook ] || fail "the app is not installed"

say "The installed CLI"
version=$(readiness --version)
echo "$version"
[[ "$version" =~ ^readiness\ [0-9]+\.[0-9]+\.[0-9]+\ \(commit\ [0-9a-f]{7,}\)$ ]] || fail "unexpected --version: $version"
for page in readiness readiness-people-add readiness-workbook; do
  [ -f "/usr/share/man/man1/$page.1.gz" ] || fail "no man page $page(1)"
done
mkdir -p "$work/clients"
READINESS_PASSPHRASE=demo-workbook readiness demo "$work/clients/Parcelwise.soc2wb" >/dev/null
READINESS_PASSPHRASE=demo-workbook readiness verify "$work/clients/Parcelwise.soc2wb" >/dev/null || fail "the demo made by the installed CLI does not verify"

say "File type and desktop entry"
desktop=$(grep -l '^Exec=readiness-workbook' /usr/share/applications/*.desktop | head -1)
[ -n "$desktop" ] || fail "no desktop entry runs readiness-workbook"
cat "$desktop"
grep -q '^MimeType=.*application/x-readiness-workbook' "$desktop" || fail "the desktop entry does not claim the workbook type"
grep -q '^Exec=readiness-workbook %f' "$desktop" || fail "the desktop entry does not pass the file to the app"
desktop-file-validate "$desktop" || fail "desktop-file-validate rejects the entry"
[ -f /usr/share/mime/packages/readiness-workbook.xml ] || fail "no shared-mime-info file"
grep -q 'application/x-readiness-workbook' /usr/share/mime/globs2 || fail "the MIME database was not updated on install"
# xdg-mime asks the desktop's own tool; with no desktop running, File::MimeInfo reads the
# same shared-mime-info database a desktop would.
mimetype=$(cd "$work/clients" && XDG_CURRENT_DESKTOP= xdg-mime query filetype Parcelwise.soc2wb)
echo "xdg-mime: Parcelwise.soc2wb is $mimetype"
[ "$mimetype" = application/x-readiness-workbook ] || fail "xdg-mime names $mimetype"
handler=$(xdg-mime query default application/x-readiness-workbook || true)
echo "default application: ${handler:-none}"
[ -z "$handler" ] || [ "$handler" = "$(basename "$desktop")" ] || fail "another application handles workbooks: $handler"

say "The installed app under Xvfb, opening a workbook from its command line"
mkdir -p tests/package/artifacts
E2E_APP=/usr/bin/readiness-workbook READINESS_BIN=/usr/bin/readiness \
E2E_ARTIFACTS_DIR="$root/tests/package/artifacts" PACKAGE_WORKBOOK="$work/clients/Parcelwise.soc2wb" \
E2E_DISPLAY_NUM="${PACKAGE_DISPLAY_NUM:-96}" E2E_DRIVER_PORT="${PACKAGE_DRIVER_PORT:-4455}" \
E2E_TESTS="$root/tests/package/installed.test.mjs" bash tests/e2e/run.sh

before=$(sha256sum "$work/clients/Parcelwise.soc2wb")
say "Removing and purging the package"
apt-get remove -y -qq readiness-workbook >/dev/null
[ ! -e /usr/bin/readiness ] || fail "readiness is still installed after remove"
# With no configuration files, remove already forgets the package: purge only what is left.
if dpkg-query -W readiness-workbook >/dev/null 2>&1; then apt-get purge -y -qq readiness-workbook >/dev/null; fi
[ "$(sha256sum "$work/clients/Parcelwise.soc2wb")" = "$before" ] || fail "the workbook changed or vanished on purge"
! grep -q 'application/x-readiness-workbook' /usr/share/mime/globs2 || fail "the MIME type outlived the package"
echo "package test passed: $(basename "$deb") ($(du -h "$deb" | cut -f1)), $(basename "$rpm") ($(du -h "$rpm" | cut -f1))"
