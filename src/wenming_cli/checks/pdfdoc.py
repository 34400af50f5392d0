"""What a PDF is: readable or not, encrypted or not, scanned or not, official-looking or not, and (through
`pdfvision`) whether it shows a red header on its first page and a red round seal on any page.

`analyse_pdf` never raises on hostile input and bounds its work: it returns a result with `error` set
instead, and pages whose content would cost too much to parse are skipped with a note.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import warnings
import zlib
from dataclasses import dataclass

import pypdfium2 as pdfium
from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, PyPdfError

from wenming_cli.checks.pdfvision import (
    Heuristic,
    find_red_header,
    find_seal,
    not_rendered,
    render_first_page,
)

# pypdf reports recoverable damage through logging; without a handler Python would print it to stderr,
# and the core never prints. The CLI may still route these records by configuring logging itself.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

MAX_PAGES = 30  # pages rendered for the seal and read for text: attachments rarely push a seal further
MAX_CONTENT_BYTES = 8_000_000  # a page's drawing instructions, decompressed (a Word page: ~100 kB)
MAX_IMAGE_PIXELS = 100_000_000  # a page image larger than this is not rendered (decompression bomb)
TEXT_LIMIT = 4000  # characters of page 1 kept for classification

# What pypdf and pdfium raise on damaged files (a run of 1,500 truncated and bit-flipped PDFs raised
# nothing else). Anything outside this list is a bug and should surface under --debug.
_PARSE_ERRORS = (
    PyPdfError,
    pdfium.PdfiumError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    RecursionError,
    OSError,
    EOFError,
    zlib.error,
    AssertionError,
    UnicodeError,
    ArithmeticError,
    NotImplementedError,
)

_DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,12})?\s*[〔\[【〖(]\s*((?:19|20)\d{2})\s*[〕\]】〗)]\s*(\d{1,4})\s*号"
)
_OFFICIAL_WORDS = ("文件", "印发", "通知", "决定", "批复", "请示", "纪要", "意见")


@dataclass(frozen=True)
class PdfAnalysis:
    """Facts about one PDF. `error` is set (in Chinese) when it cannot be read at all.

    `valid` with `page_count == 0` is a well-formed PDF without pages; `encrypted` PDFs are valid but
    unread (`page_count` None, no heuristics).
    """

    valid: bool
    error: str | None = None
    page_count: int | None = None  # None when unknown (a user password hides the page tree)
    encrypted: bool = False  # a user password is needed to open it
    owner_password_only: bool = False  # encrypted with an owner password only: opens without one
    image_only: bool = False  # no page read has extractable text: a scan
    text_pages: int = 0  # pages with extractable text among those read
    pages_read: int = 0
    first_page_text: str = ""
    doc_number: str | None = None  # 文号 as printed on page 1, e.g. 益文明办〔2021〕10号
    official_words: tuple[str, ...] = ()  # 印发, 通知 … found in page 1's opening
    red_header: Heuristic | None = None  # None when not rendered (render=False, encrypted, invalid)
    seal: Heuristic | None = None
    notes: tuple[str, ...] = ()  # what was skipped and why, in Chinese

    @property
    def looks_official(self) -> bool:
        """Page 1 reads like an official document (文号, or 印发/通知 … in its opening)."""
        return self.doc_number is not None or bool(self.official_words)


def analyse_pdf(data: bytes, *, render: bool = True, jpeg_pages: bool = True) -> PdfAnalysis:
    """Read a PDF's structure and text; with `render`, look for a red header and a seal.

    `jpeg_pages`: a page that is one JPEG and nothing else is decoded by Pillow in draft mode instead of
    rendered by pdfium (`pdfscan.py`, same answers, a fraction of the time); False renders every page."""
    if not data:
        return PdfAnalysis(valid=False, error="文件为空（0 字节）")
    if b"%PDF" not in data[:1024]:
        return PdfAnalysis(valid=False, error="不是 PDF 文件（缺少 %PDF 文件头）")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _analyse(data, render, jpeg_pages)
    except _PARSE_ERRORS as exc:
        return PdfAnalysis(valid=False, error=f"PDF 文件已损坏，无法读取（{type(exc).__name__}）")


def _analyse(data: bytes, render: bool, jpeg_pages: bool) -> PdfAnalysis:
    owner_only = False
    try:
        # Inside the try: for AES, pypdf may need `cryptography` already while reading the trailer.
        reader: PdfReader | None = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
            if not opened:
                return PdfAnalysis(valid=True, encrypted=True, notes=("需要打开密码，未检查页面内容",))
            owner_only = True
    except DependencyError:
        # No crypto package for this cipher: pdfium decides whether a user password is needed.
        reader = None
        if not _pdfium_opens(data):
            return PdfAnalysis(valid=True, encrypted=True, notes=("需要打开密码，未检查页面内容",))
        owner_only = True
    page_count = len(reader.pages) if reader is not None else None
    if page_count == 0:
        # Well-formed but empty: the caller reports it under its own code, not as a damaged file.
        return PdfAnalysis(
            valid=True, page_count=0, owner_password_only=owner_only, notes=("PDF 没有任何页面",)
        )

    notes: list[str] = []
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        text = _pypdf_first_text(reader) if reader is not None and _page_safe(reader, 0, []) else ""
        notes.append(f"页面无法渲染（{exc}），未检查红头和印章")
        return PdfAnalysis(
            valid=True,
            page_count=page_count,
            owner_password_only=owner_only,
            first_page_text=text,
            **_classify(text),
            notes=tuple(notes),
        )
    try:
        return _analyse_pages(document, reader, page_count, owner_only, render, notes, jpeg_pages)
    finally:
        document.close()


def _analyse_pages(document, reader, page_count, owner_only, render, notes, jpeg_pages) -> PdfAnalysis:
    count = len(document) if page_count is None else min(page_count, len(document))
    read = min(count, MAX_PAGES)
    if count > MAX_PAGES:
        notes.append(f"共 {count} 页，只检查了前 {MAX_PAGES} 页")
    if reader is None:
        # Without pypdf's view the work per page cannot be bounded: count the pages, read none.
        notes.append("无法检查页面结构（缺少解密组件），未读取页面内容")
        safe: list[int] = []
    else:
        # Bounded before pdfium parses anything, in --quick too: text extraction parses the page as well.
        safe = [i for i in range(read) if _page_safe(reader, i, notes)]
    texts = {i: _page_text(document[i]) for i in safe}
    first = texts.get(0, "")
    text_pages = sum(1 for t in texts.values() if t.strip())

    red_header = seal = None
    if render and read:
        scans = {i for i, t in texts.items() if not t.strip()}
        jpegs = reader if jpeg_pages else None  # pages that are one JPEG: decoded by Pillow
        page_one = render_first_page(document[0], jpegs and jpegs.pages[0]) if 0 in safe else None
        red_header = find_red_header(document[0], 0 in scans, page_one) if 0 in safe else not_rendered("首页")
        seal = find_seal(document, safe, read, scans, page_one, jpegs)
    return PdfAnalysis(
        valid=True,
        page_count=count,
        owner_password_only=owner_only,
        image_only=bool(texts) and text_pages == 0,
        text_pages=text_pages,
        pages_read=len(texts),
        first_page_text=first[:TEXT_LIMIT],
        **_classify(first),
        red_header=red_header,
        seal=seal,
        notes=tuple(notes),
    )


def _pdfium_opens(data: bytes) -> bool:
    try:
        pdfium.PdfDocument(data).close()
    except pdfium.PdfiumError:
        return False
    return True


def _page_text(page) -> str:
    textpage = page.get_textpage()
    try:
        return textpage.get_text_range().replace("\r\n", "\n")
    finally:
        textpage.close()


def _pypdf_first_text(reader: PdfReader | None) -> str:
    if reader is None:
        return ""
    try:
        return (reader.pages[0].extract_text() or "")[:TEXT_LIMIT]
    except _PARSE_ERRORS:
        return ""


def find_doc_number(text: str) -> str | None:
    """The first 文号 in a text (a file name, a page), e.g. 益文明办〔2021〕10号."""
    return _classify(text)["doc_number"]


def _classify(text: str) -> dict:
    normal = unicodedata.normalize("NFKC", text)
    match = _DOC_NUMBER.search(normal)
    number = re.sub(r"\s+", "", match.group(0)) if match else None
    opening = re.sub(r"\s+", "", normal[:300])
    words = tuple(w for w in _OFFICIAL_WORDS if w in opening)
    return {"doc_number": number, "official_words": words}


def _page_safe(reader: PdfReader, index: int, notes: list[str]) -> bool:
    """False when a page would cost too much to parse or render: an image too large to decode, or
    drawing instructions that inflate beyond MAX_CONTENT_BYTES (decompression bombs)."""
    try:
        page = reader.pages[index]
        pixels = _image_pixels(page.get("/Resources"), depth=0)
        content = _content_bytes(page.get("/Contents"), MAX_CONTENT_BYTES)
        content += _form_bytes(page.get("/Resources"), MAX_CONTENT_BYTES - content, depth=0)
    except _PARSE_ERRORS:
        # Sizes that cannot be read cannot be bounded either: do not hand the page to pdfium.
        notes.append(f"第 {index + 1} 页结构损坏，未读取")
        return False
    if pixels > MAX_IMAGE_PIXELS:
        notes.append(f"第 {index + 1} 页含超大图像（约 {pixels // 10_000} 万像素），未渲染")
        return False
    if content > MAX_CONTENT_BYTES:
        notes.append(
            f"第 {index + 1} 页的页面内容解压后超过 {MAX_CONTENT_BYTES // 1_000_000} MB（疑似解压炸弹），未读取"
        )
        return False
    return True


def _content_bytes(contents, budget: int) -> int:
    """Decompressed size of a page's or form's content stream(s), measured in bounded steps: never
    more than `budget` + one step is inflated, whatever the stream claims."""
    if contents is None:
        return 0
    contents = contents.get_object()
    streams = list(contents) if isinstance(contents, list) else [contents]
    total = 0
    for ref in streams:
        stream = ref.get_object()
        raw = getattr(stream, "_data", b"") or b""
        filters = stream.get("/Filter")
        names = [str(f) for f in filters] if isinstance(filters, list) else [str(filters)] if filters else []
        if not names:
            total += len(raw)
        elif names == ["/FlateDecode"]:
            total += _inflated_size(raw, budget - total)
        else:
            # Other filter chains are rare in page content; judge them by their encoded size alone.
            total += len(raw)
        if total > budget:
            return total
    return total


def _inflated_size(raw: bytes, budget: int) -> int:
    inflater = zlib.decompressobj()
    size = 0
    step = 1 << 20
    pending = raw
    try:
        while pending and size <= budget:
            size += len(inflater.decompress(pending, step))
            pending = inflater.unconsumed_tail
    except zlib.error:
        pass  # a damaged stream inflates no further; pdfium copes with what there is
    return size


def _xobjects(resources):
    """The XObjects a resource dictionary names (none when it names none or is not a dictionary)."""
    if resources is None:
        return
    resources = resources.get_object()
    xobjects = resources.get("/XObject") if hasattr(resources, "get") else None
    if xobjects is None:
        return
    for ref in xobjects.get_object().values():
        yield ref.get_object()


def _form_bytes(resources, budget: int, depth: int) -> int:
    """Content of the form XObjects a page draws, two levels deep, within the remaining budget."""
    if depth > 2 or budget < 0:
        return 0
    total = 0
    for xobj in _xobjects(resources):
        if xobj.get("/Subtype") == "/Form":
            total += _content_bytes(xobj, budget - total)
            total += _form_bytes(xobj.get("/Resources"), budget - total, depth + 1)
        if total > budget:
            break
    return total


def _image_pixels(resources, depth: int) -> int:
    """The largest image on a page, looking two levels into form XObjects."""
    if depth > 2:
        return 0
    largest = 0
    for xobj in _xobjects(resources):
        if xobj.get("/Subtype") == "/Image":
            largest = max(largest, int(xobj.get("/Width", 0)) * int(xobj.get("/Height", 0)))
        elif xobj.get("/Subtype") == "/Form":
            largest = max(largest, _image_pixels(xobj.get("/Resources"), depth + 1))
    return largest
