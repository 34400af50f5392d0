"""`photo fit` on photos already inside the window: copied byte for byte without decoding their pixels,
unless their end says they are cut short."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import ImageFile
from test_photofit import SMALL_HIGH, SMALL_LOW, fit_json, phone_photo, rubric_file


def _inside_window() -> bytes:
    img = phone_photo(900, 700, seed=2)
    for quality in range(95, 40, -1):
        buffer = io.BytesIO()
        img.save(buffer, "JPEG", quality=quality)
        if SMALL_LOW < buffer.tell() < SMALL_HIGH:
            return buffer.getvalue()
        if buffer.tell() < SMALL_LOW:
            break
    raise AssertionError("no quality lands the test photo inside the window")


def test_a_photo_inside_the_window_is_copied_without_decoding(tmp_path: Path, monkeypatch):
    data = _inside_window()
    (tmp_path / "S" / "act").mkdir(parents=True)
    (tmp_path / "S" / "act" / "a.jpg").write_bytes(data)

    def no_decoding(self, *args, **kwargs):
        raise AssertionError("pixels decoded for a photo already inside the window")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    code, report = fit_json(tmp_path / "S", "-o", tmp_path / "O", "--rubric", rubric_file(tmp_path), "-j", "1")
    [photo] = report["photos"]
    assert code == 0 and photo["status"] == "copied", photo
    assert (tmp_path / "O" / photo["written"]).read_bytes() == data
    assert (photo["width_before"], photo["height_before"]) == (900, 700)


def test_a_cut_short_photo_inside_the_window_is_decoded_and_refused(tmp_path: Path):
    data = _inside_window()
    cut = data[: max(SMALL_LOW + 1, len(data) - 4000)]  # still inside the window, without its end
    assert SMALL_LOW < len(cut) < SMALL_HIGH and b"\xff\xd9" not in cut[-65536:]
    (tmp_path / "S" / "act").mkdir(parents=True)
    (tmp_path / "S" / "act" / "a.jpg").write_bytes(cut)
    code, report = fit_json(tmp_path / "S", "-o", tmp_path / "O", "--rubric", rubric_file(tmp_path), "-j", "1")
    [photo] = report["photos"]
    assert code == 1 and photo["status"] == "failed", photo
    assert not (tmp_path / "O" / "act" / "a.jpg").exists()


def test_keeping_freed_memory_is_tried_once_and_never_fails(monkeypatch):
    from wenming_cli.photofit import fitting

    calls: list[object] = []

    def cdll(name):
        calls.append(name)
        raise OSError("no C library here")

    monkeypatch.setattr(fitting.ctypes, "CDLL", cdll)
    for platform in ("win32", "linux"):
        monkeypatch.setattr(fitting, "_heap_tuned", False)
        monkeypatch.setattr(fitting.sys, "platform", platform)
        fitting._keep_freed_memory()
        fitting._keep_freed_memory()
    assert calls == [None]  # Linux only, once per process; a missing mallopt changes nothing
