"""`wenming check A B C` / `--batch DIR` and the same for `score`: the summary of many units."""

from __future__ import annotations

from pathlib import Path

import typer

from wenming_cli.cli.common import (
    FailOn,
    OutputFormat,
    check_writable,
    findings_reach,
    resolve_format,
    stderr_console,
    write_output,
    write_text_output,
)
from wenming_cli.errors import EXIT_USAGE, outcome
from wenming_cli.render.formats import formats_for


def run_batch_command(
    folders: list[Path],
    batch: Path | None,
    *,
    command: str,
    rubric: str | None,
    quick: bool,
    workers: int | None,
    cache: bool,
    fmt: OutputFormat | None,
    output: Path | None,
    force: bool,
    as_of,
    fail_on: FailOn,
    details: bool,
) -> int:
    """Check (and score) every unit, print or write the summary, exit 2 / 1 / 0 as the units warrant."""
    from wenming_cli.batch import run_batch, unit_folders
    from wenming_cli.render import batch_view

    targets = unit_folders(folders, batch)
    chosen = resolve_format(fmt, output, allowed=formats_for("batch"))
    if chosen == OutputFormat.xlsx and output is None:
        raise typer.BadParameter("汇总工作簿需要用 -o 给出文件名，如 -o 汇总.xlsx。", param_hint="--format")
    if output is not None:
        for folder in targets:
            check_writable(output, force, folder)
    console = stderr_console()

    def progress(i: int, n: int, folder: str) -> None:
        console.print(f"[{i}/{n}] {folder}", markup=False)

    summary, results = run_batch(
        targets, as_of=as_of, rubric_ref=rubric, quick=quick, workers=workers, cache=cache, progress=progress
    )
    if chosen == OutputFormat.xlsx:
        write_output(batch_view.workbook_writer(summary), output, force)  # type: ignore[arg-type]
    else:
        parts = [batch_view.render_batch(summary, chosen)]
        if details and chosen != OutputFormat.json:
            parts += _details(results, command, chosen)
        write_text_output("\n".join(parts), output, force)
    console.print(f"{batch_view.footer(summary)}（每小时约 {summary.units_per_hour} 个单位）", markup=False)
    if any(r.problem is not None for r in summary.rows):
        return EXIT_USAGE  # a unit that could not be checked at all
    severities = (f.severity for r in results if r.check is not None for f in r.check.findings)
    return outcome(findings_reach(severities, fail_on))


def _details(results, command: str, chosen: OutputFormat) -> list[str]:
    from wenming_cli.render import check_view, score_view

    parts = []
    for r in results:
        if r.check is None:
            continue
        parts.append(f"\n===== {r.row.unit or r.row.folder} =====\n")
        if command == "score":
            parts.append(score_view.render_score(r.card, chosen))
        else:
            parts.append(check_view.render_check(r.check, r.rubric, chosen))
    return parts
