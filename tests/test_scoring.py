"""Scoring arithmetic: Decimal sums, partial shares, deduction floors, veto, thresholds; the score command."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from fixtures.scoring.builders import (
    ROOT,
    SYNTHETIC,
    check,
    cov,
    fake_engine,
    finding,
    registry,
    rubric_or_skip,
    synthetic_case,
    target,
)
from typer.testing import CliRunner

from wenming_cli.cli.app import app
from wenming_cli.models.results import RequirementCoverage
from wenming_cli.models.scorecard import Scorecard
from wenming_cli.render.formats import OutputFormat
from wenming_cli.render.score_view import render_score
from wenming_cli.scoring import score

D = Decimal
runner = CliRunner()


def synthetic():
    return registry.load_rubric(str(SYNTHETIC))


# -- synthetic rubric ----------------------------------------------------------------------------------


def test_all_met_sums_exactly_to_ten():
    rubric = synthetic()
    card = score(rubric, None, check(rubric))
    # 0.5 + 0.2 + 6.6 scored from files; 2.1 is judged by department opinion only: not decidable.
    assert card.totals.maximum == D("10")
    assert card.totals.evidence == D("7.3")
    assert card.clause("2.1").basis == "none"
    assert card.clause("2.1").veto_failed is None
    assert isinstance(card.totals.evidence, Decimal)


def test_synthetic_case_figures():
    result, plan, rubric = synthetic_case()
    card = score(rubric, plan, result)
    c11 = card.clause("1.1")
    assert c11.status == "partly" and c11.points == D("0.25") and c11.basis == "estimate"
    assert c11.self_points == D("0.5")  # shown beside, never in place of the evidence figure
    assert "还差4人" in " ".join(c11.problems)
    c13 = card.clause("1.3")
    assert c13.failures == 2 and c13.points == D("6.0")  # 6.6 - 2 × 0.3
    c21 = card.clause("2.1")
    assert c21.basis == "self_assessed" and c21.points == D("2.7") and c21.veto_failed is False
    assert card.totals.evidence == D("9.15")
    assert card.totals.self_assessed == D("9.4")
    assert card.totals.from_self_assessment == D("2.7")
    assert card.totals.estimated == D("0.25")
    assert card.bonus_points == D("0.2")
    assert card.total == D("9.35")
    assert card.verdict.reached.id == "civilized_unit" and card.verdict.next_title is None


def test_partial_share_comes_from_the_rubric():
    rubric = synthetic()
    clause = rubric.clause("1.2")
    changed = clause.model_copy(
        update={"scoring": clause.scoring.model_copy(update={"partial_share": D("0.3")})}
    )
    std = rubric.standard(1)
    clauses = tuple(changed if c.id == "1.2" else c for c in std.clauses)
    rubric = rubric.model_copy(
        update={
            "standards": tuple(
                s.model_copy(update={"clauses": clauses}) if s.number == "1" else s for s in rubric.standards
            )
        }
    )
    card = score(rubric, None, check(rubric, [cov("1.2", "partly", documents=1)]))
    assert card.clause("1.2").points == D("0.06")  # 0.2 × 0.3, exact
    assert "30%" in card.clause("1.2").explanation and "测评细则规定" in card.clause("1.2").explanation
    assert card.clause("1.2").partial_share_source == "rubric"


def test_deduction_floors_at_zero():
    rubric = synthetic()
    many = [finding("HAZARD", "1.3", path=f"1/x{i}.jpg") for i in range(23)]  # 23 × 0.3 = 6.9 > 6.6
    card = score(rubric, None, check(rubric, findings=many))
    assert card.clause("1.3").points == D("0")
    assert "扣完为止" in card.clause("1.3").explanation
    # warnings do not deduct
    card = score(rubric, None, check(rubric, findings=[finding("EXIF", "1.3", "warning")]))
    assert card.clause("1.3").points == D("6.6")


def test_deduction_clause_missing_evidence_scores_zero():
    rubric = synthetic()
    card = score(rubric, None, check(rubric, [cov("1.3", "missing")]))
    assert card.clause("1.3").points == 0


def test_veto_by_self_assessment_zero_makes_unit_ineligible():
    result, plan, rubric = synthetic_case()
    plan = plan.model_copy(
        update={
            "self_assessment": {
                **plan.self_assessment,
                "2.1": plan.self_assessment["2.1"].model_copy(update={"points": D("0")}),
            }
        }
    )
    card = score(rubric, plan, result)
    assert card.clause("2.1").veto_failed is True
    assert card.verdict.eligible is False and card.verdict.reached is None
    assert "一票否决" in card.verdict.message and "第2条第1项" in card.verdict.message
    assert card.totals.evidence == D("6.45")  # the points are still shown


def test_veto_by_missing_coverage():
    rubric = synthetic()
    card = score(rubric, None, check(rubric, [cov("2.1", "missing")]))
    assert card.clause("2.1").veto_failed is True and not card.verdict.eligible


def test_target_not_met_downgrades_met_clause():
    rubric = synthetic()
    card = score(
        rubric,
        None,
        check(rubric, targets=[target("volunteer_ratio_staff", "1.1", 10, 40, "60", people_short=14)]),
    )
    assert card.clause("1.1").status == "partly" and card.clause("1.1").points == D("0.25")
    # met target keeps it met
    card = score(rubric, None, check(rubric, targets=[target("volunteer_ratio_staff", "1.1", 30, 40, "60")]))
    assert card.clause("1.1").status == "met"


def test_pending_without_evidence_scores_zero_with_estimate():
    rubric = synthetic()
    card = score(rubric, None, check(rubric, [cov("1.1", "pending")]))
    assert card.clause("1.1").points == 0 and card.clause("1.1").basis == "estimate"
    # evidence of another kind earns nothing, even while time remains
    plan_req = RequirementCoverage(kind="plan", label="方案/计划", required=2, found=0)
    card = score(rubric, None, check(rubric, [cov("1.1", "pending", activities=2, requirements=(plan_req,))]))
    assert card.clause("1.1").points == 0
    half = plan_req.model_copy(update={"found": 1})
    card = score(rubric, None, check(rubric, [cov("1.1", "pending", requirements=(half,))]))
    assert card.clause("1.1").points == D("0.25")
    assert card.clause("1.1").partial_share_source == "estimate"
    assert "本工具的估计" in card.clause("1.1").explanation


def test_partly_met_without_a_rubric_rule_is_labelled_wenmings_estimate():
    rubric = synthetic()
    card = score(rubric, None, check(rubric, [cov("1.2", "partly", documents=1)]))
    c = card.clause("1.2")
    assert c.points == D("0.1") and c.partial_share == D("0.5") and c.partial_share_source == "estimate"
    assert "测评细则未规定部分得分" in c.explanation and "按测评细则的部分得分比例" not in c.explanation
    assert any("不是测评细则的规定" in n for n in card.notes)


def test_rubric_declaring_no_partial_credit_gives_zero():
    rubric = synthetic()
    clause = rubric.clause("1.2")
    changed = clause.model_copy(
        update={"scoring": clause.scoring.model_copy(update={"partial_share": D("0")})}
    )
    std = rubric.standard(1)
    clauses = tuple(changed if c.id == "1.2" else c for c in std.clauses)
    rubric = rubric.model_copy(
        update={
            "standards": tuple(
                s.model_copy(update={"clauses": clauses}) if s.number == "1" else s for s in rubric.standards
            )
        }
    )
    card = score(rubric, None, check(rubric, [cov("1.2", "partly", documents=1)]))
    assert card.clause("1.2").points == 0 and "不得分" in card.clause("1.2").explanation


def test_deduction_clause_pending_without_evidence_scores_zero():
    rubric = synthetic()
    card = score(rubric, None, check(rubric, [cov("1.3", "pending")]))
    assert card.clause("1.3").points == 0


def test_not_applicable_needs_reason_and_leaves_applicable_maximum():
    result, plan, rubric = synthetic_case()
    from wenming_cli.models.unit import NotApplicable

    plan = plan.model_copy(
        update={"not_applicable": (NotApplicable(subject="1.2", reason="本单位无独立制度建设职能"),)}
    )
    card = score(rubric, plan, result)
    c = card.clause("1.2")
    assert (
        c.status == "not_applicable"
        and c.points == 0
        and c.not_applicable_reason == "本单位无独立制度建设职能"
    )
    assert card.totals.applicable_maximum == D("9.8") and card.totals.maximum == D("10")
    assert ("1.2", "本单位无独立制度建设职能") in card.not_applicable
    for fmt in (OutputFormat.plain, OutputFormat.markdown, OutputFormat.json):
        assert "本单位无独立制度建设职能" in render_score(card, fmt)


# -- Yueyang: thresholds at exactly 80 and 90 ------------------------------------------------------------


def _yueyang_missing(rubric, points: Decimal, partly: tuple[str, ...] = ()):
    """Coverage with clauses missing until `points` are lost (2-point clauses first, in order)."""
    lost, missing = D(0), []
    for s in rubric.standards:
        for c in s.clauses:
            if lost + c.points <= points and c.id not in partly:
                missing.append(cov(c.id, "missing"))
                lost += c.points
    assert lost == points
    return [*missing, *(cov(cid, "partly", activities=1) for cid in partly)]


@pytest.mark.parametrize(
    ("lost", "partly", "reached", "short"),
    [
        (D(20), (), "civilized_unit", D(10)),
        (D(10), (), "model_unit", None),
        (D(20), ("5.2",), None, D("0.5")),  # 79.5: half a point short of 文明单位
        (D(0), (), "model_unit", None),
    ],
)
def test_yueyang_thresholds(lost, partly, reached, short):
    rubric = rubric_or_skip("yueyang-2022")
    card = score(rubric, None, check(rubric, _yueyang_missing(rubric, lost, partly)))
    assert card.totals.maximum == D(100)
    v = card.verdict
    assert v.has_thresholds and v.eligible
    assert (v.reached.id if v.reached else None) == reached
    assert v.short_of_next == short


def test_yueyang_total_includes_the_bonus_at_exactly_80():
    rubric = rubric_or_skip("yueyang-2022")
    plan, rubric, _ = registry.load_unit_plan(ROOT / "tests/fixtures/scoring/yueyang-unit.yaml")
    # 100 - 20 - 1 (one 1-point clause) - 0.5 (another 1-point clause partly met) = 78.5; bonus 1.5
    coverage = _yueyang_missing(rubric, D(21), ("5.2",))
    coverage = [c for c in coverage if c.subject != "5.2"] + [cov("5.2", "partly", activities=1)]
    result = check(rubric, coverage, as_of=dt.date(2023, 6, 1))
    # without their proofs in 加分/ the honours count nothing: 78.5 stays short of 80
    card = score(rubric, plan, result)
    assert card.bonus_points == 0 and card.total == D("78.5") and card.verdict.reached is None
    proofs = tuple(f"加分/{h.document_date.isoformat()} {h.name}.pdf" for h in plan.honours)
    card = score(rubric, plan, result.model_copy(update={"bonus_files": proofs}))
    assert card.totals.evidence == D("78.5")
    assert card.bonus_points == D("1.5")
    assert card.total == D("80.0")
    assert card.verdict.reached.label == "文明单位"
    assert card.verdict.short_of_next == D("10")
    assert "距文明标兵单位（90分）还差10分" in card.verdict.message


def test_yueyang_targets_are_shown_per_clause():
    rubric = rubric_or_skip("yueyang-2022")
    t = [
        target("volunteer_ratio_staff", "16.1", 25, 30, "90", people_short=2),
        target("volunteer_ratio_party_members", "16.1", 12, 12, "100"),
        target("volunteer_active_ratio", "16.1", 20, 25, "85", people_short=2),
    ]
    card = score(rubric, None, check(rubric, targets=t))
    c = card.clause("16.1")
    assert c.status == "partly" and len(c.targets) == 3
    assert any("≥90%" in p and "还差2人" in p for p in c.problems)


# -- Yiyang: no thresholds --------------------------------------------------------------------------------


def test_yiyang_has_no_verdict_and_sums_to_100():
    rubric = rubric_or_skip("yiyang-2021")
    card = score(rubric, None, check(rubric))
    assert card.totals.maximum == D(100)
    assert not card.verdict.has_thresholds and card.verdict.reached is None
    assert "未设分数线" in card.verdict.message


# -- the command -------------------------------------------------------------------------------------------


def test_score_command_json_and_fail_under(monkeypatch, tmp_path: Path):
    result, plan, rubric = synthetic_case()
    calls = fake_engine(monkeypatch, result, plan, rubric)
    out = runner.invoke(app, ["score", str(tmp_path), "--format", "json", "--as-of", "2025-10-01"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    card = Scorecard.model_validate(data)
    assert card.total == D("9.35") and data["total"] == "9.35"
    assert calls[0]["as_of"] == dt.date(2025, 10, 1)

    assert runner.invoke(app, ["score", str(tmp_path), "--fail-under", "9.35", "-f", "plain"]).exit_code == 0
    low = runner.invoke(app, ["score", str(tmp_path), "--fail-under", "9.4", "-f", "plain"])
    assert low.exit_code == 1
    assert runner.invoke(app, ["score", str(tmp_path), "--fail-under", "abc"]).exit_code == 2
    # findings only fail the score command when asked
    assert runner.invoke(app, ["score", str(tmp_path), "-f", "plain", "--fail-on", "error"]).exit_code == 1


def test_score_command_output_file_needs_force(monkeypatch, tmp_path: Path):
    result, plan, rubric = synthetic_case()
    fake_engine(monkeypatch, result, plan, rubric)
    target_file = tmp_path / "score.md"
    tmp_path = tmp_path / "evidence"  # the evidence folder; outputs go beside it, never inside
    tmp_path.mkdir()
    assert runner.invoke(app, ["score", str(tmp_path), "-o", str(target_file)]).exit_code == 0
    assert "测评总分" in target_file.read_text(encoding="utf-8")
    assert runner.invoke(app, ["score", str(tmp_path), "-o", str(target_file)]).exit_code == 2
    assert runner.invoke(app, ["score", str(tmp_path), "-o", str(target_file), "--force"]).exit_code == 0
    assert (
        runner.invoke(
            app, ["score", str(tmp_path), "-o", str(tmp_path / "x.json"), "-f", "markdown"]
        ).exit_code
        == 2
    )


def test_score_plain_shows_self_assessment_beside_evidence():
    result, plan, rubric = synthetic_case()
    text = render_score(score(rubric, plan, result), OutputFormat.plain)
    row = next(line for line in text.splitlines() if line.startswith("1.1\t"))
    assert "0.25（估计）" in row and "\t0.5\t" in row
    assert "采用自评" in text and "个人荣誉" in text and "不在加分期限" in text
    rich = render_score(score(rubric, plan, result), OutputFormat.rich)
    assert "测评总分" in rich


# -- end to end, with the real check engine on the bundled examples ------------------------------------


def example(name: str) -> Path:
    path = ROOT / "examples" / name
    assert (path / "unit.yaml").is_file(), f"example {name} is missing"  # fail, never skip
    return path


def test_score_yiyang_example_end_to_end():
    out = runner.invoke(
        app, ["score", str(example("yiyang-party-school")), "--as-of", "2021-07-10", "-f", "json"]
    )
    assert out.exit_code == 0, out.output
    card = Scorecard.model_validate(json.loads(out.stdout))
    assert card.totals.maximum == D(100) and not card.verdict.has_thresholds
    honours = next(b for b in card.bonus if b.kind == "honour")
    assert honours.points == D("0.2")  # the city honour counts, the personal one is listed with its reason
    assert any(i.holder == "personal" and "个人" in i.reason for i in honours.items)
    assert card.clause("15.1").basis == "self_assessed"  # questionnaire: the unit's self-assessment
    low = runner.invoke(
        app, ["score", str(example("yiyang-party-school")), "--as-of", "2021-07-10", "--fail-under", "99"]
    )
    assert low.exit_code == 1
