"""`photo fit` never loses a file: links, FIFOs, races, pixel limits, in-place with a verified backup.

Also the encoder ladder (quality up to 100, then 4:2:2 and 4:4:4 before any enlargement) and PNG output.
Every test that runs the command checks that the evidence tree is byte for byte unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from test_photofit import SMALL_HIGH, SMALL_LOW, digest, fit, fit_json, inside_both, phone_photo, rubric_file

from wenming_cli import photofit
from wenming_cli.evidence.photo import header_info
from wenming_cli.imaging import decode, jpeg
from wenming_cli.photofit import safety

YIYANG_LOW, YIYANG_HIGH = 1_572_865, 1_999_999


def tree_hash(folder: Path) -> str:
    """One digest of every regular file's path and bytes (links and FIFOs are named, never opened)."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        h.update(path.relative_to(folder).as_posix().encode())
        if path.is_symlink():
            h.update(b"->" + os.readlink(path).encode())
        elif path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


@pytest.fixture
def evidence(tmp_path: Path) -> Path:
    folder = tmp_path / "S" / "act"
    folder.mkdir(parents=True)
    phone_photo(1600, 1200).save(folder / "big.jpg", quality=95)
    return tmp_path / "S"


def screenshot(seed: int = 0, density: float = 0.36) -> Image.Image:
    """A 2400×1800 screen capture: flat panels and small coloured text, whose chroma 4:2:0 smears."""
    rnd = random.Random(seed)
    img = Image.new("RGB", (2400, 1800), (250, 250, 250))
    draw = ImageDraw.Draw(img)
    for _ in range(60):
        x, y = rnd.randrange(2400), rnd.randrange(1800)
        box = (x, y, x + rnd.randrange(50, 500), y + rnd.randrange(20, 200))
        draw.rectangle(box, fill=tuple(rnd.randrange(256) for _ in range(3)))
    for row in range(0, 1800, 16):
        for col in range(0, 2400, 8):
            if rnd.random() < density:
                colour = tuple(rnd.randrange(256) for _ in range(3))
                draw.text((col, row), rnd.choice("AbcdEfgh0123WM"), fill=colour)
    return img


# -- the encoder ladder --------------------------------------------------------------------------


def test_screenshot_reaches_the_lower_bound_by_chroma_not_by_enlarging(tmp_path: Path):
    shot = screenshot()
    at_95 = len(jpeg.encode_jpeg(shot, 95))
    assert 1_450_000 < at_95 < YIYANG_LOW  # about 1.5 MB at q95 4:2:0: below the window
    folder = tmp_path / "S" / "截图"
    folder.mkdir(parents=True)
    shot.save(folder / "shot.png")
    before = tree_hash(tmp_path / "S")
    code, report = fit_json(tmp_path / "S", "-o", tmp_path / "O", "--rubric", "yiyang-2021")
    [photo] = report["photos"]
    assert code == 0 and photo["status"] == "fitted", photo
    assert photo["scale"] == 1.0 and photo["width_after"] == 2400  # never enlarged
    assert photo["subsampling"] == "4:2:2" and photo["quality"] == 95
    assert YIYANG_LOW <= photo["size_after"] <= YIYANG_HIGH
    assert tree_hash(tmp_path / "S") == before


def test_higher_quality_is_tried_before_enlarging():
    img = phone_photo(700, 520)
    sizes = {q: len(jpeg.encode_jpeg(img, q)) for q in (95, 100)}
    low, high = sizes[95] + 1, sizes[100] + 10  # only quality above 95 at 4:2:0 can land here
    fitted = jpeg.jpeg_within(img, low, high)
    assert fitted.data is not None and fitted.scale == 1.0
    assert low <= len(fitted.data) <= high
    assert fitted.quality > 95 or fitted.subsampling != "4:2:0"


