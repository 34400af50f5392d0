"""Generated PDFs for the PDF checks and their benchmark: official documents, reports and scans.

Pages are drawn with Pillow (no CJK font is needed: characters are drawn as stroke blocks, which is
what the heuristics see at their low resolution anyway), then written by a minimal PDF writer that
can add an extractable Chinese text layer (a Type0 font with a ToUnicode map) and raw vector
operators on top of the page image. `benchmarks/pdf_heuristics.py` imports this module.
"""

from __future__ import annotations

import io
import math
import random
import zlib
from dataclasses import dataclass, field

from PIL import Image, ImageChops, ImageDraw, ImageEnhance, ImageFilter

A4_MM = (210.0, 297.0)
PT_PER_MM = 72 / 25.4

RED = (215, 25, 35)
BLACK = (25, 25, 25)


# -- minimal PDF writer --------------------------------------------------------------------------


@dataclass
class Page:
    """One page: an optional full-page image, raw vector operators above it, a text layer."""

    image: Image.Image | None = None
    ops: str = ""  # content-stream operators in PDF units, origin bottom-left
    text: tuple[str, ...] = ()  # lines of extractable text (drawn invisibly, like an OCR layer)
    visible_text: bool = False
    flate_image: tuple[int, int, bytes] | None = None  # (width, height, Flate-compressed RGB samples)
    width_pt: float = A4_MM[0] * PT_PER_MM
    height_pt: float = A4_MM[1] * PT_PER_MM


def _to_unicode_cmap() -> bytes:
    # Identity: CID == the UTF-16 code unit of a BMP character. bfrange may only vary the last byte.
    ranges = "\n".join(
        f"<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>" for hi in range(256) if hi not in range(0xD8, 0xE0)
    )
    count = 256 - 8
    body = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{count} beginbfrange\n{ranges}\nendbfrange\n"
        "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    )
    return body.encode("ascii")


def _utf16_hex(text: str) -> str:
    return "".join(f"{ord(ch):04X}" for ch in text if ord(ch) < 0x10000)


