"""A third city by YAML alone: the full command chain on `tests/fixtures/third-city-rubric.yaml`.

The rubric was written from the README's rubric-format section. It uses ids printed as Ⅰ-1 / Ⅱ-3, a
two-year period, disqualifying conditions, a deduction clause judged on site, sizes in MiB, JPG and
PNG, 2–6 photos, date-prefixed photo names, a 文号 on documents, decimal figures with units and a
stricter count for one unit category. The evidence tree below breaks each rule once; the test pins
the exact findings and scores.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from evidence_factory import caption, jpeg_bytes, write
from pdf_factory import Page, write_pdf
from PIL import Image
from typer.testing import CliRunner

from wenming_cli.cli.app import app

RUBRIC = Path(__file__).resolve().parent / "fixtures" / "third-city-rubric.yaml"
AS_OF = "2025-01-10"
runner = CliRunner()

PLAN = {
    "assessment_year": 2024,
    "unit": {"name": "临江市测试局", "short_names": ["测试局"], "category": "A"},
    "figures": {"staff_total": 40, "registered_volunteers": 30, "training_hours": Decimal("22.5")},
    "vetoes": {"safety": {"status": "passed", "note": "安监部门出具证明"}, "discipline": {"status": "undecided"}},
    "shortfalls": {"Ⅱ-3.1": {"count": 3, "note": "三楼走廊、食堂、大门口缺公益广告"}},
}


def _plan_yaml(extra: dict | None = None) -> str:
    data = {"rubric": str(RUBRIC), **PLAN, **(extra or {})}
    return yaml.safe_dump(json.loads(json.dumps(data, default=str)), allow_unicode=True, sort_keys=False)


def _photo(seed: int, day: dt.date, size: int = 20_000) -> bytes:
    return jpeg_bytes(seed, size=size, taken=dt.datetime.combine(day, dt.time(9, 30)))


def _png(seed: int) -> bytes:
    out = io.BytesIO()
    img = Image.new("RGB", (120, 90), (seed * 40 % 256, 80, 160))
    img.paste((250, 250, 250), (10, 10, 40, 40))
    img.save(out, "PNG")
    data = out.getvalue()
    return data + b"\0" * max(0, 12_000 - len(data))  # above the 0.01 MiB floor


def _activity(root: Path, folder: str, day: dt.date, theme: str, photos: dict[str, bytes], **extra: str) -> None:
    base = root / folder / f"{day.isoformat()} {theme}"
    for name, data in photos.items():
        write(base / name, data)
    write(base / "活动说明.txt", caption(时间=day.isoformat(), 地点="机关会议室", 主题=theme, **extra))


def _good(root: Path, folder: str, day: dt.date, theme: str, seed: int, **extra: str) -> None:
    stamp = day.strftime("%Y%m%d")
    photos = {f"{stamp}-1.jpg": _photo(seed, day), f"{stamp}-2.jpg": _photo(seed + 500, day)}
    _activity(root, folder, day, theme, photos, **extra)


def build_tree(root: Path) -> None:
    """Evidence for 2023–2024 with exactly one fault per rule (see EXPECTED)."""
    study = "Ⅰ-1 理论学习"
    quarters = [dt.date(y, m, 15) for y in (2023, 2024) for m in (2, 5, 8, 11)]
    for i, day in enumerate(quarters):
        if day == dt.date(2023, 5, 15):
            continue  # fault: 2023Q2 has no study activity (quarterly over both years)
        _good(root, study, day, f"第{i + 1}次理论学习", seed=10 + i)
    # Fault: 7 photos where 2–6 are allowed (the activity still counts for 2024Q4).
    day = dt.date(2024, 11, 20)
    photos = {f"20241120-{k}.jpg": _photo(80 + k, day) for k in range(1, 8)}
    _activity(root, study, day, "理论学习扩大会", photos, 条款="Ⅰ-1.1")
    # Fault: a photo name without the date prefix, and a PNG (allowed) beside it.
    day = dt.date(2024, 8, 20)
    _activity(root, study, day, "读书分享会", {"现场.jpg": _photo(90, day), "2024-08-20-2.png": _png(3)})
    # Fault: 条款 names a clause of another standard: counts nowhere.
    _good(root, study, dt.date(2024, 9, 9), "文明实践进社区", seed=95, 条款="Ⅱ-4.1")
    # 学习计划 per year: 2024 only (fault: 2023 missing); the 2024 one has no 文号 (fault).
    plan_pdf = write_pdf([Page(text=("临江市测试局文件", "关于印发年度学习计划的通知"))])
    write(root / study / "正式发文" / "2024-01-05 年度学习计划.pdf", plan_pdf)

    training = "Ⅰ-2 培训与志愿服务"
    write(root / training / "说明报告" / "2024-12-01 培训情况.txt", "一、培训情况\n全年人均培训22.5小时。\n")
    # Category A needs 2 volunteer activities: one only (fault). Its big photo breaks the MiB limit.
    day = dt.date(2024, 3, 5)
    _activity(
        root,
        training,
        day,
        "学雷锋志愿服务",
        {"20240305-1.jpg": _photo(120, day), "20240305-2.jpg": _photo(121, day, size=2_200_000)},
    )
    practice = "Ⅱ-4 文明实践活动"
    _good(root, practice, dt.date(2023, 6, 1), "文明实践活动", seed=130)
    # Fault: 2024 has no practice activity (per year over the period).
    # Fault: a GIF photo (the rubric accepts JPG and PNG).
    day = dt.date(2023, 7, 1)
    gif = io.BytesIO()
    Image.new("RGB", (120, 90), (10, 200, 30)).save(gif, "GIF")
    _activity(
        root,
        practice,
        day,
        "文明交通劝导",
        {"20230701-1.jpg": _photo(140, day), "20230701-2.gif": gif.getvalue() + b"\0" * 12_000},
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("third") / "evidence"
    res = runner.invoke(app, ["init", str(root), "--rubric", str(RUBRIC), "--name", "临江市测试局"])
    assert res.exit_code == 0, res.output
    (root / "unit.yaml").write_text(_plan_yaml(), encoding="utf-8")
    build_tree(root)
    return root


def run_json(*args: str) -> dict:
    res = runner.invoke(app, [*args, "--format", "json"])
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.stdout)


def test_validate_and_init_use_the_ids_as_printed(tree: Path) -> None:
    res = runner.invoke(app, ["rubric", "validate", str(RUBRIC), "--strict"])
    assert res.exit_code == 0, res.output
    folders = sorted(p.name for p in tree.iterdir() if p.is_dir())
    assert folders == ["Ⅰ-1 理论学习", "Ⅰ-2 培训与志愿服务", "Ⅱ-3 公益广告", "Ⅱ-4 文明实践活动", "加分"]
    text = (tree / "Ⅰ-1 理论学习" / "00-收集要求.txt").read_text(encoding="utf-8-sig")
    for words in ("测评周期内", "每季度至少 1 份", "照片格式：JPG/PNG", "小于2MiB", "2—6 张照片", "含文号的 PDF"):
        assert words in text, words
    assert "1—3" not in text and "红头" not in text and "2021" not in text


def test_check_reports_one_finding_per_broken_rule(tree: Path) -> None:
    data = run_json("check", str(tree), "--as-of", AS_OF)
    got = sorted(
        (f["code"], f["subject"], f.get("period") or "", (f.get("path") or "").split("/")[-1])
        for f in data["findings"]
        if f["severity"] in ("error", "warning")
    )
    assert got == EXPECTED, got


EXPECTED = [
    ("CAPTION-CLAUSE-FOREIGN", "Ⅰ-1", "", "活动说明.txt"),
    ("COVERAGE-PERIOD", "Ⅰ-1.1", "2023Q2", ""),  # quarterly, in every quarter of both years
    ("COVERAGE-PERIOD", "Ⅰ-1.2", "2023", ""),  # per: year
    ("COVERAGE-PERIOD", "Ⅱ-4.1", "2024", ""),
    ("COVERAGE-SHORT", "Ⅰ-2.2", "", ""),  # 甲类 needs 2
    ("FILE-NAME", "Ⅰ-1", "", "现场.jpg"),
    ("PDF-DOCUMENT-NUMBER", "Ⅰ-1", "", "2024-01-05 年度学习计划.pdf"),
    ("PHOTO-COUNT", "Ⅰ-1.1", "", "2024-11-20 理论学习扩大会"),  # charged to the clause its 条款 names
    ("PHOTO-EXIF-MISSING", "Ⅰ-1", "", "2024-08-20-2.png"),
    ("PHOTO-EXIF-MISSING", "Ⅱ-4", "", "20230701-2.gif"),
    ("PHOTO-FORMAT", "Ⅱ-4", "", "20230701-2.gif"),
    ("PHOTO-SIZE", "Ⅰ-2", "", "20240305-2.jpg"),
    ("TARGET-UNMET", "Ⅰ-2.2", "", ""),
]


def test_messages_print_units_as_the_rubric_wrote_them(tree: Path) -> None:
    found = {f["code"]: f for f in run_json("check", str(tree), "--as-of", AS_OF)["findings"]}
    assert "小于2MiB" in found["PHOTO-SIZE"]["message"] and "M/" not in found["PHOTO-SIZE"]["message"]
    assert "JPG/PNG" in found["PHOTO-FORMAT"]["message"] and "GIF" in found["PHOTO-FORMAT"]["message"]
    assert found["TARGET-UNMET"]["expected"] == "≥90%" and "还需 6 人" in found["TARGET-UNMET"]["message"]
    assert "2023年第二季度" in next(
        f["message"] for f in run_json("check", str(tree), "--as-of", AS_OF)["findings"] if f.get("period") == "2023Q2"
    )
    fixes = " ".join(f.get("fix") or "" for f in found.values())
    assert "1—3" not in fixes and "红头页" not in fixes and ".docx）" not in fixes


def test_score_applies_on_site_deduction_and_waits_for_the_undecided_veto(tree: Path) -> None:
    card = run_json("score", str(tree), "--as-of", AS_OF)
    points = {c["clause"]: (c["status"], c["points"]) for cat in card["categories"] for c in cat["clauses"]}
    assert points == {
        "Ⅰ-1.1": ("partly", "1"),  # 2023Q2 missing
        "Ⅰ-1.2": ("partly", "0.5"),  # 2023 missing
        "Ⅰ-2.1": ("met", "1.5"),  # 22.5 小时 ≥ 20 小时; the photo problem next door is not its own
        "Ⅰ-2.2": ("partly", "0.75"),
        "Ⅱ-3.1": ("not_decidable", "0.5"),  # 2 − 3 × 0.5 counted on site
        "Ⅱ-4.1": ("partly", "1"),
    }
    deduction = next(c for cat in card["categories"] for c in cat["clauses"] if c["clause"] == "Ⅱ-3.1")
    assert deduction["basis"] == "on_site" and "3处问题 × 0.5分" in deduction["explanation"]
    targets = {t["target"]: t for t in card["targets"]}
    assert (targets["training_hours"]["actual"], targets["training_hours"]["unit"]) == ("22.5", "小时")
    assert card["total"] == "5.25"
    v = card["verdict"]
    assert v["eligible"] is True and v["reached"] is None and v["next_title"]["id"] == "civilized_unit"
    assert v["veto_undecided"] == ["领导班子成员发生严重违纪违法行为"]
    assert "尚未确认" in v["message"] and "还差0.75分" in v["message"]
    assert [(x["id"], x["status"]) for x in card["vetoes"]] == [("safety", "passed"), ("discipline", "undecided")]
    shown = runner.invoke(app, ["score", str(tree), "--as-of", AS_OF, "--format", "plain"]).stdout
    assert "一票否决项：领导班子成员发生严重违纪违法行为——尚未确认" in shown


def test_a_failed_veto_disqualifies_whatever_the_points(tree: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "evidence"
    shutil.copytree(tree, copy)
    vetoes = {"safety": {"status": "failed", "note": "2024年6月发生较大事故"}, "discipline": {"status": "passed"}}
    (copy / "unit.yaml").write_text(_plan_yaml({"vetoes": vetoes}), encoding="utf-8")
    v = run_json("score", str(copy), "--as-of", AS_OF)["verdict"]
    assert v["eligible"] is False and v["veto_failed"] == ["发生重大安全生产责任事故"]
    assert "不具备评选资格" in v["message"] and v["veto_undecided"] == []


def test_gaps_list_the_undecided_veto(tree: Path) -> None:
    gaps = run_json("gaps", str(tree), "--as-of", AS_OF)["gaps"]
    veto = [g for g in gaps if g["kind"] == "veto"]
    assert [(g["subject"], g["severity"], g["title"]) for g in veto] == [
        ("discipline", "warning", "领导班子成员发生严重违纪违法行为")
    ]
    clauses = {g["subject"] for g in gaps if g["kind"] == "clause"}
    assert clauses == {"Ⅰ-1.1", "Ⅰ-1.2", "Ⅰ-2.2", "Ⅱ-3.1", "Ⅱ-4.1"}
    assert not any("第否决" in g["ref"] for g in gaps)


@pytest.mark.parametrize("name", ["自查报告.xlsx", "自查报告.docx", "自查报告.md"])
def test_report_in_every_format(tree: Path, tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    res = runner.invoke(app, ["report", str(tree), "--as-of", AS_OF, "-o", str(out)])
    assert res.exit_code in (0, 1), res.output
    assert out.stat().st_size > 0
    if name.endswith(".md"):
        text = out.read_text(encoding="utf-8-sig")
        assert "第Ⅱ-3条第1项" in text and "第否决" not in text and "5.25" in text


@pytest.mark.parametrize("other", ["yiyang-2021", "yueyang-2022"])
def test_diff_against_both_seed_rubrics_shows_period_vetoes_and_rules(other: str) -> None:
    res = runner.invoke(app, ["diff", other, str(RUBRIC), "--format", "json"])
    assert res.exit_code == 1, res.output  # they differ
    data = json.loads(res.stdout)
    changes = {c["field"]: (c["a"], c["b"]) for c in data["rubric_changes"]}
    assert changes["vetoes"] == ("无", "发生重大安全生产责任事故；领导班子成员发生严重违纪违法行为")
    assert changes["period"][1] == "2023年1月1日至2024年12月31日（2023-01-01 至 2024-12-31）"
    assert changes["scoring"] == ("0", "1")
    text = runner.invoke(app, ["diff", other, str(RUBRIC), "--format", "markdown"]).stdout
    assert "| 一票否决项 |" in text and "| 测评周期 |" in text


def test_rubric_show_prints_scoring_period_vetoes_thresholds_and_rules() -> None:
    for fmt in ("plain", "markdown"):
        text = runner.invoke(app, ["rubric", "show", str(RUBRIC), "--format", fmt]).stdout
        for words in (
            "测评周期：2023年1月1日至2024年12月31日",
            "扣分制计分项：Ⅱ-3.1（每处扣0.5分，扣完为止）",
            "一票否决项：发生重大安全生产责任事故；领导班子成员发生严重违纪违法行为",
            "分数线（含加分）：文明单位 6 分；文明标兵单位 9 分",
            "照片格式：JPG/PNG",
            "小于2MiB",
            "文件命名：照片文件名以拍摄日期开头",
        ):
            assert words in text, (fmt, words)


def test_material_vocabulary_is_closed(tmp_path: Path) -> None:
    text = RUBRIC.read_text(encoding="utf-8")
    for bad, word in (("unit: MiB}}", "unit: XB}}"), ("formats: [JPG, PNG]", "formats: [JPG, DOC]")):
        broken = tmp_path / "broken.yaml"
        broken.write_text(text.replace(bad, word, 1), encoding="utf-8")
        res = runner.invoke(app, ["rubric", "validate", str(broken)])
        assert res.exit_code == 1, res.output
        assert "XB" in res.output or "DOC" in res.output


def test_unit_plan_answers_are_validated(tmp_path: Path) -> None:
    plan = tmp_path / "unit.yaml"
    bad = {"vetoes": {"fire": {"status": "passed"}}, "shortfalls": {"Ⅰ-1.1": {"count": 1}}}
    plan.write_text(_plan_yaml(bad), encoding="utf-8")
    res = runner.invoke(app, ["rubric", "validate", str(plan)])
    assert res.exit_code == 1
    assert "一票否决项“fire”" in res.output and "不是扣分制" in res.output


def test_measures_are_asked_only_where_the_rubric_says(tmp_path: Path) -> None:
    """A rubric whose stock-measures rule holds only for 需提供举措的说明报告 leaves other reports alone."""
    text = RUBRIC.read_text(encoding="utf-8").replace(
        "    source: 第四部分第2条\n",
        "    source: 第四部分第2条\n  report: {min_measures: 3, measures_scope: measures_reports}\n",
    )
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text(text, encoding="utf-8")
    root = tmp_path / "evidence"
    write(root / "unit.yaml", _plan_yaml().replace(str(RUBRIC), str(rubric)))
    write(root / "Ⅰ-2 培训与志愿服务" / "说明报告" / "2024-12-01 培训情况.txt", "一、培训情况\n全年人均培训22.5小时。\n")
    codes = {f["code"] for f in run_json("check", str(root), "--as-of", AS_OF)["findings"]}
    assert "REPORT-MEASURES" not in codes
    marked = tmp_path / "marked.yaml"  # a new file: loaded rubrics are cached by path
    marked.write_text(text.replace("quote: 人均培训学时}]", "quote: 人均培训学时, measures_report: true}]"), encoding="utf-8")
    write(root / "unit.yaml", _plan_yaml().replace(str(RUBRIC), str(marked)))
    codes = {f["code"] for f in run_json("check", str(root), "--as-of", AS_OF)["findings"]}
    assert "REPORT-MEASURES" in codes


def test_document_rules_run_only_where_a_rubric_declares_them(tmp_path: Path) -> None:
    """Yueyang publishes no document rules: a photographed document there is no DOCUMENT-FORMAT."""
    root = tmp_path / "evidence"
    write(root / "(3) 意识形态" / "正式发文" / "2022-03-01 通知.jpg", _photo(7, dt.date(2022, 3, 1)))
    found = run_json("check", str(root), "--rubric", "yueyang-2022", "--as-of", "2022-12-31")["findings"]
    assert not [f for f in found if f["code"] == "DOCUMENT-FORMAT"]
    yiyang = tmp_path / "yiyang"
    write(yiyang / "3 意识形态" / "正式发文" / "2021-03-01 通知.jpg", _photo(7, dt.date(2021, 3, 1)))
    found = run_json("check", str(yiyang), "--rubric", "yiyang-2021", "--as-of", "2021-12-31")["findings"]
    doc = next(f for f in found if f["code"] == "DOCUMENT-FORMAT")
    assert "含红头页、盖章页和文号的 PDF" in doc["message"] and "小于2M" in doc["message"]
