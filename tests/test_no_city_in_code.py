"""No rubric's numbers or words in Python: every such text comes from the rubric YAML.

The phrases below are the seeds' own (Yiyang's 1—3 photos, 1.5M—2M, red-header and seal pages, its
stock phrases; the cities' names). A string literal in `src/` that carries one is a city in the code.
Docstrings and comments may quote them as examples; messages, fixes and texts may not.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "wenming_cli"
RUBRICS = Path(__file__).resolve().parents[1] / "rubrics"

SEED_PHRASES = (
    "益阳",
    "岳阳",
    "1—3",
    "1-3 张",
    "1.5M",
    "小于2M",
    "小于 2M",
    "2,000,000",
    "1,572,864",
    "红头页和盖章页",
    "截止目前",
    "截至目前",
    "近年来",
    "每季度不少于",
    "其中第一类单位",
    "市委党校",
)


def _user_strings(tree: ast.AST) -> list[tuple[int, str]]:
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_no_seed_phrase_in_any_string_literal() -> None:
    files = sorted(SRC.rglob("*.py"))
    assert len(files) > 50  # the package is there
    hits = []
    for path in files:
        for line, text in _user_strings(ast.parse(path.read_text(encoding="utf-8"))):
            hits += [f"{path.relative_to(SRC)}:{line}: {phrase}" for phrase in SEED_PHRASES if phrase in text]
    assert hits == []


def test_the_phrases_are_really_the_seeds() -> None:
    """The list is not invented: the seed rubrics (transcribed as printed) carry these phrases."""
    texts = "".join(p.read_text(encoding="utf-8") for p in sorted(RUBRICS.glob("*.yaml")))
    assert "yiyang" in texts and "yueyang" in texts, "bundled rubrics missing"
    for phrase in ("益阳", "岳阳", "1.5M", "红头页和盖章页", "截至目前", "其中第一类单位", "每季度不少于"):
        assert phrase in texts, phrase
