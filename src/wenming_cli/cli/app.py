"""The `wenming` typer application: every command lives in its own module, imported only when run.

`wenming --help` lists the commands from their modules' source (docstrings, read with `ast`), so that
neither the help nor any one command pays for the imports of the others (openpyxl, pypdf, the diff
engine …); `tests/test_lazy_imports.py` holds this in place.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

try:  # typer ≥ 0.22 carries its own copy of click
    from typer import _click as click  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older typer uses the click package
    import click  # type: ignore[no-redef]

from wenming_cli import __version__
from wenming_cli.cli import helptext
from wenming_cli.errors import EXIT_CLEAN

helptext.install()  # click's and typer's own help words in Chinese

# Command name → its module under wenming_cli.cli, in the order `wenming --help` lists them.
COMMANDS = {
    "rubric": "rubric_cmd",
    "init": "init_cmd",
    "import": "import_cmd",
    "check": "check_cmd",
    "score": "score_cmd",
    "gaps": "gaps_cmd",
    "report": "report_cmd",
    "pack": "pack_cmd",
    "calendar": "calendar_cmd",
    "diff": "diff_cmd",
    "photo": "photo_cmd",
}


def load_command(name: str) -> click.Command:
    """Import one command's module and build its click command."""
    module = importlib.import_module(f"wenming_cli.cli.{COMMANDS[name]}")
    holder = typer.Typer(rich_markup_mode=None, add_completion=False)
    if hasattr(module, "register"):
        module.register(holder)
    else:
        holder.add_typer(module.app, name=name)
    return typer.main.get_group(holder).commands[name]


def _source_help(name: str) -> str:
    """A command's help read from its module's source without importing it ("" when not found)."""
    from importlib.util import find_spec  # the root help alone needs it: not imported for a command

    spec = find_spec(f"wenming_cli.cli.{COMMANDS[name]}")
    if spec is None or spec.origin is None:
        return ""
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    functions = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for deco in node.decorator_list:
                if _names_command(deco, name):
                    return _help_keyword(deco) or ast.get_docstring(node) or ""
        if isinstance(node, ast.Call) and _names_command(node.func, name) and node.args:
            target = node.args[0]
            if isinstance(target, ast.Name) and target.id in functions:
                return _help_keyword(node.func) or ast.get_docstring(functions[target.id]) or ""
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Typer":
            found = _help_keyword(node)
            if found:
                return found
    return ""


def _listed_help(name: str) -> str:
    """The source's help, or (an install without sources, e.g. a frozen executable) the command's own."""
    return _source_help(name) or load_command(name).help or ""


def _names_command(node: ast.AST, name: str) -> bool:
    return (
        isinstance(node, ast.Call)
        and getattr(node.func, "attr", None) == "command"
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
        and node.args[0].value == name
    )


def _help_keyword(node: ast.AST) -> str:
    for keyword in getattr(node, "keywords", ()):
        if keyword.arg == "help" and isinstance(keyword.value, ast.Constant):
            return str(keyword.value.value)
    return ""


class _DeferredCoercion:
    """Typer (≥ 0.26) builds a pydantic TypeAdapter for every parameter it processes, even one whose
    value is None, which it then returns untouched: for `wenming check --help` that is the root's
    unused `--help` alone, and pydantic's import is most of the help's time. An absent value passes
    through as typer would pass it; any other value builds typer's own coercion, once."""

    def __init__(self, build: Any) -> None:
        self._build = build

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:  # what typer's RuntimeParam.coerce returns for None, without its adapter
            return () if param.multiple or param.nargs == -1 else None
        return self._build().coerce(value, param=param, ctx=ctx)

    def __getattr__(self, name: str) -> Any:  # anything else typer may ask of it: the real coercion's
        return getattr(self._build(), name)


def _defer_typer_coercion() -> None:
    parameter = getattr(typer.core, "_TyperParameter", None)
    build = getattr(parameter, "get_runtime_param", None)
    if build is None or getattr(build, "wenming_deferred", False):
        return  # an older typer coerces with click's own types: nothing to defer

    def get_runtime_param(self: Any) -> Any:
        if getattr(self, "_runtime_param", None) is not None:
            return self._runtime_param
        return _DeferredCoercion(lambda: build(self))

    get_runtime_param.wenming_deferred = True  # type: ignore[attr-defined]
    parameter.get_runtime_param = get_runtime_param


_defer_typer_coercion()


class LazyGroup(TyperGroup):
    """Commands are imported when invoked (or when their own --help is asked for), never all at once."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands[cmd_name] = load_command(cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        limit = formatter.width - 6 - max(len(n) for n in COMMANDS)
        rows = [(name, click.utils.make_default_short_help(_listed_help(name), limit)) for name in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


app = typer.Typer(
    cls=LazyGroup,
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
        raise typer.Exit(EXIT_CLEAN)  # an eager option ends the run before any command


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本号并退出。")
    ] = False,
) -> None:
    """文明单位创建材料检查工具。"""


def main() -> None:
    """Kept for callers of `wenming_cli.cli.app:main`; the entry point is `wenming_cli.cli.run:main`."""
    from wenming_cli.cli.run import main as run_main

    run_main()
