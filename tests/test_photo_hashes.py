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


def _boxes(size: tuple[int, int]) -> tuple[tuple[int, int, int, int], ...]:
    w, h = size
    dx, dy = w * photo.CROP_SHARE, h * photo.CROP_SHARE
    return ((0, 0, w, h),) + tuple(
        (round(lft * dx), round(top * dy), round(w - rgt * dx), round(h - bot * dy))
        for lft, top, rgt, bot in photo.CROP_WINDOWS
    )


def test_matrix_products_give_pillows_bytes_on_every_shape() -> None:
    # imaging/lanczos.py computes Pillow's fixed-point LANCZOS resize as float64 matrix products: the
    # same bytes, not nearly the same, for either order of the passes and every size and crop.
    from wenming_cli.imaging import lanczos

    rng = random.Random(17)
    shapes = [(18, 16), (500, 375), (375, 500), (640, 480), (4000 // 8, 3000 // 8), (756, 1008), (20, 700)]
    shapes += [(rng.randint(18, 900), rng.randint(16, 900)) for _ in range(120)]
    shapes += [(rng.randint(18, 60), rng.randint(100, 900)) for _ in range(40)]  # tall: columns first
    orders = set()
    for size in shapes:
        img = _picture(rng, size)
        boxes = _boxes(size)
        got: dict = {}
        for first in (False, True):  # each box in the order Pillow takes for its shape
            group = tuple(b for b in boxes if photo._columns_first(b[2] - b[0], b[3] - b[1]) == first)
            if group:
                got.update(zip(group, lanczos.reduce_crops(img, group, first), strict=True))
                orders.add(first)
        want = [img.crop(box).resize((9, 8), Image.Resampling.LANCZOS).tobytes() for box in boxes]
        assert [got[box] for box in boxes] == want, size
    assert orders == {False, True}


def test_photo_hashes_take_the_matrix_path_and_keep_their_bits(monkeypatch) -> None:
    rng = random.Random(23)
    img = _picture(rng, (500, 375))
    monkeypatch.setattr(photo, "_matrix_checked", {})
    fast = photo.photo_hashes(img)
    assert photo._matrix_checked == {(500, 375): True}  # compared with Pillow's own resize once
    assert fast == (photo.dhash(img), photo.window_hashes(img))
    # A size on which the two once differed keeps Pillow's resize, with the same bits.
    monkeypatch.setattr(photo, "_matrix_checked", {(500, 375): False})
    assert photo._matrix_smalls(img.convert("L"), _boxes((500, 375))) is None
    assert photo.photo_hashes(img) == fast
