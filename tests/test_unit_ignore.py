"""unit.yaml `ignore` and `select`: a misspelt code is reported instead of silently doing nothing, and an
`ignore` entry with neither code nor path (which would hide every finding) is refused."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from evidence_factory import activity, jpeg_bytes

from wenming_cli.checks.codes import CODES, code_matches
from wenming_cli.checks.engine import run_check
from wenming_cli.errors import InvalidInput

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "examples" / "yiyang-party-school" / "unit.yaml"
DAY = dt.date(2021, 7, 10)


@pytest.fixture
def evidence(tmp_path: Path) -> Path:
    assert PLAN.is_file(), f"{PLAN} is missing"
    root = tmp_path / "evidence"
    root.mkdir()
    shutil.copy(PLAN, root / "unit.yaml")
    # one photo far below the size window: a PHOTO-SIZE error to silence or keep
    small = jpeg_bytes(1, size=None, taken=dt.datetime(2021, 5, 12, 9, 0))
    activity(root, "21 文明行为习惯", "2021-05-12 文明交通宣传", [small], None)
    return root


def _with(evidence: Path, block: str) -> None:
    plan = evidence / "unit.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "\n" + block, encoding="utf-8")


def _codes(evidence: Path) -> list[str]:
    result, _, _ = run_check(evidence, as_of=DAY, quick=True)
    return [f.code for f in result.findings]


def test_a_known_code_is_ignored_without_a_warning(evidence: Path):
    assert "PHOTO-SIZE" in _codes(evidence)
    _with(evidence, "ignore:\n  - code: PHOTO-SIZE\n    reason: 测试\n")
    codes = _codes(evidence)
    assert "PHOTO-SIZE" not in codes and "UNIT-CODE-UNKNOWN" not in codes


def test_a_misspelt_ignore_code_is_reported_with_the_likely_one(evidence: Path):
    _with(evidence, "ignore:\n  - code: PHOTO-SIZES\n    reason: 测试\n")
    result, _, _ = run_check(evidence, as_of=DAY, quick=True)
    assert any(f.code == "PHOTO-SIZE" for f in result.findings)  # nothing was silenced
    [warning] = [f for f in result.findings if f.code == "UNIT-CODE-UNKNOWN"]
    assert "PHOTO-SIZES" in warning.message and "“PHOTO-SIZE”" in warning.message
    assert warning.path == "unit.yaml" and warning.field == "ignore[0].code"


def test_a_select_pattern_matching_no_code_is_reported(evidence: Path):
    # The warning shows although `select` keeps only photo findings: a select must not hide its own typo.
    _with(evidence, "select: [PHOTO, CAPTON]\n")
    result, _, _ = run_check(evidence, as_of=DAY, quick=True)
    unknown = [f for f in result.findings if f.code == "UNIT-CODE-UNKNOWN"]
    assert [f.field for f in unknown] == ["select[1]"]
    assert "CAPTON" in unknown[0].message


def test_an_ignore_entry_without_code_or_path_is_refused(evidence: Path):
    _with(evidence, "ignore:\n  - reason: 先不看\n")
    with pytest.raises(InvalidInput) as caught:
        run_check(evidence, as_of=DAY, quick=True)
    assert any("code" in p.message and "path" in p.message for p in caught.value.problems)


def test_patterns_match_codes_families_and_globs():
    assert code_matches("PHOTO", "PHOTO-SIZE") and code_matches("photo-*", "PHOTO-SIZE")
    # a code is also the prefix of its family: PHOTO-SIZE covers PHOTO-SIZE-AMBIGUOUS too
    assert code_matches("PHOTO-SIZE", "PHOTO-SIZE") and code_matches("PHOTO-SIZE", "PHOTO-SIZE-AMBIGUOUS")
    assert not code_matches("PHOT", "PHOTO-SIZE") and not code_matches("CAPTION", "PHOTO-SIZE")
    assert "UNIT-CODE-UNKNOWN" in CODES
