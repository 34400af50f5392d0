"""`photo fit`'s data: the size window, the settings of a run, the plan and the report."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Literal, get_args

from pydantic import computed_field

from wenming_cli import sizes
from wenming_cli.errors import InvalidInput, UsageError
from wenming_cli.models.common import Frozen
from wenming_cli.models.rubric import PhotoRules, SizeBound, SizeWindow
from wenming_cli.photofit.safety import WriteGuard

MAX_ENLARGE = 4.0  # a photo that needs more than 4× its width is too small to rescue

# "unchanged": replacing in place, a photo already inside the window is left as it is.
Status = Literal["fitted", "copied", "unchanged", "too_small", "failed", "kept", "blocked", "planned"]
FAILED: frozenset[str] = frozenset({"too_small", "failed", "blocked"})
# Output formats: a PNG stays PNG where the rubric allows PNG; everything else becomes JPEG.
OutputKind = Literal["jpeg", "png"]


# -- the size window --------------------------------------------------------------------------------

_BOUND = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMG]B?|B)?\s*$", re.IGNORECASE)


def parse_bound(text: str) -> SizeBound:
    """`1.5M`, `2MB`, `800K` (a bare number is bytes) as an exclusive bound."""
    match = _BOUND.match(text)
    if not match:
        raise UsageError(f"看不懂大小“{text}”。", hint="例如 --min 1M --max 3M，或 800K。")
    return SizeBound(value=Decimal(match.group(1)), unit=(match.group(2) or "B").upper(), exclusive=True)


def fit_window(rules: PhotoRules | None, low: str | None = None, high: str | None = None) -> SizeWindow:
    """The rubric's photo size window; --min/--max replace its bounds and are read both ways."""
    if low is None and high is None:
        if rules is None or rules.size is None:
            raise InvalidInput(
                "该测评细则未规定照片大小。",
                hint="请换用规定了照片大小的测评细则，或用 --min/--max 给出范围，如 --min 1M --max 3M。",
            )
        window = rules.size
    else:
        base = rules.size if rules is not None and rules.size is not None else SizeWindow()
        window = SizeWindow(
            min=parse_bound(low) if low else base.min,
            max=parse_bound(high) if high else base.max,
            byte_reading="ambiguous",
            reason="命令行给出的“M”不知按 10^6 还是 2^20 字节计，两种读法都须满足。",
        )
    floor, ceiling = sizes.safe_range(window)
    if floor is not None and ceiling is not None and floor > ceiling:
        raise UsageError(f"大小范围“{sizes.describe(window)}”在两种读法下没有共同的部分。")
    return window


# -- models -----------------------------------------------------------------------------------------


class FitSettings(Frozen):
    window: SizeWindow
    enlarge: bool = False
    font: Path | None = None  # given when a caption strip is burned in
    force: bool = False
    keep_png: bool = False  # the rubric accepts PNG, so a PNG source stays PNG
    backup: Path | None = None  # given for --in-place: where the originals are copied first

    @property
    def in_place(self) -> bool:
        return self.backup is not None

    @property
    def bounds(self) -> tuple[int | None, int | None]:
        return sizes.safe_range(self.window)

    def inside(self, size: int) -> bool:
        return sizes.judge(size, self.window).ok_everywhere


class PlannedPhoto(Frozen):
    source: Path
    shown: str  # the source as the report names it: <SRC name>/sub/a.png
    target: Path
    target_rel: str  # relative to OUT (in place: to the source's parent), with "/"
    kind: str
    size: int
    output_kind: OutputKind = "jpeg"
    guard: WriteGuard  # where this photo's write may land
    existing_link: bool = False  # the output name is taken by a link (replaced, never followed, with --force)
    backup: Path | None = None  # in place: where the original is copied before it is replaced
    renamed: bool = False  # its natural name was taken by another photo in the same folder
    existing: int | None = None  # size of an output file already there
    caption: tuple[str, ...] | None = None  # lines to burn in; () when asked for but none was found


class IgnoredFile(Frozen):
    path: str
    reason: str


class FitPlan(Frozen):
    output: Path  # OUT, or for --in-place the backup folder
    settings: FitSettings
    backup_guard: WriteGuard | None = None  # in place: the rules for writing the backups
    photos: tuple[PlannedPhoto, ...]
    ignored: tuple[IgnoredFile, ...]
    other_files: int = 0  # non-photos not named like photos (captions, reports, PDFs): counted only


class PhotoResult(Frozen):
    source: str
    target: str  # the planned output, relative to OUT
    written: str | None = None  # the file actually written (or kept), None when nothing was
    status: Status
    kind: str
    size_before: int
    size_after: int | None = None
    quality: int | None = None
    subsampling: str | None = None
    scale: float | None = None
    width_before: int | None = None
    height_before: int | None = None
    width_after: int | None = None
    height_after: int | None = None
    encodes: int = 0
    notes: tuple[str, ...] = ()
    reason: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status not in FAILED


class FitReport(Frozen):
    window: SizeWindow
    output: str
    dry_run: bool
    workers: int
    photos: tuple[PhotoResult, ...]
    ignored: tuple[IgnoredFile, ...]
    other_files: int = 0
    seconds: float
    in_place: bool = False

    @computed_field  # type: ignore[prop-decorator]
    @property
    def safe_bytes(self) -> dict[str, int | None]:
        low, high = sizes.safe_range(self.window)
        return {"min": low, "max": high}

    @computed_field  # type: ignore[prop-decorator]
    @property
    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys(get_args(Status), 0)
        for photo in self.photos:
            counts[photo.status] += 1
        return {
            "photos": len(self.photos),
            **counts,
            "ignored": len(self.ignored),
            "other_files": self.other_files,
        }

    @property
    def failed(self) -> bool:
        return any(not p.ok for p in self.photos)
