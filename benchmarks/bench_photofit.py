"""Time `wenming photo fit` on phone-like photos, with 1 and 2 worker processes.

Run from the repository root:  python benchmarks/bench_photofit.py [--count 24] [--keep DIR]
It generates a mix like a clerk's phone folder (12 MP JPEGs at quality 95 around 9 MB, some turned by
EXIF, iPhone HEICs and PNG screenshots), runs the command for Yiyang's window (1.5M–2M, both readings)
and prints wall time, time per photo, sizes before and after, and whether every output landed inside.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import ExifTags, Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from test_photofit import phone_photo  # noqa: E402

from wenming_cli.imaging import decode  # noqa: E402

LOW, HIGH = 1_572_864, 2_000_000  # Yiyang, strictly inside under both readings of "M"


def make_photos(folder: Path, count: int, width: int, height: int) -> None:
    decode.prepare()
    base = phone_photo(width, height)
    for i in range(count):
        activity = folder / f"2021-0{1 + i % 9}-1{i % 10} 活动{i % 4}"
        activity.mkdir(parents=True, exist_ok=True)
        # A different crop of one big noisy frame per photo: distinct files, no regeneration cost.
        img = base.rotate(90 * (i % 4), expand=True).resize((width, height)) if i % 4 else base
        exif = Image.Exif()
        exif[ExifTags.Base.Make], exif[ExifTags.Base.Model] = "Apple", "iPhone 12"
        exif[ExifTags.IFD.Exif] = {ExifTags.Base.DateTimeOriginal: f"2021:05:{10 + i % 20:02d} 09:30:00"}
        if i % 8 == 7:
            img.save(activity / f"IMG_{i:04d}.HEIC", format="HEIF", quality=90, exif=exif.tobytes())
        elif i % 8 == 3:
            # A phone screenshot: 1170×2532, flatter content, saved as PNG.
            shot = Image.blend(img.resize((1170, 2532)), Image.new("RGB", (1170, 2532), "white"), 0.6)
            shot.save(activity / f"Screenshot_{i:04d}.png")
        else:
            if i % 3 == 0:
                exif[ExifTags.Base.Orientation] = 6
            img.save(activity / f"IMG_{i:04d}.jpg", quality=95, exif=exif.tobytes())


def run(source: Path, output: Path, workers: int) -> tuple[float, dict]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "wenming_cli", "photo", "fit", str(source), "-o", str(output)]
        + ["--min", "1.5M", "--max", "2M", "-j", str(workers), "--format", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr)
    return elapsed, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=24)
    parser.add_argument("--size", default="4032x3024", help="pixel size of the generated photos")
    parser.add_argument("--keep", type=Path, help="generate the photos here and keep them")
    args = parser.parse_args()
    width, height = map(int, args.size.lower().split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        source = root / "照片"
        started = time.perf_counter()
        make_photos(source, args.count, width, height)
        total = sum(p.stat().st_size for p in source.rglob("*") if p.is_file())
        print(
            f"generated {args.count} photos ({total / 10**6:.1f} MB) in {time.perf_counter() - started:.1f} s"
        )
        print(f"CPUs: {os.cpu_count()}")
        for workers in (1, 2):
            elapsed, report = run(source, root / f"out-{workers}", workers)
            photos = report["photos"]
            written = [p for p in photos if p["size_after"] is not None]
            inside = all(LOW < p["size_after"] < HIGH for p in written)
            fitted = [p for p in photos if p["status"] == "fitted"]
            print(
                f"\n-j {workers}: {elapsed:.1f} s wall for {len(photos)} photos "
                f"({elapsed / len(photos):.2f} s per photo, in-process {report['seconds']:.1f} s); "
                f"summary {report['summary']}"
            )
            print(
                f"  per photo: median {statistics.median(p['seconds'] for p in photos):.2f} s, "
                f"max {max(p['seconds'] for p in photos):.2f} s; "
                f"encodes median {statistics.median(p['encodes'] for p in photos):.0f}, "
                f"max {max(p['encodes'] for p in photos)}"
            )
            print(f"  every output strictly inside {LOW:,}..{HIGH:,} bytes: {inside}")
            for kind in sorted({p["kind"] for p in photos}):
                some = [p for p in fitted if p["kind"] == kind]
                if some:
                    print(
                        f"  {kind}: {len(some)} photos, before {min(p['size_before'] for p in some):,}–"
                        f"{max(p['size_before'] for p in some):,} B, after {min(p['size_after'] for p in some):,}–"
                        f"{max(p['size_after'] for p in some):,} B, quality "
                        f"{min(p['quality'] for p in some)}–{max(p['quality'] for p in some)}, scale "
                        f"{min(p['scale'] for p in some):.2f}–{max(p['scale'] for p in some):.2f}"
                    )


if __name__ == "__main__":
    main()
