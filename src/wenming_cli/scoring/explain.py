"""Problems, fixes and evidence summaries of a clause or task, in the clerk's words (pure)."""

from __future__ import annotations

from wenming_cli.models.common import format_points
from wenming_cli.models.comparison import sign
from wenming_cli.models.finding import Finding, Severity
from wenming_cli.models.results import Coverage, TargetResult
from wenming_cli.models.rubric import Rubric

FIELD_WORDS = ("实地",)  # a method or task section a clerk walks before the reviewers come


def is_field(rubric: Rubric, method_ids: tuple[str, ...]) -> bool:
    return any(
        m == "field_inspection" or any(w in rubric.label("methods", m) for w in FIELD_WORDS)
        for m in method_ids
    )


def period_label(period: str) -> str:
    """2021Q2 → 2021年第2季度; anything else as given."""
    if len(period) == 6 and period[4] == "Q" and period[:4].isdigit():
        return f"{period[:4]}年第{period[5]}季度"
    return period


def evidence_summary(cov: Coverage | None) -> str:
    if cov is None:
        return "未找到材料"
    parts = [
        f"{label}{n}{unit}"
        for label, n, unit in (
            ("活动", cov.activities, "个"),
            ("正式发文", cov.documents, "份"),
            ("说明报告", cov.reports, "份"),
            ("截图", cov.screenshots, "张"),
        )
        if n
    ]
    text = "、".join(parts) if parts else "未找到材料"
    if cov.errors or cov.warnings:
        text += f"；错误{cov.errors}个、警告{cov.warnings}个"
    return text


def _shortfalls(cov: Coverage | None) -> list[str]:
    if cov is None:
        return []
    out: list[str] = []
    for req in cov.requirements:
        short_periods = [pc for pc in req.periods if pc.ended and pc.found < pc.required]
        if short_periods:
            for pc in short_periods:
                out.append(f"{period_label(pc.period)}{req.label}{pc.found}个，应不少于{pc.required}个")
        elif not req.periods and req.found < req.required:
            out.append(f"{req.label}现有{req.found}个，应不少于{req.required}个")
    if cov.status == "missing" and not out and cov.needs_files:
        out.append("未找到任何佐证材料")
    return out


def _target_problem(t: TargetResult) -> str:
    p = format_points
    shown = sign(t.comparison)
    if t.actual is None:
        names = "、".join(t.missing_figures) or "所需数据"
        return f"{t.label}：单位方案缺少{names}，无法计算（要求{shown}{p(t.required)}{t.unit}）"
    text = f"{t.label}{p(t.actual)}{t.unit}，要求{shown}{p(t.required)}{t.unit}"
    if t.people_short:
        text += f"，还差{t.people_short}人"
    return text


# Info findings that still say what is missing (a quarter still running, a deadline not yet reached);
# other info findings (not decidable from files, not applicable) are said by the score itself.
_INFO_SHOWN = ("COVERAGE-PENDING", "COVERAGE-PERIOD-OPEN")


def _shown(f: Finding) -> bool:
    return f.severity != Severity.info or f.code in _INFO_SHOWN


def _codes(findings: list[Finding]) -> set[str]:
    return {f.code.split("-")[0] for f in findings if _shown(f)}


def finding_problems(findings: list[Finding]) -> list[str]:
    chosen = sorted((f for f in findings if _shown(f)), key=lambda f: -f.severity.rank)
    out = []
    for f in chosen:
        where = f"（{f.path}）" if f.path else ""
        out.append(f"{f.severity.label}：{f.message}{where}")
    return out


def own_problems(
    cov: Coverage | None, targets: tuple[TargetResult, ...], findings: list[Finding]
) -> list[str]:
    """Shortfalls and target misses in our words, unless the check already reported them as findings."""
    codes = _codes(findings)
    out = [] if "COVERAGE" in codes else _shortfalls(cov)
    if "TARGET" not in codes:
        out += [_target_problem(t) for t in targets if t.met is not True]
    return out


def fixes(
    findings: list[Finding], cov: Coverage | None, targets: tuple[TargetResult, ...]
) -> tuple[str, ...]:
    codes = _codes(findings)
    out: list[str] = []
    for t in targets if "TARGET" not in codes else ():
        if t.met is False and t.people_short:
            out.append(f"再发动{t.people_short}人，使{t.label}达到{format_points(t.required)}{t.unit}")
        elif t.actual is None:
            out.append("在单位方案 figures 中填写" + ("、".join(t.missing_figures) or "所需人数"))
    if cov is not None and "COVERAGE" not in codes:
        for req in cov.requirements:
            if any(pc.ended and pc.found < pc.required for pc in req.periods) or (
                not req.periods and req.found < req.required
            ):
                out.append(f"补充{req.label}" + (f"（引文：{req.quote}）" if req.quote else ""))
    out += [f.fix for f in findings if f.fix and _shown(f)]
    return tuple(dict.fromkeys(out))
