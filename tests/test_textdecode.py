"""Text decoding for every text file a clerk writes, and captions read through it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from evidence_factory import activity, jpeg_bytes, yiyang_caption
from treehash import tree_hash

from wenming_cli.checks.engine import run_check
from wenming_cli.evidence.caption import parse_caption, parse_date, split_ids
from wenming_cli.textdecode import UndecodableText, decode_text, encoding_label

ROOT = Path(__file__).resolve().parents[1]
YIYANG_PLAN = ROOT / "examples" / "yiyang-party-school" / "unit.yaml"
TEXT = "时间：2021年5月12日\r\n主题：益阳市2021年市委党校文明交通宣传\r\n"


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),  # Notepad's "Unicode": BOM + UTF-16-LE
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-32"), "utf-32"),
        (TEXT.encode("gb18030"), "gb18030"),
        (b"plain ascii\n", "utf-8"),
    ],
)
def test_accepted_encodings(raw: bytes, encoding: str) -> None:
    text, found = decode_text(raw)
    assert found == encoding
    assert "主题" in text or text == "plain ascii\n"
    assert not text.startswith("\ufeff")


def test_stray_byte_in_utf8_is_refused_not_read_as_gbk() -> None:
    raw = TEXT.encode("utf-8") + "地点：报告厅".encode() + b"\x80\n"
    with pytest.raises(UndecodableText) as info:
        decode_text(raw)
    assert info.value.line == 3
    assert "第 3 行" in info.value.message and "0x80" in info.value.message
    assert isinstance(info.value, UnicodeDecodeError)  # old handlers keep working


def test_bytes_of_no_encoding_are_refused() -> None:
    with pytest.raises(UndecodableText, match="无法识别文字编码"):
        decode_text(b"abc\xff\xfe\x80\x81")


def test_bad_utf16_body_is_refused() -> None:
    with pytest.raises(UndecodableText, match="UTF-16"):
        decode_text(b"\xff\xfe" + "好".encode("utf-16-le") + b"\x00\xd8")  # a lone surrogate


def test_labels_are_chinese_facing() -> None:
    assert "记事本" in encoding_label("utf-16")
    assert encoding_label("gb18030") == "GB18030/GBK"


# -- captions ------------------------------------------------------------------------------------


def test_caption_parsing_controls_and_continuations() -> None:
    cap = parse_caption(
        "时间:2021.5.12 上午\n主题：益阳市2021年\n  市委党校学雷锋\n条款：22.2\n同时用于：23、a3-3.4，33\n媒体报道：是\n"
    )
    assert parse_date(cap.get("时间")) == dt.date(2021, 5, 12)
    assert cap.get("主题") == "益阳市2021年\n市委党校学雷锋"
    assert split_ids(cap.control("clauses")) == ["22.2"]
    assert split_ids(cap.control("also")) == ["23", "a3-3.4", "33"]
    assert cap.control("media") == "是"


@pytest.fixture
def yiyang(tmp_path: Path) -> Path:
    root = tmp_path / "evidence"
    root.mkdir()
    shutil.copy(YIYANG_PLAN, root / "unit.yaml")
    return root


def _caption_codes(root: Path) -> list[tuple[str, str | None]]:
    result, _, _ = run_check(root, as_of=dt.date(2021, 12, 1), quick=True)
    return [
        (f.code, f.path) for f in result.findings if f.code.startswith(("CAPTION", "TEXT", "ACTIVITY-DATE"))
    ]


def _one_activity(root: Path, caption_bytes: bytes, name: str = "活动说明.txt") -> Path:
    base = activity(root, "21 文明行为习惯", "2021-05-12 文明交通宣传", [jpeg_bytes(1)], None)
    (base / name).write_bytes(caption_bytes)
    return base


GOOD = yiyang_caption("2021年5月12日", "益阳市2021年市委党校文明交通宣传")


def test_utf16_caption_is_read(yiyang: Path) -> None:
    _one_activity(yiyang, GOOD.encode("utf-16"))
    assert _caption_codes(yiyang) == []


def test_gb18030_caption_is_read_with_an_info(yiyang: Path) -> None:
    _one_activity(yiyang, GOOD.encode("gb18030"), name="活动说明.txt.txt")
    path = "21 文明行为习惯/2021-05-12 文明交通宣传/活动说明.txt.txt"
    assert _caption_codes(yiyang) == [("TEXT-ENCODING", path)]


def test_stray_byte_in_a_caption_is_one_finding_not_the_end_of_the_run(yiyang: Path) -> None:
    _one_activity(yiyang, GOOD.encode("utf-8") + b"\x80")
    before = tree_hash(yiyang)
    found = _caption_codes(yiyang)
    # Not also CAPTION-MISSING or CAPTION-FIELD: the caption is there, it cannot be read.
    assert found == [("TEXT-UNDECODABLE", "21 文明行为习惯/2021-05-12 文明交通宣传/活动说明.txt")]
    assert tree_hash(yiyang) == before


def test_utf16_and_broken_reports_are_read_or_reported(yiyang: Path) -> None:
    reports = yiyang / "20 移风易俗" / "说明报告"
    reports.mkdir(parents=True)
    (reports / "2021-06-30 说明.txt").write_bytes("一、工作开展\n共开展活动 5 次。\n".encode("utf-16"))
    (reports / "2021-06-30 坏.txt").write_bytes("一、工作开展\n".encode() + b"\xff\x80")
    result, _, _ = run_check(yiyang, as_of=dt.date(2021, 12, 1), quick=True)
    by_path = {(f.code, f.path) for f in result.findings}
    assert ("REPORT-UNREADABLE", "20 移风易俗/说明报告/2021-06-30 坏.txt") in by_path
    assert not any(
        p == "20 移风易俗/说明报告/2021-06-30 说明.txt" and c.startswith(("REPORT-UNREADABLE", "FILE"))
        for c, p in by_path
    )
