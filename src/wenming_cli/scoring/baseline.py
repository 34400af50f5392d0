"""An earlier run's JSON against this run's gap list: what is new, what is still open, what was fixed (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wenming_cli.models.scorecard import BaselineComparison, FixedItem, Gap, GapReport
from wenming_cli.scoring.gaps import make_report


class BaselineError(ValueError):
    """The file is not the JSON of an earlier check, score or gaps run (of this rubric)."""


def _key_item(k: str) -> FixedItem:
    parts = k.split("|")
    return FixedItem(key=k, code=parts[0], subject=parts[2] if len(parts) > 2 else "")


def baseline_keys(data: Any, rubric: str | None = None) -> tuple[dict[str, FixedItem], set[str] | None]:
    """Finding keys (with what is known about each) and gap subjects from an earlier run's JSON.

    Like is compared with like: whatever the baseline is (`check`, `score` or `gaps` JSON), only its
    warnings and errors are taken, the findings a gap list is made of; info findings say nothing was
    wrong. Gap subjects come from a `gaps` baseline only. Raises BaselineError on anything else.
    """
    if not isinstance(data, dict):
        raise BaselineError("不是 wenming check、score 或 gaps 的 JSON 结果")
    if rubric is not None and isinstance(data.get("rubric"), str) and data["rubric"] != rubric:
        raise BaselineError(f"上次结果按测评细则 {data['rubric']} 检查，本次是 {rubric}，无法比较")
    found: dict[str, FixedItem] = {}
    subjects: set[str] | None = None
    if isinstance(data.get("findings"), list) and "coverage" in data:  # check
        for d in data["findings"]:
            if not isinstance(d, dict) or not isinstance(d.get("key"), str) or d.get("severity") == "info":
                continue
            found[d["key"]] = FixedItem(
                key=d["key"],
                subject=str(d.get("subject") or ""),
                code=str(d.get("code")),
                message=d.get("message"),
            )
    elif isinstance(data.get("gaps"), list):  # gaps
        subjects = set()
        for g in data["gaps"]:
            if isinstance(g, dict):
                subjects.add(str(g.get("subject")))
                found.update({k: _key_item(k) for k in g.get("finding_keys") or () if isinstance(k, str)})
    elif isinstance(data.get("categories"), list):  # score
        items = [c for cat in data["categories"] if isinstance(cat, dict) for c in cat.get("clauses") or ()]
        items += list(data.get("tasks") or ())
        items += [i for b in data.get("bonus") or () if isinstance(b, dict) for i in b.get("items") or ()]
        for item in items:
            if isinstance(item, dict):
                found.update({k: _key_item(k) for k in item.get("finding_keys") or () if isinstance(k, str)})
    else:
        raise BaselineError("不是 wenming check、score 或 gaps 的 JSON 结果")
    return found, subjects


def compare_baseline(report: GapReport, current_keys: Iterable[str], data: Any, name: str) -> GapReport:
    """Mark each gap new or still open, and list what was fixed since the baseline."""
    before, before_subjects = baseline_keys(data, report.rubric)
    now = set(current_keys)
    new_keys = now - set(before)
    fixed = [item for key, item in before.items() if key not in now]
    gaps: list[Gap] = []
    for g in report.gaps:
        if before_subjects is not None:
            is_new = g.subject not in before_subjects
        else:
            is_new = bool(g.finding_keys) and all(k in new_keys for k in g.finding_keys)
        gaps.append(g.model_copy(update={"change": "new" if is_new else "open"}))
    current_subjects = {g.subject for g in report.gaps}
    comparison = BaselineComparison(
        baseline=name,
        new_findings=tuple(sorted(new_keys)),
        fixed_findings=tuple(sorted(fixed, key=lambda f: f.key)),
        new_gaps=tuple(g.subject for g in gaps if g.change == "new"),
        fixed_gaps=tuple(sorted(before_subjects - current_subjects)) if before_subjects is not None else (),
    )
    out = make_report(report.rubric, report.unit, report.as_of, gaps, dict(report.filters), comparison)
    return out.model_copy(update={"not_applicable": report.not_applicable})
