"""Many units in one run: `check A B`, `check --batch DIR`, `score --batch DIR -o 汇总.xlsx`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from wenming_cli.batch import BatchSummary
from wenming_cli.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
UNITS = {"yiyang-party-school": "中共益阳市委党校", "yueyang-port-office": "岳阳市人民政府口岸管理办公室"}


@pytest.fixture
def city(tmp_path: Path) -> Path:
    root = tmp_path / "units"
    root.mkdir()
    for name in UNITS:
        shutil.copytree(ROOT / "examples" / name, root / name)
    (root / "不是单位").mkdir()  # no unit.yaml: not a unit, skipped by --batch
    return root


def _run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_check_of_two_folders_prints_one_row_per_unit(city: Path) -> None:
    result = _run("check", *(str(city / n) for n in UNITS), "--as-of", "2021-07-10", "--format", "plain")
    assert result.exit_code == 1, result.output  # the examples carry errors on purpose
    lines = result.stdout.splitlines()
    assert lines[0].startswith("单位\t证据文件夹")
    rows = [line.split("\t") for line in lines[1:3]]
    assert [r[0] for r in rows] == list(UNITS.values())
    assert all(r[3].count("/") == 1 and int(r[4]) >= 0 and r[6] for r in rows)
    assert "共 2 个单位" in result.stdout


def test_score_batch_json_reads_back_and_details_follow_on_request(city: Path) -> None:
    result = _run("score", "--batch", str(city), "--as-of", "2021-07-10", "--format", "json")
    assert result.exit_code == 0, result.output
    summary = BatchSummary.model_validate(json.loads(result.stdout))
    assert [r.unit for r in summary.rows] == list(UNITS.values())
    assert all(r.score is not None and r.verdict for r in summary.rows)
    detailed = _run(
        "check", "--batch", str(city), "--as-of", "2021-07-10", "--format", "markdown", "--details"
    )
    assert detailed.stdout.count("=====") == 4 and "# 多单位检查汇总" in detailed.stdout


def test_summary_workbook(city: Path, tmp_path: Path) -> None:
    out = tmp_path / "汇总.xlsx"
    result = _run("score", "--batch", str(city), "--as-of", "2021-07-10", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][0] == "单位" and [r[0] for r in rows[1:3]] == list(UNITS.values())
    assert all(isinstance(r[3], int) and isinstance(r[7], (int, float)) for r in rows[1:3])
    inside = _run("check", "--batch", str(city), "-o", str(city / "yueyang-port-office" / "汇总.xlsx"))
    assert inside.exit_code == 2 and not (city / "yueyang-port-office" / "汇总.xlsx").exists()


def test_a_unit_that_cannot_be_checked_gets_its_row_and_exit_2(city: Path) -> None:
    (city / "yueyang-port-office" / "unit.yaml").write_text("rubric: [unclosed\n", encoding="utf-8")
    result = _run("check", "--batch", str(city), "--as-of", "2021-07-10", "--format", "plain")
    assert result.exit_code == 2, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()[1:3]]
    assert rows[0][0] == UNITS["yiyang-party-school"] and rows[1][-1].startswith("无法检查：")
