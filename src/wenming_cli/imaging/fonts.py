"""Chinese fonts found on Linux, macOS and Windows, and the caption strip drawn with them."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

# File-name fragments of fonts that carry Simplified Chinese, best first.
_CJK_FONT_NAMES = (
    "notosanscjksc",
    "notosanssc",
    "notosanscjk",
    "sourcehansanssc",
    "sourcehansans",
    "msyh",
    "pingfang",
    "hiragino sans gb",
    "simhei",
    "notoserifcjk",
    "notoserifsc",
    "sourcehanserif",
    "wqy-microhei",
    "wqy-zenhei",
    "wqy",
    "stheiti",
    "simsun",
    "droidsansfallback",
    "arphic",
    "uming",
    "ukai",
)
_FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")


def font_dirs() -> list[Path]:
    """Where Linux, macOS and Windows keep fonts (fc-list does not exist on Windows)."""
    home = Path.home()
    dirs = [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".fonts",
        home / ".local/share/fonts",
        Path("/System/Library/Fonts"),
        Path("/Library/Fonts"),
        home / "Library/Fonts",
    ]
    if sys.platform == "win32" or os.environ.get("WINDIR"):
        dirs.insert(0, Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft/Windows/Fonts")
    return dirs


def _font_rank(path: Path) -> tuple[int, int, int] | None:
    name = path.name.lower()
    if not name.endswith(_FONT_SUFFIXES):
        return None
    squeezed = name.replace("-", "").replace("_", "").replace(" ", "")
    for rank, fragment in enumerate(_CJK_FONT_NAMES):
        if fragment in name or fragment.replace("-", "").replace(" ", "") in squeezed:
            bold = any(w in name for w in ("bold", "black", "heavy", "light", "thin"))
            return rank, int(bold), len(name)
    return None


@lru_cache(maxsize=1)
def find_cjk_fonts() -> tuple[Path, ...]:
    """Installed fonts with Chinese glyphs, best first (regular sans before serif and bold)."""
    found: list[tuple[tuple[int, int, int], Path]] = []
    for folder in font_dirs():
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder):
            for name in files:
                path = Path(root) / name
                rank = _font_rank(path)
                if rank is not None:
                    found.append((rank, path))
    return tuple(path for _rank, path in sorted(found))


def find_cjk_font() -> Path | None:
    return next((p for p in find_cjk_fonts() if has_cjk_glyphs(p)), None)


@lru_cache(maxsize=8)
def _face_index(path: str) -> int:
    """In a collection (.ttc) prefer the Simplified Chinese face (Noto's first face is Japanese)."""
    for index in range(16):
        try:
            family = ImageFont.truetype(path, 12, index=index).getname()[0] or ""
        except OSError:
            break
        if family.endswith((" SC", " CN")) or "GB" in family:
            return index
    return 0


def load_font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, index=_face_index(str(path)))


@lru_cache(maxsize=8)
def has_cjk_glyphs(path: Path) -> bool:
    """Whether the font draws 中文 as glyphs rather than as the empty box it uses for missing ones."""
    try:
        font = load_font(path, 24)
    except OSError:
        return False

    def drawn(text: str) -> bytes:
        canvas = Image.new("L", (80, 40))
        ImageDraw.Draw(canvas).text((2, 2), text, font=font, fill=255)
        return canvas.tobytes()

    sample = drawn("中文")
    return any(sample) and sample != drawn("\U0010fffd\U0010fffd")


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for char in text:
        if current and font.getlength(current + char) > width:
            lines.append(current)
            current = char.lstrip()
        else:
            current += char
    return [*lines, current] if current else lines


def burn_caption(img: Image.Image, lines: Sequence[str], font_path: Path) -> Image.Image:
    """A dark band across the bottom of an RGB photo with `lines` in white, sized to the photo."""
    width, height = img.size
    size = max(12, round(min(width, height) / 26))
    font = load_font(font_path, size)
    pad = max(4, size // 2)
    wrapped = [part for line in lines for part in _wrap(line, font, width - 2 * pad)]
    line_height = round(size * 1.4)
    max_lines = max(1, (height // 2 - 2 * pad) // line_height)
    wrapped = wrapped[:max_lines]
    band_height = 2 * pad + line_height * len(wrapped)
    top = height - band_height
    out = img.copy()
    band = out.crop((0, top, width, height))
    out.paste(Image.blend(band, Image.new("RGB", band.size, (0, 0, 0)), 0.55), (0, top))
    draw = ImageDraw.Draw(out)
    for i, line in enumerate(wrapped):
        draw.text((pad, top + pad + i * line_height), line, font=font, fill=(255, 255, 255))
    return out
