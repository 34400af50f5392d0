"""The near-duplicate threshold on varied generated scenes, and the index against pairwise comparison.

The figures behind the threshold come from `benchmarks/near_duplicates.py` (README: "Near duplicates");
this test holds them on a smaller sample: every copy a clerk makes of a photo (5 % crops of one side
and of two sides, a quality-70 re-encode, a 50 % resize) is found, no distinct shot of the same event is.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from itertools import combinations
from pathlib import Path

import pytest
from evidence_factory import write, yiyang_caption
from scene_factory import encode, shot, variants

from wenming_cli.checks.engine import run_check
from wenming_cli.checks.hashindex import Photo, near_pairs, photo_distance
from wenming_cli.checks.photos import NEAR_DUPLICATE_BITS
from wenming_cli.evidence.photo import decode_hashes

ROOT = Path(__file__).resolve().parents[1]
SIZE = (800, 600)


def _hashes(data: bytes) -> Photo:
    error, own, windows = decode_hashes(data)
    assert error is None and own is not None
    return int(own, 16), tuple(int(w, 16) for w in windows)


@pytest.fixture(scope="module")
def shots() -> dict[tuple[int, int], object]:
    return {(event, take): shot(event, take, SIZE) for event in range(3) for take in range(3)}


def test_every_copy_of_a_photo_is_within_the_threshold(shots) -> None:
    for key, img in shots.items():
        original = _hashes(encode(img))
        for name, data in variants(img).items():
            assert photo_distance(original, _hashes(data)) <= NEAR_DUPLICATE_BITS, (key, name)


def test_distinct_shots_of_one_event_and_of_other_events_are_not(shots) -> None:
    hashed = {key: _hashes(encode(img)) for key, img in shots.items()}
    for (ka, a), (kb, b) in combinations(hashed.items(), 2):
        assert photo_distance(a, b) > NEAR_DUPLICATE_BITS, (ka, kb)


def test_check_reports_a_cropped_copy_in_another_activity_but_not_another_shot(tmp_path: Path, shots) -> None:
    root = tmp_path / "evidence"
    root.mkdir()
    shutil.copy(ROOT / "examples" / "yiyang-party-school" / "unit.yaml", root / "unit.yaml")
    img = shots[(1, 0)]
    photos = {
        "2021-03-05 活动一": encode(img),
        "2021-04-09 活动二": variants(img)["crop5-left-top"],
        "2021-05-14 活动三": encode(shots[(1, 1)]),  # the same room, another shot
        "2021-06-18 活动四": variants(img)["resize50"],
    }
    for name, data in photos.items():
        write(root / "21 文明行为习惯" / name / "1.jpg", data)
        write(
            root / "21 文明行为习惯" / name / "活动说明.txt", yiyang_caption(name[:10], f"益阳市2021年{name}")
        )
    result, _, _ = run_check(root, as_of=dt.date(2021, 12, 1))
    near = sorted((f.path, f.message) for f in result.findings if f.code == "PHOTO-NEAR-DUPLICATE")
    assert [p for p, _ in near] == [
        "21 文明行为习惯/2021-04-09 活动二/1.jpg",
        "21 文明行为习惯/2021-06-18 活动四/1.jpg",
    ]
    assert all("2021-03-05 活动一/1.jpg" in m for _, m in near)


@pytest.mark.parametrize("radius", [3, 7, 11])
def test_crop_window_index_finds_exactly_what_pairwise_comparison_finds(radius: int) -> None:
    rng = random.Random(radius)
    photos: list[Photo] = []

    def near(value: int) -> int:
        for bit in rng.sample(range(64), rng.randrange(radius + 3)):
            value ^= 1 << bit
        return value

    for _ in range(120):
        centre = rng.getrandbits(64)
        windows = tuple(near(centre) for _ in range(8))
        photos.append((centre, windows))
        for _ in range(rng.randrange(3)):  # copies: close to the photo or to one of its windows
            photos.append((near(rng.choice((centre, *windows))), tuple(near(centre) for _ in range(8))))
    rng.shuffle(photos)
    expected = {
        (i, j): photo_distance(photos[i], photos[j])
        for i, j in combinations(range(len(photos)), 2)
        if photo_distance(photos[i], photos[j]) <= radius
    }
    assert near_pairs(photos, radius) == expected
    assert expected  # the sample does contain pairs
