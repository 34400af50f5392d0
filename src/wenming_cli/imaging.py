"""Opening photos the way a reviewer sees them: HEIC support, EXIF orientation, colour modes, CJK fonts.

Also the one JPEG encoder that lands a photo inside a byte window. Shared by `photo fit` and the photo
checks; nothing here knows about rubrics.
"""

from __future__ import annotations

import io
import math
import os
import struct
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageCms, ImageDraw, ImageFont, ImageOps

# Far above any phone photo (a 200-megapixel sensor), far below what would exhaust memory.
MAX_PIXELS = 250_000_000

TAG_ORIENTATION = 0x0112
TAG_DATETIME_ORIGINAL = 0x9003
IFD_EXIF = 0x8769
IFD_GPS = 0x8825

# What a reviewer relies on (who took it, with what, when, where) and what colour needs; everything
# else — maker notes, the embedded thumbnail, pixel dimensions that resizing would make wrong — goes.
_KEEP_IFD0 = {
    0x010F,  # Make
    0x0110,  # Model
    0x0131,  # Software: kept as found, so an edit check still sees the editor
    0x0132,  # DateTime
    0x013B,  # Artist
    0x8298,  # Copyright
}
_KEEP_EXIF = {
    0x829A,  # ExposureTime
    0x829D,  # FNumber
    0x8827,  # ISOSpeedRatings
    0x9000,  # ExifVersion
    0x9003,  # DateTimeOriginal
    0x9004,  # DateTimeDigitized
    0x9010,  # OffsetTime
    0x9011,  # OffsetTimeOriginal
    0x9012,  # OffsetTimeDigitized
    0x9209,  # Flash
    0x920A,  # FocalLength
    0x9290,  # SubsecTime
    0x9291,  # SubsecTimeOriginal
    0x9292,  # SubsecTimeDigitized
    0xA001,  # ColorSpace
    0xA433,  # LensMake
    0xA434,  # LensModel
}

_heif_ready = False


def enable_heif() -> None:
    """Let Pillow open HEIC/HEIF (iPhone) photos; harmless when pillow-heif is missing."""
    global _heif_ready
    if not _heif_ready:
        try:
            from pillow_heif import register_heif_opener

            register_heif_opener()
        except ImportError:
            pass
        _heif_ready = True


def open_image(source: Path | bytes) -> Image.Image:
    """Open and fully decode a photo; raises OSError/ValueError/DecompressionBombError on bad input."""
    enable_heif()
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        img = Image.open(io.BytesIO(source) if isinstance(source, bytes) else source)
        img.load()
    return img


def orientation(img: Image.Image) -> int:
    value = img.getexif().get(TAG_ORIENTATION)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def upright(img: Image.Image) -> Image.Image:
    """The pixels turned as EXIF Orientation says, so every viewer shows the same picture."""
    return ImageOps.exif_transpose(img) if orientation(img) != 1 else img


def kept_exif(img: Image.Image) -> bytes:
    """EXIF reduced to what a reviewer relies on, without Orientation (pixels are upright) or thumbnail."""
    source = img.getexif()
    if not source:
        return b""
    kept = Image.Exif()
    for tag in _KEEP_IFD0:
        if tag in source:
            kept[tag] = source[tag]
    sub = {t: v for t, v in source.get_ifd(IFD_EXIF).items() if t in _KEEP_EXIF}
    if sub:
        kept[IFD_EXIF] = sub
    gps = dict(source.get_ifd(IFD_GPS))
    if gps:
        kept[IFD_GPS] = gps
    try:
        return kept.tobytes() if len(kept) else b""
    except (ValueError, TypeError, OverflowError, struct.error):
        # A malformed GPS block (odd phone firmware) must not cost the capture date.
        kept.pop(IFD_GPS, None)
        try:
            return kept.tobytes()
        except (ValueError, TypeError, OverflowError, struct.error):
            return b""


def has_capture_date(img: Image.Image) -> bool:
    return TAG_DATETIME_ORIGINAL in img.getexif().get_ifd(IFD_EXIF)


def _icc_space(icc: bytes) -> str | None:
    try:
        return ImageCms.ImageCmsProfile(io.BytesIO(icc)).profile.xcolor_space.strip()
    except (OSError, ImageCms.PyCMSError, AttributeError):
        return None


