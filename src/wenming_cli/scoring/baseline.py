"""An earlier run's JSON against this run's gap list: what is new, what is still open, what was fixed (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wenming_cli.models.scorecard import BaselineComparison, FixedItem, Gap, GapReport
from wenming_cli.scoring.gaps import make_report


def _walk(data: Any) -> Iterable[dict]:
    if isinstance(data, dict):
        yield data
        for v in data.values():
            yield from _walk(v)
    elif isinstance(data, list):
        for v in data:
            yield from _walk(v)


def baseline_keys(data: Any) -> tuple[dict[str, FixedItem], set[str] | None]:
    """Finding keys (with what is known about each) and gap subjects from an earlier run's JSON.

    Accepts the JSON of `check`, `score` or `gaps`: findings are dicts with `code` and `key`,
    or listed under `finding_keys`; gap subjects come from a top-level `gaps` list when there is one.
    """
    found: dict[str, FixedItem] = {}
    for d in _walk(data):
        if isinstance(d.get("key"), str) and isinstance(d.get("code"), str):
            found[d["key"]] = FixedItem(
                key=d["key"], subject=str(d.get("subject") or ""), code=d["code"], message=d.get("message")
            )
        for k in d.get("finding_keys") or ():
            if isinstance(k, str) and k not in found:
                parts = k.split("|")
                found[k] = FixedItem(key=k, code=parts[0], subject=parts[2] if len(parts) > 2 else "")
    subjects = None
    if isinstance(data, dict) and isinstance(data.get("gaps"), list):
        subjects = {str(g.get("subject")) for g in data["gaps"] if isinstance(g, dict)}
    return found, subjects


def compare_baseline(report: GapReport, current_keys: Iterable[str], data: Any, name: str) -> GapReport:
    """Mark each gap new or still open, and list what was fixed since the baseline."""
    before, before_subjects = baseline_keys(data)
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
