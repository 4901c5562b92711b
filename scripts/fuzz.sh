#!/usr/bin/env bash
# Fuzzes readiness-core with cargo-fuzz (libFuzzer + AddressSanitizer, nightly).
#
#   bash scripts/fuzz.sh                       # every target, 20 s each
#   FUZZ_SECONDS=600 bash scripts/fuzz.sh      # a long local run
#   FUZZ_TARGETS="roster_csv risk_csv" bash scripts/fuzz.sh
#   FUZZ_BUILD=--dev bash scripts/fuzz.sh      # unoptimised: builds in a fraction of the time
#
# Each target starts from the matching folder of the hostile-input corpus (tests/corpus)
# and keeps what it learns in fuzz/corpus/<target> (not committed). A crash stops the
# run with the input saved under fuzz/artifacts/<target>/; replay it with
#   cd fuzz && cargo +nightly fuzz run <target> artifacts/<target>/<file>
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

SECONDS_EACH="${FUZZ_SECONDS:-20}"
# -O (optimised) finds more per second; --dev builds much faster and adds overflow checks,
# which is what a short run in the test command wants.
BUILD="${FUZZ_BUILD:--O}"
ALL_TARGETS="roster_csv vendor_csv risk_csv markdown_render placeholder_fill workbook_open"
TARGETS="${FUZZ_TARGETS:-$ALL_TARGETS}"

if ! rustup toolchain list | grep -q '^nightly'; then
    echo "fuzz.sh: the nightly toolchain is needed (rustup toolchain install nightly)" >&2
    exit 1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "==> installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

seeds_for() {
    case "$1" in
        roster_csv) echo tests/corpus/roster ;;
        vendor_csv) echo tests/corpus/vendors ;;
        risk_csv) echo tests/corpus/risks ;;
        markdown_render | placeholder_fill) echo tests/corpus/policy ;;
        workbook_open) echo tests/corpus/workbook ;;
    esac
}

cd fuzz
# One build for all targets (AddressSanitizer), then each target in turn.
# The same flags for build and run, so the run reuses the build.
cargo +nightly fuzz build "$BUILD"
for t in $TARGETS; do
    mkdir -p "corpus/$t"
    echo "==> fuzzing $t for ${SECONDS_EACH}s (seeds: $(seeds_for "$t"))"
    # New inputs go to the first folder; the committed corpus is only read.
    # -max_len keeps the huge corpus files (MBs) from slowing every run; -rss_limit_mb
    # and -timeout turn memory blow-ups and hangs into failures too.
    log="target/fuzz-$t.log"
    mkdir -p target
    set +e
    cargo +nightly fuzz run "$BUILD" "$t" "corpus/$t" "../$(seeds_for "$t")" -- \
        -max_total_time="$SECONDS_EACH" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 >"$log" 2>&1
    status=$?
    set -e
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' "$log" | tr '\n' ' ' || true
    echo
    if [ "$status" -ne 0 ]; then
        tail -n 40 "$log" >&2
        echo "fuzz.sh: $t failed (exit $status); the input is under fuzz/artifacts/$t/, the log in fuzz/$log" >&2
        exit 1
    fi
done
echo "==> fuzzing done: $TARGETS"
