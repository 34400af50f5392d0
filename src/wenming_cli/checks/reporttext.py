"""Explanatory reports (说明报告): their text, headings, measures, data, banned phrases and length.

`extract_report_text` reads a .docx, .txt or .md report into numbered blocks (a .txt/.md line, a .docx
paragraph; table cells included in document order); .doc, .wps and PDF reports come back `unsupported`
(the caller asks for 另存为 .docx). `analyse_report` measures the blocks against the rubric's report
rules. Neither raises on a damaged file: the result's `error` says what went wrong.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath

from wenming_cli.models.rubric import BannedPhrase, ReportRules
from wenming_cli.textdecode import UndecodableText, decode_text

MAX_HEADING_CHARS = 30
DOCX_MAX_UNPACKED = 200_000_000  # python-docx unpacks every part into memory: refuse zip bombs first
DOCX_MAX_TABLE_DEPTH = 5
EXCERPT_CHARS = 12  # characters either side of a banned phrase in its excerpt

TEXT_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md"}
UNSUPPORTED_SUFFIXES = {".doc": "doc", ".wps": "wps", ".pdf": "pdf", ".rtf": "rtf", ".odt": "odt"}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc and .wps (Word 97–2003 / WPS)


@dataclass(frozen=True)
class Block:
    """One paragraph of a report: a line of a .txt/.md file or a paragraph of a .docx."""

    number: int  # 1-based line (.txt/.md) or paragraph (.docx, table paragraphs counted in order)
    text: str  # stripped; a markdown heading's leading #s removed
    style: str | None = None  # .docx paragraph style name
    heading_level: int | None = None  # from a heading style, an outline level or markdown #s
    list_level: int | None = None  # .docx automatic numbering (numPr ilvl, 0-based)
    in_table: bool = False


@dataclass(frozen=True)
class ReportText:
    """A report's text as numbered blocks, or why it could not be read."""

    name: str
    format: str  # docx, txt, md; for unsupported files doc, wps, pdf, …
    blocks: tuple[Block, ...] = ()
    encoding: str | None = None  # .txt/.md: utf-8, utf-8-sig or gb18030 (the caller notes gb18030)
    unsupported: bool = False  # .doc/.wps/.pdf …: 请另存为 .docx
    error: str | None = None

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)


@dataclass(frozen=True)
class PhraseHit:
    phrase: str  # as the rubric lists it
    source: str  # stated | inferred | default
    number: int  # the block's line or paragraph number
    excerpt: str


@dataclass(frozen=True)
class Heading:
    number: int
    text: str
    how: str  # numbered | style | markdown


@dataclass(frozen=True)
class Item:
    """A numbered (or bulleted) item; `level` orders 一、 < （一） < 1. < （1） < ① < bullet < auto list."""

    number: int
    text: str
    marker: str  # the numbering as printed: 一、 （二） 3. ① - or 自动编号
    level: int


@dataclass(frozen=True)
class DataHit:
    number: int
    text: str  # the number with its unit: 320人, 65%, 1.2万元


@dataclass(frozen=True)
class ReportAnalysis:
    """Counts and lists for the report rules; the `*_short`/`*_missing` flags apply the rubric's numbers."""

    rules: ReportRules
    error: str | None = None  # copied from the text when it could not be read (or is unsupported)
    chars: int = 0  # characters other than whitespace
    headings: tuple[Heading, ...] = ()
    items: tuple[Item, ...] = ()  # every numbered item
    measures: tuple[Item, ...] = ()  # the items at the lowest numbering level used
    measure_level: str | None = None  # that level as printed (（一）, 1., 标题 2 …)
    data: tuple[DataHit, ...] = ()
    phrase_hits: tuple[PhraseHit, ...] = ()

    @property
    def measure_count(self) -> int:
        return len(self.measures)

    @property
    def over_length(self) -> bool:
        return self.rules.max_chars is not None and self.chars > self.rules.max_chars

    @property
    def headings_missing(self) -> bool:
        return self.rules.headings_required and not self.headings

    @property
    def measures_short(self) -> bool:
        return self.rules.min_measures is not None and self.measure_count < self.rules.min_measures

    @property
    def data_missing(self) -> bool:
        return self.rules.data_required and not self.data


