"""Worker processes that Ctrl-C stops cleanly: they ignore SIGINT (the parent alone decides), and on any
exception in the parent the pending work is cancelled and the workers are ended, so none is orphaned."""

from __future__ import annotations

import gc
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # multiprocessing is imported when a pool is made, not by every check that may make one
    from concurrent.futures import ProcessPoolExecutor


def _ignore_sigint() -> None:
    # A terminal's Ctrl-C reaches the whole process group; only the parent should react to it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker forked while the parent paused its cycle collector (`evidence.scan`) would inherit the
    # pause; a worker parsing PDFs makes reference cycles and needs it running.
    gc.enable()
    if hasattr(signal, "pthread_sigmask"):
        # Blocked since the fork (see _QuietStart): one that came meanwhile is now ignored, not raised.
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


class _QuietStart:
    """The default multiprocessing context, whose workers start with SIGINT blocked until they ignore it.

    A Ctrl-C between a worker's fork and its initializer would otherwise raise KeyboardInterrupt inside
    the new worker and print a traceback. Blocking it in the parent around each start (the child inherits
    the mask) defers it there: the parent then gets it as usual, the worker never does.
    """

    def __init__(self) -> None:
        import multiprocessing

        self._context = multiprocessing.get_context()
        base = self._context.Process
        # Every worker started, recorded before a deferred Ctrl-C can strike: one that strikes between a
        # worker's start and the pool recording it would leave that worker alive, and the exit waiting
        # on it for ever (seen once in test_ctrl_c_at_any_moment); `stop` ends these too.
        started: list = []
        self.started = started

        class Process(base):  # type: ignore[valid-type, misc]
            def start(self) -> None:
                if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks, no fork either
                    super().start()
                    started.append(self)
                    return
                old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
                try:
                    super().start()
                    started.append(self)
                finally:
                    signal.pthread_sigmask(signal.SIG_SETMASK, old)

        self.Process = Process

    def __getattr__(self, name: str) -> object:
        return getattr(self._context, name)


@contextmanager
def process_pool(max_workers: int) -> Iterator[ProcessPoolExecutor]:
    """A ProcessPoolExecutor whose workers never print a KeyboardInterrupt and never outlive an error."""
    from concurrent.futures import ProcessPoolExecutor

    context = _QuietStart()
    pool = ProcessPoolExecutor(
        max_workers=max_workers,
        mp_context=context,  # type: ignore[arg-type]
        initializer=_ignore_sigint,
    )
    try:
        yield pool
    except BaseException:
        stop(pool, context.started)
        raise
    pool.shutdown(wait=True)


def stop(pool: ProcessPoolExecutor, started: list | tuple = ()) -> None:
    """Cancel what has not started and end the workers now, without waiting for their current task;
    `started`: workers the pool may not have recorded yet (see _QuietStart)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    processes += [p for p in started if p not in processes]
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
