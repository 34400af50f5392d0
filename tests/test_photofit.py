"""`wenming photo fit`: photos generated in tmp_path with Pillow, run through the CLI and the core."""

from __future__ import annotations

import hashlib
import json
import textwrap
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageStat
from typer.testing import CliRunner

from wenming_cli import photofit, sizes
from wenming_cli.cli.app import app
from wenming_cli.errors import InvalidInput, UsageError
from wenming_cli.imaging import decode, fonts, jpeg
from wenming_cli.models.rubric import PhotoRules, SizeBound, SizeWindow
from wenming_cli.photofit import planning

FIXTURES = Path(__file__).parent / "fixtures"
# 0.2M–0.3M keeps test photos small (about 1000×750); one test uses Yiyang's real 1.5M–2M window.
SMALL_WINDOW = "size: {min: {value: 0.2, unit: M}, max: {value: 0.3, unit: M}, byte_reading: ambiguous}\n"
SMALL_LOW, SMALL_HIGH = 209_716, 299_999  # above 0.2 × 2^20 = 209,715.2; below 0.3 × 10^6

runner = CliRunner()


def phone_photo(width: int, height: int, seed: int = 0) -> Image.Image:
    """Gradients under noise: JPEG sizes per pixel like a phone photo's (12 MP ≈ 9 MB at quality 95)."""
    linear = Image.linear_gradient("L").resize((width, height))
    radial = Image.radial_gradient("L").resize((width, height))
    channels = []
    for i in range(3):
        noise = Image.effect_noise((width, height), 40 + 5 * i + seed)
        base = Image.blend(linear if (i + seed) % 2 else radial, radial.rotate(90 * (i + seed)), 0.5)
        channels.append(Image.blend(base, noise, 0.5))
    return Image.merge("RGB", channels)


def rubric_file(tmp_path: Path, photo_rules: str | None = SMALL_WINDOW, name: str = "rubric.yaml") -> str:
    """The synthetic rubric, with rubric-level photo rules appended."""
    text = (FIXTURES / "synthetic-rubric.yaml").read_text(encoding="utf-8")
    if photo_rules is not None:
        text += "material_rules:\n  photo:\n" + textwrap.indent(photo_rules, "    ")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def fit(*args: str | Path):
    return runner.invoke(app, ["photo", "fit", *map(str, args)])


