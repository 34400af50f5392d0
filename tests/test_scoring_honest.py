"""Scores that never flatter: trees built in tmp_path, checked and scored end to end (issue 11)."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest
from evidence_factory import activity, caption, jpeg_bytes, write, yiyang_caption

from wenming_cli.checks.engine import run_check
from wenming_cli.scoring import score

ROOT = Path(__file__).resolve().parents[1]
YIYANG_PLAN = ROOT / "examples" / "yiyang-party-school" / "unit.yaml"
YUEYANG_PLAN = ROOT / "examples" / "yueyang-port-office" / "unit.yaml"
THEME = "益阳市2021年市委党校文明餐桌行动"


@pytest.fixture
def yiyang(tmp_path: Path) -> Path:
    root = tmp_path / "evidence"
    root.mkdir()
    shutil.copy(YIYANG_PLAN, root / "unit.yaml")
    return root


def scored(root: Path, as_of: dt.date):
    result, plan, rubric = run_check(root, as_of=as_of, workers=1)
    return result, score(rubric, plan, result)


def _photo(seed: int, day: dt.date) -> bytes:
    return jpeg_bytes(seed, taken=dt.datetime(day.year, day.month, day.day, 9))


def test_activity_of_another_kind_earns_nothing_where_a_plan_is_required(yiyang: Path) -> None:
    # 19.2 requires 方案/计划 (2): an activity in folder 19 proves 19.1 but not 19.2.
    day = dt.date(2021, 5, 20)
    activity(
        yiyang, "19 文明餐桌", "2021-05-20 文明餐桌", [_photo(1, day)], yiyang_caption("2021-05-20", THEME)
    )
    result, card = scored(yiyang, dt.date(2021, 7, 10))
    assert result.coverage_for("19.2").status == "pending"
    assert card.clause("19.2").points == 0 and card.clause("19.2").status == "pending"
    assert card.clause("19.1").status == "met" and card.clause("19.1").points == D("2")
    # after the deadline (10月底前) it is missing, never 部分达标
    result, card = scored(yiyang, dt.date(2021, 12, 1))
    assert result.coverage_for("19.2").status == "missing"
    assert card.clause("19.2").points == 0 and card.clause("19.2").status == "missing"
    # one plan of two: now some of what is required is there
    write(yiyang / "19 文明餐桌" / "正式发文" / "2021-03-01 无烟单位建设实施方案.pdf", b"%PDF-1.4\n%%EOF\n")
    result, card = scored(yiyang, dt.date(2021, 12, 1))
    assert result.coverage_for("19.2").status == "partly"
    assert card.clause("19.2").points == D("0.5")
    assert "测评细则未规定部分得分" in card.clause("19.2").explanation


def test_roster_required_volunteer_activities_do_not_make_22_1_met(yiyang: Path) -> None:
    for seed, day in ((2, dt.date(2021, 3, 5)), (3, dt.date(2021, 6, 18))):
        activity(
            yiyang,
            "22 学雷锋志愿服务",
            f"{day} 志愿服务",
            [_photo(seed, day)],
            yiyang_caption(
                str(day), "益阳市2021年市委党校志愿服务", 志愿者="党员", 服务对象="居民", 服务内容="清扫"
            ),
        )
    result, card = scored(yiyang, dt.date(2021, 12, 1))
    cov = result.coverage_for("22.1")
    assert [(r.kind, r.found) for r in cov.requirements] == [("roster", 0)]
    assert cov.status == "missing"
    assert card.clause("22.1").points == 0


def test_late_activity_counts_nowhere_not_even_through_also(yiyang: Path) -> None:
    day = dt.date(2021, 11, 3)
    activity(
        yiyang,
        "a3-3.4 垃圾分类",
        "2021-11-03 垃圾分类宣传",
        [_photo(4, day)],
        yiyang_caption("2021-11-03", "益阳市2021年市委党校垃圾分类宣传", 同时用于="18"),
    )
    result, card = scored(yiyang, dt.date(2021, 12, 1))
    assert any(f.code == "ACTIVITY-LATE" and f.task == "a3-3.4" for f in result.findings)
    cov18 = result.coverage_for("18.1")
    assert cov18.activities == 0 and cov18.status == "missing"
    assert card.clause("18.1").points == 0
    assert result.coverage_for("a3-3.4").activities == 0


def test_activity_after_the_check_date_warns_with_both_dates_and_does_not_count(yiyang: Path) -> None:
    day = dt.date(2021, 8, 2)
    activity(
        yiyang,
        "21 文明行为习惯",
        "2021-08-02 文明交通宣传",
        [_photo(5, day)],
        yiyang_caption("2021-08-02", "益阳市2021年市委党校文明交通宣传"),
    )
    result, card = scored(yiyang, dt.date(2021, 7, 10))
    warned = [f for f in result.findings if f.code == "ACTIVITY-AFTER-CHECK"]
    assert warned and warned[0].severity.value == "warning"
    assert "2021-08-02" in warned[0].message and "2021-07-10" in warned[0].message
    assert result.coverage_for("21.1").activities == 0
    assert card.clause("21.1").points == 0
    # once the check date has passed it, the same activity counts; the plan's assessment date
    # (2021-07-10) still earns a warning naming both dates
    result, card = scored(yiyang, dt.date(2021, 9, 1))
    warned = [f for f in result.findings if f.code == "ACTIVITY-AFTER-CHECK"]
    assert [w.field for w in warned] == ["测评日期"]
    assert "2021-08-02" in warned[0].message and "2021-07-10" in warned[0].message
    assert card.clause("21.1").points == D("2")


def test_exif_date_checked_for_a_rubric_without_photo_rules(tmp_path: Path) -> None:
    # Yueyang publishes no material rules; the EXIF date checks still run (SPEC §1).
    root = tmp_path / "e"
    root.mkdir()
    shutil.copy(YUEYANG_PLAN, root / "unit.yaml")
    activity(
        root,
        "16 志愿服务",
        "2023-03-05 学雷锋",
        [jpeg_bytes(110, taken=dt.datetime(2019, 3, 5, 9)), jpeg_bytes(111, taken=None)],
        caption(时间="2023-03-05"),
    )
    result, _, _ = run_check(root, as_of=dt.date(2023, 6, 1), workers=1)
    codes = {(f.code, f.path.rsplit("/", 1)[-1]) for f in result.findings if f.code.startswith("PHOTO-EXIF")}
    assert ("PHOTO-EXIF-PERIOD", "1.jpg") in codes
    # no photo rules: a missing EXIF date is not worth a word
    assert not any(c == "PHOTO-EXIF-MISSING" for c, _ in codes)


def test_exif_date_far_from_the_activity_on_yueyang(tmp_path: Path) -> None:
    root = tmp_path / "e"
    root.mkdir()
    shutil.copy(YUEYANG_PLAN, root / "unit.yaml")
    activity(
        root,
        "16 志愿服务",
        "2023-03-05 学雷锋",
        [jpeg_bytes(112, taken=dt.datetime(2023, 1, 20, 9))],
        caption(时间="2023-03-05"),
    )
    result, _, _ = run_check(root, as_of=dt.date(2023, 6, 1), workers=1)
    assert any(f.code == "PHOTO-EXIF-MISMATCH" for f in result.findings)


EXAMPLES = ROOT / "examples"


@pytest.mark.parametrize(
    ("example", "as_of", "evidence", "estimated", "bonus"),
    [
        ("yiyang-party-school", dt.date(2021, 7, 10), "11", "2", "0.2"),
        ("yueyang-port-office", dt.date(2023, 6, 30), "11", "1", "0"),
    ],
)
def test_bundled_examples_score_exactly(example, as_of, evidence, estimated, bonus) -> None:
    root = EXAMPLES / example
    assert (root / "unit.yaml").is_file(), f"{root} is missing"
    result, card = scored(root, as_of)
    assert card.totals.evidence == D(evidence) and card.totals.estimated == D(estimated)
    assert card.bonus_points == D(bonus) and card.total == D(evidence) + D(bonus)
    # nothing the issue saw flattering: 19.2 and 22.1 lack their 方案/计划 and 名单
    if example.startswith("yiyang"):
        for clause in ("19.2", "22.1"):
            assert card.clause(clause).status != "met" and card.clause(clause).points == 0
        honour = next(i for b in card.bonus for i in b.items if i.holder == "unit")
        assert honour.counted and honour.proof == "加分/2021-03-16 益阳市2020年度平安建设先进单位.pdf"
    else:
        missing = [f for f in result.findings if f.code == "BONUS-PROOF-MISSING"]
        assert len(missing) == 2  # the two unit honours; the personal one would not count anyway
        assert all(not i.counted for b in card.bonus for i in b.items)


def test_multi_year_task_is_judged_over_its_own_period(yiyang: Path) -> None:
    # a2-4 (荣誉称号): three-year creation cycle to 2023-08-31, not "由实地查看评定".
    result, _ = scored(yiyang, dt.date(2021, 7, 10))
    cov = result.coverage_for("a2-4")
    assert cov.needs_files and cov.status == "pending"
    assert not any(f.code == "COVERAGE-NOT-FROM-FILES" and f.task == "a2-4" for f in result.findings)
    day = dt.date(2022, 5, 10)
    activity(
        yiyang,
        "a2-4 荣誉称号",
        "2022-05-10 创建先进单位表彰",
        [_photo(6, day)],
        yiyang_caption("2022-05-10", "益阳市2021年市委党校创建先进单位表彰"),
    )
    result, _ = scored(yiyang, dt.date(2022, 6, 1))
    assert result.coverage_for("a2-4").status == "met" and result.coverage_for("a2-4").activities == 1
    outside = [f for f in result.findings if f.code == "ACTIVITY-OUTSIDE-PERIOD"]
    assert outside == []  # 2022 lies inside the task's own period, outside the 2020–2021 assessment period
    # the 2022 piece still counts once the cycle has ended
    result, _ = scored(yiyang, dt.date(2023, 9, 1))
    assert result.coverage_for("a2-4").status == "met"


def test_each_unit_plan_problem_has_its_own_code(yiyang: Path) -> None:
    text = (yiyang / "unit.yaml").read_text(encoding="utf-8")
    text = text.replace("    level: city\n", "    level: galactic\n", 1)
    text = text.replace("roster:\n", "roster:\n  - {name: 李振华}\n", 1)  # listed twice now
    (yiyang / "unit.yaml").write_text(text, encoding="utf-8")
    result, _, _ = run_check(yiyang, as_of=dt.date(2021, 7, 10), quick=True)
    codes = [f.code for f in result.findings if f.path == "unit.yaml"]
    assert "UNIT-HONOUR-LEVEL" in codes and "UNIT-ROSTER-DUPLICATE" in codes
    assert "UNIT-PERSON-UNKNOWN" not in codes
    level = next(f for f in result.findings if f.code == "UNIT-HONOUR-LEVEL")
    assert "galactic" in level.message and level.field == "honours[0].level"


def test_also_does_not_carry_an_activity_past_the_other_subjects_deadline(yiyang: Path) -> None:
    # a3-1.1 is due by 03-31 (第一季度): an activity of 21 on 2021-05-12 marked 同时用于 a3-1.1 counts
    # for 21 (in time there) but not for a3-1.1 (past its deadline).
    day = dt.date(2021, 5, 12)
    activity(
        yiyang,
        "21 文明行为习惯",
        "2021-05-12 文明交通宣传",
        [_photo(7, day)],
        yiyang_caption("2021-05-12", "益阳市2021年市委党校文明交通宣传", 同时用于="a3-1.1"),
    )
    result, _ = scored(yiyang, dt.date(2021, 7, 10))
    assert result.coverage_for("21.1").activities == 1
    assert result.coverage_for("a3-1.1").activities == 0
