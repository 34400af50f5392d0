"""Walk an evidence folder and gather facts about every file: the only reader of evidence files.

The scan gathers facts; the checks turn facts into findings (`checks/files.py`). Each file is read
once per pass by `evidence/reader.py`, in worker processes for the full pass; a cache outside the
evidence folder (`evidence/cache.py`) lets a re-run read only what changed.
"""

from __future__ import annotations

import gc
import os
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wenming_cli.evidence import layout
from wenming_cli.evidence.caption import CAPTION_NAMES, parse_caption, parse_date, split_ids
from wenming_cli.evidence.prefetch import edge_prefetch
from wenming_cli.evidence.reader import UNDECODABLE, Analyser, FileFacts, ReadTask, read_file
from wenming_cli.evidence.sniff import PHOTO_TYPES, VIDEO_TYPES
from wenming_cli.evidence.walk import Entry, Place, bonus_files, walk
from wenming_cli.models.inventory import Activity, EvidenceFile, Inventory, SkippedEntry, SubjectFolder
from wenming_cli.workers import process_pool

_REPORT_TYPES = {"docx", "text", "ole"}

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Analysers:
    """What the checks want read from documents; the scan calls them on bytes it already holds."""

    pdf: Analyser | None = None
    report: Analyser | None = None


@dataclass
class ScanOutput:
    inventory: Inventory
    pdfs: dict[str, Any] = field(default_factory=dict)  # path → the pdf analyser's result
    reports: dict[str, Any] = field(default_factory=dict)  # path → the report analyser's result
    read: int = 0  # files read in this run (the others came from the cache)


@dataclass
class _ActivityDraft:
    path: str
    subject: str
    name: str
    photos: list[str] = field(default_factory=list)
    caption_path: str | None = None
    caption_text: str | None = None
    caption_unreadable: bool = False


def scan(
    root: Path,
    subjects: Mapping[str, str],
    *,
    full: bool = True,
    analysers: Analysers = Analysers(),
    volunteer_subjects: set[str] = frozenset(),  # type: ignore[assignment]
    progress: Progress | None = None,
    workers: int | None = None,
    cache: Any = None,
) -> ScanOutput:
    """Inventory an evidence folder; `subjects` maps the rubric's standard and task ids to their kind.

    `cache` is an `evidence.cache.FactCache` (or None): facts of unchanged files are taken from it.
    """
    root = root.resolve()
    skipped: list[SkippedEntry] = []
    entries = walk(root, skipped, tuple(subjects))
    folders: dict[str, SubjectFolder] = {}
    wanted: list[Entry] = []
    for entry in entries:
        place = entry.place
        if place.subject is not None and place.subject not in subjects:
            continue  # reported once for its folder
        if place.subject is not None and place.subject not in folders:
            top = entry.relpath.split("/")
            depth = next(
                i for i, part in enumerate(top) if layout.subject_of(part, subjects) == place.subject
            )
            kind = subjects.get(place.subject, "standard")
            folders[place.subject] = SubjectFolder(
                path="/".join(top[: depth + 1]), subject=place.subject, **{kind: place.subject}
            )
        wanted.append(entry)
    # With a cache every file needs the hash of its edges (its key). Without, only photos sharing their
    # size with another file can be copies: only they need it (the quick pass's duplicate key).
    sizes = Counter(e.size for e in wanted)
    tasks = [_task(e, full, analysers, edges=_edges(e, sizes, cache is not None)) for e in wanted]

    out = ScanOutput(Inventory(root=str(root)))
    files: list[EvidenceFile] = []
    drafts: dict[str, _ActivityDraft] = {}

    def use(i: int, fact: FileFacts) -> None:
        """File i's record, made in task order while the workers still read the files after it."""
        entry = wanted[i]
        relpath, place = entry.relpath, entry.place
        record = _record(relpath, place, fact, entry.name, out)
        files.append(record)
        if place.role == "activity" and place.activity is not None:
            draft = drafts.setdefault(
                place.activity,
                _ActivityDraft(place.activity, place.subject or "", place.activity.rsplit("/", 1)[-1]),
            )
            if record.role == "photo":
                draft.photos.append(relpath)
            elif record.role == "caption":
                draft.caption_path = relpath
                draft.caption_text = fact.text
                draft.caption_unreadable = record.read_error is not None

    # The header pass (and the cache's edge check) reads the ends of thousands of files: hinted ahead on
    # a cold disk. Facts are handed to `use` in task order as soon as they and all before them are known.
    hinted = [t.absolute for t in tasks] if not full or cache is not None else []
    with edge_prefetch(hinted), _collector_paused():
        out.read = _read_or_recall(tasks, full, progress, workers, cache, use)
    assert len(files) == len(wanted)
    skipped += _unmatched(entries, subjects)
    out.inventory = Inventory(
        root=str(root),
        folders=tuple(sorted(folders.values(), key=lambda f: f.path)),
        activities=tuple(_finish_activity(d, volunteer_subjects) for d in drafts.values()),
        files=tuple(files),
        bonus_files=bonus_files(root),
        skipped=tuple(skipped),
    )
    return out