def fit_json(*args: str | Path) -> tuple[int, dict]:
    result = fit(*args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def by_source(report: dict) -> dict[str, dict]:
    return {p["source"]: p for p in report["photos"]}


def inside_both(size: int, low: int, high: int) -> bool:
    return low <= size <= high


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def src(tmp_path: Path) -> Path:
    folder = tmp_path / "照片" / "22 学雷锋" / "2021-05-12 敬老院"
    folder.mkdir(parents=True)
    return folder


# -- the size window ---------------------------------------------------------------------------------


def test_window_bounds_parse_as_printed():
    assert photofit.parse_bound("1.5M") == SizeBound(value="1.5", unit="M", exclusive=True)
    assert photofit.parse_bound("800kb").unit == "KB"
    assert photofit.parse_bound("1572864").unit == "B"
    with pytest.raises(UsageError):
        photofit.parse_bound("两兆")


def test_window_from_options_is_read_both_ways():
    window = photofit.fit_window(None, "1.5M", "2M")
    assert window.byte_reading == "ambiguous"
    assert sizes.safe_range(window) == (1_572_865, 1_999_999)


def test_window_options_replace_one_bound_of_the_rubric():
    rules = PhotoRules(size=SizeWindow(min=SizeBound(value=1, unit="M"), max=SizeBound(value=3, unit="M")))
    window = photofit.fit_window(rules, None, "2M")
    assert window.min == rules.size.min and window.max.value == 2


def test_rubric_without_photo_size_rule_is_refused():
    with pytest.raises(InvalidInput, match="该测评细则未规定照片大小"):
        photofit.fit_window(PhotoRules(), None, None)
    with pytest.raises(UsageError):
        photofit.fit_window(None, "2M", "1.5M")


# -- fitting -----------------------------------------------------------------------------------------


def test_too_large_jpeg_lands_inside_both_readings_of_yiyang(tmp_path: Path, src: Path):
    phone_photo(2400, 1800).save(src / "IMG_0001.jpg", quality=95)
    assert (src / "IMG_0001.jpg").stat().st_size > 2_000_000
    code, report = fit_json(tmp_path / "照片", "-o", tmp_path / "out", "--rubric", "yiyang-2021")
    assert code == 0
    [photo] = report["photos"]
    assert photo["status"] == "fitted" and photo["quality"] >= jpeg.MIN_QUALITY
    written = tmp_path / "out" / photo["target"]
    assert 1_572_864 < written.stat().st_size < 2_000_000
    assert written.stat().st_size == photo["size_after"]
    with Image.open(written) as img:
        assert img.format == "JPEG"


def test_quality_floor_then_downscale(tmp_path: Path, src: Path):
    phone_photo(1600, 1200).save(src / "big.jpg", quality=95)
    code, report = fit_json(tmp_path / "照片", "-o", tmp_path / "out", "-r", rubric_file(tmp_path))
    assert code == 0
    [photo] = report["photos"]
    assert photo["status"] == "fitted"
    assert photo["quality"] >= 70 and photo["scale"] < 1
    assert photo["width_after"] < 1600
    assert inside_both(photo["size_after"], SMALL_LOW, SMALL_HIGH)
    assert photo["encodes"] <= 16  # bounded work per photo


def test_orientation_applied_and_reviewer_exif_kept(tmp_path: Path, src: Path):
    img = phone_photo(1000, 750)
    img.paste((255, 0, 0), (0, 0, 60, 60))  # a red mark in the stored top-left corner
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Apple"
    exif[ExifTags.Base.Model] = "iPhone 12"
    exif[ExifTags.Base.Orientation] = 6  # shown turned 90° clockwise: the mark appears top-right
    exif[ExifTags.IFD.Exif] = {
        ExifTags.Base.DateTimeOriginal: "2021:05:12 09:30:00",
        ExifTags.Base.DateTimeDigitized: "2021:05:12 09:30:00",
    }
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (28.0, 33.0, 12.5), 3: "E", 4: (112.0, 21.0, 1.0)}
    img.save(src / "turned.jpg", quality=95, exif=exif.tobytes())
    code, _ = fit_json(tmp_path / "照片", "-o", tmp_path / "out", "-r", rubric_file(tmp_path))
    assert code == 0
    [written] = (tmp_path / "out").rglob("turned.jpg")
    with Image.open(written) as out:
        assert out.width < out.height  # pixels turned
        def red(xy: tuple[int, int]) -> bool:
            r, g, b = out.getpixel(xy)
            return r > 200 and g < 90 and b < 90

        assert red((out.width - 20, 20))  # the red mark, now top-right
        assert not red((20, 20))
        kept = out.getexif()
        assert kept.get(ExifTags.Base.Orientation, 1) == 1
        assert kept[ExifTags.Base.Make] == "Apple" and kept[ExifTags.Base.Model] == "iPhone 12"
        sub = kept.get_ifd(ExifTags.IFD.Exif)
        assert sub[ExifTags.Base.DateTimeOriginal] == "2021:05:12 09:30:00"
        assert sub[ExifTags.Base.DateTimeDigitized] == "2021:05:12 09:30:00"
        assert kept.get_ifd(ExifTags.IFD.GPSInfo)[1] == "N"
        assert not kept.get_ifd(ExifTags.IFD.IFD1)  # no embedded thumbnail


def test_no_capture_date_is_invented(tmp_path: Path, src: Path):
    phone_photo(1000, 750).save(src / "plain.png")
    code, report = fit_json(tmp_path / "照片", "-o", tmp_path / "out", "-r", rubric_file(tmp_path))
    assert code == 0
    [photo] = report["photos"]
    assert any("没有 EXIF 拍摄时间" in note for note in photo["notes"])
    with Image.open(tmp_path / "out" / photo["target"]) as out:
        assert ExifTags.Base.DateTimeOriginal not in out.getexif().get_ifd(ExifTags.IFD.Exif)