def test_quality_never_drops_below_70_it_downscales_instead():
    img = phone_photo(1600, 1200)
    high = len(jpeg.encode_jpeg(img, 70)) // 2
    fitted = jpeg.jpeg_within(img, high // 2, high)
    assert fitted.data is not None and fitted.quality >= jpeg.MIN_QUALITY and fitted.scale < 1


def test_png_stays_png_where_the_rubric_allows_png(tmp_path: Path):
    folder = tmp_path / "S" / "act"
    folder.mkdir(parents=True)
    phone_photo(900, 700).save(folder / "a.png")
    rules = "formats: [jpeg, png]\nsize: {min: {value: 0.2, unit: M}, max: {value: 0.6, unit: M}, byte_reading: ambiguous}\n"
    before = tree_hash(tmp_path / "S")
    code, report = fit_json(tmp_path / "S", "-o", tmp_path / "O", "-r", rubric_file(tmp_path, rules))
    [photo] = report["photos"]
    assert code == 0 and photo["status"] in ("fitted", "copied"), photo
    assert photo["written"] == "S/act/a.png"
    with Image.open(tmp_path / "O" / "S" / "act" / "a.png") as out:
        assert out.format == "PNG"
    # The same photo under a JPEG-only rubric becomes a JPEG.
    code, report = fit_json(
        tmp_path / "S", "-o", tmp_path / "O2", "-r", rubric_file(tmp_path, name="jpeg.yaml")
    )
    assert report["photos"][0]["written"] == "S/act/a.jpg"
    assert tree_hash(tmp_path / "S") == before


def test_output_column_shows_the_path_actually_written(tmp_path: Path):
    folder = tmp_path / "S" / "act"
    folder.mkdir(parents=True)
    phone_photo(1000, 750).save(folder / "a.jpg", quality=95)
    phone_photo(1000, 750, seed=1).save(folder / "a.png")
    phone_photo(200, 150).save(folder / "tiny.jpg", quality=80)
    result = fit(tmp_path / "S", "-o", tmp_path / "O", "-r", rubric_file(tmp_path), "--format", "plain")
    rows = {line.split("\t")[0]: line.split("\t") for line in result.stdout.splitlines() if "\t" in line}
    assert rows["原片"][1] == "输出"
    assert rows["S/act/a.png"][1] == "S/act/a (2).jpg"
    assert (tmp_path / "O" / "S" / "act" / "a (2).jpg").is_file()
    assert rows["S/act/tiny.jpg"][1] == "（未写入）"
    assert not (tmp_path / "O" / "S" / "act" / "tiny.jpg").exists()


# -- links, races, FIFOs ---------------------------------------------------------------------------


def test_out_holding_a_link_to_src_never_overwrites_the_originals(tmp_path: Path, evidence: Path):
    """The issue-12 repro: ln -s "$PWD/S" O/S; photo fit S -o O --force replaced S/act/big.jpg."""
    out = tmp_path / "O"
    out.mkdir()
    (out / "S").symlink_to(evidence, target_is_directory=True)
    before = tree_hash(evidence)
    result = fit(evidence, "-o", out, "--rubric", "yiyang-2021", "--force")
    assert result.exit_code == 2
    assert "符号链接" in result.stderr
    assert tree_hash(evidence) == before


def test_a_linked_subfolder_inside_out_is_refused(tmp_path: Path, evidence: Path):
    (tmp_path / "O" / "S").mkdir(parents=True)
    (tmp_path / "O" / "S" / "act").symlink_to(evidence / "act", target_is_directory=True)
    before = tree_hash(evidence)
    result = fit(evidence, "-o", tmp_path / "O", "-r", rubric_file(tmp_path), "--force")
    assert result.exit_code == 2 and "符号链接" in result.stderr
    assert tree_hash(evidence) == before


def test_a_link_swapped_in_after_planning_is_not_followed(tmp_path: Path, evidence: Path):
    settings = photofit.FitSettings(window=photofit.fit_window(None, "0.2M", "0.3M"), force=True)
    plan = photofit.plan([evidence], tmp_path / "O", settings)
    (tmp_path / "O").mkdir()
    (tmp_path / "O" / "S").symlink_to(evidence, target_is_directory=True)  # after the plan's checks
    before = tree_hash(evidence)
    report = photofit.run(plan)
    [photo] = report.photos
    assert photo.status == "failed" and "符号链接" in (photo.reason or "")
    assert tree_hash(evidence) == before


def test_an_output_file_that_is_a_link_to_the_original_is_replaced_not_written_through(
    tmp_path: Path, evidence: Path
):
    (tmp_path / "O" / "S" / "act").mkdir(parents=True)
    (tmp_path / "O" / "S" / "act" / "big.jpg").symlink_to(evidence / "act" / "big.jpg")
    before = tree_hash(evidence)
    code, report = fit_json(evidence, "-o", tmp_path / "O", "-r", rubric_file(tmp_path))
    assert code == 1 and report["photos"][0]["status"] == "blocked"  # without --force: untouched
    code, report = fit_json(evidence, "-o", tmp_path / "O", "-r", rubric_file(tmp_path), "--force")
    assert code == 0 and report["photos"][0]["status"] == "fitted"
    written = tmp_path / "O" / "S" / "act" / "big.jpg"
    assert not written.is_symlink() and inside_both(written.stat().st_size, SMALL_LOW, SMALL_HIGH)
    assert tree_hash(evidence) == before


def test_a_file_written_by_another_run_meanwhile_is_never_replaced(tmp_path: Path, evidence: Path):
    settings = photofit.FitSettings(window=photofit.fit_window(None, "0.2M", "0.3M"))
    plan = photofit.plan([evidence], tmp_path / "O", settings)
    target = tmp_path / "O" / "S" / "act" / "big.jpg"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"the other run's photo")  # appears between planning and writing
    before = tree_hash(evidence)
    [photo] = photofit.run(plan).photos
    assert photo.status == "blocked" and photo.written is None
    assert target.read_bytes() == b"the other run's photo"
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".part")]
    assert tree_hash(evidence) == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_a_fifo_named_like_a_photo_is_skipped_without_blocking(tmp_path: Path, evidence: Path):
    os.mkfifo(evidence / "act" / "x.jpg")
    before = tree_hash(evidence)
    started = time.monotonic()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "wenming_cli",
            "photo",
            "fit",
            str(evidence),
            "-o",
            str(tmp_path / "O"),
            "--min",
            "0.2M",
            "--max",
            "0.3M",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert time.monotonic() - started < 60
    report = json.loads(proc.stdout)
    assert proc.returncode == 0, proc.stderr
    [ignored] = report["ignored"]
    assert ignored["path"] == "S/act/x.jpg" and "不是普通文件" in ignored["reason"]
    assert [p["source"] for p in report["photos"]] == ["S/act/big.jpg"]
    assert tree_hash(evidence) == before


