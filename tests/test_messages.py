"""Messages for people, and documents classified by what they are: no English, no wrong report finding."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import docx
import pytest
from evidence_factory import write
from pdf_factory import Page, make_case, write_pdf
from PIL import Image

from wenming_cli.checks.engine import run_check
from wenming_cli.checks.reporttext import extract_report_text
from wenming_cli.evidence.sniff import type_label
from wenming_cli.imaging.messages import image_error_text

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "examples" / "yiyang-party-school" / "unit.yaml"


@pytest.fixture
def yiyang(tmp_path: Path) -> Path:
    root = tmp_path / "evidence"
    root.mkdir()
    shutil.copy(PLAN, root / "unit.yaml")
    return root


def _findings(root: Path, **kw) -> set[tuple[str, str | None]]:
    result, _, _ = run_check(root, as_of=dt.date(2021, 7, 10), **kw)
    return {(f.code, f.path) for f in result.findings}


def test_pillow_and_type_texts_are_chinese() -> None:
    bomb = Image.DecompressionBombError(
        "Image size (400000000 pixels) exceeds limit of 178956970 pixels, could be decompression bomb DOS attack."
    )
    assert image_error_text(bomb) == "图片像素过多（约 400 百万像素，上限 179 百万），疑似解压炸弹，未解码"
    assert image_error_text(OSError("image file is truncated (3 bytes not processed)")) == "图片文件不完整（被截断）"
    assert "object at 0x" not in image_error_text(OSError("cannot identify image file <_io.BytesIO object at 0x7f>"))
    assert type_label("text") == "纯文本" and type_label("unknown") == "无法识别的内容"


def test_type_mismatch_message_names_the_type_in_chinese(yiyang: Path) -> None:
    write(yiyang / "10 党风廉政建设" / "正式发文" / "2021-03-01 通知.pdf", "<html><body>通知</body></html>")
    result, _, _ = run_check(yiyang, as_of=dt.date(2021, 7, 10), quick=True)
    (mismatch,) = [f for f in result.findings if f.code == "FILE-TYPE-MISMATCH"]
    assert "纯文本" in mismatch.message and " text" not in mismatch.message


@pytest.mark.parametrize("quick", [False, True])
def test_documents_and_reports_by_place_and_content(yiyang: Path, quick: bool) -> None:
    folder = yiyang / "10 党风廉政建设"
    write(folder / "正式发文" / "2021-03-01 通知.pdf", "<html><body>通知</body></html>")
    write(folder / "说明报告" / "2021-03-02 工作说明.pdf", make_case("official", header="red", seal_page=1, seed=11).data)
    write(folder / "2021-03-03 会议纪实说明.pdf", write_pdf([Page(text=("一、会议情况", "全体党员参加学习。"))]))
    write(folder / "2021-03-04 文件.pdf", make_case("official", header="red", seal_page=1, seed=12).data)
    found = _findings(yiyang, quick=quick)
    html = "10 党风廉政建设/正式发文/2021-03-01 通知.pdf"
    assert ("FILE-TYPE-MISMATCH", html) in found
    assert not any(code.startswith("REPORT") and path == html for code, path in found)
    assert ("REPORT-FORMAT", "10 党风廉政建设/说明报告/2021-03-02 工作说明.pdf") in found
    loose_report = ("REPORT-FORMAT", "10 党风廉政建设/2021-03-03 会议纪实说明.pdf")
    assert (loose_report in found) == (not quick)  # --quick parses no PDF: a loose PDF stays a document
    assert ("REPORT-FORMAT", "10 党风廉政建设/2021-03-04 文件.pdf") not in found
    result, _, _ = run_check(yiyang, as_of=dt.date(2021, 7, 10), quick=quick)
    (note,) = [f for f in result.findings if f.code == "REPORT-FORMAT" and f.path.endswith("工作说明.pdf")]
    assert "另存为 .docx" in (note.fix or "")  # the clerk is told what to do, not only what is wrong


def test_docx_with_one_very_long_paragraph_is_read() -> None:
    document = docx.Document()
    document.add_paragraph("一、工作开展")
    document.add_paragraph("文" * 11_000_000)  # over lxml's 10 MB text-node limit
    buffer = io.BytesIO()
    document.save(buffer)
    report = extract_report_text("说明.docx", buffer.getvalue())
    assert report.error is None and len(report.blocks) == 2
