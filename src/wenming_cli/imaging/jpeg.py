"""The encoders that land a photo inside a byte window: JPEG (quality, then subsampling, then pixels) and PNG."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

# Below quality 70 JPEG artefacts show on faces and banners; fewer pixels look better than that.
MIN_QUALITY = 70
# The first ceiling: above 95 bytes grow fast for little visible gain, so 96–100 serve only to reach a
# lower bound that 95 misses.
USUAL_QUALITY = 95
MAX_QUALITY = 100
# Pillow's subsampling values, least chroma first: 4:2:0 as phones write, then 4:2:2, then 4:4:4.
SUBSAMPLINGS = ((2, "4:2:0"), (1, "4:2:2"), (0, "4:4:4"))
_MAX_ROUNDS = 6


def encode_jpeg(
    img: Image.Image, quality: int, exif: bytes = b"", icc: bytes | None = None, subsampling: int = 2
) -> bytes:
    buffer = io.BytesIO()
    # optimize=False because Huffman optimisation costs time for ~2 % of bytes.
    img.save(
        buffer, "JPEG", quality=quality, subsampling=subsampling, optimize=False, exif=exif, icc_profile=icc
    )
    return buffer.getvalue()


def encode_png(img: Image.Image, icc: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, "PNG", compress_level=6, icc_profile=icc)
    return buffer.getvalue()


@dataclass(frozen=True)
class JpegFit:
    """The outcome of `jpeg_within` or `png_within`: `data` when it fits; else `top_size` tells a photo too small."""

    data: bytes | None
    quality: int | None
    scale: float
    size: tuple[int, int]
    encodes: int
    subsampling: str | None = None  # "4:2:0", "4:2:2" or "4:4:4" for a JPEG
    top_size: int | None = None  # bytes at the richest encoding when even that stays below the lower bound
    wanted_scale: float | None = None  # the enlargement that would have been needed


def _largest_within(
    encode: Callable[[int], bytes], high: int | None, seen: dict[int, bytes], floor: int, ceiling: int
) -> tuple[int, bytes] | None:
    """The largest quality in floor..ceiling whose file stays ≤ high (None when `floor` is too big).

    `seen` caches every encode by quality, so a second search over a higher range reuses the first.
    """

    def probe(quality: int) -> bytes:
        if quality not in seen:
            seen[quality] = encode(quality)
        return seen[quality]

    top = probe(ceiling)
    if high is None or len(top) <= high:
        return ceiling, top
    bottom = probe(floor)
    if len(bottom) > high:
        return None
    good, bad = (floor, bottom), ceiling
    while bad - good[0] > 1:
        # Size grows roughly exponentially with quality: interpolate on its logarithm.
        q0, s0, s1 = good[0], len(seen[good[0]]), len(seen[bad])
        share = (math.log(high) - math.log(s0)) / max(math.log(s1) - math.log(s0), 1e-9)
        quality = min(bad - 1, max(q0 + 1, round(q0 + share * (bad - q0))))
        data = probe(quality)
        if len(data) <= high:
            good = (quality, data)
        else:
            bad = quality
    return good


def resized(img: Image.Image, scale: float) -> Image.Image:
    if scale == 1.0:
        return img
    size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
    return img.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0 if scale < 1 else None)


def _middle(low: int | None, high: int | None) -> float:
    return math.sqrt(low * high) if low and high else (low * 1.15 if low else 0.0)


def jpeg_within(
    img: Image.Image,
    low: int | None,
    high: int | None,
    exif: bytes = b"",
    icc: bytes | None = None,
    max_scale: float = 1.0,
) -> JpegFit:
    """The best JPEG of an RGB image with low ≤ bytes ≤ high: quality, then subsampling, then pixels.

    Never pads: below `low` it raises quality up to 100 and keeps more chroma (4:2:2, then 4:4:4)
    before it enlarges, and enlarges only up to `max_scale`. Bounded work: a few encodes per
    subsampling, a few rounds.
    """
    middle = _middle(low, high)
    scale, encodes, size = 1.0, 0, img.size
    for _ in range(_MAX_ROUNDS):
        current = resized(img, scale)
        size = current.size
        seen: dict[int, dict[int, bytes]] = {value: {} for value, _label in SUBSAMPLINGS}
        found, richest = _ladder(current, low, high, exif, icc, seen)
        encodes += sum(len(s) for s in seen.values())
        first = {q: len(data) for q, data in seen[SUBSAMPLINGS[0][0]].items()}  # 4:2:0 steers the scale
        if found is not None:
            quality, data, label = found
            return JpegFit(data, quality, scale, size, encodes, subsampling=label)
        if richest is None:
            assert high is not None
            # Aim quality 70 at the lower bound, so the search above it has room to raise quality.
            aim = min(max(low or 0, 0.7 * high), 0.9 * high)
            scale *= math.sqrt(aim / first[MIN_QUALITY])
            continue
        if richest[0] == MAX_QUALITY:
            top = len(richest[1])
            wanted = scale * math.sqrt(middle / top)
            if wanted > max_scale:
                if scale < 1.0 <= max_scale:
                    scale = 1.0
                    continue
                return JpegFit(None, None, scale, size, encodes, top_size=top, wanted_scale=wanted)
            scale = wanted
            continue
        # The window lies between two quality steps everywhere: slightly fewer pixels at 4:2:0.
        step = min((q for q in first if first[q] > (high or 0)), default=None)
        scale *= math.sqrt(middle / first[step]) if step is not None else 0.97
    return JpegFit(None, None, scale, size, encodes)


def _ladder(
    img: Image.Image,
    low: int | None,
    high: int | None,
    exif: bytes,
    icc: bytes | None,
    seen: dict[int, dict[int, bytes]],
) -> tuple[tuple[int, bytes, str] | None, tuple[int, bytes] | None]:
    """(the first encoding inside the window, the richest one below it): None, None when 4:2:0 q70 is too big.

    Order: each subsampling up to quality 95, then each up to 100 — a screenshot's coloured text gains
    more from 4:2:2 than from quality 97.
    """
    richest: tuple[int, bytes] | None = None
    for floor, ceiling in ((MIN_QUALITY, USUAL_QUALITY), (USUAL_QUALITY, MAX_QUALITY)):
        for value, label in SUBSAMPLINGS:
            cache = seen[value]
            usual = cache.get(USUAL_QUALITY)
            if floor == USUAL_QUALITY and (usual is None or (high is not None and len(usual) > high)):
                continue  # not reached, or quality 95 already overshoots: higher cannot help
            best = _largest_within(
                lambda q, v=value: encode_jpeg(img, q, exif, icc, v), high, cache, floor, ceiling
            )
            if best is None:
                # More chroma only adds bytes: when 4:2:0 at quality 70 is too big, so is the rest.
                if value == SUBSAMPLINGS[0][0] and floor == MIN_QUALITY:
                    return None, None
                break
            if low is None or len(best[1]) >= low:
                return (best[0], best[1], label), None
            richest = best
    return None, richest


def png_within(
    img: Image.Image, low: int | None, high: int | None, icc: bytes | None = None, max_scale: float = 1.0
) -> JpegFit:
    """A PNG with low ≤ bytes ≤ high: PNG is lossless, so only the pixel count moves its size."""
    middle = _middle(low, high)
    scale, encodes = 1.0, 0
    current = img
    for _ in range(_MAX_ROUNDS + 2):
        current = resized(img, scale)
        data = encode_png(current, icc)
        encodes += 1
        if (low is None or len(data) >= low) and (high is None or len(data) <= high):
            return JpegFit(data, None, scale, current.size, encodes)
        wanted = scale * math.sqrt((middle or len(data)) / len(data))
        if wanted > max_scale:
            if scale < 1.0 <= max_scale:
                scale = 1.0
                continue
            return JpegFit(None, None, scale, current.size, encodes, top_size=len(data), wanted_scale=wanted)
        scale = wanted
    return JpegFit(None, None, scale, current.size, encodes)
