"""Regenerate the example evidence folders' photos, documents and reports (deterministic).

    python examples/generate.py

The unit plans (unit.yaml) are written by hand and left alone. Each example shows a few rules:
some standards complete and clean, some with the typical mistakes a clerk makes.
"""

from __future__ import annotations

import io
import random
import shutil
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent


def scene(seed: int, size: tuple[int, int] = (1600, 1200)) -> Image.Image:
    """A plausible 'photo': sky, ground, a banner and people-like shapes, with sensor noise."""
    rng = random.Random(seed)
    w, h = size
    img = Image.new("RGB", size, (rng.randrange(120, 200), rng.randrange(150, 210), 230))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, h * 2 // 3, w, h), fill=(rng.randrange(60, 120), rng.randrange(90, 140), 60))
    draw.rectangle((w // 6, h // 8, w * 5 // 6, h // 4), fill=(200, 20, 30))  # the event banner
    for _ in range(14):
        x, y = rng.randrange(0, w), rng.randrange(h // 2, h - 80)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x, y - 60, x + 40, y - 20), fill=(230, 190, 160))
        draw.rectangle((x - 10, y - 20, x + 50, y + 80), fill=colour)
    noise = Image.effect_noise(size, 40).convert("RGB")
    return Image.blend(img.filter(ImageFilter.GaussianBlur(1)), noise, 0.25)


def jpeg(img: Image.Image, target: int, exif_date: str | None = None) -> bytes:
    """Encode near `target` bytes: the highest quality that stays below it, then APP15 padding to hit it."""
    exif = Image.Exif()
    if exif_date:
        exif[0x010F], exif[0x0110] = "HUAWEI", "P40"
        exif.get_ifd(0x8769)[0x9003] = exif_date
    raw = exif.tobytes() if exif_date else b""
    data = b""
    for quality in range(95, 20, -3):
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=quality, exif=raw)
        data = buf.getvalue()
        if len(data) <= target:
            break
    missing = target - len(data)
    pad = b""
    while missing > 4:
        body = min(missing - 4, 65531)
        pad += b"\xff\xef" + (body + 2).to_bytes(2, "big") + bytes(body)
        missing -= body + 4
    return data[:2] + pad + data[2:]


def official_pdf(title: str, seal: bool = True) -> bytes:
    """A scanned-looking two-page official document: red header band on page 1, red seal on page 2."""
    pages = []
    for number in (1, 2):
        page = Image.new("RGB", (1240, 1754), "white")
        draw = ImageDraw.Draw(page)
        if number == 1:
            draw.rectangle((180, 150, 1060, 260), fill=(210, 20, 25))
            draw.rectangle((120, 320, 1120, 328), fill=(210, 20, 25))
        for line in range(30 if number == 1 else 12):
            y = 420 + line * 40
            draw.rectangle((150, y, 150 + random.Random(line + number).randrange(600, 940), y + 14), fill=(40, 40, 40))
        if number == 2 and seal:
            cx, cy, r = 880, 1100, 150
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(220, 30, 30), width=14)
            draw.regular_polygon((cx, cy, 50), 5, fill=(220, 30, 30))
        pages.append(page.filter(ImageFilter.GaussianBlur(0.6)))
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=150, save_all=True, append_images=pages[1:], quality=60)
    del title
    return out.getvalue()


