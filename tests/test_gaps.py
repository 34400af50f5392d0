"""Gap list: order, groups, overdue, filters, baseline comparison; the gaps command."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from fixtures.scoring.builders import cov, fake_engine, finding, synthetic_case
from typer.testing import CliRunner

from wenming_cli.cli.app import app
from wenming_cli.render.formats import OutputFormat
from wenming_cli.render.gaps_view import gaps_json, render_gaps
from wenming_cli.scoring import score
from wenming_cli.scoring.baseline import compare_baseline
from wenming_cli.scoring.gaps import build_gaps, filter_gaps

D = Decimal
runner = CliRunner()
AS_OF = dt.date(2025, 10, 1)


def report(result=None):
    base, plan, rubric = synthetic_case()
    card = score(rubric, plan, result or base)
    return build_gaps(card, AS_OF), card


def test_largest_risk_first_then_tasks():
    rep, _ = report()
    assert [g.subject for g in rep.gaps] == ["1.3", "1.1", "t-1"]
    assert [g.at_risk for g in rep.gaps] == [D("0.6"), D("0.25"), D("0")]
    assert rep.at_risk == D("0.85")
    assert all(g.severity == "error" for g in rep.gaps)


def test_failed_veto_comes_first_even_when_smaller():
    base, plan, rubric = synthetic_case()
    many = [finding("HAZARD", "1.3", path=f"1/x{i}.jpg") for i in range(22)]  # 1.3 loses 6.6
    result = base.model_copy(update={"findings": base.findings + tuple(many)})
    result = result.model_copy(
        update={
            "coverage": tuple(
                c if c.subject != "2.1" else cov("2.1", "missing", needs_files=False) for c in result.coverage
            )
        }
    )
    rep = build_gaps(score(rubric, plan, result), AS_OF)
    assert rep.gaps[0].subject == "2.1" and rep.gaps[0].veto
    assert "一票否决项未通过" in rep.gaps[0].missing
    assert rep.gaps[1].subject == "1.3" and rep.gaps[1].at_risk == D("6.6")


def test_deadlines_owners_and_overdue():
    rep, _ = report()
    g = {x.subject: x for x in rep.gaps}
    # 1.1 has a remedy with its own deadline (2025-07-15): that is the deadline shown, and it has passed
    assert g["1.1"].deadline == dt.date(2025, 7, 15) and g["1.1"].overdue
    assert g["1.1"].remedy == "第二季度补开两次学习教育活动"
    assert g["1.1"].departments == ("办公室",) and g["1.1"].persons == ("张三",)
    # 1.3 has its own assignment (安全科, 2025-12-31), more specific than standard 1's
    assert g["1.3"].departments == ("安全科",) and not g["1.3"].overdue
    assert g["t-1"].overdue and g["t-1"].deadline == dt.date(2025, 9, 30)


def test_groups_by_department_and_person():
    rep, _ = report()
    deps = {gr.label: gr for gr in rep.by_department}
    assert deps["办公室"].subjects == ("1.1", "t-1") and deps["办公室"].overdue == 2
    assert deps["安全科"].subjects == ("1.3",) and deps["安全科"].at_risk == D("0.6")
    assert {gr.label for gr in rep.by_person} == {"张三", "李四"}


def test_filters_by_id_name_alias_and_person():
    rep, _ = report()
    aliases = {
        "office": "office",
        "办公室": "office",
        "综合办": "office",
        "safety": "safety",
        "安全科": "safety",
    }
    for name in ("office", "办公室", "综合办"):
        assert [g.subject for g in filter_gaps(rep, department=name, aliases=aliases).gaps] == ["1.1", "t-1"]
    only = filter_gaps(rep, person="李四")
    assert [g.subject for g in only.gaps] == ["1.3"] and only.filters == {"person": "李四"}
    assert filter_gaps(rep, department="safety", person="张三", aliases=aliases).gaps == ()


def test_baseline_new_and_fixed():
    base, plan, rubric = synthetic_case()
    first, _ = report(base)
    saved = json.loads(render_gaps(first, OutputFormat.json, base.findings))
    assert saved["findings"] and all("key" in f for f in saved["findings"])
    # Fix one photo of 1.3 and the task; a new error appears on 1.2.
    fixed_key = base.findings[0].key
    later = base.model_copy(
        update={
            "findings": (*base.findings[1:], finding("PDF-SEAL", "1.2", "error", path="1/正式发文/制度.pdf")),
            "coverage": tuple(
                c if c.subject != "t-1" else cov("t-1", "met", activities=2) for c in base.coverage
            ),
        }
    )
    second = build_gaps(score(rubric, plan, later), AS_OF)
    keys = [f.key for f in later.findings if f.severity.value != "info"]
    cmp = compare_baseline(second, keys, saved, "week1.json")
    b = cmp.baseline
    assert [f.key for f in b.fixed_findings] == [fixed_key]
    assert b.new_findings == (later.findings[-1].key,)
    assert b.new_gaps == ("1.2",) and b.fixed_gaps == ("t-1",)
    change = {g.subject: g.change for g in cmp.gaps}
    assert change == {"1.3": "open", "1.1": "open", "1.2": "new"}
    text = render_gaps(cmp, OutputFormat.plain)
    assert "新增问题 1 个，已解决问题 1 个" in text and "已整改完毕：t-1" in text


def test_baseline_from_check_json_uses_finding_keys():
    base, plan, rubric = synthetic_case()
    rep, _ = report(base)
    check_json = json.loads(base.model_dump_json())  # what `wenming check --format json` holds
    cmp = compare_baseline(rep, [f.key for f in base.findings], check_json, "check.json")
    assert cmp.baseline.new_findings == () and cmp.baseline.fixed_findings == ()
    assert {g.change for g in cmp.gaps if g.finding_keys} == {"open"}


def test_renderers_mark_overdue_and_groups():
    rep, _ = report()
    plain = render_gaps(rep, OutputFormat.plain)
    assert "已逾期" in plain and "按责任部门：" in plain and "办公室：2 项" in plain
    md = render_gaps(rep, OutputFormat.markdown)
    assert md.startswith("# 待整改清单") and "| 第1条第3项 |" in md
    data = gaps_json(rep)
    assert data["at_risk"] == "0.85" and data["gaps"][0]["subject"] == "1.3"
    assert "待整改" in render_gaps(rep, OutputFormat.rich)


def test_gaps_command(monkeypatch, tmp_path: Path):
    result, plan, rubric = synthetic_case()
    fake_engine(monkeypatch, result, plan, rubric)
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    args = ["gaps", str(evidence), "--as-of", "2025-10-01"]
    out = runner.invoke(app, [*args, "-f", "plain"])
    assert out.exit_code == 1 and "第1条第3项" in out.stdout  # open errors, --fail-on error by default
    assert runner.invoke(app, [*args, "-f", "plain", "--fail-on", "never"]).exit_code == 0
    dep = runner.invoke(app, [*args, "-f", "plain", "--department", "综合办"])
    assert "第1条第3项" not in dep.stdout and "第1条第1项" in dep.stdout
    bad = runner.invoke(app, [*args, "--department", "后勤科"])
    assert bad.exit_code == 2
    assert runner.invoke(app, [*args, "--person", "王麻子"]).exit_code == 2

    saved = tmp_path / "before.json"
    assert runner.invoke(app, [*args, "-o", str(saved), "--fail-on", "never"]).exit_code == 0
    again = runner.invoke(app, [*args, "-f", "plain", "--baseline", str(saved), "--fail-on", "never"])
    assert again.exit_code == 0 and "新增问题 0 个，已解决问题 0 个" in again.stdout
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert runner.invoke(app, [*args, "--baseline", str(broken)]).exit_code == 2


def test_gaps_yueyang_example_by_department_and_doer():
    from fixtures.scoring.builders import ROOT

    evidence = ROOT / "examples" / "yueyang-port-office"
    assert (evidence / "unit.yaml").is_file(), f"{evidence} is missing"  # fail, never skip
    args = ["gaps", str(evidence), "--as-of", "2023-06-01", "-f", "json", "--fail-on", "never"]
    out = runner.invoke(app, [*args, "--department", "综合科"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["gaps"] and all("综合科" in g["departments"] for g in data["gaps"])
    doer = next(d for g in data["gaps"] for d in g["doers"])
    mine = json.loads(runner.invoke(app, [*args, "--person", doer]).stdout)
    assert mine["gaps"] and all(doer in g["doers"] or doer in g["persons"] for g in mine["gaps"])


def test_not_applicable_is_no_gap_but_is_shown():
    from wenming_cli.models.unit import NotApplicable

    base, plan, rubric = synthetic_case()
    plan = plan.model_copy(update={"not_applicable": (NotApplicable(subject="t-1", reason="本单位无食堂"),)})
    rep = build_gaps(score(rubric, plan, base), AS_OF)
    assert "t-1" not in [g.subject for g in rep.gaps]
    for fmt in (OutputFormat.plain, OutputFormat.markdown, OutputFormat.json):
        assert "本单位无食堂" in render_gaps(rep, fmt)
    assert "本单位无食堂" in render_gaps(filter_gaps(rep, person="张三"), OutputFormat.plain)


def test_baseline_on_unchanged_example_evidence_reports_nothing_resolved(tmp_path: Path):
    """check, score and gaps JSON all work as baselines and compare like with like (issue 11)."""
    from fixtures.scoring.builders import ROOT

    evidence = ROOT / "examples" / "yiyang-party-school"
    assert (evidence / "unit.yaml").is_file()
    args = [str(evidence), "--as-of", "2021-07-10", "--quick"]
    for command in ("check", "score", "gaps"):
        saved = tmp_path / f"{command}.json"
        done = runner.invoke(app, [command, *args, "-o", str(saved), "--fail-on", "never"])
        assert done.exit_code == 0, done.output
        out = runner.invoke(
            app, ["gaps", *args, "-f", "json", "--baseline", str(saved), "--fail-on", "never"]
        )
        assert out.exit_code == 0, out.output
        b = json.loads(out.stdout)["baseline"]
        assert (b["new_findings"], b["fixed_findings"], b["new_gaps"], b["fixed_gaps"]) == ([], [], [], []), (
            command
        )
        assert {g["change"] for g in json.loads(out.stdout)["gaps"]} <= {"open"}


def test_baseline_of_another_rubric_or_kind_is_refused(tmp_path: Path):
    from fixtures.scoring.builders import ROOT

    evidence = ROOT / "examples" / "yiyang-party-school"
    args = ["gaps", str(evidence), "--as-of", "2021-07-10", "--quick", "--fail-on", "never"]
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"rubric": "yueyang-2022", "gaps": []}), encoding="utf-8")
    res = runner.invoke(app, [*args, "--baseline", str(other)])
    assert res.exit_code == 2 and "yueyang-2022" in res.output
    unrelated = tmp_path / "list.json"
    unrelated.write_text("[1, 2]", encoding="utf-8")
    assert runner.invoke(app, [*args, "--baseline", str(unrelated)]).exit_code == 2


def test_missing_honour_proof_is_a_gap_with_who_answers_for_it(tmp_path: Path):
    """An honour claimed without its proof in 加分/ is an open item of `gaps`: the points it would add,
    the fix, the finding behind it, and the person the plan assigns to the rule (issue 11)."""
    from wenming_cli.models.scorecard import GapReport

    yiyang = Path(__file__).resolve().parents[1] / "examples" / "yiyang-party-school"
    root = tmp_path / "evidence"
    root.mkdir()
    plan = (yiyang / "unit.yaml").read_text(encoding="utf-8")
    plan = plan.replace("assignments:\n", "assignments:\n  - {subject: honours, departments: [office], persons: [刘亮]}\n", 1)
    (root / "unit.yaml").write_text(plan, encoding="utf-8")
    args = ["gaps", str(root), "--as-of", "2021-07-10", "--quick", "--format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    report = GapReport.model_validate_json(result.stdout)
    bonus = [g for g in report.gaps if g.kind == "bonus"]
    assert len(bonus) == 1  # the personal honour would not count anyway: no gap for its proof
    gap = bonus[0]
    assert gap.title == "益阳市2020年度平安建设先进单位（示例）" and gap.at_risk == Decimal("0.2")
    assert gap.persons == ("刘亮",) and gap.departments == ("办公室",)
    assert gap.finding_keys and all(k.startswith("BONUS-PROOF-MISSING|") for k in gap.finding_keys)
    assert {k for k in gap.finding_keys} <= {f.key for f in report.findings}
    assert "加分" in gap.actions[0] and "2021-03-16" in gap.actions[0]
    assert any(gr.label == "刘亮" and gap.subject in gr.subjects for gr in report.by_person)
    plain = runner.invoke(app, [*args[:-1], "plain"]).stdout
    assert "益阳市2020年度平安建设先进单位（示例）" in plain and "刘亮" in plain
    # with the proof filed, the honour counts and the gap is gone
    proof = root / "加分" / "2021-03-16 益阳市2020年度平安建设先进单位.pdf"
    proof.parent.mkdir()
    proof.write_bytes((yiyang / "加分" / proof.name).read_bytes())
    after = GapReport.model_validate_json(runner.invoke(app, args).stdout)
    assert not [g for g in after.gaps if g.kind == "bonus"]


def test_report_states_a_missing_honour_proof_in_plain_words(tmp_path: Path):
    """The 自查报告 lists the honour without its proof under 存在问题 with what is missing, and the fix
    under 整改措施, with no doubled full stop."""
    evidence = Path(__file__).resolve().parents[1] / "examples" / "yueyang-port-office"
    out = tmp_path / "自查报告.md"
    result = runner.invoke(app, ["report", str(evidence), "--as-of", "2023-06-30", "--quick", "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    text = out.read_text(encoding="utf-8-sig")
    lines = [x for x in text.splitlines() if "2022年度全市口岸工作先进单位（示例）" in x]
    assert any("证明材料" in x and "未归档" in x for x in lines), lines  # the problem, not just 缺少材料
    assert any("加分" in x and "整改期限" in x for x in lines), lines
    assert "。。" not in text
