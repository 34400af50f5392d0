"""Nothing lost: outputs never inside the evidence, always atomic, never replacing without --force."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from treehash import tree_hash
from typer.testing import CliRunner

from wenming_cli import fsio
from wenming_cli.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "yiyang-party-school"
runner = CliRunner()


@pytest.fixture
def evidence(tmp_path: Path) -> Path:
    root = tmp_path / "evidence"
    shutil.copytree(EXAMPLE, root)
    return root


def _run(*args: str):
    return runner.invoke(app, [*args, "--as-of", "2021-07-10", "--quick"])


@pytest.mark.parametrize("command", ["check", "score", "gaps", "report"])
def test_output_inside_the_evidence_is_refused(evidence: Path, command: str) -> None:
    caption = next(evidence.rglob("活动说明.txt"))
    before = tree_hash(evidence)
    target = caption.with_name("结果.md") if command == "report" else caption
    res = _run(command, str(evidence), "-o", str(target), "--force")
    assert res.exit_code == 2
    assert "证据文件夹" in res.output.replace("\n", "")
    assert tree_hash(evidence) == before


def test_output_through_a_link_into_the_evidence_is_refused(evidence: Path, tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(evidence, target_is_directory=True)
    before = tree_hash(evidence)
    caption = next(evidence.rglob("活动说明.txt")).relative_to(evidence)
    res = _run("check", str(evidence), "-o", str(link / caption), "--force", "--format", "plain")
    assert res.exit_code == 2 and "证据文件夹" in res.output.replace("\n", "")
    assert tree_hash(evidence) == before


def test_output_that_is_a_folder_or_has_no_extension(evidence: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    res = _run("check", str(evidence), "-o", str(folder), "--force")
    assert res.exit_code == 2 and "文件夹" in res.output.replace("\n", "") and "Traceback" not in res.output.replace("\n", "")
    res = _run("check", str(evidence), "-o", str(tmp_path / "结果"))
    assert res.exit_code == 2 and ".json" in res.output.replace("\n", "") and ".md" in res.output.replace("\n", "")


def test_full_disk_keeps_the_old_file_and_says_so(evidence: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "结果.json"
    out.write_text("old", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fsio.os, "fsync", full)
    res = _run("check", str(evidence), "-o", str(out), "--force")
    assert res.exit_code == 2
    assert "磁盘已满" in res.output.replace("\n", "") and "No space" not in res.output.replace("\n", "")
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_exists_is_decided_at_write_time(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    fsio.write_atomic(target, b"first", replace=False)
    with pytest.raises(FileExistsError):
        fsio.write_atomic(target, b"second", replace=False)  # e.g. another run wrote it meanwhile
    assert target.read_bytes() == b"first"
    fsio.write_atomic(target, b"third", replace=True)
    assert target.read_bytes() == b"third"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]


def test_write_error_midway_leaves_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "a.xlsx"

    def boom(handle) -> None:
        handle.write(b"half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        fsio.write_atomic(target, boom, replace=True)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_read_regular_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "活动说明.txt"
    os.mkfifo(fifo)
    with pytest.raises(fsio.NotRegularFile) as info:
        fsio.read_regular(fifo)
    assert "命名管道" in fsio.describe_os_error(info.value)
    with pytest.raises(fsio.FileTooLarge):
        big = tmp_path / "big"
        big.write_bytes(b"x" * 100)
        fsio.read_regular(big, limit=10)


def test_os_errors_are_chinese() -> None:
    assert fsio.describe_os_error(OSError(errno.ELOOP, "Too many levels of symbolic links")) == (
        "符号链接层数过多（可能形成循环）"
    )
    assert "系统错误" in fsio.describe_os_error(OSError(12345, "weird"))
