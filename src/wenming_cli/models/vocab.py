"""The closed vocabulary of material rules: file formats (with the aliases clerks print) and size units.

A rubric writes `JPG`, `jpeg` or `PNG`; a size bound writes `2M`, `2MB`, `2MiB`. Anything else is a
validation error at load time, so no command meets an unknown word later.
"""

from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator

# Printed spelling (lower case) → the format id the scan reports for a file's content.
FORMAT_ALIASES: dict[str, str] = {
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "jpe": "jpeg",
    "png": "png",
    "heic": "heic",
    "heif": "heic",
    "webp": "webp",
    "gif": "gif",
    "bmp": "bmp",
    "tif": "tiff",
    "tiff": "tiff",
    "mp4": "mp4",
    "m4v": "mp4",
    "mov": "mov",
    "pdf": "pdf",
}
PHOTO_FORMATS = frozenset({"jpeg", "png", "heic", "webp", "gif", "bmp", "tiff"})
VIDEO_FORMATS = frozenset({"mp4", "mov"})
FORMAT_LABELS = {"jpeg": "JPG", "tiff": "TIFF", "heic": "HEIC"}

# Units whose size in bytes is fixed, and the ones printed without saying (K, M, G: decimal or
# binary, decided by the window's `byte_reading`).
FIXED_UNITS: dict[str, int] = {
    "B": 1,
    "KB": 10**3,
    "MB": 10**6,
    "GB": 10**9,
    "KiB": 2**10,
    "MiB": 2**20,
    "GiB": 2**30,
}
AMBIGUOUS_UNITS: dict[str, tuple[int, int]] = {"K": (10**3, 2**10), "M": (10**6, 2**20), "G": (10**9, 2**30)}
_UNITS = {u.lower(): u for u in (*FIXED_UNITS, *AMBIGUOUS_UNITS)}


def format_id(printed: str) -> str:
    """`JPG` → jpeg; raises ValueError (Chinese) for a word outside the vocabulary."""
    key = str(printed).strip().lstrip(".").lower()
    if key not in FORMAT_ALIASES:
        allowed = "、".join(sorted({k.upper() for k in FORMAT_ALIASES}))
        raise ValueError(f"未知的文件格式“{printed}”，可写：{allowed}")
    return FORMAT_ALIASES[key]


def format_label(fmt: str) -> str:
    return FORMAT_LABELS.get(fmt, fmt.upper())


def canonical_unit(printed: str) -> str:
    """`mb` → MB, `mib` → MiB, `M` → M; raises ValueError (Chinese) for any other unit."""
    key = str(printed).strip().lower()
    if key not in _UNITS:
        raise ValueError(
            f"未知的大小单位“{printed}”，可写：M（按 byte_reading 理解）、MB（10^6 字节）、MiB（2^20 字节）、"
            "KB、KiB、K、B、GB、GiB、G"
        )
    return _UNITS[key]


def unit_bytes(printed: str, reading: str) -> int:
    """Bytes per unit under one reading ("decimal" or "binary"); fixed units ignore the reading."""
    unit = canonical_unit(printed)
    if unit in FIXED_UNITS:
        return FIXED_UNITS[unit]
    decimal, binary = AMBIGUOUS_UNITS[unit]
    return binary if reading == "binary" else decimal


def is_ambiguous(printed: str) -> bool:
    return canonical_unit(printed) in AMBIGUOUS_UNITS


def _format(value: Any) -> Any:
    return format_id(value) if isinstance(value, str) else value


def _photo_format(value: str) -> str:
    if value not in PHOTO_FORMATS:
        raise ValueError(f"“{value}”不是照片格式，可写：JPG、PNG、HEIC、WEBP、GIF、BMP、TIFF")
    return value


def _video_format(value: str) -> str:
    if value not in VIDEO_FORMATS:
        raise ValueError(f"“{value}”不是视频格式，可写：MP4、MOV")
    return value


def _unit(value: Any) -> Any:
    if isinstance(value, str):
        canonical_unit(value)  # validates; the printed spelling is kept for messages
        return value.strip()
    return value


PhotoFormat = Annotated[str, BeforeValidator(_format), AfterValidator(_photo_format)]
VideoFormat = Annotated[str, BeforeValidator(_format), AfterValidator(_video_format)]
SizeUnit = Annotated[str, BeforeValidator(_unit)]
