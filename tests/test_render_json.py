"""`check --format json` is written by pydantic's serializer (render.formats.model_json): the text must be
exactly what the shared JSON encoding gives, on real results with Chinese text, paths, points and dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from wenming_cli.checks.engine import run_check
from wenming_cli.models.common import Frozen
from wenming_cli.render.formats import model_json, to_json

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("folder", "as_of", "quick"),
    [
        ("yiyang-party-school", dt.date(2021, 7, 10), False),
        ("yiyang-party-school", dt.date(2021, 12, 1), True),
        ("yueyang-port-office", dt.date(2023, 6, 30), False),
    ],
)
def test_model_json_is_the_shared_encoding(folder: str, as_of: dt.date, quick: bool) -> None:
    evidence = ROOT / "examples" / folder
    assert (evidence / "unit.yaml").is_file()  # the examples are part of the repository: never skip
    result, _, _ = run_check(evidence, as_of=as_of, quick=quick, cache=False)
    assert result.findings
    assert model_json(result) == to_json(result.model_dump(mode="json"))


class _Odd(Frozen):
    text: str
    points: tuple[int, ...] = ()


def test_escapes_agree_on_control_characters_quotes_and_non_ascii() -> None:
    odd = _Odd(text='引号" 反斜杠\\ 换行\n 制表\t 控制\x01\x1f 删除\x7f 行分隔\u2028 表情😀', points=(1, 2))
    assert model_json(odd) == to_json(odd.model_dump(mode="json"))
