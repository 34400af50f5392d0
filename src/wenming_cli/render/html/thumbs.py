"""Small previews of the files a finding points at, made in memory and embedded as data: URIs.

Nothing is written anywhere: the evidence folder is only read, and only the files that carry a
finding are opened, so a year of photos costs a few kilobytes per problem, not per photo.
"""

from __future__ import annotations

import base64
import io
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from wenming_cli.imaging import decode

SIZE = 160  # pixels on the longer side: enough to recognise a photo beside its finding
QUALITY = 60
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".heic", ".heif", ".webp", ".bmp", ".gif", ".tif", ".tiff"}
MAX_BYTES = 200_000_000  # a "photo" larger than this is itself a finding; no preview is worth reading it


def inside(root: Path, relative: str) -> Path | None:
    """The regular file `relative` names under `root`, or None when it leaves the folder or is not one."""
    try:
        base = root.resolve()
        path = (root / relative).resolve()
        path.relative_to(base)
    except (OSError, ValueError, RuntimeError):
        return None
    try:
        return path if path.is_file() and path.stat().st_size <= MAX_BYTES else None
    except OSError:
        return None


def _jpeg_uri(img: Image.Image) -> str:
    img.thumbnail((SIZE, SIZE))
    if img.mode not in ("RGB", "L"):
        img = img.convert("RGBA")
        background = Image.new("RGB", img.size, "white")
        background.paste(img, mask=img.getchannel("A"))
        img = background
    out = io.BytesIO()
    img.save(out, "JPEG", quality=QUALITY, optimize=True)
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def photo_thumbnail(path: Path) -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with decode.open_lazily(path) as img:
                img.draft("RGB", (SIZE * 2, SIZE * 2))  # JPEG decodes at 1/2…1/8 scale: fast and small
                img.load()
                return _jpeg_uri(decode.upright(img))
    except (OSError, ValueError, SyntaxError, UnidentifiedImageError, Image.DecompressionBombError):
        return None  # a file that does not decode has its own finding; it just gets no preview


def pdf_thumbnail(path: Path) -> str | None:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError, ValueError):
        return None  # encrypted or broken: its finding says so
    try:
        if len(pdf) == 0:
            return None
        page = pdf[0]
        width, height = page.get_size()
        scale = SIZE / max(width, height, 1)
        image = page.render(scale=scale).to_pil()
        return _jpeg_uri(image)
    except (pdfium.PdfiumError, OSError, ValueError):
        return None
    finally:
        pdf.close()


class Thumbnails:
    """One preview per file, made at most once per run."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self._cache: dict[str, str | None] = {}

    def __call__(self, relative: str | None) -> str | None:
        if not relative or self.root is None:
            return None
        if relative not in self._cache:
            self._cache[relative] = self._make(relative)
        return self._cache[relative]

    def _make(self, relative: str) -> str | None:
        path = inside(self.root, relative)  # type: ignore[arg-type]
        if path is None:
            return None
        suffix = path.suffix.lower()
        if suffix == ".pdf":
            return pdf_thumbnail(path)
        if suffix in PHOTO_SUFFIXES:
            return photo_thumbnail(path)
        return None
