#!/usr/bin/env python3
"""Exercises every RPC of toondb-grpc-server with a stock gRPC client.

Usage: grpc_client_check.py PROTO_FILE HOST:PORT

The Python stubs are generated from PROTO_FILE (the project's own
Proto/toondb.proto) at run time with grpc_tools.protoc, into a temporary
directory. Needs `pip install grpcio grpcio-tools`. Prints one line per
check and ends with `N passed, M failed`; the exit status is 1 if any failed.
"""
import importlib
import math
import os
import random
import sys
import tempfile

import grpc
from grpc_tools import protoc

passed = 0
failed = 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def expect_status(name, code, call):
    """Runs call() and checks that it fails with the gRPC status `code`."""
    try:
        call()
    except grpc.RpcError as e:
        check(name, e.code() == code, f"got {e.code()}: {e.details()}")
        return e.details() or ""
    check(name, False, f"expected {code}, the call succeeded")
    return ""


def generate(proto_file):
    out = tempfile.mkdtemp(prefix="toondb-grpc-py-")
    include = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    rc = protoc.main([
        "grpc_tools.protoc",
        f"-I{os.path.dirname(os.path.abspath(proto_file))}",
        f"-I{include}",
        f"--python_out={out}",
        f"--grpc_python_out={out}",
        os.path.basename(proto_file),
    ])
    if rc != 0:
        sys.exit(f"protoc failed with status {rc}")
    sys.path.insert(0, out)
    stem = os.path.splitext(os.path.basename(proto_file))[0]
    return importlib.import_module(f"{stem}_pb2"), importlib.import_module(f"{stem}_pb2_grpc")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    pb, rpc = generate(sys.argv[1])
    channel = grpc.insecure_channel(sys.argv[2])
    grpc.channel_ready_future(channel).result(timeout=20)
    vec = rpc.VectorIndexServiceStub(channel)
    kv = rpc.KvServiceStub(channel)
    C = grpc.StatusCode
    rng = random.Random(7)
    dim = 8

    # HealthCheck on an empty server.
    h = vec.HealthCheck(pb.HealthCheckRequest())
    check("HealthCheck SERVING", h.status == pb.HealthCheckResponse.SERVING, str(h))
    check("HealthCheck version", h.version.startswith("toondb-grpc-server"), h.version)
    check("HealthCheck no indexes", list(h.indexes) == [], str(h.indexes))

    # CreateIndex.
    r = vec.CreateIndex(pb.CreateIndexRequest(
        name="py_l2", dimension=dim, metric=pb.DISTANCE_METRIC_L2,
        config=pb.HnswConfig(max_connections=8, ef_construction=64, ef_search=32)))
    check("CreateIndex success", r.success and r.info.name == "py_l2" and r.info.dimension == dim, str(r))
    check("CreateIndex info metric/config", r.info.metric == pb.DISTANCE_METRIC_L2
          and r.info.config.max_connections == 8 and r.info.config.ef_search == 32 and r.info.created_at > 0, str(r.info))
    r = vec.CreateIndex(pb.CreateIndexRequest(name="py_cos", dimension=3))
    check("CreateIndex default metric is cosine", r.info.metric == pb.DISTANCE_METRIC_COSINE, str(r.info))
    expect_status("CreateIndex duplicate -> ALREADY_EXISTS", C.ALREADY_EXISTS,
                  lambda: vec.CreateIndex(pb.CreateIndexRequest(name="py_l2", dimension=dim)))
    expect_status("CreateIndex dimension 0 -> INVALID_ARGUMENT", C.INVALID_ARGUMENT,
                  lambda: vec.CreateIndex(pb.CreateIndexRequest(name="zero", dimension=0)))
    expect_status("CreateIndex bad name -> INVALID_ARGUMENT", C.INVALID_ARGUMENT,
                  lambda: vec.CreateIndex(pb.CreateIndexRequest(name="a/b", dimension=4)))
    expect_status("CreateIndex unknown metric -> INVALID_ARGUMENT", C.INVALID_ARGUMENT,
                  lambda: vec.CreateIndex(pb.CreateIndexRequest(name="m9", dimension=4, metric=9)))

    # InsertBatch: 200 random vectors, ids 1000…1199.
    vectors = [[rng.uniform(-1, 1) for _ in range(dim)] for _ in range(200)]
    ids = list(range(1000, 1200))
    flat = [x for v in vectors for x in v]
    r = vec.InsertBatch(pb.InsertBatchRequest(index_name="py_l2", ids=ids, vectors=flat))
    check("InsertBatch inserted 200", r.inserted_count == 200, str(r))
    details = expect_status("InsertBatch wrong length -> INVALID_ARGUMENT", C.INVALID_ARGUMENT,
                            lambda: vec.InsertBatch(pb.InsertBatchRequest(index_name="py_l2", ids=[1, 2], vectors=[0.5] * (dim + 1))))
    check("InsertBatch wrong length names the dimension", "dimension 8" in details, details)
    expect_status("InsertBatch taken id -> ALREADY_EXISTS", C.ALREADY_EXISTS,
                  lambda: vec.InsertBatch(pb.InsertBatchRequest(index_name="py_l2", ids=[1000], vectors=vectors[0])))
    expect_status("InsertBatch unknown index -> NOT_FOUND", C.NOT_FOUND,
                  lambda: vec.InsertBatch(pb.InsertBatchRequest(index_name="nope", ids=[1], vectors=[0.0] * dim)))
    expect_status("InsertBatch NaN -> INVALID_ARGUMENT", C.INVALID_ARGUMENT,
                  lambda: vec.InsertBatch(pb.InsertBatchRequest(index_name="py_l2", ids=[5], vectors=[math.nan] * dim)))

    # InsertStream: 50 good vectors and one of the wrong length.
    stored = dict(zip(ids, vectors))
    streamed = {2000 + i: [rng.uniform(-1, 1) for _ in range(dim)] for i in range(50)}
    stored.update(streamed)

    def stream():
        for i, (vid, v) in enumerate(streamed.items()):
            yield pb.InsertStreamRequest(index_name="py_l2" if i == 0 else "", id=vid, vector=v)
        yield pb.InsertStreamRequest(id=9999, vector=[1.0, 2.0])
    r = vec.InsertStream(stream())
    check("InsertStream inserted 50", r.total_inserted == 50, str(r))
    check("InsertStream reports the bad vector", len(r.errors) == 1 and "9999" in r.errors[0], str(r.errors))
    expect_status("InsertStream unknown index -> NOT_FOUND", C.NOT_FOUND,
                  lambda: vec.InsertStream(iter([pb.InsertStreamRequest(index_name="nope", id=1, vector=[0.0] * dim)])))

    # Search: each stored vector finds itself first, at distance ~0.
    for probe in (0, 57, 199):
        r = vec.Search(pb.SearchRequest(index_name="py_l2", query=vectors[probe], k=5))
        check(f"Search finds vector {probe} first", len(r.results) == 5 and r.results[0].id == ids[probe]
              and abs(r.results[0].distance) < 1e-4, str(r.results[:2]))
    r = vec.Search(pb.SearchRequest(index_name="py_l2", query=vectors[3], k=10, ef=100))
    dists = [x.distance for x in r.results]
    check("Search ordered nearest first", dists == sorted(dists) and len(dists) == 10, str(dists))
    check("Search names the metric", all(x.metric == "euclidean" for x in r.results), str(r.results[:1]))
    check("Search L2 distances are real distances",
          all(abs(x.distance - math.dist(stored[x.id], vectors[3])) < 1e-3 for x in r.results), str(r.results[:3]))
    exact = sorted(stored, key=lambda i: math.dist(stored[i], vectors[3]))[:10]
    check("Search recall@10 >= 0.9 with ef=100", len(set(exact) & {x.id for x in r.results}) >= 9,
          f"{exact} vs {[x.id for x in r.results]}")
    expect_status("Search wrong dimension -> INVALID_ARGUMENT", C.INVALID_ARGUMENT,
                  lambda: vec.Search(pb.SearchRequest(index_name="py_l2", query=[1.0, 2.0], k=3)))
    expect_status("Search k=0 -> INVALID_ARGUMENT", C.INVALID_ARGUMENT,
                  lambda: vec.Search(pb.SearchRequest(index_name="py_l2", query=vectors[0], k=0)))
    expect_status("Search unknown index -> NOT_FOUND", C.NOT_FOUND,
                  lambda: vec.Search(pb.SearchRequest(index_name="nope", query=vectors[0], k=3)))

    # Cosine and its distance: 1 - cos.
    vec.InsertBatch(pb.InsertBatchRequest(index_name="py_cos", ids=[1, 2, 3],
                                          vectors=[1, 0, 0, 0, 1, 0, 1, 1, 0]))
    r = vec.Search(pb.SearchRequest(index_name="py_cos", query=[1, 0, 0], k=3))
    check("Search cosine order", [x.id for x in r.results] == [1, 3, 2], str(r.results))
    check("Search cosine distance 1-cos", abs(r.results[1].distance - (1 - 1 / math.sqrt(2))) < 1e-4
          and r.results[0].metric == "cosine", str(r.results))

    # SearchBatch.
    r = vec.SearchBatch(pb.SearchBatchRequest(index_name="py_l2", queries=vectors[10] + vectors[20] + vectors[30],
                                              num_queries=3, k=2))
    check("SearchBatch one list per query", [q.results[0].id for q in r.results] == [1010, 1020, 1030], str(r.results))
    expect_status("SearchBatch wrong length -> INVALID_ARGUMENT", C.INVALID_ARGUMENT,
                  lambda: vec.SearchBatch(pb.SearchBatchRequest(index_name="py_l2", queries=vectors[0], num_queries=2, k=1)))

    # GetStats.
    r = vec.GetStats(pb.GetStatsRequest(index_name="py_l2"))
    check("GetStats counts 250 vectors", r.stats.num_vectors == 250 and r.stats.dimension == dim
          and r.stats.memory_bytes > 0, str(r.stats))
    expect_status("GetStats unknown index -> NOT_FOUND", C.NOT_FOUND,
                  lambda: vec.GetStats(pb.GetStatsRequest(index_name="nope")))

    # HealthCheck with indexes.
    h = vec.HealthCheck(pb.HealthCheckRequest())
    check("HealthCheck lists indexes", sorted(h.indexes) == ["py_cos", "py_l2"], str(h.indexes))
    h = vec.HealthCheck(pb.HealthCheckRequest(index_name="nope"))
    check("HealthCheck missing index NOT_SERVING", h.status == pb.HealthCheckResponse.NOT_SERVING, str(h))

    # DropIndex.
    r = vec.DropIndex(pb.DropIndexRequest(name="py_cos"))
    check("DropIndex success", r.success, str(r))
    expect_status("DropIndex again -> NOT_FOUND", C.NOT_FOUND, lambda: vec.DropIndex(pb.DropIndexRequest(name="py_cos")))
    expect_status("Search dropped index -> NOT_FOUND", C.NOT_FOUND,
                  lambda: vec.Search(pb.SearchRequest(index_name="py_cos", query=[1, 0, 0], k=1)))
    h = vec.HealthCheck(pb.HealthCheckRequest())
    check("HealthCheck after drop", list(h.indexes) == ["py_l2"], str(h.indexes))

    # KvService.
    check("KV Put", kv.Put(pb.KvPutRequest(key=b"user:1", value=b"Alice")).success)
    kv.Put(pb.KvPutRequest(key=b"user:2", value=b"Bob"))
    kv.Put(pb.KvPutRequest(namespace="tenant_a", key=b"user:1", value=b"Zed"))
    r = kv.Get(pb.KvGetRequest(key=b"user:1"))
    check("KV Get", r.found and r.value == b"Alice", str(r))
    r = kv.Get(pb.KvGetRequest(namespace="tenant_a", key=b"user:1"))
    check("KV Get in a namespace", r.found and r.value == b"Zed", str(r))
    r = kv.Get(pb.KvGetRequest(namespace="tenant_b", key=b"user:1"))
    check("KV Get in a missing namespace finds nothing", not r.found, str(r))
    entries = [(e.key, e.value) for e in kv.Scan(pb.KvScanRequest(prefix=b"user:"))]
    check("KV Scan", entries == [(b"user:1", b"Alice"), (b"user:2", b"Bob")], str(entries))
    entries = list(kv.Scan(pb.KvScanRequest(prefix=b"user:", limit=1)))
    check("KV Scan limit", len(entries) == 1, str(entries))
    r = kv.BatchPut(pb.KvBatchPutRequest(entries=[pb.KvPutEntry(key=b"b:1", value=b"x"), pb.KvPutEntry(key=b"b:2", value=b"y")]))
    check("KV BatchPut", r.success_count == 2, str(r))
    r = kv.BatchGet(pb.KvBatchGetRequest(keys=[b"b:1", b"b:3", b"b:2"]))
    check("KV BatchGet", [(e.key, e.found, e.value) for e in r.entries] == [(b"b:1", True, b"x"), (b"b:3", False, b""), (b"b:2", True, b"y")], str(r))
    check("KV Delete", kv.Delete(pb.KvDeleteRequest(key=b"user:2")).success)
    check("KV Get after Delete", not kv.Get(pb.KvGetRequest(key=b"user:2")).found)
    expect_status("KV Put with TTL -> INVALID_ARGUMENT", C.INVALID_ARGUMENT,
                  lambda: kv.Put(pb.KvPutRequest(key=b"t", value=b"v", ttl_seconds=60)))
    expect_status("KV Put reserved key -> INVALID_ARGUMENT", C.INVALID_ARGUMENT,
                  lambda: kv.Put(pb.KvPutRequest(key=b"\x00n/grpc/x", value=b"v")))

    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