def test_a_linked_photo_pointing_outside_src_is_skipped(tmp_path: Path, evidence: Path):
    outside = tmp_path / "elsewhere.jpg"
    phone_photo(800, 600).save(outside, quality=95)
    (evidence / "act" / "link.jpg").symlink_to(outside)
    before = tree_hash(evidence)
    code, report = fit_json(evidence, "-o", tmp_path / "O", "-r", rubric_file(tmp_path))
    assert code == 0 and any("符号链接" in i["reason"] for i in report["ignored"])
    assert tree_hash(evidence) == before


# -- one pixel limit ------------------------------------------------------------------------------


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that announces width×height but carries one tiny IDAT: the pixel limit must act on the header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def jpeg_header_only(width: int, height: int) -> bytes:
    """A small JPEG whose frame header is patched to announce width×height (as a huge photo's would)."""
    data = bytearray(jpeg.encode_jpeg(Image.new("RGB", (16, 16), (200, 30, 30)), 90))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def test_one_pixel_limit_accepts_a_200_megapixel_phone_photo_and_refuses_400():
    assert decode.MAX_PIXELS >= 16320 * 12240
    genuine = jpeg_header_only(16320, 12240)
    with decode.open_lazily(genuine) as img:
        assert img.size == (16320, 12240)
    assert header_info(genuine, "jpeg").decode_error is None  # check's scan no longer calls it a bomb
    for bomb in (jpeg_header_only(20000, 20000), png_header_only(20000, 20000)):
        with pytest.raises(decode.TooManyPixels):
            decode.open_lazily(bomb)
        assert "像素过多" in (header_info(bomb, "jpeg").decode_error or "")


