"""One safe YAML loader for rubrics, unit plans and --rubric FILE: bounded, and never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from treehash import tree_hash
from typer.testing import CliRunner

from wenming_cli.cli.app import app
from wenming_cli.errors import Problem
from wenming_cli.rubric import registry
from wenming_cli.rubric.loader import load_rubric_file, load_unit_file
from wenming_cli.rubric.yamlsource import MAX_BYTES, YamlProblem, load_yaml

ROOT = Path(__file__).resolve().parents[1]
SYNTHETIC = ROOT / "tests" / "fixtures" / "synthetic-rubric.yaml"
PLAN = ROOT / "examples" / "yiyang-party-school" / "unit.yaml"
runner = CliRunner()

# 416 bytes: nine levels of nine aliases each, 9**9 (387 million) strings once expanded.
BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip([None, *"abcdefgh"], "abcdefghi", strict=True)
)


def _problem(path: Path) -> YamlProblem:
    with pytest.raises(YamlProblem) as info:
        load_yaml(path)
    return info.value


def test_alias_bomb_is_refused_quickly_and_small(tmp_path: Path) -> None:
    path = tmp_path / "unit.yaml"
    path.write_text("rubric: yiyang-2021\n" + BOMB, encoding="utf-8")
    assert path.stat().st_size < 450
    # In a child process, so that its peak memory is measured alone.
    code = (
        "import resource, sys\n"
        "from wenming_cli.rubric.yamlsource import load_yaml, YamlProblem\n"
        "try:\n    load_yaml(__import__('pathlib').Path(sys.argv[1]))\n"
        "except YamlProblem as e:\n    print(e.message)\n"
        # VmHWM belongs to this process image; ru_maxrss would carry pytest's own size across exec.
        "import os\n"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')] if os.path.exists('/proc/self/status') else []\n"
        "print(hwm[0].split()[1] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120)
    lines = out.stdout.strip().splitlines()
    assert lines and "展开后超过" in out.stdout, (out.stdout, out.stderr)
    assert int(lines[-1]) < 300_000, out.stdout  # KB: the unbounded loader passed 7 GB


def test_recursive_anchor_deep_nesting_and_odd_keys_are_clean_errors(tmp_path: Path) -> None:
    cases = {
        "rec.yaml": ("a: &a [1, *a]\n", "递归引用"),
        "deep.yaml": ("a: " + "[" * 3000 + "]" * 3000 + "\n", "嵌套层数过多"),
        "deepmap.yaml": ("a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 200)), "嵌套层数过多"),
        "key.yaml": ("? [a, b]\n: 1\n", "键必须是文字"),
        "boolkey.yaml": ("yes: 1\n", "true/false"),
        "date.yaml": ("year: 2021-13-45\n", "无法理解的值"),
        "tag.yaml": ("a: !!python/object:os.system x\n", "YAML 内容错误"),
        "merge.yaml": ("a: {<<: 3}\n", "YAML 内容错误"),
    }
    for name, (text, expected) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert expected in _problem(path).message, name


def test_too_large_fifo_folder_and_undecodable_files(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    assert "超过 5 MB" in _problem(big).message
    folder = tmp_path / "dir.yaml"
    folder.mkdir()
    assert "文件夹" in _problem(folder).message
    bad = tmp_path / "bad.yaml"
    bad.write_bytes("id: 测试\n".encode() + "city: 益阳市文明办".encode() + b"\x80\n")
    assert _problem(bad).mark.line == 2
    utf16 = tmp_path / "u16.yaml"
    utf16.write_bytes(SYNTHETIC.read_text(encoding="utf-8").encode("utf-16"))
    assert load_rubric_file(utf16).model is not None
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "fifo.yaml"
        os.mkfifo(fifo)
        assert "命名管道" in _problem(fifo).message


def test_unit_yaml_that_is_a_folder_or_fifo_says_so(tmp_path: Path) -> None:
    ev = tmp_path / "ev"
    (ev / "unit.yaml").mkdir(parents=True)
    res = runner.invoke(app, ["check", str(ev), "--as-of", "2021-07-10"])
    assert res.exit_code == 2 and "文件夹" in res.output and "没有 unit.yaml" not in res.output
    if hasattr(os, "mkfifo"):
        ev2 = tmp_path / "ev2"
        ev2.mkdir()
        os.mkfifo(ev2 / "unit.yaml")
        before = tree_hash(ev2)
        res = runner.invoke(app, ["check", str(ev2), "--as-of", "2021-07-10"])
        assert res.exit_code == 2 and "命名管道" in res.output
        assert tree_hash(ev2) == before


def test_bomb_through_every_door(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(BOMB, encoding="utf-8")
    res = runner.invoke(app, ["rubric", "validate", str(bomb)])
    assert res.exit_code == 1 and "展开后超过" in res.output
    ev = tmp_path / "ev"
    ev.mkdir()
    res = runner.invoke(app, ["check", str(ev), "--rubric", str(bomb), "--as-of", "2021-07-10"])
    assert res.exit_code == 2 and "展开后超过" in res.output
    shutil.copy(bomb, ev / "unit.yaml")
    res = runner.invoke(app, ["check", str(ev), "--as-of", "2021-07-10"])
    assert res.exit_code == 2 and "展开后超过" in res.output


# -- property tests: any mutation of a valid file is a valid load or clean problems -------------------

_NOISE = st.sampled_from(
    [":", "- ", "  ", "\t", "&a ", "*a", "*b", "? ", "[", "]", "{", "}", '"', "'", "#", "|", ">", "!!str ",
     "!!python/none ", "<<: *a", "~", "yes", "0.5", "1e9", "-1", "2021-02-30", ".inf", "\x80", "\ufeff",
     "测试", "\n", "\n  - x", "\n- y: z", "null", "[1, 2]", "{a: 1}", "2021", "''"]
)


def _mutations(lines: list[str]):
    index = st.integers(0, len(lines) - 1)
    edit = st.one_of(
        st.tuples(st.just("drop"), index, st.just("")),
        st.tuples(st.just("dup"), index, st.just("")),
        st.tuples(st.just("insert"), index, _NOISE),
        st.tuples(st.just("replace_value"), index, _NOISE),
        st.tuples(st.just("indent"), index, st.sampled_from(["", " ", "    "])),
        st.tuples(st.just("text"), index, st.text(max_size=6)),
    )
    return st.lists(edit, min_size=1, max_size=4)


def _apply(lines: list[str], edits) -> str:
    out = list(lines)
    for kind, i, arg in edits:
        i = min(i, len(out) - 1)
        if not out:
            break
        line = out[i]
        if kind == "drop":
            del out[i]
        elif kind == "dup":
            out.insert(i, line)
        elif kind == "insert":
            pos = len(line) // 2
            out[i] = line[:pos] + arg + line[pos:]
        elif kind == "replace_value":
            key, sep, _ = line.partition(":")
            out[i] = f"{key}{sep} {arg}" if sep else arg
        elif kind == "indent":
            out[i] = arg + line.lstrip(" ")
        else:
            out[i] = line + arg
    return "\n".join(out) + "\n"


def _assert_clean(loaded) -> None:
    assert loaded.model is not None or loaded.problems
    for problem in loaded.problems:
        assert isinstance(problem, Problem) and isinstance(problem.message, str) and problem.message


_SETTINGS = settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
_RUBRIC_LINES = SYNTHETIC.read_text(encoding="utf-8").splitlines()
_PLAN_TEXT = PLAN.read_text(encoding="utf-8").replace("rubric: yiyang-2021", f"rubric: {SYNTHETIC}")


@_SETTINGS
@given(_mutations(_RUBRIC_LINES))
def test_mutated_rubrics_load_or_fail_cleanly(tmp_path_factory, edits) -> None:
    path = tmp_path_factory.mktemp("r") / "rubric.yaml"
    path.write_bytes(_apply(_RUBRIC_LINES, edits).encode("utf-8", "surrogatepass"))
    _assert_clean(load_rubric_file(path))


@_SETTINGS
@given(_mutations(PLAN.read_text(encoding="utf-8").splitlines()))
def test_mutated_unit_plans_load_or_fail_cleanly(tmp_path_factory, edits) -> None:
    path = tmp_path_factory.mktemp("u") / "unit.yaml"
    path.write_bytes(_apply(PLAN.read_text(encoding="utf-8").splitlines(), edits).encode("utf-8", "surrogatepass"))
    _assert_clean(load_unit_file(path, lambda ref, base: registry.load_rubric(ref, base)))



def test_points_that_are_not_a_number_are_a_problem_not_a_crash(tmp_path: Path) -> None:
    # Found by the property test above: Decimal("6.6;") raised InvalidOperation through pydantic.
    path = tmp_path / "r.yaml"
    text = SYNTHETIC.read_text(encoding="utf-8")
    path.write_text(text.replace("total_points: 10", "total_points: 10;"), encoding="utf-8")
    loaded = load_rubric_file(path)
    assert loaded.model is None and any("不是数字" in p.message or "total_points" in p.where for p in loaded.problems)
    path.write_text(text + "\x1f\n", encoding="utf-8")
    assert "控制字符" in load_rubric_file(path).problems[0].message
