"""The self-inspection report as Markdown: the same sections the Word document lays out."""

from __future__ import annotations

from wenming_cli.models.results import CheckResult
from wenming_cli.models.rubric import Rubric
from wenming_cli.models.scorecard import GapReport, Scorecard
from wenming_cli.render.console import md_table
from wenming_cli.render.report_text import (  # noqa: F401  (re-exported for the other renderers)
    COMPARISON,
    Section,
    banned_phrases,
    cn_date,
    cn_number,
    narrative,
    wording_problems,
)


def render_markdown(
    card: Scorecard, gaps: GapReport, rubric: Rubric | None = None, check: CheckResult | None = None
) -> str:
    banned = banned_phrases(rubric)
    sections = narrative(card, gaps, banned, check, rubric)
    out: list[str] = []
    for s in sections:
        out.append(("#" * (s.level + 1)) + " " + s.heading + "\n")
        out += [para + "\n" for para in s.paragraphs]
        if s.table:
            out.append(md_table(*s.table))
        if s.items:
            out.append("\n".join(f"{i}. {item}" for i, item in enumerate(s.items, 1)) + "\n")
        out += [para + "\n" for para in s.after]
    problems = wording_problems(sections, banned)
    if problems:
        out.append("> 请修改：以下文字含测评细则不允许的表述——" + "；".join(problems) + "\n")
    # The signature block, as in the Word document: unit, then the one date of the self-inspection.
    out.append(f"{card.unit or ''}\n\n{cn_date(card.as_of)}\n")
    return "\n".join(out)
