#!/usr/bin/env bash
# Regenerates the DOT-COMMANDS list of Man/toondb.1 from the console's
# command registry (Sources/ToonCommands/CommandRegistry.swift).
set -euo pipefail
cd "$(dirname "$0")/.."
TOONDB_UPDATE_MAN=1 swift test --filter DotCommandManualTests "$@"
