"""Opening photos the way a reviewer sees them: one pixel limit, HEIC support, EXIF, colour modes.

Every command that opens a photo (the scan, the full decode of `check`, `photo fit`) goes through
`open_lazily`, so they all accept and refuse the same photos.
"""

from __future__ import annotations

import io
import struct
import warnings
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageCms, ImageOps

# One limit for every command: above a genuine 200-megapixel phone photo (16320×12240 = 199.8 MP),
# far below what would exhaust memory (a decoded 250 MP RGB image is 750 MB).
MAX_PIXELS = 250_000_000


class TooManyPixels(ValueError):
    """A photo whose header announces more pixels than MAX_PIXELS; nothing was decoded."""

    def __init__(self, width: int, height: int) -> None:
        super().__init__(
            f"图片像素过多（{width}×{height}，约 {width * height / 1e6:.0f} 百万像素，"
            f"上限 {MAX_PIXELS / 1e6:.0f} 百万），疑似解压炸弹，未解码"
        )
        self.width, self.height = width, height


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

_heif_registered = False


def prepare(heif: bool = True) -> None:
    """Set Pillow's limit to ours and, when `heif`, register HEIC/HEIF (iPhone) support; idempotent.

    Registering pillow-heif costs ~25 ms of imports in every process that does it, so `open_lazily`
    asks for it only when the bytes it opens are an ISO media file (an `ftyp` box): a header pass over
    thousands of JPEGs in worker processes never pays for it.
    """
    global _heif_registered
    # Pillow raises only above twice its limit; ours is checked explicitly in open_lazily.
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    if heif and not _heif_registered:
        _heif_registered = True
        try:
            from pillow_heif import register_heif_opener

            register_heif_opener()
        except ImportError:  # HEIC support is optional at run time
            pass


def _is_iso_media(head: bytes) -> bool:
    """HEIC, HEIF and AVIF files open with an ISO base media `ftyp` box at offset 4."""
    return head[4:8] == b"ftyp"


def _head(source: Path | bytes | BinaryIO) -> bytes:
    if isinstance(source, bytes):
        return source[:12]
    if isinstance(source, (str, Path)):
        try:
            with open(source, "rb") as handle:
                return handle.read(12)
        except OSError:
            return b""  # Image.open reports the error itself
    try:
        position = source.tell()
        head = source.read(12)
        source.seek(position)
        return head
    except (OSError, ValueError, AttributeError):
        return b"????ftyp"  # a stream that cannot be peeked: register, as before


def open_lazily(source: Path | bytes | BinaryIO) -> Image.Image:
    """Open a photo's header without decoding pixels; raises TooManyPixels above the one limit."""
    prepare(heif=_is_iso_media(_head(source)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        img = Image.open(io.BytesIO(source) if isinstance(source, bytes) else source)
    width, height = img.size
    if width * height > MAX_PIXELS:
        img.close()
        raise TooManyPixels(width, height)
    return img


def open_image(source: Path | bytes | BinaryIO) -> Image.Image:
    """Open and fully decode a photo; raises OSError/ValueError (TooManyPixels included) on bad input."""
    img = open_lazily(source)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
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
