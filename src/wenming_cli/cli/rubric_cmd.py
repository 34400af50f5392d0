"""`wenming rubric list|show|validate`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wenming_cli.cli.common import (
    ForceOpt,
    OutputFormat,
    format_option,
    formats_for,
    handle_errors,
    output_option,
    resolve_format,
    to_json,
    write_text_output,
)
from wenming_cli.errors import outcome as exit_outcome

FormatChoice = format_option("rubric")
OutputFile = output_option("rubric")

app = typer.Typer(help="查看和校验测评细则。", no_args_is_help=True, rich_markup_mode=None)


@app.command("list")
@handle_errors
def list_rubrics(fmt: FormatChoice = None, output: OutputFile = None, force: ForceOpt = False) -> None:
    """列出内置的测评细则。"""
    # The summaries come from the bundled index while the files are the ones it was made from, so the
    # list needs neither YAML nor the models (rubric/catalogue.py).
    from wenming_cli.render.rubric_list import render_list
    from wenming_cli.rubric.catalogue import bundled_files, summaries

    chosen = resolve_format(fmt, output, allowed=formats_for("rubric"))
    write_text_output(render_list(summaries(bundled_files()), chosen), output, force)


@app.command("show")
@handle_errors
def show(
    rubric: Annotated[str, typer.Argument(help="测评细则 id 或 YAML 文件路径。")],
    category: Annotated[
        list[str] | None, typer.Option("--category", "-c", help="只显示该测评项目（可重复）。")
    ] = None,
    method: Annotated[
        list[str] | None, typer.Option("--method", "-m", help="只显示该考评方法，id 或中文名（可重复）。")
    ] = None,
    unit: Annotated[
        Path | None, typer.Option("--unit", "-u", help="单位方案 unit.yaml：显示责任部门和责任人。")
    ] = None,
    fmt: FormatChoice = None,
    output: OutputFile = None,
    force: ForceOpt = False,
) -> None:
    """以表格显示一份测评细则，可按测评项目和考评方法筛选。"""
    from wenming_cli.render import rubric_view
    from wenming_cli.rubric import registry

    chosen = resolve_format(fmt, output, allowed=formats_for("rubric"))
    model = registry.load_rubric(rubric)
    plan = None
    if unit is not None:
        plan, _, _ = registry.load_unit_plan(unit)
    view = rubric_view.RubricView.build(model, categories=category or [], methods=method or [], plan=plan)
    write_text_output(rubric_view.render_show(view, chosen), output, force)


@app.command("validate")
@handle_errors
def validate(
    files: Annotated[list[Path], typer.Argument(help="测评细则或单位方案（unit.yaml）文件。")],
    strict: Annotated[bool, typer.Option("--strict", help="警告也算作问题（退出码 1）。")] = False,
    fmt: FormatChoice = None,
    output: OutputFile = None,
    force: ForceOpt = False,
) -> int:
    """校验文件，一次列出全部问题：无错误退出码 0，有错误退出码 1。"""
    from wenming_cli.render import rubric_view
    from wenming_cli.rubric import registry
    from wenming_cli.rubric.loader import (
        load_rubric_file,
        load_unit_file,
        looks_like_unit_plan,
        read_document,
    )

    chosen = resolve_format(fmt, output, allowed=formats_for("rubric"))
    results = []
    for path in files:
        doc, problems = read_document(path)
        if doc is not None and looks_like_unit_plan(doc.data):
            loaded = load_unit_file(path, lambda ref, base: registry.load_rubric(ref, base))
            kind = "unit_plan"
        else:
            loaded = load_rubric_file(path) if doc is not None else None
            kind = "rubric"
        results.append((path, kind, loaded.problems if loaded is not None else problems))
    write_text_output(rubric_view.render_validation(results, chosen), output, force)
    failing = {"error", "warning"} if strict else {"error"}
    bad = any(p.severity in failing for _, _, problems in results for p in problems)
    return exit_outcome(bad)


__all__ = ["app", "OutputFormat", "to_json"]
