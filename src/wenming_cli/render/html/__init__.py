"""One self-contained HTML page for check, score, gaps and report: no network, no external files.

Styles and the few lines of filter script are inlined; previews are data: URIs. Everything is visible
with scripts off (the filter bar only appears when the script runs).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from wenming_cli.models.results import CheckResult
from wenming_cli.models.rubric import Rubric
from wenming_cli.models.scorecard import GapReport, Scorecard
from wenming_cli.render.html.view import Kind, Page, build_page

__all__ = ["render_html", "render_page", "build_page", "Page"]


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("wenming_cli.render.html", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )


def render_page(page: Page) -> str:
    return _environment().get_template("page.html.j2").render(page=page)


def render_html(
    kind: Kind,
    check: CheckResult,
    rubric: Rubric,
    evidence_root: Path | None,
    card: Scorecard | None = None,
    gaps: GapReport | None = None,
    narrative: list | None = None,
) -> str:
    """The page for `kind`; previews are read from `evidence_root` (never written there)."""
    return render_page(build_page(kind, check, rubric, evidence_root, card, gaps, narrative))
