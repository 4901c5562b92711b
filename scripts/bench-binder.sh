#!/usr/bin/env bash
# Times the evidence binder of the large reference workbook (release build, three runs,
# export in a child process so peak memory is its own) and typst (from PyPI, in a venv
# under target/) on a document built from the same content. Prints numbers only.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
venv="$root/target/bench-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import typst" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q typst
fi
cargo build -q --release -p readiness-core --bin readiness
target/release/readiness bench-binder --runs 3 --typst-python "$venv/bin/python"
