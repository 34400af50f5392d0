"""One clause's points from its coverage status, findings and the unit's self-assessment (pure)."""

from __future__ import annotations

from decimal import Decimal

from wenming_cli.models.common import format_points
from wenming_cli.models.finding import Finding, Severity
from wenming_cli.models.results import Coverage
from wenming_cli.models.rubric import Clause, Rubric, Standard

ZERO = Decimal(0)


def clause_points(
    rubric: Rubric,
    standard: Standard,
    clause: Clause,
    status: str,
    cov: Coverage | None,
    findings: list[Finding],
    self_points: Decimal | None,
) -> tuple[Decimal, Decimal | None, str, str, int]:
    """Points, evidence-backed points, basis, explanation and the number of deductions of one clause."""
    full = clause.points
    p = format_points
    if status == "not_applicable":
        return ZERO, None, "not_applicable", "单位说明不适用，不计分", 0
    if status == "not_decidable":
        how = "、".join(rubric.label("methods", m) for m in rubric.clause_methods(standard, clause))
        if self_points is not None:
            return (
                self_points,
                None,
                "self_assessed",
                f"无法从材料判断（{how}），采用单位自评{p(self_points)}分",
                0,
            )
        return ZERO, None, "none", f"无法从材料判断（{how}），单位未自评，暂按0分计", 0
    if status == "missing":
        return ZERO, ZERO, "evidence", "缺少佐证材料，得0分", 0
    if clause.scoring.mode == "deduction":
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
        return got, got, "evidence", text, len(errors)
    share = clause.scoring.partial_share
    if status == "met":
        return full, full, "evidence", f"达标，得满分{p(full)}分", 0
    if status == "partly":
        got = full * share
        return got, got, "estimate", f"部分达标，按测评细则的部分得分比例{_pct(share)}估计得{p(got)}分", 0
    # pending: a period is still running
    has_any = cov is not None and (cov.activities + cov.documents + cov.reports + cov.screenshots) > 0
    got = full * share if has_any else ZERO
    return (
        got,
        got,
        "estimate",
        f"尚在期限内、材料未齐，暂按{_pct(share) if has_any else '0%'}估计得{p(got)}分",
        0,
    )


def _pct(share: Decimal) -> str:
    return f"{format_points(share * 100)}%"
