"""The run-labelling of red regions finds what a pixel-by-pixel flood fill finds, in the same order."""

from __future__ import annotations

import random

from PIL import Image, ImageDraw, ImageFilter

from wenming_cli.checks.pdfregions import components as _components


def _flood_fill(bits: bytes, w: int, h: int) -> list[tuple[int, int, int, int]]:
    """The reference: grow each region from its first full-red pixel over nonzero 4-neighbours."""
    seen = bytearray(w * h)
    boxes = []
    start = bits.find(255)
    while start != -1:
        if not seen[start]:
            seen[start] = 1
            stack = [start]
            x0 = x1 = start % w
            y0 = y1 = start // w
            while stack:
                p = stack.pop()
                y, x = divmod(p, w)
                x0, x1, y0, y1 = min(x0, x), max(x1, x), min(y0, y), max(y1, y)
                for q, ok in ((p - 1, x > 0), (p + 1, x < w - 1), (p - w, y > 0), (p + w, y < h - 1)):
                    if ok and not seen[q] and bits[q]:
                        seen[q] = 1
                        stack.append(q)
            boxes.append((x0, y0, x1, y1))
        start = bits.find(255, start + 1)
    return boxes


def test_random_masks() -> None:
    rng = random.Random(3)
    for _ in range(400):
        w, h = rng.randint(1, 50), rng.randint(1, 50)
        density = rng.random()
        pixels = [
            255 if rng.random() < density else (0 if rng.random() < 0.9 else rng.choice([1, 128, 254]))
            for _ in range(w * h)
        ]
        bits = bytes(pixels)
        assert _components(bits, w, h) == _flood_fill(bits, w, h), (w, h)


def test_rings_and_arcs_like_seals() -> None:
    rng = random.Random(8)
    img = Image.new("L", (300, 424))
    draw = ImageDraw.Draw(img)
    for _ in range(40):
        x, y = rng.randint(0, 280), rng.randint(0, 400)
        size = rng.randint(5, 70)
        draw.arc((x, y, x + size, y + size), rng.randint(0, 360), rng.randint(0, 360), fill=255, width=2)
        draw.text((rng.randint(0, 290), rng.randint(0, 410)), "印章", fill=255)
    bits = img.filter(ImageFilter.MaxFilter(3)).tobytes()
    found = _components(bits, 300, 424)
    assert found == _flood_fill(bits, 300, 424) and len(found) > 10


def test_square_filters_match_pillows_rank_filters() -> None:
    from PIL import ImageChops

    from wenming_cli.checks.pdfvision import _square_filter

    rng = random.Random(11)
    for _ in range(200):
        w, h = rng.randint(1, 70), rng.randint(1, 70)
        img = Image.frombytes("L", (w, h), bytes(rng.choice([0, 0, 0, 255, 17, 200]) for _ in range(w * h)))
        for size in (3, 7):
            assert _square_filter(img, size, ImageChops.lighter, 0) == img.filter(ImageFilter.MaxFilter(size))
            assert _square_filter(img, size, ImageChops.darker, 255) == img.filter(ImageFilter.MinFilter(size))
