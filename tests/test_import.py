"""`wenming import`: placements on small generated dumps, --apply, and what must never happen."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from evidence_factory import jpeg_bytes, picture
from PIL import Image, ImageFilter
from typer.testing import CliRunner

from wenming_cli.cli.app import app
from wenming_cli.evidence import layout
from wenming_cli.importer import dates
from wenming_cli.importer import plan as plan_io
from wenming_cli.importer.apply import apply
from wenming_cli.importer.propose import Options, propose
from wenming_cli.rubric import registry

ROOT = Path(__file__).resolve().parents[1]
UNIT_YAML = ROOT / "examples" / "yiyang-party-school" / "unit.yaml"
runner = CliRunner()


def at(day: str, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, minute=minute)


def put(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def evidence_folder(tmp_path: Path) -> Path:
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    shutil.copy(UNIT_YAML, evidence / "unit.yaml")
    return evidence


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def small_dump(tmp_path: Path) -> Path:
    """Two departments, two obvious activities, a report and junk."""
    dump = tmp_path / "各部门材料"
    folder = dump / "行政科" / "5月垃圾分类宣传"
    put(folder / "IMG_20210512_093011.jpg", jpeg_bytes(1, size=None, taken=at("2021-05-12", 9, 30)))
    put(folder / "IMG_20210512_094500.jpg", jpeg_bytes(2, size=None, taken=at("2021-05-12", 9, 45)))
    put(folder / "垃圾分类工作情况说明.docx", _docx("垃圾分类工作情况说明", "开展垃圾分类知识宣传。"))
    volunteer = dump / "人事科" / "2021-03-05 学雷锋志愿服务进社区"
    put(volunteer / "微信图片_20210305093011.jpg", jpeg_bytes(3, size=None))
    put(volunteer / "微信图片_20210305094011.jpg", jpeg_bytes(4, size=None))
    put(dump / "行政科" / "Thumbs.db", b"\x00\x01junk")
    put(dump / "人事科" / ".DS_Store", b"\x00\x00\x00\x01Bud1")
    put(dump / "人事科" / "desktop.ini", b"[.ShellClassInfo]")
    put(dump / "人事科" / "新建文本文档.txt", b"")
    return dump


def _docx(title: str, body: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    document.add_paragraph(body)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_plan(dump: Path, evidence: Path, **options) -> plan_io.ImportPlan:
    unit, rubric, _ = registry.load_unit_plan(evidence / "unit.yaml")
    return propose(dump, evidence, rubric, unit.rubric, unit, Options(**options))


def rows_by_name(plan: plan_io.ImportPlan) -> dict[str, plan_io.PlanRow]:
    return {Path(r.member or r.source).name: r for r in plan.rows}


# -- facts ----------------------------------------------------------------------------------------


def test_capture_time_from_phone_and_chat_app_names() -> None:
    assert dates.from_name("微信图片_20210512093011.jpg")[0] == dt.datetime(2021, 5, 12, 9, 30, 11)
    assert dates.from_name("IMG_20210512_093011.jpg")[0] == dt.datetime(2021, 5, 12, 9, 30, 11)
    assert dates.from_name("Screenshot_2021-05-12-09-30-11.png")[0] == dt.datetime(2021, 5, 12, 9, 30, 11)
    # 1620783011000 ms is 2021-05-12 01:30:11 UTC: 09:30:11 in China (UTC+8).
    assert dates.from_name("mmexport1620783011000.jpg")[0] == dt.datetime(2021, 5, 12, 9, 30, 11)
    assert dates.from_name("DSC01234.JPG") == (None, None)
    assert dates.day_from_text("5月12日党日活动", 2021) == dt.date(2021, 5, 12)
    assert dates.day_from_text("5月党日活动", 2021) is None


def test_a_month_folder_is_not_a_standard_number() -> None:
    assert layout.subject_of("3月内部治安巡查") is None
    assert layout.subject_of("10月1日国庆") is None
    assert layout.subject_of("3 意识形态工作") == "3"


# -- the plan ---------------------------------------------------------------------------------------


def test_obvious_placements(tmp_path: Path) -> None:
    plan = make_plan(small_dump(tmp_path), evidence_folder(tmp_path))
    rows = rows_by_name(plan)
    photo = rows["IMG_20210512_093011.jpg"]
    assert (photo.kind, photo.subject, photo.activity, photo.accept) == (
        "photo",
        "a3-3.4",
        "2021-05-12 垃圾分类宣传",
        True,
    )
    assert rows["IMG_20210512_094500.jpg"].activity == photo.activity
    report = rows["垃圾分类工作情况说明.docx"]
    assert (report.kind, report.subject, report.accept) == ("report", "a3-3.4", True)
    chat = rows["微信图片_20210305093011.jpg"]
    assert (chat.subject, chat.activity, chat.accept) == ("22", "2021-03-05 学雷锋志愿服务进社区", True)
    assert "文件名中的拍摄时间" in chat.reason
    assert "人事科" in chat.reason  # the department folder narrowed the candidates


def test_junk_is_skipped_with_a_reason(tmp_path: Path) -> None:
    dump = small_dump(tmp_path)
    with zipfile.ZipFile(dump / "行政科" / "mac.zip", "w") as archive:
        archive.writestr("垃圾分类/IMG_20210601_100000.jpg", jpeg_bytes(9, size=None))
        archive.writestr("__MACOSX/垃圾分类/._IMG_20210601_100000.jpg", b"\x00\x05\x16\x07")
    rows = rows_by_name(make_plan(dump, evidence_folder(tmp_path)))
    for junk in ("Thumbs.db", ".DS_Store", "desktop.ini", "新建文本文档.txt", "._IMG_20210601_100000.jpg"):
        assert rows[junk].kind == "skip" and not rows[junk].accept, junk
        assert rows[junk].reason
    assert "0 字节" in rows["新建文本文档.txt"].reason
    assert rows["IMG_20210601_100000.jpg"].kind == "photo"


def test_a_photo_already_in_the_evidence_folder_is_skipped_naming_the_copy(tmp_path: Path) -> None:
    dump = small_dump(tmp_path)
    evidence = evidence_folder(tmp_path)
    original = Image.open(io.BytesIO(jpeg_bytes(1, size=None))).convert("RGB")
    reencoded = io.BytesIO()
    original.resize((original.width // 2, original.height // 2)).save(reencoded, "JPEG", quality=70)
    filed = put(evidence / "a3-3.4 垃圾分类" / "2021-05-12 垃圾分类" / "1.jpg", reencoded.getvalue())
    rows = rows_by_name(make_plan(dump, evidence))
    skipped = rows["IMG_20210512_093011.jpg"]
    assert skipped.kind == "skip" and not skipped.accept
    assert filed.relative_to(evidence).as_posix() in skipped.reason
    assert rows["IMG_20210512_094500.jpg"].kind == "photo"  # a different photo of that day


def test_photos_apart_longer_than_the_gap_are_two_activities(tmp_path: Path) -> None:
    dump = tmp_path / "dump"
    folder = dump / "行政科" / "垃圾分类"
    for i, hour in enumerate((9, 9, 15, 15)):
        name = f"IMG_20210512_{hour:02d}{i:02d}00.jpg"
        put(folder / name, jpeg_bytes(10 + i, size=None, taken=at("2021-05-12", hour, i)))
    evidence = evidence_folder(tmp_path)
    activities = {r.activity for r in make_plan(dump, evidence).rows if r.kind == "photo"}
    assert len(activities) == 2
    one = {r.activity for r in make_plan(dump, evidence, gap=dt.timedelta(hours=7)).rows if r.kind == "photo"}
    assert len(one) == 1


def test_undated_photo_joins_its_neighbours_activity_and_heic_png_are_photos(tmp_path: Path) -> None:
    import pillow_heif  # a base dependency: missing is a failure
    pillow_heif.register_heif_opener()
    folder = tmp_path / "dump" / "图书馆" / "世界读书日全民阅读"
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "2021:04:23 10:00:00"
    heic = io.BytesIO()
    picture(21, (128, 96)).save(heic, "HEIF", exif=exif.tobytes())
    put(folder / "IMG_4001.HEIC", heic.getvalue())
    png = io.BytesIO()
    picture(22, (128, 96)).save(png, "PNG", exif=exif.tobytes())
    put(folder / "IMG_4002.png", png.getvalue())
    put(folder / "DSC04003.JPG", jpeg_bytes(23, size=None))  # no EXIF, no date in its name
    rows = rows_by_name(make_plan(tmp_path / "dump", evidence_folder(tmp_path)))
    assert rows["IMG_4001.HEIC"].captured == dt.datetime(2021, 4, 23, 10, 0)
    assert rows["IMG_4001.HEIC"].new_name.endswith(".heic")
    assert "photo fit" in rows["IMG_4001.HEIC"].reason  # Yiyang asks for JPG
    assert rows["IMG_4002.png"].new_name.endswith(".png")
    assert {rows[n].activity for n in rows} == {"2021-04-23 世界读书日全民阅读"}
    assert "相邻" in rows["DSC04003.JPG"].reason
    assert all(rows[n].subject == "24" for n in rows)


def test_more_photos_than_the_rubric_allows_keeps_the_sharpest_and_lists_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "dump" / "行政科" / "2021-05-12 垃圾分类宣传"
    for i in range(5):
        img = picture(30 + i, (192, 144))
        if i == 0:
            img = img.filter(ImageFilter.GaussianBlur(6))  # the blurred one must not be kept
        out = io.BytesIO()
        img.save(out, "JPEG", quality=90)
        put(folder / f"IMG_20210512_09{i:02d}00.jpg", out.getvalue())
    rows = [r for r in make_plan(tmp_path / "dump", evidence_folder(tmp_path)).rows if r.kind == "photo"]
    kept = [r for r in rows if r.accept]
    surplus = [r for r in rows if r.surplus]
    assert len(kept) == 3 and len(surplus) == 2  # Yiyang: 1–3 photos per activity
    assert "IMG_20210512_090000.jpg" in {Path(r.source).name for r in surplus}
    assert sorted(r.new_name for r in kept) == ["1.jpg", "2.jpg", "3.jpg"]
    assert all("超过 3 张" in r.reason for r in surplus)


def test_gbk_zip_names_are_read_and_copied_from_the_zip(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from import_dump import GbkInfo

    dump = tmp_path / "dump"
    dump.mkdir()
    with zipfile.ZipFile(dump / "行政科.zip", "w") as archive:
        for i in range(2):
            data = jpeg_bytes(40 + i, size=None, taken=at("2021-06-05", 10, i))
            archive.writestr(GbkInfo(f"行政科/6月垃圾分类宣传/照片{i + 1}.jpg"), data)
    raw = zipfile.ZipFile(dump / "行政科.zip").infolist()[0]
    assert not raw.flag_bits & 0x800  # really written as Windows does: GBK, no UTF-8 flag
    evidence = evidence_folder(tmp_path)
    plan = make_plan(dump, evidence)
    rows = rows_by_name(plan)
    assert set(rows) == {"照片1.jpg", "照片2.jpg"}
    assert rows["照片1.jpg"].member == "行政科/6月垃圾分类宣传/照片1.jpg"
    assert rows["照片1.jpg"].subject == "a3-3.4" and rows["照片1.jpg"].accept
    report = apply(plan, *_rubric_and_unit(evidence))
    assert len(report.copied) == 2
    assert (evidence / "a3-3.4 垃圾分类" / "2021-06-05 垃圾分类宣传" / "1.jpg").is_file()


def _rubric_and_unit(evidence: Path):
    unit, rubric, _ = registry.load_unit_plan(evidence / "unit.yaml")
    return rubric, unit


# -- apply ------------------------------------------------------------------------------------------


def test_apply_copies_drafts_captions_and_check_reads_the_result(tmp_path: Path) -> None:
    dump = small_dump(tmp_path)
    evidence = evidence_folder(tmp_path)
    before = tree_hash(dump)
    plan_csv = tmp_path / "plan.csv"
    result = runner.invoke(
        app, ["import", str(dump), str(evidence), "-o", str(plan_csv), "--format", "plain"]
    )
    assert result.exit_code == 0, result.output
    assert plan_csv.read_bytes().startswith(b"\xef\xbb\xbf")
    assert tree_hash(evidence) == tree_hash(evidence)  # nothing written yet besides the plan
    assert not any(p.is_dir() and layout.subject_of(p.name) for p in evidence.iterdir())
    result = runner.invoke(app, ["import", "--apply", str(plan_csv), "--format", "plain"])
    assert result.exit_code == 0, result.output
    photo = evidence / "a3-3.4 垃圾分类" / "2021-05-12 垃圾分类宣传" / "1.jpg"
    assert (
        photo.read_bytes() == (dump / "行政科" / "5月垃圾分类宣传" / "IMG_20210512_093011.jpg").read_bytes()
    )
    assert (evidence / "a3-3.4 垃圾分类" / "说明报告" / "垃圾分类工作情况说明.docx").is_file()
    assert tree_hash(dump) == before  # the source is never changed
    check = runner.invoke(app, ["check", str(evidence), "--format", "json", "--as-of", "2021-07-10"])
    codes = [f["code"] for f in __import__("json").loads(check.stdout)["findings"]]
    assert not [c for c in codes if c.startswith("FOLDER-")]
    assert "CAPTION-FIELD" in codes  # the drafted 待填写 fields are reported missing
    assert "CAPTION-MISSING" not in codes and "CAPTION-TITLE" not in codes


def test_drafted_caption_carries_date_unit_and_title_format(tmp_path: Path) -> None:
    dump = small_dump(tmp_path)
    evidence = evidence_folder(tmp_path)
    apply(make_plan(dump, evidence), *_rubric_and_unit(evidence))
    raw = (evidence / "a3-3.4 垃圾分类" / "2021-05-12 垃圾分类宣传" / "活动说明.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    text = raw.decode("utf-8-sig")
    assert "时间：2021年5月12日" in text
    assert "主办单位：中共益阳市委党校" in text
    assert "主题：益阳市2021年市委党校垃圾分类宣传" in text  # 益阳市2021年 + 单位名称 + 活动名称
    assert "地点：待填写" in text and "参加人员：待填写" in text
    assert "服务对象" not in text  # not a volunteer activity
    volunteer = evidence / "22 学雷锋志愿服务" / "2021-03-05 学雷锋志愿服务进社区" / "活动说明.txt"
    assert "服务对象：待填写" in volunteer.read_bytes().decode("utf-8-sig")


def test_a_second_apply_overwrites_nothing(tmp_path: Path) -> None:
    dump = small_dump(tmp_path)
    evidence = evidence_folder(tmp_path)
    plan = make_plan(dump, evidence)
    first = apply(plan, *_rubric_and_unit(evidence))
    caption = evidence / "a3-3.4 垃圾分类" / "2021-05-12 垃圾分类宣传" / "活动说明.txt"
    caption.write_text("时间：2021年5月12日\n地点：党校南门\n", encoding="utf-8")  # the clerk's edit
    filed = tree_hash(evidence)
    second = apply(plan, *_rubric_and_unit(evidence))
    assert first.copied and not second.copied and not second.captions
    assert len(second.refused) == len(first.copied)
    assert all("未覆盖" in r.reason for r in second.refused)
    assert tree_hash(evidence) == filed


def test_the_clerks_edits_in_excel_are_applied(tmp_path: Path) -> None:
    """Excel on Chinese Windows saves CSV as GBK; an unplaced row given a standard is placed."""
    dump = tmp_path / "dump"
    put(dump / "人事科" / "微信图片_20210601093011.jpg", jpeg_bytes(50, size=None))
    evidence = evidence_folder(tmp_path)
    plan = make_plan(dump, evidence)
    (row,) = plan.rows
    assert row.subject is None and not row.accept  # nothing says what it is: listed, never guessed
    text = plan_io.to_csv(plan).decode("utf-8-sig")
    lines = text.split("\r\n")
    cells = lines[2].split(",")
    header = lines[1].split(",")
    cells[header.index("标准或任务")] = "43"
    cells[header.index("活动文件夹")] = "2021-06-01 慰问困难职工"
    cells[header.index("采用")] = "是"
    lines[2] = ",".join(cells)
    edited = tmp_path / "edited.csv"
    edited.write_bytes("\r\n".join(lines).encode("gb18030"))
    result = runner.invoke(app, ["import", "--apply", str(edited), "--format", "plain"])
    assert result.exit_code == 0, result.output
    folder = evidence / "43 关爱帮扶职工" / "2021-06-01 慰问困难职工"
    assert (folder / "1.jpg").is_file()
    assert "主题：益阳市2021年市委党校慰问困难职工" in (folder / "活动说明.txt").read_bytes().decode(
        "utf-8-sig"
    )


# -- usage ------------------------------------------------------------------------------------------


def flat(output: str) -> str:
    return "".join(output.split())  # the console wraps long messages


def test_usage_errors_exit_2_with_a_chinese_message(tmp_path: Path) -> None:
    evidence = evidence_folder(tmp_path)
    missing = runner.invoke(app, ["import", str(tmp_path / "nope"), str(evidence)])
    assert missing.exit_code == 2 and "不存在" in flat(missing.output)
    dump = small_dump(tmp_path)
    inside = runner.invoke(app, ["import", str(dump), str(evidence), "-o", str(evidence / "p.csv")])
    assert inside.exit_code == 2 and "不能写在" in flat(inside.output)
    plan_csv = tmp_path / "p.csv"
    assert runner.invoke(app, ["import", str(dump), str(evidence), "-o", str(plan_csv)]).exit_code == 0
    again = runner.invoke(app, ["import", str(dump), str(evidence), "-o", str(plan_csv)])
    assert again.exit_code == 2 and "--force" in flat(again.output)
    unknown = runner.invoke(
        app, ["import", str(dump), str(evidence), "-o", str(tmp_path / "q.csv"), "-d", "宣传部"]
    )
    assert unknown.exit_code == 2 and "办公室" in flat(unknown.output)
    bad = tmp_path / "bad.csv"
    bad.write_text("序号,来源\n1,a.jpg\n", encoding="utf-8")
    broken = runner.invoke(app, ["import", "--apply", str(bad)])
    assert broken.exit_code == 2 and "第1行" in flat(broken.output)
    both = runner.invoke(app, ["import", str(dump), "--apply", str(plan_csv)])
    assert both.exit_code == 2


# -- measured ---------------------------------------------------------------------------------------


def test_generated_dump_meets_the_measured_targets(tmp_path: Path) -> None:
    """A smaller run of benchmarks/import_measure.py: the issue's three targets on one generated dump."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from import_dump import build
    from import_measure import score

    dump = build(tmp_path, seed=5, rounds=1)
    plan = make_plan(tmp_path / "dump", tmp_path / "evidence")
    result = score(plan, dump.truth)
    assert result["files"] >= 150
    assert result["wrong_accepted"] == 0, result["wrong_rows"]
    assert result["correct"] / result["files"] >= 0.8
    assert result["grouped"] / result["photos"] >= 0.9
    assert result["junk_ok"] == result["junk"]


