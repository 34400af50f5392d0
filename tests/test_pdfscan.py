"""Scanned pages that are one JPEG, decoded by Pillow in draft mode instead of rendered by pdfium
(checks/pdfscan.py): the same answers as pdfium's render, and every other page left to pdfium."""

from __future__ import annotations

import io

import pytest
from pdf_factory import make_case
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, FloatObject, NameObject

from wenming_cli.checks import pdfvision
from wenming_cli.checks.pdfdoc import analyse_pdf


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """One entry per page the fast path was asked for: True where Pillow decoded it."""
    calls: list[bool] = []
    real = pdfvision.render_jpeg_page

    def spy(*args):
        image = real(*args)
        calls.append(image is not None)
        return image

    monkeypatch.setattr(pdfvision, "render_jpeg_page", spy)
    return calls


def _verdict(heuristic) -> tuple:
    return heuristic.seen, heuristic.pages, heuristic.colourless


# Scanned layouts (no text layer) at scanner resolutions: the fast path must give pdfium's answers.
CASES = [
    (150, dict(header="red", seal_page=1, scan=1.0)),
    (300, dict(header="red", seal_page=1, scan=1.0)),
    (200, dict(header="two_lines", seal_page=2, pages=3, scan=0.8)),
    (150, dict(header="red_no_rule", seal_page=1, scan=0.8)),
    (300, dict(header="red", seal_page=1, seal_style="rotated", scan=1.5)),
    (150, dict(header="red", seal_page=1, seal_style="pink", scan=1.2)),
    (200, dict(header="red", seal_page=1, seal_style="dark", scan=1.0)),
    (150, dict(header="black", scan=1.0)),
    (300, dict(header="none", distractor="red_logo_top", scan=1.0)),
    (150, dict(header="none", distractor="red_chart_top")),
    (200, dict(header="none", distractor="red_emblem")),
    (150, dict(header="none", seal_page=1, seal_style="large")),
    (300, dict(header="none", scan=1.2)),
    (150, dict(header="red", seal_page=1, scan=1.0, grey=True)),
]


@pytest.mark.parametrize(("dpi", "kwargs"), CASES)
def test_decoded_scans_give_pdfiums_answers(dpi: int, kwargs: dict, decoded: list[bool]) -> None:
    data = make_case("scan", seed=dpi + len(kwargs), dpi=dpi, text_layer=False, **kwargs).data
    rendered = analyse_pdf(data, jpeg_pages=False)
    assert decoded == []  # pdfium rendered every page
    fast = analyse_pdf(data)
    assert decoded and all(decoded)  # Pillow decoded every page
    for slow_look, fast_look in ((rendered.red_header, fast.red_header), (rendered.seal, fast.seal)):
        assert _verdict(fast_look) == _verdict(slow_look), (slow_look.description, fast_look.description)
        if slow_look.width_share is not None:
            assert abs(fast_look.width_share - slow_look.width_share) <= 0.01
        if slow_look.diameter_mm is not None:
            assert abs(fast_look.diameter_mm - slow_look.diameter_mm) <= 1.5  # a pixel of a seal render
    # Everything but the looks is read as before.
    assert fast.page_count == rendered.page_count and fast.image_only == rendered.image_only
    assert fast.notes == rendered.notes


def _pillow_pdf(image: Image.Image, resolution: float) -> bytes:
    """A PDF as Pillow (and many image-to-PDF tools) write it: one JPEG filling each page."""
    out = io.BytesIO()
    image.save(out, "PDF", resolution=resolution)
    return out.getvalue()


def _page_image(mode: str = "RGB") -> Image.Image:
    """An A4 page at 150 dpi with a red rule near the top (a red header) and a scan's paper tint."""
    page = Image.new("RGB", (1240, 1754), (246, 243, 236))
    page.paste((200, 20, 30), (100, 300, 1140, 312))
    return page.convert(mode)


