#!/usr/bin/env bash
# `make test`: runs every test (`swift test`, arguments passed on) and ends
# with a summary of both frameworks, read from their xUnit reports: how many
# tests ran, passed, failed and were skipped, and why each skip happened.
# Under CI (`CI` set, as .ci/run does) a test that needs a missing tool
# (mandoc, tmux) fails instead of being skipped (Tests/CLITests/RequiredTool.swift).
set -uo pipefail
cd "$(dirname "$0")/.."
reports=$(mktemp -d "${TMPDIR:-/tmp}/toondb-test.XXXXXX")
trap 'rm -rf "$reports"' EXIT

swift test --xunit-output "$reports/xctest.xml" "$@"
status=$?

# SwiftPM writes XCTest's report to the path given and Swift Testing's
# beside it, with "-swift-testing" before the extension.
summarize() {
    awk -v framework="$1" '
        function text(s) { gsub(/&quot;/, "\"", s); gsub(/&apos;/, "\047", s); gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&amp;/, "\\&", s); return s }
        /<testcase / {
            tests++
            match($0, /classname="[^"]*"/); c = substr($0, RSTART + 11, RLENGTH - 12)
            match($0, / name="[^"]*"/); test = text(c "." substr($0, RSTART + 7, RLENGTH - 8))
        }
        /<(failure|error)[ >\/]/ { if (!(test in failing)) { failing[test] = 1; failed++ } }
        /<skipped/ {
            skipped++
            why = $0; sub(/.*<skipped>/, "", why); sub(/<\/skipped>.*/, "", why)
            if (why ~ /<skipped/) why = "no reason given"
            reasons[++r] = "  " test ": " text(why)
        }
        END {
            printf "%-14s %d ran, %d passed, %d failed, %d skipped\n", framework ":", tests - skipped, tests - skipped - failed, failed, skipped
            for (i = 1; i <= r; i++) print reasons[i]
        }' "$2"
}
echo
echo "== make test: summary =="
for report in "$reports/xctest.xml:XCTest" "$reports/xctest-swift-testing.xml:Swift Testing"; do
    file=${report%%:*}
    if [ -f "$file" ]; then summarize "${report#*:}" "$file"; else echo "${report#*:}: no report (no tests of it ran)"; fi
done
if [ -z "${CI:-}" ]; then
    echo "(outside CI, tests that need a missing tool are skipped; CI=1 makes them fail)"
fi
exit "$status"
