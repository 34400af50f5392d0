"""`wenming diff A B`: what changed between two rubrics."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wenming_cli.cli.common import (
    ForceOpt,
    check_writable,
    format_option,
    formats_for,
    handle_errors,
    output_option,
    resolve_format,
    stderr_console,
    write_output,
    write_text_output,
)
from wenming_cli.diff import DEFAULT_THRESHOLD, NO_RULES, bundled_alignment, diff_rubrics, load_rules
from wenming_cli.errors import UsageError
from wenming_cli.errors import outcome as exit_outcome
from wenming_cli.render import diff_view
from wenming_cli.render.formats import OutputFormat
from wenming_cli.rubric import registry

FormatChoice = format_option("diff")
OutputFile = output_option("diff")

_FORMATS = (
    OutputFormat.rich,
    OutputFormat.plain,
    OutputFormat.json,
    OutputFormat.markdown,
    OutputFormat.xlsx,
)


@handle_errors
def diff(
    a: Annotated[
        str, typer.Argument(help="第一份（或旧版）测评细则：id（如 yiyang-2021）或 YAML 文件路径。")
    ],
    b: Annotated[str, typer.Argument(help="第二份（或新版）测评细则：id 或 YAML 文件路径。")],
    align: Annotated[
        Path | None,
        typer.Option(
            "--align", help="对照表 YAML：强制（pin）或禁止（forbid）某些对应，或给出审定的对应（reviewed）。"
        ),
    ] = None,
    no_align: Annotated[
        bool, typer.Option("--no-align", help="不使用内置的已审定对照表，只按内容自动对照。")
    ] = False,
    threshold: Annotated[
        float,
        typer.Option("--threshold", min=0.0, max=1.0, help="自动对照的相似度阈值（0–1），低于它的不算对应。"),
    ] = DEFAULT_THRESHOLD,
    fmt: FormatChoice = None,
    output: OutputFile = None,
    force: ForceOpt = False,
) -> int:
    """比较两份测评细则（两个城市，或同一城市的两个版本）：等同时退出码 0，有差异时 1。"""
    chosen = resolve_format(fmt, output, allowed=formats_for("diff"))
    if chosen == OutputFormat.xlsx and output is None:
        raise UsageError("xlsx 格式须写入文件。", hint="用 -o 指定输出文件，如 -o diff.xlsx。")
    if align is not None and no_align:
        raise UsageError("--align 与 --no-align 不能同时使用。")
    if output is not None:
        check_writable(output, force)
    rubric_a, rubric_b = registry.load_rubric(a), registry.load_rubric(b)

    rules = NO_RULES
    path = align
    bundled = {p.stem for p in registry.bundled_files()}
    if path is None and not no_align and a in bundled and b in bundled:
        path = bundled_alignment(rubric_a.id, rubric_b.id)
        if path is not None:
            stderr_console().print(f"使用已审定的对照表 {path}（--no-align 可关闭）。", markup=False)
    if path is not None:
        rules = load_rules(path, rubric_a, rubric_b)

    result = diff_rubrics(rubric_a, rubric_b, threshold, rules)
    if chosen == OutputFormat.xlsx:
        from wenming_cli.render import diff_xlsx  # openpyxl: for this format only

        assert output is not None
        write_output(lambda handle: diff_xlsx.write_workbook(result, handle), output, force)  # type: ignore[arg-type]
    else:
        write_text_output(diff_view.render(result, chosen), output, force)
    return exit_outcome(not result.equivalent)


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)
