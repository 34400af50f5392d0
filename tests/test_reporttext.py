"""Explanatory reports: reading .docx/.txt/.md, and headings, measures, data, phrases and length."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

from wenming_cli.checks.reporttext import analyse_report, extract_report_text
from wenming_cli.models.rubric import BannedPhrase, ReportRules

FIXTURES = Path(__file__).parent / "fixtures" / "reports"

# The Yiyang rules (附件2 注4), with the length limit a city may add (500 characters).
RULES = ReportRules(
    banned_phrases=(
        BannedPhrase(text="截至目前", source="stated"),
        BannedPhrase(text="近年来", source="stated"),
        BannedPhrase(text="截止目前", source="inferred"),
    ),
    min_measures=3,
    headings_required=True,
    data_required=True,
    max_chars=500,
)


def analyse(name: str, rules: ReportRules = RULES):
    text = extract_report_text(name, (FIXTURES / name).read_bytes())
    assert text.error is None and not text.unsupported
    return text, analyse_report(text, rules)


def test_good_report() -> None:
    text, result = analyse("good.md")
    assert text.format == "md" and text.encoding == "utf-8"
    assert [(h.number, h.text, h.how) for h in result.headings] == [
        (1, "关于2021年第二季度生活垃圾分类工作的说明报告", "markdown"),
        (5, "一、组织领导", "markdown"),
        (9, "二、主要措施", "markdown"),
        (17, "三、下一步打算", "markdown"),
    ]
    assert result.measure_level == "（一）"
    assert [(m.number, m.marker) for m in result.measures] == [(11, "（一）"), (13, "（二）"), (15, "（三）")]
    assert [(d.number, d.text) for d in result.data] == [
        (7, "2次"),
        (7, "8个"),
        (11, "12块"),
        (11, "5篇"),
        (11, "320人"),
        (13, "6处"),
        (13, "48个"),
        (15, "12名"),
        (15, "1次"),
        (15, "23条"),
        (15, "65%"),
        (15, "92%"),
    ]
    assert result.phrase_hits == ()
    assert result.chars == 392
    assert not (result.over_length or result.headings_missing or result.measures_short or result.data_missing)


def test_stock_phrases() -> None:
    _, result = analyse("stock_phrase.txt")
    assert [(h.phrase, h.source, h.number, h.excerpt) for h in result.phrase_hits] == [
        ("近年来", "stated", 3, "近年来，我局高度重视生活垃圾分…"),
        ("截至目前", "stated", 11, "截至目前，全局干部职工垃圾分类知…"),
    ]
    assert result.measure_count == 3 and len(result.headings) == 2 and len(result.data) == 7
    assert not (result.headings_missing or result.measures_short or result.data_missing)


def test_two_measures() -> None:
    _, result = analyse("two_measures.txt")
    assert [(m.number, m.text[:7]) for m in result.measures] == [(6, "（一）抓好设施"), (7, "（二）抓好宣传")]
    assert result.measure_level == "（一）" and result.measures_short
    assert [h.text for h in result.headings] == ["一、主要措施", "二、下一步工作"]
    assert [d.text for d in result.data] == ["8处", "64个", "2个", "1场", "150人次"]


def test_no_headings() -> None:
    _, result = analyse("no_headings.txt")
    assert result.headings == () and result.headings_missing
    assert result.items == () and result.measures == () and result.measure_level is None
    assert result.measures_short
    assert [(d.number, d.text) for d in result.data] == [(3, "210人"), (5, "5处"), (5, "40个")]


def test_no_data() -> None:
    _, result = analyse("no_data.txt")
    assert result.data == () and result.data_missing
    assert result.measure_count == 3 and [h.number for h in result.headings] == [3, 8]


def test_too_long() -> None:
    _, result = analyse("too_long.txt")
    assert result.chars == 739 and result.over_length
    assert result.measure_count == 7 and len(result.headings) == 5
    _, unlimited = analyse("too_long.txt", RULES.model_copy(update={"max_chars": None}))
    assert not unlimited.over_length


def test_rules_not_declared_raise_no_flags() -> None:
    _, result = analyse("no_headings.txt", ReportRules())
    assert not (result.headings_missing or result.measures_short or result.data_missing or result.over_length)


def _docx_bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _good_docx(document) -> None:
    document.add_paragraph("关于2021年生活垃圾分类工作的说明报告", style="Title")
    document.add_paragraph("按照市文明办部署，我校扎实推进生活垃圾分类工作，现报告如下。")
    document.add_heading("一、主要措施", level=1)
    document.add_heading("（一）加强宣传发动", level=2)
    document.add_paragraph("设置宣传展板12块，推送宣传文章5篇。")
    document.add_heading("（二）完善分类设施", level=2)
    document.add_paragraph("新增分类投放点6处。")
    document.add_heading("（三）开展督导检查", level=2)
    document.add_paragraph("组建督导队，累计整改问题23条。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "项目"
    table.cell(0, 1).text = "数量"
    table.cell(1, 0).text = "参与人数"
    table.cell(1, 1).text = "320人"


def test_good_docx() -> None:
    text = extract_report_text("2021-06-30 垃圾分类说明.docx", _docx_bytes(_good_docx))
    assert text.format == "docx" and text.error is None
    assert text.blocks[0].style == "Title" and text.blocks[0].heading_level is None
    assert [b.number for b in text.blocks] == list(range(1, 14))
    assert [b.in_table for b in text.blocks][-4:] == [True] * 4
    result = analyse_report(text, RULES)
    assert [(h.number, h.text, h.how) for h in result.headings] == [
        (3, "一、主要措施", "style"),
        (4, "（一）加强宣传发动", "style"),
        (6, "（二）完善分类设施", "style"),
        (8, "（三）开展督导检查", "style"),
    ]
    assert result.measure_level == "（一）" and result.measure_count == 3
    assert [(d.number, d.text) for d in result.data] == [
        (5, "12块"),
        (5, "5篇"),
        (7, "6处"),
        (9, "23条"),
        (13, "320人"),
    ]


def test_docx_heading_styles_without_numbers() -> None:
    def build(document) -> None:
        styles = document.styles
        styles.add_style("标题 2", WD_STYLE_TYPE.PARAGRAPH)
        document.add_heading("工作措施", level=1)
        for title in ("宣传发动", "设施建设", "督导检查"):
            document.add_paragraph(title, style="标题 2")
            document.add_paragraph("具体做法略。")

    result = analyse_report(extract_report_text("r.docx", _docx_bytes(build)), RULES)
    assert [h.how for h in result.headings] == ["style"] * 4
    assert result.measure_level == "标题 2" and [m.text for m in result.measures] == [
        "宣传发动",
        "设施建设",
        "督导检查",
    ]


def test_docx_automatic_numbering() -> None:
    def build(document) -> None:
        document.add_paragraph("一、主要措施")
        for item in ("开展宣传活动3场。", "更换分类垃圾桶20个。", "每周检查1次。"):
            document.add_paragraph(item, style="List Number")

    result = analyse_report(extract_report_text("r.docx", _docx_bytes(build)), RULES)
    assert result.measure_level == "自动编号第 1 级" and result.measure_count == 3


@pytest.mark.parametrize(
    ("line", "marker", "level"),
    [
        ("一、组织领导", "一、", 1),
        ("（二）完善设施", "（二）", 2),
        ("(三)开展督导", "(三)", 2),
        ("1.加强宣传", "1.", 3),
        ("２、完善设施", "２、", 3),
        ("（1）宣传展板", "（1）", 4),
        ("3）督导检查", "3）", 4),
        ("①入户宣传", "①", 5),
        ("- 每周检查", "-", 6),
    ],
)
def test_numbering_levels(line: str, marker: str, level: int) -> None:
    result = analyse_report(extract_report_text("r.txt", line.encode()), RULES)
    assert [(i.marker, i.level) for i in result.items] == [(marker, level)]


@pytest.mark.parametrize("line", ["1.5万元用于设施改造", "2021年工作总结", "一年来工作情况", "十分重视"])
def test_not_numbering(line: str) -> None:
    assert analyse_report(extract_report_text("r.txt", line.encode()), RULES).items == ()


def test_heading_limits() -> None:
    body = "一、这是一个超过三十个字的编号段落，它是措施而不是小标题，因为它太长了啊\n二、短句结束。\n三、合格的小标题\n"
    result = analyse_report(extract_report_text("r.txt", body.encode()), RULES)
    assert [h.text for h in result.headings] == ["三、合格的小标题"]
    assert result.measure_count == 3


@pytest.mark.parametrize(
    ("sentence", "data"),
    [
        ("投入资金1.2万元，发放手册1,200册", ["1.2万元", "1,200册"]),
        ("参与群众500余人，服务20多场", ["500余人", "20多场"]),
        ("准确率达到８５％，知晓率百分之九十", ["85%", "百分之九十"]),
        ("第3期简报于2021年5月12日印发，文号10号", []),
        ("开展了三次活动", []),
    ],
)
def test_data(sentence: str, data: list[str]) -> None:
    result = analyse_report(extract_report_text("r.txt", sentence.encode()), RULES)
    assert [d.text for d in result.data] == data


def test_phrases_after_nfkc_and_spacing() -> None:
    # ⾄ is the Kangxi radical (U+2F84): NFKC makes it 至. A full-width space splits the second.
    body = "截⾄目前已完成。\n截止　目前，效果良好。\n"
    result = analyse_report(extract_report_text("r.txt", body.encode()), RULES)
    assert [(h.phrase, h.source, h.number, h.excerpt) for h in result.phrase_hits] == [
        ("截至目前", "stated", 1, "截⾄目前已完成。"),
        ("截止目前", "inferred", 2, "截止　目前，效果良好。"),
    ]


def test_gb18030_text() -> None:
    text = extract_report_text("报告.txt", "一、组织领导\n召开会议2次。\n".encode("gb18030"))
    assert text.encoding == "gb18030" and text.blocks[1].text == "召开会议2次。"


def test_bom_and_line_numbers() -> None:
    text = extract_report_text("报告.txt", "\ufeff标题\r\n\r\n正文\r\n".encode())
    assert text.encoding == "utf-8-sig"
    assert [(b.number, b.text) for b in text.blocks] == [(1, "标题"), (3, "正文")]


@pytest.mark.parametrize(
    ("name", "fmt"), [("a.doc", "doc"), ("a.wps", "wps"), ("a.pdf", "pdf"), ("a.rtf", "rtf")]
)
def test_unsupported_formats(name: str, fmt: str) -> None:
    text = extract_report_text(name, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    assert text.unsupported and text.format == fmt and text.error is None
    result = analyse_report(text, RULES)
    assert result.error == f"不支持 .{fmt} 格式，请另存为 .docx"


def test_doc_renamed_to_docx_and_docx_renamed_to_doc() -> None:
    old = extract_report_text("a.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    assert old.unsupported and old.format == "doc"
    renamed = extract_report_text("a.doc", _docx_bytes(_good_docx))
    assert renamed.format == "docx" and not renamed.unsupported and len(renamed.blocks) == 13


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", "文件为空（0 字节）"),
        (b"PK\x03\x04" + bytes(200), "Word 文件已损坏，无法读取"),
        (b"plain text, not a zip", "不是有效的 Word（.docx）文件"),
        (_zip({"hello.txt": b"hi"}), "Word 文件已损坏，无法读取"),
    ],
)
def test_damaged_docx(data: bytes, error: str) -> None:
    text = extract_report_text("a.docx", data)
    assert text.error.startswith(error) and text.blocks == ()
    assert analyse_report(text, RULES).error == text.error


def test_docx_with_broken_xml_and_truncated() -> None:
    good = _docx_bytes(_good_docx)
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        files = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    files["word/document.xml"] = files["word/document.xml"][:-200]
    assert extract_report_text("a.docx", _zip(files)).error.startswith("Word 文件已损坏，无法读取")
    for cut in (10, len(good) // 3, len(good) - 10):
        assert extract_report_text("a.docx", good[:cut]).error is not None


def test_undecodable_and_binary_text() -> None:
    assert "无法识别文字编码（既不是 UTF-8、UTF-16，也不是 GB18030）" in (
        extract_report_text("a.txt", b"\x81\x30\xff\xff\xfe").error or ""
    )
    assert extract_report_text("a.md", b"abc\x00def").error == "不是文本文件（含二进制内容）"


def test_merged_table_cells_are_read_once() -> None:
    def build(document) -> None:
        table = document.add_table(rows=2, cols=3)
        merged = table.cell(0, 0).merge(table.cell(0, 2))
        merged.text = "2021年垃圾分类工作统计"
        table.cell(1, 0).text = "投放点6处"
        table.cell(1, 1).text = "垃圾桶48个"
        table.cell(1, 2).text = "准确率92%"

    text = extract_report_text("r.docx", _docx_bytes(build))
    assert [b.text for b in text.blocks] == ["2021年垃圾分类工作统计", "投放点6处", "垃圾桶48个", "准确率92%"]
    assert all(b.in_table for b in text.blocks)
