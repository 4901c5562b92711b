#!/usr/bin/env bash
# Builds the Linux packages: target/package/readiness-workbook_<version>_amd64.deb and
# the .rpm, with SHA256SUMS beside them. Each installs the app (menu entry, icon, the
# .soc2wb file type), the `readiness` CLI on PATH, and man pages.
#
#   bash scripts/package.sh            release build (what users download)
#   bash scripts/package.sh --debug    reuse target/debug (fast; the package test uses it)
#
# The Tauri bundler comes from npm (@tauri-apps/cli, pinned in ui/package.json), so
# nothing is installed globally. It cannot make an AppImage here: its helper tools
# (linuxdeploy, appimagetool) are downloaded from GitHub, which this project's build
# machines cannot reach (README, "Install").
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
profile=release
for arg in "$@"; do
  case "$arg" in
    --debug) profile=debug ;;
    *) echo "usage: bash scripts/package.sh [--debug]" >&2; exit 2 ;;
  esac
done
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
tauri="$root/ui/node_modules/.bin/tauri"
target="${CARGO_TARGET_DIR:-$root/target}"
bin="$target/$profile"
out="$target/package"
stage="$out/stage"
rm -rf "$stage"
mkdir -p "$stage/man" "$out"
# Pinned so the binaries say exactly which commit they are, whatever cargo cached.
export READINESS_BUILD_COMMIT
READINESS_BUILD_COMMIT=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)

say "Building the UI"
(cd ui && npx vite build --logLevel warn)

# Both binaries in one workspace build: building one package alone (`-p`) unifies
# features differently and recompiles half the dependencies.
if [ "$profile" = release ]; then
  say "Building the release app and CLI (the first release build takes 20 minutes or more)"
  cargo build --release --quiet --workspace --bins --features tauri/custom-protocol
else
  say "Building the debug app and CLI"
  cargo build --quiet --workspace --bins
fi

# Packages ship stripped binaries (Debian policy; lintian calls anything else an error).
# Release builds are stripped by Cargo; a debug build's app is stripped in place, the
# CLI as a staged copy.
strip --strip-unneeded -o "$stage/readiness" "$bin/readiness"
if [ "$profile" = debug ]; then strip --strip-unneeded "$bin/readiness-workbook"; fi

say "Man pages and changelog"
cp src-tauri/packaging/linux/readiness-workbook.1 "$stage/man/"
# The CLI's pages come from its own command tree (clap_mangen), one per command, so they
# cannot fall behind the verbs: readiness(1), readiness-people-add(1)...
"$bin/readiness" man --out-dir "$stage/man" >/dev/null
for page in "$stage"/man/*.1; do gzip -9nf "$page"; done
gzip -9nc src-tauri/packaging/linux/changelog >"$stage/changelog.gz"

# What the static configuration cannot name: the CLI of this profile, the generated man
# pages, and the run-time libraries, read off the binaries the way Debian's own tools do.
say "Working out the run-time dependencies"
python3 - "$bin" "$stage" <<'PY'
import json, os, subprocess, sys, tempfile
bin_dir, stage = sys.argv[1], sys.argv[2]
binaries = [os.path.join(bin_dir, b) for b in ("readiness-workbook", "readiness")]
depends = []
if os.path.exists(binaries[0]):
    with tempfile.TemporaryDirectory() as tmp:
        os.mkdir(os.path.join(tmp, "debian"))
        open(os.path.join(tmp, "debian", "control"), "w").close()
        out = subprocess.run(
            ["dpkg-shlibdeps", "-O", "--ignore-missing-info"] + [f"-e{b}" for b in binaries if os.path.exists(b)],
            cwd=tmp, check=True, capture_output=True, text=True,
        ).stdout
    for line in out.splitlines():
        if line.startswith("shlibs:Depends="):
            depends = [d.strip() for d in line.split("=", 1)[1].split(",") if d.strip()]
# The bundler adds these two unversioned itself; listing them again would repeat them.
depends = [d for d in depends if d.split()[0] not in ("libwebkit2gtk-4.1-0", "libgtk-3-0")]
files = {"/usr/bin/readiness": os.path.join(stage, "readiness"),
         "/usr/share/doc/readiness-workbook/changelog.gz": os.path.join(stage, "changelog.gz")}
for page in sorted(os.listdir(os.path.join(stage, "man"))):
    files[f"/usr/share/man/man1/{page}"] = os.path.join(stage, "man", page)
static = json.load(open("tauri.conf.json"))["bundle"]["linux"]
config = {"bundle": {"linux": {
    "deb": {"depends": depends, "files": {**static["deb"]["files"], **files}},
    "rpm": {"files": {**static["rpm"]["files"], **files}},
}}}
json.dump(config, open(os.path.join(stage, "tauri.package.json"), "w"), indent=2)
print("Depends:", ", ".join(depends) or "(none found)")
PY

# The binaries are built above (with the feature `tauri build` would add), so the
# bundler only packs: `tauri bundle`, not `tauri build`, which would compile again.
say "Bundling .deb and .rpm from the $profile build"
debug_flag=()
if [ "$profile" = debug ]; then debug_flag=(--debug); fi
"$tauri" bundle --ci "${debug_flag[@]}" --bundles deb,rpm --config "$stage/tauri.package.json"

# The bundler names the files after the product ("Readiness Workbook_0.1.0_amd64.deb");
# give them the package's own name, without the space.
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
rm -f "$out"/*.deb "$out"/*.rpm "$out/SHA256SUMS"
cp "$bin/bundle/deb/Readiness Workbook_${version}_amd64.deb" "$out/readiness-workbook_${version}_amd64.deb"
cp "$bin/bundle/rpm/Readiness Workbook-${version}-1.x86_64.rpm" "$out/readiness-workbook-${version}-1.x86_64.rpm"
(cd "$out" && sha256sum -- *.deb *.rpm >SHA256SUMS)
say "Packages in ${out#"$root"/}:"
(cd "$out" && ls -l -- *.deb *.rpm && cat SHA256SUMS)