def test_photo_fit_refuses_a_400_megapixel_png_without_decoding_it(tmp_path: Path):
    folder = tmp_path / "S" / "act"
    folder.mkdir(parents=True)
    (folder / "bomb.png").write_bytes(png_header_only(20000, 20000))
    before = tree_hash(tmp_path / "S")
    started = time.monotonic()
    code, report = fit_json(tmp_path / "S", "-o", tmp_path / "O", "-r", rubric_file(tmp_path))
    [photo] = report["photos"]
    assert code == 1 and photo["status"] == "failed" and "像素过多" in photo["reason"]
    assert time.monotonic() - started < 20  # 400 MP decoded would take far longer (and 1.2 GB)
    assert tree_hash(tmp_path / "S") == before


def test_heic_support_and_the_pixel_limit_are_registered_in_one_place():
    src = Path(decode.__file__).parents[1]
    hits = [p for p in src.rglob("*.py") if "register_heif_opener" in p.read_text(encoding="utf-8")]
    assert hits == [Path(decode.__file__)]
    limits = [p for p in src.rglob("*.py") if "Image.MAX_IMAGE_PIXELS =" in p.read_text(encoding="utf-8")]
    assert limits == [Path(decode.__file__)]


# -- in place, with a verified backup -------------------------------------------------------------


def test_in_place_backs_up_first_then_replaces_under_the_same_name(tmp_path: Path):
    folder = tmp_path / "S" / "act"
    folder.mkdir(parents=True)
    phone_photo(1600, 1200).save(folder / "IMG_1.JPG", quality=95)
    phone_photo(900, 700, seed=2).save(folder / "b.png")
    (folder / "活动说明.txt").write_text("时间：2021-05-12\n", encoding="utf-8")
    originals = digest(tmp_path / "S")
    code, report = fit_json(
        tmp_path / "S", "--in-place", "--backup", tmp_path / "备份", "-r", rubric_file(tmp_path)
    )
    assert code == 0, report
    assert digest(tmp_path / "备份" / "S") == {k: v for k, v in originals.items() if not k.endswith(".txt")}
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["IMG_1.JPG", "b.jpg", "活动说明.txt"]  # never IMG_1.JPG beside IMG_1.jpg
    assert inside_both((folder / "IMG_1.JPG").stat().st_size, SMALL_LOW, SMALL_HIGH)
    with Image.open(folder / "b.jpg") as out:
        assert out.format == "JPEG"
    assert not [p for p in folder.iterdir() if p.name.endswith(".part")]


def test_in_place_needs_a_backup_outside_the_evidence(tmp_path: Path, evidence: Path):
    before = tree_hash(evidence)
    result = fit(evidence, "--in-place", "-r", rubric_file(tmp_path))
    assert result.exit_code == 2 and "--backup" in result.stderr
    result = fit(evidence, "--in-place", "--backup", evidence / "备份", "-r", rubric_file(tmp_path))
    assert result.exit_code == 2 and "原片文件夹" in result.stderr
    result = fit(
        evidence, "--in-place", "--backup", tmp_path / "b", "-o", tmp_path / "O", "-r", rubric_file(tmp_path)
    )
    assert result.exit_code == 2
    assert tree_hash(evidence) == before and not (evidence / "备份").exists()


def test_in_place_stops_before_any_change_when_a_backup_differs(tmp_path: Path, evidence: Path):
    stale = tmp_path / "备份" / "S" / "act" / "big.jpg"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"an older original")
    before = tree_hash(evidence)
    result = fit(evidence, "--in-place", "--backup", tmp_path / "备份", "-r", rubric_file(tmp_path))
    assert result.exit_code == 2 and "备份" in result.stderr
    assert tree_hash(evidence) == before and stale.read_bytes() == b"an older original"


def test_file_hash_reads_only_regular_files(tmp_path: Path):
    (tmp_path / "d").mkdir()
    with pytest.raises(OSError):
        safety.file_hash(tmp_path / "d")
