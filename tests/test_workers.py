"""Worker processes and Ctrl-C: a SIGINT that reaches a worker before it has set itself to ignore
SIGINT (between its fork and its initializer) must not raise inside it."""

from __future__ import annotations

import os
import signal
import sys

import pytest

from wenming_cli import workers

POSIX = pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="signal masks are POSIX")


def _state() -> tuple[object, bool]:
    blocked = signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, set())
    return signal.getsignal(signal.SIGINT), blocked


_IGNORE_SIGINT = workers._ignore_sigint


def _interrupted_before_ignoring() -> None:
    os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C arriving before the initializer has run
    _IGNORE_SIGINT()


@POSIX
def test_workers_ignore_sigint_and_the_parent_mask_is_restored():
    with workers.process_pool(2) as pool:
        handler, blocked = pool.submit(_state).result()
    assert handler == signal.SIG_IGN and not blocked
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())


@POSIX
@pytest.mark.skipif(sys.platform == "darwin", reason="macOS starts workers by spawning")
def test_a_sigint_between_fork_and_initializer_does_not_reach_the_worker(monkeypatch):
    monkeypatch.setattr(workers, "_ignore_sigint", _interrupted_before_ignoring)
    with workers.process_pool(1) as pool:
        assert pool.submit(_state).result() == (signal.SIG_IGN, False)
