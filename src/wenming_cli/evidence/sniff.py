"""What a file is, by its first bytes, whatever its extension says."""

from __future__ import annotations

PHOTO_TYPES = {"jpeg", "png", "heic", "webp", "gif", "bmp", "tiff"}
VIDEO_TYPES = {"mp4", "mov"}

EXTENSION_TYPES = {
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".jpe": "jpeg",
    ".png": "png",
    ".heic": "heic",
    ".heif": "heic",
    ".webp": "webp",
    ".gif": "gif",
    ".bmp": "bmp",
    ".tif": "tiff",
    ".tiff": "tiff",
    ".pdf": "pdf",
    ".docx": "docx",
    ".doc": "ole",
    ".wps": "ole",
    ".xls": "ole",
    ".xlsx": "xlsx",
    ".zip": "zip",
    ".rar": "rar",
    ".7z": "7z",
    ".txt": "text",
    ".md": "text",
    ".mp4": "mp4",
    ".mov": "mov",
}

_HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"avif"}
_MOV_BRANDS = {b"qt  "}


def sniff(head: bytes, name: str = "") -> str:
    """The content type of a file from its first bytes (and, for zip containers, its name)."""
    if not head:
        return "empty"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head.startswith(b"BM") and len(head) > 14:
        return "bmp"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _HEIC_BRANDS:
            return "heic"
        if brand in _MOV_BRANDS:
            return "mov"
        return "mp4"
    if head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        lower = name.lower()
        if lower.endswith(".docx"):
            return "docx"
        if lower.endswith(".xlsx"):
            return "xlsx"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"Rar!"):
        return "rar"
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16/32 with BOM: Notepad's "Unicode"
    if _looks_like_text(head):
        return "text"
    return "unknown"


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the end of the sample is still text.
            if exc.start >= len(head) - 3:
                return True
    return False


def extension_type(name: str) -> str | None:
    dot = name.rfind(".")
    return EXTENSION_TYPES.get(name[dot:].lower()) if dot >= 0 else None


_LABELS = {
    "jpeg": "JPG 图片",
    "png": "PNG 图片",
    "gif": "GIF 图片",
    "bmp": "BMP 图片",
    "tiff": "TIFF 图片",
    "webp": "WebP 图片",
    "heic": "HEIC 图片（苹果手机）",
    "pdf": "PDF 文件",
    "docx": "Word 文档（.docx）",
    "xlsx": "Excel 工作簿（.xlsx）",
    "ole": "旧版 Office/WPS 文档（.doc/.wps/.xls）",
    "zip": "zip 压缩包",
    "rar": "RAR 压缩包",
    "7z": "7z 压缩包",
    "text": "纯文本",
    "mp4": "MP4 视频",
    "mov": "MOV 视频",
    "empty": "空文件",
    "unknown": "无法识别的内容",
}


def type_label(content: str) -> str:
    """The Chinese name of a content type returned by `sniff` (for messages, never for keys)."""
    return _LABELS.get(content, content)
