"""A scanned page drawn as one JPEG and nothing else, rendered without pdfium's renderer.

Scanners and image-to-PDF tools write each page as one full-page DCT (JPEG) image: the content stream
is `q W 0 0 H X Y cm /Im0 Do Q` and nothing more. pdfium renders such a page by decoding the JPEG whole
and averaging it down to the render size, which is most of the time a scanned PDF takes. Pillow decodes
the same bytes in draft mode (the decoder scales by 1/2, 1/4 or 1/8 as it reads) to the smallest size
not below the render size, then resamples the rest of the way (bilinear: of Pillow's filters, the one
whose red mask differs least from pdfium's). The pixels are close to pdfium's, not the same; the looks
over them are the same heuristics with the same thresholds. `benchmarks/pdf_heuristics.py --compare`
renders every scanned layout both ways at 150, 200 and 300 dpi: the same verdicts but on a page at a
threshold, sizes within a pixel (benchmarks/README-pdf.md); `tests/test_pdfscan.py` holds a sample.
A JPEG not at least twice the render size is left to pdfium: no smaller decode is to be had.

Everything else is pdfium's: a page with any other drawing or text (even invisible), an annotation, a
rotation, a clip, a mask, a colour space other than DeviceRGB or DeviceGray, decode parameters, or a
JPEG that Pillow cannot decode whole or whose size or colours differ from what the page says.
"""

from __future__ import annotations

import io
import re
import warnings

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

_NUMBER = rb"([-+]?(?:\d+\.?\d*|\.\d+))"
# `q a b c d e f cm /Name Do Q`: one image drawn into a rectangle; b and c are checked to be zero.
_IMAGE_ONLY = re.compile(
    rb"\s*q\s+" + rb"\s+".join([_NUMBER] * 6) + rb"\s+cm\s*/([!-~]+?)\s*Do\s+Q\s*"
)  # fmt: skip
_MAX_CONTENT = 512  # bytes of content stream: an image-only page has a few dozen
# An image dictionary with these keys only: anything more (a mask, a decode array, decode parameters,
# alternates, optional content) changes what is drawn, and the page goes to pdfium.
_IMAGE_KEYS = {"/Type", "/Subtype", "/Width", "/Height", "/ColorSpace", "/BitsPerComponent", "/Filter",
               "/Length", "/Name", "/Interpolate"}  # fmt: skip
_MODES = {"/DeviceRGB": "RGB", "/DeviceGray": "L"}
_TOLERANCE = 0.01  # points: the image must cover the page box to within this
_FAILURES = (KeyError, ValueError, TypeError, AttributeError, IndexError, pdfium.PdfiumError)


def render_jpeg_page(document_page, reader_page, size: tuple[int, int]) -> Image.Image | None:
    """The page at `size` (width, height in pixels, as pdfium sizes its render) from its one JPEG, or
    None when the page is not exactly one full-page JPEG or it cannot be decoded so (pdfium renders it).

    `document_page`: the pdfium page; `reader_page`: the same page as pypdf reads it. Both must agree on
    what the page draws: two parsers' readings of one page, checked against each other."""
    try:
        found = _jpeg_of(document_page, reader_page)
    except _FAILURES:
        return None
    if found is None:
        return None
    jpeg, mode, declared = found
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            img = Image.open(io.BytesIO(jpeg), formats=("JPEG",))  # in memory: nothing to close
            if img.mode != mode or img.size != declared:
                return None
            if img.width < 2 * size[0] or img.height < 2 * size[1]:
                return None  # no smaller decode to be had: pdfium's render costs no more
            img.draft(mode, size)
            img.load()
            picture = img if img.mode == "RGB" else img.convert("RGB")
            return picture if picture.size == size else picture.resize(size, Image.Resampling.BILINEAR)
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError, MemoryError):
        return None  # pdfium draws what it can of a damaged JPEG: leave the page to it


def _jpeg_of(document_page, reader_page) -> tuple[bytes, str, tuple[int, int]] | None:
    """(JPEG bytes, Pillow mode, declared size) of a page that draws one full-page JPEG and nothing else."""
    if document_page.get_rotation() != 0 or pdfium_c.FPDFPage_GetAnnotCount(document_page) != 0:
        return None
    if pdfium_c.FPDFPage_CountObjects(document_page) != 1:
        return None
    handle = pdfium_c.FPDFPage_GetObject(document_page, 0)
    if pdfium_c.FPDFPageObj_GetType(handle) != pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return None
    image = pdfium.PdfObject(handle, page=document_page)
    if image.get_filters() != ["DCTDecode"]:
        return None
    a, b, c, d, e, f = image.get_matrix().get()
    left, bottom, right, top = document_page.get_bbox()
    width, height = document_page.get_size()  # what the render is sized by
    if not _near((a, b, c, d, e, f, width, height), (right - left, 0, 0, top - bottom, left, bottom, a, d)):
        return None

    # pypdf's reading of the same page: the content draws that image only, the image has no extras.
    contents = reader_page.get("/Contents")
    if contents is None:
        return None
    contents = contents.get_object()
    if isinstance(contents, list):
        if len(contents) != 1:
            return None
        contents = contents[0].get_object()
    if len(getattr(contents, "_data", b"")) > _MAX_CONTENT:
        return None
    match = _IMAGE_ONLY.fullmatch(contents.get_data())
    if match is None:
        return None
    numbers = tuple(float(n) for n in match.groups()[:6])
    if not _near(numbers, (a, b, c, d, e, f)):
        return None
    name = "/" + match.group(7).decode("latin-1")
    xobject = reader_page["/Resources"].get_object()["/XObject"].get_object()[name].get_object()
    if not set(xobject) <= _IMAGE_KEYS or xobject.get("/Subtype") != "/Image":
        return None
    filters = xobject.get("/Filter")
    filters = [str(x) for x in filters] if isinstance(filters, list) else [str(filters)]
    mode = _MODES.get(str(xobject.get("/ColorSpace")))
    if filters != ["/DCTDecode"] or mode is None or xobject.get("/BitsPerComponent") != 8:
        return None
    declared = (int(xobject["/Width"]), int(xobject["/Height"]))
    if image.get_px_size() != declared:
        return None
    return bytes(image.get_data(decode_simple=False)), mode, declared


def _near(got: tuple[float, ...], want: tuple[float, ...]) -> bool:
    return all(abs(x - y) <= _TOLERANCE for x, y in zip(got, want, strict=True))