def test_colour_modes_become_rgb_with_white_behind_transparency(tmp_path: Path, src: Path):
    phone_photo(1000, 750).convert("CMYK").save(src / "cmyk.jpg", quality=95)
    palette = phone_photo(1000, 750, seed=1).quantize(255)
    palette.putpalette(palette.getpalette()[: 255 * 3] + [0, 0, 0])  # index 255: black, made transparent
    palette.paste(255, (0, 0, 200, 200))
    palette.save(src / "palette.png", transparency=255)
    rgba = phone_photo(1000, 750, seed=2).convert("RGBA")
    rgba.paste((0, 0, 0, 0), (0, 0, 200, 200))
    rgba.save(src / "alpha.png")
    code, report = fit_json(tmp_path / "照片", "-o", tmp_path / "out", "-r", rubric_file(tmp_path))
    assert code == 0, report
    assert {p["status"] for p in report["photos"]} == {"fitted"}
    for photo in report["photos"]:
        assert inside_both(photo["size_after"], SMALL_LOW, SMALL_HIGH)
        with Image.open(tmp_path / "out" / photo["target"]) as out:
            assert out.mode == "RGB"
            if "png" in photo["source"]:
                assert min(out.getpixel((50, 50))) > 230  # transparency laid on white, not black


def test_heic_is_read(tmp_path: Path, src: Path):
    decode.prepare()
    phone_photo(1000, 750).save(src / "IMG_0002.HEIC", format="HEIF", quality=95)
    code, report = fit_json(tmp_path / "照片", "-o", tmp_path / "out", "-r", rubric_file(tmp_path))
    assert code == 0
    [photo] = report["photos"]
    assert photo["kind"] == "heic" and photo["target"].endswith("IMG_0002.jpg")
    assert inside_both(photo["size_after"], SMALL_LOW, SMALL_HIGH)


def test_originals_are_never_changed(tmp_path: Path, src: Path):
    phone_photo(1600, 1200).save(src / "a.jpg", quality=95)
    phone_photo(700, 500).save(src / "b.png")
    (src / "活动说明.txt").write_text("时间：2021年5月12日\n", encoding="utf-8")
    before = digest(tmp_path / "照片")
    fit(tmp_path / "照片", "-o", tmp_path / "out", "-r", rubric_file(tmp_path), "--enlarge")
    assert digest(tmp_path / "照片") == before


def test_out_inside_src_is_refused(tmp_path: Path, src: Path):
    phone_photo(800, 600).save(src / "a.jpg", quality=95)
    rubric = rubric_file(tmp_path)
    result = fit(tmp_path / "照片", "-o", tmp_path / "照片" / "out", "-r", rubric)
    assert result.exit_code == 2 and "原片文件夹" in result.output
    # SRC inside OUT would be mirrored onto itself (OUT/<SRC name> is SRC)
    result = fit(tmp_path / "照片", "-o", tmp_path, "-r", rubric)
    assert result.exit_code == 2 and "重叠" in result.output
    assert not (tmp_path / "照片" / "out").exists()
    # A single photo may be given; its own folder is not an output.
    assert fit(src / "a.jpg", "-o", src, "-r", rubric).exit_code == 2
    code, report = fit_json(src / "a.jpg", "-o", tmp_path / "single", "-r", rubric, "--enlarge")
    assert code == 0 and report["photos"][0]["target"] == "a.jpg"
    assert (tmp_path / "single" / "a.jpg").is_file()


def test_existing_output_is_not_overwritten_without_force(tmp_path: Path, src: Path):
    phone_photo(1000, 750).save(src / "a.jpg", quality=95)
    args = (tmp_path / "照片", "-o", tmp_path / "out", "-r", rubric_file(tmp_path))
    assert fit(*args).exit_code == 0
    [written] = (tmp_path / "out").rglob("a.jpg")
    code, report = fit_json(*args)
    assert code == 0 and report["photos"][0]["status"] == "kept"
    written.write_bytes(b"not a photo")
    code, report = fit_json(*args)
    assert code == 1 and report["photos"][0]["status"] == "blocked"
    assert written.read_bytes() == b"not a photo"
    code, report = fit_json(*args, "--force")
    assert code == 0 and report["photos"][0]["status"] == "fitted"
    assert inside_both(written.stat().st_size, SMALL_LOW, SMALL_HIGH)


