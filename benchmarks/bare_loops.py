"""The yardsticks: the least any tool must do for a header pass and for a full pass over the photos.

python benchmarks/bare_loops.py header DIR   # first 64 KB + last 2 bytes + EXIF via Pillow
python benchmarks/bare_loops.py deep DIR     # read once, SHA-256, draft decode to a 9×8 dHash, all cores
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image


def photos(root: Path) -> list[str]:
    return sorted(str(p) for p in root.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg") and p.is_file())


def header(path: str) -> tuple[int, int, int]:
    with open(path, "rb") as handle:
        head = handle.read(65536)
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        if size >= 2:
            handle.seek(size - 2)
            handle.read(2)
    try:
        with Image.open(io.BytesIO(head)) as img:
            exif = img.getexif()
            return img.width, img.height, len(exif)
    except Exception:  # noqa: BLE001 - a yardstick, not a checker
        return 0, 0, 0


def deep(path: str) -> str:
    with open(path, "rb") as handle:
        data = handle.read()
    digest = hashlib.sha256(data).hexdigest()
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.draft("L", (256, 256))
            small = img.convert("L").resize((9, 8))
            pixels = small.tobytes()
            bits = sum(
                1 << i for i in range(64) if pixels[i // 8 * 9 + i % 8] > pixels[i // 8 * 9 + i % 8 + 1]
            )
            return f"{digest}:{bits:016x}"
    except Exception:  # noqa: BLE001
        return digest


def main() -> None:
    mode, root = sys.argv[1], Path(sys.argv[2])
    files = photos(root)
    if mode == "header":
        for path in files:
            header(path)
    else:
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            for _ in pool.map(deep, files, chunksize=8):
                pass
    print(len(files))


if __name__ == "__main__":
    main()
