"""The hand-in documents of both examples read back: official language only, measures and deadlines
filled, identical department lists merged, page numbers, the activities named, Markdown = Word."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

from wenming_cli.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = {"yiyang-party-school": "2021-07-10", "yueyang-port-office": "2023-06-30"}
runner = CliRunner()


def forbidden(evidence: Path) -> re.Pattern[str]:
    """Severity tags, the unit plan's file name, any of the example's folder names, rubric ids, notes."""
    # Standard and task folders ("22 学雷锋志愿服务", "a3-1.2 创建工作议事"); 加分/ is also a plain word.
    folders = sorted(
        {p.name for p in evidence.iterdir() if p.is_dir() and re.match(r"\S*\d\S*\s", p.name)},
        key=len,
        reverse=True,
    )
    assert folders
    words = [
        "错误：",
        "警告：",
        "提示：",
        "unit.yaml",
        "yiyang-2021",
        "yueyang-2022",
        "乱码",
        "无法辨认",
        "wenming",
    ]
    return re.compile("|".join([*(re.escape(w) for w in [*words, *folders]), r"错误\d+个|警告\d+个"]))


@pytest.fixture(scope="module", params=list(EXAMPLES))
def documents(request, tmp_path_factory) -> dict:  # noqa: ANN001
    name = request.param
    evidence = ROOT / "examples" / name
    assert (evidence / "unit.yaml").exists(), "the bundled example is missing"
    out = tmp_path_factory.mktemp(name)
    for ext in ("xlsx", "docx", "md"):
        result = runner.invoke(
            app, ["report", str(evidence), "--as-of", EXAMPLES[name], "-o", str(out / f"r.{ext}")]
        )
        assert result.exit_code == 0, result.output
    return {
        "name": name,
        "evidence": evidence,
        "wb": openpyxl.load_workbook(out / "r.xlsx"),
        "doc": docx.Document(str(out / "r.docx")),
        "md": (out / "r.md").read_text(encoding="utf-8-sig"),
    }


def cells(ws) -> list[str]:  # noqa: ANN001
    return [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]


def test_no_internal_words_in_any_cell_or_paragraph(documents: dict) -> None:
    bad = forbidden(documents["evidence"])
    for ws in documents["wb"].worksheets:
        hits = [c for c in cells(ws) if bad.search(c)]
        assert not hits, (ws.title, hits[:3])
    paragraphs = [p.text for p in documents["doc"].paragraphs]
    paragraphs += [c.text for t in documents["doc"].tables for row in t.rows for c in row.cells]
    hits = [t for t in paragraphs if bad.search(t)]
    assert not hits, hits[:3]
    assert not bad.search(documents["md"])


def test_measures_and_deadlines_filled_where_known(documents: dict) -> None:
    ws = documents["wb"]["测评细则自查表"]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    checked = 0
    for r in rows:
        who, problems, measure, deadline = r[4], r[8], r[9], r[10]
        if not problems or str(problems).startswith("不适用"):
            continue
        if who:
            assert measure and "责任部门：" in measure, r[2]
            assert deadline, r[2]
            checked += 1
    assert checked >= 3
    for sheet in documents["wb"].worksheets:
        if not sheet.title.startswith("部门-"):
            continue
        for r in sheet.iter_rows(min_row=3, values_only=True):
            assert r[6] and r[8], (sheet.title, r[0])  # 整改措施, 整改期限


def test_department_sheets_are_distinct_and_merged(documents: dict) -> None:
    sheets = [ws for ws in documents["wb"].worksheets if ws.title.startswith("部门-")]
    contents = [tuple(r[0] for r in ws.iter_rows(min_row=3, values_only=True)) for ws in sheets]
    assert len(set(contents)) == len(contents)
    if documents["name"] == "yiyang-party-school":
        assert "部门-机关党委、纪委、工会" in documents["wb"].sheetnames
        assert "机关党委、纪委、工会待整改事项" in documents["wb"]["部门-机关党委、纪委、工会"]["A1"].value


def test_summary_rate_and_people_short_are_numbers(documents: dict) -> None:
    ws = documents["wb"]["汇总"]
    rows = list(ws.iter_rows(values_only=True))
    total = next(r for r in rows if r[1] == "合计")
    assert isinstance(total[5], float) and ws.cell(rows.index(total) + 1, 6).number_format == "0%"
    header = next((i for i, r in enumerate(rows) if r[5] == "还需人数"), None)
    if header is not None:
        for r in rows[header + 1 :]:
            if r[0] is None:
                break
            assert r[5] is None or isinstance(r[5], int), r


def test_multi_year_task_in_its_own_period() -> None:
    evidence = ROOT / "examples" / "yiyang-party-school"
    out = Path(pytest.importorskip("tempfile").mkdtemp()) / "r.xlsx"
    assert (
        runner.invoke(app, ["report", str(evidence), "--as-of", "2021-07-10", "-o", str(out)]).exit_code == 0
    )
    tasks = {r[0]: r for r in openpyxl.load_workbook(out)["任务清单"].iter_rows(min_row=3, values_only=True)}
    honours = tasks["a2-4"]  # the three-year honour task of attachment 2, in a 2021 report
    assert "创建周期" in honours[5] and "2023年8月31日" in honours[5]


def test_word_document_page_numbers_activities_one_date_signature(documents: dict) -> None:
    doc = documents["doc"]
    footer = doc.sections[0].footer._element
    instructions = [e.text.strip() for e in footer.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "第" in "".join(t.text or "" for t in footer.iter(qn("w:t")))
    text = [p.text for p in doc.paragraphs]
    joined = "\n".join(text)
    assert "测评日期按" not in joined and len(re.findall(r"完成。现将自查情况", joined)) == 1
    if documents["name"] == "yiyang-party-school":
        assert "3月5日“益阳市2021年市委党校学雷锋志愿服务进社区”" in joined
    else:
        assert "3月5日“学雷锋志愿服务”" in joined
    # the signature block (blank line, unit, date) travels with the last paragraph before it
    last_body = max(i for i, t in enumerate(text[:-3]) if t.strip())
    assert all(doc.paragraphs[i].paragraph_format.keep_with_next for i in range(last_body, len(text) - 1))
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", text[-1])


def test_markdown_carries_the_word_documents_text(documents: dict) -> None:
    md = documents["md"]
    for p in documents["doc"].paragraphs:
        t = re.sub(r"^\d+．", "", p.text.strip())
        if t:
            assert t in md, t
