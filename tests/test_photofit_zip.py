"""`photo fit` reads a zipped folder of photos (GBK names too) without changing the archive."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from test_photofit import SMALL_HIGH, SMALL_LOW, fit, fit_json, inside_both, phone_photo, rubric_file


class _GbkName(zipfile.ZipInfo):
    """A member named in GBK without the UTF-8 flag, as Windows' own zip tool writes it."""

    def _encodeFilenameFlags(self):  # noqa: N802 (zipfile's own name)
        return self.filename.encode("gbk"), self.flag_bits


def _jpeg(seed: int) -> bytes:
    buffer = io.BytesIO()
    phone_photo(1600, 1200, seed).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def _zip(path: Path, names: list[str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for i, name in enumerate(names):
            archive.writestr(_GbkName(name), _jpeg(i) if name.endswith(".jpg") else b"clutter")
    return path


def test_a_gbk_zip_is_fitted_into_out_under_its_folder_and_left_unchanged(tmp_path: Path) -> None:
    source = _zip(tmp_path / "活动照片.zip", ["相册/学雷锋1.jpg", "相册/学雷锋2.jpg", "Thumbs.db"])
    before = source.read_bytes()
    code, report = fit_json(source, "-o", tmp_path / "OUT", "--rubric", rubric_file(tmp_path))
    assert code == 0, report
    written = sorted(p.relative_to(tmp_path / "OUT").as_posix() for p in (tmp_path / "OUT").rglob("*.jpg"))
    assert written == ["相册/学雷锋1.jpg", "相册/学雷锋2.jpg"]
    for path in (tmp_path / "OUT").rglob("*.jpg"):
        assert inside_both(path.stat().st_size, SMALL_LOW, SMALL_HIGH)
    assert source.read_bytes() == before
    assert not list(tmp_path.glob("wenming-zip-*"))


def test_a_zip_without_a_top_folder_is_mirrored_under_its_own_name(tmp_path: Path) -> None:
    source = _zip(tmp_path / "照片.zip", ["一.jpg", "二.jpg"])
    code, _report = fit_json(source, "-o", tmp_path / "OUT", "--rubric", rubric_file(tmp_path))
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "OUT" / "照片").iterdir()) == ["一.jpg", "二.jpg"]


def test_a_zip_cannot_be_fitted_in_place(tmp_path: Path) -> None:
    source = _zip(tmp_path / "照片.zip", ["一.jpg"])
    before = source.read_bytes()
    result = fit(source, "--in-place", "--backup", tmp_path / "bak", "--rubric", rubric_file(tmp_path))
    assert result.exit_code == 2
    assert "压缩包" in result.output and "Traceback" not in result.output
    assert source.read_bytes() == before
