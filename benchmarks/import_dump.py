"""Generate a department dump for the Yiyang example (Party School) with its true placement known.

    python benchmarks/import_dump.py OUT [--seed 1]   # writes OUT/dump, OUT/evidence, OUT/truth.json

What a creation office receives from its departments: activity folders named the way people name them
(`5月党日活动`, `2021-03-05 学雷锋`, no folder at all), photos from phones and chat apps (EXIF dates,
`微信图片_…`, `mmexport…` without EXIF, `DSC…` without any date, iPhone HEIC, PNG), Word reports and PDF
notices with a text layer, a zip made on Windows with GBK names and no UTF-8 flag, system junk, and
photos already filed in the evidence folder (one re-encoded). The true standard or task of each file
follows from the department's assignments in the example's unit.yaml and the activity chosen here, never
from what `wenming import` answers. `benchmarks/import_measure.py` runs the import and scores it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
import shutil
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from pdf_factory import Page, write_pdf  # noqa: E402
from scene_factory import shot  # noqa: E402

UNIT_YAML = ROOT / "examples" / "yiyang-party-school" / "unit.yaml"

# department folder name → activities: (true subject, ways people name the activity, a doc title or None).
CATALOGUE: dict[str, list[tuple[str, list[str], str | None]]] = {
    "办公室": [
        ("1", ["党委理论学习中心组集中学习", "理论学习中心组专题学习"], "理论学习中心组学习情况报告"),
        ("a3-1.2", ["创建工作专题会议", "党委会研究部署创文工作"], "创建工作专题会议纪要"),
        ("a3-2.1", ["党员对标学习", "全体党员对标学习会"], None),
        ("3", ["意识形态工作专题会"], None),
        ("a3-3.2", ["无偿献血公益活动", "扶贫帮困慈善捐助"], None),
    ],
    "机关党委": [
        ("8", ["道德模范先进事迹学习", "向时代楷模学习"], None),
        ("a3-2.3", ["公民道德建设实施纲要学习"], "公民道德建设实施纲要学习情况说明"),
        ("a3-2.4", ["爱国主义教育实施纲要学习"], None),
        ("32", ["新时代文明实践活动"], None),
        ("9", ["主题党日活动"], None),
        ("2", ["党史学习教育专题学习"], None),
    ],
    "纪委": [
        ("10", ["党风廉政警示教育大会", "党风廉政建设廉政党课"], "关于召开党风廉政警示教育大会的通知"),
        ("28", ["廉洁文化进机关", "廉洁家风书画展"], None),
    ],
    "工会": [
        ("26", ["职工趣味运动会", "全民健身登山比赛", "职工文艺汇演"], None),
        ("a3-4.2", ["关爱空巢老人志愿服务", "留守儿童志愿服务活动"], None),
        ("42", ["教职工代表大会民主管理"], None),
        ("a3-3.5", ["文明家庭评选"], None),
    ],
    "人事科": [
        ("13", ["教职工业务技能培训", "岗位练兵业务培训"], None),
        ("22", ["学雷锋志愿服务进社区", "学雷锋日志愿服务"], "学雷锋志愿服务活动总结"),
        ("43", ["慰问困难职工", "困难职工关爱帮扶"], None),
        ("21", ["文明交通劝导"], None),
    ],
    "行政科": [
        ("a3-3.4", ["垃圾分类知识宣传", "垃圾分类志愿服务"], "垃圾分类工作情况说明报告"),
        ("40", ["单位环境绿化美化", "环境净化美化整治"], None),
        ("a3-3.3", ["光盘行动文明餐桌", "公筷公勺文明餐桌倡议"], None),
        ("44", ["安全生产检查", "职业健康体检"], None),
        ("30", ["疫情防控应急演练"], None),
    ],
    "保卫科": [
        ("41", ["扫黄打非宣传", "内部治安巡查"], None),
        ("29", ["崇尚科学反对邪教宣传"], None),
        ("41", ["平安校园治安防范"], None),
    ],
    "图书馆": [
        ("24", ["世界读书日全民阅读", "图书室阅读推荐书目"], None),
    ],
    "科研科": [
        ("a2-3", ["理论宣讲志愿服务", "文化文艺服务下乡"], "城乡共建民风建设活动方案"),
    ],
}

# How each department's phones and habits name photos.
STYLES = {
    "办公室": "wechat",
    "机关党委": "img",
    "纪委": "mmexport",
    "工会": "img",
    "人事科": "wechat",
    "行政科": "dsc",
    "保卫科": "png",
    "图书馆": "heic",
    "科研科": "mixed",
}
ZIPPED = "工会"  # sent as a zip made on Windows (GBK names, no UTF-8 flag)
LOOSE = "人事科"  # photos of three activities of one day lie loose in the department folder


@dataclass
class Dump:
    truth: dict[str, dict] = field(default_factory=dict)
    photos: int = 0

    def add(self, display: str, kind: str, subject: str | None = None, activity: str | None = None) -> None:
        self.truth[display] = {"kind": kind, "subject": subject, "activity": activity}
        if kind == "photo":
            self.photos += 1


def scene(rng: random.Random, size: tuple[int, int] = (320, 240)) -> Image.Image:
    """A distinct picture: random colour blocks at two scales, so no two scenes look alike."""
    coarse = Image.new("RGB", (4, 3))
    coarse.putdata([tuple(rng.randrange(256) for _ in range(3)) for _ in range(12)])
    fine = Image.new("RGB", (16, 12))
    fine.putdata([tuple(rng.randrange(256) for _ in range(3)) for _ in range(192)])
    return Image.blend(coarse.resize(size), fine.resize(size), 0.35)


def encode(img: Image.Image, fmt: str, taken: dt.datetime | None) -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    if taken is not None:
        exif[0x010F], exif[0x0110] = "HUAWEI", "P40"
        exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    kwargs = {"exif": exif.tobytes()} if taken is not None else {}
    if fmt == "heic":
        from pillow_heif import register_heif_opener

        register_heif_opener()
        img.save(out, "HEIF", quality=80, **kwargs)
    elif fmt == "png":
        img.save(out, "PNG", **kwargs)
    else:
        img.save(out, "JPEG", quality=85, **kwargs)
    return out.getvalue()


def photo_file(style: str, taken: dt.datetime, n: int, rng: random.Random) -> tuple[str, str, bool]:
    """(file name, format, EXIF kept) as the department's phones and apps name them."""
    if style == "mixed":
        style = rng.choice(["wechat", "img", "mmexport", "dsc"])
    if style == "wechat":  # WeChat strips EXIF; the name keeps the time
        return f"微信图片_{taken:%Y%m%d%H%M%S}.jpg", "jpeg", False
    if style == "mmexport":
        ms = int(taken.replace(tzinfo=dt.timezone(dt.timedelta(hours=8))).timestamp() * 1000)
        return f"mmexport{ms}.jpg", "jpeg", False
    if style == "img":
        return f"IMG_{taken:%Y%m%d_%H%M%S}.jpg", "jpeg", True
    if style == "dsc":  # a camera: numbered names, EXIF on most (one in four lost it in editing)
        return f"DSC{1000 + n:05d}.JPG", "jpeg", rng.random() > 0.25
    if style == "heic":
        return f"IMG_{4000 + n}.HEIC", "heic", True
    if style == "png":
        return f"IMG_{taken:%Y%m%d_%H%M%S}.png", "png", True
    raise ValueError(style)


