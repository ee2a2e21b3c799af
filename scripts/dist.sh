#!/usr/bin/env bash
# Builds a release tarball, dist/toondb-VERSION-OS-MACHINE.tar.gz: the release
# build of every executable product install.sh installs (with the default
# GRPC trait), the man pages, the themes, README.md, LICENSE and
# scripts/install.sh, which installs from the unpacked tarball as it does
# from the tree:
#   tar xzf toondb-0.1.0-linux-x86_64.tar.gz
#   PREFIX=~/.local toondb-0.1.0-linux-x86_64/scripts/install.sh
# TOONDB_BIN_DIR=DIR packages binaries already built in DIR instead of
# building; DIST_DIR=DIR writes the tarball there instead of dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${DIST_DIR:-dist}"
products=$(bash scripts/install.sh --list-products)

if [ -n "${TOONDB_BIN_DIR:-}" ]; then
    bin="$TOONDB_BIN_DIR"
else
    for p in $products; do
        echo "build $p (release)"
        swift build -c release --product "$p"
    done
    bin=$(swift build -c release --show-bin-path)
fi

version=$("$bin/toondb" --version | head -n 1)
os=$(uname -s | tr '[:upper:]' '[:lower:]')
name="toondb-$version-$os-$(uname -m)"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage/$name/bin" "$stage/$name/scripts"
for p in $products; do install -m 755 "$bin/$p" "$stage/$name/bin/$p"; done
cp -R Man Themes "$stage/$name/"
cp README.md LICENSE "$stage/$name/"
install -m 755 scripts/install.sh "$stage/$name/scripts/install.sh"

mkdir -p "$out"
tar -C "$stage" -czf "$out/$name.tar.gz" "$name"
echo "$out/$name.tar.gz"
