"""Build a realistic evidence tree of a chosen size from a rubric and a seed, outside the repository.

    python benchmarks/gen_tree.py OUT --photos 1000 [--seed 7] [--rubric yiyang-2021]

Photos are real JPEGs of 1.6–1.95 MB (2000×1500, camera-like grain), each a distinct shot with EXIF
date, make and model, 1–3 per activity with a caption; some progressive, some CMYK, some EXIF-rotated
(valid: must stay clean). A known share are faults. PDFs in 正式发文/, .txt reports in 说明报告/,
one 200 MB (sparse) video. Prints the expected count of each fault code as JSON (also written to
OUT.expected.json beside the folder), so the benchmark checks correctness as well as time.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import subprocess
import sys
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests")]

from scene_factory import crop, shot  # noqa: E402

SIZE = (2000, 1500)
LOW, HIGH = 1_572_864, 2_000_000  # Yiyang's window, safe under both readings of "M"
# Share of activities carrying each fault (the rest are clean); each fault adds exactly one finding.
FAULTS = {
    "truncated": 0.02,  # PHOTO-TRUNCATED (+ PHOTO-CORRUPT in the full pass)
    "png_named_jpg": 0.01,  # FILE-TYPE-MISMATCH
    "no_exif": 0.02,  # PHOTO-EXIF-MISSING
    "duplicate": 0.02,  # PHOTO-DUPLICATE: a copy of another activity's photo
    "near_duplicate": 0.02,  # PHOTO-NEAR-DUPLICATE (full pass): a 5 % crop of another activity's photo
    "small": 0.02,  # PHOTO-SIZE: re-saved far below the window
    "empty": 0.01,  # FILE-EMPTY
}
LOOKALIKES = {"progressive": 0.05, "cmyk": 0.02, "rotated": 0.05}


def _grain(seed: int) -> Image.Image:
    return Image.effect_noise(SIZE, 40 + seed % 7).convert("RGB")


_GRAINS: list[Image.Image] = []


def photo(
    event: int, take: int, *, kind: str = "plain", exif_date: str | None = "2021:05:12 09:30:00"
) -> bytes:
    """One 1.6–1.95 MB JPEG of a distinct shot."""
    if not _GRAINS:
        _GRAINS.extend(_grain(i) for i in range(3))
    base = shot(event, take, (800, 600)).resize(SIZE, Image.Resampling.BILINEAR)
    img = Image.blend(base, _GRAINS[(event + take) % 3], 0.16)
    exif = Image.Exif()
    if exif_date:
        exif[0x010F] = "HUAWEI"
        exif[0x0110] = f"P{event % 50}"
        exif.get_ifd(0x8769)[0x9003] = exif_date
    if kind == "rotated":
        exif[0x0112] = 6
    if kind == "cmyk":
        img = img.convert("CMYK")
    quality = 90
    for _ in range(6):  # aim inside the window
        out = io.BytesIO()
        img.save(out, "JPEG", quality=quality, progressive=kind == "progressive", exif=exif.tobytes())
        size = out.tell()
        if size > 1_950_000:
            quality -= 3
        elif size < 1_620_000:
            quality += 2
        else:
            break
    return out.getvalue()


def _job(args: tuple[str, int, int, str, str | None]) -> tuple[str, int]:
    path, event, take, kind, date = args
    data = photo(event, take, kind=kind, exif_date=date)
    Path(path).write_bytes(data)
    return path, len(data)


def build(out: Path, photos: int, seed: int, rubric: str) -> dict[str, int]:
    if out.exists():
        raise SystemExit(f"{out} exists")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "wenming_cli",
            "init",
            str(out),
            "--rubric",
            rubric,
            "--name",
            "益阳市示范单位",
        ],
        check=True,
        capture_output=True,
    )
    rng = random.Random(seed)
    folders = sorted(p for p in out.iterdir() if p.is_dir() and p.name[:1].isdigit())
    expected = {code: 0 for code in (
        "PHOTO-TRUNCATED", "PHOTO-CORRUPT", "FILE-TYPE-MISMATCH", "PHOTO-EXIF-MISSING", "PHOTO-DUPLICATE",
        "PHOTO-NEAR-DUPLICATE", "PHOTO-SIZE", "FILE-EMPTY",
    )}  # fmt: skip
    jobs: list[tuple[str, int, int, str, str | None]] = []
    post: list[tuple[str, Path, Path]] = []
    near_paths: list[str] = []  # faults made from another photo once all are written
    made = 0
    index = 0
    activities: list[Path] = []
    while made < photos:
        index += 1
        count = min(rng.choice((1, 2, 2, 3)), photos - made)
        folder = rng.choice(folders)
        day = f"2021-{rng.randrange(1, 11):02d}-{rng.randrange(1, 28):02d}"
        activity = folder / f"{day} 活动{index:05d}"
        activity.mkdir()
        (activity / "活动说明.txt").write_text(
            f"时间：{day}\n地点：单位会议室\n主办单位：益阳市示范单位\n主题：益阳市2021年益阳市示范单位活动{index}\n参加人员：全体职工\n",
            encoding="utf-8",
        )
        fault = _pick(rng, FAULTS) if activities else None
        for k in range(count):
            path = activity / f"IMG_{index:05d}_{k + 1}.jpg"
            kind = _pick(rng, LOOKALIKES) or "plain"
            date: str | None = f"{day.replace('-', ':')} 09:{10 + k:02d}:00"
            if k == 0 and fault == "no_exif":
                date = None
                expected["PHOTO-EXIF-MISSING"] += 1
            if k == 0 and fault in (
                "duplicate",
                "near_duplicate",
                "truncated",
                "small",
                "png_named_jpg",
                "empty",
            ):
                post.append((fault, path, rng.choice(activities)))
            else:
                jobs.append((str(path), index, k, kind, date))
            made += 1
        activities.append(activity)
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for _ in pool.map(_job, jobs, chunksize=8):
            pass
    for fault, path, source_activity in post:
        source = sorted(source_activity.glob("*.jpg"))
        source = [s for s in source if s.stat().st_size > LOW]
        original = source[0] if source else None
        if fault in ("duplicate", "near_duplicate") and original is None:
            fault = "truncated"
        if fault in ("duplicate", "near_duplicate") and not _has_exif_date(original):  # type: ignore[arg-type]
            expected["PHOTO-EXIF-MISSING"] += 1  # a copy of a photo without EXIF has none either
        if fault == "duplicate":
            path.write_bytes(original.read_bytes())  # type: ignore[union-attr]
            expected["PHOTO-DUPLICATE"] += 1
        elif fault == "near_duplicate":
            img = Image.open(original)
            exif = img.getexif()
            cut = crop(img.convert("RGB"), 0.05, "l")
            out_bytes = io.BytesIO()
            cut.save(out_bytes, "JPEG", quality=93, exif=exif.tobytes())
            path.write_bytes(out_bytes.getvalue())
            expected["PHOTO-NEAR-DUPLICATE"] += 1
            near_paths.append(path.relative_to(out).as_posix())
        elif fault == "truncated":
            data = photo(zlib.crc32(path.name.encode()) % 100000, 9)
            path.write_bytes(data[: len(data) * 2 // 3])
            expected["PHOTO-TRUNCATED"] += 1
            expected["PHOTO-CORRUPT"] += 1  # full pass only
        elif fault == "small":
            img = Image.open(io.BytesIO(photo(zlib.crc32(path.name.encode()) % 100000, 8)))
            out_bytes = io.BytesIO()
            img.save(out_bytes, "JPEG", quality=40, exif=img.getexif().tobytes())
            path.write_bytes(out_bytes.getvalue())
        elif fault == "png_named_jpg":
            out_bytes = io.BytesIO()
            shot(zlib.crc32(path.name.encode()) % 100000, 7, (1200, 900)).save(out_bytes, "PNG")
            path.write_bytes(out_bytes.getvalue())
            expected["FILE-TYPE-MISMATCH"] += 1
            expected["PHOTO-EXIF-MISSING"] += 1  # a screenshot has no EXIF
        elif fault == "empty":
            path.write_bytes(b"")
            expected["FILE-EMPTY"] += 1
    # PHOTO-SIZE by the rubric's printed rule, from the sizes written: outside 1.5M–2M whichever way
    # "M" is read (≤ 1,500,000 or ≥ 2,097,152 bytes); empty files are FILE-EMPTY instead.
    sizes = [p.stat().st_size for p in out.rglob("IMG_*.jpg")]
    expected["PHOTO-SIZE"] = sum(1 for n in sizes if 0 < n <= 1_500_000 or n >= 2_097_152)
    _documents(out, folders, rng, photos)
    expected["near_duplicate_paths"] = sorted(near_paths)  # type: ignore[assignment]
    return expected


def _has_exif_date(path: Path) -> bool:
    with Image.open(path) as img:
        return bool(img.getexif().get_ifd(0x8769).get(0x9003))


def _pick(rng: random.Random, shares: dict[str, float]) -> str | None:
    x = rng.random()
    for name, share in shares.items():
        if x < share:
            return name
        x -= share
    return None


def _documents(out: Path, folders: list[Path], rng: random.Random, photos: int) -> None:
    """A PDF and a report per 10 photos or so, and one large video no rule reads."""
    for i in range(max(2, photos // 10)):
        folder = rng.choice(folders)
        docs = folder / "正式发文"
        docs.mkdir(exist_ok=True)
        page = Image.new("RGB", (1240, 1754), "white")
        page.paste((200, 20, 30), (100, 100, 1140, 180))
        page.save(docs / f"2021-03-{(i % 27) + 1:02d} 关于开展活动的通知{i}.pdf", "PDF", resolution=150)
        reports = folder / "说明报告"
        reports.mkdir(exist_ok=True)
        (reports / f"2021-06-{(i % 27) + 1:02d} 工作情况说明{i}.txt").write_text(
            "一、基本情况\n（一）开展活动12次，参与职工300人次。\n（二）建立制度3项。\n（三）整改问题5个。\n",
            encoding="utf-8",
        )
    video = rng.choice(folders) / f"2021-07-01 活动视频{photos}" / "现场视频.mp4"
    video.parent.mkdir(exist_ok=True)
    with open(video, "wb") as handle:
        handle.write(b"\x00\x00\x00\x18ftypmp42" + bytes(100))
        handle.truncate(200 * 2**20)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rubric", default="yiyang-2021")
    args = parser.parse_args()
    out = args.out.resolve()
    if ROOT in out.parents:
        raise SystemExit("build the tree outside the repository")
    expected = build(out, args.photos, args.seed, args.rubric)
    text = json.dumps({"photos": args.photos, "seed": args.seed, "expected": expected}, ensure_ascii=False)
    out.with_name(out.name + ".expected.json").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
