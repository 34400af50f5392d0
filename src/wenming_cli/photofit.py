"""`photo fit`: every photo under SRC as a JPEG strictly inside a size window, mirrored under OUT.

`plan` walks the sources once (type by content, output names, captions) and refuses unsafe outputs;
`fit_photo` is the work for one photo, run in worker processes; `run` wires them. Nothing here prints.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from decimal import Decimal
from pathlib import Path
from typing import Literal, get_args

from PIL import Image
from pydantic import computed_field

from wenming_cli import imaging, sizes
from wenming_cli.errors import InvalidInput, UsageError
from wenming_cli.evidence.caption import CAPTION_NAMES, parse_caption
from wenming_cli.evidence.sniff import PHOTO_TYPES, sniff
from wenming_cli.fsio import CHUNK, open_regular, write_atomic
from wenming_cli.models.common import Frozen
from wenming_cli.models.rubric import CaptionField, PhotoRules, SizeBound, SizeWindow
from wenming_cli.textdecode import UndecodableText, decode_text

MAX_ENLARGE = 4.0  # a photo that needs more than 4× its width is too small to rescue
SUFFIX = ".jpg"

# The strip shows these caption fields; a rubric's caption field with the same id or label lends its aliases.
STRIP_FIELDS = (("time", "时间", ("date",)), ("place", "地点", ("location",)), ("theme", "主题", ("topic",)))

Status = Literal["fitted", "copied", "too_small", "failed", "kept", "blocked", "planned"]
FAILED: frozenset[str] = frozenset({"too_small", "failed", "blocked"})


# -- the size window --------------------------------------------------------------------------------

_BOUND = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMG]B?|B)?\s*$", re.IGNORECASE)


def parse_bound(text: str) -> SizeBound:
    """`1.5M`, `2MB`, `800K` (a bare number is bytes) as an exclusive bound."""
    match = _BOUND.match(text)
    if not match:
        raise UsageError(f"看不懂大小“{text}”。", hint="例如 --min 1.5M --max 2M，或 800K。")
    return SizeBound(value=Decimal(match.group(1)), unit=(match.group(2) or "B").upper(), exclusive=True)


def fit_window(rules: PhotoRules | None, low: str | None = None, high: str | None = None) -> SizeWindow:
    """The rubric's photo size window; --min/--max replace its bounds and are read both ways."""
    if low is None and high is None:
        if rules is None or rules.size is None:
            raise InvalidInput(
                "该测评细则未规定照片大小。",
                hint="请换用规定了照片大小的测评细则，或用 --min/--max 给出范围，如 --min 1.5M --max 2M。",
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

    @property
    def bounds(self) -> tuple[int | None, int | None]:
        return sizes.safe_range(self.window)

    def inside(self, size: int) -> bool:
        return sizes.judge(size, self.window).ok_everywhere


class PlannedPhoto(Frozen):
    source: Path
    shown: str  # the source as the report names it: <SRC name>/sub/a.png
    target: Path
    target_rel: str  # relative to OUT, with "/"
    kind: str
    size: int
    renamed: bool = False  # its natural name was taken by another photo in the same folder
    existing: int | None = None  # size of an output file already there
    caption: tuple[str, ...] | None = None  # lines to burn in; () when asked for but none was found


class IgnoredFile(Frozen):
    path: str
    reason: str


class FitPlan(Frozen):
    output: Path
    settings: FitSettings
    photos: tuple[PlannedPhoto, ...]
    ignored: tuple[IgnoredFile, ...]


class PhotoResult(Frozen):
    source: str
    target: str
    status: Status
    kind: str
    size_before: int
    size_after: int | None = None
    quality: int | None = None
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
    seconds: float

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
        return {"photos": len(self.photos), **counts, "ignored": len(self.ignored)}

    @property
    def failed(self) -> bool:
        return any(not p.ok for p in self.photos)


# -- planning ---------------------------------------------------------------------------------------


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _unique(name: str, taken: set[str]) -> str:
    """`a.jpg`, then `a (2).jpg`: case-insensitive, since Windows and macOS fold case."""
    stem, suffix = os.path.splitext(name)
    candidate, n = name, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{stem} ({n}){suffix}"
    taken.add(candidate.casefold())
    return candidate


def _caption_lines(text: str, fields: Sequence[CaptionField]) -> tuple[str, ...]:
    caption = parse_caption(text)
    lines = []
    for field_id, label, aliases in STRIP_FIELDS:
        spec = next((f for f in fields if f.id == field_id or f.label == label), None)
        keys = (spec.label, *spec.aliases, spec.id) if spec else (label, field_id, *aliases)
        value = caption.get(*keys)
        if value:
            lines.append(f"{spec.label if spec else label}：{' '.join(value.split())}")
    return tuple(lines)


class _Captions:
    """The caption of the nearest activity folder (the photo's own, else an ancestor's inside SRC)."""

    def __init__(self, fields: Sequence[CaptionField]) -> None:
        self.fields = fields
        self.by_folder: dict[Path, tuple[str, ...] | None] = {}

    def own(self, folder: Path) -> tuple[str, ...] | None:
        if folder not in self.by_folder:
            found = None
            for name in CAPTION_NAMES:
                path = folder / name
                if path.is_file():
                    try:
                        found = _caption_lines(decode_text(path.read_bytes())[0], self.fields) or None
                    except (OSError, UndecodableText):
                        found = None  # an unreadable caption is reported by check; no strip here
                    break
            self.by_folder[folder] = found
        return self.by_folder[folder]

    def lines(self, folder: Path, root: Path) -> tuple[str, ...]:
        for candidate in (folder, *folder.parents):
            if not _within(candidate, root):
                break
            found = self.own(candidate)
            if found:
                return found
        return ()


class _Planner:
    """Collects the photos of one run, folder by folder, with their output names and captions."""

    def __init__(self, out: Path, captions: _Captions | None) -> None:
        self.out, self.captions = out, captions
        self.photos: list[PlannedPhoto] = []
        self.ignored: list[IgnoredFile] = []

    def folder(
        self, folder: Path, names: Sequence[str], target_dir: Path, taken: set[str], shown: str, root: Path
    ) -> None:
        """Sniff each file by content; photos get `<stem>.jpg`, unique among `taken` (case folded)."""
        found = []
        for name in names:
            path = folder / name
            try:
                with path.open("rb") as handle:
                    kind = sniff(handle.read(32), name)
                size = path.stat().st_size
            except OSError as exc:
                self.ignored.append(
                    IgnoredFile(path=f"{shown}{name}", reason=f"无法读取：{exc.strerror or exc}")
                )
                continue
            if kind not in PHOTO_TYPES:
                self.ignored.append(
                    IgnoredFile(path=f"{shown}{name}", reason=f"不是照片（按内容判断为 {kind}）")
                )
                continue
            found.append((path, kind, size))
        # A file already named .jpg keeps its name; a.png then becomes "a (2).jpg".
        found.sort(key=lambda f: (f[0].suffix.lower() not in (".jpg", ".jpeg"), f[0].name.casefold()))
        for path, kind, size in found:
            natural = path.stem + SUFFIX
            target = target_dir / _unique(natural, taken)
            self.photos.append(
                PlannedPhoto(
                    source=path,
                    shown=f"{shown}{path.name}",
                    target=target,
                    target_rel=target.relative_to(self.out).as_posix(),
                    kind=kind,
                    size=size,
                    renamed=target.name != natural,
                    existing=target.stat().st_size if target.is_file() else None,
                    caption=self.captions.lines(folder, root) if self.captions is not None else None,
                )
            )


def _sources(sources: Sequence[Path], out: Path) -> list[Path]:
    """The sources, resolved; refuses a missing one and an output that would write among originals."""
    reals = []
    for src in sources:
        if not src.exists():
            raise InvalidInput(f"找不到 {src}。")
        real = src.resolve()
        if (real.is_dir() and _within(out, real)) or (real.is_file() and out == real.parent):
            raise UsageError(
                f"输出文件夹 {out} 在原片文件夹 {real if real.is_dir() else real.parent} 之内：wenming 从不往原片文件夹里写。",
                hint="请把 -o 指向原片文件夹之外，例如与它并列的“上传用照片”。",
            )
        reals.append(real)
    return reals


def plan(
    sources: Sequence[Path],
    output: Path,
    settings: FitSettings,
    caption_fields: Sequence[CaptionField] = (),
) -> FitPlan:
    """Every photo under the sources with its output path; raises when an output could touch a source."""
    out = output.resolve()
    if out.exists() and not out.is_dir():
        raise UsageError(f"输出位置 {output} 是一个文件，应为文件夹。")
    reals = _sources(sources, out)
    planner = _Planner(out, _Captions(caption_fields) if settings.font is not None else None)
    top: set[str] = set()  # names taken directly under OUT
    for real in reals:
        if real.is_file():
            planner.folder(real.parent, [real.name], out, top, "", real.parent)
            continue
        mirror = out / _unique(real.name or "photos", top)
        # SRC inside OUT under its own name would be mirrored onto itself.
        if any(_within(mirror, other) or _within(other, mirror) for other in reals):
            raise UsageError(
                f"输出位置 {mirror} 与原片重叠：wenming 从不覆盖原片。", hint="请换一个输出文件夹。"
            )
        # Linked folders are not followed, so a walk cannot loop.
        for folder, dirs, files in os.walk(real):
            dirs.sort()
            rel = Path(folder).relative_to(real)
            shown = (Path(real.name) / rel).as_posix() + "/"
            taken = {d.casefold() for d in dirs}
            planner.folder(Path(folder), sorted(files), mirror / rel, taken, shown, real)
    photos = sorted(planner.photos, key=lambda p: p.shown)
    return FitPlan(output=out, settings=settings, photos=tuple(photos), ignored=tuple(planner.ignored))


# -- fitting one photo -------------------------------------------------------------------------------


def _write(target: Path, data: bytes | None = None, copy_of: Path | None = None) -> None:
    """Write through a temporary file, so an interrupted run never leaves half a photo."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if data is not None:
        write_atomic(target, data, replace=True)
        return
    assert copy_of is not None
    with open_regular(copy_of) as source:
        write_atomic(target, lambda out: shutil.copyfileobj(source, out, CHUNK), replace=True)


def _renamed(item: PlannedPhoto) -> list[str]:
    return [f"与同一文件夹中的照片重名，改名为 {item.target.name}"] if item.renamed else []


def _fit(item: PlannedPhoto, settings: FitSettings) -> dict[str, object]:
    low, high = settings.bounds
    img = imaging.open_image(item.source)
    done: dict[str, object] = {"width_before": img.width, "height_before": img.height}
    notes = _renamed(item)
    turn = imaging.orientation(img)
    if (
        item.kind == "jpeg"
        and item.caption is None
        and turn == 1
        and img.mode in ("RGB", "L")
        and settings.inside(item.size)
    ):
        _write(item.target, copy_of=item.source)
        return done | {
            "status": "copied",
            "size_after": item.size,
            "width_after": img.width,
            "height_after": img.height,
            "notes": (*notes, "已在大小范围内，原样复制"),
        }
    if getattr(img, "n_frames", 1) > 1:
        notes.append("动图只保留第一帧")
    exif = imaging.kept_exif(img)
    if not imaging.has_capture_date(img):
        notes.append("原片没有 EXIF 拍摄时间（未补写）")
    if turn != 1:
        notes.append(f"已按 EXIF 方向 {turn} 旋转像素")
    rgb, icc, converted = imaging.to_rgb(imaging.upright(img))
    del img
    if converted:
        notes.append(f"已由 {converted} 转为 RGB" + ("，透明处填白" if "alpha" in converted else ""))
    if item.caption is not None and settings.font is not None:
        if item.caption:
            rgb = imaging.burn_caption(rgb, item.caption, settings.font)
            notes.append("已加字幕条")
        else:
            notes.append("未找到活动说明的时间、地点、主题，未加字幕条")
    fitted = imaging.jpeg_within(rgb, low, high, exif, icc, MAX_ENLARGE if settings.enlarge else 1.0)
    done["encodes"] = fitted.encodes
    if fitted.data is None:
        return done | {"notes": tuple(notes)} | _unfit_reason(fitted, low, settings.enlarge)
    _write(item.target, data=fitted.data)
    if fitted.scale != 1.0:
        notes.append(f"{'放大' if fitted.scale > 1 else '缩小'}到 {fitted.scale:.0%}")
    return done | {
        "status": "fitted",
        "notes": tuple(notes),
        "size_after": len(fitted.data),
        "quality": fitted.quality,
        "scale": round(fitted.scale, 4),
        "width_after": fitted.size[0],
        "height_after": fitted.size[1],
    }


def _unfit_reason(fitted: imaging.JpegFit, low: int | None, enlarge: bool) -> dict[str, object]:
    if fitted.top_size is None or low is None:
        return {"status": "failed", "reason": "多轮调整画质和像素后仍未落入大小范围。"}
    if enlarge:
        reason = (
            f"需放大约 {fitted.wanted_scale or 0:.1f} 倍才能达到下限 {sizes.human(low)}，超过 {MAX_ENLARGE:g} 倍的上限；"
            "照片太小，请换原图。"
        )
    else:
        reason = (
            f"画质 {imaging.MAX_QUALITY} 时也只有 {sizes.human(fitted.top_size)}，达不到下限 {sizes.human(low)}；"
            "不补填充字节。加 --enlarge 可放大像素。"
        )
    return {"status": "too_small", "reason": reason}


def fit_photo(item: PlannedPhoto, settings: FitSettings) -> PhotoResult:
    """Fit one photo and write it; a photo that cannot be read or fitted comes back with the reason."""
    started = time.perf_counter()
    try:
        done = _fit(item, settings)
    except Image.DecompressionBombError as exc:
        done = {"status": "failed", "reason": f"图片像素过多，无法处理（{exc}）"}
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        done = {"status": "failed", "reason": f"无法读取或写入：{exc}"}
    return PhotoResult(
        source=item.shown,
        target=item.target_rel,
        kind=item.kind,
        size_before=item.size,
        seconds=round(time.perf_counter() - started, 3),
        **done,  # type: ignore[arg-type]
    )


# -- the whole run ----------------------------------------------------------------------------------


def _existing(item: PlannedPhoto, settings: FitSettings) -> PhotoResult:
    assert item.existing is not None
    fits = settings.inside(item.existing)
    return PhotoResult(
        source=item.shown,
        target=item.target_rel,
        kind=item.kind,
        size_before=item.size,
        size_after=item.existing,
        status="kept" if fits else "blocked",
        notes=(*_renamed(item), *(["输出文件已存在且大小符合，未覆盖"] if fits else [])),
        reason=None if fits else "输出文件已存在但大小不符合，未覆盖；加 --force 重做。",
    )


def _report(
    plan: FitPlan, results: Sequence[PhotoResult], workers: int, started: float, dry: bool
) -> FitReport:
    return FitReport(
        window=plan.settings.window,
        output=str(plan.output),
        dry_run=dry,
        workers=workers,
        photos=tuple(results),
        ignored=plan.ignored,
        seconds=round(time.perf_counter() - started, 3),
    )


def preview(plan: FitPlan) -> FitReport:
    """What `run` would do, without decoding or writing anything (--dry-run)."""
    started = time.perf_counter()
    results = []
    for item in plan.photos:
        if item.existing is not None and not plan.settings.force:
            results.append(_existing(item, plan.settings))
            continue
        notes = _renamed(item)
        if item.existing is not None:
            notes.append("将覆盖已有的输出文件")
        if item.kind == "jpeg" and plan.settings.inside(item.size):
            notes.append("大小已在范围内")
        results.append(
            PhotoResult(
                source=item.shown,
                target=item.target_rel,
                kind=item.kind,
                size_before=item.size,
                status="planned",
                notes=tuple(notes),
            )
        )
    return _report(plan, results, 0, started, dry=True)


def run(plan: FitPlan, workers: int = 1, on_result: Callable[[PhotoResult], None] | None = None) -> FitReport:
    """Fit every planned photo, in `workers` processes; `on_result` hears of each as it finishes."""
    started = time.perf_counter()
    results: dict[int, PhotoResult] = {}
    todo: list[int] = []
    for index, item in enumerate(plan.photos):
        if item.existing is not None and not plan.settings.force:
            results[index] = _existing(item, plan.settings)
            if on_result:
                on_result(results[index])
        else:
            todo.append(index)
    workers = max(1, min(workers, len(todo)))
    if workers == 1:
        for index in todo:
            results[index] = fit_photo(plan.photos[index], plan.settings)
            if on_result:
                on_result(results[index])
    else:
        # One photo per task, so memory holds one decoded image per worker.
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(fit_photo, plan.photos[i], plan.settings): i for i in todo}
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                if on_result:
                    on_result(results[futures[future]])
    return _report(plan, [results[i] for i in range(len(plan.photos))], workers, started, dry=False)
