"""Build evidence trees in tmp_path: real JPEGs of an exact byte size, captions, documents."""

from __future__ import annotations

import datetime as dt
import io
import random
from pathlib import Path

from PIL import Image

MB = 10**6
MIB = 2**20
# Safely inside Yiyang's window under both readings of "M" (1,572,864 < size < 2,000,000).
GOOD_SIZE = 1_800_000


def picture(seed: int, size: tuple[int, int] = (96, 72)) -> Image.Image:
    """A distinct, structured picture per seed (blocks of colour), so perceptual hashes differ."""
    rng = random.Random(seed)
    img = Image.new("RGB", size)
    block = 12
    for x in range(0, size[0], block):
        for y in range(0, size[1], block):
            colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
            img.paste(colour, (x, y, x + block, y + block))
    return img


def jpeg_bytes(
    seed: int = 1,
    *,
    size: int | None = GOOD_SIZE,
    taken: dt.datetime | None = None,
    make: str = "HUAWEI",
    model: str = "P40",
    image: Image.Image | None = None,
    quality: int = 90,
) -> bytes:
    """A valid JPEG; `size` pads it to exactly that many bytes with APP15 segments (cheap, decodable)."""
    img = image or picture(seed)
    exif = Image.Exif()
    if taken is not None:
        exif[0x010F] = make
        exif[0x0110] = model
        exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality, exif=exif.tobytes() if taken else b"")
    data = out.getvalue()
    if size is None:
        return data
    missing = size - len(data)
    if missing < 0:
        raise ValueError("picture already larger than the requested size")
    segments = b""
    while missing > 0:
        chunk = min(missing, 65535 + 2)
        if chunk < 4:
            # A segment needs 4 bytes at least; grow the previous one instead.
            segments = segments[:-4] if segments else segments
            missing += 4 if segments else 0
            chunk = missing
        body = chunk - 4
        segments += b"\xff\xef" + (body + 2).to_bytes(2, "big") + bytes(body)
        missing -= chunk
    return data[:2] + segments + data[2:]


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def caption(**fields: str) -> str:
    return "\n".join(f"{k}：{v}" for k, v in fields.items()) + "\n"


def yiyang_caption(date: str, theme: str, **extra: str) -> str:
    fields = {
        "时间": date,
        "地点": "市委党校报告厅",
        "主办单位": "中共益阳市委党校",
        "主题": theme,
        "参加人员": "全体教职工",
    }
    fields.update(extra)
    return caption(**fields)


def activity(root: Path, folder: str, name: str, photos: list[bytes], caption_text: str | None) -> Path:
    base = root / folder / name
    base.mkdir(parents=True, exist_ok=True)
    for i, data in enumerate(photos, start=1):
        (base / f"{i}.jpg").write_bytes(data)
    if caption_text is not None:
        (base / "活动说明.txt").write_text(caption_text, encoding="utf-8")
    return base