def test_too_small_is_reported_then_enlarged_on_request(tmp_path: Path, src: Path):
    phone_photo(240, 180).save(src / "tiny.jpg", quality=90)
    args = (tmp_path / "照片", "-o", tmp_path / "out", "-r", rubric_file(tmp_path))
    code, report = fit_json(*args)
    [photo] = report["photos"]
    assert code == 1 and photo["status"] == "too_small" and "--enlarge" in photo["reason"]
    assert not list((tmp_path / "out").rglob("*.jpg"))  # no padding, no half-fitted file
    code, report = fit_json(*args, "--enlarge")
    [photo] = report["photos"]
    assert code == 0 and photo["status"] == "fitted" and photo["scale"] > 1
    assert inside_both(photo["size_after"], SMALL_LOW, SMALL_HIGH)


def test_dry_run_writes_nothing(tmp_path: Path, src: Path):
    phone_photo(800, 600).save(src / "a.png")
    result = fit(tmp_path / "照片", "-o", tmp_path / "out", "-r", rubric_file(tmp_path), "--dry-run")
    assert result.exit_code == 0 and "预演" in result.stdout and "a.png" in result.stdout
    assert not (tmp_path / "out").exists()


def test_rubric_without_photo_size_rule_exits_2(tmp_path: Path, src: Path):
    phone_photo(800, 600).save(src / "a.jpg", quality=95)
    bare = rubric_file(tmp_path, photo_rules=None)
    result = fit(tmp_path / "照片", "-o", tmp_path / "out", "-r", bare)
    assert result.exit_code == 2 and "该测评细则未规定照片大小" in result.output
    assert (
        fit(tmp_path / "照片", "-o", tmp_path / "out", "-r", bare, "--min", "0.2M", "--max", "0.3M").exit_code
        == 0
    )
    # The synthetic task list declares its own window (1M–3M, decimal): --task picks it.
    code, report = fit_json(tmp_path / "照片", "-o", tmp_path / "out2", "-r", bare, "--task", "t-1")
    assert report["safe_bytes"] == {"min": 1_000_001, "max": 2_999_999}
    assert fit(tmp_path / "照片", "-o", tmp_path / "out3").exit_code == 2  # no rubric, no window


def test_non_photos_are_ignored_by_content(tmp_path: Path, src: Path):
    (src / "活动说明.txt").write_text("时间：2021年5月12日\n", encoding="utf-8")
    (src / "fake.jpg").write_text("这不是照片", encoding="utf-8")
    (src / "doc.pdf").write_bytes(b"%PDF-1.4\n%...")
    phone_photo(800, 600).save(src / "photo.dat", format="PNG")  # a photo whatever its extension
    code, report = fit_json(
        tmp_path / "照片", "-o", tmp_path / "out", "-r", rubric_file(tmp_path), "--enlarge"
    )
    assert code == 0
    assert [p["target"].rsplit("/", 1)[-1] for p in report["photos"]] == ["photo.jpg"]
    # Named like a photo but not one: listed; captions and documents are only counted.
    assert {i["path"].rsplit("/", 1)[-1] for i in report["ignored"]} == {"fake.jpg"}
    assert report["other_files"] == 2 and report["summary"]["other_files"] == 2
    assert {p.name for p in (tmp_path / "out").rglob("*") if p.is_file()} == {"photo.jpg"}


def test_name_collisions_are_resolved_visibly(tmp_path: Path, src: Path):
    phone_photo(1000, 750).save(src / "a.png")
    phone_photo(1000, 750, seed=1).save(src / "a.jpg", quality=95)
    decode.prepare()
    phone_photo(1000, 750, seed=2).save(src / "A.heic", format="HEIF", quality=95)
    code, report = fit_json(tmp_path / "照片", "-o", tmp_path / "out", "-r", rubric_file(tmp_path))
    assert code == 0
    targets = {p["source"].rsplit("/", 1)[-1]: p["target"].rsplit("/", 1)[-1] for p in report["photos"]}
    assert targets["a.jpg"] == "a.jpg"  # the JPEG keeps its own name
    # then by name, case folded as on Windows and macOS
    assert (targets["A.heic"], targets["a.png"]) == ("A (2).jpg", "a (3).jpg")
    renamed = [p for p in report["photos"] if p["source"].endswith(("a.png", "A.heic"))]
    assert all(any("改名为" in note for note in p["notes"]) for p in renamed)
    plain = fit(tmp_path / "照片", "-o", tmp_path / "out", "-r", rubric_file(tmp_path), "--format", "plain")
    assert "改名为" in plain.stdout