def test_a_caption_beside_the_photos_becomes_the_activitys_caption(tmp_path: Path) -> None:
    folder = tmp_path / "dump" / "工会" / "新建文件夹"
    put(folder / "微信图片_20210512093011.jpg", jpeg_bytes(60, size=None))
    put(folder / "微信图片_20210512094011.jpg", jpeg_bytes(61, size=None))
    put(folder / "微信图片_20210512160000.jpg", jpeg_bytes(62, size=None))  # another activity that afternoon
    caption = "时间：2021年5月12日\n地点：党校操场\n主题：职工文体活动趣味运动会\n参加人员：全体教职工\n"
    put(folder / "说明.txt", caption.encode("gbk"))  # written in Notepad on Chinese Windows
    put(folder / "工作总结.rar", b"Rar!\x1a\x07\x00" + bytes(20))
    put(folder / "女职工活动总结.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    evidence = evidence_folder(tmp_path)
    plan = make_plan(tmp_path / "dump", evidence)
    captions = [r for r in plan.rows if r.kind == "caption"]
    assert len(captions) == 1  # one source file, one row: the morning activity it describes
    morning = {r.activity for r in plan.rows if r.kind == "photo" and r.captured.hour < 12}
    assert {captions[0].activity} == morning
    assert captions[0].activity == "2021-05-12 职工文体活动趣味运动会"  # titled by the caption's 主题
    rows = rows_by_name(plan)
    assert rows["工作总结.rar"].kind == "skip" and "解压" in rows["工作总结.rar"].reason
    assert rows["女职工活动总结.doc"].kind == "report" and ".docx" in rows["女职工活动总结.doc"].reason
    accepted = plan.model_copy(
        update={
            "rows": tuple(r.model_copy(update={"accept": r.kind in ("photo", "caption")}) for r in plan.rows)
        }
    )
    apply(accepted, *_rubric_and_unit(evidence))
    (filed,) = evidence.rglob("2021-05-12 职工文体活动趣味运动会/活动说明.txt")
    assert filed.read_bytes() == caption.encode("gbk")  # the clerk's own caption, copied as it was


def test_a_folder_month_that_disagrees_with_the_photos_is_pointed_out(tmp_path: Path) -> None:
    folder = tmp_path / "dump" / "人事科" / "3月学雷锋志愿服务"
    put(folder / "微信图片_20210512093011.jpg", jpeg_bytes(70, size=None))
    (row,) = make_plan(tmp_path / "dump", evidence_folder(tmp_path)).rows
    assert row.activity == "2021-05-12 学雷锋志愿服务"  # the photos' date wins, the clerk is told
    assert "3月" in row.reason and "5月12日" in row.reason


def test_a_zip_as_source_and_a_rubric_without_caption_rules(tmp_path: Path) -> None:
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    shutil.copy(ROOT / "examples" / "yueyang-port-office" / "unit.yaml", evidence / "unit.yaml")
    source = tmp_path / "学雷锋.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("学雷锋志愿服务/IMG_20230305_090000.jpg", jpeg_bytes(80, size=None))
        archive.writestr("学雷锋志愿服务/IMG_20230305_091000.jpg", jpeg_bytes(81, size=None))
    before = source.read_bytes()
    plan = make_plan(source, evidence)
    assert {(r.subject, r.activity, r.accept) for r in plan.rows} == {
        ("16", "2023-03-05 学雷锋志愿服务", True)
    }
    report = apply(plan, *_rubric_and_unit(evidence))
    assert len(report.copied) == 2 and source.read_bytes() == before
    text = (evidence / "16 学雷锋志愿服务" / "2023-03-05 学雷锋志愿服务" / "活动说明.txt").read_bytes()
    # Yueyang declares no caption fields or title format: only what the scanner reads.
    assert text.decode("utf-8-sig").splitlines()[:2] == ["时间：2023年3月5日", "主题：学雷锋志愿服务"]


def test_odd_inputs_become_rows_not_crashes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large video is hashed in chunks, a damaged zip member and a FIFO are skipped with a reason."""
    from wenming_cli.importer import facts

    monkeypatch.setattr(facts, "WHOLE_LIMIT", 1000)
    dump = tmp_path / "dump"
    video = put(
        dump / "行政科" / "垃圾分类宣传" / "VID_20210512_100000.mp4",
        b"\x00\x00\x00\x18ftypmp42" + bytes(5000),
    )
    good = jpeg_bytes(90, size=None)
    with zipfile.ZipFile(dump / "行政科" / "坏.zip", "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("a.jpg", good)
    damaged = (dump / "行政科" / "坏.zip").read_bytes().replace(good[200:260], bytes(60), 1)
    (dump / "行政科" / "坏.zip").write_bytes(damaged)
    if hasattr(os, "mkfifo"):
        os.mkfifo(dump / "行政科" / "管道.jpg")
    rows = rows_by_name(make_plan(dump, evidence_folder(tmp_path)))
    assert rows["VID_20210512_100000.mp4"].sha256 == hashlib.sha256(video.read_bytes()).hexdigest()
    assert rows["VID_20210512_100000.mp4"].kind == "other"
    assert rows["a.jpg"].kind == "skip" and "损坏" in rows["a.jpg"].reason
    if hasattr(os, "mkfifo"):
        assert rows["管道.jpg"].kind == "skip" and "不是普通文件" in rows["管道.jpg"].reason


def test_every_format_renders_the_plan(tmp_path: Path) -> None:
    dump = small_dump(tmp_path)
    evidence = evidence_folder(tmp_path)
    for n, fmt in enumerate(("rich", "plain", "markdown", "json")):
        result = runner.invoke(
            app, ["import", str(dump), str(evidence), "-o", str(tmp_path / f"{n}.csv"), "-f", fmt]
        )
        assert result.exit_code == 0, result.output
        if fmt == "json":
            data = __import__("json").loads(result.stdout)
            assert {r["subject"] for r in data["rows"] if r["accept"]} == {"a3-3.4", "22"}
        elif fmt == "rich":
            assert "照片×2" in result.stdout  # one line per activity on the terminal
        else:
            assert "IMG_20210512_093011.jpg" in result.stdout  # one row per file


def test_photos_outside_the_assessment_period_and_forwarded_copies_are_not_proposed(tmp_path: Path) -> None:
    dump = tmp_path / "dump"
    old = put(dump / "行政科" / "垃圾分类宣传" / "IMG_20200512_093011.jpg", jpeg_bytes(95, size=None))
    put(dump / "行政科" / "垃圾分类宣传" / "IMG_20210512_093011.jpg", jpeg_bytes(96, size=None))
    forwarded = Image.open(io.BytesIO(jpeg_bytes(96, size=None))).convert("RGB")
    smaller = io.BytesIO()
    forwarded.resize((64, 48)).save(smaller, "JPEG", quality=60)  # the same photo, sent through a chat app
    put(dump / "办公室" / "微信图片_20210512100000.jpg", smaller.getvalue())
    rows = rows_by_name(make_plan(dump, evidence_folder(tmp_path)))
    assert not rows[old.name].accept and "不在测评期" in rows[old.name].reason  # Yiyang 2021: 2021 only
    assert rows["IMG_20210512_093011.jpg"].accept
    copy = rows["微信图片_20210512100000.jpg"]
    assert copy.kind == "skip" and "IMG_20210512_093011.jpg" in copy.reason


def test_a_cropped_copy_already_filed_is_recognised_by_checks_rule(tmp_path: Path) -> None:
    from scene_factory import crop, encode, shot

    original = shot(3, 0, (800, 600))
    dump = tmp_path / "dump"
    put(dump / "行政科" / "垃圾分类宣传" / "IMG_20210512_093011.jpg", encode(original))
    put(dump / "行政科" / "垃圾分类宣传" / "IMG_20210512_094011.jpg", encode(shot(4, 0, (800, 600))))
    evidence = evidence_folder(tmp_path)
    put(evidence / "a3-3.4 垃圾分类" / "2021-05-12 垃圾分类" / "1.jpg", encode(crop(original, 0.05, "l")))
    rows = rows_by_name(make_plan(dump, evidence))
    assert (
        rows["IMG_20210512_093011.jpg"].kind == "skip" and "1.jpg" in rows["IMG_20210512_093011.jpg"].reason
    )
    assert rows["IMG_20210512_094011.jpg"].kind == "photo"  # another scene of the same day