def put(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_bytes(b"\xef\xbb\xbf" + data.replace("\n", "\r\n").encode("utf-8"))
    else:
        path.write_bytes(data)


GOOD = 1_800_000  # inside 1.5M–2M under both readings of M

YIYANG_CAPTION = "时间：{date}\n地点：{place}\n主办单位：中共益阳市委党校\n主题：益阳市2021年市委党校{theme}\n参加人员：{people}\n"


def yiyang() -> None:
    root = HERE / "yiyang-party-school"
    for child in root.iterdir():
        if child.is_dir():
            shutil.rmtree(child)
    # Clean: a civilized-traffic activity with two good photos and a complete caption.
    a = root / "21 文明行为习惯" / "2021-05-12 文明交通宣传"
    put(a / "1.jpg", jpeg(scene(1), GOOD, "2021:05:12 09:31:02"))
    put(a / "2.jpg", jpeg(scene(2), GOOD - 20_000, "2021:05:12 09:45:40"))
    put(a / "活动说明.txt", YIYANG_CAPTION.format(date="2021年5月12日", place="益阳市康富路口", theme="文明交通宣传", people="教职工志愿者20人"))
    # Clean volunteer activity, and one with a photo above 2M and a missing 服务对象.
    v = root / "22 学雷锋志愿服务"
    a = v / "2021-03-05 学雷锋志愿服务进社区"
    put(a / "1.jpg", jpeg(scene(3), GOOD, "2021:03:05 09:02:11"))
    put(
        a / "活动说明.txt",
        YIYANG_CAPTION.format(date="2021-03-05", place="赫山区桃花仑街道", theme="学雷锋志愿服务进社区", people="党员志愿者15人")
        + "志愿者：刘亮、王亚男等15人\n服务对象：社区空巢老人\n服务内容：打扫卫生、测量血压\n",
    )
    a = v / "2021-06-18 关爱留守儿童"
    put(a / "1.jpg", jpeg(scene(4, (2000, 1500)), 2_150_000, "2021:06:18 15:20:00"))
    put(
        a / "活动说明.txt",
        YIYANG_CAPTION.format(date="2021-06-18", place="资阳区长春镇", theme="关爱留守儿童志愿服务", people="青年教师8人")
        + "志愿者：龚晴、阳光等8人\n服务内容：课业辅导\n",
    )
    # A PNG screenshot renamed to .jpg, and a photo far below 1.5M.
    a = root / "18 爱国卫生与垃圾分类" / "2021-04-20 垃圾分类宣传"
    buf = io.BytesIO()
    scene(5, (800, 600)).save(buf, "PNG")
    put(a / "1.jpg", buf.getvalue())
    put(a / "活动说明.txt", YIYANG_CAPTION.format(date="2021-04-20", place="校园食堂", theme="垃圾分类宣传", people="全体教职工"))
    a = root / "26 职工文化" / "2021-05-01 全民健身活动"
    put(a / "1.jpg", jpeg(scene(6, (1000, 750)), 400_000, "2021:05:01 08:10:00"))
    put(a / "活动说明.txt", YIYANG_CAPTION.format(date="2021-05-01", place="党校运动场", theme="全民健身活动", people="教职工60人"))
    # Quarterly task: a meeting in Q1 only; Q2 ended without one.
    a = root / "a3-1.2 创建工作议事" / "2021-02-25 创建工作专题会议"
    put(a / "1.jpg", jpeg(scene(7), GOOD, "2021:02:25 14:30:00"))
    put(a / "活动说明.txt", YIYANG_CAPTION.format(date="2021-02-25", place="党校第一会议室", theme="创建工作专题会议", people="领导小组成员"))
    # An official document (red header, seal) and explanatory reports, good and bad.
    put(root / "35 创建工作机制" / "正式发文" / "2021-04-02 创建市级文明单位实施方案.pdf", official_pdf("实施方案"))
    put(root / "10 党风廉政建设" / "正式发文" / "2021-03-10 党风廉政建设责任制.pdf", official_pdf("责任制", seal=False))
    put(root / "20 移风易俗" / "说明报告" / "2021-06-30 移风易俗工作说明.txt", BAD_REPORT)
    put(root / "27 法治宣传" / "说明报告" / "2021-06-30 普法工作说明.txt", GOOD_REPORT)
    # The proof of the plan's unit honour (its name carries the title and the document date), so it
    # counts; the personal honour has none and would not count anyway.
    put(root / "加分" / "2021-03-16 益阳市2020年度平安建设先进单位.pdf", official_pdf("荣誉证明"))


GOOD_REPORT = """中共益阳市委党校2021年上半年普法工作说明

一、主要做法
（一）领导班子带头学法。校委会召开理论学习中心组专题学法4次，班子成员人均撰写学法笔记3篇。
（二）把宪法法律列入主体班必修课。全年安排法治课程12个课时，覆盖学员860人次。
（三）开展“法律进党校”活动。邀请市中级人民法院法官授课2场，教职工参训率达96%。
二、取得成效
教职工法律知识测试平均分由78分提高到91分，全校未发生违法违纪案件。
"""

BAD_REPORT = """移风易俗工作说明

截至目前，我校高度重视移风易俗工作，近年来取得了一定成效。
我们加强了宣传教育，倡导文明节俭操办婚丧喜庆事宜，并纳入评先评优考核依据。
"""

YUEYANG_CAPTION = "时间：{date}\n地点：{place}\n主办单位：岳阳市人民政府口岸管理办公室\n主题：{theme}\n参加人员：{people}\n"


def yueyang() -> None:
    root = HERE / "yueyang-port-office"
    for child in root.iterdir():
        if child.is_dir():
            shutil.rmtree(child)
    a = root / "16 学雷锋志愿服务" / "2023-03-05 学雷锋志愿服务"
    put(a / "1.jpg", jpeg(scene(11, (1200, 900)), 600_000, "2023:03:05 09:00:00"))
    put(a / "活动说明.txt", YUEYANG_CAPTION.format(date="2023年3月5日", place="城陵矶港区", theme="学雷锋志愿服务", people="党员志愿者12人"))
    a = root / "19 职工文体与节日" / "2023-01-18 我们的节日·春节"
    put(a / "1.jpg", jpeg(scene(12, (1200, 900)), 550_000, "2023:01:18 10:00:00"))
    put(a / "2.jpg", jpeg(scene(12, (1200, 900)), 550_000, "2023:01:18 10:00:00"))  # not a duplicate of another activity
    put(a / "活动说明.txt", YUEYANG_CAPTION.format(date="2023-01-18", place="办公楼大厅", theme="我们的节日·春节", people="全体干部职工"))
    # (25.2): at least two submissions every quarter; Q1 has one screenshot only.
    put(root / "25 创建氛围" / "媒体报道" / "2023-02-10 岳阳文明网报送截图.jpg", jpeg(scene(13, (900, 700)), 300_000))
    put(root / "24 创建领导机制" / "正式发文" / "2023-02-01 创建市级文明单位工作方案.pdf", official_pdf("工作方案"))
    put(root / "20 法治宣传" / "说明报告" / "2023-04-30 普法工作说明.txt", GOOD_REPORT.replace("中共益阳市委党校", "市政府口岸办"))
    # No 加分/ proofs on purpose: the plan's honours score 0, each with a BONUS-PROOF-MISSING finding.


if __name__ == "__main__":
    yiyang()
    yueyang()
    total = sum(p.stat().st_size for p in HERE.rglob("*") if p.is_file())
    print(f"examples: {total:,} bytes")
