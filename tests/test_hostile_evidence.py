"""Evidence that fights back: FIFOs and devices with innocent names, names that are not UTF-8."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from treehash import tree_hash

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "yiyang-party-school"
WENMING = [sys.executable, "-m", "wenming_cli"]
POSIX = pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and byte file names are POSIX")


@pytest.fixture
def evidence(tmp_path: Path) -> Path:
    root = tmp_path / "evidence"
    shutil.copytree(EXAMPLE, root)
    return root


def _activity(root: Path) -> Path:
    return next(p.parent for p in sorted(root.rglob("活动说明.txt")))


def _check(root: Path, *extra: str, timeout: int = 60) -> subprocess.CompletedProcess:
    args = [*WENMING, "check", os.fsencode(root), "--as-of", "2021-07-10", *extra]
    return subprocess.run(args, capture_output=True, timeout=timeout)


@POSIX
def test_fifos_named_like_evidence_are_findings_never_a_hang(evidence: Path) -> None:
    folder = _activity(evidence)
    os.mkfifo(folder / "3.jpg")
    (folder / "活动说明.txt").unlink()
    os.mkfifo(folder / "活动说明.txt")
    before = tree_hash(evidence)
    for extra in ([], ["--quick"]):
        out = _check(evidence, "--format", "json", *extra, timeout=60)  # a hang fails by timeout
        assert out.returncode == 1, out.stderr.decode()
        found = {(f["code"], f["path"]) for f in json.loads(out.stdout)["findings"]}
        rel = folder.relative_to(evidence).as_posix()
        assert ("FILE-UNREADABLE", f"{rel}/3.jpg") in found
        assert ("FILE-UNREADABLE", f"{rel}/活动说明.txt") in found
        messages = [f["message"] for f in json.loads(out.stdout)["findings"] if f["path"] == f"{rel}/3.jpg"]
        assert any("命名管道" in m for m in messages)
    assert tree_hash(evidence) == before


@POSIX
@pytest.mark.skipif(not hasattr(os, "mknod") or os.geteuid() != 0, reason="creating a device node needs root")
def test_a_device_named_like_a_photo_is_a_finding(evidence: Path) -> None:
    folder = _activity(evidence)
    os.mknod(folder / "4.jpg", 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # like /dev/zero: never ends
    out = _check(evidence, "--format", "json", timeout=60)
    found = [f for f in json.loads(out.stdout)["findings"] if (f["path"] or "").endswith("/4.jpg")]
    assert found and found[0]["code"] == "FILE-UNREADABLE" and "设备文件" in found[0]["message"]


@POSIX
def test_names_that_are_not_utf8_appear_escaped_in_every_output(evidence: Path, tmp_path: Path) -> None:
    folder = _activity(evidence)
    photo = next(folder.glob("*.jpg"))
    bad = os.path.join(os.fsencode(folder), b"bad\xff\xfe.jpg")
    with open(bad, "wb") as handle:
        handle.write(photo.read_bytes())
    odd_folder = os.path.join(os.fsencode(folder.parent), b"2021-05-20 \xb2\xe2\xca\xd4")
    os.mkdir(odd_folder)
    with open(os.path.join(odd_folder, b"1.jpg"), "wb") as handle:
        handle.write(b"not a photo")
    before = tree_hash(evidence)
    out = _check(evidence, "--format", "json")
    assert out.returncode == 1, out.stderr.decode()
    paths = {f["path"] for f in json.loads(out.stdout.decode("utf-8"))["findings"] if f["path"]}
    rel = folder.relative_to(evidence).as_posix()
    assert f"{rel}/bad\\xff\\xfe.jpg" in paths
    assert any("2021-05-20 \\xb2\\xe2\\xca\\xd4" in p for p in paths)
    for name in ("check.md", "check.json", "check.txt"):
        res = _check(evidence, "-o", str(tmp_path / name))
        assert res.returncode == 1, res.stderr.decode()
        text = (tmp_path / name).read_text(encoding="utf-8-sig").replace("\\\\", "\\")  # JSON doubles it
        assert "bad\\xff\\xfe.jpg" in text
    for command, name in (("report", "r.xlsx"), ("report", "r.docx"), ("gaps", "g.md"), ("score", "s.json")):
        args = [*WENMING, command, os.fsencode(evidence), "--as-of", "2021-07-10", "-o", str(tmp_path / name)]
        res = subprocess.run(args, capture_output=True, timeout=60)
        assert res.returncode in (0, 1), (command, res.stderr.decode())
        assert (tmp_path / name).stat().st_size > 0
    assert tree_hash(evidence) == before


@POSIX
def test_evidence_folder_whose_own_name_is_not_utf8(tmp_path: Path) -> None:
    odd = os.path.join(os.fsencode(tmp_path), b"ev\xff")
    shutil.copytree(EXAMPLE, odd.decode("utf-8", "surrogateescape"))
    out = subprocess.run(
        [*WENMING, "report", odd, "--as-of", "2021-07-10", "-o", str(tmp_path / "r.xlsx")],
        capture_output=True, timeout=60,
    )
    assert out.returncode == 0, out.stderr.decode()
    res = subprocess.run([*WENMING, "check", odd, "--as-of", "2021-07-10", "--format", "json", "--quick"],
                         capture_output=True, timeout=60)
    assert json.loads(res.stdout)["evidence"].endswith("ev\\xff")


def test_a_huge_caption_is_a_finding_not_read_whole(evidence: Path) -> None:
    caption = _activity(evidence) / "活动说明.txt"
    with caption.open("r+b") as handle:
        handle.truncate(40_000_000)  # sparse: cheap to make, 40 MB to read
    out = _check(evidence, "--format", "json", "--quick")
    found = [f for f in json.loads(out.stdout)["findings"] if f["path"] == caption.relative_to(evidence).as_posix()]
    assert [f["code"] for f in found] == ["TEXT-UNDECODABLE"] and "过大" in found[0]["message"]