# -- reading -------------------------------------------------------------------------------------


def extract_report_text(name: str, data: bytes) -> ReportText:
    """The text of a report by its name's suffix and its content; never raises on a damaged file."""
    suffix = PurePath(name).suffix.lower()
    if not data:
        return ReportText(name=name, format=suffix.lstrip(".") or "unknown", error="文件为空（0 字节）")
    if suffix in (".docx", ".doc", ".wps") and data.startswith(_ZIP_MAGIC):
        return _read_docx(name, data)  # a .doc that is really a .docx reads as one
    if suffix == ".docx" and data.startswith(_OLE_MAGIC):
        return ReportText(name=name, format="doc", unsupported=True)  # an old .doc renamed to .docx
    if suffix in TEXT_SUFFIXES:
        return _read_text(name, data, TEXT_SUFFIXES[suffix])
    if suffix == ".docx":
        return ReportText(name=name, format="docx", error="不是有效的 Word（.docx）文件")
    return ReportText(
        name=name, format=UNSUPPORTED_SUFFIXES.get(suffix, suffix.lstrip(".") or "unknown"), unsupported=True
    )


def _read_text(name: str, data: bytes, fmt: str) -> ReportText:
    try:
        text, encoding = decode_text(data)
    except UndecodableText as exc:
        return ReportText(name=name, format=fmt, error=exc.message)
    if "\x00" in text:
        return ReportText(name=name, format=fmt, encoding=encoding, error="不是文本文件（含二进制内容）")
    blocks = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        level = None
        if fmt == "md":
            match = re.match(r"^(#{1,6})\s+(.*?)\s*#*$", line)
            if match:
                level, line = len(match.group(1)), match.group(2)
        if line:
            blocks.append(Block(number=number, text=line, heading_level=level))
    return ReportText(name=name, format=fmt, blocks=tuple(blocks), encoding=encoding)


_LONG_PARAGRAPHS = False


def _allow_long_paragraphs() -> None:
    """lxml refuses a text node over 10 MB ("huge text node") unless asked: a valid report with one very
    long paragraph would read as damaged. The unpacked size is bounded above (DOCX_MAX_UNPACKED) and
    entities stay unresolved, so lifting lxml's own limit costs nothing in safety."""
    global _LONG_PARAGRAPHS
    if _LONG_PARAGRAPHS:
        return
    import docx.oxml.parser as oxml
    from lxml import etree

    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False, huge_tree=True)
    parser.set_element_class_lookup(oxml.element_class_lookup)
    oxml.oxml_parser = parser
    _LONG_PARAGRAPHS = True


def _read_docx(name: str, data: bytes) -> ReportText:
    # Imported here: python-docx and lxml cost import time that .txt reports do not need.
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > DOCX_MAX_UNPACKED:
            return ReportText(
                name=name, format="docx", error=f"Word 文件解压后过大（{unpacked // 1_000_000} MB），未读取"
            )
        _allow_long_paragraphs()
        document = docx.Document(io.BytesIO(data))
        blocks = _docx_blocks(document)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        PackageNotFoundError,
        LxmlError,
        KeyError,
        ValueError,
        TypeError,
        AttributeError,
        IndexError,
        NotImplementedError,
        RecursionError,
        EOFError,
        OSError,
        zlib.error,
    ) as exc:
        # python-docx trusts the package; a damaged or hostile one fails in any of these ways.
        return ReportText(
            name=name, format="docx", error=f"Word 文件已损坏，无法读取（{type(exc).__name__}）"
        )
    return ReportText(name=name, format="docx", blocks=tuple(blocks))


