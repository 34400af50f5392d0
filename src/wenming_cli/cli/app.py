"""The `wenming` typer application: registers every command; each lives in its own module."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from wenming_cli import __version__

app = typer.Typer(
    name="wenming",
    help="文明单位创建材料检查工具：按测评细则检查佐证材料、计分、生成自查报告。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"wenming {__version__}")
        raise typer.Exit(0)


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本号并退出。")
    ] = False,
) -> None:
    """文明单位创建材料检查工具。"""


def _register() -> None:
    # Imported here so that command modules can import shared helpers without an import cycle.
    from wenming_cli.cli import (
        calendar_cmd,
        check_cmd,
        diff_cmd,
        gaps_cmd,
        import_cmd,
        init_cmd,
        pack_cmd,
        photo_cmd,
        report_cmd,
        rubric_cmd,
        score_cmd,
    )

    app.add_typer(rubric_cmd.app, name="rubric")
    commands = (init_cmd, check_cmd, score_cmd, gaps_cmd, report_cmd, diff_cmd, photo_cmd, pack_cmd, calendar_cmd)
    for module in (*commands, import_cmd):
        module.register(app)


_register()


def _safe_streams() -> None:
    # A Windows console or pipe may not be UTF-8: never crash on a character it cannot show.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def main() -> None:
    _safe_streams()
    app()
