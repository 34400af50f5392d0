"""Where a plan row lands in the evidence folder, following the folder convention of `layout`."""

from __future__ import annotations

from pathlib import Path

from wenming_cli.evidence import layout
from wenming_cli.importer.plan import PlanRow
from wenming_cli.models.rubric import Rubric, Standard, Task

ROLE_FOLDER = {kind: name for name, kind in layout.ROLE_FOLDERS.items()}
PHOTO_SUFFIX = {
    "jpeg": ".jpg",
    "png": ".png",
    "heic": ".heic",
    "webp": ".webp",
    "gif": ".gif",
    "bmp": ".bmp",
    "tiff": ".tif",
}


def find_standard(rubric: Rubric, subject: str) -> Standard | None:
    return next((s for s in rubric.standards if str(s.number) == subject), None)


def find_task(rubric: Rubric, subject: str) -> Task | None:
    return rubric.task(subject)


def subject_title(rubric: Rubric, subject: str) -> str | None:
    standard = find_standard(rubric, subject)
    if standard is not None:
        return standard.short_title
    task = find_task(rubric, subject)
    return task.title if task is not None else None


def normal_subject(text: str) -> str:
    """What a clerk may type in the CSV (`22`, `（22）`, `第22条`, `a3-3.4`) as the folder convention reads it."""
    return layout.subject_of(text) or layout.normalize(text)


def subject_folders(root: Path) -> dict[str, Path]:
    """Existing standard and task folders, also under an optional category level."""
    found: dict[str, Path] = {}
    if not root.is_dir():
        return found
    for child in sorted(root.iterdir()):
        if not child.is_dir() or child.is_symlink():
            continue
        if layout.category_folder(child.name):
            for inner in sorted(child.iterdir()):
                subject = layout.subject_of(inner.name) if inner.is_dir() else None
                if subject:
                    found.setdefault(subject, inner)
        else:
            subject = layout.subject_of(child.name)
            if subject:
                found.setdefault(subject, child)
    return found


def subject_folder(root: Path, folders: dict[str, Path], rubric: Rubric, subject: str) -> Path | None:
    if subject in folders:
        return folders[subject]
    standard = find_standard(rubric, subject)
    if standard is not None:
        width = layout.number_width(s.number for s in rubric.standards)  # the names `wenming init` writes
        return root / layout.standard_folder_name(standard.number, standard.short_title, width)  # type: ignore[arg-type]
    task = find_task(rubric, subject)
    if task is not None:
        return root / layout.task_folder_name(task.id, task.title)
    return None


def target_dir(base: Path, row: PlanRow) -> Path:
    """The folder a row's file goes into, below its standard or task folder."""
    if row.kind in ("photo", "caption"):
        return base / layout.safe_folder_name(row.activity or "")
    role = ROLE_FOLDER.get(row.kind)
    return base / role if role else base
