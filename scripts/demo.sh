#!/usr/bin/env bash
# Builds the demo database (key paths, two SQL tables, a hybrid collection,
# a small graph) and opens the explorer on it; a demo database made by an
# earlier run is opened as it is. Usage: scripts/demo.sh [DB_PATH]
# Without a terminal (CI), it only creates the database.
set -euo pipefail
toondb="${TOONDB:-.build/release/toondb}"
db="${1:-demo.toondb}"

if [ -e "$db" ]; then
    if [ -t 0 ] && [ -t 1 ]; then
        exec "$toondb" "$db"
    fi
    echo "the demo database $db exists; open it with: $toondb $db"
elif [ -t 0 ] && [ -t 1 ]; then
    exec "$toondb" demo "$db"
else
    "$toondb" demo --no-open "$db"
fi
