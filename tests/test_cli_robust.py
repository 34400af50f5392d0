"""The command line under hostile conditions: closed pipes and streams, Ctrl-C, usage errors, consoles."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from evidence_factory import jpeg_bytes, picture
from treehash import tree_hash

from wenming_cli.cli import run as run_mod

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "yiyang-party-school"
POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX file descriptors and signals")
WENMING = [sys.executable, "-m", "wenming_cli"]


def _check(*extra: str) -> list[str]:
    return [*WENMING, "check", str(EXAMPLE), "--as-of", "2021-07-10", "--quick", *extra]


def _expected_code() -> int:
    return subprocess.run(_check("--format", "json"), capture_output=True, timeout=120).returncode


@POSIX
def test_closed_pipes_end_quietly_with_the_code_they_would_have_had() -> None:
    expected = _expected_code()
    assert expected == 1  # the example has gaps on purpose
    for shell in ("{cmd} | head -c 0", "{cmd} | true", "{cmd} >&-"):
        cmd = " ".join(f"'{a}'" for a in _check("--format", "json"))
        script = shell.format(cmd=cmd) + "; echo \"rc=${PIPESTATUS[0]:-$?}\" >&2"
        out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120)
        assert f"rc={expected}" in out.stderr, (shell, out.stderr)
        assert "Traceback" not in out.stderr and "内部错误" not in out.stderr and "Exception ignored" not in out.stderr


@POSIX
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_full_disk_on_stdout_is_exit_2_with_a_message() -> None:
    with open("/dev/full", "w") as full:
        out = subprocess.run(_check("--format", "json"), stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert out.returncode == 2
    assert "磁盘已满" in out.stderr and "Traceback" not in out.stderr


@POSIX
def test_closed_stderr_still_gives_results() -> None:
    out = subprocess.run(
        _check("--format", "json"), stdout=subprocess.PIPE, stderr=None, timeout=120,
        preexec_fn=lambda: os.close(2),  # noqa: PLW1509
    )
    assert out.returncode == 1
    assert out.stdout.lstrip().startswith(b"{") and out.stdout.rstrip().endswith(b"}")


def test_usage_errors_are_chinese_and_exit_2() -> None:
    cases = {
        ("check",): "请给出证据文件夹路径",
        ("check", str(EXAMPLE), "--as-of", "2021-13-01"): "不是 YYYY-MM-DD 格式的日期",
        ("check", str(EXAMPLE), "--workers", "0"): "应不小于 1",
        ("check", str(EXAMPLE), "--bogus"): "没有选项 --bogus",
        ("chek",): "没有命令“chek”",
        ("check", str(EXAMPLE), "--format", "xml"): "不是可选值",
        ("gaps", "a", "b"): "多余的参数：b",  # check and score take several folders (batch)
    }
    for args, expected in cases.items():
        out = subprocess.run([*WENMING, *args], capture_output=True, text=True, timeout=60)
        assert out.returncode == 2, args
        assert expected in out.stderr, (args, out.stderr)
        assert "Usage" not in out.stderr and "Error:" not in out.stderr and "Traceback" not in out.stderr


def test_debug_shows_the_traceback_of_an_internal_error(monkeypatch, tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "import wenming_cli.checks.engine as e\n"
        "def boom(*a, **k): raise RuntimeError('boom')\n"
        "e.run_check = boom\n"
        "import wenming_cli.cli.check_cmd as c\n"
        "c.run_check = boom\n"
        "from wenming_cli.cli.run import main\n"
        "main(sys.argv[1:])\n"
    )
    base = [sys.executable, "-c", code, "check", str(EXAMPLE), "--as-of", "2021-07-10"]
    plain = subprocess.run(base, capture_output=True, text=True, timeout=60)
    assert plain.returncode == 2 and "内部错误" in plain.stderr and "Traceback" not in plain.stderr
    debug = subprocess.run([*base, "--debug"], capture_output=True, text=True, timeout=60)
    assert debug.returncode == 2 and "Traceback" in debug.stderr and "RuntimeError: boom" in debug.stderr


@pytest.fixture(scope="module")
def many_photos(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("big") / "evidence"
    root.mkdir()
    shutil.copy(EXAMPLE / "unit.yaml", root / "unit.yaml")
    for i in range(24):
        folder = root / "21 文明行为习惯" / f"2021-05-{i + 1:02d} 活动{i}"
        folder.mkdir(parents=True)
        (folder / "1.jpg").write_bytes(jpeg_bytes(i, size=None, image=picture(i, (2400, 1600))))
    return root


def _interrupt(args: list[str], delay: float) -> tuple[int, bytes, str]:
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: the whole process group, workers included
    out, err = proc.communicate(timeout=120)
    time.sleep(0.3)
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)  # no worker left behind
    return proc.returncode, out, err.decode("utf-8", "replace")


@POSIX
def test_ctrl_c_at_any_moment(many_photos: Path, tmp_path: Path) -> None:
    before = tree_hash(many_photos)
    out_file = tmp_path / "结果.json"
    args = [*WENMING, "check", str(many_photos), "--as-of", "2021-07-10", "--workers", "2", "-o", str(out_file)]
    seen_130 = 0
    # From 0.15 s: before that the interpreter itself is starting (site.py), before any wenming code.
    for delay in (0.15, 0.3, 0.8, 1.5, 2.5):  # module loading, scanning, decoding in workers, writing
        code, _, err = _interrupt(args, delay)
        assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
        if code == -signal.SIGINT and err == "":
            # Python had not yet installed its own handler (interpreter start-up, before any wenming
            # code): the default action ends the process silently, which is as clean as it gets.
            assert not out_file.exists()
        elif code in (130, -signal.SIGINT):
            # A shell reports death by SIGINT as $? = 130 too; what matters is the message and that
            # nothing half-written is left (checked below).
            seen_130 += 1
            assert "已中断。" in err
        else:
            assert code == 1 and "已写入" in err, (delay, code, err)  # finished before the Ctrl-C
        if out_file.exists():  # never a partial output file: all of it, or none
            json.loads(out_file.read_text(encoding="utf-8"))
            out_file.unlink()
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
    assert seen_130 >= 2
    assert tree_hash(many_photos) == before


@POSIX
def test_ctrl_c_never_cuts_results_on_stdout(many_photos: Path) -> None:
    args = [*WENMING, "check", str(many_photos), "--as-of", "2021-07-10", "--workers", "2", "--format", "json"]
    for delay in (1.0, 2.0):
        code, out, err = _interrupt(args, delay)
        assert code in (1, 130) and "Traceback" not in err
        assert out == b"" or out.rstrip().endswith(b"}")  # all or nothing


def test_no_color_is_honoured() -> None:
    env = dict(os.environ, NO_COLOR="1")
    out = subprocess.run(_check("--format", "rich"), capture_output=True, env=env, timeout=120)
    import re

    colours = re.findall(rb"\x1b\[(?:[0-9;]*;)?(3[0-9]|4[0-9]|9[0-7])(?:;[0-9;]*)?m", out.stdout)
    assert colours == []


class _FakeStream(io.StringIO):
    def __init__(self, encoding: str, tty: bool) -> None:
        super().__init__()
        self._encoding, self._tty = encoding, tty
        self.reconfigured: dict[str, str] = {}

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.reconfigured.get("encoding", self._encoding)

    def isatty(self) -> bool:
        return self._tty

    def reconfigure(self, **kwargs: str) -> None:
        self.reconfigured.update(kwargs)


def test_console_that_cannot_show_chinese_is_told_once_in_ascii(monkeypatch) -> None:
    out, err = _FakeStream("cp437", tty=True), _FakeStream("cp437", tty=True)
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    run_mod.settle_streams()
    note = err.getvalue()
    assert note.count("PYTHONUTF8=1") == 1 and "chcp 65001" in note and note.isascii()
    piped = _FakeStream("ascii", tty=False)
    monkeypatch.setattr(sys, "stdout", piped)
    monkeypatch.setattr(sys, "stderr", _FakeStream("utf-8", tty=False))
    run_mod.settle_streams()
    assert piped.reconfigured.get("encoding") == "utf-8"  # a file or pipe simply gets UTF-8


def test_piped_output_with_an_ascii_locale_is_utf8() -> None:
    env = dict(os.environ, PYTHONIOENCODING="ascii")
    out = subprocess.run(_check("--format", "json"), capture_output=True, env=env, timeout=120)
    assert out.returncode == 1
    assert "中共益阳市委党校" in out.stdout.decode("utf-8")


@POSIX
def test_an_error_set_off_by_ctrl_c_is_the_interruption_not_an_internal_error() -> None:
    """A Ctrl-C landing inside library code can surface as another exception (a pool torn down half-way,
    a lock left held). After a Ctrl-C that is the interruption: "已中断。" and 130, never "内部错误"."""
    code = (
        "import os, signal, sys\n"
        "import wenming_cli.checks.engine as e\n"
        "import wenming_cli.cli.check_cmd as c\n"
        "def torn(*a, **k):\n"
        "    try:\n"
        "        os.kill(os.getpid(), signal.SIGINT)\n"
        "        for _ in range(10**7): pass\n"
        "    except KeyboardInterrupt:\n"
        "        raise RuntimeError('a pool torn down half-way') from None\n"
        "e.run_check = torn\n"
        "c.run_check = torn\n"
        "from wenming_cli.cli.run import main\n"
        "main(sys.argv[1:])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, "check", str(EXAMPLE), "--as-of", "2021-07-10"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 130 and "已中断。" in out.stderr, out.stderr
    assert "内部错误" not in out.stderr and "Traceback" not in out.stderr
