"""`wenming diff`: the alignment, the comparison, the renderers and the command."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText
from typer.testing import CliRunner

from wenming_cli.cli.app import app
from wenming_cli.diff import (
    NO_RULES,
    agreement,
    align_clauses,
    bundled_alignment,
    diff_rubrics,
    load_rules,
    standard_pairs,
    text_ops,
)
from wenming_cli.diff.models import RubricDiff
from wenming_cli.diff.similarity import display_text
from wenming_cli.errors import InvalidInput
from wenming_cli.render import diff_view
from wenming_cli.render.formats import OutputFormat
from wenming_cli.rubric.registry import load_rubric

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "diff"
SYNTHETIC = ROOT / "tests" / "fixtures" / "synthetic-rubric.yaml"
REVIEWED = ROOT / "rubrics" / "alignments" / "yiyang-2021__yueyang-2022.yaml"
REAL = [ROOT / "rubrics" / "yiyang-2021.yaml", ROOT / "rubrics" / "yueyang-2022.yaml"]

runner = CliRunner()


def test_the_real_rubrics_are_there():
    """The tests below use the transcribed rubrics: missing ones fail here, they are never skipped."""
    assert all(p.is_file() for p in REAL), [str(p) for p in REAL if not p.is_file()]


def fixture(name: str):
    return load_rubric(str(FIXTURES / f"{name}.yaml"))


def flat(text: str) -> str:
    # The stderr console wraps long lines; messages are checked without the breaks.
    return text.replace("\n", "")


# -- the core ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [SYNTHETIC, FIXTURES / "base.yaml", *REAL])
def test_rubric_against_itself_reports_no_change(path: Path) -> None:
    rubric = load_rubric(str(path))
    diff = diff_rubrics(rubric, rubric)
    assert diff.equivalent
    assert not diff.changed_matches and not diff.only_a and not diff.only_b
    assert len(diff.matches) == sum(len(s.clauses) for s in rubric.standards)
    assert all(m.similarity == 1.0 for m in diff.matches)
    assert not (diff.targets or diff.bonuses or diff.thresholds or diff.material_rules or diff.rubric_changes)


def test_ids_titles_and_source_do_not_count() -> None:
    diff = diff_rubrics(fixture("base"), fixture("renumbered"))
    assert diff.equivalent
    assert [(p.a, p.b) for p in diff.standard_pairs] == [(str(n), str(n + 20)) for n in range(1, 7)]
    assert [(f.a.number, f.b.number) for f in diff.flows] == [("1", "7"), ("2", "8"), ("3", "9")]  # type: ignore[union-attr]


def test_known_edits_are_reported_exactly() -> None:
    diff = diff_rubrics(fixture("base"), fixture("edited"))
    assert not diff.equivalent
    changed = {(m.a[0].id, m.b[0].id): m for m in diff.changed_matches}
    assert set(changed) == {("1.1", "1.1"), ("1.2", "1.2"), ("2.1", "2.1")}
    # 1. a point moved between the clauses of standard 1: points only, the wording is the same.
    for key, before, after in ((("1.1", "1.1"), "2", "1.5"), (("1.2", "1.2"), "0.5", "1")):
        m = changed[key]
        assert not m.text_changed
        assert [(c.field, c.a, c.b) for c in m.changes] == [("points", before, after)]
    # 2. a clause reworded: text only.
    reworded = changed[("2.1", "2.1")]
    assert reworded.text_changed and reworded.changes == () and reworded.points_a == reworded.points_b
    # 3. a standard removed.
    assert [c.id for c in diff.only_a] == ["6.1"] and diff.only_b == ()
    assert [s.number for s in diff.standards_only_a] == ["6"] and diff.standards_only_b == ()
    assert [(f.a.number, f.b, f.points_a) for f in diff.flows if f.b is None] == [("3", None, Decimal(1))]  # type: ignore[union-attr]
    # 4. a threshold raised.
    assert [(c.field, c.a, c.b) for c in diff.thresholds] == [("titles.civilized_unit", "6", "7")]
    # ... and nothing else: the removed standard's point leaves the total.
    assert [(c.field, c.a, c.b) for c in diff.rubric_changes] == [
        ("total_points", "10", "9"),
        ("standards", "6", "5"),
    ]
    assert diff.targets == () and diff.bonuses == () and diff.material_rules == ()


def test_changed_targets_bonuses_and_material_rules() -> None:
    diff = diff_rubrics(fixture("base"), fixture("rules-edited"))
    [target] = diff.targets
    assert (target.id, target.status, target.a_summary, target.b_summary) == (
        "volunteer_ratio_staff",
        "changed",
        "≥60%",
        "≥80%",
    )
    bonuses = {b.id: b for b in diff.bonuses}
    assert {c.field: (c.a, c.b) for c in bonuses["honours"].changes} == {
        "window": ("2023-01-01 至 2024-12-31，以发文时间为准", "测评前 365 天内，以发文时间为准"),
        "levels.city": ("0.2", "0.5"),
    }
    assert bonuses["promotion"].status == "removed" and bonuses["promotion"].b_summary is None
    assert [(c.field, c.a, c.b) for c in diff.material_rules] == [
        ("photo.size.max", "2M（不含）", "3M（不含）")
    ]
    # The target's clause prints the new figure, so its wording changed too; nothing else did.
    assert [(m.a[0].id, m.text_changed) for m in diff.changed_matches] == [("3.1", True)]
    assert diff.thresholds == () and diff.only_a == () and diff.only_b == ()


def test_text_ops_cover_both_texts() -> None:
    a = "利用学习平台开展形势政策教育，引导干部职工坚定理想信念（2分）"
    b = "运用“学习强国”平台开展形势政策教育，教育干部职工坚定理想信念（2分）"
    ops = text_ops(a, b)
    assert "".join(op.a for op in ops) == display_text(a)
    assert "".join(op.a if op.op == "equal" else op.b for op in ops) == display_text(b)
    assert {op.op for op in ops} >= {"equal", "replace"}
    assert any(op.op == "equal" and "平台开展形势政策教育" in op.a for op in ops)
    # Width and quote style are not changes: the seeds mix them.
    assert [op.op for op in text_ops("“四个意识”，（2分）", '"四个意识",(2分)')] == ["equal"]


def test_self_alignment_pairs_every_clause_with_itself() -> None:
    base = fixture("base")
    pairs = align_clauses(base, base)
    assert [(p.a, p.b) for p in pairs] == [(c.id, c.id) for s in base.standards for c in s.clauses]


# -- alignment files ----------------------------------------------------------------------------


def test_alignment_file_pins_and_forbids() -> None:
    base, edited = fixture("base"), fixture("edited")
    rules = load_rules(FIXTURES / "align-base-edited.yaml", base, edited)
    diff = diff_rubrics(base, edited, rules=rules)
    assert ("2.1", "2.1") not in {(p.a, p.b) for m in diff.matches for p in m.pairs}
    assert "2.1" in {c.id for c in diff.only_a} and "2.1" in {c.id for c in diff.only_b}
    pinned = [p for p in diff.standard_pairs if (p.a, p.b) == ("6", "5")]
    assert pinned and pinned[0].origin == "pinned"
    assert diff.alignment.pins == 1 and diff.alignment.forbids == 1


def test_alignment_file_errors_are_located() -> None:
    with pytest.raises(InvalidInput) as caught:
        load_rules(FIXTURES / "bad-align.yaml", fixture("base"), fixture("edited"))
    found = {(p.line, p.message) for p in caught.value.problems}
    lines = sorted(line for line, _ in found)
    assert lines == [5, 6, 8, 10]
    messages = " ".join(m for _, m in found)
    assert "“9.9”" in messages and "“77”" in messages and "理由" in messages and "同为" in messages


def test_alignment_file_for_other_rubrics_is_refused() -> None:
    base = fixture("base")
    with pytest.raises(InvalidInput) as caught:
        load_rules(FIXTURES / "align-base-edited.yaml", base, fixture("rules-edited"))
    assert any("diff-edited" in p.message and p.line == 3 for p in caught.value.problems)


# -- the two real rubrics -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def yiyang():
    return load_rubric("yiyang-2021")


@pytest.fixture(scope="module")
def yueyang():
    return load_rubric("yueyang-2022")


def test_reviewed_alignment_covers_every_yiyang_standard(yiyang, yueyang) -> None:
    rules = load_rules(REVIEWED, yiyang, yueyang)
    assert rules.reviewed_a == {s.number for s in yiyang.standards}
    partnered_b = {b for _, b in rules.reviewed_pairs}
    assert partnered_b == {s.number for s in yueyang.standards}
    found = bundled_alignment("yueyang-2022", "yiyang-2021")
    # The installed package carries its own copy of rubrics/; compare content, not location.
    assert found is not None and found.read_bytes() == REVIEWED.read_bytes()


def test_automatic_alignment_against_reviewed(yiyang, yueyang) -> None:
    rules = load_rules(REVIEWED, yiyang, yueyang)
    predicted = standard_pairs(align_clauses(yiyang, yueyang), yiyang, yueyang)
    precision, recall = agreement(predicted, rules)
    assert precision >= 0.9 and recall >= 0.8, (precision, recall)
    # The other way round, with the file read backwards, the figures are the same.
    back = load_rules(REVIEWED, yueyang, yiyang)
    assert agreement(standard_pairs(align_clauses(yueyang, yiyang), yueyang, yiyang), back) == pytest.approx(
        (precision, recall)
    )
    # With the file, the alignment is the reviewed one, and its clause pins are kept.
    with_file = align_clauses(yiyang, yueyang, rules=rules)
    assert standard_pairs(with_file, yiyang, yueyang) == set(rules.reviewed_pairs)
    pinned = {(p.a, p.b) for p in with_file if p.origin == "pinned"}
    assert pinned == {("31.1", "22.3"), ("24.2", "18.1")}


def test_yiyang_against_yueyang_finds_what_a_reader_finds(yiyang, yueyang) -> None:
    diff = diff_rubrics(yiyang, yueyang)
    pairs = {(p.a, p.b) for p in diff.standard_pairs}
    by_a = {tuple(c.id for c in m.a): m for m in diff.matches}
    # Volunteer service: same 2 points, targets 50 % → 90 %.
    assert ("22", "16") in pairs
    assert (by_a[("22.1",)].points_a, by_a[("22.1",)].points_b) == (Decimal(2), Decimal(2))
    targets = {t.id: t for t in diff.targets}
    assert (targets["volunteer_ratio_staff"].a_summary, targets["volunteer_ratio_staff"].b_summary) == (
        "≥50%",
        "≥90%",
    )
    # 文明餐桌 and smoke-free units: 2 + 1 → 2 + 2.
    assert ("19", "13") in pairs
    assert [c.id for c in by_a[("19.2",)].b] == ["13.2"]
    assert (by_a[("19.2",)].points_a, by_a[("19.2",)].points_b) == (Decimal(1), Decimal(2))
    # 移风易俗: 2 → 2 (Yueyang prints none; inferred).
    assert ("20", "14") in pairs
    m = by_a[("20.1",)]
    assert (m.points_a, m.points_b, m.b[0].points_source) == (Decimal(2), Decimal(2), "inferred")
    # Merged: Yiyang 16 and 17 on 诚信 are one clause of Yueyang (11).
    merged = next(m for m in diff.matches if "17.1" in {c.id for c in m.a})
    assert {c.id for c in merged.a} == {"16.1", "16.2", "17.1"} and [c.id for c in merged.b] == ["11.1"]
    assert (merged.points_a, merged.points_b) == (Decimal(6), Decimal(2))
    # 文化阵地 and training: 23 ↔ (17); 潇湘家书 is Yiyang's alone.
    assert ("23", "17") in pairs and "23.2" in {c.id for c in diff.only_a}
    # The honour bonus: city 0.2 → 0.5, a relative window; 经验推介 only in Yiyang.
    bonuses = {b.id: b for b in diff.bonuses}
    honour = {c.field: (c.a, c.b) for c in bonuses["honours"].changes}
    assert honour["levels.city"] == ("0.2", "0.5") and "window" in honour
    assert bonuses["promotion"].status == "removed"
    # Thresholds only Yueyang prints; material rules only Yiyang publishes.
    thresholds = {c.field: (c.a, c.b) for c in diff.thresholds}
    assert thresholds["titles.civilized_unit"] == (None, "80") and thresholds["titles.model_unit"] == (
        None,
        "90",
    )
    assert any(c.field == "photo.size.max" and c.b is None for c in diff.material_rules)
    # Points moved between categories: 廉洁文化 (Yiyang 28, category 8) went to Yueyang category 3.
    assert any(f.a and f.b and (f.a.number, f.b.number) == ("8", "3") for f in diff.flows)
    total_a = sum((f.points_a for f in diff.flows), Decimal(0))
    total_b = sum((f.points_b for f in diff.flows), Decimal(0))
    assert (total_a, total_b) == (Decimal(100), Decimal(100))


# -- renderers and the command ------------------------------------------------------------------


def test_json_output_is_the_python_result() -> None:
    res = runner.invoke(
        app, ["diff", str(FIXTURES / "base.yaml"), str(FIXTURES / "edited.yaml"), "-f", "json"]
    )
    assert res.exit_code == 1
    expected = diff_rubrics(fixture("base"), fixture("edited"), rules=NO_RULES)
    assert RubricDiff.model_validate_json(res.stdout) == expected
    assert json.loads(res.stdout)["equivalent"] is False


def test_exit_codes() -> None:
    base = str(FIXTURES / "base.yaml")
    assert runner.invoke(app, ["diff", base, base]).exit_code == 0
    assert runner.invoke(app, ["diff", base, str(FIXTURES / "renumbered.yaml")]).exit_code == 0
    assert runner.invoke(app, ["diff", base, str(FIXTURES / "edited.yaml")]).exit_code == 1
    res = runner.invoke(app, ["diff", base, "no-such-rubric"])
    assert res.exit_code == 2 and "找不到测评细则" in flat(res.output)
    assert runner.invoke(app, ["diff", base, base, "--threshold", "1.5"]).exit_code == 2
    res = runner.invoke(app, ["diff", base, base, "-f", "xlsx"])
    assert res.exit_code == 2 and "-o" in flat(res.output)
    res = runner.invoke(
        app, ["diff", base, str(FIXTURES / "edited.yaml"), "--align", str(FIXTURES / "bad-align.yaml")]
    )
    assert res.exit_code == 2 and "bad-align.yaml:5:" in flat(res.output)


def test_plain_and_markdown_show_the_edits() -> None:
    args = ["diff", str(FIXTURES / "base.yaml"), str(FIXTURES / "edited.yaml")]
    plain = runner.invoke(app, [*args, "-f", "plain"]).stdout
    assert "2 → 1.5（-0.5）" in plain and "[-利用学习-]{+运用" in plain
    assert "第6条第1项" in plain and "文明单位分数线\t6\t7" in plain
    markdown = runner.invoke(app, [*args, "-f", "markdown"]).stdout
    assert "## 有变化的对应条款" in markdown and "~~利用学习~~**运用" in markdown


def test_rich_output_side_by_side_when_wide(monkeypatch: pytest.MonkeyPatch) -> None:
    diff = diff_rubrics(fixture("base"), fixture("edited"))
    monkeypatch.setenv("COLUMNS", "160")
    wide = diff_view.render(diff, OutputFormat.rich)
    monkeypatch.setenv("COLUMNS", "100")
    narrow = diff_view.render(diff, OutputFormat.rich)
    assert "A原文" in wide and "B原文" in wide and "条款（A → B）" not in wide
    assert "条款（A → B）" in narrow and "A原文" not in narrow
    assert "\x1b[" in wide  # coloured for a terminal
    assert max(len(line) for line in narrow.splitlines() if "\x1b" not in line) <= 100


def test_xlsx_output_and_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "diff.xlsx"
    args = ["diff", str(FIXTURES / "base.yaml"), str(FIXTURES / "edited.yaml"), "-o", str(out)]
    assert runner.invoke(app, args).exit_code == 1
    workbook = load_workbook(out, rich_text=True)
    assert workbook.sheetnames[:3] == ["概览", "对应条款", "标准对应"]
    matches = workbook["对应条款"]
    rows = {r[0].value: r for r in matches.iter_rows(min_row=2)}
    assert rows["第1条第1项"][2].value == 2 and rows["第1条第1项"][5].value == 1.5
    assert rows["第1条第1项"][7].value == "有变化" and rows["第5条第1项"][7].value == "相同"
    deleted = rows["第2条第1项"][9].value
    assert isinstance(deleted, CellRichText) and any(getattr(b, "text", "") == "利用学习" for b in deleted)
    assert workbook["仅A有的计分项"]["A2"].value == "第6条第1项"
    before = out.read_bytes()
    res = runner.invoke(app, args)
    assert res.exit_code == 2 and "已存在" in flat(res.output) and out.read_bytes() == before
    assert runner.invoke(app, [*args, "--force"]).exit_code == 1


def test_cli_uses_the_reviewed_alignment_for_bundled_rubrics() -> None:
    res = runner.invoke(app, ["diff", "yiyang-2021", "yueyang-2022", "-f", "json"])
    assert res.exit_code == 1 and "已审定的对照表" in flat(res.stderr)
    data = json.loads(res.stdout)
    assert data["alignment"]["reviewed"] == 44 and data["alignment"]["auto_precision"] >= 0.9
    res = runner.invoke(app, ["diff", "yiyang-2021", "yueyang-2022", "-f", "json", "--no-align"])
    assert json.loads(res.stdout)["alignment"]["file"] is None
