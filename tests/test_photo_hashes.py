"""Difference hashes through shared resampling passes: the same bits as hashing each window whole."""

from __future__ import annotations

import random

from PIL import Image

from wenming_cli.evidence import photo


def _picture(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    img = Image.effect_noise(size, rng.randint(5, 120)).convert("L")
    if rng.random() < 0.5:  # smooth areas too, where neighbouring pixels tie
        img = img.resize((max(1, size[0] // 7), max(1, size[1] // 7))).resize(size, Image.Resampling.BILINEAR)
    return img


def test_shared_passes_give_the_same_hashes_on_every_shape() -> None:
    rng = random.Random(5)
    shapes = [(1, 1), (9, 8), (10, 9), (8, 300), (300, 8), (500, 375), (375, 500), (200, 1000), (1000, 90)]
    shapes += [(rng.randint(1, 700), rng.randint(1, 700)) for _ in range(150)]
    shapes += [(rng.randint(1, 40), rng.randint(1, 700)) for _ in range(50)]  # tall: columns first
    for size in shapes:
        img = _picture(rng, size)
        assert photo.photo_hashes(img) == (photo.dhash(img), photo.window_hashes(img)), size


def test_this_pillow_orders_its_passes_as_the_shared_hashes_expect() -> None:
    # Should a Pillow release change the order, hashes stay right (computed whole) but slower.
    assert photo._shared_passes_agree()


def test_colour_and_cmyk_pictures_hash_as_their_grey() -> None:
    rng = random.Random(9)
    grey = _picture(rng, (320, 240))
    rgb = Image.merge("RGB", [grey, grey.rotate(180), grey.transpose(Image.Transpose.FLIP_LEFT_RIGHT)])
    for img in (rgb, rgb.convert("CMYK")):
        assert photo.photo_hashes(img) == (photo.dhash(img), photo.window_hashes(img))
