"""Photos: header-level facts without decoding pixels, and the full decode run in worker processes."""

from __future__ import annotations

import struct
import warnings

from PIL import Image, UnidentifiedImageError

from wenming_cli.evidence.jpeghead import clean_text, exif_datetime, read_header
from wenming_cli.imaging.decode import TooManyPixels, open_lazily
from wenming_cli.imaging.messages import image_error_text
from wenming_cli.models.inventory import PhotoInfo

_EXIF_IFD = 0x8769
_TAG_DATETIME_ORIGINAL = 0x9003
_TAG_DATETIME = 0x0132
_TAG_MAKE = 0x010F
_TAG_MODEL = 0x0110
_TAG_SOFTWARE = 0x0131
_TAG_ORIENTATION = 0x0112

def jpeg_truncated(tail: bytes, size: int) -> bool:
    """A JPEG without its end-of-image marker near the end of the file.

    `tail` is the file's last bytes (at least 64 KB when the file is that long), `size` its length.
    Entropy-coded data cannot contain FF D9, so an EOI in the last part of the file is the real one
    (some cameras append trailers after it); a thumbnail's EOI lies in the first half.
    """
    window = min(65536, max(size // 2, 2), len(tail))
    return tail.rfind(b"\xff\xd9", len(tail) - window) < 0


_PLAIN_JPEG = PhotoInfo.model_construct(format="jpeg")


def header_info(
    data: bytes, content_type: str, tail: bytes | None = None, size: int | None = None, *, fast: bool = True
) -> PhotoInfo:
    """Dimensions and EXIF from the header; Pillow opens lazily, so no pixel is decoded here.

    `data` is the whole file or (JPEG, quick pass) its head; `tail` and `size` then describe the rest.
    A plain JPEG header is read by `jpeghead` (same facts, a fraction of the time), and a PNG's EXIF is
    found without decoding its pixels; `fast=False` leaves both to Pillow (the tests compare the two).
    """
    info: dict[str, object] = {"format": content_type}
    if content_type == "jpeg":
        info["truncated"] = jpeg_truncated(
            data if tail is None else tail, len(data) if size is None else size
        )
        fast = read_header(data) if fast else None
        if fast is not None:  # a plain header: read without Pillow, the same facts (jpeghead.py)
            return _PLAIN_JPEG.model_copy(  # a copy of a template: a third of model_construct's time
                update=dict(
                    width=fast.width,
                    height=fast.height,
                    captured=fast.captured,
                    make=fast.make,
                    model=fast.model,
                    software=fast.software,
                    orientation=fast.orientation,
                    truncated=info["truncated"],
                )
            )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with open_lazily(data) as img:
                info["width"], info["height"] = img.size
                if content_type == "png" and fast:
                    _png_exif_without_pixels(img, data)
                exif = img.getexif()
                sub = exif.get_ifd(_EXIF_IFD) if exif else {}
                info["captured"] = exif_datetime(sub.get(_TAG_DATETIME_ORIGINAL)) or None
                info["make"] = clean_text(exif.get(_TAG_MAKE))
                info["model"] = clean_text(exif.get(_TAG_MODEL))
                info["software"] = clean_text(exif.get(_TAG_SOFTWARE))
                orientation = exif.get(_TAG_ORIENTATION)
                info["orientation"] = orientation if isinstance(orientation, int) else None
    except (TooManyPixels, Image.DecompressionBombError) as exc:
        info["decode_error"] = image_error_text(exc)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        info["decode_error"] = f"无法读取图片头：{image_error_text(exc)}"
    # Every value above is already of its field's type: constructing skips building PhotoInfo's
    # validator, which each worker process would otherwise build anew (~20 ms) for its first such photo.
    return PhotoInfo.model_construct(**info)  # type: ignore[arg-type]


def _png_exif_without_pixels(img: Image.Image, data: bytes) -> None:
    """Hand Pillow the EXIF a PNG keeps after its pixels, so that `getexif()` does not decode them all
    to find it (the quick pass decodes no pixel). Only for plain chunk lists: with text chunks after
    the pixels (which decoding would add to the image's info), several EXIF chunks, animation or a
    damaged list, Pillow is left to decode as before."""
    if "exif" in img.info:
        return
    pos, seen_pixels, found = 8, False, []
    while True:
        if pos + 12 > len(data):
            return  # no IEND: damaged
        length, kind = struct.unpack_from(">I4s", data, pos)
        if pos + 12 + length > len(data):
            return
        if kind == b"IEND":
            break
        if kind == b"IDAT":
            seen_pixels = True
        elif kind == b"eXIf":
            found.append(data[pos + 8 : pos + 8 + length])
        elif kind in (b"acTL", b"fdAT") or (seen_pixels and kind in (b"tEXt", b"zTXt", b"iTXt")):
            return
        pos += 12 + length
    if len(found) > 1 or "Raw profile type exif" in img.info:
        return
    # What decoding would have stored (an empty value reads as no EXIF, like a missing one).
    img.info["exif"] = b"Exif\x00\x00" + found[0] if found else b""


def decode_pixels(data: bytes) -> tuple[str | None, str | None]:
    """(error, dhash) of an image in memory: `decode_hashes` without the crop windows."""
    error, own, _ = decode_hashes(data)
    return error, own


def decode_hashes(data: bytes) -> tuple[str | None, str | None, tuple[str, ...]]:
    """Decode every pixel of an image already in memory (catches corrupt and truncated data) and
    compute its difference hashes. Returns (error, dhash, crop-window hashes); never reopens the file.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with open_lazily(data) as img:
                # draft() lets the JPEG decoder scale by 1/8 while still reading the whole stream.
                img.draft("L", (256, 256))
                img.load()
                own, windows = photo_hashes(img)
                return None, own, windows
    except (TooManyPixels, Image.DecompressionBombError) as exc:
        return image_error_text(exc), None, ()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError, MemoryError) as exc:
        return f"图片无法完整解码：{image_error_text(exc)}", None, ()


# Windows of a photo that a copy cropped by 5 % on one or two sides shows whole (left, top, right, bottom
# shares dropped): a cropped copy's own hash lies close to one of these (benchmarks/near_duplicates.py).
CROP_SHARE = 0.05
CROP_WINDOWS = tuple(
    (left, top, right, bottom)
    for left, top, right, bottom in (
        (1, 0, 0, 0), (0, 0, 1, 0), (0, 1, 0, 0), (0, 0, 0, 1),
        (1, 1, 0, 0), (1, 0, 0, 1), (0, 1, 1, 0), (0, 0, 1, 1),
    )
)  # fmt: skip


def window_hashes(img: Image.Image) -> tuple[str, ...]:
    """Difference hashes of the photo's crop windows (see CROP_WINDOWS), from the decoded pixels."""
    grey = img.convert("L")
    w, h = grey.size
    dx, dy = w * CROP_SHARE, h * CROP_SHARE
    return tuple(
        dhash(grey.crop((round(lft * dx), round(top * dy), round(w - rgt * dx), round(h - bot * dy))))
        for lft, top, rgt, bot in CROP_WINDOWS
    )


def dhash(img: Image.Image, size: int = 8) -> str:
    """A 64-bit difference hash: robust to re-encoding and resizing (crops: see window_hashes)."""
    small = img.convert("L").resize((size + 1, size), Image.Resampling.LANCZOS)
    pixels = small.tobytes()
    bits = 0
    for row in range(size):
        for col in range(size):
            left = pixels[row * (size + 1) + col]
            right = pixels[row * (size + 1) + col + 1]
            bits = (bits << 1) | (1 if left > right else 0)
    return f"{bits:016x}"


def photo_hashes(img: Image.Image) -> tuple[str, tuple[str, ...]]:
    """`dhash(img)` and `window_hashes(img)`, the same bits for a third of the work.

    Pillow resizes in two passes, one along each axis, and a pass along one axis treats each row (or
    column) on its own. The windows share their rows or columns: one pass over each of the three column
    ranges (or row ranges, when Pillow would go down the columns first) serves them all, and only the
    short second passes are done per window. `_shared_passes_agree` checks once that this Pillow still
    orders its passes so; if not, every hash is computed whole as before. Where numpy is there, the
    passes are matrix products instead (`imaging/lanczos.py`: the same bytes, checked once per size).
    """
    grey = img.convert("L")
    if not _shared_passes_agree():
        return dhash(grey), window_hashes(grey)
    w, h = grey.size
    dx, dy = w * CROP_SHARE, h * CROP_SHARE
    boxes = ((0, 0, w, h),) + tuple(
        (round(lft * dx), round(top * dy), round(w - rgt * dx), round(h - bot * dy))
        for lft, top, rgt, bot in CROP_WINDOWS
    )
    smalls = _matrix_smalls(grey, boxes)
    if smalls is None:
        strips: dict[tuple[str, int, int], Image.Image] = {}
        smalls = [_small(grey, box, strips).tobytes() for box in boxes]
    hashes = [_bits_of(pixels) for pixels in smalls]
    return hashes[0], tuple(hashes[1:])


# Picture sizes on which the matrix products gave Pillow's own bytes (True) or did not (False).
_matrix_checked: dict[tuple[int, int], bool] = {}


def _matrix_smalls(grey: Image.Image, boxes: tuple[tuple[int, int, int, int], ...]) -> list[bytes] | None:
    """The boxes' 9 × 8 reductions through `imaging.lanczos` (the same bytes in a fifth of the time), or
    None where Pillow's own resize is to be used: tiny pictures, no numpy, or a size on which the two
    once differed. The first picture of each size is reduced both ways and compared."""
    size = grey.size
    if size[0] < 18 or size[1] < 16 or _matrix_checked.get(size) is False:
        return None
    try:
        from wenming_cli.imaging import lanczos
    except ImportError:  # numpy missing or broken: Pillow's resize, as before
        return None
    order = [_columns_first(r - left, b - t) for left, t, r, b in boxes]
    smalls: dict[tuple[int, int, int, int], bytes] = {}
    for first in (False, True):
        group = tuple(box for box, columns in zip(boxes, order, strict=True) if columns == first)
        if group:
            smalls.update(zip(group, lanczos.reduce_crops(grey, group, first), strict=True))
    out = [smalls[box] for box in boxes]
    if size not in _matrix_checked:
        strips: dict[tuple[str, int, int], Image.Image] = {}
        _matrix_checked[size] = out == [_small(grey, box, strips).tobytes() for box in boxes]
        if not _matrix_checked[size]:
            return None
    return out


def _small(grey: Image.Image, box: tuple[int, int, int, int], strips: dict) -> Image.Image:
    """`grey.crop(box).resize((9, 8), LANCZOS)` through passes shared between windows."""
    left, top, right, bottom = box
    w, h = grey.size
    if _columns_first(right - left, bottom - top):
        key = ("rows", top, bottom)
        if key not in strips:
            strips[key] = grey.crop((0, top, w, bottom)).resize((w, 8), Image.Resampling.LANCZOS)
        return strips[key].crop((left, 0, right, 8)).resize((9, 8), Image.Resampling.LANCZOS)
    key = ("columns", left, right)
    if key not in strips:
        strips[key] = grey.crop((left, 0, right, h)).resize((9, h), Image.Resampling.LANCZOS)
    return strips[key].crop((0, top, 9, bottom)).resize((9, 8), Image.Resampling.LANCZOS)


def _columns_first(width: int, height: int) -> bool:
    """Whether Pillow (11.2 and later) resizes a width × height image to 9 × 8 down the columns first:
    when the height shrinks by more than twice what the width does."""
    return height - 8 > 0 and height - 8 > (width - 9) * 2


_agreement: bool | None = None


def _shared_passes_agree() -> bool:
    """Whether shared passes give this Pillow's own answer, on a wide and a tall picture (once)."""
    global _agreement
    if _agreement is None:
        _agreement = True
        for size in ((64, 48), (14, 90), (23, 23)):
            pixels = bytes((i * 7919 + (i // size[0]) * 104729) % 251 for i in range(size[0] * size[1]))
            sample = Image.frombytes("L", size, pixels)
            expected = (dhash(sample), window_hashes(sample))
            if photo_hashes(sample) != expected:
                _agreement = False
                break
    return _agreement


_LEFT = tuple(row * 9 + col for row in range(8) for col in range(8))  # each pixel with one to its right


def _bits_of(pixels: bytes) -> str:
    """The difference hash of a 9 × 8 grey picture's bytes (row by row, left brighter than right: 1)."""
    bits = 0
    for i in _LEFT:
        bits = (bits << 1) | (pixels[i] > pixels[i + 1])
    return f"{bits:016x}"


def hamming(a: str, b: str) -> int:
    return bin(int(a, 16) ^ int(b, 16)).count("1")
