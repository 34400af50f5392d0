"""Totals of clause scores and the verdict against the rubric's thresholds and veto items (pure)."""

from __future__ import annotations

from decimal import Decimal

from wenming_cli.models.common import format_points
from wenming_cli.models.rubric import Rubric
from wenming_cli.models.scorecard import ClauseScore, TitleReached, Totals, Verdict, VetoResult
from wenming_cli.models.unit import UnitPlan

ZERO = Decimal(0)


def totals(clauses: tuple[ClauseScore, ...]) -> Totals:
    def total(values: list[Decimal]) -> Decimal:
        return sum(values, ZERO)

    return Totals(
        evidence=total([c.points for c in clauses]),
        self_assessed=total([c.self_points if c.self_points is not None else c.points for c in clauses]),
        maximum=total([c.max_points for c in clauses]),
        applicable_maximum=total([c.max_points for c in clauses if c.status != "not_applicable"]),
        from_self_assessment=total([c.points for c in clauses if c.basis == "self_assessed"]),
        estimated=total([c.points for c in clauses if c.basis == "estimate"]),
    )


def veto_results(rubric: Rubric, plan: UnitPlan | None) -> tuple[VetoResult, ...]:
    """Each disqualifying condition with the unit plan's confirmation (undecided until confirmed)."""
    out = []
    for v in rubric.vetoes:
        check = plan.vetoes.get(v.id) if plan else None
        out.append(
            VetoResult(
                id=v.id,
                text=v.text,
                status=check.status if check else "undecided",
                note=check.note if check else None,
                source=v.source,
            )
        )
    return tuple(out)


def verdict(
    rubric: Rubric,
    points: Decimal,
    total: Decimal,
    clauses: tuple[ClauseScore, ...],
    vetoes: tuple[VetoResult, ...] = (),
) -> Verdict:
    failed = tuple(c.ref for c in clauses if c.veto and c.veto_failed)
    failed += tuple(v.text for v in vetoes if v.status == "failed")
    undecided = tuple(c.ref for c in clauses if c.veto and c.veto_failed is None)
    undecided += tuple(v.text for v in vetoes if v.status == "undecided")
    th = rubric.thresholds
    p = format_points
    if th is None:
        message = f"该测评细则未设分数线，只给出得分（{p(total)}分，含加分），不作评定。"
        if failed:
            message = f"一票否决项未通过（{'、'.join(failed)}），不具备评选资格。" + message
        elif undecided:
            message += f"一票否决项尚未确认：{'、'.join(undecided)}。"
        return Verdict(
            has_thresholds=False,
            points=total,
            includes_bonus=True,
            eligible=not failed,
            veto_failed=failed,
            veto_undecided=undecided,
            message=message,
        )
    compared = total if th.includes_bonus else points
    titles = sorted(th.titles, key=lambda t: t.min_points)
    reached = next((t for t in reversed(titles) if compared >= t.min_points), None)
    above = [t for t in titles if compared < t.min_points]
    nxt = above[0] if above else None
    basis = "测评总分（含加分）" if th.includes_bonus else "测评得分（不含加分）"
    if failed:
        message = f"一票否决项未通过（{'、'.join(failed)}），不具备评选资格，无论得分多少。"
        return Verdict(
            has_thresholds=True,
            points=compared,
            includes_bonus=th.includes_bonus,
            eligible=False,
            veto_failed=failed,
            veto_undecided=undecided,
            message=message,
        )
    if reached is not None:
        message = f"{basis}{p(compared)}分，达到{reached.label}分数线（{p(reached.min_points)}分）"
    else:
        message = f"{basis}{p(compared)}分，未达到任何称号的分数线"
    if nxt is not None:
        message += f"；距{nxt.label}（{p(nxt.min_points)}分）还差{p(nxt.min_points - compared)}分。"
    else:
        message += "。"
    if undecided:
        message += f"一票否决项尚未确认：{'、'.join(undecided)}。"

    def title(t: object) -> TitleReached | None:
        return TitleReached(id=t.id, label=t.label, min_points=t.min_points) if t is not None else None  # type: ignore[attr-defined]

    return Verdict(
        has_thresholds=True,
        points=compared,
        includes_bonus=th.includes_bonus,
        eligible=True,
        reached=title(reached),
        next_title=title(nxt),
        short_of_next=(nxt.min_points - compared) if nxt else None,
        veto_undecided=undecided,
        message=message,
    )
