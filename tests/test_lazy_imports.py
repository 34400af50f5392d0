"""Start-up stays light: heavy libraries are imported only by the commands that use them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from wenming_cli.cli import app as app_module
from wenming_cli.cli.app import COMMANDS, app, load_command

HEAVY = (
    "openpyxl",
    "docx",
    "pypdf",
    "pypdfium2",
    "PIL",
    "jinja2",
    "icalendar",
    "wenming_cli.diff",
    "pillow_heif",
    "numpy",  # the full pass's hash reductions only (imaging/lanczos.py)
)


def _imported_after(code: str) -> list[str]:
    probe = (
        "import sys, json\n"
        f"{code}\n"
        f"heavy = {HEAVY!r}\n"
        "print(json.dumps(sorted({h for h in heavy for m in sys.modules if m == h or m.startswith(h + '.')})))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_importing_the_app_imports_no_heavy_library() -> None:
    assert _imported_after("import wenming_cli.cli.app") == []


def test_root_help_imports_no_command_module() -> None:
    code = (
        "from wenming_cli.cli.app import app\n"
        "from typer.testing import CliRunner\n"
        "assert CliRunner().invoke(app, ['--help']).exit_code == 0\n"
        "assert not [m for m in sys.modules if m.endswith('_cmd')], [m for m in sys.modules if m.endswith('_cmd')]"
    )
    assert _imported_after(code) == []


@pytest.mark.parametrize("args", [["check", "--help"], ["rubric", "list"], ["rubric", "--help"]])
def test_check_help_and_rubric_list_import_no_document_library(args: list[str]) -> None:
    code = (
        "from wenming_cli.cli.app import app\n"
        "from typer.testing import CliRunner\n"
        f"assert CliRunner().invoke(app, {args!r}).exit_code == 0\n"
    )
    assert _imported_after(code) == []


def test_root_help_lists_what_each_command_says_of_itself() -> None:
    """The listing is read from the modules' source; it must match the commands once imported."""
    result = CliRunner().invoke(app, ["--help"], terminal_width=200)
    assert result.exit_code == 0
    for name in COMMANDS:
        command = load_command(name)
        short = command.get_short_help_str(limit=200 - 6 - max(map(len, COMMANDS)))
        assert short, name
        assert f"  {name}" in result.output and short in result.output, (name, short)
        assert app_module._source_help(name).split("\n")[0].strip() in (command.help or ""), name


def test_every_command_still_runs_through_the_lazy_group() -> None:
    for name in COMMANDS:
        result = CliRunner().invoke(app, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)


def _modules_after_run(args: list[str], codes: tuple[int, ...] = (0,)) -> set[str]:
    """Run the real entry point (`wenming ARGS`) in a fresh interpreter; the modules it imported."""
    probe = (
        "import sys, json\n"
        "from wenming_cli.cli.run import run\n"
        f"code = run({args!r})\n"
        "sys.stderr.write(json.dumps([code, sorted(sys.modules)]))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, encoding="utf-8")
    code, modules = json.loads(out.stderr.strip().splitlines()[-1])
    assert code in codes, (args, out.stderr)
    return set(modules)


# What a help screen never needs: the data models and their validation library, YAML, rich's console.
NOT_FOR_HELP = (
    "pydantic",
    "pydantic_core",
    "yaml",
    "rich.console",
    "wenming_cli.models",
    "wenming_cli.rubric",
)


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["check", "-h"]])
def test_help_screens_import_neither_models_nor_pydantic(args: list[str]) -> None:
    modules = _modules_after_run(args)
    loaded = sorted(m for m in modules for h in (*HEAVY, *NOT_FOR_HELP) if m == h or m.startswith(h + "."))
    assert loaded == [], loaded


def test_help_stays_light_even_with_a_bad_value_left_for_later() -> None:
    """The deferred coercion still reports a bad value in Chinese once the command parses it."""
    result = CliRunner().invoke(app, ["check", ".", "--workers", "abc"])
    assert result.exit_code == 2
    assert "--workers" in result.output


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules for h in names if m == h or m.startswith(h + "."))


def test_rubric_list_to_a_pipe_imports_no_rich_and_no_document_library() -> None:
    modules = _modules_after_run(["rubric", "list"])
    # The bundled files match their index (tests/test_rubric_catalogue.py): summaries come from it, so
    # neither YAML nor the models are needed; an edited file would be loaded and validated.
    assert _loaded(modules, (*HEAVY, "rich", "yaml", "pydantic", "wenming_cli.models")) == []


def test_quick_json_check_imports_only_what_a_header_pass_needs(tmp_path) -> None:
    """A scripted quick check (`--format json` to a pipe): no HTML, workbook, Word or PDF library, no
    rich, and no worker pool for a folder with nothing to read."""
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    args = [
        "check",
        str(evidence),
        "--rubric",
        "yiyang-2021",
        "--as-of",
        "2021-12-01",
        "--quick",
        "--no-cache",
    ]
    modules = _modules_after_run([*args, "--format", "json"], codes=(0, 1))
    assert "wenming_cli.checks.engine" in modules
    heavy = (
        "openpyxl",
        "docx",
        "pypdf",
        "pypdfium2",
        "jinja2",
        "icalendar",
        "wenming_cli.diff",
        "pillow_heif",
        "numpy",
    )
    assert _loaded(modules, (*heavy, "rich", "concurrent.futures.process", "wenming_cli.scoring")) == []


# What a command's --help may still import, and why: diff's threshold default is the diff engine's.
HELP_MAY_IMPORT = {"diff": ("wenming_cli.diff",)}


@pytest.mark.parametrize("args", [[name, "--help"] for name in COMMANDS] + [["photo", "fit", "--help"]])
def test_every_help_screen_imports_no_document_library(args: list[str]) -> None:
    allowed = HELP_MAY_IMPORT.get(args[0], ())
    heavy = tuple(h for h in HEAVY if h not in allowed)
    assert _loaded(_modules_after_run(args), heavy) == []


def test_deferred_coercion_hands_anything_else_to_typers_own() -> None:
    built = []

    class Real:
        annotation = int

        def coerce(self, value, param, ctx):  # noqa: ANN001, ANN202
            return int(value)

    deferred = app_module._DeferredCoercion(lambda: built.append(1) or Real())

    class Param:
        multiple, nargs = False, 1

    assert deferred.coerce(None, Param(), None) is None and built == []
    assert deferred.coerce("7", Param(), None) == 7 and built == [1]
    assert deferred.annotation is int
