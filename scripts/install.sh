#!/usr/bin/env bash
# Installs ToonDB under $DESTDIR$PREFIX (PREFIX defaults to /usr/local):
# the release build of every executable product the package declares (test
# helpers and the benchmark excepted) into bin/, every man page in Man/ into
# share/man/manN/ by its section, and Themes/*.toml into share/toondb/themes/.
# TOONDB_BIN_DIR=DIR installs binaries already built in DIR instead of building.
# Run from an unpacked release tarball (make dist, scripts/dist.sh), it
# installs the tarball's bin/ the same way, without building.
# After it, `man toondb` works when $PREFIX/share/man is on the man path.
# `install.sh --list-products` prints the products it installs and exits.
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX="${PREFIX:-/usr/local}"
root="${DESTDIR:-}${PREFIX}"
scratch=()
if [ -n "${SCRATCH_PATH:-}" ]; then scratch=(--scratch-path "$SCRATCH_PATH"); fi

if [ -f Package.swift ]; then
    products=$(sed -n 's/.*\.executable(name: "\([^"]*\)".*/\1/p' Package.swift | grep -v -x -e toondb-bench -e toondb-crash-writer -e toondb-slt -e toondb-fuzz)
else
    # An unpacked release tarball: its bin/ holds the products, built.
    products=$(ls bin)
    TOONDB_BIN_DIR="${TOONDB_BIN_DIR:-$PWD/bin}"
fi
if [ "${1:-}" = "--list-products" ]; then
    echo "$products"
    exit 0
fi
if [ -n "${TOONDB_BIN_DIR:-}" ]; then
    # Already built (a tarball's bin/, or the install test's debug products).
    bin="$TOONDB_BIN_DIR"
else
    for p in $products; do
        echo "build $p (release)"
        swift build -c release "${scratch[@]}" --product "$p"
    done
    bin=$(swift build -c release "${scratch[@]}" --show-bin-path)
fi

install -d "$root/bin"
for p in $products; do
    echo "install $root/bin/$p"
    install -m 755 "$bin/$p" "$root/bin/$p"
done

for page in Man/*.[1-9]; do
    [ -e "$page" ] || continue
    section="${page##*.}"
    install -d "$root/share/man/man$section"
    echo "install $root/share/man/man$section/$(basename "$page")"
    install -m 644 "$page" "$root/share/man/man$section/"
done

if compgen -G "Themes/*.toml" > /dev/null; then
    install -d "$root/share/toondb/themes"
    for t in Themes/*.toml; do
        echo "install $root/share/toondb/themes/$(basename "$t")"
        install -m 644 "$t" "$root/share/toondb/themes/"
    done
fi
