"""Pillow's LANCZOS reduction of several crops of one grey picture to a few pixels, as matrix products.

A photo's difference hashes need nine 9 × 8 reductions (the photo and its crop windows, see
`evidence/photo.py`); Pillow's own resize spends about 2 ms of a worker's time on them, each output
pixel summing hundreds of input pixels. Pillow's 8-bit resize is integer arithmetic: in each pass
(along rows, then columns, or the other way round) an output pixel is the sum of input pixels times
integer weights (the filter in 22-bit fixed point), plus a half, shifted right by 22 bits and
clipped to 0..255. Those sums are integers of magnitude below 2**31, which float64 holds exactly, so a
float64 matrix product gives the very same sums in whatever order it adds them; the weights are worked
out here with the same double-precision steps and the same C library sine as Pillow's
(`Resample.c`, `precompute_coeffs` and `normalize_coeffs_8bpc`). The caller compares the result with
Pillow's own resize on the first picture of each size and keeps Pillow's where they ever differ.

numpy is imported with this module, in the worker processes of a full check only.
"""

from __future__ import annotations

import math
import os
from functools import lru_cache

# Products of a few hundred rows: a second BLAS thread per worker would only spin against the other
# workers. Read by OpenBLAS (and Accelerate) when numpy loads, so set before it is imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("VECLIB_MAXIMUM_THREADS", "1")

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

Box = tuple[int, int, int, int]

_PRECISION = 22  # Pillow's PRECISION_BITS for 8-bit images: 32 - 8 - 2
_SUPPORT = 3.0  # LANCZOS reaches three input pixels (scaled) either side


def _sinc(x: float) -> float:
    if x == 0.0:
        return 1.0
    x = x * math.pi
    return math.sin(x) / x


def _lanczos(x: float) -> float:
    if -3.0 <= x < 3.0:
        return _sinc(x) * _sinc(x / 3)
    return 0.0


@lru_cache(maxsize=64)
def weights(in_size: int, out_size: int) -> np.ndarray:
    """Pillow's fixed-point LANCZOS weights from `in_size` pixels to `out_size`: (out_size, in_size)."""
    scale = float(in_size) / out_size
    filterscale = max(scale, 1.0)
    support = _SUPPORT * filterscale
    ss = 1.0 / filterscale
    matrix = np.zeros((out_size, in_size))
    for xx in range(out_size):
        center = 0.0 + (xx + 0.5) * scale
        xmin = max(int(center - support + 0.5), 0)
        count = min(int(center + support + 0.5), in_size) - xmin
        taps = [_lanczos((x + xmin - center + 0.5) * ss) for x in range(count)]
        total = 0.0
        for tap in taps:
            total += tap  # in Pillow's order: the sum's rounding is part of the weights
        for x, tap in enumerate(taps):
            if total != 0.0:
                tap /= total
            scaled = tap * (1 << _PRECISION)
            matrix[xx, xmin + x] = int(-0.5 + scaled) if tap < 0 else int(0.5 + scaled)
    return matrix


def _fixed(sums: np.ndarray) -> np.ndarray:
    """Pillow's rounding of a pass: (sum + half) >> 22, clipped to 0..255 (exact on float64 integers)."""
    return np.clip(np.floor((sums + (1 << (_PRECISION - 1))) * (1.0 / (1 << _PRECISION))), 0, 255)


@lru_cache(maxsize=8)
def _plan(width: int, height: int, boxes: tuple[Box, ...], size: tuple[int, int]):
    """Weights of every column range and every row range the boxes use, side by side (zero elsewhere),
    and where each box's pixels land in the product."""
    out_w, out_h = size
    columns = sorted({(box[0], box[2]) for box in boxes})
    rows = sorted({(box[1], box[3]) for box in boxes})
    across = np.zeros((width, out_w * len(columns)))
    for i, (left, right) in enumerate(columns):
        across[left:right, i * out_w : (i + 1) * out_w] = weights(right - left, out_w).T
    down = np.zeros((out_h * len(rows), height))
    for j, (top, bottom) in enumerate(rows):
        down[j * out_h : (j + 1) * out_h, top:bottom] = weights(bottom - top, out_h)
    places = [(rows.index((b[1], b[3])) * out_h, columns.index((b[0], b[2])) * out_w) for b in boxes]
    return across, down, places


def reduce_crops(
    grey: Image.Image, boxes: tuple[Box, ...], columns_first: bool, size: tuple[int, int] = (9, 8)
) -> list[bytes]:
    """`grey.crop(box).resize(size, LANCZOS).tobytes()` for each box, when Pillow would resize each of
    them rows first (`columns_first` False) or columns first (True)."""
    across, down, places = _plan(grey.width, grey.height, boxes, size)
    pixels = np.asarray(grey, dtype=np.float64)
    if columns_first:
        small = _fixed(_fixed(down @ pixels) @ across)
    else:
        small = _fixed(down @ _fixed(pixels @ across))
    out_w, out_h = size
    block = small.astype(np.uint8)
    return [block[y : y + out_h, x : x + out_w].tobytes() for y, x in places]
