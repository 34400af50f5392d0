"""A JPEG header walker for the common case: dimensions and the few EXIF tags the checks read, without
Pillow.

It walks SOI, APPn, DQT, SOFn … up to SOS and reads EXIF IFD0 and the Exif sub-IFD itself. It answers
only for plain, well-formed headers; anything unusual (a segment running past the bytes held, junk
between markers, repeated EXIF segments, XMP that could carry the orientation, MPO, odd tag types,
values outside the EXIF block, more pixels than the limit) returns None and the caller asks Pillow,
so whenever it answers it says what Pillow would (tests/test_jpeghead.py compares both on varied and
damaged JPEGs). It never decodes pixels.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
from dataclasses import dataclass
from struct import unpack_from

from wenming_cli.imaging.decode import MAX_PIXELS

_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 0x9003
_MAKE, _MODEL, _SOFTWARE, _ORIENTATION = 0x010F, 0x0110, 0x0131, 0x0112
_X_RESOLUTION = 0x011A
_STRINGS = (_MAKE, _MODEL, _SOFTWARE)

# Byte size of one value of each TIFF type Pillow reads; other types make the walker step aside.
_UNIT = {
    1: 1,
    2: 1,
    3: 2,
    4: 4,
    5: 8,
    6: 1,
    7: 1,
    8: 2,
    9: 4,
    10: 8,
    11: 4,
    12: 8,
    13: 4,
    16: 8,
    17: 8,
    18: 8,
}
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF, 0xDE}
_SKIP = {0xC4, 0xCC, 0xDC, 0xDD, 0xDF, 0xFE}  # DHT, DAC, DNL, DRI, EXP, COM: length-prefixed, not read
_SOS = 0xDA
_DQT = 0xDB
_EXIF_PREFIX = b"Exif\x00\x00"
_XMP_PREFIX = b"http://ns.adobe.com/xap/1.0/\x00"


@dataclass(frozen=True)
class JpegHeader:
    width: int
    height: int
    captured: dt.datetime | None
    make: str | None
    model: str | None
    software: str | None
    orientation: int | None


class _Unusual(Exception):
    """Something the walker does not vouch for: Pillow decides."""


def read_header(data: bytes) -> JpegHeader | None:
    """The header facts of a plain JPEG held in `data` (the whole file or its first bytes), else None."""
    try:
        return _walk(data)
    except (_Unusual, IndexError, ValueError, struct.error):  # struct.error: a block cut short
        return None


def _walk(data: bytes) -> JpegHeader:
    if data[:3] != b"\xff\xd8\xff":
        raise _Unusual
    pos = 2
    end = len(data)
    size: tuple[int, int] | None = None
    exif: bytes | None = None
    xmp = False
    while True:
        if data[pos] != 0xFF:
            raise _Unusual  # junk between segments: Pillow skips it its own way
        while data[pos] == 0xFF:  # fill bytes
            pos += 1
        marker = data[pos]
        pos += 1
        if pos + 2 > end:
            raise _Unusual
        length = (data[pos] << 8) | data[pos + 1]
        if length < 2 or pos + length > end:
            raise _Unusual  # Pillow would report a truncated read (or find the rest in the whole file)
        body = data[pos + 2 : pos + length]
        pos += length
        if marker == _SOS:
            break
        if 0xE0 <= marker <= 0xEF:
            if marker == 0xE1 and body.startswith(_EXIF_PREFIX):
                if exif is not None:
                    raise _Unusual  # Pillow joins repeated EXIF segments
                exif = body
            elif marker == 0xE1 and body.startswith(_XMP_PREFIX):
                xmp = True
            elif marker == 0xE0 and body.startswith(b"JFIF") and len(body) < 12:
                raise _Unusual
            elif marker == 0xE2 and (body.startswith(b"MPF\x00") or body.startswith(b"ICC_PROFILE\x00")):
                if body.startswith(b"MPF") or len(body) < 14:
                    raise _Unusual  # MPO (several pictures), or an ICC fragment too short
            elif marker == 0xED and body.startswith(b"Photoshop 3.0\x00"):
                raise _Unusual
            elif marker == 0xEE and body.startswith(b"Adobe") and len(body) < 12:
                raise _Unusual
        elif marker in _SOF:
            if size is not None or len(body) < 6 or body[0] != 8 or body[5] not in (1, 3, 4):
                raise _Unusual
            size = ((body[3] << 8) | body[4], (body[1] << 8) | body[2])
        elif marker == _DQT:
            _check_dqt(body)
        elif marker not in _SKIP:
            raise _Unusual  # RSTn, SOI, EOI, TEM, JPG … where a segment should start
    if size is None or size[0] <= 0 or size[1] <= 0 or size[0] * size[1] > MAX_PIXELS:
        raise _Unusual
    tags, sub = _exif(exif) if exif is not None else ({}, {})
    if xmp and _ORIENTATION not in tags:
        raise _Unusual  # Pillow takes the orientation from XMP then
    orientation = tags.get(_ORIENTATION)
    return JpegHeader(
        width=size[0],
        height=size[1],
        captured=exif_datetime(sub.get(_DATETIME_ORIGINAL)),
        make=clean_text(tags.get(_MAKE)),
        model=clean_text(tags.get(_MODEL)),
        software=clean_text(tags.get(_SOFTWARE)),
        orientation=orientation if isinstance(orientation, int) else None,
    )


def _check_dqt(body: bytes) -> None:
    at = 0
    while at < len(body):
        length = 1 + (1 if body[at] // 16 == 0 else 2) * 64
        if len(body) - at < length:
            raise _Unusual  # Pillow: bad quantization table marker
        at += length


def _exif(segment: bytes) -> tuple[dict[int, object], dict[int, object]]:
    """IFD0's string and orientation tags and the Exif sub-IFD's capture time, as Pillow reads them."""
    tiff = segment[6:]
    if tiff.startswith(_EXIF_PREFIX):
        tiff = tiff[6:]
    if not tiff:
        return {}, {}
    if tiff[:4] == b"II*\x00":
        order = "<"
    elif tiff[:4] == b"MM\x00*":
        order = ">"
    else:
        raise _Unusual
    (first,) = unpack_from(order + "L", tiff, 4)
    ifd0 = _ifd(tiff, first, order)
    tags: dict[int, object] = {}
    for tag in _STRINGS:
        if tag in ifd0:
            tags[tag] = _string(*ifd0[tag])
    if _ORIENTATION in ifd0:
        tags[_ORIENTATION] = _int(*ifd0[_ORIENTATION], order)
    if _X_RESOLUTION in ifd0 and ifd0[_X_RESOLUTION][:2] != (5, 1):
        raise _Unusual  # Pillow's DPI reading can fail the whole open on an odd resolution value
    if not ifd0:
        return {}, {}
    tags.update({t: None for t in ifd0 if t not in tags})  # present, not read: keeps IFD0 non-empty
    sub: dict[int, object] = {}
    if _EXIF_IFD in ifd0:
        offset = _int(*ifd0[_EXIF_IFD], order)
        fields = _ifd(tiff, offset, order)
        if _DATETIME_ORIGINAL in fields:
            sub[_DATETIME_ORIGINAL] = _string(*fields[_DATETIME_ORIGINAL])
    return tags, sub


def _ifd(tiff: bytes, offset: int, order: str) -> dict[int, tuple[int, int, bytes]]:
    """tag → (type, count, value bytes) of one IFD; steps aside on anything Pillow would skip or warn on."""
    if offset < 8 or offset + 2 > len(tiff):
        raise _Unusual
    (count,) = unpack_from(order + "H", tiff, offset)
    at = offset + 2
    if at + 12 * count + 4 > len(tiff):
        raise _Unusual
    out: dict[int, tuple[int, int, bytes]] = {}
    total = 0
    for _ in range(count):
        tag, typ, n = unpack_from(order + "HHL", tiff, at)
        unit = _UNIT.get(typ)
        if unit is None or n == 0 or tag in out:
            raise _Unusual
        size = unit * n
        if size > 4:
            (where,) = unpack_from(order + "L", tiff, at + 8)
            total += size
            if where + size > len(tiff) or total > len(tiff):
                raise _Unusual
            value = tiff[where : where + size]
        else:
            value = tiff[at + 8 : at + 8 + size]
        out[tag] = (typ, n, value)
        at += 12
    return out


def _string(typ: int, count: int, value: bytes) -> str:
    if typ != 2:
        raise _Unusual
    if value.endswith(b"\x00"):
        value = value[:-1]
    return value.decode("latin-1")


def _int(typ: int, count: int, value: bytes, order: str) -> int:
    if count != 1 or typ not in (3, 4, 13):
        raise _Unusual
    return unpack_from(order + ("H" if typ == 3 else "L"), value)[0]


_STAMP = re.compile(r"[0-9]{4}:[0-9]{2}:[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}")


def exif_datetime(text: object) -> dt.datetime | None:
    """An EXIF date and time (2021:05:12 09:30:00), or None when it is not one."""
    if not isinstance(text, str):
        return None
    value = text.strip().rstrip("\x00")[:19]
    try:
        if _STAMP.fullmatch(value):  # the usual form, read without strptime's format machinery
            return dt.datetime(
                int(value[:4]),
                int(value[5:7]),
                int(value[8:10]),
                int(value[11:13]),
                int(value[14:16]),
                int(value[17:]),
            )
        return dt.datetime.strptime(value, "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None


def clean_text(value: object) -> str | None:
    """An EXIF text without padding, or None when empty or not text."""
    if not isinstance(value, str):
        return None
    value = value.strip().rstrip("\x00").strip()
    return value or None
