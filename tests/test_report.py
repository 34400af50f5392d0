"""The self-inspection report read back: workbook (openpyxl), Word document (python-docx), Markdown."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from fixtures.scoring.builders import check, fake_engine, rubric_or_skip, synthetic_case, target
from typer.testing import CliRunner

from wenming_cli.cli.app import app
from wenming_cli.models.unit import NotApplicable, Remedy
from wenming_cli.render import report_docx, report_md, report_xlsx
from wenming_cli.scoring import score
from wenming_cli.scoring.gaps import build_gaps

runner = CliRunner()
BANNED = ("截至目前", "近年来", "截止目前")


CHECKS: dict[int, object] = {}  # scorecard id → the check it was scored from, for the renderers


def with_banned(rubric):
    """The synthetic rubric declaring BANNED as its report wording rule: the report avoids only a
    rubric's own stock phrases (no city's list lives in the code)."""
    from wenming_cli.models.rubric import BannedPhrase, ReportRules

    rules = rubric.material_rules
    report = (rules.report or ReportRules()).model_copy(
        update={"banned_phrases": tuple(BannedPhrase(text=b) for b in BANNED)}
    )
    return rubric.model_copy(update={"material_rules": rules.model_copy(update={"report": report})})


def case(plan_update: dict | None = None):
    result, plan, rubric = synthetic_case()
    rubric = with_banned(rubric)
    if plan_update:
        plan = plan.model_copy(update=plan_update)
    card = score(rubric, plan, result)
    CHECKS[id(card)] = (result, rubric)
    return card, build_gaps(card, result.as_of), rubric


def workbook(card, gaps):
    result, rubric = CHECKS.get(id(card), (None, None))
    return openpyxl.load_workbook(io.BytesIO(report_xlsx.render_xlsx(card, gaps, rubric, result)))


def document(card, gaps, rubric):
    return report_docx.build_document(card, gaps, rubric, CHECKS.get(id(card), (None,))[0])


def test_workbook_sheets_and_summary():
    card, gaps, _ = case()
    wb = workbook(card, gaps)
    assert wb.sheetnames == [
        "汇总",
        "测评细则自查表",
        "部门-安全科",
        "部门-办公室",
        "任务清单",
        "实地考察清单",
        "加分项目",
    ]
    assert wb.active.title == "汇总"
    ws = wb["汇总"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    flat = [v for row in values for v in row if v is not None]
    assert "测试市某某局" in flat and "2025-10-01" in flat
    header = next(i for i, row in enumerate(values) if row[:3] == ["序号", "测评项目", "满分"])
    assert values[header + 1][1:5] == ["基础项目", 7.3, 6.45, 6.7]
    assert values[header + 3][1:5] == ["合计", 10, 9.15, 9.4]
    assert any(isinstance(v, str) and "达到文明单位分数线" in v for v in flat)
    total_row = next(row for row in values if row[0] == "测评总分")
    assert total_row[1] == 9.35
    assert len(ws._charts) == 1
    chart = ws._charts[0]
    assert chart.type == "bar" and len(chart.series) == 2


def test_rubric_sheet_layout_like_attachment_one():
    card, gaps, _ = case(
        {"remedies": (Remedy(subject="1.1", measure="补开两次活动", deadline="2025-11-30"),)}
    )
    ws = workbook(card, gaps)["测评细则自查表"]
    headers = [c.value for c in ws[2]]
    assert headers == [
        "序号", "测评项目", "测评标准", "考评方法", "责任部门/责任人", "分值", "自评得分",
        "证据情况", "存在问题", "整改措施", "整改期限",
    ]  # fmt: skip
    rows = {r[2].value.split(" ")[0]: [c.value for c in r] for r in ws.iter_rows(min_row=3) if r[2].value}
    r11 = rows["1.1"]
    assert r11[0] == "一" and r11[5] == 0.5 and r11[6] == 0.25
    assert "单位自评0.5分" in r11[7] and "估计" in r11[7]
    # 整改措施: the plan's measure first, then the finding's in official wording, then who; the date.
    assert r11[9].startswith("补开两次活动；") and r11[9].endswith("责任部门：办公室（责任人：张三）。")
    assert r11[10] == "2025年11月30日"
    assert "【一票否决】" in rows["2.1"][2] and "【扣分项】" in rows["1.3"][2]
    assert "办公室" in r11[4] and "张三" in r11[4]
    assert "A3:A5" in {str(m) for m in ws.merged_cells.ranges}  # 序号 merged over category one
    last = [c.value for c in ws[ws.max_row]]
    assert last[1] == "合计" and last[5] == 10 and last[6] == 9.35


def test_every_sheet_prints_a4_landscape_with_repeated_header():
    card, gaps, _ = case()
    wb = workbook(card, gaps)
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert str(ws.page_setup.paperSize) == "9", ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        if ws.title != "汇总":
            assert ws.print_title_rows == "$2:$2", ws.title
            assert ws.freeze_panes == "A3", ws.title
            assert ws["C3"].alignment.wrap_text or ws["A3"].alignment.wrap_text
    widths = wb["测评细则自查表"].column_dimensions
    assert widths["C"].width > widths["A"].width


def test_department_task_field_and_bonus_sheets():
    card, gaps, _ = case()
    wb = workbook(card, gaps)
    office = [[c.value for c in r] for r in wb["部门-办公室"].iter_rows(min_row=3)]
    assert [r[0] for r in office] == ["第1条第1项", "“垃圾分类”任务"] and office[1][-1] == "是"
    assert "逾期2项" in wb["部门-办公室"]["A1"].value
    tasks = [[c.value for c in r] for r in wb["任务清单"].iter_rows(min_row=3)]
    assert tasks[0][0] == "t-1" and tasks[0][4] == "缺少材料"
    bonus = [[c.value for c in r] for r in wb["加分项目"].iter_rows(min_row=3)]
    reasons = {r[1]: r[-1] for r in bonus}
    assert reasons["县级文明单位"] == "计入" and "个人荣誉" in reasons["县级优秀个人"]
    field = [[c.value for c in r] for r in wb["实地考察清单"].iter_rows(min_row=3)]
    assert "没有需实地考察" in field[0][2]


def test_field_checklist_lists_yueyang_field_inspection_clauses():
    rubric = rubric_or_skip("yueyang-2022")
    card = score(rubric, None, check(rubric))
    ws = workbook(card, build_gaps(card, card.as_of))["实地考察清单"]
    refs = [r[1].value for r in ws.iter_rows(min_row=3)]
    assert "第(4)条第1项" in refs and "第(1)条第1项" not in refs


def test_not_applicable_reason_in_every_report_format():
    reason = "本单位不承担制度起草职能"
    card, gaps, rubric = case({"not_applicable": (NotApplicable(subject="1.2", reason=reason),)})
    ws = workbook(card, gaps)["测评细则自查表"]
    assert any(
        reason in (c.value or "") for r in ws.iter_rows(min_row=3) for c in r if isinstance(c.value, str)
    )
    text = "\n".join(p.text for p in document(card, gaps, rubric).paragraphs)
    assert reason in text
    assert reason in report_md.render_markdown(card, gaps, rubric)


def test_word_document_shape_wording_and_figures():
    card, gaps, rubric = case()
    doc = document(card, gaps, rubric)
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["一、基本情况", "二、创建工作开展情况", "（一）基础项目（7.3分）"]
    assert [h for h in headings if re.match("^[一二三四五]、", h)] == [
        "一、基本情况", "二、创建工作开展情况", "三、自评得分", "四、存在问题", "五、整改措施",
    ]  # fmt: skip
    assert doc.paragraphs[0].style.name == "Title" and "自查报告" in doc.paragraphs[0].text
    text = "\n".join(p.text for p in doc.paragraphs)
    assert not any(b in text for b in BANNED)
    assert "按材料计9.15分" in text and "特色加分合计0.2分，测评总分9.35分" in text
    assert "第1条第1项：第二季度补开两次学习教育活动" in text
    # 1.3 has no remedy in the plan: the measure comes from its findings, with department and date.
    item = [line for line in text.split("\n") if re.match(r"\d．第1条第3项：", line)][-1]  # section 五
    assert "责任部门：" in item and "整改期限：" in item and "待定" not in item
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "序号",
        "测评项目",
        "满分",
        "按材料计分",
        "单位自评",
        "得分率",
    ]
    assert [c.text for c in table.rows[-1].cells][1:] == ["合计", "10", "9.15", "9.4", "92%"]
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    # every paragraph of section 二 has a figure
    body = [p.text for p in doc.paragraphs if p.style.name == "Normal" and "本项目共" in p.text]
    assert body and all(re.search(r"\d", t) for t in body)


def test_clerk_text_with_banned_phrase_is_flagged():
    card, gaps, rubric = case({"remedies": (Remedy(subject="1.1", measure="截至目前已补开一次"),)})
    text = "\n".join(p.text for p in document(card, gaps, rubric).paragraphs)
    assert "请修改" in text and "“截至目前”" in text
    assert "请修改" in report_md.render_markdown(card, gaps, rubric)


def test_markdown_report_has_the_same_sections():
    card, gaps, rubric = case()
    md = report_md.render_markdown(card, gaps, rubric)
    for heading in ("## 一、基本情况", "## 三、自评得分", "## 五、整改措施", "### （二）否决项目（2.7分）"):
        assert heading in md
    assert "| 合计 | 10 | 9.15 | 9.4 | 92% |" in md
    assert "≥60%" in md and ">=" not in md


def test_yueyang_target_paragraph():
    rubric = rubric_or_skip("yueyang-2022")
    t = [
        target(
            "volunteer_ratio_staff",
            "16.1",
            25,
            30,
            "90",
            label="注册志愿者人数占员工总人数的比例",
            people_short=2,
        )
    ]
    card = score(rubric, None, check(rubric, targets=t))
    md = report_md.render_markdown(card, build_gaps(card, card.as_of), rubric)
    assert (
        "第(16)条第1项量化指标：注册志愿者人数占员工总人数的比例为83.3%（25/30），要求≥90%，还差2人。" in md
    )


@pytest.mark.parametrize(
    ("name", "magic"), [("自查报告.xlsx", b"PK"), ("自查报告.docx", b"PK"), ("自查报告.md", b"#")]
)
def test_report_command_formats_and_force(monkeypatch, tmp_path: Path, name: str, magic: bytes):
    result, plan, rubric = synthetic_case()
    fake_engine(monkeypatch, result, plan, rubric)
    out = tmp_path / name
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    args = ["report", str(evidence), "-o", str(out), "--as-of", "2025-10-01"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert out.read_bytes().lstrip(b"\xef\xbb\xbf").startswith(magic)
    if name.endswith(".md"):  # a text file for clerks: UTF-8 with BOM and CRLF
        assert out.read_bytes().startswith(b"\xef\xbb\xbf#") and b"\r\n" in out.read_bytes()
    before = out.read_bytes()
    assert runner.invoke(app, args).exit_code == 2 and out.read_bytes() == before
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0
    assert not list(tmp_path.glob(".*.part"))


def test_report_command_usage_errors(monkeypatch, tmp_path: Path):
    result, plan, rubric = synthetic_case()
    fake_engine(monkeypatch, result, plan, rubric)
    assert runner.invoke(app, ["report", str(tmp_path), "--format", "xlsx"]).exit_code == 2  # needs -o
    assert (
        runner.invoke(app, ["report", str(tmp_path), "-o", str(tmp_path / "a.docx"), "-f", "xlsx"]).exit_code
        == 2
    )
    assert runner.invoke(app, ["report", str(tmp_path), "-o", str(tmp_path / "a.txt")]).exit_code == 2
    md = runner.invoke(app, ["report", str(tmp_path), "--as-of", "2025-10-01"])
    assert md.exit_code == 0 and md.stdout.startswith("# 测试市某某局创建文明单位自查报告")
    wb_path = tmp_path.parent / f"{tmp_path.name}-r.xlsx"  # outside the evidence folder
    assert (
        runner.invoke(app, ["report", str(tmp_path), "-o", str(wb_path), "--format", "xlsx"]).exit_code == 0
    )
    assert openpyxl.load_workbook(wb_path).active.title == "汇总"


def test_report_yueyang_example_end_to_end(tmp_path: Path):
    from fixtures.scoring.builders import ROOT

    evidence = ROOT / "examples" / "yueyang-port-office"
    assert (evidence / "unit.yaml").is_file(), f"{evidence} is missing"  # fail, never skip
    out = tmp_path / "自查报告.xlsx"
    result = runner.invoke(app, ["report", str(evidence), "--as-of", "2023-06-01", "-o", str(out)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert wb.active.title == "汇总" and "部门-综合科" in wb.sheetnames
    summary = [c.value for row in wb["汇总"].iter_rows() for c in row if c.value is not None]
    assert "特色加分：荣誉称号" in summary
    # the city honour inside 测评前一年内 has no proof in 加分/ (on purpose): it counts nothing
    cells = [
        c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)
    ]
    # an honour without its proof in 加分/ does not count, said in the workbook's official wording
    assert any("2022年度全市口岸工作先进单位（示例）：未提供证明材料，不计分" in v for v in cells)
    assert any(isinstance(v, str) and "距文明单位（80分）还差" in v for v in summary)


def test_quoted_stock_phrases_do_not_leak_into_the_report():
    from fixtures.scoring.builders import finding

    result, plan, rubric = synthetic_case()
    rubric = with_banned(rubric)
    quoted = finding("REPORT-BANNED-PHRASE", "1.2", path="1/说明报告/a.txt")
    quoted = quoted.model_copy(
        update={"message": "使用了套话“截至目前”（第 3 段：截至目前，我局高度重视…）。"}
    )
    result = result.model_copy(update={"findings": (*result.findings, quoted)})
    card = score(rubric, plan, result)
    gaps = build_gaps(card, result.as_of)
    CHECKS[id(card)] = (result, rubric)
    text = "\n".join(p.text for p in document(card, gaps, rubric).paragraphs)
    assert "第1条第2项" in text and "说明报告使用了测评细则不允许的表述" in text
    assert not any(b in text for b in BANNED) and "请修改" not in text
