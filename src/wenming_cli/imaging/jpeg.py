"""The encoders that land a photo inside a byte window: JPEG (quality, then subsampling, then pixels) and PNG.

A large JPEG is planned on estimates (`jpegsize`: a sample of its rows encoded, a fraction of the work),
then the whole picture is encoded at the planned scale and quality, and its real size decides: when it
misses, the same search goes on with whole encodes from there. Each scale is resized once.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from PIL import Image

from wenming_cli.imaging.jpegsize import SampledSizes, worth_sampling

# Below quality 70 JPEG artefacts show on faces and banners; fewer pixels look better than that.
MIN_QUALITY = 70
# The first ceiling: above 95 bytes grow fast for little visible gain, so 96–100 serve only to reach a
# lower bound that 95 misses.
USUAL_QUALITY = 95
MAX_QUALITY = 100
# Pillow's subsampling values, least chroma first: 4:2:0 as phones write, then 4:2:2, then 4:4:4.
SUBSAMPLINGS = ((2, "4:2:0"), (1, "4:2:2"), (0, "4:4:4"))
_MAX_ROUNDS = 6
# A quality one step above the real fit that the sampled estimate, calibrated on that fit's real size,
# puts this far above the maximum is taken as too big without encoding it (one step is ~4–8 % of bytes).
_SURE_OVER = 1.005


def encode_jpeg(
    img: Image.Image, quality: int, exif: bytes = b"", icc: bytes | None = None, subsampling: int = 2
) -> bytes:
    buffer = io.BytesIO()
    # optimize=False because Huffman optimisation costs time for ~2 % of bytes, and because fixed
    # tables make a file's size the sum of its rows' sizes, which the sampled estimates rely on.
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
    encodes: int  # whole-picture encodes; the sampled estimates are not counted
    subsampling: str | None = None  # "4:2:0", "4:2:2" or "4:4:4" for a JPEG
    top_size: int | None = None  # bytes at the richest encoding when even that stays below the lower bound
    wanted_scale: float | None = None  # the enlargement that would have been needed


# Bicubic rather than Lanczos: at the usual 0.7–0.9 a phone photo is shrunk by, the two are hard to tell
# apart, and bicubic takes about two thirds of the time, the largest single cost of fitting a photo.
RESAMPLE = Image.Resampling.BICUBIC


def resized(img: Image.Image, scale: float) -> Image.Image:
    if scale == 1.0:
        return img
    size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
    return img.resize(size, RESAMPLE, reducing_gap=3.0 if scale < 1 else None)


class _Resizes:
    """The picture at the last scale asked for: estimates and whole encodes share one resize."""

    def __init__(self, img: Image.Image) -> None:
        self.img = img
        self.last: tuple[float, Image.Image] = (1.0, img)

    def at(self, scale: float) -> Image.Image:
        if self.last[0] != scale:
            self.last = (scale, resized(self.img, scale))
        return self.last[1]


# (quality, subsampling) → bytes at one scale: real encodes of the whole picture, or sampled estimates.
Sizer = Callable[[int, int], int]


class _Whole:
    """Real encodes of the whole picture; keeps the bytes of the current scale."""

    def __init__(self, pictures: _Resizes, exif: bytes, icc: bytes | None) -> None:
        self.pictures, self.exif, self.icc = pictures, exif, icc
        self.encodes = 0
        self.data: dict[tuple[int, int], bytes] = {}

    def at(self, scale: float) -> tuple[Sizer, tuple[int, int]]:
        current = self.pictures.at(scale)
        self.data = {}

        def size(quality: int, subsampling: int) -> int:
            data = encode_jpeg(current, quality, self.exif, self.icc, subsampling)
            self.encodes += 1
            self.data[quality, subsampling] = data
            return len(data)

        return size, current.size


class _Sampled:
    """Estimated sizes from a sample of rows of the picture at each scale."""

    def __init__(self, pictures: _Resizes, exif: bytes, icc: bytes | None) -> None:
        self.pictures, self.exif, self.icc = pictures, exif, icc

    def at(self, scale: float) -> tuple[Sizer, tuple[int, int]]:
        current = self.pictures.at(scale)
        sizes = SampledSizes(current, lambda im, q, v: encode_jpeg(im, q, self.exif, self.icc, v))
        return sizes, current.size


@dataclass
class _Plan:
    """Where a search ended: the fit (quality, subsampling value, label) or why there is none."""

    scale: float
    size: tuple[int, int]
    found: tuple[int, int, str] | None = None
    top_size: int | None = None
    wanted_scale: float | None = None
    seen: dict[int, dict[int, int]] = field(default_factory=dict)  # bytes by subsampling and quality


def _largest_within(
    size: Callable[[int], int],
    high: int | None,
    seen: dict[int, int],
    floor: int,
    ceiling: int,
    hint: int | None = None,
    estimates: dict[int, int] | None = None,
) -> tuple[int, int] | None:
    """(the largest quality in floor..ceiling whose file stays ≤ high, its bytes); None when `floor` is too big.

    `seen` caches sizes by quality, so a second search over a higher range reuses the first. A `hint`
    (the quality an estimate chose) is probed first, then the search widens from it; `estimates`, the
    sampled sizes the hint came from, spare the encode one step above a fit they put clearly over.
    """

    def probe(quality: int) -> int:
        if quality not in seen:
            seen[quality] = size(quality)
        return seen[quality]

    if high is None:
        return ceiling, probe(ceiling)
    good: int | None = None  # the largest quality known to fit
    bad: int | None = None  # the smallest quality known to be too big
    if hint is not None and floor <= hint <= ceiling:
        # Estimates err by a percent or two, one quality step moves the size by several: walk one
        # step at a time from the hint.
        if probe(hint) <= high:
            good = hint
            after = hint + 1
            if estimates and hint in estimates and after in estimates and after <= ceiling:
                # The sample's error is the same one step higher: calibrated, the estimate is sharp.
                calibrated = estimates[after] * seen[hint] / max(estimates[hint], 1)
                if calibrated > high * _SURE_OVER:
                    return hint, seen[hint]
            while bad is None:
                if good == ceiling:
                    return good, seen[good]
                if probe(good + 1) <= high:
                    good += 1
                else:
                    bad = good + 1
        else:
            bad = hint
            while good is None:
                if bad == floor:
                    return None
                if probe(bad - 1) > high:
                    bad -= 1
                else:
                    good = bad - 1
    else:
        if probe(ceiling) <= high:
            return ceiling, seen[ceiling]
        if probe(floor) > high:
            return None
        good, bad = floor, ceiling
    while bad - good > 1:
        # Size grows roughly exponentially with quality: interpolate on its logarithm.
        s0, s1 = seen[good], seen[bad]
        share = (math.log(high) - math.log(s0)) / max(math.log(s1) - math.log(s0), 1e-9)
        quality = min(bad - 1, max(good + 1, round(good + share * (bad - good))))
        if probe(quality) <= high:
            good = quality
        else:
            bad = quality
    return good, seen[good]


def _middle(low: int | None, high: int | None) -> float:
    return math.sqrt(low * high) if low and high else (low * 1.15 if low else 0.0)


def _search(
    coder: _Whole | _Sampled,
    low: int | None,
    high: int | None,
    max_scale: float,
    start: _Plan | None = None,
) -> _Plan:
    """Quality, then subsampling, then pixels, in a few rounds; `start` (a plan from estimates) sets the first round."""
    middle = _middle(low, high)
    scale, hints, estimates = 1.0, {}, {}
    if start is not None and start.found is not None:
        scale, hints, estimates = start.scale, {start.found[1]: start.found[0]}, start.seen
    plan = _Plan(scale, (0, 0))
    for _ in range(_MAX_ROUNDS):
        size, dims = coder.at(scale)
        seen: dict[int, dict[int, int]] = {value: {} for value, _label in SUBSAMPLINGS}
        plan = _Plan(scale, dims, seen=seen)
        found, richest = _ladder(size, low, high, seen, hints, estimates)
        hints, estimates = {}, {}  # they describe the first round's scale only
        first = seen[SUBSAMPLINGS[0][0]]  # 4:2:0 steers the scale
        if found is not None:
            plan.found = found
            return plan
        if richest is None:
            assert high is not None
            # Aim quality 70 at the lower bound, so the search above it has room to raise quality.
            aim = min(max(low or 0, 0.7 * high), 0.9 * high)
            if MIN_QUALITY not in first:
                first[MIN_QUALITY] = size(MIN_QUALITY, SUBSAMPLINGS[0][0])
            scale *= math.sqrt(aim / first[MIN_QUALITY])
            continue
        if richest[0] == MAX_QUALITY:
            top = richest[1]
            wanted = scale * math.sqrt(middle / top)
            if wanted > max_scale:
                if scale < 1.0 <= max_scale:
                    scale = 1.0
                    continue
                plan.top_size, plan.wanted_scale = top, wanted
                return plan
            scale = wanted
            continue
        # The window lies between two quality steps everywhere: slightly fewer pixels at 4:2:0.
        step = min((q for q in first if first[q] > (high or 0)), default=None)
        scale *= math.sqrt(middle / first[step]) if step is not None else 0.97
    return plan


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
    before it enlarges, and enlarges only up to `max_scale`. A large picture is planned on sampled
    estimates first, so that it is usually resized once and encoded once or twice; the verdict and the
    bytes always come from whole encodes.
    """
    pictures = _Resizes(img)
    start = _search(_Sampled(pictures, exif, icc), low, high, max_scale) if worth_sampling(img) else None
    whole = _Whole(pictures, exif, icc)
    plan = _search(whole, low, high, max_scale, start)
    if plan.found is not None:
        quality, value, label = plan.found
        return JpegFit(whole.data[quality, value], quality, plan.scale, plan.size, whole.encodes, subsampling=label)
    return JpegFit(
        None, None, plan.scale, plan.size, whole.encodes, top_size=plan.top_size, wanted_scale=plan.wanted_scale
    )


