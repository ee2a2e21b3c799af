#!/usr/bin/env python3
"""A short benchmark of toondb-grpc-server through a stock gRPC client.

Usage: grpc_bench.py PROTO_FILE HOST:PORT [--n 10000] [--dim 128] [--batch 1000] [--queries 1000] [--k 10]

Creates an L2 index, inserts n random vectors (fixed seed) with InsertBatch
calls of `batch` vectors, then runs `queries` Search calls one after another
and prints the insert rate and the search latency percentiles (client-side
round trips). Needs `pip install grpcio grpcio-tools` (see
Tests/CLITests/GRPCPythonClientTests.swift for the venv the tests make).
"""
import argparse
import random
import statistics
import time

import grpc

from grpc_client_check import generate


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("proto")
    ap.add_argument("address")
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--dim", type=int, default=128)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--ef", type=int, default=0)
    a = ap.parse_args()
    pb, rpc = generate(a.proto)
    channel = grpc.insecure_channel(a.address, options=[("grpc.max_send_message_length", 64 << 20)])
    grpc.channel_ready_future(channel).result(timeout=20)
    stub = rpc.VectorIndexServiceStub(channel)

    rng = random.Random(42)
    data = [[rng.gauss(0, 1) for _ in range(a.dim)] for _ in range(a.n)]
    name = f"bench_{int(time.time())}"
    stub.CreateIndex(pb.CreateIndexRequest(name=name, dimension=a.dim, metric=pb.DISTANCE_METRIC_L2))

    requests = []
    for start in range(0, a.n, a.batch):
        rows = data[start:start + a.batch]
        requests.append(pb.InsertBatchRequest(index_name=name, ids=list(range(start, start + len(rows))),
                                              vectors=[x for r in rows for x in r]))
    t0 = time.perf_counter()
    inserted = sum(stub.InsertBatch(r).inserted_count for r in requests)
    insert_s = time.perf_counter() - t0
    assert inserted == a.n, inserted

    queries = [pb.SearchRequest(index_name=name, k=a.k, ef=a.ef,
                                query=[x + rng.gauss(0, 0.05) for x in data[rng.randrange(a.n)]])
               for _ in range(a.queries)]
    for q in queries[:20]:
        stub.Search(q)  # warm-up
    lat = []
    for q in queries:
        t = time.perf_counter()
        r = stub.Search(q)
        lat.append((time.perf_counter() - t) * 1000)
        assert len(r.results) == a.k
    lat.sort()
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
    stub.DropIndex(pb.DropIndexRequest(name=name))
    print(f"InsertBatch: {a.n} x {a.dim} in batches of {a.batch}: {insert_s:.2f} s, {a.n / insert_s:,.0f} vectors/s")
    print(f"Search k={a.k} ({a.queries} sequential calls): p50 {p(0.50):.3f} ms, p99 {p(0.99):.3f} ms, "
          f"mean {statistics.mean(lat):.3f} ms")


if __name__ == "__main__":
    main()
