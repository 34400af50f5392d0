"""Planning a `photo fit` run: walk the sources once, name every output, refuse unsafe destinations.

Type by content, output names and captions are settled here; nothing is decoded or written.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from wenming_cli.errors import InvalidInput, UsageError
from wenming_cli.evidence.caption import CAPTION_NAMES, parse_caption
from wenming_cli.evidence.sniff import EXTENSION_TYPES, PHOTO_TYPES, sniff
from wenming_cli.fsio import open_regular
from wenming_cli.models.rubric import CaptionField
from wenming_cli.photofit.models import FitPlan, FitSettings, IgnoredFile, OutputKind, PlannedPhoto
from wenming_cli.photofit.safety import (
    WriteGuard,
    folder_identities,
    identity,
    regular_file_problem,
)
from wenming_cli.textdecode import UndecodableText, decode_text

# The strip shows these caption fields; a rubric's caption field with the same id or label lends its aliases.
STRIP_FIELDS = (("time", "时间", ("date",)), ("place", "地点", ("location",)), ("theme", "主题", ("topic",)))
SUFFIXES: dict[OutputKind, tuple[str, ...]] = {"jpeg": (".jpg", ".jpeg", ".jpe"), "png": (".png",)}


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


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
                if regular_file_problem(path, folder) is None:
                    try:
                        with open_regular(path) as handle:
                            text = decode_text(handle.read(1 << 20))[0]
                        found = _caption_lines(text, self.fields) or None
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


def _output_kind(kind: str, settings: FitSettings) -> OutputKind:
    return "png" if kind == "png" and settings.keep_png else "jpeg"


class _Planner:
    """Collects the photos of one run, folder by folder, with their output names and captions."""

    def __init__(self, settings: FitSettings, captions: _Captions | None) -> None:
        self.settings, self.captions = settings, captions
        self.photos: list[PlannedPhoto] = []
        self.ignored: list[IgnoredFile] = []
        self.others = 0  # documents, captions, reports: not photos and not named like photos
        self.checked: dict[Path, None] = {}

    def _photos_in(self, folder: Path, names: Sequence[str], shown: str, root: Path) -> list[tuple]:
        found = []
        for name in names:
            path = folder / name
            problem = regular_file_problem(path, root)
            if problem is None:
                try:
                    with open_regular(path) as handle:
                        kind = sniff(handle.read(32), name)
                        size = os.fstat(handle.fileno()).st_size
                except OSError as exc:
                    problem = f"无法读取：{exc.strerror or exc}"
            if problem is not None:
                self.ignored.append(IgnoredFile(path=f"{shown}{name}", reason=problem))
            elif kind not in PHOTO_TYPES:
                if EXTENSION_TYPES.get(Path(name).suffix.lower()) in PHOTO_TYPES:
                    # Named like a photo but is not one: worth a line. Captions, reports, PDFs are counted only.
                    self.ignored.append(
                        IgnoredFile(path=f"{shown}{name}", reason=f"不是照片（按内容判断为 {kind}）")
                    )
                else:
                    self.others += 1
            else:
                found.append((path, kind, size))
        return found

    def folder(
        self,
        folder: Path,
        names: Sequence[str],
        target_dir: Path,
        taken: set[str],
        shown: str,
        root: Path,
        guard: WriteGuard,
    ) -> None:
        """Sniff each file by content; photos get `<stem>.jpg` (or .png), unique among `taken` (case folded)."""
        found = self._photos_in(folder, names, shown, root)
        in_place = self.settings.in_place
        # A file already named .jpg keeps its name; a.png then becomes "a (2).jpg".
        found.sort(key=lambda f: (f[0].suffix.lower() not in SUFFIXES["jpeg"], f[0].name.casefold()))
        for path, kind, size in found:
            out_kind = _output_kind(kind, self.settings)
            keeps_suffix = path.suffix.lower() in SUFFIXES[out_kind]
            if in_place and keeps_suffix:
                # Replaced under its own name and spelling: never IMG_1.JPG beside IMG_1.jpg.
                natural = name = path.name
            else:
                natural = path.stem + SUFFIXES[out_kind][0]
                name = _unique(natural, taken)
            target = target_dir / name
            self.photos.append(
                PlannedPhoto(
                    source=path,
                    shown=f"{shown}{path.name}",
                    target=target,
                    target_rel=target.relative_to(guard.root).as_posix(),
                    kind=kind,
                    size=size,
                    output_kind=out_kind,
                    guard=guard,
                    renamed=name != natural,
                    existing=None if in_place else _existing_size(target),
                    existing_link=not in_place and target.is_symlink(),
                    caption=self.captions.lines(folder, root) if self.captions is not None else None,
                )
            )


def _existing_size(target: Path) -> int | None:
    try:
        st = os.lstat(target)
    except OSError:
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else None


def _check_sources(sources: Sequence[Path], writes: Path) -> list[Path]:
    """The sources, real; refuses a missing one and a destination that would write among originals."""
    reals = []
    chain = {identity(p) for p in (writes, *writes.parents) if p.exists()}
    for src in sources:
        if not src.exists():
            raise InvalidInput(f"找不到 {src}。")
        real = _real(src)
        folder = real if real.is_dir() else real.parent
        # Real paths catch links; device and inode catch a folder mounted twice.
        if (
            (real.is_dir() and _within(writes, real))
            or (real.is_file() and writes == folder)
            or (identity(folder) in chain and (real.is_dir() or writes == folder))
        ):
            raise UsageError(
                f"输出文件夹 {writes} 在原片文件夹 {folder} 之内：wenming 从不往原片文件夹里写。",
                hint="请把 -o（或 --backup）指向原片文件夹之外，例如与它并列的“上传用照片”。",
            )
        reals.append(real)
    return reals


def _refuse_links(plan_photos: Sequence[PlannedPhoto], out: Path) -> None:
    """A folder under OUT that is a link (or leads through one) could send a write onto a source."""
    seen: set[Path] = set()
    for item in plan_photos:
        folder = item.target.parent
        while folder not in seen and _within(folder, out) and folder != out:
            seen.add(folder)
            if folder.is_symlink():
                raise UsageError(
                    f"输出位置中的 {folder} 是指向 {_real(folder)} 的符号链接：wenming 不跟随链接写入。",
                    hint="请删除该链接，或换一个空的输出文件夹。",
                )
            folder = folder.parent


def plan(
    sources: Sequence[Path],
    output: Path | None,
    settings: FitSettings,
    caption_fields: Sequence[CaptionField] = (),
) -> FitPlan:
    """Every photo under the sources with its output path; raises when a write could touch a source.

    `output` is OUT; for --in-place it is None and `settings.backup` names the backup folder.
    """
    destination = output if output is not None else settings.backup
    assert destination is not None
    writes = _real(destination)
    if writes.exists() and not writes.is_dir():
        raise UsageError(f"输出位置 {destination} 是一个文件，应为文件夹。")
    reals = _check_sources(sources, writes)
    walked = [Path(f) for real in reals if real.is_dir() for f, _d, _n in os.walk(real)]
    identities = folder_identities([*walked, *(r.parent for r in reals if r.is_file())])
    planner = _Planner(settings, _Captions(caption_fields) if settings.font is not None else None)
    top: set[str] = set()  # names taken directly under OUT
    out_guard = WriteGuard(root=writes, sources=identities, force=settings.force)
    for real in reals:
        if real.is_file():
            guard = out_guard if output is not None else WriteGuard(root=real.parent, force=True)
            target_dir = writes if output is not None else real.parent
            taken = top if output is not None else _names(real.parent)
            planner.folder(real.parent, [real.name], target_dir, taken, "", real.parent, guard)
            continue
        mirror = writes / _unique(real.name or "photos", top) if output is not None else real
        # SRC inside OUT under its own name would be mirrored onto itself.
        if output is not None and any(_within(mirror, other) or _within(other, mirror) for other in reals):
            raise UsageError(
                f"输出位置 {mirror} 与原片重叠：wenming 从不覆盖原片。", hint="请换一个输出文件夹。"
            )
        guard = out_guard if output is not None else WriteGuard(root=real, force=True)
        # Linked folders are not followed, so a walk cannot loop.
        for folder, dirs, files in os.walk(real):
            dirs.sort()
            rel = Path(folder).relative_to(real)
            shown = (Path(real.name) / rel).as_posix() + "/"
            taken = {d.casefold() for d in dirs} | (set() if output is not None else _names(Path(folder)))
            planner.folder(Path(folder), sorted(files), mirror / rel, taken, shown, real, guard)
    photos = sorted(planner.photos, key=lambda p: p.shown)
    if output is not None:
        _refuse_links(photos, writes)
    else:
        photos = _with_backups(photos, reals, writes)
    backup_guard = WriteGuard(root=writes, sources=identities, force=False) if settings.in_place else None
    return FitPlan(
        output=writes,
        settings=settings,
        photos=tuple(photos),
        ignored=tuple(planner.ignored),
        other_files=planner.others,
        backup_guard=backup_guard,
    )


def _names(folder: Path) -> set[str]:
    return {name.casefold() for name in os.listdir(folder)}


def _with_backups(photos: Sequence[PlannedPhoto], reals: Sequence[Path], backup: Path) -> list[PlannedPhoto]:
    """In place: each original's copy under BACKUP/<SRC name>/…, mirroring its place in the source."""
    out = []
    for item in photos:
        root = next(r for r in reals if _within(item.source, r) or item.source == r)
        out.append(item.model_copy(update={"backup": backup / item.source.relative_to(root.parent)}))
    return out