def to_rgb(
    img: Image.Image, background: tuple[int, int, int] = (255, 255, 255)
) -> tuple[Image.Image, bytes | None, str | None]:
    """(RGB image, its ICC profile or None, the source mode when converted); transparency goes on `background`.

    CMYK goes through its embedded profile when there is one (a plain conversion shifts colours);
    a profile that no longer matches the pixels (CMYK, grey) is dropped rather than mislabel them.
    """
    mode = img.mode
    icc = img.info.get("icc_profile") or None
    if mode == "RGB":
        out, note = img, None
    elif mode == "CMYK":
        out = None
        if icc and _icc_space(icc) == "CMYK":
            try:
                srgb = ImageCms.createProfile("sRGB")
                out = ImageCms.profileToProfile(
                    img, ImageCms.ImageCmsProfile(io.BytesIO(icc)), srgb, outputMode="RGB"
                )
            except (OSError, ImageCms.PyCMSError):
                out = None
        out = out if out is not None else img.convert("RGB")
        note = "CMYK"
    elif mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit grey: scale into 8 bits instead of clipping everything above 255 to white.
        out = img.convert("I").point(lambda v: v * (1 / 256)).convert("L").convert("RGB")
        note = mode
    elif img.has_transparency_data or mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = img.convert("RGBA")
        out = Image.new("RGB", img.size, background)
        out.paste(rgba, mask=rgba.getchannel("A"))
        note = f"{mode}+alpha"
    else:
        out, note = img.convert("RGB"), mode
    out.info = {}
    return out, (icc if icc and _icc_space(icc) == "RGB" else None), note


# -- CJK fonts ------------------------------------------------------------------------------------

# File-name fragments of fonts that carry Simplified Chinese, best first.
_CJK_FONT_NAMES = (
    "notosanscjksc",
    "notosanssc",
    "notosanscjk",
    "sourcehansanssc",
    "sourcehansans",
    "msyh",
    "pingfang",
    "hiragino sans gb",
    "simhei",
    "notoserifcjk",
    "notoserifsc",
    "sourcehanserif",
    "wqy-microhei",
    "wqy-zenhei",
    "wqy",
    "stheiti",
    "simsun",
    "droidsansfallback",
    "arphic",
    "uming",
    "ukai",
)
_FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")


def font_dirs() -> list[Path]:
    """Where Linux, macOS and Windows keep fonts (fc-list does not exist on Windows)."""
    home = Path.home()
    dirs = [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".fonts",
        home / ".local/share/fonts",
        Path("/System/Library/Fonts"),
        Path("/Library/Fonts"),
        home / "Library/Fonts",
    ]
    if sys.platform == "win32" or os.environ.get("WINDIR"):
        dirs.insert(0, Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft/Windows/Fonts")
    return dirs


def _font_rank(path: Path) -> tuple[int, int, int] | None:
    name = path.name.lower()
    if not name.endswith(_FONT_SUFFIXES):
        return None
    squeezed = name.replace("-", "").replace("_", "").replace(" ", "")
    for rank, fragment in enumerate(_CJK_FONT_NAMES):
        if fragment in name or fragment.replace("-", "").replace(" ", "") in squeezed:
            bold = any(w in name for w in ("bold", "black", "heavy", "light", "thin"))
            return rank, int(bold), len(name)
    return None


@lru_cache(maxsize=1)
def find_cjk_fonts() -> tuple[Path, ...]:
    """Installed fonts with Chinese glyphs, best first (regular sans before serif and bold)."""
    found: list[tuple[tuple[int, int, int], Path]] = []
    for folder in font_dirs():
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder):
            for name in files:
                path = Path(root) / name
                rank = _font_rank(path)
                if rank is not None:
                    found.append((rank, path))
    return tuple(path for _rank, path in sorted(found))


def find_cjk_font() -> Path | None:
    return next((p for p in find_cjk_fonts() if has_cjk_glyphs(p)), None)


@lru_cache(maxsize=8)
def _face_index(path: str) -> int:
    """In a collection (.ttc) prefer the Simplified Chinese face (Noto's first face is Japanese)."""
    for index in range(16):
        try:
            family = ImageFont.truetype(path, 12, index=index).getname()[0] or ""
        except OSError:
            break
        if family.endswith((" SC", " CN")) or "GB" in family:
            return index
    return 0


def load_font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, index=_face_index(str(path)))


@lru_cache(maxsize=8)
def has_cjk_glyphs(path: Path) -> bool:
    """Whether the font draws 中文 as glyphs rather than as the empty box it uses for missing ones."""
    try:
        font = load_font(path, 24)
    except OSError:
        return False

    def drawn(text: str) -> bytes:
        canvas = Image.new("L", (80, 40))
        ImageDraw.Draw(canvas).text((2, 2), text, font=font, fill=255)
        return canvas.tobytes()

    sample = drawn("中文")
    return any(sample) and sample != drawn("\U0010fffd\U0010fffd")


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for char in text:
        if current and font.getlength(current + char) > width:
            lines.append(current)
            current = char.lstrip()
        else:
            current += char
    return [*lines, current] if current else lines


