"""`wenming check` on evidence trees built in tmp_path: exact findings per rule, JSON, exit codes."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
from evidence_factory import activity, caption, jpeg_bytes, picture, write, yiyang_caption
from typer.testing import CliRunner

from wenming_cli.checks.engine import run_check
from wenming_cli.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
YIYANG_PLAN = ROOT / "examples" / "yiyang-party-school" / "unit.yaml"
YUEYANG_PLAN = ROOT / "examples" / "yueyang-port-office" / "unit.yaml"
AS_OF = dt.date(2021, 12, 1)
THEME = "益阳市2021年市委党校学雷锋志愿服务进社区"


@pytest.fixture
def yiyang(tmp_path: Path) -> Path:
    root = tmp_path / "evidence"
    root.mkdir()
    shutil.copy(YIYANG_PLAN, root / "unit.yaml")
    return root


def codes(root: Path, as_of: dt.date = AS_OF, **kw) -> list[tuple[str, str | None]]:
    result, _, _ = run_check(root, as_of=as_of, **kw)
    return [
        (f.code, f.path)
        for f in result.findings
        if not f.code.startswith("COVERAGE") and f.code != "TARGET-UNMET"
    ]


def only(root: Path, prefix: str, **kw) -> list[tuple[str, str | None]]:
    return [c for c in codes(root, **kw) if c[0].startswith(prefix)]


def test_clean_activity_has_no_photo_or_caption_findings(yiyang: Path) -> None:
    taken = dt.datetime(2021, 5, 12, 9, 30)
    activity(
        yiyang,
        "21 文明行为习惯",
        "2021-05-12 文明交通宣传",
        [jpeg_bytes(1, taken=taken)],
        yiyang_caption("2021年5月12日", THEME),
    )
    found = codes(yiyang)
    assert [c for c in found if c[0].startswith(("PHOTO", "CAPTION", "ACTIVITY", "FILE"))] == []


def test_photo_size_window_both_readings(yiyang: Path) -> None:
    taken = dt.datetime(2021, 5, 12, 9, 30)
    sizes = {"big": 2_100_000, "small": 1_400_000, "between": 1_550_000}
    for i, (name, size) in enumerate(sizes.items()):
        activity(
            yiyang,
            "21 文明",
            f"2021-05-12 活动{name}",
            [jpeg_bytes(i + 10, size=size, taken=taken)],
            yiyang_caption("2021-05-12", THEME),
        )
    found = only(yiyang, "PHOTO-SIZE")
    assert ("PHOTO-SIZE", "21 文明/2021-05-12 活动big/1.jpg") in found
    assert ("PHOTO-SIZE", "21 文明/2021-05-12 活动small/1.jpg") in found
    # 1,550,000 bytes: above 1.5 × 10^6 but below 1.5 × 2^20 = 1,572,864.
    assert ("PHOTO-SIZE-AMBIGUOUS", "21 文明/2021-05-12 活动between/1.jpg") in found
    assert len(found) == 3


def test_png_renamed_to_jpg_is_caught(yiyang: Path) -> None:
    base = activity(yiyang, "21 文明", "2021-05-12 活动", [], yiyang_caption("2021-05-12", THEME))
    picture(3).save(base / "1.jpg", "PNG")
    found = codes(yiyang)
    assert ("FILE-TYPE-MISMATCH", "21 文明/2021-05-12 活动/1.jpg") in found
    assert ("PHOTO-FORMAT", "21 文明/2021-05-12 活动/1.jpg") in found


def test_photo_count_and_missing_caption_field(yiyang: Path) -> None:
    taken = dt.datetime(2021, 6, 1, 10, 0)
    photos = [jpeg_bytes(20 + i, taken=taken) for i in range(4)]
    activity(
        yiyang, "21 文明", "2021-06-01 四张照片", photos, caption(时间="2021-06-01", 地点="校园", 主题=THEME)
    )
    result, _, _ = run_check(yiyang, as_of=AS_OF)
    by_code = {f.code: f for f in result.findings}
    assert by_code["PHOTO-COUNT"].actual == "4"
    assert by_code["PHOTO-COUNT"].expected == "1—3"
    assert by_code["CAPTION-FIELD"].actual == "缺少 主办单位、参加人员"


def test_volunteer_activity_needs_volunteer_fields(yiyang: Path) -> None:
    taken = dt.datetime(2021, 3, 5, 9, 0)
    activity(
        yiyang,
        "22 学雷锋志愿服务",
        "2021-03-05 进社区",
        [jpeg_bytes(30, taken=taken)],
        yiyang_caption("2021-03-05", THEME),
    )
    result, _, _ = run_check(yiyang, as_of=AS_OF)
    field = next(f for f in result.findings if f.code == "CAPTION-FIELD")
    assert "志愿者" in field.actual and "服务对象" in field.actual and "服务内容" in field.actual


def test_caption_missing_title_format_and_dates(yiyang: Path) -> None:
    taken = dt.datetime(2021, 5, 20, 9, 0)
    activity(
        yiyang, "21 文明", "2021-05-12 无说明", [jpeg_bytes(40, taken=dt.datetime(2021, 5, 12, 9))], None
    )
    activity(
        yiyang,
        "21 文明",
        "2021-05-20 主题不对",
        [jpeg_bytes(41, taken=taken)],
        yiyang_caption("2021-05-20", "学雷锋活动"),
    )
    activity(
        yiyang,
        "21 文明",
        "2021-11-03 太晚",
        [jpeg_bytes(42, taken=dt.datetime(2021, 11, 3, 9))],
        yiyang_caption("2021-11-03", THEME),
    )
    activity(
        yiyang,
        "21 文明",
        "2021-06-01 日期不符",
        [jpeg_bytes(43, taken=dt.datetime(2021, 6, 9, 9))],
        yiyang_caption("2021-06-01", THEME),
    )
    found = codes(yiyang)
    assert ("CAPTION-MISSING", "21 文明/2021-05-12 无说明") in found
    assert ("CAPTION-TITLE", "21 文明/2021-05-20 主题不对/活动说明.txt") in found
    assert ("ACTIVITY-LATE", "21 文明/2021-11-03 太晚/活动说明.txt") in found
    assert ("PHOTO-EXIF-LATE", "21 文明/2021-11-03 太晚/1.jpg") in found
    assert ("PHOTO-EXIF-MISMATCH", "21 文明/2021-06-01 日期不符/1.jpg") in found


def test_exif_missing_is_a_warning(yiyang: Path) -> None:
    activity(
        yiyang,
        "21 文明",
        "2021-05-12 无EXIF",
        [jpeg_bytes(50, taken=None)],
        yiyang_caption("2021-05-12", THEME),
    )
    result, _, _ = run_check(yiyang, as_of=AS_OF)
    missing = [f for f in result.findings if f.code == "PHOTO-EXIF-MISSING"]
    assert len(missing) == 1 and missing[0].severity.value == "warning"


def test_exact_and_near_duplicates_across_activities(yiyang: Path) -> None:
    taken = dt.datetime(2021, 5, 12, 9, 0)
    same = jpeg_bytes(60, taken=taken)
    activity(yiyang, "21 文明", "2021-05-12 甲", [same], yiyang_caption("2021-05-12", THEME + "甲"))
    activity(yiyang, "26 文体", "2021-05-13 乙", [same], yiyang_caption("2021-05-13", THEME + "乙"))
    big = picture(61, (400, 300))
    near = big.resize((200, 150))
    activity(
        yiyang,
        "27 普法",
        "2021-06-01 丙",
        [jpeg_bytes(image=big, taken=None)],
        yiyang_caption("2021-06-01", THEME + "丙"),
    )
    activity(
        yiyang,
        "27 普法",
        "2021-07-01 丁",
        [jpeg_bytes(image=near, quality=70, taken=None)],
        yiyang_caption("2021-07-01", THEME + "丁"),
    )
    found = codes(yiyang)
    assert ("PHOTO-DUPLICATE", "26 文体/2021-05-13 乙/1.jpg") in found
    assert ("PHOTO-NEAR-DUPLICATE", "27 普法/2021-07-01 丁/1.jpg") in found
    assert sum(1 for c in found if c[0] == "PHOTO-NEAR-DUPLICATE") == 1


def test_same_photo_filed_twice_for_one_activity_is_info(yiyang: Path) -> None:
    same = jpeg_bytes(62, taken=dt.datetime(2021, 5, 12, 9))
    activity(yiyang, "21 文明", "2021-05-12 甲", [same], yiyang_caption("2021-05-12", THEME))
    activity(yiyang, "26 文体", "2021-05-12 甲", [same], yiyang_caption("2021-05-12", THEME))
    found = codes(yiyang)
    assert ("PHOTO-FILED-TWICE", "26 文体/2021-05-12 甲/1.jpg") in found
    assert not any(c[0] == "PHOTO-DUPLICATE" for c in found)


def test_truncated_empty_and_unknown_files(yiyang: Path) -> None:
    base = activity(yiyang, "21 文明", "2021-05-12 活动", [], yiyang_caption("2021-05-12", THEME))
    data = jpeg_bytes(70, size=None, taken=dt.datetime(2021, 5, 12, 9))
    (base / "cut.jpg").write_bytes(data[: len(data) // 2])
    (base / "empty.jpg").write_bytes(b"")
    write(yiyang / "21 文明" / "正式发文" / "mystery.bin", bytes(range(256)) * 4)
    found = codes(yiyang)
    assert ("PHOTO-TRUNCATED", "21 文明/2021-05-12 活动/cut.jpg") in found
    assert ("FILE-EMPTY", "21 文明/2021-05-12 活动/empty.jpg") in found
    assert ("FILE-UNKNOWN-TYPE", "21 文明/正式发文/mystery.bin") in found


def test_decompression_bomb_is_a_finding(yiyang: Path) -> None:
    base = activity(yiyang, "21 文明", "2021-05-12 活动", [], yiyang_caption("2021-05-12", THEME))
    from PIL import Image
    Image.new("1", (20000, 20000)).save(base / "bomb.png")  # 400 MP, a few kB on disk
    found = codes(yiyang)
    assert ("PHOTO-TOO-LARGE-PIXELS", "21 文明/2021-05-12 活动/bomb.png") in found


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="symbolic links")
def test_symlink_loop_and_outside_link(yiyang: Path, tmp_path: Path) -> None:
    folder = yiyang / "21 文明"
    folder.mkdir()
    os.symlink(yiyang, folder / "loop")
    outside = tmp_path / "outside.jpg"
    outside.write_bytes(jpeg_bytes(80))
    os.symlink(outside, folder / "outside.jpg")
    found = codes(yiyang)
    assert ("SYMLINK-LOOP", "21 文明/loop") in found
    assert ("SYMLINK-OUTSIDE", "21 文明/outside.jpg") in found


def test_unknown_folder_ids_and_loose_photos(yiyang: Path) -> None:
    write(yiyang / "99 不存在" / "a.txt", "x")
    write(yiyang / "杂项" / "b.txt", "x")
    write(yiyang / "21 文明" / "loose.jpg", jpeg_bytes(90))
    found = codes(yiyang)
    assert ("FOLDER-UNMATCHED", "99 不存在") in found
    assert ("FOLDER-UNNAMED", "杂项") in found
    assert ("PHOTO-OUTSIDE-ACTIVITY", "21 文明/loose.jpg") in found


def test_folder_id_spellings(yiyang: Path) -> None:
    for name in ("（２２）学雷锋", "第21条 文明", "（七）文明风尚行动/20 移风易俗", "附件3-3.4 垃圾分类"):
        write(yiyang / name / "说明报告" / "2021-05-01 说明.txt", "x")
    result, _, _ = run_check(yiyang, as_of=AS_OF)
    subjects = {
        f.subject for f in result.findings if f.code.startswith("REPORT") or f.path and "说明" in f.path
    }
    assert {"22", "21", "20", "a3-3.4"} <= {
        f.subject for f in result.findings if f.path and f.path.endswith("说明.txt")
    } | subjects
    assert not any(f.code in ("FOLDER-UNMATCHED", "FOLDER-UNNAMED") for f in result.findings)


def test_quarterly_coverage_for_a_task(yiyang: Path) -> None:
    # a3-1.2: at least one piece every quarter; Q1 and Q2 have ended by 2021-07-15, Q3 is running.
    activity(
        yiyang,
        "a3-1.2 定期研究",
        "2021-02-01 会议",
        [jpeg_bytes(100, taken=dt.datetime(2021, 2, 1, 9))],
        yiyang_caption("2021-02-01", THEME),
    )
    result, _, _ = run_check(yiyang, as_of=dt.date(2021, 7, 15))
    periods = {
        (f.code, f.period)
        for f in result.findings
        if f.task == "a3-1.2" and f.code.startswith("COVERAGE-PERIOD")
    }
    assert periods == {("COVERAGE-PERIOD", "2021Q2"), ("COVERAGE-PERIOD-OPEN", "2021Q3")}
    cov = result.coverage_for("a3-1.2")
    assert cov is not None and cov.status == "partly"


def test_field_inspection_only_is_listed_not_failed(yiyang: Path) -> None:
    result, _, _ = run_check(yiyang, as_of=AS_OF)
    cov = result.coverage_for("15.1")  # 群众办事满意率: questionnaire
    assert cov is not None and cov.status == "not_decidable"
    assert any(f.code == "COVERAGE-NOT-FROM-FILES" and f.clause == "15.1" for f in result.findings)


def test_targets_from_unit_plan_figures(tmp_path: Path) -> None:
    root = tmp_path / "e"
    root.mkdir()
    text = YUEYANG_PLAN.read_text(encoding="utf-8")
    (root / "unit.yaml").write_text(text, encoding="utf-8")
    result, plan, _ = run_check(root, as_of=dt.date(2023, 6, 1))
    assert plan is not None
    by_id = {t.target: t for t in result.targets}
    staff = by_id["volunteer_ratio_staff"]
    figures = plan.figures
    assert staff.numerator == figures["registered_volunteers"] and staff.denominator == figures["staff_total"]
    assert staff.met == (figures["registered_volunteers"] * 100 >= 90 * figures["staff_total"])


def test_yueyang_has_no_material_rules_so_no_size_checks(tmp_path: Path) -> None:
    root = tmp_path / "e"
    root.mkdir()
    shutil.copy(YUEYANG_PLAN, root / "unit.yaml")
    activity(
        root,
        "16 志愿服务",
        "2023-03-05 学雷锋",
        [jpeg_bytes(110, size=5_000_000, taken=dt.datetime(2023, 3, 5, 9))],
        caption(时间="2023-03-05"),
    )
    found = codes(root, as_of=dt.date(2023, 6, 1))
    assert not any(
        c[0].startswith(("PHOTO-SIZE", "PHOTO-COUNT", "CAPTION-FIELD", "CAPTION-TITLE")) for c in found
    )


def test_check_never_writes_into_the_evidence_folder(yiyang: Path) -> None:
    activity(
        yiyang,
        "21 文明",
        "2021-05-12 活动",
        [jpeg_bytes(120, taken=dt.datetime(2021, 5, 12, 9))],
        yiyang_caption("2021-05-12", THEME),
    )
    before = sorted(
        (p.relative_to(yiyang).as_posix(), p.stat().st_mtime_ns, p.stat().st_size) for p in yiyang.rglob("*")
    )
    CliRunner().invoke(app, ["check", str(yiyang), "--as-of", "2021-12-01", "--format", "json"])
    after = sorted(
        (p.relative_to(yiyang).as_posix(), p.stat().st_mtime_ns, p.stat().st_size) for p in yiyang.rglob("*")
    )
    assert before == after


def test_cli_json_exit_codes_and_select(yiyang: Path) -> None:
    activity(
        yiyang,
        "21 文明",
        "2021-05-12 活动",
        [jpeg_bytes(130, size=2_500_000, taken=dt.datetime(2021, 5, 12, 9))],
        yiyang_caption("2021-05-12", THEME),
    )
    runner = CliRunner()
    res = runner.invoke(app, ["check", str(yiyang), "--as-of", "2021-12-01", "--format", "json"])
    assert res.exit_code == 1
    data = json.loads(res.stdout)
    assert data["rubric"] == "yiyang-2021"
    first = next(f for f in data["findings"] if f["code"] == "PHOTO-SIZE")
    assert first["path"] == "21 文明/2021-05-12 活动/1.jpg" and first["standard"] == "21"
    assert first["key"].startswith("PHOTO-SIZE|21 文明/")
    assert "wenming photo fit" in first["fix"]
    res = runner.invoke(
        app, ["check", str(yiyang), "--as-of", "2021-12-01", "--format", "json", "--select", "PHOTO-SIZE"]
    )
    assert {f["code"] for f in json.loads(res.stdout)["findings"]} == {"PHOTO-SIZE"}
    res = runner.invoke(
        app, ["check", str(yiyang), "--as-of", "2021-12-01", "--fail-on", "never", "--format", "json"]
    )
    assert res.exit_code == 0


def test_cli_usage_errors_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["check", str(tmp_path / "missing")])
    assert res.exit_code == 2 and "不存在" in res.output
    res = runner.invoke(app, ["check", str(tmp_path)])
    assert res.exit_code == 2 and "unit.yaml" in res.output
    (tmp_path / "unit.yaml").write_text(
        "rubric: yiyang-2021\nunit: {name: 测试}\nassessment_yaer: 2021\n", encoding="utf-8"
    )
    res = runner.invoke(app, ["check", str(tmp_path)])
    assert res.exit_code == 2 and "assessment_year" in res.output and "unit.yaml:3" in res.output


def test_quick_mode_skips_decoding(yiyang: Path) -> None:
    big = picture(140, (400, 300))
    activity(yiyang, "27 普法", "2021-06-01 丙", [jpeg_bytes(image=big)], yiyang_caption("2021-06-01", THEME))
    activity(
        yiyang,
        "27 普法",
        "2021-07-01 丁",
        [jpeg_bytes(image=big.resize((200, 150)), quality=70)],
        yiyang_caption("2021-07-01", THEME),
    )
    result, _, _ = run_check(yiyang, as_of=AS_OF, quick=True)
    assert result.stats.quick and "近似重复照片" in result.stats.skipped
    assert not any(f.code == "PHOTO-NEAR-DUPLICATE" for f in result.findings)


def test_fix_texts_name_the_file_types_the_rubric_accepts(yiyang: Path) -> None:
    """Not always “JPG” or “.docx”: the rubric's photo (and video) formats, PDF, and the reports read."""
    from wenming_cli.material_text import REPORT_FILE_TYPES, accepted_files
    from wenming_cli.models.rubric import MaterialRules, PhotoRules, VideoRules

    write(yiyang / "21 文明" / "正式发文" / "mystery.bin", bytes(range(256)) * 4)
    result, _, _ = run_check(yiyang, as_of=dt.date(2021, 7, 10), workers=1)
    unknown = next(f for f in result.findings if f.code == "FILE-UNKNOWN-TYPE")
    assert "JPG 照片" in unknown.fix and "PDF" in unknown.fix and REPORT_FILE_TYPES in unknown.fix
    wider = MaterialRules(photo=PhotoRules(formats=("jpeg", "png")), video=VideoRules(formats=("mp4",)))
    text = accepted_files(wider)
    assert text.startswith("JPG/PNG 照片") and "MP4 视频" in text
