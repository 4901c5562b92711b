#!/usr/bin/env bash
# Quick start, command 2: install what is missing and run every test:
# UI type check + unit tests, Rust unit + integration tests (real SQLCipher
# files, the real CLI), then end-to-end tests in the real Tauri window
# (WebKitGTK) under Xvfb, driven through WebDriver.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
# Each step says when it started, so a slow run shows where its time went.
step() { printf '\n\033[1m==> %s\033[0m  (%dm%02ds in)\n' "$*" $((SECONDS / 60)) $((SECONDS % 60)); }

step "UI: build, type check, unit tests"
(cd ui && npx vite build --logLevel warn && npm run --silent check && npx vitest run)

step "Rust: formatting and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "Rust: unit and integration tests"
cargo test --workspace --quiet

# The cold build of the fuzz crate (nightly, sanitizers, all of readiness-core) is
# long on a small machine, so the test run builds it unoptimised (--dev: a fraction of
# the optimised build's time, with overflow checks on) and fuzzes the four parsers only,
# 10 s each; scripts/fuzz.sh alone runs every target optimised (README, "Hardening").
step "Fuzzing: a short run of the CSV parsers and the markdown renderer"
FUZZ_BUILD=--dev FUZZ_SECONDS=10 FUZZ_TARGETS="roster_csv vendor_csv risk_csv markdown_render" bash scripts/fuzz.sh

cargo build --quiet --workspace --bins
step "Interoperability: the workbook opens in standard SQLCipher 4 (Python sqlcipher3)"
bash tests/interop/run.sh

step "End-to-end: the real app window under Xvfb"
bash tests/e2e/run.sh

# Last: it installs the .deb system-wide (as root) and removes it again at the end.
step "Package: build the .deb, install it, use it, remove it"
bash tests/package/run.sh
printf '\n\033[1mEvery test passed in %dm%02ds.\033[0m\n' $((SECONDS / 60)) $((SECONDS % 60))
