"""Conventions every command shares: exit codes decided in one place, messages without stray spaces
or doubled labels, rubric commands through the CLI with located errors."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from typer.testing import CliRunner

from wenming_cli.cli.app import app

runner = CliRunner()
SRC = Path(__file__).parents[1] / "src" / "wenming_cli"
EXAMPLES = Path(__file__).parents[1] / "examples"
FIXTURES = Path(__file__).parent / "fixtures"


def run(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


def _exits(path: Path) -> list[int]:
    """Lines that end the program: raise typer.Exit/SystemExit, sys.exit()."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        target = node.exc if isinstance(node, ast.Raise) else node if isinstance(node, ast.Call) else None
        if target is None:
            continue
        text = ast.unparse(target.func if isinstance(target, ast.Call) else target)
        if text in ("typer.Exit", "SystemExit", "sys.exit", "exit"):
            found.append(node.lineno)
    return sorted(set(found))


def test_exit_codes_are_raised_in_one_place():
    places = {p.relative_to(SRC).as_posix(): _exits(p) for p in SRC.rglob("*.py")}
    places = {k: v for k, v in places.items() if v}
    # handle_errors (finished command, WenmingError, Ctrl-C, internal error), --version's eager callback
    # and the entry point's one sys.exit with whatever code the run ended with.
    # __main__.py: its one exit is for a Ctrl-C while the entry point itself is imported.
    assert set(places) <= {"cli/common.py", "cli/app.py", "cli/run.py", "__main__.py"}, places
    assert len(places.get("cli/run.py", [])) <= 1
    assert len(places.get("__main__.py", [])) <= 1
    assert len(places.get("cli/app.py", [])) <= 1


def test_every_command_goes_through_handle_errors():
    for path in (SRC / "cli").glob("*_cmd.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                names = [ast.unparse(d) for d in node.decorator_list]
                if any("command(" in n for n in names) or (names and "handle_errors" in names):
                    assert "handle_errors" in names, (path.name, node.name)


def test_plain_lines_have_no_stray_space_before_the_colon_nor_doubled_labels():
    check = run("check", EXAMPLES / "yiyang-party-school", "--as-of", "2021-07-10", "--format", "plain")
    assert check.exit_code == 1
    lines = check.stdout.splitlines()
    assert not [x for x in lines if " ：" in x]
    assert any(x.strip().startswith("提示 COVERAGE-") and "：" in x for x in lines)
    gaps = run("gaps", EXAMPLES / "yiyang-party-school", "--as-of", "2021-07-10", "--format", "plain")
    assert not [
        x
        for x in gaps.stdout.splitlines()
        if "问题：错误：" in x or "问题：警告：" in x or "问题：提示：" in x
    ]


def test_rubric_list_and_show_through_the_cli():
    listed = run("rubric", "list", "--format", "json")
    assert listed.exit_code == 0
    ids = {r["id"] for r in json.loads(listed.stdout)}
    assert {"yiyang-2021", "yueyang-2022"} <= ids
    plain = run("rubric", "list", "--format", "plain").stdout.splitlines()
    assert plain[0].startswith("id\t")  # a header row
    shown = run("rubric", "show", "yiyang-2021", "--format", "plain")
    assert shown.exit_code == 0 and "22.1" in shown.stdout
    missing = run("rubric", "show", "no-such-city")
    assert missing.exit_code == 2 and "yiyang-2021" in missing.stderr


def test_rubric_validate_locates_every_error(tmp_path: Path):
    text = (FIXTURES / "synthetic-rubric.yaml").read_text(encoding="utf-8")
    good = run("rubric", "validate", FIXTURES / "synthetic-rubric.yaml")
    assert good.exit_code == 0
    lines = text.splitlines()
    points = next(
        i for i, line in enumerate(lines) if line.strip().startswith("points:") and "clauses" not in line
    )
    lines[points] = lines[points].split("points:")[0] + "points: 两分"
    bad = tmp_path / "bad.yaml"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("rubric", "validate", bad, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    problems = [
        p for entry in (report if isinstance(report, list) else report["files"]) for p in entry["problems"]
    ]
    located = [p for p in problems if p["severity"] == "error"]
    assert located and all(p["line"] for p in located)
    assert any(p["line"] == points + 1 for p in located), located
    plain = run("rubric", "validate", bad)
    assert f"bad.yaml:{points + 1}:" in plain.stdout + plain.stderr
