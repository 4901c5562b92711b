#!/usr/bin/env bash
# The performance suite: builds the release CLI and runs every benchmark the issues
# promised, then prints one JSON object with all the figures (the benchmarks' own
# human-readable lines go to stderr). Numbers only; nothing passes or fails here.
#   open + dashboard on a 300-item, 400-file workbook
#   100k-row account import, with sqlite3 .import of the same CSV for comparison
#   1 GiB evidence attach against sha256sum, three alternating runs, medians
#   binder of the large reference workbook (time, pages, peak RSS), with typst for comparison
#   app start-up to the first painted home screen, cold and warm (release build, under Xvfb)
# BENCH_ATTACH_MIB=256 bash scripts/bench.sh   # a smaller attach for a quick run
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
venv="$root/target/bench-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import typst" 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q typst >&2
fi
cargo build -q --release -p readiness-core --bin readiness >&2
cli="$root/target/release/readiness"
export READINESS_PASSPHRASE="benchmark passphrase"
results=$(mktemp)
trap 'rm -f "$results"' EXIT
# Human-readable lines to stderr, the BENCH line to the results. (Not `tee /dev/stderr`:
# when stderr is a file, each tee reopens it from the start and overwrites the last one.)
run() {
  local out
  out=$("$@")
  printf '%s\n' "$out" >&2
  printf '%s\n' "$out" | grep '^BENCH ' | sed 's/^BENCH //' >>"$results"
}
run "$cli" bench-dashboard --items 300 --evidence 400
run "$cli" bench access-import
run "$cli" evidence bench-attach --size-mib "${BENCH_ATTACH_MIB:-1024}"
run "$cli" bench-binder --runs 3 --typst-python "$venv/bin/python"
# Start-up: the release app, driven by the e2e harness (Xvfb, WebDriver).
(cd ui && npx vite build --logLevel warn) >&2
cargo build -q --release -p readiness-workbook --bin readiness-workbook >&2
startup_shots=$(mktemp -d)
run env E2E_APP="$root/target/release/readiness-workbook" E2E_SCRIPT="$root/tests/e2e/startup-bench.mjs" \
  E2E_ARTIFACTS_DIR="$startup_shots" bash tests/e2e/run.sh
rm -rf "$startup_shots"
python3 - "$results" <<'PY'
import json, os, platform, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
out = {"machine": {"cpus": os.cpu_count(), "system": platform.platform()}}
for r in rows:
    out[r.pop("name")] = r
print(json.dumps(out, indent=2))
PY
