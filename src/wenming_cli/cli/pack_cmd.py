"""`wenming pack EVIDENCE -o OUT`: the submission bundle, its 资料提交表 and its manifest."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from wenming_cli.cli.common import (
    AsOfOpt,
    DebugOpt,
    ForceOpt,
    RubricOpt,
    as_date,
    format_option,
    formats_for,
    handle_errors,
    resolve_format,
    stderr_console,
    write_text_output,
)
from wenming_cli.errors import UsageError
from wenming_cli.errors import outcome as exit_outcome
from wenming_cli.pack.models import PackSelection

FormatChoice = format_option("pack")


class ZipEncoding(str, Enum):
    utf8 = "utf-8"
    gbk = "gbk"


def _selection(due_by: dt.datetime | None, quarter: str | None, since_last: Path | None) -> PackSelection:
    if due_by is not None and quarter is not None:
        raise UsageError("--due-by 和 --quarter 只能选一个。")
    last = str(since_last) if since_last is not None else None
    if quarter is not None:
        from wenming_cli.pack.select import parse_quarter

        year, q = parse_quarter(quarter)
        return PackSelection(mode="quarter", quarter=f"{year}Q{q}", since_last=last)
    if due_by is not None:
        return PackSelection(mode="due_by", due_by=due_by.date(), since_last=last)
    return PackSelection(mode="all", since_last=last)


def register(app: typer.Typer) -> int:
    @app.command("pack")
    @handle_errors
    def pack(
        evidence: Annotated[
            Path, typer.Argument(help="证据文件夹（根目录放 unit.yaml）；只读，不会被修改。")
        ],
        output: Annotated[
            Path,
            typer.Option(
                "--output", "-o", help="打包到这个文件夹（加 --zip 时为 zip 文件）；须在证据文件夹之外。"
            ),
        ],
        due_by: Annotated[
            dt.datetime | None,
            typer.Option("--due-by", formats=["%Y-%m-%d"], help="只打包截止日期在该日（含）之前的材料。"),
        ] = None,
        quarter: Annotated[
            str | None, typer.Option("--quarter", help="只打包该季度到期的材料，如 2021Q2。")
        ] = None,
        since_last: Annotated[
            Path | None,
            typer.Option(
                "--since-last", help="上次打包的提交清单（或打包文件夹、zip）：只打包新增或改动的材料。"
            ),
        ] = None,
        allow_errors: Annotated[
            bool, typer.Option("--allow-errors", help="材料有错误也打包，并在资料提交表的备注中标出。")
        ] = False,
        fit: Annotated[
            bool, typer.Option("--fit", help="把大小或格式不合要求的照片调整后再打包（原片不动）。")
        ] = False,
        enlarge: Annotated[
            bool, typer.Option("--enlarge", help="与 --fit 同用：照片太小时允许放大像素。")
        ] = False,
        zip_: Annotated[bool, typer.Option("--zip", help="打包成一个 zip 文件。")] = False,
        zip_encoding: Annotated[
            ZipEncoding,
            typer.Option(
                "--zip-encoding",
                help="zip 中文件名的编码：utf-8（默认，带 UTF-8 标志）或 gbk（旧版 Windows 解压工具）。",
            ),
        ] = ZipEncoding.utf8,
        rubric: RubricOpt = None,
        workers: Annotated[int | None, typer.Option("--workers", min=1, help="解码照片的进程数。")] = None,
        fmt: FormatChoice = None,
        force: ForceOpt = False,
        as_of: AsOfOpt = None,
        debug: DebugOpt = False,
    ) -> int:
        """打包要提交的材料：按测评细则的命名规则改名，生成资料提交表和提交清单（含 SHA-256）。

        只打包通过检查的材料；有错误时列出错误并退出（退出码 1），除非加 --allow-errors。
        """
        chosen = resolve_format(fmt, None, allowed=formats_for("pack"))
        # The checks, Pillow, the PDF libraries and openpyxl are imported when packing, not for --help.
        from wenming_cli.pack.run import pack as run_pack
        from wenming_cli.render import pack_sheet, pack_view

        if enlarge and not fit:
            raise UsageError("--enlarge 要与 --fit 一起用。")
        if zip_ and output.suffix.lower() != ".zip":
            output = output.with_name(output.name + ".zip")
        outcome = run_pack(
            evidence,
            output,
            selection=_selection(due_by, quarter, since_last),
            sheets=pack_sheet.sheets,
            as_of=as_date(as_of),
            rubric_ref=rubric,
            since_last=since_last,
            allow_errors=allow_errors,
            fit=fit,
            enlarge=enlarge,
            zip_encoding=zip_encoding.value if zip_ else None,
            force=force,
            workers=workers,
        )
        write_text_output(pack_view.render(outcome, chosen, str(output)), None, False)
        if chosen.value == "json":
            stderr_console().print(pack_view.summary_line(outcome, str(output)), markup=False)
        # Errors on the material make the exit 1 whether they stopped the pack or were packed (--allow-errors).
        return exit_outcome(bool(outcome.plan.blocking or outcome.failures))