def _docx_blocks(document) -> list[Block]:
    from docx.table import Table

    blocks: list[Block] = []
    counter = [0]

    def visit(container, in_table: bool, depth: int) -> None:
        for part in container.iter_inner_content():
            if isinstance(part, Table):
                if depth >= DOCX_MAX_TABLE_DEPTH:
                    continue
                # Merged cells repeat across the grid. Hold the elements themselves: an id() of a
                # released lxml proxy can be reused by the next cell's.
                seen: set = set()
                for row in part.rows:
                    for cell in row.cells:
                        if cell._tc not in seen:
                            seen.add(cell._tc)
                            visit(cell, True, depth + 1)
            else:
                counter[0] += 1
                text = part.text.strip()
                if text:
                    blocks.append(_docx_block(part, counter[0], text, in_table))

    visit(document, False, 0)
    return blocks


def _docx_block(paragraph, number: int, text: str, in_table: bool) -> Block:
    from docx.oxml.ns import qn

    style = paragraph.style.name if paragraph.style is not None else None
    heading = list_level = None
    lowered = (style or "").lower()
    if lowered.startswith("heading") or lowered.startswith("标题"):
        digits = re.search(r"(\d+)\s*$", lowered)
        heading = int(digits.group(1)) if digits else 1
    ppr = paragraph._p.pPr
    if ppr is not None:
        outline = ppr.find(qn("w:outlineLvl"))
        value = outline.get(qn("w:val")) if outline is not None else None
        if heading is None and value is not None and value.isdigit() and int(value) < 9:
            heading = int(value) + 1
        numpr = ppr.numPr
        if numpr is not None and numpr.numId is not None and numpr.numId.val != 0:
            list_level = numpr.ilvl.val if numpr.ilvl is not None else 0
    if list_level is None and lowered.startswith("list number"):
        digits = re.search(r"(\d+)\s*$", lowered)
        list_level = int(digits.group(1)) - 1 if digits else 0
    return Block(
        number=number, text=text, style=style, heading_level=heading, list_level=list_level, in_table=in_table
    )


# -- analysis ------------------------------------------------------------------------------------

_CN = "一二三四五六七八九十百零〇"
_DIGIT = "0-9０-９"
# Numbering as printed, shallowest first (GB/T 9704: 一、 （一） 1. （1）); matched on the raw text
# because NFKC would turn ① into a bare 1.
_MARKERS: tuple[tuple[int, str, re.Pattern[str]], ...] = (
    (1, "一、", re.compile(rf"^([{_CN}]+\s*[、．.])")),
    (2, "（一）", re.compile(rf"^([(（]\s*[{_CN}]+\s*[)）])")),
    (3, "1.", re.compile(rf"^([{_DIGIT}]{{1,2}}\s*(?:[、．]|\.(?![{_DIGIT}])))")),
    (4, "（1）", re.compile(rf"^([(（]\s*[{_DIGIT}]{{1,2}}\s*[)）]|[{_DIGIT}]{{1,2}}\s*[)）])")),
    (5, "①", re.compile(r"^([\u2460-\u2473\u2776-\u277f])")),
    (6, "项目符号", re.compile(r"^([-*•·●▪■◆]\s)")),
)
_BULLET_LEVEL = 6
_AUTO_LEVEL = 7  # .docx automatic numbering: lists usually sit below every typed level

_UNITS = (
    "人次|人|名|位|个|场|次|万元|元|小时|课时|学时|天|篇|条|期|册|本|户|家|项|批|份|处|件|"
    "吨|公斤|千克|平方米|米|公里|棵|株|节|间|所|座|台|支|队|组|幅|张|块|辆|套|箱|袋"
)
_DATA = re.compile(
    rf"(?<![第\d.])(\d+(?:[.,]\d+)*\s*(?:[余多万千百亿]\s*){{0,2}}(?:{_UNITS}))"
    r"|(\d+(?:\.\d+)?\s*%)"
    rf"|(百分之[{_CN}点]+)"
)


