"""Facts of unchanged files, kept between runs in the user's cache directory (never the evidence folder).

An entry is served only when the file's path, size, modification time (ns), inode, change time (ns) and
the checksums of its first and last 64 KB all match, and for the same pass (quick or full) and the same
wenming version. Anything unexpected (a damaged cache, a read-only disk) makes the cache step aside: a
check never fails because of it.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from wenming_cli import __version__
from wenming_cli.evidence.reader import FileFacts, fingerprint, read_edges
from wenming_cli.fsio import open_regular
from wenming_cli.usercache import ENV_DIR, cache_dir  # noqa: F401  (ENV_DIR re-exported for tests)

_SCHEMA = 3  # 3: edges checked by CRC-32 (was blake2b)
_FILE = "facts.sqlite"


def _key(path: str) -> str:
    # A name that is not valid UTF-8 (surrogate-escaped by Python) cannot be stored as SQLite text as is.
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _stamp(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns


class FactCache:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._stamps: dict[tuple[str, bool], tuple[tuple[int, int, int, int], str]] = {}
        self.hits = 0

    @classmethod
    def open_for(cls, evidence: Path) -> FactCache | None:
        """The cache for checking `evidence`, or None when it cannot be used (or would lie inside it)."""
        folder = cache_dir()
        try:
            folder = folder.resolve()
            root = evidence.resolve()
            if folder == root or root in folder.parents:
                return None  # never write inside the evidence folder
            folder.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(str(folder / _FILE), timeout=10)
            db.execute(
                "CREATE TABLE IF NOT EXISTS facts (path TEXT, full INTEGER, size INTEGER, mtime INTEGER,"
                " inode INTEGER, ctime INTEGER, edges TEXT, version TEXT, data BLOB,"
                " PRIMARY KEY (path, full))"
            )
            return cls(db)
        except (OSError, sqlite3.Error):
            return None

    def get(self, path: str, full: bool) -> FileFacts | None:
        """The stored facts when the file is unchanged; reads the file's first and last 64 KB."""
        try:
            with open_regular(path) as handle:  # a FIFO named 3.jpg must not block here either
                st = os.fstat(handle.fileno())
                stamp = _stamp(st)
                row = self._db.execute(
                    "SELECT size, mtime, inode, ctime, edges, version, data FROM facts WHERE path=? AND full=?",
                    (_key(path), int(full)),
                ).fetchone()
                if row is None or tuple(row[:4]) != stamp or row[5] != f"{_SCHEMA}/{__version__}":
                    # A miss whatever its edges hold: the read that follows hashes them (not twice).
                    self._stamps[(path, full)] = (stamp, "")
                    return None
                head, tail = read_edges(handle, st.st_size)
        except (OSError, sqlite3.Error):
            return None
        edges = fingerprint(st.st_size, head, tail)
        self._stamps[(path, full)] = (stamp, edges)
        if row[4] != edges:
            return None
        try:
            facts = pickle.loads(row[6])
        except Exception:  # noqa: BLE001 - a damaged entry is a miss, never a crash
            return None
        if not isinstance(facts, FileFacts) or facts.fingerprint != edges:
            return None
        self.hits += 1
        return facts

    def put_many(self, items: Iterable[tuple[str, bool, FileFacts | None]]) -> None:
        rows = []
        for path, full, facts in items:
            if facts is None or facts.read_error is not None or facts.fingerprint is None:
                continue
            known = self._stamps.get((path, full))
            if known is None:
                try:
                    known = (_stamp(os.stat(path)), "")
                except OSError:
                    continue
            stamp, _ = known
            if stamp[0] != facts.size:
                continue  # changed while it was read: do not remember it
            rows.append(
                (_key(path), int(full), *stamp, facts.fingerprint, f"{_SCHEMA}/{__version__}", pickle.dumps(facts))
            )
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO facts VALUES (?,?,?,?,?,?,?,?,?)", rows)
        except sqlite3.Error:
            pass

    def close(self) -> None:
        try:
            self._db.close()
        except sqlite3.Error:
            pass
