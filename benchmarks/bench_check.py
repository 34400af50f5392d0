"""Time `wenming check` on a generated year of evidence and report peak memory.

    python benchmarks/bench_check.py --photos 1000 [--keep DIR]

Photos are real 1600×1200 JPEGs (~1.8 MB, inside Yiyang's window), 2 per activity, spread over
the standards of the Yiyang rubric; the run is done with --quick and in full (decode + hashes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]


def make_tree(root: Path, photos: int) -> int:
    shutil.copy(ROOT / "examples" / "yiyang-party-school" / "unit.yaml", root / "unit.yaml")
    rng = random.Random(7)
    base = Image.effect_noise((1600, 1200), 50).convert("RGB")
    total = 0
    for i in range(photos // 2):
        standard = rng.randrange(1, 45)
        day = dt.date(2021, 1, 4) + dt.timedelta(days=rng.randrange(0, 290))
        folder = root / f"{standard} 标准" / f"{day} 活动{i}"
        folder.mkdir(parents=True, exist_ok=True)
        for k in range(2):
            blocks = Image.new("RGB", (8, 6))
            blocks.putdata([tuple(rng.randrange(256) for _ in range(3)) for _ in range(48)])
            tinted = Image.blend(base, blocks.resize(base.size), 0.5)  # distinct scenes, realistic noise
            buf = io.BytesIO()
            tinted.save(buf, "JPEG", quality=88)
            (folder / f"{k + 1}.jpg").write_bytes(buf.getvalue())
            total += buf.tell()
        (folder / "活动说明.txt").write_text(
            f"时间：{day}\n地点：党校\n主办单位：中共益阳市委党校\n主题：益阳市2021年市委党校活动{i}\n参加人员：教职工\n",
            encoding="utf-8",
        )
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=400)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from wenming_cli.checks.engine import run_check

    work = Path(tempfile.mkdtemp())
    try:
        t0 = time.perf_counter()
        size = make_tree(work, args.photos)
        print(f"generated {args.photos} photos, {size / 1e9:.2f} GB in {time.perf_counter() - t0:.1f} s")
        for quick in (True, False):
            t0 = time.perf_counter()
            result, _, _ = run_check(work, as_of=dt.date(2021, 12, 31), quick=quick)
            elapsed = time.perf_counter() - t0
            print(
                f"{'quick' if quick else 'full '}: {elapsed:.1f} s, {args.photos / elapsed:.0f} photos/s, "
                f"{len(result.findings)} findings"
            )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"peak RSS: main {peak:.0f} MB, largest worker {children:.0f} MB")
    finally:
        if args.keep:
            shutil.copytree(work, args.keep)
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
