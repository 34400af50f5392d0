"""Decode the text files a clerk writes (captions, reports, unit plans, rubrics): one rule for all.

Order (SPEC §8): UTF-8 with or without BOM, UTF-16/UTF-32 with BOM (Notepad's "Unicode"), then GB18030.
A UTF-8 file with a few stray bytes is *not* read as GB18030 (that would turn it into mojibake); it is
refused like any other undecodable file, with the line of the first bad byte, so that the caller can
turn it into a finding for that one file.
"""

from __future__ import annotations

import codecs

UTF8 = "utf-8"
UTF8_BOM = "utf-8-sig"
GB18030 = "gb18030"

# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, UTF8, UTF8_BOM),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

_LABELS = {
    UTF8: "UTF-8",
    UTF8_BOM: "UTF-8（带 BOM）",
    "utf-16": "UTF-16（记事本“Unicode”）",
    "utf-32": "UTF-32",
    GB18030: "GB18030/GBK",
}


class UndecodableText(UnicodeDecodeError):
    """A text file that decodes under none of the accepted encodings.

    A subclass of UnicodeDecodeError so that existing `except UnicodeDecodeError` handlers keep working;
    `message` is the Chinese explanation (which line, what to do) for a finding or an error.
    """

    def __init__(self, raw: bytes, start: int, reason: str, message: str) -> None:
        super().__init__("text", raw, start, min(start + 1, len(raw)), reason)
        self.message = message
        self.line = raw.count(b"\n", 0, start) + 1

    def __str__(self) -> str:
        return self.message


def encoding_label(encoding: str) -> str:
    """The Chinese-facing name of an encoding returned by `decode_text`."""
    return _LABELS.get(encoding, encoding)


def is_legacy(encoding: str) -> bool:
    """True when the text was read as GB18030: worth an info finding suggesting UTF-8."""
    return encoding == GB18030


def decode_text(raw: bytes) -> tuple[str, str]:
    """Decode a clerk's text file; returns (text, encoding) or raises UndecodableText.

    `encoding` is one of utf-8, utf-8-sig, utf-16, utf-32, gb18030.
    """
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(codec), name
            except UnicodeDecodeError as exc:
                position = exc.start + len(bom)
                raise UndecodableText(
                    raw,
                    position,
                    "bad byte after BOM",
                    f"文件以 {encoding_label(name)} 标记开头，但第 {_line(raw, position)} 行有无法识别的字节。"
                    "请用记事本打开后另存为 UTF-8。",
                ) from None
    try:
        return raw.decode(UTF8), UTF8
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _mostly_utf8(raw):
        raise UndecodableText(
            raw,
            first_bad,
            "stray bytes in UTF-8",
            f"文件是 UTF-8 编码，但第 {_line(raw, first_bad)} 行混入了无法识别的字节"
            f"（第 {first_bad + 1} 个字节 0x{raw[first_bad]:02X}）。请删除该处乱码后另存为 UTF-8。",
        )
    try:
        return raw.decode(GB18030), GB18030
    except UnicodeDecodeError as exc:
        raise UndecodableText(
            raw,
            exc.start,
            "neither UTF-8 nor GB18030",
            f"无法识别文字编码（既不是 UTF-8、UTF-16，也不是 GB18030），第 {_line(raw, exc.start)} 行起无法读取。"
            "请用记事本打开后另存为 UTF-8。",
        ) from None


def _line(raw: bytes, position: int) -> int:
    return raw.count(b"\n", 0, position) + 1


def _mostly_utf8(raw: bytes) -> bool:
    """Valid multi-byte UTF-8 characters far outnumber the bytes that are not: a UTF-8 file with a few
    stray bytes, not a GBK one (GBK text almost never forms valid UTF-8 sequences by chance)."""
    text = raw.decode(UTF8, errors="replace")
    bad = text.count("\ufffd") - raw.count("\ufffd".encode())
    good = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return bad > 0 and good >= 2 and good >= 4 * bad
