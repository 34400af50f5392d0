"""Ask the system to fetch the edges of the files a pass is about to read, many at once.

The header pass (and the cache's check of a file's edges) reads 64 KB at each end of thousands of
files, one after another: on a cold disk most of its time is waiting for each read in turn. A
background thread tells the kernel, file by file ahead of the readers, which parts will be read
(`posix_fadvise(WILLNEED)`), so the disk serves many at once. It reads nothing itself, never blocks
on a FIFO, and where the call does not exist (Windows, macOS) it does nothing.

On a warm re-run (the files' edges already in memory) the hints would only cost time: a sample of the
files is probed first, and the thread starts only when part of the sample would have to come from disk.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from wenming_cli.evidence.reader import EDGE

MIN_FILES = 64  # below this the reads are over before a hint could help
SAMPLE = 32  # files probed to tell a warm folder from a cold one


@contextmanager
def edge_prefetch(paths: list[str]) -> Iterator[None]:
    """Hint the first and last 64 KB of `paths` while the body runs (stops when it ends)."""
    if len(paths) < MIN_FILES or not hasattr(os, "posix_fadvise") or edges_resident(paths):
        yield
        return
    stop = threading.Event()
    worker = threading.Thread(target=hint_edges, args=(paths, stop), name="wenming-prefetch", daemon=True)
    worker.start()
    try:
        yield
    finally:
        stop.set()


def hint_edges(paths: list[str], stop: threading.Event | None = None) -> int:
    """Hint each regular file's edges; returns how many files were hinted."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    hinted = 0
    for path in paths:
        if stop is not None and stop.is_set():
            break
        try:
            fd = os.open(path, flags)  # O_NONBLOCK: a FIFO named 3.jpg must not hold the thread
        except OSError:
            continue
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                continue
            os.posix_fadvise(fd, 0, EDGE, os.POSIX_FADV_WILLNEED)
            if st.st_size > EDGE:
                os.posix_fadvise(fd, max(EDGE, st.st_size - EDGE), EDGE, os.POSIX_FADV_WILLNEED)
            hinted += 1
        except OSError:
            pass
        finally:
            os.close(fd)
    return hinted


def edges_resident(paths: list[str], sample: int = SAMPLE) -> bool:
    """Whether both ends of an even sample of `paths` are already in memory: read one byte at each end
    without waiting for the disk (`RWF_NOWAIT`). False whenever it cannot tell (no such call, a file
    system that refuses it): hinting then is the safe choice."""
    nowait = getattr(os, "RWF_NOWAIT", None)
    if nowait is None or not hasattr(os, "preadv") or not paths:
        return False
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    probe = bytearray(1)
    step = max(1, len(paths) // sample)
    for path in paths[::step][:sample]:
        try:
            fd = os.open(path, flags)
        except OSError:
            continue  # gone or unreadable: the reader will say so
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_size == 0:
                continue
            for offset in {0, st.st_size - 1}:
                os.preadv(fd, [probe], offset, nowait)
        except OSError:  # BlockingIOError: on disk; anything else: cannot tell
            return False
        finally:
            os.close(fd)
    return True
