"""Ending workers on Ctrl-C: even one the pool had not yet recorded when the interrupt struck."""

from __future__ import annotations

import sys
import time

import pytest

from wenming_cli import workers

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="fork and signal masks")


class _EmptyPool:
    """A pool that has recorded no worker yet (the moment between a worker's start and its record)."""

    _processes: dict = {}

    def shutdown(self, wait: bool, cancel_futures: bool) -> None:
        pass


@POSIX
def test_a_worker_started_but_not_recorded_by_the_pool_is_still_ended() -> None:
    context = workers._QuietStart()
    process = context.Process(target=time.sleep, args=(60,))
    process.start()
    assert context.started == [process]
    workers.stop(_EmptyPool(), context.started)  # type: ignore[arg-type]
    assert not process.is_alive()


def test_a_pool_still_reads_and_stops_cleanly() -> None:
    with workers.process_pool(2) as pool:
        assert list(pool.map(abs, [-1, -2, -3])) == [1, 2, 3]
    with pytest.raises(KeyboardInterrupt), workers.process_pool(2) as pool:
        list(pool.map(abs, [-1, -2]))
        raise KeyboardInterrupt
    assert all(not p.is_alive() for p in (pool._processes or {}).values())
