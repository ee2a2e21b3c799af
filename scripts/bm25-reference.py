#!/usr/bin/env python3
"""BM25 reference scores from the `bm25s` package (README.md, "From Swift"), for ToonDB's tests.

    python3 scripts/bm25-reference.py CORPUS.jsonl QUERIES.jsonl OUT.jsonl

CORPUS.jsonl holds one document a line as a JSON list of its tokens, already
tokenized (ToonDB's tokenizer), so that only scoring is compared; QUERIES.jsonl
likewise one query a line. OUT.jsonl gets, per query, a JSON object
{"doc index": score, ...} of every document with a non-zero score, the index
counting corpus lines from 0. Scoring is bm25s's default method ("lucene"):
k1 = 1.2, b = 0.75, idf = ln(1 + (N - n + 0.5) / (n + 0.5)).

Needs `pip install bm25s` (numpy only); see Tests/ToonIndexTests/BM25ReferenceTests.swift.
"""
import json
import sys

import bm25s


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    corpus_path, queries_path, out_path = sys.argv[1:]
    with open(corpus_path, encoding="utf-8") as f:
        corpus = [json.loads(line) for line in f]
    with open(queries_path, encoding="utf-8") as f:
        queries = [json.loads(line) for line in f]
    retriever = bm25s.BM25(k1=1.2, b=0.75, method="lucene")
    retriever.index(corpus, show_progress=False)
    with open(out_path, "w", encoding="utf-8") as out:
        for query in queries:
            scores = {}
            if query:
                for i, s in enumerate(retriever.get_scores(query).tolist()):
                    if s != 0:
                        scores[str(i)] = s
            out.write(json.dumps(scores) + "\n")


if __name__ == "__main__":
    main()
