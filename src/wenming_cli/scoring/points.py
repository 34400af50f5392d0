"""One clause's points from its coverage status, findings and the unit's self-assessment (pure)."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from wenming_cli.models.common import format_points
from wenming_cli.models.finding import Finding, Severity
from wenming_cli.models.results import Coverage
from wenming_cli.models.rubric import Clause, Rubric, Standard

ZERO = Decimal(0)
# wenming's own estimate for a partly met clause when the rubric prints no rule (neither seed does):
# shown as wenming's estimate, never as the rubric's.
ESTIMATE_SHARE = Decimal("0.5")


class ClausePoints(NamedTuple):
    points: Decimal
    evidence_points: Decimal | None
    basis: str
    explanation: str
    failures: int = 0
    partial_share: Decimal | None = None
    partial_share_source: str | None = None  # "rubric" or "estimate" (wenming's own)


def partial_share(clause: Clause) -> tuple[Decimal, str]:
    """The share of a partly met clause's points: the rubric's rule, else wenming's own estimate."""
    declared = clause.scoring.partial_share
    if declared is not None:
        return declared, "rubric"
    return ESTIMATE_SHARE, "estimate"


def clause_points(
    rubric: Rubric,
    standard: Standard,
    clause: Clause,
    status: str,
    cov: Coverage | None,
    findings: list[Finding],
    self_points: Decimal | None,
    shortfall: int | None = None,
) -> ClausePoints:
    """Points, evidence-backed points, basis and explanation of one clause."""
    full = clause.points
    p = format_points
    if status == "not_applicable":
        return ClausePoints(ZERO, None, "not_applicable", "单位说明不适用，不计分")
    if status == "not_decidable" and clause.scoring.mode == "deduction" and shortfall is not None:
        # Judged on site: the unit plan records the failures counted there (3 signs missing).
        per = clause.scoring.deduction if clause.scoring.deduction is not None else full
        got = max(ZERO, full - per * shortfall)
        text = (
            f"扣分项（实地考察）：单位方案记录{shortfall}处问题 × {p(per)}分，得{p(got)}分"
            + ("（扣完为止）" if got == 0 and shortfall else "")
            if shortfall
            else f"扣分项（实地考察）：单位方案记录未发现问题，得满分{p(full)}分"
        )
        return ClausePoints(got, None, "on_site", text, shortfall)
    if status == "not_decidable":
        how = "、".join(rubric.label("methods", m) for m in rubric.clause_methods(standard, clause))
        if self_points is not None:
            text = f"无法从材料判断（{how}），采用单位自评{p(self_points)}分"
            return ClausePoints(self_points, None, "self_assessed", text)
        return ClausePoints(ZERO, None, "none", f"无法从材料判断（{how}），单位未自评，暂按0分计")
    if status == "missing":
        return ClausePoints(ZERO, ZERO, "evidence", "缺少佐证材料，得0分")
    if clause.scoring.mode == "deduction" and status in ("met", "partly"):
        errors = [f for f in findings if f.severity == Severity.error]
        # A standard-level finding concerns this clause only when the standard has no other.
        if len(standard.clauses) > 1:
            errors = [f for f in errors if f.clause == clause.id]
        per = clause.scoring.deduction if clause.scoring.deduction is not None else full
        got = max(ZERO, full - per * len(errors))
        if errors:
            text = f"扣分项：{len(errors)}处问题 × {p(per)}分，得{p(got)}分" + (
                "（扣完为止）" if got == 0 else ""
            )
        else:
            text = f"扣分项：未发现问题，得满分{p(full)}分"
        return ClausePoints(got, got, "evidence", text, len(errors))
    if status == "met":
        return ClausePoints(full, full, "evidence", f"达标，得满分{p(full)}分")
    share, source = partial_share(clause)
    if status == "partly":
        got = full * share
        return ClausePoints(
            got, got, "estimate", "部分达标，" + _share_text(share, source, got), 0, share, source
        )
    # pending: time remains. Only evidence of a required kind earns the partial share.
    relevant = cov is not None and any(r.found > 0 for r in cov.requirements)
    if not relevant:
        return ClausePoints(ZERO, ZERO, "estimate", "尚在期限内、所需材料还没有，暂按0分计")
    got = full * share
    return ClausePoints(
        got, got, "estimate", "尚在期限内、材料未齐，" + _share_text(share, source, got), 0, share, source
    )


def _share_text(share: Decimal, source: str, got: Decimal) -> str:
    p = format_points
    if source == "rubric":
        if share == 0:
            return "测评细则规定部分完成不得分，得0分"
        return f"按测评细则规定的部分得分比例{_pct(share)}计{p(got)}分"
    return f"测评细则未规定部分得分，按本工具的估计（满分的{_pct(share)}）暂计{p(got)}分，仅供参考"


def _pct(share: Decimal) -> str:
    return f"{format_points(share * 100)}%"
