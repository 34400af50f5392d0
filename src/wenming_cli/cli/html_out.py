"""The HTML page of check, score, gaps and report: what each command hands the HTML renderer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from wenming_cli import scoring
from wenming_cli.models.results import CheckResult
from wenming_cli.models.rubric import Rubric
from wenming_cli.models.scorecard import GapReport, Scorecard
from wenming_cli.models.unit import UnitPlan

if TYPE_CHECKING:  # jinja2 and the page's view are imported when a page is made, not by every command
    from wenming_cli.render.html.view import Kind


def html_page(
    kind: Kind,
    check: CheckResult,
    rubric: Rubric,
    plan: UnitPlan | None,
    evidence: Path,
    today: dt.date,
    card: Scorecard | None = None,
    gaps: GapReport | None = None,
    narrative: list | None = None,
) -> str:
    """Every page carries the evidence-backed score and points at risk, so the scorecard is made here
    for `check` too (the same scoring the `score` command runs, never a second calculation)."""
    card = card or scoring.score(rubric, plan, check)
    gaps = gaps or scoring.build_gaps(card, today)
    from wenming_cli.checks.archive_input import open_evidence
    from wenming_cli.render.html import render_html

    # A zipped evidence folder was extracted for the check and removed after it: previews read the
    # archive's files again from a fresh temporary extraction (a folder is used as it is).
    with open_evidence(evidence) as source:
        return render_html(kind, check, rubric, source.folder, card, gaps, narrative)
