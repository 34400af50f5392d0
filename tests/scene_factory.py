"""Photo-like scenes of one event, and the copies a clerk makes of a photo (crops, re-encodes, resizes).

An event is a room: a wall with a gradient and windows, a floor, a red banner with a row of
characters, a lectern, and people. A shot of the event frames part of the room and finds the people
somewhere else; two shots of one event share everything but framing and positions, which is what
makes "distinct scenes of one event" the hard negatives for a near-duplicate threshold.
"""

from __future__ import annotations

import io
import random
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter

CANVAS = (1600, 1200)  # the room; a shot frames 55–80 % of it


@lru_cache(maxsize=8)
def _event(event: int) -> tuple[Image.Image, list[tuple[tuple[int, int, int], int]]]:
    rng = random.Random(event * 7919)
    room = Image.new("RGB", CANVAS)
    draw = ImageDraw.Draw(room)
    wall = [rng.randrange(120, 230) for _ in range(3)]
    floor_y = rng.randrange(700, 900)
    for y in range(floor_y):
        shade = y / floor_y
        draw.line([(0, y), (CANVAS[0], y)], fill=tuple(int(c * (0.75 + 0.25 * shade)) for c in wall))
    floor = [rng.randrange(60, 150) for _ in range(3)]
    draw.rectangle([0, floor_y, CANVAS[0], CANVAS[1]], fill=tuple(floor))
    for _ in range(rng.randrange(2, 5)):  # windows
        x = rng.randrange(0, CANVAS[0] - 200)
        draw.rectangle([x, 120, x + rng.randrange(120, 220), 120 + rng.randrange(200, 380)], fill=(225, 235, 245))
    banner_top = rng.randrange(60, 200)
    draw.rectangle([150, banner_top, CANVAS[0] - 150, banner_top + 110], fill=(196, 22, 28))
    for i in range(rng.randrange(8, 16)):  # the banner's characters
        x = 200 + i * 80
        draw.rectangle([x, banner_top + 25, x + 55, banner_top + 85], fill=(250, 230, 120))
    lectern = rng.randrange(200, CANVAS[0] - 300)
    draw.rectangle([lectern, floor_y - 260, lectern + 160, floor_y + 40], fill=(110, 60, 30))
    people = [((rng.randrange(256), rng.randrange(256), rng.randrange(256)), rng.randrange(140, 260)) for _ in range(rng.randrange(4, 9))]
    return room, people


def shot(event: int, take: int, size: tuple[int, int] = (1200, 900)) -> Image.Image:
    """One photo of `event`; another `take` frames the room differently with the people moved."""
    room, people = _event(event)
    room = room.copy()
    rng = random.Random(event * 104729 + take)
    draw = ImageDraw.Draw(room)
    for colour, height in people:
        x = rng.randrange(50, CANVAS[0] - 150)
        y = rng.randrange(650, CANVAS[1] - 50)
        draw.ellipse([x + 20, y - height - 50, x + 80, y - height + 10], fill=(235, 200, 170))
        draw.rectangle([x, y - height, x + 100, y], fill=colour)
    scale = rng.uniform(0.55, 0.8)
    w, h = int(CANVAS[0] * scale), int(CANVAS[1] * scale)
    left, top = rng.randrange(0, CANVAS[0] - w), rng.randrange(0, CANVAS[1] - h)
    framed = room.crop((left, top, left + w, top + h)).resize(size, Image.Resampling.BILINEAR)
    framed = framed.filter(ImageFilter.GaussianBlur(1.2))
    grain = Image.effect_noise(size, 28).convert("RGB")
    return Image.blend(framed, grain, 0.12)


def encode(img: Image.Image, quality: int = 92) -> bytes:
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality)
    return out.getvalue()


def crop(img: Image.Image, share: float, sides: str) -> Image.Image:
    """Cut `share` of the width or height off the named sides (l, r, t, b)."""
    w, h = img.size
    dx, dy = int(w * share), int(h * share)
    box = [0, 0, w, h]
    if "l" in sides:
        box[0] += dx
    if "r" in sides:
        box[2] -= dx
    if "t" in sides:
        box[1] += dy
    if "b" in sides:
        box[3] -= dy
    return img.crop(tuple(box))


def variants(img: Image.Image) -> dict[str, bytes]:
    """The copies a clerk makes of one photo, each as JPEG bytes."""
    reencoded = Image.open(io.BytesIO(encode(img)))
    return {
        "crop5-left": encode(crop(img, 0.05, "l")),
        "crop5-right": encode(crop(img, 0.05, "r")),
        "crop5-top": encode(crop(img, 0.05, "t")),
        "crop5-left-top": encode(crop(img, 0.05, "lt")),
        "crop5-right-bottom": encode(crop(img, 0.05, "rb")),
        "q70": encode(reencoded, 70),
        "resize50": encode(img.resize((img.width // 2, img.height // 2), Image.Resampling.LANCZOS)),
    }