def test_each_source_is_mirrored_under_its_own_name(tmp_path: Path):
    for parent in ("一", "二"):
        folder = tmp_path / parent / "photos" / "活动"
        folder.mkdir(parents=True)
        phone_photo(1000, 750).save(folder / "a.jpg", quality=95)
    code, report = fit_json(
        tmp_path / "一" / "photos",
        tmp_path / "二" / "photos",
        "-o",
        tmp_path / "out",
        "-r",
        rubric_file(tmp_path),
    )
    assert code == 0
    assert sorted(p["target"] for p in report["photos"]) == ["photos (2)/活动/a.jpg", "photos/活动/a.jpg"]


def test_json_report_structure(tmp_path: Path, src: Path):
    phone_photo(1000, 750).save(src / "a.jpg", quality=95)
    code, report = fit_json(tmp_path / "照片", "-o", tmp_path / "out", "-r", rubric_file(tmp_path))
    assert code == 0
    assert set(report) >= {
        "window",
        "safe_bytes",
        "output",
        "dry_run",
        "workers",
        "photos",
        "ignored",
        "summary",
    }
    assert report["window"]["max"] == {"value": "0.3", "unit": "M", "exclusive": True}
    assert report["summary"]["photos"] == 1 and report["summary"]["fitted"] == 1
    photo = report["photos"][0]
    assert photo["source"] == "照片/22 学雷锋/2021-05-12 敬老院/a.jpg"
    assert photo["target"] == "照片/22 学雷锋/2021-05-12 敬老院/a.jpg"
    assert set(photo) >= {"status", "size_before", "size_after", "quality", "scale", "notes", "reason"}


def test_parallel_workers_give_the_same_files(tmp_path: Path, src: Path):
    for i in range(3):
        phone_photo(1000, 750, seed=i).save(src / f"{i}.jpg", quality=95)
    rubric = rubric_file(tmp_path)
    one = fit_json(tmp_path / "照片", "-o", tmp_path / "one", "-r", rubric, "-j", "1")[1]
    two = fit_json(tmp_path / "照片", "-o", tmp_path / "two", "-r", rubric, "-j", "2")[1]
    assert two["workers"] == 2
    assert digest(tmp_path / "one") == digest(tmp_path / "two")
    assert [p["size_after"] for p in one["photos"]] == [p["size_after"] for p in two["photos"]]


def test_report_file_and_formats(tmp_path: Path, src: Path):
    phone_photo(1000, 750).save(src / "a.jpg", quality=95)
    rubric = rubric_file(tmp_path)
    report = tmp_path / "report.md"
    result = fit(tmp_path / "照片", "-o", tmp_path / "out", "-r", rubric, "--report", report)
    assert result.exit_code == 0 and report.read_text(encoding="utf-8").startswith("# 照片调整")
    result = fit(tmp_path / "照片", "-o", tmp_path / "out2", "-r", rubric, "--report", report)
    assert result.exit_code == 2  # an existing report is not replaced without --force
    assert not (tmp_path / "out2").exists()


# -- caption strip -----------------------------------------------------------------------------------


def test_caption_forbidden_by_rubric_is_refused(tmp_path: Path, src: Path):
    phone_photo(800, 600).save(src / "a.jpg", quality=95)
    rubric = rubric_file(tmp_path, SMALL_WINDOW + "burned_in_captions: forbidden\n")
    result = fit(tmp_path / "照片", "-o", tmp_path / "out", "-r", rubric, "--caption")
    assert result.exit_code == 2 and "不允许在照片上加字幕" in result.output


def test_unusable_fonts_are_refused(tmp_path: Path, src: Path):
    phone_photo(800, 600).save(src / "a.jpg", quality=95)
    args = (tmp_path / "照片", "-o", tmp_path / "out", "-r", rubric_file(tmp_path))
    result = fit(*args, "--caption", "--font", tmp_path / "x.ttf")
    assert result.exit_code == 2 and "找不到字体文件" in result.output
    assert fit(*args, "--font", tmp_path / "x.ttf").exit_code == 2  # --font without --caption
    latin = next((p for d in fonts.font_dirs() if d.is_dir() for p in d.rglob("DejaVuSans.ttf")), None)
    if latin is not None:
        result = fit(*args, "--caption", "--font", latin)
        assert result.exit_code == 2 and "不含中文字形" in result.output
    assert not (tmp_path / "out").exists()


