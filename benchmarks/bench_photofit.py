"""Time `wenming photo fit` against `jpegoptim --size=1900k` on the same phone-like photos, in one run.

Run from the repository root:
    python benchmarks/bench_photofit.py [--count 48] [--keep DIR] [--rounds 2] [-j N] [--json out.json]
It generates a mix like a clerk's phone folder (12 MP JPEGs at quality 95 around 9 MB, a third turned
by EXIF, iPhone HEICs and PNG screenshots; with --keep, generated once and reused), then times, round
after round (A B A B, so both meet the same load): the whole `wenming photo fit` process (start-up
included) on the JPEGs, `jpegoptim --size=1900k -d OUT` on the same JPEGs (it reads no HEIC or PNG),
and `wenming photo fit` on the whole mix. For each it prints wall and CPU (user+sys of the process and
its workers) per photo, the best round's ratio, and whether every output landed inside Yiyang's window.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
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


def timed(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """(wall seconds, CPU seconds of the process and its children, the finished process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8")
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done


def fit(source: Path, output: Path, workers: int) -> dict:
    shutil.rmtree(output, ignore_errors=True)
    wall, cpu, done = timed(
        [sys.executable, "-m", "wenming_cli", "photo", "fit", str(source), "-o", str(output)]
        + ["--min", "1.5M", "--max", "2M", "-j", str(workers), "--format", "json"]
    )
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr)
    photos = json.loads(done.stdout)["photos"]
    written = [p["size_after"] for p in photos if p["size_after"] is not None]
    return {
        "photos": len(photos),
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "inside": len(written) == len(photos) and all(LOW < n < HIGH for n in written),
        "encodes_median": statistics.median(p["encodes"] for p in photos),
        "quality": sorted({p["quality"] for p in photos if p["quality"]}),
        "scale": [min(p["scale"] or 1 for p in photos), max(p["scale"] or 1 for p in photos)],
        "by_kind_s": {
            kind: round(statistics.median(p["seconds"] for p in photos if p["kind"] == kind), 3)
            for kind in sorted({p["kind"] for p in photos})
        },
    }


def jpegoptim(source: Path, output: Path) -> dict:
    shutil.rmtree(output, ignore_errors=True)
    output.mkdir()
    files = sorted(str(p) for p in source.glob("*.jpg"))
    wall, cpu, done = timed(["jpegoptim", "-q", "--size=1900k", "-d", str(output), *files])
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    sizes = [p.stat().st_size for p in output.glob("*.jpg")]
    return {
        "photos": len(files),
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "inside": len(sizes) == len(files) and all(LOW < n < HIGH for n in sizes),
        "below_min": sum(1 for n in sizes if n <= LOW),
    }


def per_photo(run: dict) -> str:
    n = run["photos"]
    return f"{run['wall_s'] / n:.3f} s/photo wall, {run['cpu_s'] / n:.3f} s/photo CPU"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=48)
    parser.add_argument("--size", default="4032x3024", help="pixel size of the generated photos")
    parser.add_argument("--keep", type=Path, help="generate the photos here once and reuse them")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("-j", "--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    width, height = map(int, args.size.lower().split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        source = root / "照片"
        if not source.is_dir():
            started = time.perf_counter()
            make_photos(source, args.count, width, height)
            print(f"generated {args.count} photos in {time.perf_counter() - started:.1f} s")
        jpegs = root / "jpeg"
        if not jpegs.is_dir():
            jpegs.mkdir()
            for i, path in enumerate(sorted(source.rglob("*.jpg"))):
                shutil.copy(path, jpegs / f"{i:03d}.jpg")
        total = sum(p.stat().st_size for p in source.rglob("*") if p.is_file())
        print(
            f"{sum(1 for p in source.rglob('*') if p.is_file())} photos ({total / 10**6:.0f} MB), "
            f"{sum(1 for _ in jpegs.glob('*.jpg'))} of them JPEG; CPUs: {os.cpu_count()}; wenming -j {args.workers}"
        )
        have_jpegoptim = shutil.which("jpegoptim") is not None
        if not have_jpegoptim:
            print("jpegoptim is not installed: only wenming is timed")
        rounds = []
        for i in range(args.rounds):
            one = {"wenming_jpeg": fit(jpegs, root / "out-jpeg", args.workers)}
            if have_jpegoptim:
                one["jpegoptim_jpeg"] = jpegoptim(jpegs, root / "out-jpegoptim")
            one["wenming_mix"] = fit(source, root / "out-mix", args.workers)
            rounds.append(one)
            print(f"\nround {i + 1}:")
            for name, run in one.items():
                print(f"  {name}: {run['wall_s']} s wall, {run['cpu_s']} s CPU ({per_photo(run)}); {run}")
            if have_jpegoptim:
                ratio = one["jpegoptim_jpeg"]["wall_s"] / one["wenming_jpeg"]["wall_s"]
                print(f"  jpegoptim / wenming per photo, wall, this round: {ratio:.1f}x")
        if have_jpegoptim:
            best = min(r["wenming_jpeg"]["wall_s"] for r in rounds)
            best_jo = min(r["jpegoptim_jpeg"]["wall_s"] for r in rounds)
            n = rounds[0]["wenming_jpeg"]["photos"]
            print(
                f"\nbest rounds: wenming {best / n:.3f} s/photo, jpegoptim {best_jo / n:.3f} s/photo: "
                f"{best_jo / best:.1f}x"
            )
        if args.json:
            args.json.write_text(json.dumps({"cpus": os.cpu_count(), "rounds": rounds}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
