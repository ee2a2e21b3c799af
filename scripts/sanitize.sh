#!/usr/bin/env bash
# Runs the engine's test suites under a sanitizer (RELIABILITY.md,
# "Sanitizers"). Usage: scripts/sanitize.sh thread|address [FILTER]
# Builds in .build-tsan or .build-asan (a debug build of everything), then
# runs the storage, index, SQL, database and wire suites, or the tests FILTER
# names, and fails on any sanitizer report.
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:?usage: scripts/sanitize.sh thread|address [FILTER]}"
case "$kind" in
    thread) scratch=.build-tsan ;;
    address) scratch=.build-asan ;;
    *) echo "usage: scripts/sanitize.sh thread|address [FILTER]" >&2; exit 2 ;;
esac
filter="${2:-ToonStorageTests|ToonIndexTests|ToonSQLTests|ToonDBTests|ToonWireTests}"
# TOONDB_SANITIZED: stack frames are larger under a sanitizer; the SQL stack
# guard keeps a margin, and the small-stack tests a stack, that many times larger.
flags=(--sanitize="$kind" --scratch-path "$scratch" -Xswiftc -DTOONDB_SANITIZED)
swift build --build-tests "${flags[@]}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
# LeakSanitizer is off: it cannot follow Swift's tagged enum payload pointers;
# locals stay on the real stack for the SQL stack guard (see "Fuzzing").
ASAN_OPTIONS="detect_leaks=0:detect_stack_use_after_return=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
    swift test --skip-build "${flags[@]}" --filter "$filter" 2>&1 | tee "$log" || status=$?
if grep -q -E "WARNING: ThreadSanitizer|ERROR: AddressSanitizer" "$log"; then
    echo "sanitize.sh: the $kind sanitizer reported a fault (above)" >&2
    exit 1
fi
exit "$status"
