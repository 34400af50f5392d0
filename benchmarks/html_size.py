"""Size of `check -o 检查结果.html` for both examples and for 1,000 photos with 100 photo findings.

    python benchmarks/html_size.py

The generated year: 1,000 camera-like 1600×1200 JPEGs (noise and colour, the worst case for a
preview's size), 2 per activity; 100 of them lack their EXIF capture date. The check is run with
`--select PHOTO-EXIF-MISSING` so the page holds exactly those 100 findings, each with its preview.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = {"yiyang-party-school": dt.date(2021, 7, 10), "yueyang-port-office": dt.date(2023, 6, 30)}


def make_tree(root: Path, photos: int, without_exif: int) -> None:
    shutil.copy(ROOT / "examples" / "yiyang-party-school" / "unit.yaml", root / "unit.yaml")
    rng = random.Random(7)
    base = Image.effect_noise((1600, 1200), 50).convert("RGB")
    for i in range(photos // 2):
        standard = rng.randrange(1, 45)
        day = dt.date(2021, 1, 4) + dt.timedelta(days=rng.randrange(0, 290))
        folder = root / f"{standard} 标准" / f"{day} 活动{i}"
        folder.mkdir(parents=True, exist_ok=True)
        for k in range(2):
            blocks = Image.new("RGB", (8, 6))
            blocks.putdata([tuple(rng.randrange(256) for _ in range(3)) for _ in range(48)])
            tinted = Image.blend(base, blocks.resize(base.size), 0.5)
            exif = Image.Exif()
            if 2 * i + k >= without_exif:
                exif.get_ifd(0x8769)[0x9003] = f"{day:%Y:%m:%d} 09:0{k}:00"
            buf = io.BytesIO()
            tinted.save(buf, "JPEG", quality=88, exif=exif.tobytes())
            (folder / f"{k + 1}.jpg").write_bytes(buf.getvalue())
        (folder / "活动说明.txt").write_text(
            f"时间：{day}\n地点：党校\n主办单位：中共益阳市委党校\n主题：益阳市2021年市委党校活动{i}\n参加人员：教职工\n",
            encoding="utf-8",
        )


def page(root: Path, as_of: dt.date, **kw) -> tuple[str, int]:
    from wenming_cli.checks.engine import run_check
    from wenming_cli.cli.html_out import html_page

    result, plan, rubric = run_check(root, as_of=as_of, **kw)
    return html_page("check", result, rubric, plan, root, as_of), len(result.findings)


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    for name, as_of in EXAMPLES.items():
        text, findings = page(ROOT / "examples" / name, as_of)
        print(f"{name}: {len(text.encode()):,} bytes, {findings} findings, {text.count('<img ')} previews")
    work = Path(tempfile.mkdtemp())
    try:
        make_tree(work, 1000, 100)
        t0 = time.perf_counter()
        text, findings = page(work, dt.date(2021, 12, 31), quick=True, select=("PHOTO-EXIF-MISSING",))
        print(
            f"1,000 photos: {len(text.encode()):,} bytes, {findings} findings, {text.count('<img ')} previews, "
            f"{time.perf_counter() - t0:.1f} s (check --quick + page)"
        )
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