@pytest.mark.parametrize("mode", ["RGB", "L"])
def test_an_image_to_pdf_scan_is_decoded_with_the_same_answers(mode: str, decoded: list[bool]) -> None:
    data = _pillow_pdf(_page_image(mode=mode), resolution=150)
    rendered = analyse_pdf(data, jpeg_pages=False)
    fast = analyse_pdf(data)
    assert decoded == [True, True]  # page 1 at the header's size and at the seal's
    assert fast == rendered or (
        _verdict(fast.red_header) == _verdict(rendered.red_header)
        and _verdict(fast.seal) == _verdict(rendered.seal)
    )
    assert fast.red_header.seen == (mode == "RGB")  # the rule; a grey scan shows no colour
    assert fast.red_header.colourless == (mode == "L")


def _edited(data: bytes, edit) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    edit(writer.pages[0], writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _image_dict(page):
    xobjects = page["/Resources"]["/XObject"]
    return xobjects[next(iter(xobjects))].get_object()


def _decode_inverted(page, writer) -> None:
    _image_dict(page)[NameObject("/Decode")] = ArrayObject([FloatObject(v) for v in (1, 0, 1, 0, 1, 0)])


def _rotated(page, writer) -> None:
    page.rotate(90)


def _annotated(page, writer) -> None:
    from pypdf.annotations import FreeText

    writer.add_annotation(0, FreeText(text="已核", rect=(50, 50, 200, 100)))


def _inset(page, writer) -> None:
    from pypdf.generic import DecodedStreamObject

    name = next(iter(page["/Resources"]["/XObject"]))
    stream = DecodedStreamObject()
    stream.set_data(f"q 400 0 0 560 50 50 cm {name} Do Q".encode())
    page.replace_contents(stream)


def _cropped(page, writer) -> None:
    page.cropbox.lower_left = (50, 50)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: make_case("text", header="red", seal_page=1, dpi=150).data, id="text layer"),
        pytest.param(
            lambda: make_case("ops", vector_header=True, dpi=150, text_layer=False).data, id="vector ops"
        ),
        pytest.param(lambda: make_case("72dpi", header="red", text_layer=False).data, id="no smaller decode"),
        pytest.param(lambda: _edited(_pillow_pdf(_page_image(), 150), _decode_inverted), id="decode array"),
        pytest.param(lambda: _edited(_pillow_pdf(_page_image(), 150), _rotated), id="rotated page"),
        pytest.param(lambda: _edited(_pillow_pdf(_page_image(), 150), _annotated), id="annotation"),
        pytest.param(lambda: _edited(_pillow_pdf(_page_image(), 150), _cropped), id="crop box"),
        pytest.param(lambda: _pillow_pdf(_page_image().convert("CMYK"), 150), id="CMYK"),
        pytest.param(lambda: _edited(_pillow_pdf(_page_image(), 150), _inset), id="not the whole page"),
    ],
)
def test_other_pages_are_left_to_pdfium(make, decoded: list[bool]) -> None:
    data = make()
    fast = analyse_pdf(data)
    assert decoded and not any(decoded)
    assert fast == analyse_pdf(data, jpeg_pages=False)


@pytest.mark.parametrize("share", [0.2, 0.5, 0.9])
def test_a_scan_cut_short_gives_pdfiums_answers(share: float, decoded: list[bool]) -> None:
    data = _pillow_pdf(_page_image(), 150)
    start = data.index(b"\xff\xd8\xff")
    end = data.index(b"\xff\xd9", start) + 2
    cut = start + int((end - start) * share)  # the scan's data ends there: both draw the rest grey
    damaged = data[:cut] + b"\xff\xd9" + bytes(end - cut - 2) + data[end:]
    fast = analyse_pdf(damaged)
    assert decoded == [True, True]  # page 1 at the header's size and at the seal's
    assert fast == analyse_pdf(damaged, jpeg_pages=False)


def test_a_jpeg_pillow_cannot_open_is_left_to_pdfium(decoded: list[bool]) -> None:
    data = _pillow_pdf(_page_image(), 150)
    damaged = data.replace(b"\xff\xd8\xff", b"\x00\xd8\xff", 1)
    fast = analyse_pdf(damaged)
    assert decoded == [False, False]
    assert fast == analyse_pdf(damaged, jpeg_pages=False)