def path_is_caption(name: str, place: Place) -> bool:
    return name in CAPTION_NAMES and place.role == "activity"


def _edges(entry: Entry, sizes: Counter, cached: bool) -> str:
    if cached:
        return "all"
    return "photo" if entry.size is None or sizes[entry.size] > 1 else "none"


def _task(entry: Entry, full: bool, analysers: Analysers, *, edges: str) -> ReadTask:
    caption = path_is_caption(entry.name, entry.place)
    return ReadTask(
        absolute=entry.path,
        name=entry.name,
        full=full,
        text=caption,
        pdf=analysers.pdf if not caption else None,
        report=analysers.report if not caption and entry.place.role != "activity" else None,
        edges=edges,
    )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cycle collector off while the facts come in, and what is alive after them frozen out of its
    walks: every fact and record made here lives as long as the check, and a collection would walk them
    all for nothing (44 ms on 5,000 files, holding every other thread). Reference counting still frees
    them when the check is done (in a batch, unit after unit); only a reference cycle already unreachable
    at the freeze stays unfreed, and the scan makes next to none (145 objects on 5,000 files)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.freeze()
            gc.enable()


class _InOrder:
    """Hands facts to `use` in task order, each as soon as it and every one before it are known."""

    def __init__(self, facts: list[FileFacts | None], use: Callable[[int, FileFacts], None]) -> None:
        self.facts, self.use, self.next = facts, use, 0

    def advance(self) -> None:
        while self.next < len(self.facts) and self.facts[self.next] is not None:
            self.use(self.next, self.facts[self.next])  # type: ignore[arg-type]
            self.next += 1


