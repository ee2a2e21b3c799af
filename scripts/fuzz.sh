#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer and AddressSanitizer (RELIABILITY.md,
# "Fuzzing"). Usage: scripts/fuzz.sh TARGET [SECONDS] [libFuzzer flags...]
# TARGET is sql, toon, json, wire, or one of the file readers wal, segment,
# manifest and hnsw (Sources/toondb-fuzz/FuzzTarget.swift).
# Builds toondb-fuzz for libFuzzer in .build-fuzz (a release build with
# -sanitize=fuzzer,address), then fuzzes for SECONDS (default 300), starting
# from Tests/FuzzCorpus/TARGET and adding the inputs that reach new code to
# it; it also starts from seeds written afresh into .build-fuzz/seeds/TARGET:
# for a file reader, real files the engine writes (Sources/toondb-fuzz/
# SeedFiles.swift); for toon, json and sql, texts from ../shared/conformance.
# A crash leaves crash-* (the input) in .build-fuzz/findings and exits
# non-zero; `toondb-fuzz TARGET FILE` in an ordinary build replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: scripts/fuzz.sh sql|toon|json|wire|wal|segment|manifest|hnsw [SECONDS] [libFuzzer flags...]}"
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
# Files are longer than statements: a log record that spans two 32 KiB blocks.
seeds="$scratch/seeds/$target"
case "$target" in
    wal|segment|manifest|hnsw) max_len=65536 ;;
    *) max_len=4096 ;;
esac
mkdir -p "$corpus" "$scratch/findings"
rm -rf "$seeds" && mkdir -p "$seeds"
# Seeds from the conformance data, read where it is (../shared/conformance):
# the TOON fixtures' texts and documents, and the sqllogictest statements.
conformance=../shared/conformance
if [ -d "$conformance" ]; then
    python3 - "$target" "$conformance" "$seeds" <<'PY'
import glob, json, os, sys
target, conformance, seeds = sys.argv[1:]
texts = []
fixtures = sorted(glob.glob(f"{conformance}/toon/tests/fixtures/*/*.json"))
for path in fixtures:
    for case in json.load(open(path, encoding="utf-8"))["tests"]:
        toon, document = (case["input"], case.get("expected")) if "/decode/" in path else (case.get("expected"), case["input"])
        if target == "toon" and isinstance(toon, str):
            texts.append(toon)
        if target == "json" and document is not None:
            texts.append(json.dumps(document, ensure_ascii=False))
if target in ("toon", "json"):
    suffix = ".toon" if target == "toon" else ".json"
    texts += [open(p, encoding="utf-8").read() for p in sorted(glob.glob(f"{conformance}/toon/examples/**/*{suffix}", recursive=True))]
if target == "sql":
    for path in sorted(glob.glob(f"{conformance}/sqllogictest/**/*.test", recursive=True)):
        lines, i = open(path, encoding="utf-8", errors="replace").read().split("\n"), 0
        while i < len(lines):
            if lines[i].startswith(("statement ", "query ")):
                j = i + 1
                while j < len(lines) and lines[j].strip() and lines[j] != "----":
                    j += 1
                texts.append("\n".join(lines[i + 1:j]))
                i = j
            i += 1
for n, text in enumerate(dict.fromkeys(t for t in texts if len(t.encode()) <= 4096)):
    if n == 5000:
        break
    with open(os.path.join(seeds, f"conformance-{n}"), "w", encoding="utf-8") as f:
        f.write(text)
PY
fi
TOONDB_FUZZ_TARGET="$target" TOONDB_FUZZ_SEEDS="$seeds" "$bin" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
    -artifact_prefix="$scratch/findings/" "$@" "$corpus" "$seeds"
