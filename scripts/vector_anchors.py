"""The anchors for quantized and filtered vector search, beside `toondb-bench vectors`.

    .bench-venv/bin/python scripts/vector_anchors.py --data DATA_DIR [--sets v1,v2] [--ef 32,64,128]

Reads the sets ../shared/bench/vectors.py writes into DATA_DIR ({set}_base.npy,
{set}_queries.npy, {set}_truth.npy; run it first) and prints a Markdown table of:
  - hnswlib HNSW (M 16, efConstruction 100, every core) at full precision: recall@10,
    QPS on one thread, resident bytes per element (its element record + upper links);
  - faiss IndexHNSWSQ (8-bit scalar quantizer, M 16, efConstruction 100): the same,
    bytes per element from its codes and level-0 links;
  - filtered search at 1 %, 10 % and 50 %: hnswlib's `filter=` callback and a numpy
    brute-force scan of the accepted vectors, recall@10 against the exact filtered answer.
The filter accepts label L when splitmix64(L + 0x1234) % 100 < percent: the same
labels `toondb-bench vectors --filter` accepts.
"""
import argparse, os, time
import numpy as np

MASK = (1 << 64) - 1


def mix(x):
    z = x & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def accepted(n, percent):
    return np.array([mix(i + 0x1234) % 100 < percent for i in range(n)], dtype=bool)


def recall(found, truth, k=10):
    return float(np.mean([len(set(f[:k]) & set(t[:k])) / max(1, min(k, len(t))) for f, t in zip(found, truth)]))


def distances(base, q, metric):
    return -(base @ q) if metric == "cosine" else ((base - q) ** 2).sum(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--sets", default="v1,v2")
    ap.add_argument("--ef", default="32,64,128")
    ap.add_argument("--filter", default="1,10,50")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1, help="build threads (default: every core)")
    a = ap.parse_args()
    import hnswlib, faiss
    efs = [int(e) for e in a.ef.split(",")]
    threads = a.threads
    print("| set | system | case | ef | recall@10 | QPS (1 thread) | bytes/element |")
    print("|---|---|---|---:|---:|---:|---:|")
    for name in a.sets.split(","):
        base = np.load(os.path.join(a.data, f"{name}_base.npy"))
        queries = np.load(os.path.join(a.data, f"{name}_queries.npy"))
        truth = np.load(os.path.join(a.data, f"{name}_truth.npy"))
        metric = "l2" if name == "v1" else "cosine"
        n, dim = base.shape
        label = f"{name} {n}x{dim} {metric}"

        idx = hnswlib.Index(space="cosine" if metric == "cosine" else "l2", dim=dim)
        idx.init_index(max_elements=n, M=16, ef_construction=100, random_seed=1)
        idx.set_num_threads(threads)
        t = time.perf_counter()
        idx.add_items(base, np.arange(n))
        print(f"| {label} | hnswlib | build, {threads} thread{'s' if threads > 1 else ''} | | | {n / (time.perf_counter() - t):.0f} vec/s | |")
        # Level-0 record (links, vector, label) plus the upper layers' links, per element.
        hnsw_bytes = (4 + 4 * 32) + 4 * dim + 8 + (4 + 4 * 16) / 15
        for ef in efs:
            idx.set_ef(ef)
            t = time.perf_counter()
            found = idx.knn_query(queries, k=10, num_threads=1)[0]
            qps = len(queries) / (time.perf_counter() - t)
            print(f"| {label} | hnswlib | full precision | {ef} | {recall(found, truth):.3f} | {qps:.0f} | {hnsw_bytes:.0f} |")

        sq = faiss.IndexHNSWSQ(dim, faiss.ScalarQuantizer.QT_8bit, 16,
                               faiss.METRIC_INNER_PRODUCT if metric == "cosine" else faiss.METRIC_L2)
        sq.hnsw.efConstruction = 100
        faiss.omp_set_num_threads(threads)
        sq.train(base)
        sq.add(base)
        faiss.omp_set_num_threads(1)
        sq_bytes = sq.storage.sa_code_size() + 4 * 32 + (4 * 16) / 15
        for ef in efs:
            sq.hnsw.efSearch = ef
            t = time.perf_counter()
            found = sq.search(queries, 10)[1]
            qps = len(queries) / (time.perf_counter() - t)
            print(f"| {label} | faiss IndexHNSWSQ 8-bit | sq8 | {ef} | {recall(found, truth):.3f} | {qps:.0f} | {sq_bytes:.0f} |")

        for percent in [int(p) for p in a.filter.split(",")]:
            mask = accepted(n, percent)
            ids = np.nonzero(mask)[0]
            t = time.perf_counter()
            exact = []
            for q in queries:
                d = distances(base[ids], q, metric)
                exact.append(ids[np.argsort(d, kind="stable")[:10]])
            brute_qps = len(queries) / (time.perf_counter() - t)
            print(f"| {label} | numpy brute force | filter {percent} % | | 1.000 | {brute_qps:.0f} | |")
            for ef in efs:
                idx.set_ef(ef)
                t = time.perf_counter()
                try:
                    found = idx.knn_query(queries, k=10, num_threads=1, filter=lambda i: bool(mask[i]))[0]
                except RuntimeError as e:  # hnswlib refuses a batch in which a query found fewer than k
                    print(f"| {label} | hnswlib filter= | filter {percent} % | {ef} | failed: {e} | | |")
                    continue
                qps = len(queries) / (time.perf_counter() - t)
                print(f"| {label} | hnswlib filter= | filter {percent} % | {ef} | {recall(found, exact):.3f} | {qps:.0f} | |")


if __name__ == "__main__":
    main()
