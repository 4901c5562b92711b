#!/usr/bin/env bash
# Opens a workbook with the Python sqlcipher3 binding (from PyPI, in a private venv
# under target/) to prove the file is standard SQLCipher 4.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv="$root/target/interop-venv"
if ! "$venv/bin/python" -c "import sqlcipher3" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check sqlcipher3-binary
fi
cd "$root"
READINESS_BIN="$root/target/debug/readiness" "$venv/bin/python" tests/interop/sqlcipher3_open.py
