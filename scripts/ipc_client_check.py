"""Drives a running toondb-server with the original Python IpcClient (sochdb 0.8.3).

    python scripts/ipc_client_check.py SOCKET

Exits 0 and prints `ipc client check: N passed, 0 failed` when every check holds;
exits 1 naming the first failed check otherwise. Tests/CLITests/ServerPythonClientTests.swift
runs it in a venv against the built server.

Only the module file `sochdb/ipc_client.py` (and `errors.py`, which it imports) is needed;
importing the whole package would also load the SDK's native library, which this check
does not use.
"""
import importlib.util
import pathlib
import sys
import threading


def load_ipc_client():
    spec = importlib.util.find_spec("sochdb")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("sochdb is not installed in this interpreter")
    try:
        from sochdb.ipc_client import IpcClient  # the normal import
        import sochdb.errors as errors
        return IpcClient, errors
    except Exception as e:  # a native library that fails to load: fall back to the file alone
        print(f"note: `import sochdb` failed ({e!r}); loading ipc_client.py by itself", file=sys.stderr)
        root = pathlib.Path(list(spec.submodule_search_locations)[0])
        import types
        pkg = types.ModuleType("sochdb")
        pkg.__path__ = [str(root)]
        sys.modules["sochdb"] = pkg
        for name in ("errors", "ipc_client"):
            s = importlib.util.spec_from_file_location(f"sochdb.{name}", root / f"{name}.py")
            m = importlib.util.module_from_spec(s)
            sys.modules[f"sochdb.{name}"] = m
            s.loader.exec_module(m)
        return sys.modules["sochdb.ipc_client"].IpcClient, sys.modules["sochdb.errors"]


def main():
    sock = sys.argv[1]
    IpcClient, errors = load_ipc_client()
    passed = 0

    def check(name, cond):
        nonlocal passed
        if not cond:
            print(f"ipc client check FAILED: {name}", file=sys.stderr)
            print(f"ipc client check: {passed} passed, 1 failed")
            sys.exit(1)
        passed += 1

    with IpcClient.connect(sock) as c:
        check("ping returns a round-trip time", isinstance(c.ping(), float))
        c.put(b"greeting", b"hello")
        check("get returns what put stored", c.get(b"greeting") == b"hello")
        check("get of a missing key is None", c.get(b"no such key") is None)
        c.put(b"bin", bytes(range(256)))
        check("binary values round-trip", c.get(b"bin") == bytes(range(256)))
        c.delete(b"greeting")
        check("delete removes", c.get(b"greeting") is None)
        c.delete(b"greeting")  # deleting a missing key is fine
        c.put_path(["users", "alice", "name"], b"Alice")
        c.put_path(["users", "alice", "age"], b"30")
        c.put_path(["users", "bob", "name"], b"Bob")
        check("get_path reads put_path", c.get_path(["users", "alice", "name"]) == b"Alice")
        check("a path is the key joined with /", c.get(b"users/bob/name") == b"Bob")
        rows = c.scan("users/")
        check("scan returns keys in order", [r["key"] for r in rows] == [b"users/alice/age", b"users/alice/name", b"users/bob/name"])
        check("scan returns values", [r["value"] for r in rows] == [b"30", b"Alice", b"Bob"])
        check("scan of an absent prefix is empty", c.scan("nothing/") == [])
        check("query renders compact TOON", c.query("users", columns=["name", "age"]) == "result[2]{name,age}:Alice,30;Bob,∅")
        check("query with limit and offset", c.query("users", limit=1, offset=1, columns=["name"]) == "result[1]{name}:Bob")
        t1 = c.begin_transaction()
        t2 = c.begin_transaction()
        check("transaction ids count from 1 per connection", (t1, t2) == (1, 2))
        ts = c.commit(t1)
        check("commit returns a positive timestamp", isinstance(ts, int) and ts > 0)
        c.abort(t2)
        try:
            c.commit(t1)
            check("committing twice fails", False)
        except errors.TransactionError as e:
            check("committing twice names the transaction", "Transaction not found: 1" in str(e))
        try:
            c.abort(77)
            check("aborting an unknown transaction fails", False)
        except errors.DatabaseError as e:
            check("unknown transaction error text", "Transaction not found: 77" in str(e))
        c.checkpoint()
        check("data survives a checkpoint", c.get_path(["users", "alice", "age"]) == b"30")
        t3 = c.begin_transaction()
        s = c.stats()
        check("stats has the original keys", list(s) == ["connections_total", "connections_active", "requests_total",
                                                         "requests_success", "requests_error", "bytes_received",
                                                         "bytes_sent", "uptime_secs", "memtable_size_bytes",
                                                         "wal_size_bytes", "active_transactions"])
        check("stats counts this connection's transaction", s["active_transactions"] == 1 and t3 == 3)
        check("stats counts the errors", s["requests_error"] == 2)

    # Several clients at once, each on its own connection.
    failures = []

    def worker(w):
        try:
            with IpcClient.connect(sock) as c:
                for i in range(50):
                    c.put(f"w{w}/{i}".encode(), f"{w}:{i}".encode())
                    if c.get(f"w{w}/{i}".encode()) != f"{w}:{i}".encode():
                        failures.append((w, i))
        except Exception as e:
            failures.append((w, repr(e)))

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(8)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    check(f"8 concurrent clients: {failures[:3]}", not failures)
    with IpcClient.connect(sock) as c:
        check("every concurrent write is there", sum(len(c.scan(f"w{w}/")) for w in range(8)) == 400)
    print(f"ipc client check: {passed} passed, 0 failed")


if __name__ == "__main__":
    main()
