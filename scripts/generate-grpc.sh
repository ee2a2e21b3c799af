#!/usr/bin/env bash
# Regenerates Sources/ToonGRPC/Generated/ from Proto/toondb.proto (server and
# client, public) and Sources/ToonEtcd/Generated/ from Proto/etcd/*.proto
# (etcd's v3 API subset: client only, internal).
#
# Needs protoc (Debian: apt-get install protobuf-compiler) and builds the two
# code generators from the package's own dependencies (swift-protobuf and
# grpc-swift-protobuf). The generated files are committed: neither the build
# nor CI runs this script.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch="${SCRATCH_PATH:-.build-protoc}"   # any scratch path works; .build-* is git-ignored
swift build --scratch-path "$scratch" --product protoc-gen-swift
swift build --scratch-path "$scratch" --product protoc-gen-grpc-swift-2
bin="$(swift build --scratch-path "$scratch" --show-bin-path)"

out=Sources/ToonGRPC/Generated
mkdir -p "$out"
protoc \
    --proto_path=Proto \
    --plugin=protoc-gen-swift="$bin/protoc-gen-swift" \
    --plugin=protoc-gen-grpc-swift="$bin/protoc-gen-grpc-swift-2" \
    --swift_out="$out" \
    --swift_opt=Visibility=Public \
    --grpc-swift_out="$out" \
    --grpc-swift_opt=Visibility=Public,Client=true,Server=true \
    toondb.proto
echo "generated: $(ls "$out" | tr '\n' ' ')"

etcd_out=Sources/ToonEtcd/Generated
rm -rf "$etcd_out"
mkdir -p "$etcd_out"
protoc \
    --proto_path=Proto \
    --plugin=protoc-gen-swift="$bin/protoc-gen-swift" \
    --swift_out="$etcd_out" \
    --swift_opt=Visibility=Internal,FileNaming=PathToUnderscores \
    etcd/kv.proto etcd/rpc.proto
protoc \
    --proto_path=Proto \
    --plugin=protoc-gen-grpc-swift="$bin/protoc-gen-grpc-swift-2" \
    --grpc-swift_out="$etcd_out" \
    --grpc-swift_opt=Visibility=Internal,Client=true,Server=false,FileNaming=PathToUnderscores \
    etcd/rpc.proto
echo "generated: $(ls "$etcd_out" | tr '\n' ' ')"
