"""Photos taken close together in one source folder form one activity.

Same folder, same day, and no pause longer than the gap between consecutive photos. A photo without
any date joins the activity of its nearest dated neighbour by file name in the same folder (cameras
number their files in order); a folder with no dated photo at all is one activity without a date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from wenming_cli.importer.facts import FileFacts


@dataclass
class PhotoGroup:
    folder: tuple[str, ...]
    photos: list[FileFacts] = field(default_factory=list)
    guessed: list[FileFacts] = field(default_factory=list)  # undated, placed by their neighbour

    @property
    def start(self) -> dt.datetime | None:
        times = [p.captured for p in self.photos if p.captured is not None]
        return min(times) if times else None

    @property
    def day(self) -> dt.date | None:
        start = self.start
        return start.date() if start else None


def group_photos(photos: list[FileFacts], gap: dt.timedelta) -> list[PhotoGroup]:
    by_folder: dict[tuple[str, ...], list[FileFacts]] = {}
    for p in photos:
        by_folder.setdefault(p.file.parts, []).append(p)
    groups: list[PhotoGroup] = []
    for folder, members in by_folder.items():
        groups.extend(_split(folder, members, gap))
    return sorted(groups, key=lambda g: (g.folder, g.start or dt.datetime.max))


def _split(folder: tuple[str, ...], members: list[FileFacts], gap: dt.timedelta) -> list[PhotoGroup]:
    dated = sorted((p for p in members if p.captured is not None), key=lambda p: p.captured)  # type: ignore[arg-type,return-value]
    groups: list[PhotoGroup] = []
    last: dt.datetime | None = None
    for p in dated:
        assert p.captured is not None
        if last is None or p.captured.date() != last.date() or p.captured - last > gap:
            groups.append(PhotoGroup(folder))
        groups[-1].photos.append(p)
        last = p.captured
    undated = [p for p in members if p.captured is None]
    if not undated:
        return groups
    if not groups:
        return [PhotoGroup(folder, photos=sorted(undated, key=lambda p: p.file.name))]
    by_name = sorted(members, key=lambda p: p.file.name)
    owner = {id(p): g for g in groups for p in g.photos}
    for p in undated:
        position = by_name.index(p)
        neighbour = _nearest_dated(by_name, position)
        group = owner[id(neighbour)]
        group.photos.append(p)
        group.guessed.append(p)
    return groups


def _nearest_dated(by_name: list[FileFacts], position: int) -> FileFacts:
    for distance in range(1, len(by_name)):
        for index in (position - distance, position + distance):
            if 0 <= index < len(by_name) and by_name[index].captured is not None:
                return by_name[index]
    raise ValueError("no dated photo")  # unreachable: called only when the folder has one


def choose_keep(photos: list[FileFacts], limit: int) -> list[FileFacts]:
    """The `limit` photos to propose: the sharpest ones, passing over any that look like one already
    chosen (a burst of the same shot); only when too few remain, the least alike of the rest."""
    from wenming_cli.checks.photos import NEAR_DUPLICATE_BITS
    from wenming_cli.evidence.photo import hamming

    if len(photos) <= limit:
        return list(photos)

    def nearest(p: FileFacts, chosen: list[FileFacts]) -> int:
        distances = [hamming(p.dhash, c.dhash) for c in chosen if p.dhash and c.dhash]
        return min(distances, default=64)

    chosen: list[FileFacts] = []
    for p in sorted(photos, key=lambda p: (-p.sharpness, p.file.name)):
        # Twice check's near-duplicate distance: still the same scene, a little reframed.
        if len(chosen) < limit and nearest(p, chosen) > 2 * NEAR_DUPLICATE_BITS:
            chosen.append(p)
    rest = [p for p in photos if p not in chosen]
    while len(chosen) < limit and rest:
        best = max(rest, key=lambda p: (nearest(p, chosen), p.sharpness))
        rest.remove(best)
        chosen.append(best)
    return chosen
