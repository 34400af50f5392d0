"""Worker processes that Ctrl-C stops cleanly: they ignore SIGINT (the parent alone decides), and on any
exception in the parent the pending work is cancelled and the workers are ended, so none is orphaned."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # multiprocessing is imported when a pool is made, not by every check that may make one
    from concurrent.futures import ProcessPoolExecutor


def _ignore_sigint() -> None:
    # A terminal's Ctrl-C reaches the whole process group; only the parent should react to it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def process_pool(max_workers: int) -> Iterator[ProcessPoolExecutor]:
    """A ProcessPoolExecutor whose workers never print a KeyboardInterrupt and never outlive an error."""
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=max_workers, initializer=_ignore_sigint)
    try:
        yield pool
    except BaseException:
        stop(pool)
        raise
    pool.shutdown(wait=True)


def stop(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers now, without waiting for their current task."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
