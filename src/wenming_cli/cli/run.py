"""The `wenming` entry point: the one place where streams, Ctrl-C and click's errors are settled.

Imported before anything heavy, so that Ctrl-C while modules load still ends with "已中断。" and exit
130; a closed stdout or pipe (`| head -c 0`, `| true`, `>&-`) ends quietly with the exit code the run
would have had; a full disk on stdout is exit 2 with a message; a closed stderr never stops the results.
"""

from __future__ import annotations

import errno
import gc
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from wenming_cli.exitcodes import EXIT_INTERRUPTED  # imports nothing

_NOT_CHINESE = (
    "wenming: this console cannot display Chinese characters. "
    "Set PYTHONUTF8=1 (or run 'chcp 65001' on Windows) and try again.\n"
)


# Start-up makes some 90,000 objects that live as long as the run (typer's and pydantic's classes, the
# models' validators, the rubric). With Python's default threshold (700 new objects) the cycle collector
# walks them about 130 times before the first evidence file is read, a tenth of a quick check's fixed
# cost. Reference counting still frees everything else at once; only reference cycles wait longer.
YOUNG_OBJECTS = 100_000


def fewer_collections() -> None:
    """Let the collector's youngest generation grow to YOUNG_OBJECTS before a pass (never lower it)."""
    young, *older = gc.get_threshold()
    if 0 < young < YOUNG_OBJECTS:  # 0: collection is disabled, and stays so
        gc.set_threshold(YOUNG_OBJECTS, *older)


_ctrl_c_seen = False


def _on_ctrl_c(signum: int, frame: object) -> None:
    """Python's own Ctrl-C behaviour (KeyboardInterrupt), remembered: an error that the interruption sets
    off somewhere else (a worker pool torn down half-way, a lock left held) is then the interruption the
    clerk asked for, not an internal error to report."""
    global _ctrl_c_seen
    _ctrl_c_seen = True
    raise KeyboardInterrupt


def ctrl_c_seen() -> bool:
    return _ctrl_c_seen


def main(argv: list[str] | None = None) -> None:
    """Run wenming and exit with its code."""
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when started ignoring it
        signal.signal(signal.SIGINT, _on_ctrl_c)
    fewer_collections()
    code = run(argv)
    # Python's last act is a full collection over everything still alive: the run is over, so the
    # objects are frozen out of it (tens of milliseconds after a check of thousands of files).
    gc.freeze()
    # The work is done and its results are out: a Ctrl-C arriving while the interpreter shuts down
    # (when Python has already put back the default handler) must not turn the run's code into -SIGINT.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(code)


def run(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if "--debug" in args:  # any command: show the traceback of an internal error, for bug reports
        args.remove("--debug")
        os.environ["WENMING_DEBUG"] = "1"
    try:
        settle_streams()
        return _finish(_invoke(args))
    except KeyboardInterrupt:
        return interrupted()


def _invoke(argv: list[str] | None) -> int:
    from wenming_cli.cli.app import app
    from wenming_cli.cli.clickmsg import Abort, ClickException, show

    try:
        result = app(args=argv, prog_name="wenming", standalone_mode=False)
    except Abort:
        return interrupted()
    except ClickException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            exc.show()  # the help text itself
        else:
            show(exc)
        return exc.exit_code
    code = result if isinstance(result, int) else 0
    if code == EXIT_INTERRUPTED:  # typer turns a Ctrl-C outside our commands into a silent Exit(130)
        return interrupted()
    return code


_announced = False


def interrupted() -> int:
    """Say "已中断。" once, whoever noticed the Ctrl-C first, and give its exit code."""
    global _announced
    if _announced:
        return EXIT_INTERRUPTED
    _announced = True
    try:
        sys.stderr.write("\n已中断。\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass
    return EXIT_INTERRUPTED


def _finish(code: int) -> int:
    """Flush stdout now, so that a closed pipe or a full disk is decided here and not at exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
    except OSError as exc:
        silence_stdout()
        if exc.errno == errno.EPIPE:
            return code
        from wenming_cli.fsio import describe_os_error

        sys.stderr.write(f"错误：无法输出结果：{describe_os_error(exc)}。\n")
        return 2
    return code


@contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold a Ctrl-C until the block is done (so results are never cut in half), then let it act.

    The signal is blocked, not handled: a Python-level handler would interrupt the write(2) itself,
    and a large write to a pipe then ends short without an error.
    """
    block = getattr(signal, "pthread_sigmask", None)
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if block is None:  # Windows: no signal masks; ignore Ctrl-C for the few milliseconds of the write
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)
        return
    block(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        block(signal.SIG_UNBLOCK, {signal.SIGINT})  # a pending Ctrl-C raises KeyboardInterrupt here


def silence_stdout() -> None:
    """Point stdout at the null device: what is still buffered goes nowhere instead of raising at exit."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def settle_streams() -> None:
    """Closed stdout/stderr become the null device; a console that cannot show Chinese is told so once."""
    for fd, name in ((1, "stdout"), (2, "stderr")):
        if getattr(sys, name) is None:
            try:
                os.fstat(fd)
            except OSError:
                null = os.open(os.devnull, os.O_WRONLY)
                if null != fd:
                    os.dup2(null, fd)
                    os.close(null)
            setattr(sys, name, open(fd, "w", encoding="utf-8", errors="replace", closefd=False))  # noqa: SIM115
    told = False
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "ascii"
        reconfigure = getattr(stream, "reconfigure", None)
        if _can_show_chinese(encoding):
            if reconfigure is not None:
                _try(reconfigure, errors="replace")
            continue
        if reconfigure is None:
            continue
        if _is_tty(stream):
            # A console's code page cannot be changed from here: say so in ASCII, once.
            _try(reconfigure, errors="replace")
            if not told:
                told = True
                try:
                    sys.stderr.write(_NOT_CHINESE)
                except (OSError, ValueError):
                    pass
        else:
            _try(reconfigure, encoding="utf-8", errors="replace")  # a file or pipe: write UTF-8


def _can_show_chinese(encoding: str) -> bool:
    try:
        "中文：已中断".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _is_tty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (OSError, ValueError, AttributeError):
        return False


def _try(reconfigure, **kwargs) -> None:
    try:
        reconfigure(**kwargs)
    except (ValueError, OSError):
        pass