def write_pdf(pages: list[Page]) -> bytes:
    """A small, valid PDF with the given pages (zero pages allowed)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(header: str, data: bytes) -> bytes:
        return f"<< {header} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"

    catalog = add(b"")  # filled in at the end
    pages_id = add(b"")
    cmap = add(stream("/Filter /FlateDecode", zlib.compress(_to_unicode_cmap())))
    descriptor = add(
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [0 -141 1000 859] "
        b"/ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 683 /StemV 80 >>"
    )
    cidfont = add(
        f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun "
        f"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        f"/FontDescriptor {descriptor} 0 R /DW 1000 /CIDToGIDMap /Identity >>".encode()
    )
    font = add(
        f"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
        f"/DescendantFonts [{cidfont} 0 R] /ToUnicode {cmap} 0 R >>".encode()
    )
    helv = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")

    kids: list[int] = []
    for page in pages:
        content = []
        xobjects = ""
        if page.flate_image is not None:
            width, height, samples = page.flate_image
            img = add(
                stream(
                    f"/Type /XObject /Subtype /Image /Width {width} /Height {height} "
                    "/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode",
                    samples,
                )
            )
            xobjects = f"/XObject << /Im0 {img} 0 R >>"
            content.append(f"q {page.width_pt:.2f} 0 0 {page.height_pt:.2f} 0 0 cm /Im0 Do Q")
        elif page.image is not None:
            buf = io.BytesIO()
            rgb = page.image.convert("RGB")
            rgb.save(buf, "JPEG", quality=80)
            img = add(
                stream(
                    f"/Type /XObject /Subtype /Image /Width {rgb.width} /Height {rgb.height} "
                    "/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode",
                    buf.getvalue(),
                )
            )
            xobjects = f"/XObject << /Im0 {img} 0 R >>"
            content.append(f"q {page.width_pt:.2f} 0 0 {page.height_pt:.2f} 0 0 cm /Im0 Do Q")
        if page.ops:
            content.append(page.ops)
        if page.text:
            mode = 0 if page.visible_text else 3
            y = page.height_pt - 60
            lines = ["BT", f"{mode} Tr", "0 0 0 rg"]
            for line in page.text:
                lines.append(f"/F1 12 Tf 1 0 0 1 72 {y:.2f} Tm <{_utf16_hex(line)}> Tj")
                y -= 18
            lines.append("ET")
            content.append("\n".join(lines))
        data = zlib.compress("\n".join(content).encode("ascii"))
        contents = add(stream("/Filter /FlateDecode", data))
        kids.append(
            add(
                f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {page.width_pt:.2f} {page.height_pt:.2f}] "
                f"/Resources << /Font << /F1 {font} 0 R /F2 {helv} 0 R >> {xobjects} >> "
                f"/Contents {contents} 0 R >>".encode()
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode()
    kid_refs = " ".join(f"{k} 0 R" for k in kids)
    objects[pages_id - 1] = f"<< /Type /Pages /Kids [{kid_refs}] /Count {len(kids)} >>".encode()

    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def bomb_samples(side: int) -> tuple[int, int, bytes]:
    """An image that claims side × side RGB pixels (a decompression bomb's dictionary).

    Only the first row is stored: the guard reads the declared size and never decodes the image, so
    the test need not spend seconds compressing a real bomb.
    """
    return side, side, zlib.compress(b"\xff" * (side * 3), 9)


def encrypt(data: bytes, user_password: str, owner_password: str) -> bytes:
    """The same PDF encrypted with pypdf (RC4-128: needs no extra crypto package)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


# -- drawing -------------------------------------------------------------------------------------


class Canvas:
    """An A4 page in millimetres, drawn with Pillow at `dpi`."""

    def __init__(self, dpi: int = 72, seed: int = 0) -> None:
        self.scale = dpi / 25.4
        self.rng = random.Random(seed)
        size = (round(A4_MM[0] * self.scale), round(A4_MM[1] * self.scale))
        self.image = Image.new("RGB", size, "white")
        self.draw = ImageDraw.Draw(self.image)

    def px(self, mm: float) -> int:
        return round(mm * self.scale)

    def glyph(self, x: float, y: float, size: float, color: tuple[int, int, int], boxy: bool = False) -> None:
        """A made-up character: a few strokes inside a size × size box, sometimes a 口-like frame."""
        rng = self.rng
        w = max(1, self.px(size / 9))
        x0, y0, x1, y1 = self.px(x), self.px(y), self.px(x + size), self.px(y + size)
        if boxy or rng.random() < 0.2:
            self.draw.rectangle((x0, y0, x1, y1), outline=color, width=w)
        for _ in range(rng.randint(2, 4)):
            yy = rng.uniform(y0, y1)
            a, b = sorted((rng.uniform(x0, x1), rng.uniform(x0, x1)))
            self.draw.line((a, yy, max(b, a + (x1 - x0) * 0.4), yy), fill=color, width=w)
        for _ in range(rng.randint(1, 3)):
            xx = rng.uniform(x0, x1)
            a, b = sorted((rng.uniform(y0, y1), rng.uniform(y0, y1)))
            self.draw.line((xx, a, xx, max(b, a + (y1 - y0) * 0.4)), fill=color, width=w)

    def text_line(self, x: float, y: float, count: int, size: float, color=BLACK, gap: float = 0.15) -> None:
        for i in range(count):
            self.glyph(x + i * size * (1 + gap), y, size, color)

    def centred_title(
        self, y: float, count: int, size: float, color, gap: float = 0.15, boxy: bool = False
    ) -> float:
        """A centred line of characters; returns its width in mm."""
        width = count * size + (count - 1) * size * gap
        x = (A4_MM[0] - width) / 2
        for i in range(count):
            self.glyph(x + i * size * (1 + gap), y, size, color, boxy=boxy and i % 3 == 1)
        return width

    def body(self, top: float, bottom: float, size: float = 4.2, margin: float = 28.0) -> None:
        y = top
        per_line = int((A4_MM[0] - 2 * margin) / (size * 1.1))
        while y < bottom:
            indent = 2 if self.rng.random() < 0.25 else 0
            count = per_line - indent if self.rng.random() > 0.15 else self.rng.randint(5, per_line - 4)
            self.text_line(margin + indent * size * 1.1, y, count, size, gap=0.1)
            y += size * 1.9

    def rule(self, y: float, x0: float, x1: float, thickness: float, color) -> None:
        self.draw.rectangle((self.px(x0), self.px(y), self.px(x1), self.px(y + thickness)), fill=color)


def draw_stamp(
    page: Image.Image,
    centre_mm: tuple[float, float],
    diameter_mm: float,
    color=RED,
    angle: float = 0.0,
    scale_px_per_mm: float = 72 / 25.4,
    seed: int = 0,
) -> Image.Image:
    """A round official seal (ring, star, text arc and a bottom line), multiplied onto the page like ink."""
    rng = random.Random(seed)
    d = max(8, round(diameter_mm * scale_px_per_mm))
    size = d + 4
    layer = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(layer)
    c = size / 2
    r = d / 2
    ring = max(1, round(d * 0.035))
    draw.ellipse((c - r, c - r, c + r, c + r), outline=color, width=ring)
    # star
    star_r = r * 0.28
    pts = []
    for i in range(10):
        rad = star_r if i % 2 == 0 else star_r * 0.4
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((c + rad * math.cos(a), c + rad * math.sin(a)))
    draw.polygon(pts, fill=color)
    # text arc: small blocks along the upper 240 degrees
    glyph = max(2, round(r * 0.2))
    for i in range(12):
        a = math.radians(150 + i * 20)
        gx, gy = c + r * 0.72 * math.cos(a), c + r * 0.72 * math.sin(a)
        w = max(1, glyph // 4)
        for _ in range(3):
            if rng.random() < 0.5:
                draw.line(
                    (gx - glyph / 2, gy + rng.uniform(-glyph / 2, glyph / 2), gx + glyph / 2, gy),
                    fill=color,
                    width=w,
                )
            else:
                draw.line(
                    (gx + rng.uniform(-glyph / 2, glyph / 2), gy - glyph / 2, gx, gy + glyph / 2),
                    fill=color,
                    width=w,
                )
    # bottom line (专用章)
    for i in range(3):
        gx = c - glyph * 1.5 + i * glyph * 1.1
        draw.rectangle(
            (gx, c + r * 0.45, gx + glyph * 0.8, c + r * 0.45 + glyph * 0.8),
            outline=color,
            width=max(1, glyph // 4),
        )
    if angle:
        layer = layer.rotate(angle, resample=Image.BICUBIC, fillcolor="white")
    x = round(centre_mm[0] * scale_px_per_mm - size / 2)
    y = round(centre_mm[1] * scale_px_per_mm - size / 2)
    region = page.crop((x, y, x + size, y + size))
    page.paste(ImageChops.multiply(region, layer), (x, y))
    return page


def scanned(image: Image.Image, rng: random.Random, strength: float = 1.0) -> Image.Image:
    """Make a clean page look scanned: tinted paper, slight skew, blur, faded colour, specks."""
    tint = Image.new("RGB", image.size, (246, 243, 232))
    out = ImageChops.multiply(image, tint)
    out = out.rotate(rng.uniform(-1.5, 1.5) * strength, resample=Image.BICUBIC, fillcolor=(246, 243, 232))
    out = out.filter(ImageFilter.GaussianBlur(0.5 + 0.5 * strength * rng.random()))
    out = ImageEnhance.Color(out).enhance(0.75 + 0.2 * rng.random())
    draw = ImageDraw.Draw(out)
    for _ in range(int(300 * strength)):
        x, y = rng.randrange(out.width), rng.randrange(out.height)
        g = rng.randint(90, 200)
        draw.point((x, y), fill=(g, g, g))
    return out


# -- document cases ------------------------------------------------------------------------------

OFFICIAL_TEXT = (
    "益阳市精神文明建设指导委员会办公室文件",
    "益文明办〔2021〕10号",
    "关于印发《2021年度市级文明单位测评工作方案》的通知",
)
REPORT_TEXT = ("关于垃圾分类工作开展情况的说明报告", "今年以来，我校持续推进生活垃圾分类工作。")


@dataclass
class Case:
    """One generated document and what a reader would say it shows."""

    name: str
    header: bool  # the first page carries a red header
    seal_page: int | None  # 1-based page with a red round seal
    data: bytes = b""
    notes: list[str] = field(default_factory=list)


def make_case(
    name: str,
    *,
    header: str = "red",  # red | red_no_rule | two_lines | rule_only | black | underline | none
    seal_page: int | None = None,
    pages: int = 1,
    seal_style: str = "red",  # red | pink | rotated | small | large
    distractor: str | None = None,  # red_photo | red_chart | red_pie | red_dot | red_frame | red_logo_top
    scan: float = 0.0,  # 0 = clean; 0.5–1.5 = scanned look strength
    grey: bool = False,  # scanned in greyscale: the red is gone
    text_layer: bool = True,
    vector_header: bool = False,
    seed: int = 0,
    dpi: int = 72,
) -> Case:
    """Build one document. The expected answers follow from the arguments, not from the detector."""
    rng = random.Random(seed)
    images: list[Image.Image] = []
    ops_first = ""
    for index in range(1, pages + 1):
        canvas = Canvas(dpi=dpi, seed=seed * 100 + index)
        if index == 1:
            if vector_header:
                ops_first = _vector_header(rng)
                canvas.text_line(78, 52, 12, 4.2)  # 文号 under the vector title
                canvas.centred_title(75, rng.randint(10, 16), 6.5, BLACK)
                top = 90.0
            else:
                top = _draw_header(canvas, header, rng)
            canvas.body(top, 200 if seal_page == 1 else 255)
            if seal_page == 1 or pages == 1:
                canvas.text_line(120, 230, 10, 4.2)  # signing unit
                canvas.text_line(125, 238, 9, 4.2)  # date
        else:
            canvas.centred_title(25, rng.randint(5, 9), 6.5, BLACK)
            canvas.body(40, 255 if index != seal_page else 215)
            if index == seal_page:
                canvas.text_line(120, 230, 10, 4.2)
                canvas.text_line(125, 238, 9, 4.2)
        if distractor and index == 1:
            _draw_distractor(canvas, distractor, rng)
        image = canvas.image
        if index == seal_page and seal_style != "vector":
            diameter = {"small": 32.0, "large": 48.0}.get(seal_style, rng.uniform(36, 45))
            colors = {"pink": (235, 120, 130), "light": (245, 150, 155), "dark": (130, 20, 30)}
            color = colors.get(seal_style, (rng.randint(190, 230), rng.randint(10, 50), rng.randint(20, 60)))
            angle = rng.uniform(-40, 40) if seal_style == "rotated" else rng.uniform(-8, 8)
            draw_stamp(
                image,
                (rng.uniform(130, 160), rng.uniform(228, 242)),
                diameter,
                color,
                angle,
                canvas.scale,
                seed,
            )
        if scan:
            image = scanned(image, rng, scan)
        if grey:
            image = image.convert("L").convert("RGB")
        images.append(image)
    text = OFFICIAL_TEXT if header != "none" else REPORT_TEXT
    pdf_pages = [
        Page(image=img, ops=ops_first if i == 0 else "", text=text if (text_layer and i == 0) else ())
        for i, img in enumerate(images)
    ]
    if seal_style == "vector" and seal_page:
        page = pdf_pages[seal_page - 1]
        page.ops = (page.ops + "\n" + _vector_seal(rng)).strip()
    expected_header = header in ("red", "red_no_rule", "two_lines", "rule_only") or vector_header
    return Case(name=name, header=expected_header, seal_page=seal_page, data=write_pdf(pdf_pages))


def _draw_header(canvas: Canvas, header: str, rng: random.Random) -> float:
    """Draws the top of page 1; returns where the body starts (mm)."""
    if header == "none":
        canvas.centred_title(30, rng.randint(10, 16), 7.0, BLACK)
        return 50.0
    size = rng.uniform(14, 19)
    count = rng.randint(6, 9)
    reds = [RED, (235, 50, 30), (175, 20, 30), (225, 0, 0)]
    color = BLACK if header == "black" else reds[rng.randrange(len(reds))]
    if header in ("red", "red_no_rule", "black", "two_lines"):
        canvas.centred_title(28, count, size, color, boxy=True)
    if header == "two_lines":
        canvas.centred_title(28 + size * 1.25, count - 1, size, color)
    if header == "underline":
        width = canvas.centred_title(30, rng.randint(8, 12), 7.5, BLACK)
        start = (A4_MM[0] - width) / 2
        canvas.rule(39.5, start + width * 0.2, start + width * 0.2 + rng.uniform(25, 45), 0.8, RED)
        canvas.text_line(75, 50, 8, 4.2)
        return 60.0
    base = 28 + size * (2.4 if header == "two_lines" else 1.2)
    canvas.text_line(78, base + 4, 12, 4.2)  # 文号
    if header in ("red", "two_lines", "rule_only"):
        canvas.rule(base + 12, 22, 188, rng.uniform(0.6, 1.2), RED)
    elif header == "black":
        canvas.rule(base + 12, 22, 188, 0.8, BLACK)
    canvas.centred_title(base + 20, rng.randint(10, 16), 6.5, BLACK)
    return base + 34


def _vector_seal(rng: random.Random) -> str:
    """An electronic seal as vector paths: a stroked circle and a filled star."""
    cx, cy = rng.uniform(130, 160) * PT_PER_MM, (A4_MM[1] - rng.uniform(228, 242)) * PT_PER_MM
    r = 21 * PT_PER_MM
    k = 0.5523 * r
    circle = (
        f"{cx + r:.1f} {cy:.1f} m "
        f"{cx + r:.1f} {cy + k:.1f} {cx + k:.1f} {cy + r:.1f} {cx:.1f} {cy + r:.1f} c "
        f"{cx - k:.1f} {cy + r:.1f} {cx - r:.1f} {cy + k:.1f} {cx - r:.1f} {cy:.1f} c "
        f"{cx - r:.1f} {cy - k:.1f} {cx - k:.1f} {cy - r:.1f} {cx:.1f} {cy - r:.1f} c "
        f"{cx + k:.1f} {cy - r:.1f} {cx + r:.1f} {cy - k:.1f} {cx + r:.1f} {cy:.1f} c S"
    )
    star = []
    for i in range(10):
        rad = r * 0.28 if i % 2 == 0 else r * 0.11
        a = math.pi / 2 + i * math.pi / 5
        star.append(f"{cx + rad * math.cos(a):.1f} {cy + rad * math.sin(a):.1f} {'m' if i == 0 else 'l'}")
    return f"q 0.9 0.1 0.1 RG 0.9 0.1 0.1 rg {1.3 * PT_PER_MM:.2f} w {circle} {' '.join(star)} h f Q"


def _vector_header(rng: random.Random) -> str:
    """A red header drawn as vector text and a vector rule, the way a word processor exports it."""
    size = rng.uniform(30, 38)
    h = A4_MM[1] * PT_PER_MM
    width = size * 0.62 * 19  # Helvetica capitals are ~0.62 em wide
    x = (A4_MM[0] * PT_PER_MM - width) / 2
    return (
        f"BT 0.85 0.08 0.1 rg /F2 {size:.1f} Tf 1 0 0 1 {x:.1f} {h - 110:.1f} Tm (WENMING BAN WENJIAN) Tj ET\n"
        f"0.85 0.08 0.1 rg 62 {h - 175:.1f} 471 2 re f"
    )


def _draw_distractor(canvas: Canvas, kind: str, rng: random.Random) -> None:
    draw = canvas.draw
    px = canvas.px
    if kind == "red_photo":
        # a photo of people in red vests / a red banner: irregular red masses with shading
        x0, y0 = rng.uniform(30, 60), rng.uniform(120, 150)
        w, h = rng.uniform(90, 130), rng.uniform(60, 80)
        draw.rectangle((px(x0), px(y0), px(x0 + w), px(y0 + h)), fill=(120, 140, 150))
        for _ in range(25):
            cx, cy = rng.uniform(x0, x0 + w), rng.uniform(y0, y0 + h)
            rw, rh = rng.uniform(5, 20), rng.uniform(8, 30)
            shade = rng.randint(160, 230)
            draw.ellipse(
                (px(cx), px(cy), px(min(cx + rw, x0 + w)), px(min(cy + rh, y0 + h))),
                fill=(shade, rng.randint(10, 60), rng.randint(10, 60)),
            )
    elif kind == "red_chart":
        x0, y0 = rng.uniform(40, 60), rng.uniform(130, 150)
        for i in range(6):
            bh = rng.uniform(15, 50)
            draw.rectangle((px(x0 + i * 18), px(y0 + 55 - bh), px(x0 + i * 18 + 11), px(y0 + 55)), fill=RED)
        draw.line((px(x0 - 3), px(y0 + 55), px(x0 + 110), px(y0 + 55)), fill=BLACK, width=1)
    elif kind == "red_pie":
        cx, cy, r = rng.uniform(80, 130), rng.uniform(150, 170), rng.uniform(18, 25)
        box = (px(cx - r), px(cy - r), px(cx + r), px(cy + r))
        start = rng.uniform(0, 360)
        draw.pieslice(box, start, start + rng.uniform(120, 220), fill=RED)
        draw.pieslice(box, start + 220, start + 360, fill=(60, 110, 200))
    elif kind == "red_dot":
        cx, cy, r = rng.uniform(60, 150), rng.uniform(140, 180), rng.uniform(10, 20)
        draw.ellipse((px(cx - r), px(cy - r), px(cx + r), px(cy + r)), fill=RED)
    elif kind == "red_frame":
        x0, y0, s = rng.uniform(50, 120), rng.uniform(140, 170), rng.uniform(25, 40)
        draw.rectangle((px(x0), px(y0), px(x0 + s), px(y0 + s)), outline=RED, width=max(1, px(1.2)))
        canvas.text_line(x0 + 4, y0 + s / 2 - 2, 4, 4.2, color=RED)
    elif kind == "red_chart_top":
        x0, y0 = rng.uniform(40, 60), 62
        for i in range(6):
            bh = rng.uniform(12, 30)
            draw.rectangle((px(x0 + i * 18), px(y0 + 30 - bh), px(x0 + i * 18 + 11), px(y0 + 30)), fill=RED)
    elif kind == "red_banner_top":
        # a photo of a red banner (横幅) with yellow characters near the top of the page
        x0, y0, w, h = rng.uniform(25, 40), 58, rng.uniform(120, 150), rng.uniform(18, 28)
        draw.rectangle((px(x0), px(y0 - 8), px(x0 + w), px(y0 + h + 8)), fill=(150, 160, 170))
        draw.rectangle((px(x0 + 5), px(y0), px(x0 + w - 5), px(y0 + h)), fill=(200, 25, 30))
        for i in range(int((w - 20) / (h * 0.7))):
            canvas.glyph(x0 + 10 + i * h * 0.7, y0 + h * 0.2, h * 0.55, (250, 220, 60))
    elif kind == "red_title":
        # a report whose title is printed in red, in body-sized characters
        canvas.centred_title(18, rng.randint(12, 16), 7.0, RED)
    elif kind == "red_paragraph":
        for line in range(3):
            canvas.text_line(28, 120 + line * 8, 36 if line < 2 else 20, 4.2, color=RED, gap=0.1)
    elif kind == "red_emblem":
        # a filled red round emblem with a white figure inside (a logo, not a seal)
        cx, cy, r = rng.uniform(60, 150), rng.uniform(140, 180), rng.uniform(16, 22)
        draw.ellipse((px(cx - r), px(cy - r), px(cx + r), px(cy + r)), fill=RED)
        draw.ellipse(
            (px(cx - r * 0.5), px(cy - r * 0.5), px(cx + r * 0.5), px(cy + r * 0.5)),
            outline="white",
            width=px(2),
        )
    elif kind == "red_logo_top":
        # a small red party emblem-like logo in the top-left corner of a report
        cx, cy, r = 25, 18, 7
        draw.ellipse((px(cx - r), px(cy - r), px(cx + r), px(cy + r)), fill=RED)
