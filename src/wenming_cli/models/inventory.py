"""What the scan found in an evidence folder: files, activities, and the standard or task each serves."""

import datetime as dt
from typing import Literal

from wenming_cli.models.common import Frozen, Id

FileRole = Literal["photo", "official_document", "report", "screenshot", "caption", "video", "other"]


class PhotoInfo(Frozen):
    """Header-level facts about an image, read without decoding pixels."""

    format: str  # by content: jpeg, png, heic, webp, gif, bmp, tiff, unknown
    width: int | None = None
    height: int | None = None
    captured: dt.datetime | None = None  # EXIF DateTimeOriginal
    make: str | None = None
    model: str | None = None
    software: str | None = None
    orientation: int | None = None
    truncated: bool = False  # a JPEG without its end-of-image marker
    decode_error: str | None = None  # the header or (full pass) the pixels could not be read
    decoded: bool = False  # every pixel was decoded (full pass only)
    dhash: str | None = None  # 64-bit difference hash (hex), set only by the full pass
    crop_hashes: tuple[str, ...] = ()  # hashes of the photo's 5 % crop windows (full pass)


class EvidenceFile(Frozen):
    path: str  # relative to the evidence folder, "/" separators
    size: int
    role: FileRole
    content_type: str  # by content: jpeg, png, heic, pdf, docx, zip, text, mp4, empty, unknown …
    subject: str | None = None  # "22" or "a3-3.4": the folder it lies under
    activity: str | None = None  # the activity folder's relative path
    date: dt.date | None = None  # documents/reports: the leading date of the file name
    sha256: str | None = None  # whole-file hash: photos in the full pass (None when not read whole)
    fingerprint: str | None = None  # hash of size + first and last 64 KB: every file, every pass
    encoding: str | None = None  # text files: the encoding they were read in (utf-8, gb18030 …)
    photo: PhotoInfo | None = None
    read_error: str | None = None


class Activity(Frozen):
    path: str
    subject: str
    name: str
    date: dt.date | None = None
    date_source: Literal["caption", "folder", "none"] = "none"
    folder_date: dt.date | None = None  # the folder name's leading date, whatever the caption says
    caption_path: str | None = None
    caption: dict[str, str] = {}
    photos: tuple[str, ...] = ()
    clauses: tuple[str, ...] = ()  # 条款: restricts which clauses it proves
    also: tuple[str, ...] = ()  # 同时用于: other standards, clauses or tasks
    volunteer: bool = False
    media: bool = False
    caption_unreadable: bool = False  # the caption exists but could not be decoded (reported once)


class SubjectFolder(Frozen):
    """A standard's or task's folder (`22 学雷锋志愿服务`, `a3-3.4 垃圾分类`)."""

    path: str
    subject: str
    standard: Id | None = None
    task: str | None = None


SkipReason = Literal[
    "symlink_outside",  # a link pointing outside the evidence folder
    "symlink_loop",  # a link to a folder already walked
    "folder_unnamed",  # a top-level folder without a standard or task id
    "outside_standard",  # a file directly in the evidence folder
    "unmatched",  # a folder whose id the rubric does not know (subject set)
    "unreadable",  # a folder or entry that could not be listed
]


class SkippedEntry(Frozen):
    """Something the walk saw but did not read, and why: the checks turn these into findings."""

    path: str
    reason: SkipReason
    subject: str | None = None
    detail: str | None = None  # the system's error text, for unreadable entries


class Inventory(Frozen):
    root: str
    folders: tuple[SubjectFolder, ...] = ()
    activities: tuple[Activity, ...] = ()
    files: tuple[EvidenceFile, ...] = ()
    bonus_files: tuple[str, ...] = ()  # proofs of honours and promotions in 加分/, relative paths
    skipped: tuple[SkippedEntry, ...] = ()