def burn_caption(img: Image.Image, lines: Sequence[str], font_path: Path) -> Image.Image:
    """A dark band across the bottom of an RGB photo with `lines` in white, sized to the photo."""
    width, height = img.size
    size = max(12, round(min(width, height) / 26))
    font = load_font(font_path, size)
    pad = max(4, size // 2)
    wrapped = [part for line in lines for part in _wrap(line, font, width - 2 * pad)]
    line_height = round(size * 1.4)
    max_lines = max(1, (height // 2 - 2 * pad) // line_height)
    wrapped = wrapped[:max_lines]
    band_height = 2 * pad + line_height * len(wrapped)
    top = height - band_height
    out = img.copy()
    band = out.crop((0, top, width, height))
    out.paste(Image.blend(band, Image.new("RGB", band.size, (0, 0, 0)), 0.55), (0, top))
    draw = ImageDraw.Draw(out)
    for i, line in enumerate(wrapped):
        draw.text((pad, top + pad + i * line_height), line, font=font, fill=(255, 255, 255))
    return out


# -- JPEG within a byte window --------------------------------------------------------------------

# Below quality 70 JPEG artefacts show on faces and banners; fewer pixels look better than that.
MIN_QUALITY = 70
MAX_QUALITY = 95
_MAX_ROUNDS = 6


def encode_jpeg(img: Image.Image, quality: int, exif: bytes = b"", icc: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    # 4:2:0 as phones write; optimize=False because Huffman optimisation costs time for ~2 % of bytes.
    img.save(buffer, "JPEG", quality=quality, subsampling=2, optimize=False, exif=exif, icc_profile=icc)
    return buffer.getvalue()


@dataclass(frozen=True)
class JpegFit:
    """The outcome of `jpeg_within`: `data` when it fits; else `top_size` tells a photo too small."""

    data: bytes | None
    quality: int | None
    scale: float
    size: tuple[int, int]
    encodes: int
    top_size: int | None = None  # bytes at MAX_QUALITY when even that stays below the lower bound
    wanted_scale: float | None = None  # the enlargement that would have been needed


def _best_quality(
    img: Image.Image, high: int | None, exif: bytes, icc: bytes | None
) -> tuple[dict[int, int], tuple[int, bytes] | None]:
    """The largest quality in 70..95 whose file stays ≤ high (None when 70 is too big), and sizes seen."""
    seen: dict[int, int] = {}

    def probe(quality: int) -> bytes:
        data = encode_jpeg(img, quality, exif, icc)
        seen[quality] = len(data)
        return data

    top = probe(MAX_QUALITY)
    if high is None or len(top) <= high:
        return seen, (MAX_QUALITY, top)
    bottom = probe(MIN_QUALITY)
    if len(bottom) > high:
        return seen, None
    good, bad = (MIN_QUALITY, bottom), MAX_QUALITY
    while bad - good[0] > 1:
        # Size grows roughly exponentially with quality: interpolate on its logarithm.
        q0, s0, s1 = good[0], seen[good[0]], seen[bad]
        share = (math.log(high) - math.log(s0)) / max(math.log(s1) - math.log(s0), 1e-9)
        quality = min(bad - 1, max(q0 + 1, round(q0 + share * (bad - q0))))
        data = probe(quality)
        if len(data) <= high:
            good = (quality, data)
        else:
            bad = quality
    return seen, good


def resized(img: Image.Image, scale: float) -> Image.Image:
    if scale == 1.0:
        return img
    size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
    return img.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0 if scale < 1 else None)


def jpeg_within(
    img: Image.Image,
    low: int | None,
    high: int | None,
    exif: bytes = b"",
    icc: bytes | None = None,
    max_scale: float = 1.0,
) -> JpegFit:
    """The best JPEG of an RGB image with low ≤ bytes ≤ high: quality first, then pixels.

    Never pads: a photo that stays below `low` at quality 95 is enlarged only up to `max_scale`.
    A few encodes per round, a few rounds: the work per photo stays bounded.
    """
    middle = math.sqrt(low * high) if low and high else (low * 1.15 if low else 0.0)
    scale, encodes, size = 1.0, 0, img.size
    for _ in range(_MAX_ROUNDS):
        current = resized(img, scale)
        size = current.size
        seen, best = _best_quality(current, high, exif, icc)
        encodes += len(seen)
        if best is None:
            assert high is not None
            # Aim quality 70 at the lower bound, so the search above it has room to raise quality.
            aim = min(max(low or 0, 0.7 * high), 0.9 * high)
            scale *= math.sqrt(aim / seen[MIN_QUALITY])
            continue
        quality, data = best
        if low is None or len(data) >= low:
            return JpegFit(data, quality, scale, size, encodes)
        if quality == MAX_QUALITY:
            wanted = scale * math.sqrt(middle / len(data))
            if wanted > max_scale:
                if scale < 1.0 <= max_scale:
                    scale = 1.0
                    continue
                return JpegFit(None, None, scale, size, encodes, top_size=len(data), wanted_scale=wanted)
            scale = wanted
            continue
        # The window lies between two quality steps: take the next step on slightly fewer pixels.
        scale *= math.sqrt(middle / seen[quality + 1])
    return JpegFit(None, None, scale, size, encodes)