def analyse_report(text: ReportText, rules: ReportRules) -> ReportAnalysis:
    """Headings, measures, data, banned phrases and length of a report, against `rules`."""
    if text.error or text.unsupported:
        return ReportAnalysis(rules=rules, error=text.error or f"不支持 .{text.format} 格式，请另存为 .docx")
    headings, items, data, hits = [], [], [], []
    chars = 0
    phrases = _compared(rules)
    for block in text.blocks:
        chars += len(re.sub(r"\s", "", block.text))
        item = _item(block)
        if item is not None:
            items.append(item)
        heading = _heading(block, item)
        if heading is not None:
            headings.append(heading)
        normal = unicodedata.normalize("NFKC", block.text)
        data.extend(DataHit(block.number, re.sub(r"\s", "", m.group(0))) for m in _DATA.finditer(normal))
        hits.extend(_phrase_hits(block, phrases))
    measures, level = _measures(items, text.blocks)
    return ReportAnalysis(
        rules=rules,
        chars=chars,
        headings=tuple(headings),
        items=tuple(items),
        measures=measures,
        measure_level=level,
        data=tuple(data),
        phrase_hits=tuple(hits),
    )


def _item(block: Block) -> Item | None:
    for level, _, pattern in _MARKERS:
        match = pattern.match(block.text)
        if match:
            return Item(block.number, block.text, match.group(1).strip(), level)
    if block.list_level is not None:
        return Item(block.number, block.text, "自动编号", _AUTO_LEVEL + block.list_level)
    return None


def _heading(block: Block, item: Item | None) -> Heading | None:
    if block.heading_level is not None:
        how = "style" if block.style is not None else "markdown"
    elif item is not None and item.level != _BULLET_LEVEL:  # a bulleted line is a list item, no heading
        how = "numbered"
    else:
        return None
    if len(re.sub(r"\s", "", block.text)) > MAX_HEADING_CHARS or "。" in block.text:
        return None
    return Heading(block.number, block.text, how)


def _measures(items: list[Item], blocks: tuple[Block, ...]) -> tuple[tuple[Item, ...], str | None]:
    """The items at the deepest numbering level used; without numbering, the deepest heading level."""
    if items:
        deepest = max(item.level for item in items)
        chosen = tuple(item for item in items if item.level == deepest)
        label = next((shown for level, shown, _ in _MARKERS if level == deepest), None)
        return chosen, label or f"自动编号第 {deepest - _AUTO_LEVEL + 1} 级"
    levels = [b.heading_level for b in blocks if b.heading_level is not None]
    if not levels:
        return (), None
    deepest = max(levels)
    chosen = tuple(Item(b.number, b.text, "标题", deepest) for b in blocks if b.heading_level == deepest)
    return chosen, f"标题 {deepest}"


def _phrase_hits(block: Block, phrases: list[tuple[BannedPhrase, str]]) -> list[PhraseHit]:
    """`phrases`: each banned phrase with its compared form (`_compared`)."""
    # Compare NFKC-normalised, case-folded and without whitespace (截至 目前 is still 截至目前), but
    # quote the excerpt from the text as written.
    compact, origin = [], []
    for index, char in enumerate(block.text):
        folded = _FOLDED.get(char)
        if folded is None:
            folded = "".join(c for c in unicodedata.normalize("NFKC", char).casefold() if not c.isspace())
            if len(_FOLDED) < 65536:
                _FOLDED[char] = folded
        for piece in folded:
            compact.append(piece)
            origin.append(index)
    haystack = "".join(compact)
    hits = []
    for phrase, wanted in phrases:
        start = haystack.find(wanted) if wanted else -1
        while start != -1:
            first, last = origin[start], origin[start + len(wanted) - 1]
            lo, hi = max(0, first - EXCERPT_CHARS), min(len(block.text), last + 1 + EXCERPT_CHARS)
            excerpt = ("…" if lo else "") + block.text[lo:hi] + ("…" if hi < len(block.text) else "")
            hits.append(PhraseHit(phrase.text, phrase.source, block.number, excerpt))
            start = haystack.find(wanted, start + len(wanted))
    return hits


# Each character's compared form (NFKC, case-folded, whitespace dropped), remembered: a report repeats
# the same few thousand characters, and normalising them one by one was most of a report's analysis.
_FOLDED: dict[str, str] = {}


def _compared(rules: ReportRules) -> list[tuple[BannedPhrase, str]]:
    return [
        (phrase, re.sub(r"\s", "", unicodedata.normalize("NFKC", phrase.text)).casefold())
        for phrase in rules.banned_phrases
    ]
