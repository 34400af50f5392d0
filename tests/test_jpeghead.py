"""The JPEG header walker says what Pillow says, or steps aside: compared on varied and damaged JPEGs."""

from __future__ import annotations

import datetime as dt
import io
import random
import struct

import pytest
from evidence_factory import picture
from PIL import Image

from wenming_cli.evidence import jpeghead
from wenming_cli.evidence.photo import header_info

EDGE = 65536


def _exif(*, big_endian: bool = False, **tags: object) -> bytes:
    exif = Image.Exif()
    if big_endian:
        exif.endian = ">"
    ids = {"make": 0x010F, "model": 0x0110, "software": 0x0131, "orientation": 0x0112, "xres": 0x011A}
    for name, value in tags.items():
        if name == "taken":
            exif.get_ifd(0x8769)[0x9003] = value
        else:
            exif[ids[name]] = value
    return exif.tobytes()


def _save(img: Image.Image, **kw: object) -> bytes:
    out = io.BytesIO()
    img.save(out, "JPEG", **kw)
    return out.getvalue()


def _app(marker: int, body: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def _insert(data: bytes, segment: bytes) -> bytes:
    """`segment` right after SOI."""
    return data[:2] + segment + data[2:]


def _big_endian_exif_jpeg() -> bytes:
    # Pillow writes little-endian EXIF; build a Motorola-order one by hand (IFD0: Make, ExifIFD).
    make = b"Canon\x00"
    taken = b"2021:05:12 09:30:00\x00"
    ifd0_at = 8
    exif_ifd_at = ifd0_at + 2 + 2 * 12 + 4
    make_at = exif_ifd_at + 2 + 12 + 4
    taken_at = make_at + len(make)
    tiff = b"MM\x00*" + struct.pack(">L", ifd0_at)
    tiff += struct.pack(">H", 2)
    tiff += struct.pack(">HHL", 0x010F, 2, len(make)) + struct.pack(">L", make_at)
    tiff += struct.pack(">HHLL", 0x8769, 4, 1, exif_ifd_at)
    tiff += struct.pack(">L", 0)
    tiff += struct.pack(">H", 1) + struct.pack(">HHLL", 0x9003, 2, len(taken), taken_at) + struct.pack(">L", 0)
    tiff += make + taken
    return _insert(_save(picture(3, (120, 90))), _app(0xE1, b"Exif\x00\x00" + tiff))


def _huge_frame(data: bytes) -> bytes:
    """The frame header claims 65535×65535 pixels (a decompression bomb's header)."""
    at = data.index(b"\xff\xc0") + 5
    return data[:at] + b"\xff\xff\xff\xff" + data[at + 4 :]


def _samples() -> dict[str, bytes]:
    rgb = picture(1, (320, 240))
    full = _exif(make="HUAWEI", model="P40\x00", software="  Adobe Photoshop  ", taken="2021:05:12 09:30:00")
    samples = {
        "plain": _save(rgb),
        "exif": _save(rgb, exif=full),
        "exif-rotated": _save(rgb, exif=_exif(orientation=6, taken="2021:05:12 09:30:00")),
        "progressive": _save(rgb, progressive=True, exif=full),
        "cmyk": _save(rgb.convert("CMYK"), exif=full),
        "grey": _save(rgb.convert("L"), exif=full),
        "optimised": _save(rgb, optimize=True, quality=50, exif=full),
        "icc": _save(rgb, icc_profile=b"\x00" * 300, exif=full),
        "comment": _save(rgb, comment=b"hello", exif=full),
        "bad-date": _save(rgb, exif=_exif(taken="not a date at all")),
        "empty-exif": _save(rgb, exif=b"Exif\x00\x00"),
        "xres": _save(rgb, exif=_exif(make="X", xres=300.0)),
        "big-endian": _big_endian_exif_jpeg(),
        "xmp-orientation": _insert(
            _save(rgb),
            _app(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + b'<x tiff:Orientation="6"/>'),
        ),
        "two-exif": _insert(_save(rgb, exif=full), _app(0xE1, b"Exif\x00\x00" + _exif(make="A")[6:])),
        "junk-between": _insert(_save(rgb), b"\x00\x01"),
        "fill-bytes": _insert(_save(rgb), b"\xff\xff"),
        "large-header": _save(rgb, exif=full, comment=b"x" * 60000),
        "too-many-pixels": _huge_frame(_save(Image.new("L", (8, 8)))),
        "tiff-header-cut-short": _insert(_save(rgb), _app(0xE1, b"Exif\x00\x00II*\x00\x08")),
        "exif-ifd-out-of-range": _insert(
            _save(rgb), _app(0xE1, b"Exif\x00\x00II*\x00" + struct.pack("<L", 4000) + bytes(8))
        ),
    }
    samples["truncated"] = samples["exif"][: len(samples["exif"]) // 2]
    samples["header-only"] = samples["exif"][:400]
    return samples


@pytest.mark.parametrize("name", sorted(_samples()))
def test_walker_and_pillow_give_the_same_facts(name: str) -> None:
    data = _samples()[name]
    for held in (data, data[:EDGE]):
        assert header_info(held, "jpeg") == header_info(held, "jpeg", fast=False)


def test_walker_answers_for_the_common_photos_and_steps_aside_for_the_unusual() -> None:
    samples = _samples()
    for name in ("plain", "exif", "exif-rotated", "progressive", "cmyk", "grey", "big-endian", "icc"):
        assert jpeghead.read_header(samples[name]) is not None, name
    for name in ("xmp-orientation", "two-exif", "junk-between", "too-many-pixels", "header-only"):
        assert jpeghead.read_header(samples[name]) is None, name
    found = jpeghead.read_header(samples["exif"])
    assert found is not None
    assert (found.width, found.height, found.make, found.model, found.software) == (
        320,
        240,
        "HUAWEI",
        "P40",
        "Adobe Photoshop",
    )
    assert found.captured is not None and found.captured.isoformat() == "2021-05-12T09:30:00"
    big = jpeghead.read_header(samples["big-endian"])
    assert big is not None and big.make == "Canon" and big.captured is not None


def test_walker_matches_pillow_on_damaged_headers() -> None:
    """Bytes flipped, cut and overwritten in the header region: whatever the walker answers, Pillow
    answers the same (and it must answer for some, or the comparison proves nothing)."""
    rng = random.Random(17)
    bases = [d for n, d in _samples().items() if n in ("exif", "big-endian", "progressive", "cmyk")]
    answered = 0
    for trial in range(1500):
        data = bytearray(rng.choice(bases))
        header_end = data.find(b"\xff\xda") + 20
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(2, header_end)
            if rng.random() < 0.7:
                data[at] = rng.randrange(256)
            else:
                del data[at : at + rng.randint(1, 8)]
        blob = bytes(data)
        if jpeghead.read_header(blob) is not None:
            answered += 1
        assert header_info(blob, "jpeg") == header_info(blob, "jpeg", fast=False), trial
    assert answered > 300


# -- PNG: EXIF found without decoding the pixels ---------------------------------------------------


def _png(**kw: object) -> bytes:
    out = io.BytesIO()
    picture(4, (200, 150)).save(out, "PNG", **kw)
    return out.getvalue()


def _chunks(data: bytes) -> list[bytes]:
    pos, out = 8, []
    while pos < len(data):
        (length,) = struct.unpack_from(">I", data, pos)
        out.append(data[pos : pos + 12 + length])
        pos += 12 + length
    return out


def _move_after_pixels(data: bytes, kind: bytes) -> bytes:
    chunks = _chunks(data)
    moved = [c for c in chunks if c[4:8] == kind]
    rest = [c for c in chunks if c[4:8] != kind]
    return data[:8] + b"".join(rest[:-1] + moved + rest[-1:])


def _png_samples() -> dict[str, bytes]:
    exif = _exif(make="HUAWEI", taken="2021:05:12 09:30:00", orientation=3)
    with_exif = _png(exif=exif)
    info = __import__("PIL.PngImagePlugin", fromlist=["PngInfo"]).PngInfo()
    info.add_text("Comment", "after the pixels")
    with_text = _move_after_pixels(_png(exif=exif, pnginfo=info), b"tEXt")
    return {
        "none": _png(),
        "exif-before-pixels": with_exif,
        "exif-after-pixels": _move_after_pixels(with_exif, b"eXIf"),
        "text-after-pixels": with_text,
        "truncated": with_exif[: len(with_exif) // 2],
    }


@pytest.mark.parametrize("name", sorted(_png_samples()))
def test_png_exif_is_found_as_decoding_finds_it(name: str) -> None:
    data = _png_samples()[name]
    assert header_info(data, "png") == header_info(data, "png", fast=False)


def test_png_exif_after_the_pixels_is_read_without_decoding_them(monkeypatch) -> None:
    data = _png_samples()["exif-after-pixels"]
    decoded = []
    real_load = Image.Image.load
    monkeypatch.setattr(
        __import__("PIL.ImageFile", fromlist=["ImageFile"]).ImageFile,
        "load",
        lambda self: decoded.append(1) or real_load(self),
    )
    info = header_info(data, "png")
    assert not decoded
    assert info.make == "HUAWEI" and info.orientation == 3 and info.captured is not None


def test_exif_dates_read_as_strptime_reads_them() -> None:
    texts = [
        "2021:05:12 09:30:00",
        "2021:05:12 09:30:00\x00",
        " 2021:05:12 09:30:00  ",
        "2021:02:30 09:30:00",
        "2021:05:12 24:00:00",
        "2021:05:12 09:30:60",
        "0000:00:00 00:00:00",
        "2021:5:12 9:30:00",
        "2021-05-12 09:30:00",
        "２０２１:05:12 09:30:00",
        "2021:05:12 09:30:00.123",
        "",
        "    :  :     :  :  ",
    ]
    for text in texts:
        value = text.strip().rstrip("\x00")[:19]
        try:
            expected = dt.datetime.strptime(value, "%Y:%m:%d %H:%M:%S")
        except ValueError:
            expected = None
        assert jpeghead.exif_datetime(text) == expected, text