def docx_bytes(title: str, body: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for line in body.split("。"):
        if line:
            document.add_paragraph(line + "。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def folder_name(rng: random.Random, day: dt.date, name: str) -> str:
    style = rng.randrange(4)
    if style == 0:
        return f"{day.month}月{name}"
    if style == 1:
        return f"{day:%Y-%m-%d} {name}"
    if style == 2:
        return f"{day.month}月{day.day}日{name}"
    return name


def build(out: Path, seed: int = 1, rounds: int = 2, departments: list[str] | None = None) -> Dump:
    """Write OUT/dump and OUT/evidence; return the truth (display path → kind, subject, activity).

    Each way of naming an activity in the catalogue becomes `rounds` activities on different days.
    """
    rng = random.Random(seed)
    dump_root, evidence = out / "dump", out / "evidence"
    evidence.mkdir(parents=True)
    shutil.copy(UNIT_YAML, evidence / "unit.yaml")
    result = Dump()
    files: dict[str, bytes] = {}  # dump-relative path → bytes
    used_days: set[dt.date] = set()
    counter = 0
    events = 0  # one event (room, banner, people) per activity for the photos' pictures
    for department, entries in CATALOGUE.items():
        if departments is not None and department not in departments:
            continue
        style = STYLES[department]
        picked = [(subject, name, doc) for subject, names, doc in entries for name in names] * rounds
        loose_done = 0
        loose_day: dt.date | None = None
        for index, (subject, name, doc) in enumerate(picked):
            day = dt.date(2021, 1, 4) + dt.timedelta(days=rng.randrange(0, 280))
            while day in used_days:
                day += dt.timedelta(days=1)
            activity_id = f"{department}/{index}"
            events += 1
            loose = department == LOOSE and loose_done < 3
            loose_done += loose
            hour = rng.randrange(8, 16)
            if loose and loose_day is not None:
                # The same day: late morning (near enough to the first to be taken for it when that one
                # ran long — time alone cannot tell them apart) and late afternoon.
                day, hour = loose_day, 11 if loose_done == 2 else 16
            elif loose:
                loose_day, hour = day, 8
            used_days.add(day)
            folder = department if loose else f"{department}/{folder_name(rng, day, name)}"
            start = dt.datetime.combine(day, dt.time(hour, rng.randrange(60)))
            count = rng.choice([2, 3, 3, 4, 5])
            # One activity in four is a long one (a meeting, then a visit): photos 40 minutes apart.
            step = 40 if rng.random() < 0.25 else 3
            for k in range(count):
                counter += 1
                taken = start + dt.timedelta(minutes=step * k, seconds=rng.randrange(60))
                fname, fmt, keep_exif = photo_file(style, taken, counter, rng)
                # Shots of one event share the room and differ in framing: alike, yet distinct photos.
                data = encode(shot(seed * 1000 + events, k, (320, 240)), fmt, taken if keep_exif else None)
                files[f"{folder}/{fname}"] = data
                result.add(f"{folder}/{fname}", "photo", subject, activity_id)
            if department == "机关党委" and index == 0:  # a media screenshot filed with its activity
                capture = f"{folder}/Screenshot_{start:%Y-%m-%d-%H-%M-%S}.png"
                files[capture] = encode(scene(rng, (240, 480)), "png", None)
                result.add(capture, "screenshot", subject)
            if doc and not loose:
                text = f"{name}。本次活动由{department}组织，{day.month}月{day.day}日开展。"
                if "通知" in doc or "方案" in doc:
                    files[f"{folder}/{doc}.pdf"] = write_pdf([Page(text=(doc, text))])
                    result.add(f"{folder}/{doc}.pdf", "official_document", subject)
                else:
                    files[f"{folder}/{doc}.docx"] = docx_bytes(doc, text)
                    result.add(f"{folder}/{doc}.docx", "report", subject)
        files[f"{department}/Thumbs.db"] = b"\x00junk" * 10
        result.add(f"{department}/Thumbs.db", "skip")
    if departments is None:
        _extras(files, result)
    # A photo the clerk already filed (re-encoded by a chat app), and an exact copy of a filed notice.
    _already_filed(evidence, files, result)
    _write_tree(dump_root, files, result)
    return result


def _extras(files: dict[str, bytes], result: Dump) -> None:
    """Documents sent on their own, and the junk every dump carries."""
    files["教务科/宪法法律列入党校必修课情况说明.docx"] = docx_bytes(
        "宪法法律列入党校必修课情况说明", "把宪法法律列入党委中心组学习内容。列为党校必修课。法治宣传教育。"
    )
    result.add("教务科/宪法法律列入党校必修课情况说明.docx", "report", "a2-2")
    files["办公室/关于成立创建市级文明单位工作领导小组的通知.pdf"] = write_pdf(
        [
            Page(
                text=(
                    "关于成立创建市级文明单位工作领导小组的通知",
                    "成立创建全国文明城市工作组织领导机构，有专人负责。",
                )
            )
        ]
    )
    result.add("办公室/关于成立创建市级文明单位工作领导小组的通知.pdf", "official_document", "a3-1.1")
    # Junk every dump carries.
    for junk, data in {
        "办公室/desktop.ini": b"[.ShellClassInfo]",
        "行政科/.DS_Store": b"\x00\x00\x00\x01Bud1",
        "保卫科/新建文本文档.txt": b"",
    }.items():
        files[junk] = data
        result.add(junk, "skip")


def _already_filed(evidence: Path, files: dict[str, bytes], result: Dump) -> None:
    first_photo = next(p for p, t in result.truth.items() if t["kind"] == "photo")
    filed = evidence / "35 创建领导机制" / "2021-01-05 已归档活动"
    filed.mkdir(parents=True)
    with Image.open(io.BytesIO(files[first_photo])) as img:
        smaller = io.BytesIO()
        img.convert("RGB").resize((240, 180)).save(smaller, "JPEG", quality=70)
    (filed / "1.jpg").write_bytes(smaller.getvalue())
    result.truth[first_photo] = {"kind": "skip", "subject": None, "activity": None}
    result.photos -= 1
    notice = "办公室/关于成立创建市级文明单位工作领导小组的通知.pdf"
    if notice in files:
        (evidence / "35 创建领导机制" / "正式发文").mkdir()
        (evidence / "35 创建领导机制" / "正式发文" / "领导小组通知.pdf").write_bytes(files[notice])
        result.truth[notice] = {"kind": "skip", "subject": None, "activity": None}


def _write_tree(dump_root: Path, files: dict[str, bytes], result: Dump) -> None:
    """Write the files; the zipped department goes into one zip with GBK names, plus macOS junk."""
    zipped = {p: d for p, d in files.items() if p.startswith(ZIPPED + "/")}
    for path, data in files.items():
        if path in zipped:
            continue
        target = dump_root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    if not zipped:
        return
    zip_name = f"{ZIPPED}活动照片.zip"
    dump_root.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(dump_root / zip_name, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in zipped.items():
            inner = path  # the zip keeps the department folder, as Windows' "send to zip" does
            archive.writestr(GbkInfo(inner), data)
            truth = result.truth.pop(path)
            result.truth[f"{zip_name} › {inner}"] = truth
        archive.writestr(GbkInfo(f"__MACOSX/{ZIPPED}/._a.jpg"), b"\x00\x05\x16\x07")
        result.truth[f"{zip_name} › __MACOSX/{ZIPPED}/._a.jpg"] = {
            "kind": "skip",
            "subject": None,
            "activity": None,
        }


class GbkInfo(zipfile.ZipInfo):
    """A zip entry named in GBK without the UTF-8 flag, as Windows' built-in zip writes Chinese names."""

    def __init__(self, name: str) -> None:
        super().__init__(name, date_time=(2021, 6, 1, 12, 0, 0))
        self.compress_type = zipfile.ZIP_DEFLATED

    def _encodeFilenameFlags(self):  # noqa: N802 - zipfile's own hook
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--rounds", type=int, default=2, help="activities per way of naming one in the catalogue"
    )
    args = parser.parse_args()
    if args.out.exists():
        sys.exit(f"{args.out} exists")
    dump = build(args.out, args.seed, args.rounds)
    (args.out / "truth.json").write_text(
        json.dumps(dump.truth, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(f"{len(dump.truth)} files, {dump.photos} photos to place → {args.out}")


if __name__ == "__main__":
    main()
