"""Measure the near-duplicate threshold on generated scenes, and time the hash index.

    python benchmarks/near_duplicates.py [--events 20] [--takes 4] [--index 20000] [--json out.json]

For every photo (a shot of an event: tests/scene_factory.py), the copies a clerk makes of it — 5 %
crops of one side and of two sides, a quality-70 re-encode, a 50 % resize — must be within the
threshold; distinct shots of the same event (same room, other framing, people moved) and shots of
other events must be outside it. Hashes come from wenming's own decode path (draft-mode decode of the
JPEG bytes, 9×8 difference hash), so the figures are the check's.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from scene_factory import encode, shot, variants  # noqa: E402

from wenming_cli.checks.hashindex import Photo, near_pairs, photo_distance  # noqa: E402
from wenming_cli.checks.photos import NEAR_DUPLICATE_BITS  # noqa: E402
from wenming_cli.evidence.photo import decode_hashes  # noqa: E402


def dhash(data: bytes) -> Photo:
    error, value, windows = decode_hashes(data)
    assert error is None and value is not None, error
    return int(value, 16), tuple(int(w, 16) for w in windows)


def measure(events: int, takes: int) -> dict[str, object]:
    copies: dict[str, list[int]] = {}
    plain: dict[str, list[int]] = {}  # the same copies by the photos' own hashes only (no crop windows)
    same_event: list[int] = []
    other_event: list[int] = []
    originals: list[tuple[int, Photo]] = []
    for event in range(events):
        hashes = []
        for take in range(takes):
            img = shot(event, take)
            base = dhash(encode(img))
            hashes.append(base)
            originals.append((event, base))
            for name, data in variants(img).items():
                copy = dhash(data)
                copies.setdefault(name, []).append(photo_distance(base, copy))
                plain.setdefault(name, []).append((base[0] ^ copy[0]).bit_count())
        same_event += [photo_distance(a, b) for a, b in combinations(hashes, 2)]
    for (ea, a), (eb, b) in combinations(originals, 2):
        if ea != eb:
            other_event.append(photo_distance(a, b))
    worst_copy = max(max(v) for v in copies.values())
    closest_distinct = min(same_event)
    return {
        "events": events,
        "takes": takes,
        "copies": {
            k: {
                "max": max(v),
                "mean": round(statistics.mean(v), 1),
                "n": len(v),
                "max_without_windows": max(plain[k]),
            }
            for k, v in copies.items()
        },
        "same_event_distinct": _summary(same_event),
        "other_events": _summary(other_event),
        "worst_copy": worst_copy,
        "closest_distinct": closest_distinct,
        "threshold": NEAR_DUPLICATE_BITS,
        "copies_missed": sum(d > NEAR_DUPLICATE_BITS for v in copies.values() for d in v),
        "copies_total": sum(len(v) for v in copies.values()),
        "distinct_flagged": sum(d <= NEAR_DUPLICATE_BITS for d in same_event + other_event),
        "distinct_total": len(same_event) + len(other_event),
    }


def _summary(values: list[int]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "min": ordered[0],
        "p01": ordered[len(ordered) // 100],
        "p05": ordered[len(ordered) // 20],
        "median": statistics.median(ordered),
        "n": len(ordered),
    }


def time_index(count: int) -> dict[str, float]:
    """The check's own step on `count` photos (each with its 8 crop windows): hashes drawn at random,
    10 % of them near copies of another."""
    rng = random.Random(1)
    photos: list[Photo] = []

    def one(centre: int) -> Photo:
        return centre, tuple(rng.getrandbits(64) for _ in range(8))

    while len(photos) < count:
        centre = rng.getrandbits(64)
        photos.append(one(centre))
        if rng.random() < 0.1:
            flipped = centre
            for bit in rng.sample(range(64), rng.randrange(NEAR_DUPLICATE_BITS + 1)):
                flipped ^= 1 << bit
            photos.append(one(flipped))
    photos = photos[:count]
    start = time.perf_counter()
    pairs = near_pairs(photos, NEAR_DUPLICATE_BITS)
    elapsed = time.perf_counter() - start
    return {"photos": count, "hashes_indexed": count * 9, "seconds": round(elapsed, 2), "pairs": len(pairs)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument("--takes", type=int, default=4)
    parser.add_argument("--index", type=int, default=20000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = measure(args.events, args.takes)
    result["index"] = time_index(args.index)
    print(f"{args.events} events × {args.takes} shots, dHash 64 bits, threshold {result['threshold']}")
    for name, row in result["copies"].items():  # type: ignore[union-attr]
        print(
            f"  copy {name:20s} max {row['max']:2d}  mean {row['mean']:4.1f}  (n={row['n']}; "
            f"own hashes only: max {row['max_without_windows']})"
        )
    print(f"  distinct shots, same event: {result['same_event_distinct']}")
    print(f"  shots of other events:      {result['other_events']}")
    print(
        f"  copies missed {result['copies_missed']}/{result['copies_total']}, "
        f"distinct flagged {result['distinct_flagged']}/{result['distinct_total']}"
    )
    print(f"  index: {result['index']}")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
