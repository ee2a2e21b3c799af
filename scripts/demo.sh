#!/usr/bin/env bash
# Builds a small demo database with `toondb kv` and shows it: the main job
# until the explorer lands. Usage: scripts/demo.sh [DB_PATH]
set -euo pipefail
toondb="${TOONDB:-.build/release/toondb}"
db="${1:-demo.toondb}"

run() { echo "\$ toondb $*"; "$toondb" "$@"; }

run kv put "$db" users/alice/email alice@example.com
run kv put "$db" users/alice/name Alice
run kv put "$db" users/bob/email bob@example.com
run kv put "$db" tenants/acme/settings/theme dark
run kv put --sync full "$db" "user:123" '{"name":"Alice","age":30}'
run kv get "$db" users/alice/email
run kv scan "$db" users/
run kv tree "$db"
run kv scan --json --limit 2 "$db"
echo "The demo database is in $db; try: $toondb kv --help"
