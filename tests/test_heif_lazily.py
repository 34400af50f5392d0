"""HEIC support is registered when an ISO media file is opened, not for every photo: a header or full
pass over JPEGs and PNGs in a fresh process never imports pillow-heif (~25 ms a process), and a HEIC
opened from bytes, a path or a stream still opens."""

from __future__ import annotations

import io
import subprocess
import sys

from PIL import Image

PROGRAM = r"""
import io, sys
from pathlib import Path
from PIL import Image
from wenming_cli.imaging.decode import open_image, open_lazily

folder = Path(sys.argv[1])
buffer = io.BytesIO()
Image.new("RGB", (64, 48), (200, 10, 10)).save(buffer, "JPEG")
open_image(buffer.getvalue()).close()
open_lazily(buffer.getvalue()).close()
png = io.BytesIO()
Image.new("RGB", (32, 32)).save(png, "PNG")
open_image(png.getvalue()).close()
assert "pillow_heif" not in sys.modules, "pillow_heif imported for a JPEG or PNG"
heic = (folder / "x.heic").read_bytes()
print(open_lazily(heic).size, open_image(folder / "x.heic").size, open_lazily(io.BytesIO(heic)).size)
"""


def test_heif_registered_only_for_an_iso_media_file(tmp_path):
    import pillow_heif

    pillow_heif.register_heif_opener()
    Image.new("RGB", (80, 60), (10, 120, 30)).save(tmp_path / "x.heic", format="HEIF", quality=90)
    proc = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(tmp_path)], capture_output=True, text=True, encoding="utf-8"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "(80, 60) (80, 60) (80, 60)"


def test_an_unpeekable_stream_still_registers_heif():
    from wenming_cli.imaging import decode

    class NoSeek(io.RawIOBase):
        def tell(self):
            raise OSError("no")

    assert decode._is_iso_media(decode._head(NoSeek()))
    assert not decode._is_iso_media(b"\xff\xd8\xff\xe0\x00\x10JFIF")
