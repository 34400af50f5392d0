"""Evidence zips: names from Windows and elsewhere, escaping entries, bombs, clutter, and the CLI."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from evidence_factory import activity, jpeg_bytes, yiyang_caption
from treehash import tree_hash
from typer.testing import CliRunner

from wenming_cli.cli.app import app
from wenming_cli.evidence.archive import (
    ArchiveLimits,
    ArchiveRefused,
    decode_name,
    extract,
    is_zip,
    opened_archive,
)

ROOT = Path(__file__).resolve().parents[1]
YIYANG_PLAN = ROOT / "examples" / "yiyang-party-school" / "unit.yaml"


class _RawNameInfo(zipfile.ZipInfo):
    """A member whose name is stored as `encoding` bytes without the UTF-8 flag (as Windows zips do)."""

    encoding = "gbk"

    def _encodeFilenameFlags(self):  # noqa: N802  (zipfile's name)
        return self.filename.encode(self.encoding), self.flag_bits & ~0x800


def make_zip(path: Path, members: dict[str, bytes], *, encoding: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            if encoding is None:
                archive.writestr(name, data)
            else:
                info = _RawNameInfo(name, (2021, 5, 12, 0, 0, 0))
                info.encoding = encoding
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data)
    return path


def evidence_members() -> dict[str, bytes]:
    caption = yiyang_caption("2021年5月12日", "益阳市2021年市委党校文明交通宣传").encode()
    return {
        "证据/unit.yaml": YIYANG_PLAN.read_bytes(),
        # Unpadded: the factory's padding is zeros, which would compress like a bomb.
        "证据/21 文明行为习惯/2021-05-12 文明交通宣传/1.jpg": jpeg_bytes(1, size=None),
        "证据/21 文明行为习惯/2021-05-12 文明交通宣传/活动说明.txt": caption,
        "证据/21 文明行为习惯/2021-05-12 文明交通宣传/Thumbs.db": b"clutter",
        "__MACOSX/证据/._unit.yaml": b"clutter",
    }


@pytest.mark.parametrize("encoding", [None, "gbk", "utf-8"])
def test_names_decode_from_windows_and_elsewhere(tmp_path: Path, encoding: str | None) -> None:
    path = make_zip(tmp_path / "e.zip", {"22 学雷锋志愿服务/活动说明.txt": b"x"}, encoding=encoding)
    with zipfile.ZipFile(path) as archive:
        (info,) = archive.infolist()
        assert decode_name(info) == "22 学雷锋志愿服务/活动说明.txt"


@pytest.mark.parametrize("name", ["一.jpg", "二/一.jpg", "我们的节日·春节/1.jpg", "学习.jpg"])
@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
def test_names_valid_in_both_readings_keep_the_chinese_one(tmp_path: Path, name: str, encoding: str) -> None:
    # GBK 一 is D2 BB, which is also valid UTF-8 (Cyrillic һ): a flagless name must not become mojibake.
    raw = name.encode(encoding)
    path = make_zip(tmp_path / "e.zip", {name: b"x"}, encoding=encoding)
    with zipfile.ZipFile(path) as archive:
        (info,) = archive.infolist()
        assert decode_name(info) == name, raw


def test_single_top_folder_becomes_the_evidence_and_clutter_is_noted(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "e.zip", evidence_members(), encoding="gbk")
    assert is_zip(path)
    with opened_archive(path) as ex:
        assert ex.inner == "证据" and (ex.folder / "unit.yaml").is_file()
        assert ex.shown == f"{path}/证据"
        skipped = sorted(n.entry for n in ex.notes)
        assert skipped == [
            "__MACOSX/证据/._unit.yaml",
            "证据/21 文明行为习惯/2021-05-12 文明交通宣传/Thumbs.db",
        ]
        root = ex.root
    assert not root.exists()  # removed after the block


@pytest.mark.parametrize(
    "name", ["../evil.txt", "a/../../evil.txt", "/etc/evil.txt", "C:/evil.txt", "..\\evil.txt"]
)
def test_entries_escaping_the_archive_refuse_it_naming_the_entry(tmp_path: Path, name: str) -> None:
    path = make_zip(tmp_path / "e.zip", {"ok.txt": b"x", name: b"x"})
    dest = tmp_path / "out"
    dest.mkdir()
    with pytest.raises(ArchiveRefused) as info:
        extract(path, dest)
    assert "拒绝打开" in info.value.message and "evil.txt" in info.value.message
    assert list(dest.iterdir()) == []  # refused before anything was written
    assert not (tmp_path / "evil.txt").exists()


def test_ratio_bomb_and_total_size_are_refused(tmp_path: Path) -> None:
    bomb = make_zip(tmp_path / "bomb.zip", {"a.txt": bytes(50_000_000)})
    assert bomb.stat().st_size < 100_000
    with pytest.raises(ArchiveRefused, match="压缩比"):
        with opened_archive(bomb):
            pass
    small = make_zip(tmp_path / "big.zip", {"a.jpg": jpeg_bytes(1, size=3_000_000)})
    with pytest.raises(ArchiveRefused, match="超过上限"):
        with opened_archive(small, ArchiveLimits(max_total=2_000_000)):
            pass


def test_entry_writing_more_than_it_declares_is_stopped(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "e.zip", {"a.txt": b"y" * 5000})
    data = bytearray(path.read_bytes())
    # Lower the declared size in both headers: extraction must stop at the declared size, not trust the stream.
    with zipfile.ZipFile(path) as archive:
        info = archive.infolist()[0]
    local = info.header_offset
    data[local + 22 : local + 26] = (100).to_bytes(4, "little")
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (100).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    dest = tmp_path / "out"
    dest.mkdir()
    try:
        ex = extract(path, dest)
    except ArchiveRefused:
        return
    written = dest / "a.txt"
    assert ex.notes or written.stat().st_size <= 100
    assert not written.exists() or written.stat().st_size <= 100


def test_check_score_gaps_report_read_a_zip(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "证据.zip", evidence_members(), encoding="gbk")
    before = tree_hash(tmp_path)
    runner = CliRunner()
    res = runner.invoke(app, ["check", str(path), "--as-of", "2021-12-01", "--format", "json", "--quick"])
    assert res.exit_code in (0, 1), res.output
    data = json.loads(res.stdout)
    assert data["evidence"] == f"{path}/证据"
    paths = {f["path"] for f in data["findings"]}
    assert "__MACOSX/证据/._unit.yaml" in paths
    assert "21 文明行为习惯/2021-05-12 文明交通宣传/Thumbs.db" in paths  # inside-archive, relative to 证据/
    assert not any("wenming-zip-" in json.dumps(f, ensure_ascii=False) for f in data["findings"])
    for command in ("score", "gaps"):
        res = runner.invoke(app, [command, str(path), "--as-of", "2021-12-01", "--format", "json", "--quick"])
        assert res.exit_code in (0, 1), res.output
        assert json.loads(res.stdout)
    out = tmp_path / "out"
    out.mkdir()
    res = runner.invoke(
        app, ["report", str(path), "--as-of", "2021-12-01", "-o", str(out / "r.md"), "--quick"]
    )
    assert res.exit_code == 0, res.output
    assert (out / "r.md").stat().st_size > 0
    shutil.rmtree(out)
    assert tree_hash(tmp_path) == before


def test_unit_plan_errors_in_a_zip_name_the_archive(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "e.zip", {"证据/unit.yaml": b"rubric: [unclosed\n", "证据/21/a.txt": b"x"})
    res = CliRunner().invoke(app, ["check", str(path), "--as-of", "2021-12-01"])
    assert res.exit_code == 2
    assert "wenming-zip-" not in res.output
    assert "e.zip/证据" in res.output


def test_a_zip_inside_the_evidence_is_still_only_a_finding(tmp_path: Path) -> None:
    root = tmp_path / "ev"
    shutil.copytree(ROOT / "examples" / "yiyang-party-school", root, dirs_exist_ok=True)
    activity(root, "21 文明行为习惯", "2021-05-12 x", [jpeg_bytes(1)], None)
    make_zip(root / "21 文明行为习惯" / "2021-05-12 x" / "more.zip", {"a.jpg": b"x"})
    res = CliRunner().invoke(
        app, ["check", str(root), "--as-of", "2021-12-01", "--format", "json", "--quick"]
    )
    codes = {(f["code"], f["path"]) for f in json.loads(res.stdout)["findings"]}
    assert ("FILE-ARCHIVE", "21 文明行为习惯/2021-05-12 x/more.zip") in codes