def _read_or_recall(
    tasks: list[ReadTask],
    full: bool,
    progress: Progress | None,
    workers: int | None,
    cache: Any,
    use: Callable[[int, FileFacts], None],
) -> int:
    """Facts for every task, from the cache where unchanged, else read (in processes), each handed to
    `use` in task order as soon as it and all before it are known. Returns how many files were read."""
    facts: list[FileFacts | None] = [None] * len(tasks)
    order = _InOrder(facts, use)
    pending = list(range(len(tasks)))
    if cache is not None:
        pending = []
        for i, task in enumerate(tasks):
            hit = cache.get(task.absolute, full)
            if hit is None:
                pending.append(i)
            else:
                facts[i] = hit
    order.advance()
    done = len(tasks) - len(pending)
    count = workers or min(os.cpu_count() or 1, 8)
    todo = [tasks[i] for i in pending]
    if count > 1 and len(todo) >= 8 and (full or _header_pool_pays(len(todo))):
        # Chunks: a few per worker and no more than 16 decodes (progress moves), or 256 header reads.
        chunk = max(1, min(16 if full else 256, len(todo) // (count * 4)))
        with process_pool(count) as pool:
            results = pool.map(read_file, todo, chunksize=chunk)
            done = _collect(results, pending, order, done, len(tasks), progress)
    else:
        done = _collect(map(read_file, todo), pending, order, done, len(tasks), progress)
    order.advance()
    if cache is not None:
        cache.put_many((tasks[i].absolute, full, facts[i]) for i in pending)
    return len(pending)


def _header_pool_pays(files: int) -> bool:
    """Whether the header pass is worth spreading over processes: forked workers start in milliseconds;
    spawned ones (Windows, macOS) import wenming first, which only pays off far later."""
    if files < 400:
        return False
    import multiprocessing  # here, not at the top: a check of a small folder never needs it

    return multiprocessing.get_start_method(allow_none=False) == "fork" or files >= 5000


def _collect(results, pending, order: _InOrder, done, total, progress) -> int:
    for i, fact in zip(pending, results, strict=False):
        order.facts[i] = fact
        order.advance()
        done += 1
        if progress is not None:
            progress(done, total)
    return done


def _record(relpath: str, place: Place, fact: FileFacts, name: str, out: ScanOutput) -> EvidenceFile:
    """The file's role in the convention, from where it lies and what it is."""
    content = fact.content_type
    base: dict[str, Any] = {
        "path": relpath,
        "size": fact.size,
        "content_type": content,
        "subject": place.subject,
        "activity": place.activity,
        "sha256": fact.sha256,
        "fingerprint": fact.fingerprint,
        "encoding": fact.encoding,
        "read_error": fact.read_error,
    }
    if fact.text is not None or fact.encoding == UNDECODABLE and path_is_caption(name, place):
        return EvidenceFile(role="caption", **base)
    if fact.read_error is not None or content == "empty":
        return EvidenceFile(role="other", **base)
    if content in PHOTO_TYPES:
        role = "screenshot" if place.role == "screenshot" else "photo"
        if place.role in ("official_document", "report"):
            role = place.role  # a scanned page saved as an image is still a document
        return EvidenceFile(role=role, photo=fact.photo, **base)
    date = layout.leading_date(name)
    if content == "pdf":
        if fact.pdf is not None:
            out.pdfs[relpath] = fact.pdf
        role = place.role if place.role in ("report", "screenshot", "official_document") else _loose_pdf(fact)
        return EvidenceFile(role=role, date=date, **base)
    if place.role == "official_document":
        # A text or Word file in 正式发文 is a document in the wrong format, not a report.
        return EvidenceFile(role="official_document", date=date, **base)
    if content in _REPORT_TYPES and place.role != "activity":
        if fact.report is not None:
            out.reports[relpath] = fact.report
            encoding = getattr(fact.report, "encoding", None)
            base["encoding"] = encoding if isinstance(encoding, str) else None
        return EvidenceFile(role="report", date=date, **base)
    if content in VIDEO_TYPES:
        return EvidenceFile(role="video", date=date, **base)
    return EvidenceFile(role="other", date=date, **base)


def _loose_pdf(fact: FileFacts) -> str:
    """A PDF lying directly in a standard's folder is an official document only when it looks like one
    (文号, 印发/通知 … in its opening, a red header or seal, or a scan whose words cannot be read);
    a PDF whose text reads like anything else is taken for a report."""
    pdf = fact.pdf
    if pdf is None or not getattr(pdf, "valid", False) or getattr(pdf, "encrypted", False):
        return "official_document"  # not parsed (--quick) or unreadable: the usual case wins
    seen = any(getattr(h, "seen", False) for h in (pdf.red_header, pdf.seal))
    if pdf.looks_official or seen or pdf.image_only or not pdf.pages_read:
        return "official_document"
    return "report"


def _finish_activity(draft: _ActivityDraft, volunteer_subjects: set[str]) -> Activity:
    caption = parse_caption(draft.caption_text) if draft.caption_text is not None else None
    values = caption.values if caption else {}
    caption_date = parse_date(caption.get("时间", "time", "活动时间")) if caption else None
    folder_date = layout.leading_date(draft.name)
    date = caption_date or folder_date
    kind = (caption.control("type") or "") if caption else ""
    media = (caption.control("media") or "").strip() in ("是", "有", "yes", "true") if caption else False
    return Activity(
        path=draft.path,
        subject=draft.subject,
        name=draft.name,
        date=date,
        date_source="caption" if caption_date else "folder" if folder_date else "none",
        folder_date=folder_date,
        caption_path=draft.caption_path,
        caption=values,
        photos=tuple(sorted(draft.photos)),
        clauses=tuple(split_ids(caption.control("clauses"))) if caption else (),
        also=tuple(split_ids(caption.control("also"))) if caption else (),
        volunteer="志愿" in kind or draft.subject in volunteer_subjects,
        media=media,
        caption_unreadable=draft.caption_unreadable,
    )


def _unmatched(entries: list[Entry], subjects: Mapping[str, str]) -> Iterator[SkippedEntry]:
    reported: set[str] = set()
    for entry in entries:
        place = entry.place
        if place.subject is None or place.subject in subjects or place.subject in reported:
            continue
        reported.add(place.subject)
        parts = entry.relpath.split("/")
        folder = next((p for p in parts if layout.subject_of(p, subjects) == place.subject), parts[0])
        yield SkippedEntry(
            path="/".join(parts[: parts.index(folder) + 1]), reason="unmatched", subject=place.subject
        )
