"""The JSON of every command reads back into its model (issue 11): a later run, a baseline or another
program can rely on it. Run through the CLI on the bundled examples and rubrics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from evidence_factory import jpeg_bytes, write
from typer.testing import CliRunner

from wenming_cli.cli.app import app
from wenming_cli.diff.models import RubricDiff
from wenming_cli.models.outputs import RUBRIC_LIST, VALIDATION, RubricShow
from wenming_cli.models.results import CheckResult
from wenming_cli.models.scorecard import GapReport, Scorecard
from wenming_cli.photofit import FitReport

ROOT = Path(__file__).resolve().parents[1]
YIYANG = ROOT / "examples" / "yiyang-party-school"
YUEYANG = ROOT / "examples" / "yueyang-port-office"
runner = CliRunner()


def run_json(*args: str) -> str:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    json.loads(result.stdout)  # clean JSON on stdout
    return result.stdout


@pytest.mark.parametrize(("evidence", "as_of"), [(YIYANG, "2021-07-10"), (YUEYANG, "2023-06-30")])
def test_check_score_gaps_json_read_back(evidence: Path, as_of: str) -> None:
    assert (evidence / "unit.yaml").is_file()
    common = (str(evidence), "--as-of", as_of, "--quick")
    check = CheckResult.model_validate_json(run_json("check", *common))
    assert check.findings and check.coverage
    card = Scorecard.model_validate_json(run_json("score", *common))
    assert card.categories and card.total == card.totals.evidence + card.bonus_points
    gaps = GapReport.model_validate_json(run_json("gaps", *common))
    assert gaps.gaps and gaps.findings
    # and the data survives the trip unchanged
    assert json.loads(
        CheckResult.model_validate_json(check.model_dump_json()).model_dump_json()
    ) == json.loads(check.model_dump_json())


def test_finding_keys_are_unique_on_both_examples() -> None:
    for evidence, as_of in ((YIYANG, "2021-07-10"), (YUEYANG, "2023-06-30")):
        check = CheckResult.model_validate_json(run_json("check", str(evidence), "--as-of", as_of, "--quick"))
        keys = [f.key for f in check.findings]
        assert len(keys) == len(set(keys)), [k for k in keys if keys.count(k) > 1]
    # the 14 unknown persons of the Yueyang plan each have their own key and the right code
    check = CheckResult.model_validate_json(
        run_json("check", str(YUEYANG), "--as-of", "2023-06-30", "--quick")
    )
    persons = [f for f in check.findings if f.code == "UNIT-PERSON-UNKNOWN"]
    assert len(persons) == 14 and len({f.key for f in persons}) == 14


def test_rubric_list_show_validate_json_read_back() -> None:
    listed = RUBRIC_LIST.validate_json(run_json("rubric", "list"))
    assert {r.id for r in listed} >= {"yiyang-2021", "yueyang-2022"}
    shown = RubricShow.model_validate_json(run_json("rubric", "show", "yiyang-2021", "--category", "7"))
    assert shown.id == "yiyang-2021" and shown.standards and all(s.category == "7" for s in shown.standards)
    with_plan = RubricShow.model_validate_json(
        run_json("rubric", "show", "yueyang-2022", "--unit", str(YUEYANG / "unit.yaml"))
    )
    assert with_plan.unit_plan is not None and with_plan.unit_plan.roster
    checked = VALIDATION.validate_json(
        run_json("rubric", "validate", str(ROOT / "rubrics" / "yiyang-2021.yaml"), str(YUEYANG / "unit.yaml"))
    )
    assert [c.kind for c in checked] == ["rubric", "unit_plan"] and all(c.valid for c in checked)
    assert any(p.code == "UNIT-PERSON-UNKNOWN" and p.line for p in checked[1].problems)


def test_diff_json_reads_back() -> None:
    diff = RubricDiff.model_validate_json(
        run_json(
            "diff", str(ROOT / "rubrics" / "yiyang-2021.yaml"), str(ROOT / "rubrics" / "yueyang-2022.yaml")
        )
    )
    assert diff is not None


def test_photo_fit_json_reads_back(tmp_path: Path) -> None:
    src = tmp_path / "原图"
    write(src / "a.jpg", jpeg_bytes(3, size=None))
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["photo", "fit", str(src), "-o", str(out), "--min", "20KB", "--max", "60KB", "--format", "json"]
    )
    assert result.exit_code in (0, 1), result.output
    report = FitReport.model_validate_json(result.stdout)
    assert report.photos


def test_finding_keys_are_unique_in_a_full_check_too() -> None:
    import datetime as dt

    from wenming_cli.checks.engine import run_check

    result, _, _ = run_check(YIYANG, as_of=dt.date(2021, 12, 1), workers=1)
    keys = [f.key for f in result.findings]
    assert len(keys) == len(set(keys))


def _small_tree(tmp_path: Path) -> Path:
    """The Yiyang plan and one clean standard of its example, copied into tmp_path."""
    import shutil

    root = tmp_path / "evidence"
    root.mkdir()
    shutil.copy(YIYANG / "unit.yaml", root / "unit.yaml")
    shutil.copytree(YIYANG / "21 文明行为习惯", root / "21 文明行为习惯")
    return root


def test_pack_json_reads_back(tmp_path: Path) -> None:
    from wenming_cli.pack.models import PackResult

    root = _small_tree(tmp_path)
    out = tmp_path / "bundle"
    packed = PackResult.model_validate_json(run_json("pack", str(root), "-o", str(out), "--as-of", "2021-07-10"))
    assert packed.written and packed.output == str(out) and packed.manifest is not None
    assert packed.plan.items and len(packed.manifest.files) >= len(packed.plan.items)
    # a pack stopped by errors reads back too: nothing written, the blocking findings carried
    stopped = PackResult.model_validate_json(
        run_json("pack", str(YIYANG), "-o", str(tmp_path / "b2"), "--as-of", "2021-07-10")
    )
    assert not stopped.written and stopped.manifest is None and stopped.plan.blocking


def test_import_plan_and_apply_json_read_back(tmp_path: Path) -> None:
    from wenming_cli.importer.plan import ImportPlan
    from wenming_cli.importer.results import ApplyResult

    dump = tmp_path / "各部门材料" / "行政科" / "2021-05-12 垃圾分类宣传"
    write(dump / "IMG_20210512_093011.jpg", jpeg_bytes(1, size=None))
    write(dump / "IMG_20210512_094500.jpg", jpeg_bytes(2, size=None))
    root = _small_tree(tmp_path)
    plan_csv = tmp_path / "plan.csv"
    plan = ImportPlan.model_validate_json(
        run_json("import", str(tmp_path / "各部门材料"), str(root), "-o", str(plan_csv))
    )
    assert plan.rows and plan.evidence_root == str(root)
    applied = ApplyResult.model_validate_json(run_json("import", "--apply", str(plan_csv)))
    assert applied.evidence_root == str(root)
    assert applied.copied and all((root / c.destination).is_file() for c in applied.copied)
