"""Every fast path finds what the slow path finds: header pass, cached re-run, full pass, the index.

Faults generated here: a truncated JPEG, a PNG named .jpg, an empty file, an unknown file, three copies
of one photo, a re-encoded copy; valid look-alikes that must stay clean: progressive, CMYK and
EXIF-rotated JPEGs with their header beyond the first 64 KB or not.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from evidence_factory import picture, write, yiyang_caption
from PIL import Image

from wenming_cli.checks import photos
from wenming_cli.checks.engine import run_check
from wenming_cli.checks.hashindex import HashIndex
from wenming_cli.evidence import cache as cache_module
from wenming_cli.evidence.reader import ReadTask, read_file

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2021, 12, 1)
TAKEN = dt.datetime(2021, 5, 12, 9, 30)
WATCHED = (
    "PHOTO-TRUNCATED",
    "PHOTO-CORRUPT",
    "PHOTO-DUPLICATE",
    "PHOTO-FILED-TWICE",
    "PHOTO-NEAR-DUPLICATE",
    "FILE-",
    "PHOTO-EXIF-MISSING",
)


def _jpeg(
    seed: int,
    *,
    mode: str = "RGB",
    progressive: bool = False,
    orientation: int | None = None,
    quality: int = 90,
    size: tuple[int, int] = (640, 480),
) -> bytes:
    img = picture(seed, size).convert(mode)
    exif = Image.Exif()
    exif[0x010F] = "HUAWEI"
    exif[0x0110] = f"P{seed}"  # a camera per photo: no PHOTO-SAME-EVENT between activities
    exif.get_ifd(0x8769)[0x9003] = TAKEN.strftime("%Y:%m:%d %H:%M:%S")
    if orientation is not None:
        exif[0x0112] = orientation
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality, progressive=progressive, exif=exif.tobytes())
    return out.getvalue()


def _activity(root: Path, name: str, files: dict[str, bytes]) -> None:
    folder = root / "21 文明行为习惯" / f"2021-05-12 {name}"
    for file_name, data in files.items():
        write(folder / file_name, data)
    write(folder / "活动说明.txt", yiyang_caption("2021年5月12日", f"益阳市2021年市委党校{name}"))


@pytest.fixture
def faults(tmp_path: Path) -> tuple[Path, dict[str, set[str]], dict[str, set[str]]]:
    """A tree of faults and look-alikes; returns (root, expected quick findings, expected full)."""
    root = tmp_path / "evidence"
    root.mkdir()
    shutil.copy(ROOT / "examples" / "yiyang-party-school" / "unit.yaml", root / "unit.yaml")
    big = _jpeg(7, size=(1600, 1200))
    cut = big[: len(big) * 3 // 5]
    png = io.BytesIO()
    picture(9, (200, 150)).save(png, "PNG")
    copy = _jpeg(11)
    recoded = io.BytesIO()
    Image.open(io.BytesIO(copy)).save(
        recoded, "JPEG", quality=70, exif=Image.open(io.BytesIO(copy)).getexif()
    )
    _activity(
        root, "活动一", {"1.jpg": _jpeg(1, progressive=True), "2.jpg": _jpeg(2, mode="CMYK"), "3.jpg": copy}
    )
    _activity(root, "活动二", {"1.jpg": _jpeg(3, orientation=6), "2.jpg": cut, "3.jpg": copy})
    _activity(root, "活动三", {"1.jpg": png.getvalue(), "2.jpg": copy, "3.jpg": copy})
    _activity(root, "活动四", {"1.jpg": recoded.getvalue(), "2.jpg": b"", "3.bin": os.urandom(300)})
    a1, a2, a3, a4 = (f"21 文明行为习惯/2021-05-12 {n}" for n in ("活动一", "活动二", "活动三", "活动四"))
    common = {
        f"{a2}/2.jpg": {"PHOTO-TRUNCATED"},
        f"{a3}/1.jpg": {"FILE-TYPE-MISMATCH", "PHOTO-EXIF-MISSING"},
        f"{a2}/3.jpg": {"PHOTO-DUPLICATE"},
        f"{a3}/2.jpg": {"PHOTO-DUPLICATE"},
        f"{a3}/3.jpg": {"PHOTO-DUPLICATE"},
        f"{a4}/2.jpg": {"FILE-EMPTY"},
        f"{a4}/3.bin": {"FILE-UNKNOWN-TYPE"},
    }
    full = {k: set(v) for k, v in common.items()}
    full[f"{a2}/2.jpg"] |= {"PHOTO-CORRUPT"}
    full[f"{a4}/1.jpg"] = {"PHOTO-NEAR-DUPLICATE"}
    assert a1  # the progressive, CMYK and first copy stay clean
    return root, common, full


def _watched(root: Path, **kw) -> tuple[dict[str, set[str]], object]:
    result, _, _ = run_check(root, as_of=AS_OF, **kw)
    found: dict[str, set[str]] = {}
    for f in result.findings:
        if f.path and f.code.startswith(WATCHED):
            found.setdefault(f.path, set()).add(f.code)
    return found, result.stats


@pytest.mark.parametrize("workers", [1, 2])
def test_header_pass_cached_rerun_and_full_pass_find_exactly_the_faults(faults, workers) -> None:
    root, quick_expected, full_expected = faults
    quick, stats = _watched(root, quick=True, workers=workers)
    assert quick == quick_expected and stats.from_cache == 0
    again, stats = _watched(root, quick=True, workers=workers)
    assert again == quick_expected and stats.from_cache == stats.files
    full, stats = _watched(root, workers=workers)
    assert full == full_expected and stats.from_cache == 0  # the full pass has its own entries
    again, stats = _watched(root, workers=workers)
    assert again == full_expected and stats.from_cache == stats.files
    uncached, stats = _watched(root, workers=workers, cache=False)
    assert uncached == full_expected and stats.from_cache == 0


def test_cache_never_serves_a_photo_rewritten_in_place_with_same_size_and_mtime(faults) -> None:
    root, _, _ = faults
    photo = root / "21 文明行为习惯" / "2021-05-12 活动一" / "1.jpg"
    before = os.stat(photo)
    assert photo.as_posix().split("evidence/")[1] not in _watched(root)[0]
    data = photo.read_bytes()
    with open(photo, "r+b") as handle:  # same inode, same size: the end-of-image marker is gone
        handle.write(data[:-4096] + bytes(4096))
    os.utime(photo, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(photo)
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    found, stats = _watched(root)
    assert found["21 文明行为习惯/2021-05-12 活动一/1.jpg"] == {"PHOTO-TRUNCATED", "PHOTO-CORRUPT"}
    assert stats.from_cache == stats.files - 1


def test_cache_key_hashes_the_edges_even_when_every_stamp_matches(faults, monkeypatch) -> None:
    """Where the change time cannot tell (other systems), the first and last 64 KB still do."""
    root, _, _ = faults
    monkeypatch.setattr(cache_module, "_stamp", lambda st: (st.st_size, st.st_mtime_ns, st.st_ino, 0))
    _watched(root)
    photo = root / "21 文明行为习惯" / "2021-05-12 活动一" / "2.jpg"
    before = os.stat(photo)
    data = photo.read_bytes()
    photo.write_bytes(data[:-4096] + bytes(4096))
    os.utime(photo, ns=(before.st_atime_ns, before.st_mtime_ns))
    found, _ = _watched(root)
    assert "PHOTO-TRUNCATED" in found["21 文明行为习惯/2021-05-12 活动一/2.jpg"]


def test_cache_lives_outside_the_evidence_folder(faults, monkeypatch) -> None:
    root, _, _ = faults
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    monkeypatch.setenv(cache_module.ENV_DIR, str(root / "cache"))  # asked to cache inside: refused
    _, stats = _watched(root)
    _, stats = _watched(root)
    assert stats.from_cache == 0
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_a_large_file_no_rule_reads_is_never_read_whole(tmp_path: Path) -> None:
    video = tmp_path / "活动视频.mp4"
    with open(video, "wb") as handle:
        handle.write(b"\x00\x00\x00\x18ftypmp42" + bytes(100))
        handle.truncate(300 * 2**20)  # sparse: 300 MB on paper, nothing on disk
    tracemalloc.start()
    facts = read_file(ReadTask(str(video), video.name, full=True))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert facts.content_type == "mp4" and facts.size == 300 * 2**20 and facts.sha256 is None
    assert peak < 2 * 2**20


def test_the_header_pass_reads_a_photo_only_at_its_edges(tmp_path: Path) -> None:
    path = tmp_path / "1.jpg"
    path.write_bytes(_jpeg(5, size=(2400, 1800), quality=95))
    assert path.stat().st_size > 4 * 65536
    tracemalloc.start()
    facts = read_file(ReadTask(str(path), path.name, full=False))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert facts.photo is not None and (facts.photo.width, facts.photo.height) == (2400, 1800)
    assert facts.photo.captured == TAKEN and not facts.photo.truncated and facts.sha256 is None
    assert peak < path.stat().st_size // 2


def test_scan_gathers_facts_without_importing_the_checks() -> None:
    code = (
        "import sys, wenming_cli.evidence.scan, wenming_cli.evidence.cache\n"
        "print(sorted(m for m in sys.modules if m.startswith('wenming_cli.checks')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- the near-duplicate index ------------------------------------------------------------------------


def _pairwise(hashes: list[int], radius: int) -> list[tuple[int, int, int]]:
    return [
        (i, j, (a ^ b).bit_count())
        for j, b in enumerate(hashes)
        for i, a in enumerate(hashes[:j])
        if (a ^ b).bit_count() <= radius
    ]


@pytest.mark.parametrize("radius", [0, 3, 7, 10, 12, 15])
def test_index_finds_exactly_what_pairwise_comparison_finds(radius: int) -> None:
    rng = random.Random(radius)
    hashes: list[int] = []
    for _ in range(150):  # clusters: each a centre and copies a few bits away, plus lone hashes
        centre = rng.getrandbits(64)
        hashes.append(centre)
        for _ in range(rng.randrange(4)):
            flipped = centre
            for bit in rng.sample(range(64), rng.randrange(radius + 4)):
                flipped ^= 1 << bit
            hashes.append(flipped)
    rng.shuffle(hashes)
    assert photos.near_duplicate_pairs(hashes, radius) == _pairwise(hashes, radius)


def test_index_rejects_a_radius_outside_the_hash() -> None:
    with pytest.raises(ValueError):
        HashIndex(64)


@pytest.mark.parametrize("quick", [True, False])
def test_a_check_opens_each_photo_once(faults, monkeypatch, quick: bool) -> None:
    """Photos are read once: the scan gathers their facts (edges or pixels); no check reopens them."""
    import builtins
    from collections import Counter

    root, _, _ = faults
    opened: Counter[str] = Counter()
    real_os_open, real_open = os.open, builtins.open

    def counting_os_open(path, *args, **kwargs):
        opened[str(path)] += 1
        return real_os_open(path, *args, **kwargs)

    def counting_open(file, *args, **kwargs):
        if isinstance(file, (str, Path)):
            opened[str(file)] += 1
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", counting_os_open)
    monkeypatch.setattr(builtins, "open", counting_open)
    monkeypatch.setattr(io, "open", counting_open)  # Path.read_bytes and friends
    run_check(root, as_of=dt.date(2021, 7, 10), quick=quick, workers=1, cache=False)
    photos = {str(p): opened[str(p)] for p in root.rglob("*.jpg")}
    assert photos and all(n == 1 for n in photos.values()), photos


def test_reading_a_header_builds_no_validator() -> None:
    """Worker processes read headers: building PhotoInfo's validator there cost each worker ~20 ms for its
    first photo off the plain-JPEG path (a PNG, a photo Pillow reads)."""
    import subprocess
    import sys

    code = (
        "import io\n"
        "from PIL import Image\n"
        "from wenming_cli.evidence.photo import header_info\n"
        "from wenming_cli.models.inventory import PhotoInfo\n"
        "png = io.BytesIO(); Image.new('RGB', (40, 30)).save(png, 'PNG')\n"
        "info = header_info(png.getvalue(), 'png')\n"
        "assert (info.format, info.width, info.height) == ('png', 40, 30), info\n"
        "assert header_info(b'not an image', 'png').decode_error\n"
        "assert not PhotoInfo.__pydantic_complete__, 'validator built'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