def _ladder(
    size: Sizer,
    low: int | None,
    high: int | None,
    seen: dict[int, dict[int, int]],
    hints: dict[int, int],
    estimates: dict[int, dict[int, int]],
) -> tuple[tuple[int, int, str] | None, tuple[int, int] | None]:
    """(the first encoding inside the window, the richest one below it): None, None when 4:2:0 q70 is too big.

    Order: each subsampling up to quality 95, then each up to 100 — a screenshot's coloured text gains
    more from 4:2:2 than from quality 97.
    """
    richest: tuple[int, int] | None = None
    for floor, ceiling in ((MIN_QUALITY, USUAL_QUALITY), (USUAL_QUALITY, MAX_QUALITY)):
        for value, label in SUBSAMPLINGS:
            cache = seen[value]
            usual = cache.get(USUAL_QUALITY)
            if floor == USUAL_QUALITY and (usual is None or (high is not None and usual > high)):
                continue  # not reached, or quality 95 already overshoots: higher cannot help
            hint = hints.get(value)
            best = _largest_within(
                lambda q, v=value: size(q, v),
                high,
                cache,
                floor,
                ceiling,
                hint if hint is not None and floor <= hint <= ceiling else None,
                estimates.get(value),
            )
            if best is None:
                # More chroma only adds bytes: when 4:2:0 at quality 70 is too big, so is the rest.
                if value == SUBSAMPLINGS[0][0] and floor == MIN_QUALITY:
                    return None, None
                break
            if low is None or best[1] >= low:
                return (best[0], value, label), None
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
