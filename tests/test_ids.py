"""Standard and clause ids as printed (`22`, `1.1`, `Ⅱ-3`, `(12)`): folders, captions and lookups."""

from __future__ import annotations

from pathlib import Path

import pytest

from wenming_cli.evidence.layout import match_id, subject_of
from wenming_cli.models.finding import Finding, Severity
from wenming_cli.rubric.loader import load_rubric_file

YIYANG = Path(__file__).resolve().parents[1] / "rubrics" / "yiyang-2021.yaml"

IDS = ["1", "2", "22", "Ⅱ-3", "Ⅱ-30", "(12)", "1.1", "a3-3.4", "a3-3.41"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("22 学雷锋", "22"),
        ("（２２）学雷锋", "22"),
        ("第22条 学雷锋", "22"),
        ("022 学雷锋", "22"),
        ("220 其他", "220"),  # not in the rubric: read as a number so the folder can be reported
        ("Ⅱ-3 志愿服务", "Ⅱ-3"),
        ("II-3 志愿服务", "Ⅱ-3"),  # Roman numeral typed as two letters
        ("Ⅱ-30 其他", "Ⅱ-30"),
        ("(12) 诚信", "(12)"),
        ("12 诚信", "(12)"),
        ("1.1 理论学习", "1.1"),
        ("附件3-3.4 垃圾分类", "a3-3.4"),
        ("a3-3.41 其他", "a3-3.41"),
        ("2021-05-12 活动", None),
        ("照片", None),
    ],
)
def test_folder_names_match_ids_as_printed(name: str, expected: str | None) -> None:
    assert subject_of(name, IDS) == expected


def test_caption_references_match_ids_as_printed() -> None:
    assert match_id("Ⅱ-3", IDS) == "Ⅱ-3"
    assert match_id("（12）", IDS) == "(12)"
    assert match_id("第22条", IDS) == "22"
    assert match_id("Ⅱ-4", IDS) is None


def test_finding_standard_is_a_string_id() -> None:
    f = Finding(code="X", severity=Severity.error, message="m", standard="Ⅱ-3")
    assert f.standard == "Ⅱ-3" and f.subject == "Ⅱ-3"
    # An integer from an old JSON file reads back as the same id.
    assert Finding(code="X", severity=Severity.error, message="m", standard=22).standard == "22"


def test_rubric_lookups_never_guess_from_digits() -> None:
    r = load_rubric_file(YIYANG).model
    assert r is not None
    assert r.subject_kind("22") == "standard" and r.subject_kind("22.1") == "clause"
    assert r.subject_kind("a3-3.4") == "task" and r.subject_kind("99") is None
    assert r.subject_fields("22.1") == {"clause": "22.1", "standard": "22"}
    assert r.standard_of_clause("22.1").number == "22"
    assert sorted(["10", "2", "a3-3.4", "1.1"], key=r.subject_order) == ["1.1", "2", "10", "a3-3.4"]
