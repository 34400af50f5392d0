"""Read each source file once and keep what placing it needs: hash, type, date, likeness, words."""

from __future__ import annotations

import datetime as dt
import hashlib
import warnings
from dataclasses import dataclass, field

from PIL import Image, ImageFilter, ImageStat, UnidentifiedImageError

from wenming_cli.evidence.photo import decode_hashes, header_info
from wenming_cli.evidence.sniff import PHOTO_TYPES, extension_type, sniff
from wenming_cli.imaging import decode
from wenming_cli.importer import dates
from wenming_cli.importer.sources import SourceFile
from wenming_cli.importer.zipsource import ZipProblem

TEXT_LIMIT = 3000  # characters of a document's text used for matching
WHOLE_LIMIT = 64 * 10**6  # larger files (videos) are hashed in chunks, never held in memory
_DOC_TYPES = {"pdf", "docx", "text", "ole"}
_SCREENSHOT_WORDS = ("screenshot", "截图", "截屏", "屏幕快照", "报道", "样报")


@dataclass
class FileFacts:
    file: SourceFile
    sha256: str
    content: str  # by content: jpeg, png, heic, pdf, docx, text, …
    captured: dt.datetime | None = None
    date_source: str | None = None  # EXIF, or which name pattern
    dhash: str | None = None
    windows: tuple[str, ...] = ()  # crop-window hashes: check's near-duplicate rule compares these too
    sharpness: float = 0.0
    text: str = ""  # document text (first TEXT_LIMIT characters)
    error: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def is_photo(self) -> bool:
        return self.content in PHOTO_TYPES and self.error is None

    @property
    def is_screenshot(self) -> bool:
        lowered = self.file.name.lower()
        return self.content in PHOTO_TYPES and any(w in lowered for w in _SCREENSHOT_WORDS)


def gather(file: SourceFile) -> FileFacts:
    """Hash, type and what placing needs; a file above WHOLE_LIMIT is only hashed, in chunks."""
    try:
        if file.size > WHOLE_LIMIT:
            sha, head = file.hash_in_chunks()
            facts = FileFacts(file, sha, sniff(head, file.name))
            if facts.content in PHOTO_TYPES:
                facts.error = f"图片文件过大（{file.size:,} 字节），未读取；请先缩小后再导入"
            return facts
        data = file.read()
    except (OSError, ZipProblem) as exc:
        return FileFacts(file, "", "unknown", error=f"无法读取：{exc}")
    facts = FileFacts(file, hashlib.sha256(data).hexdigest(), sniff(data[:64], file.name))
    if facts.content in PHOTO_TYPES:
        _photo(facts, data)
    elif facts.content in _DOC_TYPES:
        facts.text = document_text(file.name, facts.content, data)
    if facts.captured is None and facts.content in PHOTO_TYPES:
        facts.captured, facts.date_source = dates.from_name(file.name)
    return facts


def _photo(facts: FileFacts, data: bytes) -> None:
    info = header_info(data, facts.content)
    if info.decode_error:
        facts.error = info.decode_error
        return
    if info.captured is not None:
        facts.captured, facts.date_source = info.captured, "EXIF 拍摄时间"
    # check's own decode and difference hash, so "the same photo" means here what it means there.
    error, facts.dhash, facts.windows = decode_hashes(data)
    if error is not None:
        facts.error = error
        return
    facts.sharpness = sharpness(data)
    claimed = extension_type(facts.file.name)
    if claimed is not None and claimed != facts.content:
        facts.notes.append(f"扩展名与内容不符（实为 {facts.content.upper()}），已按内容命名")


def document_text(name: str, content: str, data: bytes) -> str:
    """Words of a report (docx, txt) or of a PDF's text layer; empty for scans and old .doc files."""
    if content == "pdf":
        from wenming_cli.checks.pdfdoc import analyse_pdf

        return analyse_pdf(data, render=False).first_page_text[:TEXT_LIMIT]
    from wenming_cli.checks.reporttext import extract_report_text

    report = extract_report_text(name, data)
    return "\n".join(b.text for b in report.blocks)[:TEXT_LIMIT]


def sharpness(data: bytes) -> float:
    """How much edge detail a photo has (variance of an edge filter on a reduced decode)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with decode.open_lazily(data) as img:
                img.draft("L", (512, 512))
                small = img.convert("L")
                small.thumbnail((512, 512))
                return ImageStat.Stat(small.filter(ImageFilter.FIND_EDGES)).var[0]
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
        return 0.0


def likeness_of(data: bytes) -> tuple[str | None, tuple[str, ...]]:
    """A photo's difference hash and crop-window hashes by check's rule; (None, ()) when undecodable."""
    _, own, windows = decode_hashes(data)
    return own, windows
