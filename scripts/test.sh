#!/usr/bin/env bash
# `make test`: runs every test (`swift test`, arguments passed on) and ends
# with a summary of both frameworks: how many tests ran, passed, failed and
# were skipped, and why each skip happened. Under CI (`CI` set, as .ci/run
# does) a test that needs a missing tool (mandoc, tmux) fails instead of
# being skipped (Tests/CLITests/RequiredTool.swift).
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp "${TMPDIR:-/tmp}/toondb-test.XXXXXX")
trap 'rm -f "$log"' EXIT

swift test "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# XCTest:        Test Case 'Suite.test' passed|failed|skipped (0.001 seconds).
# Swift Testing: ✔ Test name() passed after …  ✘ Test name() failed after …
#                ➜ Test name() skipped: "why"   ➜ Suite Name skipped: "why"
awk '
    /^Test Case .* passed \(/  { xp++ }
    /^Test Case .* failed \(/  { xf++ }
    /^Test Case .* skipped \(/ { xs++ }
    / Test run with /          { next }
    / Test .* passed after /   { tp++ }
    / Test .* failed after /   { tf++ }
    / (Test|Suite) .* skipped/ {
        kind = ($0 ~ / Suite /) ? "suite" : "test"
        if (kind == "test") ts++; else ss++
        line = $0; sub(/^[^ ]* /, "", line); why[line]++
    }
    END {
        printf "\n== make test: summary ==\n"
        printf "XCTest:        %d ran, %d passed, %d failed, %d skipped\n", xp + xf, xp, xf, xs
        printf "Swift Testing: %d ran, %d passed, %d failed, %d skipped (and %d skipped suites)\n", tp + tf, tp, tf, ts, ss
        n = 0; for (w in why) n++
        if (n == 0) { print "nothing was skipped" } else {
            print "skipped:"
            for (w in why) printf "  %s\n", w
        }
    }' "$log"
if [ -z "${CI:-}" ]; then
    echo "(outside CI, tests that need a missing tool are skipped; CI=1 makes them fail)"
fi
exit "$status"
