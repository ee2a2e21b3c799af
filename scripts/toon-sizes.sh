#!/usr/bin/env bash
# JSON (compact) vs TOON sizes of three sample documents, for BENCHMARKS.md ("TOON size").
# The samples are generated with a fixed seed; TOON comes from `toondb toon encode`.
# Estimated tokens = ceil(bytes / 4).
#
# Usage: scripts/toon-sizes.sh [path-to-toondb]   (default: .build/release/toondb)
set -euo pipefail
TOONDB=${1:-.build/release/toondb}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

python3 - "$WORK" <<'PY'
import json, random, sys
out = sys.argv[1]
rng = random.Random(20261125)
first = ["Ada", "Bob", "Chen", "Dana", "Emil", "Fatima", "Goran", "Hana", "Ivo", "Jun"]
last = ["Lovelace", "Ng", "Okafor", "Meyer", "Silva", "Tanaka", "Novak", "Haddad"]
cities = ["Berlin", "Oslo", "Lagos", "Osaka", "Lima", "Porto", "Tunis", "Quito"]
users = []
for i in range(1, 101):
    f, l = rng.choice(first), rng.choice(last)
    users.append({"id": i, "name": f"{f} {l}", "email": f"{f.lower()}.{l.lower()}{i}@example.com",
                  "city": rng.choice(cities), "age": rng.randint(18, 80), "active": rng.random() < 0.8,
                  "balance": round(rng.uniform(0, 5000), 2)})
words = ["vector", "index", "storage", "compaction", "snapshot", "query", "token", "graph", "policy", "schema"]
hits = []
for i in range(50):
    hits.append({"id": f"doc-{rng.randint(1000, 9999)}", "score": round(1 - i * 0.013 - rng.random() * 0.01, 4),
                 "title": " ".join(rng.choice(words) for _ in range(4)).capitalize(),
                 "snippet": " ".join(rng.choice(words) for _ in range(12)) + ".",
                 "metadata": {"source": rng.choice(["wiki", "docs", "blog"]), "lang": rng.choice(["en", "de", "ja"]),
                              "updated": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}})
config = {
    "service": {"name": "toondb", "version": "0.1.0", "listen": {"host": "127.0.0.1", "port": 7420},
                "tls": {"enabled": False, "cert": None}},
    "storage": {"path": "/var/lib/toondb", "sync": "normal", "memtableMiB": 64, "blockCacheMiB": 256,
                "compaction": {"style": "leveled", "levels": 7, "l0Trigger": 4, "ratio": 10}},
    "index": {"hnsw": {"m": 16, "efConstruction": 200, "efSearch": 64, "metric": "cosine"},
              "bm25": {"k1": 1.2, "b": 0.75, "stopwords": ["a", "an", "the", "of", "and"]}},
    "logging": {"level": "info", "format": "json", "outputs": ["stderr", "file"]},
    "tenants": {"acme": {"quotaMiB": 1024, "rateLimit": 200}, "globex": {"quotaMiB": 512, "rateLimit": 100},
                "initech": {"quotaMiB": 256, "rateLimit": 50}},
    "features": ["sql", "graph", "vectors", "policies"],
}
for name, doc in [("users", {"users": users}), ("search-hits", {"hits": hits}), ("config", config)]:
    with open(f"{out}/{name}.json", "w") as f:
        f.write(json.dumps(doc, separators=(",", ":"), ensure_ascii=False))
PY

printf '| sample | JSON bytes | JSON tokens (est.) | TOON bytes | TOON tokens (est.) | TOON/JSON |\n'
printf '|---|---:|---:|---:|---:|---:|\n'
for name in users search-hits config; do
    json_bytes=$(wc -c < "$WORK/$name.json")
    "$TOONDB" toon encode "$WORK/$name.json" > "$WORK/$name.toon"
    # The document itself, without the newline the command adds.
    toon_bytes=$(( $(wc -c < "$WORK/$name.toon") - 1 ))
    # Check the TOON reads back to the same JSON.
    "$TOONDB" toon decode --compact "$WORK/$name.toon" > "$WORK/$name.back.json"
    python3 -c "import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); sys.exit(0 if a==b else 1)" \
        "$WORK/$name.json" "$WORK/$name.back.json" || { echo "round trip failed for $name" >&2; exit 1; }
    awk -v n="$name" -v j="$json_bytes" -v t="$toon_bytes" 'BEGIN {
        jt = int((j + 3) / 4); tt = int((t + 3) / 4);
        printf "| %s | %d | %d | %d | %d | %.0f%% |\n", n, j, jt, t, tt, 100 * t / j }'
done
