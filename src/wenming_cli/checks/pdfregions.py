"""Red regions of a rendered page's mask: 4-connected regions and groups of nearby ones, as bounding boxes
(the seal look in `pdfvision.py` tests each for a ring)."""

from __future__ import annotations


def clusters(boxes: list[tuple[int, int, int, int]], gap: int) -> list[tuple[int, int, int, int]]:
    """Bounding boxes of groups of boxes lying within `gap` of each other (only groups of two or more)."""
    if len(boxes) > 3000:
        return []  # a page full of red text: no seal can be told apart by grouping
    parent = list(range(len(boxes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(boxes)), key=lambda i: boxes[i][0])
    for n, i in enumerate(order):
        ax0, ay0, ax1, ay1 = boxes[i]
        for j in order[n + 1 :]:
            bx0, by0, bx1, by1 = boxes[j]
            if bx0 > ax1 + gap:
                break
            if by0 <= ay1 + gap and ay0 <= by1 + gap:
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(boxes)):
        groups.setdefault(root(i), []).append(i)
    merged = []
    for members in groups.values():
        if len(members) > 1:
            merged.append(
                (
                    min(boxes[m][0] for m in members),
                    min(boxes[m][1] for m in members),
                    max(boxes[m][2] for m in members),
                    max(boxes[m][3] for m in members),
                )
            )
    return merged


_NONZERO = bytes([0] + [1] * 255)


def components(bits: bytes, w: int, h: int) -> list[tuple[int, int, int, int]]:
    """Bounding boxes of 4-connected red regions (nonzero pixels holding a full-red one), in the order
    of their first full-red pixel. Labels runs of pixels row by row and joins runs that touch the row
    above (the answer of a pixel-by-pixel flood fill, tests/test_pdfvision_components.py)."""
    flags = bits.translate(_NONZERO)
    parent: list[int] = []
    boxes: list[list] = []  # per run: x0, y0, x1, y1, first full-red pixel (None: none)
    above: list[tuple[int, int, int]] = []  # runs of the row above: start, end, run id
    for y in range(h):
        row, stop = y * w, y * w + w
        here: list[tuple[int, int, int]] = []
        j = 0
        start = flags.find(1, row, stop)
        while start != -1:
            end = flags.find(0, start, stop)
            end = stop if end == -1 else end
            x0, x1 = start - row, end - row
            first = bits.find(255, start, end)
            run = len(parent)
            parent.append(run)
            boxes.append([x0, y, x1 - 1, y, first if first != -1 else None])
            while j < len(above) and above[j][1] <= x0:
                j += 1
            k = j
            while k < len(above) and above[k][0] < x1:
                _join(parent, boxes, above[k][2], run)
                k += 1
            j = max(j, k - 1)
            here.append((x0, x1, run))
            start = flags.find(1, end, stop)
        above = here
    found = [b for i, b in enumerate(boxes) if parent[i] == i and b[4] is not None]
    found.sort(key=lambda b: b[4])
    return [(b[0], b[1], b[2], b[3]) for b in found]


def _join(parent: list[int], boxes: list[list], a: int, b: int) -> None:
    a, b = _root(parent, a), _root(parent, b)
    if a == b:
        return
    parent[b] = a
    into, other = boxes[a], boxes[b]
    into[0], into[1] = min(into[0], other[0]), min(into[1], other[1])
    into[2], into[3] = max(into[2], other[2]), max(into[3], other[3])
    if other[4] is not None and (into[4] is None or other[4] < into[4]):
        into[4] = other[4]


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i
