"""Looking at rendered PDF pages: a red header (红头) on the first page and a red round seal on any page.

Heuristics over low-resolution pdfium renders: the caller only ever warns on them, and each answer
carries a short Chinese description of what was and was not seen (benchmarks/README-pdf.md has figures).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageOps

from wenming_cli.checks.pdfregions import clusters, components
from wenming_cli.checks.pdfscan import render_jpeg_page

HEADER_DPI = 60  # enough to see a red title or a 0.5 mm red rule; fast
HEADER_MAX_PX = 1200  # longest side of the header render, whatever the page size claims
HEADER_ZONE = 0.35  # the top share of the first page where a red header lies
STROKE_ERODE_PX = 7  # ~3 mm at HEADER_DPI: thicker than any stroke of a title character
SEAL_WIDTH_PX = 300  # seal renders: a 42 mm seal on A4 is ~60 px wide, its ring ~2 px
SEAL_MAX_PX = 600
SEAL_MIN, SEAL_MAX = 0.11, 0.35  # a seal's diameter as a share of the page's short side


@dataclass(frozen=True)
class Heuristic:
    """A look at rendered pages: seen or not, on which pages, and what was seen, in Chinese."""

    seen: bool
    description: str
    pages: tuple[int, ...] = ()  # 1-based pages where it was seen
    width_share: float | None = None  # red header: its width as a share of the page width
    diameter_mm: float | None = None  # seal: its diameter on the page, in millimetres
    colourless: bool = False  # the pages looked at carry no colour (a greyscale scan): cannot tell

    @property
    def page(self) -> int | None:
        return self.pages[0] if self.pages else None


def not_rendered(where: str) -> Heuristic:
    return Heuristic(seen=False, description=f"{where}未渲染，无法判断")


# -- rendering and the red mask ------------------------------------------------------------------


def _render(page, dpi: float, width_px: int | None, max_px: int, scan_page=None) -> Image.Image | None:
    """`scan_page`: the same page as pypdf reads it, to decode a page that is one JPEG (pdfscan.py)."""
    scale = _scale(page, dpi, width_px, max_px)
    if scale is None:
        return None
    image = _decoded(page, scale, scan_page)
    if image is not None:
        return image
    try:
        bitmap = page.render(scale=scale, may_draw_forms=True)
    except pdfium.PdfiumError:
        return None  # one damaged page: the others are still looked at
    try:
        return bitmap.to_pil().convert("RGB")
    finally:
        bitmap.close()


def _scale(page, dpi: float, width_px: int | None, max_px: int) -> float | None:
    width, height = page.get_size()
    if not (width > 1 and height > 1):
        return None
    scale = width_px / width if width_px else dpi / 72
    return min(scale, max_px / max(width, height))


def _decoded(page, scale: float | None, scan_page) -> Image.Image | None:
    """The page at `scale` from its one JPEG, or None (not such a page, or no `scan_page` given)."""
    if scan_page is None or scale is None:
        return None
    width, height = page.get_size()
    # The size pypdfium2 gives a render at this scale: the whole page in whole pixels.
    return render_jpeg_page(page, scan_page, (math.ceil(width * scale), math.ceil(height * scale)))


# Lookup tables for `point`: a list is applied as it is, a function is called 256 times per call.
_RED_HUES = tuple(255 if h <= 14 or h >= 241 else 0 for h in range(256))


@lru_cache(maxsize=8)
def _at_least(threshold: int) -> tuple[int, ...]:
    return tuple(255 if v >= threshold else 0 for v in range(256))


def _red_mask(image: Image.Image, min_saturation: int) -> Image.Image:
    """255 where a pixel is clearly red (hue within ~20° of red, saturated, not dark), else 0."""
    hue, sat, val = image.convert("HSV").split()
    hue = hue.point(_RED_HUES)
    sat = sat.point(_at_least(min_saturation))
    val = val.point(_at_least(100))
    return ImageChops.multiply(ImageChops.multiply(hue, sat), val)


# -- red header ----------------------------------------------------------------------------------


def render_first_page(page, scan_page=None) -> Image.Image | None:
    """Page 1 as the red-header look renders it; `find_seal` scales it down instead of rendering again.
    `scan_page`: page 1 as pypdf reads it, for a page that is one JPEG (see `_render`)."""
    return _render(page, HEADER_DPI, None, HEADER_MAX_PX, scan_page)


def find_red_header(page, scan: bool, image: Image.Image | None = None) -> Heuristic:
    """`image`: the page rendered by `render_first_page` (rendered here when not given)."""
    image = image if image is not None else render_first_page(page)
    if image is None:
        return Heuristic(seen=False, description="首页尺寸异常，无法判断红头")
    if scan and _colourless(image):
        return Heuristic(
            seen=False,
            description="首页没有任何彩色（黑白或灰度扫描），无法判断红头；原件有红头的请彩色扫描",
            colourless=True,
        )
    zone = image.crop((0, 0, image.width, max(1, round(image.height * HEADER_ZONE))))
    mask = _red_mask(zone, min_saturation=90)
    w, h = mask.size
    bits = mask.tobytes()
    row_min = max(2, round(w * 0.01))
    red_rows = [bits.count(255, y * w, (y + 1) * w) >= row_min for y in range(h)]

    max_gap = max(1, round(HEADER_DPI / 25.4 * 1.5))  # 1.5 mm: strokes inside one line of characters
    text_share = rule_share = widest = 0.0
    for top, bottom in _bands(red_rows, max_gap):
        height = (bottom - top + 1) / image.height
        band = mask.crop((0, top, w, bottom + 1))
        columns = band.resize((w, 1), Image.BOX).tobytes()
        hit = [i for i, c in enumerate(columns) if c]
        if not hit:
            continue
        extent = (hit[-1] - hit[0] + 1) / w
        widest = max(widest, extent)
        # A header spans much of the width without big holes (characters or a rule, not bars).
        if extent < 0.4 or len(hit) / w < 0.7 * extent:
            continue
        if height < 0.015:
            rule_share = max(rule_share, extent)
            continue
        # A title line is 9 mm or taller, no taller than two lines of big characters, and made of
        # strokes: solid red blocks (a banner photo, a bar chart) are not a header.
        if 0.03 <= height <= 0.12 and _strokes(band):
            text_share = max(text_share, extent)

    if text_share or rule_share:
        parts = []
        if text_share:
            parts.append(f"红色标题文字（占页宽 {text_share:.0%}）")
        if rule_share:
            parts.append(f"红色横线（占页宽 {rule_share:.0%}）")
        return Heuristic(
            seen=True,
            description="首页顶部发现" + "和".join(parts),
            pages=(1,),
            width_share=round(max(text_share, rule_share), 3),
        )
    if widest:
        detail = f"（有红色，但不像红头：最宽处占页宽 {widest:.0%}）"
    else:
        detail = "（顶部没有红色）"
    return Heuristic(seen=False, description="首页顶部未发现红色标题或红色横线" + detail)


def _strokes(band: Image.Image) -> bool:
    """Red made of strokes (characters) rather than solid blocks: little survives a 3 mm erosion."""
    red = band.histogram()[255]
    core = _square_filter(band, STROKE_ERODE_PX, ImageChops.darker, 255).histogram()[255]
    return red > 0 and core / red < 0.35


def _square_filter(mask: Image.Image, size: int, pick, neutral: int) -> Image.Image:
    """`MinFilter(size)` (pick=darker, neutral 255) or `MaxFilter(size)` (lighter, 0), the same pixels in
    a fraction of the time: the min or max over a square is the min or max over its rows, then over
    its columns; the border is padded with a value that never wins (tests/test_pdfvision_components.py)."""
    r = size // 2
    w, h = mask.size
    padded = ImageOps.expand(mask, border=r, fill=neutral)
    rows = padded.crop((0, 0, w, h + 2 * r))
    for dx in range(1, size):
        rows = pick(rows, padded.crop((dx, 0, dx + w, h + 2 * r)))
    out = rows.crop((0, 0, w, h))
    for dy in range(1, size):
        out = pick(out, rows.crop((0, dy, w, dy + h)))
    return out


def _colourless(image: Image.Image) -> bool:
    """No colour at all, not even paper tint or scanner noise: a greyscale or black-and-white scan."""
    saturation = image.convert("HSV").getchannel("S")
    tinted = saturation.point(_at_least(6)).histogram()[255]
    return tinted < 0.005 * image.width * image.height


def _bands(rows: list[bool], max_gap: int) -> list[tuple[int, int]]:
    """Runs of True rows, joining runs separated by at most `max_gap` False rows."""
    bands: list[tuple[int, int]] = []
    start = last = None
    for y, red in enumerate(rows):
        if not red:
            continue
        if start is None:
            start = last = y
        elif y - last - 1 <= max_gap:
            last = y
        else:
            bands.append((start, last))
            start = last = y
    if start is not None:
        bands.append((start, last))
    return bands


# -- seal ----------------------------------------------------------------------------------------


def find_seal(
    document, indexes: list[int], read: int, scans: set[int], first: Image.Image | None = None, reader=None
) -> Heuristic:
    """`first`: page 1 as `render_first_page` rendered it, scaled down here rather than rendered again
    (rendering, a scan's image decoded whole, is most of the time a PDF takes). `reader`: the document
    as pypdf reads it, for pages that are one JPEG (see `_render`)."""
    pages: list[int] = []
    sizes: list[float] = []  # diameters in mm
    red_elsewhere: list[int] = []
    grey: list[int] = []
    for index in indexes:
        page = document[index]
        scan_page = reader.pages[index] if reader is not None else None
        # A page that is one JPEG is decoded at the seal's size (a smaller decode than scaling page 1).
        image = _decoded(page, _scale(page, 0, SEAL_WIDTH_PX, SEAL_MAX_PX), scan_page)
        if image is None and index == 0 and first is not None:
            image = _scaled_for_seal(first, page)
        elif image is None:
            image = _render(page, 0, SEAL_WIDTH_PX, SEAL_MAX_PX)
        if image is None:
            continue
        found, share, other_red = _seal_on(image)
        if found:
            pages.append(index + 1)
            sizes.append(share * min(page.get_size()) / 72 * 25.4)
        elif other_red:
            red_elsewhere.append(index + 1)
        elif index in scans and _colourless(image):
            grey.append(index + 1)
    if pages:
        return Heuristic(
            seen=True,
            description=f"第 {_page_list(pages)} 页发现红色圆形印章（直径约 {sizes[0]:.0f} 毫米）",
            pages=tuple(pages),
            diameter_mm=round(sizes[0], 1),
        )
    if grey and len(grey) == len(indexes):
        return Heuristic(
            seen=False,
            description=f"检查了 {read} 页，都没有任何彩色（黑白或灰度扫描），无法判断印章；原件有印章的请彩色扫描",
            colourless=True,
        )
    description = f"检查了 {read} 页，未发现红色圆形印章"
    if red_elsewhere:
        description += f"（第 {_page_list(red_elsewhere)} 页有红色图形，但不呈圆环形）"
    if grey:
        description += f"；第 {_page_list(grey)} 页没有任何彩色（黑白或灰度扫描），无法判断"
    if len(indexes) < read:
        description += f"；{read - len(indexes)} 页未渲染"
    return Heuristic(seen=False, description=description)


def _scaled_for_seal(image: Image.Image, page) -> Image.Image:
    """A render scaled to the size a seal render of the page has (as `_render` and pdfium size it)."""
    width, height = page.get_size()
    scale = min(SEAL_WIDTH_PX / width, SEAL_MAX_PX / max(width, height))
    size = (math.ceil(width * scale), math.ceil(height * scale))
    if (image.width < image.height) != (size[0] < size[1]):
        size = size[::-1]  # the render turned with the page
    return image.resize(size, Image.Resampling.LANCZOS)


def _page_list(pages: list[int]) -> str:
    shown = "、".join(str(p) for p in pages[:5])
    return shown + (" 等" if len(pages) > 5 else "")


def _seal_on(image: Image.Image) -> tuple[bool, float, bool]:
    """(seal seen, its diameter as a share of the short side, other seal-sized red shapes seen)."""
    # Faded and light-pink seals in scans keep their hue but lose saturation: a low threshold here,
    # the ring test below rejects what is not a seal.
    mask = _square_filter(_red_mask(image, min_saturation=45), 3, ImageChops.lighter, 0)
    w, h = mask.size
    bits = mask.tobytes()
    if bits.count(255) > 0.4 * w * h:
        return False, 0.0, True  # a red poster or photo: no seal can be told apart on it
    boxes = components(bits, w, h)
    # Lines of black text crossing a seal cut its ring into arcs: pieces a few pixels apart join.
    candidates = boxes + clusters(boxes, gap=max(2, round(w * 0.02)))
    other = False
    side = min(w, h)  # seals keep their size when the page turns landscape
    for x0, y0, x1, y1 in candidates:
        bw, bh = x1 - x0 + 1, y1 - y0 + 1
        # Official seals are 38–45 mm across, department seals rarely under 30 mm: on A4 that is
        # 14–21 % of the short side. Below 11 % (23 mm) a boxed character of a red title would pass.
        if not (SEAL_MIN * side <= max(bw, bh) <= SEAL_MAX * side):
            continue
        other = True
        if 0.75 <= bw / bh <= 1.33 and _ring_like(bits, w, h, (x0, y0, x1, y1)):
            return True, max(bw, bh) / side, False
    return False, 0.0, other


def _ring_like(bits: bytes, w: int, h: int, box: tuple[int, int, int, int]) -> bool:
    """A closed, dense red circle along the box's inscribed circle, sparser inside, empty in the corners."""
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    r = (x1 - x0 + y1 - y0) / 4 + 0.5

    def red(x: float, y: float) -> bool:
        xi, yi = round(x), round(y)
        return 0 <= xi < w and 0 <= yi < h and bits[yi * w + xi] != 0

    # Closed: nearly every direction from the centre meets red close to the circle.
    steps = [r * (0.85 + 0.03 * i) for i in range(9)]  # 0.85 r … 1.09 r
    angles = 72
    hits = 0
    for k in range(angles):
        a = 2 * math.pi * k / angles
        ca, sa = math.cos(a), math.sin(a)
        if any(red(cx + rho * ca, cy + rho * sa) for rho in steps):
            hits += 1
    if hits / angles < 0.8:
        return False

    ring = ring_red = inner = inner_red = corner = corner_red = 0
    for y in range(y0, y1 + 1):
        for x in range(x0, x1 + 1):
            d = math.hypot(x - cx, y - cy) / r
            value = bits[y * w + x] != 0
            if 0.86 <= d <= 1.04:
                ring += 1
                ring_red += value
            elif d < 0.55:
                inner += 1
                inner_red += value
            elif d > 1.25:
                corner += 1
                corner_red += value
    ring_share = ring_red / ring if ring else 0.0
    inner_share = inner_red / inner if inner else 1.0
    corner_share = corner_red / corner if corner else 0.0
    return ring_share >= 0.6 and inner_share < 0.5 and corner_share < 0.15
