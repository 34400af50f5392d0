"""Rules of issue 11 that hold for the whole code base and every command: modules stay small, tests of
the real rubrics and examples fail rather than skip, a piped stderr summary is one line per message."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from wenming_cli.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "wenming_cli"
LIMIT = 450  # "no module over about 400 lines"


def test_no_module_is_far_over_400_lines() -> None:
    sizes = {p.relative_to(SRC).as_posix(): len(p.read_text(encoding="utf-8").splitlines()) for p in SRC.rglob("*.py")}
    assert not {k: v for k, v in sizes.items() if v > LIMIT}


def test_tests_of_the_real_rubrics_and_examples_never_skip() -> None:
    """A skip guarded by a missing example, rubric or unit.yaml would hide their loss: those fail."""
    guarded = re.compile(r"(skipif\([^)]*(exists|is_file)\(|if not [^\n]*(exists|is_file)\(\)[^\n]*:\s*\n\s*pytest\.skip)")
    words = ("REAL", "example", "unit.yaml", "rubric")
    offenders = []
    for p in (ROOT / "tests").glob("test_*.py"):
        text = p.read_text(encoding="utf-8")
        for m in guarded.finditer(text):
            start = text.rfind("\n", 0, m.start()) + 1
            end = text.find("\n", text.find("\n", m.end()) + 1)
            if any(w in text[start:end] for w in words):
                offenders.append(f"{p.name}: {text[start:end].strip()}")
    assert not offenders


def test_the_stderr_summary_is_not_hard_wrapped_when_piped() -> None:
    result = CliRunner().invoke(
        app, ["check", str(ROOT / "examples" / "yiyang-party-school"), "--as-of", "2021-07-10", "--quick", "--format", "json"]
    )
    assert result.exit_code == 1
    summary = [line for line in result.stderr.splitlines() if line.startswith("测评标准和任务")]
    assert len(summary) == 1 and "错误" in summary[0] and "快速模式" in summary[0], result.stderr
