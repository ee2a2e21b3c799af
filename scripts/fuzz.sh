#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer and AddressSanitizer (RELIABILITY.md,
# "Fuzzing"). Usage: scripts/fuzz.sh TARGET [SECONDS] [libFuzzer flags...]
# TARGET is sql, toon, json or wire (Sources/toondb-fuzz/FuzzTarget.swift).
# Builds toondb-fuzz for libFuzzer in .build-fuzz (a release build with
# -sanitize=fuzzer,address), then fuzzes for SECONDS (default 300), starting
# from Tests/FuzzCorpus/TARGET and adding the inputs that reach new code to
# it. A crash leaves crash-* (the input) in .build-fuzz/findings and exits
# non-zero; `toondb-fuzz TARGET FILE` in an ordinary build replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: scripts/fuzz.sh sql|toon|json|wire [SECONDS] [libFuzzer flags...]}"
seconds="${2:-300}"
shift $(( $# >= 2 ? 2 : 1 ))
scratch=.build-fuzz
swift build -c release --scratch-path "$scratch" --product toondb-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DTOONDB_LIBFUZZER -Xswiftc -use-ld=lld
bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/toondb-fuzz"
corpus="Tests/FuzzCorpus/$target"
# Locals on the real stack, so the SQL engine's stack guard sees how deep it is
# (with fake stacks on the heap it cannot, and deep nesting would overflow).
# No LeakSanitizer: it reports the statement cache's parsed statements, whose
# enum payload pointers carry tag bits it cannot follow (a bounded set: 56
# objects after 10^5 inputs, 323 after 1.6·10^6); a leak per input still ends
# the run through libFuzzer's -rss_limit_mb.
export ASAN_OPTIONS="detect_stack_use_after_return=0:detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
mkdir -p "$corpus" "$scratch/findings"
TOONDB_FUZZ_TARGET="$target" "$bin" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
    -artifact_prefix="$scratch/findings/" "$@" "$corpus"