def test_caption_strip_is_burned_in(tmp_path: Path, src: Path):
    font = fonts.find_cjk_font()
    if font is None:
        pytest.skip("no CJK font installed (install fonts-noto-cjk to run this test)")
    phone_photo(1000, 750).save(src / "a.jpg", quality=95)
    (src / "活动说明.txt").write_text(
        "\ufeff时间：2021年5月12日\r\n地点：市福利院\r\n主题：学雷锋志愿服务\r\n", encoding="utf-8"
    )
    nested = src / "更多"
    nested.mkdir()
    phone_photo(1000, 750, seed=1).save(nested / "b.jpg", quality=95)  # takes the activity's caption
    bare = src.parent / "2021-06-01 无说明"
    bare.mkdir()
    phone_photo(1000, 750, seed=2).save(bare / "c.jpg", quality=95)
    rubric = rubric_file(tmp_path)
    code, report = fit_json(tmp_path / "照片", "-o", tmp_path / "out", "-r", rubric, "--caption")
    assert code == 0
    photos = by_source(report)
    without = photos.pop("照片/22 学雷锋/2021-06-01 无说明/c.jpg")
    assert any("未找到活动说明" in note for note in without["notes"])
    assert len(photos) == 2
    for photo in photos.values():
        assert "已加字幕条" in photo["notes"]
        with Image.open(tmp_path / "out" / photo["target"]) as out:
            band = out.crop((0, out.height - 20, out.width, out.height)).convert("L")
            assert ImageStat.Stat(band).mean[0] < 90  # the dark strip


def test_caption_lines_follow_the_rubric_labels():
    lines = planning._caption_lines("时间：2021-05-12\n活动单位：市委党校\n主题：义诊\n  （第二场）\n", ())
    assert lines == ("时间：2021-05-12", "主题：义诊 （第二场）")


def test_jpeg_within_picks_the_largest_quality_below_the_maximum():
    img = phone_photo(800, 600)
    fitted = jpeg.jpeg_within(img, 100_000, 150_000)
    assert fitted.data is not None and fitted.scale == 1.0
    assert 100_000 <= len(fitted.data) <= 150_000
    assert len(jpeg.encode_jpeg(img, fitted.quality + 1)) > 150_000
    assert fitted.encodes <= 6


def test_jpeg_within_never_pads_and_caps_enlargement():
    tiny = phone_photo(100, 75)
    refused = jpeg.jpeg_within(tiny, 1_000_000, 1_500_000)
    assert refused.data is None and refused.top_size < 1_000_000
    capped = jpeg.jpeg_within(tiny, 1_000_000, 1_500_000, max_scale=4.0)
    assert capped.data is None and capped.wanted_scale > 4.0


# -- the rubric from the evidence folder's unit.yaml ---------------------------------------------------


def test_an_evidence_folder_with_unit_yaml_needs_no_rubric_option(tmp_path: Path):
    evidence = tmp_path / "证据"
    made = runner.invoke(app, ["init", str(evidence), "--rubric", "yiyang-2021", "--name", "测试单位"])
    assert made.exit_code == 0, made.output
    activity = next(p for p in evidence.iterdir() if p.is_dir() and p.name.startswith("22")) / "2021-05-12 敬老院"
    activity.mkdir()
    phone_photo(2400, 1800).save(activity / "1.jpg", quality=95)
    assert (activity / "1.jpg").stat().st_size > 2_000_000
    result = fit(evidence, "-o", tmp_path / "out", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "yiyang-2021" in result.stderr  # says whose photo rules it used
    [photo] = json.loads(result.stdout)["photos"]
    assert photo["status"] == "fitted"
    assert 1_572_864 < (tmp_path / "out" / photo["target"]).stat().st_size < 2_000_000


def test_without_unit_yaml_or_with_several_sources_the_rubric_is_asked_for(tmp_path: Path, src: Path):
    phone_photo(800, 600).save(src / "1.jpg", quality=95)
    result = fit(tmp_path / "照片", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "请用 --rubric 指定测评细则" in result.output
    (tmp_path / "照片" / "unit.yaml").write_text("rubric: yiyang-2021\n", encoding="utf-8")
    result = fit(tmp_path / "照片", src / "1.jpg", "-o", tmp_path / "out2")
    assert result.exit_code == 2
    assert "请用 --rubric 指定测评细则" in result.output
