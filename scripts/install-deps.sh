#!/usr/bin/env bash
# Installs the Debian packages the build needs, and with --tests also those
# only the tests need, when missing, and says what it installs. `make demo`,
# `make install` and `make dist` run it plain; `make test` (and so .ci/run)
# with --tests.
set -euo pipefail

packages=(
    libncursesw5-dev   # the explorer (ncurses, wide characters)
    libreadline-dev    # the console
    libsqlite3-dev     # toondb-bench's SQLite anchor
    liblmdb-dev        # toondb-bench's LMDB anchor (the lean `toondb` of `make demo` does not link it)
)
test_packages=(
    mandoc             # man page lint test
    tmux               # the console and explorer tests drive them under tmux
    man-db             # the install test runs `man -M PREFIX/share/man toondb`
    python3-venv       # the IPC test's venv with the original Python client (pip install sochdb)
    etcd-server        # ToonEtcdTests start real etcd members
    etcd-client        # etcdctl: EtcdCluster's health checks, auth and compaction in ToonEtcdTests
    openssl            # EtcdCluster's TLS certificates
)
if [ "${1:-}" = "--tests" ]; then packages+=("${test_packages[@]}"); fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y --no-install-recommends "${missing[@]}"; then
    $sudo apt-get update
    $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi
