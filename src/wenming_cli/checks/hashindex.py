"""Near neighbours among 64-bit perceptual hashes without comparing every pair (multi-index hashing).

A hash is cut into four 16-bit pieces, each with its own table. If two hashes differ in at most `radius`
bits, by the pigeonhole principle one of their pieces differs in at most radius // 4 bits, so probing each
table with every piece flipped in up to radius // 4 bits finds every candidate; candidates are then
compared in full. The answer is exactly the pairwise comparison's (tests/test_hashindex.py).
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

_PIECES = 4
_WIDTH = 16
_MASK = (1 << _WIDTH) - 1


def _flips(bits: int) -> list[int]:
    """Every 16-bit mask with at most `bits` ones."""
    masks = [0]
    for k in range(1, bits + 1):
        for positions in combinations(range(_WIDTH), k):
            mask = 0
            for p in positions:
                mask |= 1 << p
            masks.append(mask)
    return masks


class HashIndex:
    """Insert hashes one by one; `near(h)` lists the ids of inserted hashes within `radius` bits."""

    def __init__(self, radius: int) -> None:
        if not 0 <= radius < 64:
            raise ValueError("radius must be 0–63 bits")
        self.radius = radius
        self._masks = _flips(radius // _PIECES)
        self._tables: list[dict[int, list[int]]] = [defaultdict(list) for _ in range(_PIECES)]
        self._values: list[int] = []

    def add(self, value: int) -> int:
        ident = len(self._values)
        self._values.append(value)
        for i, table in enumerate(self._tables):
            table[(value >> (i * _WIDTH)) & _MASK].append(ident)
        return ident

    def near(self, value: int) -> list[tuple[int, int]]:
        """(id, distance) of every inserted hash within the radius, by id."""
        seen: set[int] = set()
        found: list[tuple[int, int]] = []
        values = self._values
        radius = self.radius
        for i, table in enumerate(self._tables):
            piece = (value >> (i * _WIDTH)) & _MASK
            get = table.get
            for mask in self._masks:
                bucket = get(piece ^ mask)
                if not bucket:
                    continue
                for ident in bucket:
                    if ident in seen:
                        continue
                    seen.add(ident)
                    distance = (values[ident] ^ value).bit_count()
                    if distance <= radius:
                        found.append((ident, distance))
        found.sort()
        return found


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


Photo = tuple[int, tuple[int, ...]]  # a photo's own hash and the hashes of its crop windows


def photo_distance(a: Photo, b: Photo) -> int:
    """How far apart two photos look: their own hashes, or one's hash and a crop window of the other
    (a copy cropped by 5 % shows exactly such a window)."""
    return min(
        hamming(a[0], b[0]),
        min((hamming(b[0], w) for w in a[1]), default=64),
        min((hamming(a[0], w) for w in b[1]), default=64),
    )


def near_pairs(photos: list[Photo], radius: int) -> dict[tuple[int, int], int]:
    """{(i, j): distance} for every pair i < j within `radius` by `photo_distance`, through the index:
    every hash and crop window goes in, every photo's own hash is looked up."""
    index = HashIndex(radius)
    owner: list[int] = []
    for i, (own, windows) in enumerate(photos):
        for value in (own, *windows):
            index.add(value)
            owner.append(i)
    pairs: dict[tuple[int, int], int] = {}
    for j, (own, _) in enumerate(photos):
        for ident, distance in index.near(own):
            i = owner[ident]
            if i == j:
                continue
            key = (min(i, j), max(i, j))
            if distance < pairs.get(key, 65):
                pairs[key] = distance
    return pairs
