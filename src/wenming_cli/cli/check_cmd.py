"""`wenming check EVIDENCE`: the evidence folder against the rubric's rules."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Annotated

import typer

from wenming_cli.cli import notices
from wenming_cli.cli.common import (
    AsOfOpt,
    FailOn,
    FailOnOpt,
    ForceOpt,
    OutputFormat,
    RubricOpt,
    as_date,
    check_writable,
    findings_reach,
    format_option,
    formats_for,
    handle_errors,
    output_option,
    resolve_format,
    status,
    stderr_console,
    write_text_output,
)
from wenming_cli.errors import EXIT_CLEAN
from wenming_cli.errors import outcome as exit_outcome

FormatChoice = format_option("check", batch=True)
OutputFile = output_option("check")

# The checks, renderers and rich's progress bar are imported when the command runs, not when
# `wenming --help` or `wenming check --help` is shown (tests/test_lazy_imports.py).


class _ProgressBar:
    """rich's progress bar on a terminal, started by the first stage with enough files to show (50):
    a small folder never imports rich's live display nor starts its refresh thread."""

    MIN_FILES = 50

    def __init__(self) -> None:
        self._bar = None
        self._tasks: dict[str, int] = {}

    def update(self, stage: str, done: int, total: int) -> None:
        if total < self.MIN_FILES:
            return
        if self._bar is None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=stderr_console(),
                transient=True,
            )
            self._bar.start()
        if stage not in self._tasks:
            self._tasks[stage] = self._bar.add_task(stage, total=total)
        self._bar.update(self._tasks[stage], completed=done)

    def __enter__(self) -> _ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def _progress_callback():
    if not sys.stderr.isatty():
        return None, None
    bar = _ProgressBar()
    return bar, bar.update


def list_codes_text() -> str:
    from wenming_cli.checks.codes import CODES
    from wenming_cli.render.console import md_table

    rows = [[c.code, c.severity.label, c.title] for c in CODES.values()]
    return md_table(["代码", "默认级别", "检查内容"], rows)


def register(app: typer.Typer) -> int:
    @app.command("check")
    @handle_errors
    def check(
        evidence: Annotated[
            list[Path] | None,
            typer.Argument(help="证据文件夹（根目录放 unit.yaml）；给出多个时逐个检查并输出汇总表。"),
        ] = None,
        batch: Annotated[
            Path | None,
            typer.Option("--batch", help="检查该文件夹下每个含 unit.yaml 的单位文件夹，输出汇总表（-o 汇总.xlsx）。"),
        ] = None,
        details: Annotated[
            bool, typer.Option("--details", help="多个单位时，在汇总表后附上每个单位的检查详情。")
        ] = False,
        rubric: RubricOpt = None,
        quick: Annotated[
            bool, typer.Option("--quick", help="只做文件头级别的检查（不解码照片、不识别红头公章）。")
        ] = False,
        select: Annotated[
            list[str] | None, typer.Option("--select", help="只报告这些代码（可用前缀，如 PHOTO）。")
        ] = None,
        ignore: Annotated[
            list[str] | None, typer.Option("--ignore", help="不报告这些代码（可用前缀）。")
        ] = None,
        list_codes: Annotated[bool, typer.Option("--list-codes", help="列出全部检查代码后退出。")] = False,
        workers: Annotated[int | None, typer.Option("--workers", min=1, help="解码照片的进程数。")] = None,
        no_cache: Annotated[
            bool,
            typer.Option(
                "--no-cache", help="不使用缓存，重新读取每个文件（缓存在用户缓存目录，不在证据文件夹）。"
            ),
        ] = False,
        fmt: FormatChoice = None,
        output: OutputFile = None,
        force: ForceOpt = False,
        as_of: AsOfOpt = None,
        fail_on: FailOnOpt = FailOn.error,
    ) -> int:
        """检查证据文件夹：照片、图片说明、正式发文、说明报告、材料覆盖和量化指标。"""
        if list_codes:
            write_text_output(list_codes_text(), output, force)
            return EXIT_CLEAN
        folders = list(evidence or [])
        if batch is not None or len(folders) > 1:
            from wenming_cli.cli.batch_out import run_batch_command

            return run_batch_command(
                folders, batch, command="check", rubric=rubric, quick=quick, workers=workers,
                cache=not no_cache, fmt=fmt, output=output, force=force, as_of=as_date(as_of),
                fail_on=fail_on, details=details,
            )  # fmt: skip
        if not folders:
            raise typer.BadParameter("请给出证据文件夹路径。", param_hint="EVIDENCE")
        evidence = folders[0]
        from wenming_cli.checks.archive_input import open_evidence
        from wenming_cli.checks.engine import run_check
        from wenming_cli.render import check_view

        chosen = resolve_format(fmt, output, allowed=formats_for("check"))
        if output is not None:
            check_writable(output, force, evidence)  # before the long check, not after
        bar, update = _progress_callback()
        with open_evidence(evidence) as source, bar if bar is not None else contextlib.nullcontext():
            result, plan, model = run_check(
                source.folder,
                rubric_ref=rubric,
                as_of=as_date(as_of),
                quick=quick,
                select=select or (),
                ignore=ignore or (),
                progress=update,
                workers=workers,
                cache=not no_cache and source.extraction is None,  # an extracted archive is temporary
            )
            result = source.annotate(result)
            notices.show(rubric, as_of, plan, model)
            if chosen == OutputFormat.html:  # previews are read while an archive is still extracted
                from wenming_cli.cli.html_out import html_page  # jinja2 and the scoring: this format only

                text = html_page("check", result, model, plan, source.folder, as_date(as_of))
            else:
                text = check_view.render_check(result, model, chosen)
        write_text_output(text, output, force, evidence)
        if output is not None or chosen.value in ("json", "markdown", "html"):
            status(check_view.summary_line(result))
        return exit_outcome(findings_reach((f.severity for f in result.findings), fail_on))


__all__ = ["register"]
