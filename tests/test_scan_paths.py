"""The scan's shortcuts keep its answers: edge hashes only where a copy is possible, the string walk."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from evidence_factory import jpeg_bytes, write, yiyang_caption

from wenming_cli.checks.engine import run_check
from wenming_cli.evidence.scan import scan
from wenming_cli.evidence.walk import rel, walk

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2021, 12, 1)
TAKEN = dt.datetime(2021, 5, 12, 9, 30)


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "evidence"
    root.mkdir()
    shutil.copy(ROOT / "examples" / "yiyang-party-school" / "unit.yaml", root / "unit.yaml")
    for n, (name, theme) in enumerate((("活动一", "读书会"), ("活动二", "志愿服务"))):
        folder = root / "21 文明行为习惯" / f"2021-05-12 {name}"
        # One camera, one minute: the same event filed twice. Sizes differ, so no edge is hashed.
        write(folder / "1.jpg", jpeg_bytes(n + 1, size=1_700_000 + n * 1000, taken=TAKEN))
        write(folder / "活动说明.txt", yiyang_caption("2021年5月12日", f"益阳市2021年市委党校{theme}"))
    return root


@pytest.mark.parametrize("quick", [True, False])
def test_same_event_is_found_when_no_edge_was_hashed(tmp_path: Path, quick: bool) -> None:
    """Photos of different sizes carry no edge hash without a cache: that must not make them "the same
    content" (which hid every PHOTO-SAME-EVENT of the quick pass)."""
    root = _tree(tmp_path)
    result, _, _ = run_check(root, as_of=AS_OF, quick=quick, cache=False, workers=1)
    codes = [f.code for f in result.findings if f.path and f.path.endswith("1.jpg")]
    assert codes.count("PHOTO-SAME-EVENT") == 1


def test_edges_are_hashed_only_where_a_copy_is_possible_without_a_cache(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    folder = root / "21 文明行为习惯" / "2021-05-12 活动一"
    shutil.copy(folder / "1.jpg", folder / "2.jpg")  # same size as 1.jpg
    out = scan(root, {"21": "standard"}, full=False, workers=1)
    hashed = {f.path.split(" ", 2)[-1]: f.fingerprint for f in out.inventory.files}
    assert hashed["活动一/1.jpg"] is not None and hashed["活动一/1.jpg"] == hashed["活动一/2.jpg"]
    assert hashed["活动二/1.jpg"] is None

    class Everything:  # a cache that never hits: every file needs its key
        def get(self, path, full):
            return None

        def put_many(self, items):
            list(items)

    out = scan(root, {"21": "standard"}, full=False, workers=1, cache=Everything())
    assert all(f.fingerprint is not None for f in out.inventory.files)


def test_walk_shows_the_same_paths_as_rel(tmp_path: Path) -> None:
    root = (tmp_path / "evidence").resolve()
    names = ["21 文明行为习惯/2021-05-12 活动/1.jpg", "21 文明行为习惯/正式发文/a b.pdf", "22 志愿/x/y/z.txt"]
    if sys.platform.startswith("linux"):
        names.append(os.fsdecode(b"21 x/bad\xff name.jpg"))
    for name in names:
        write(root / name, b"x")
    entries = walk(root, [], ("21", "22"))
    assert [e.relpath for e in entries] == [rel(root, Path(e.path)) for e in entries]
    assert sorted(e.relpath for e in entries) == sorted(rel(root, root / n) for n in names)
    assert all(e.size == 1 for e in entries)


def test_header_pass_over_processes_gathers_the_same_facts(tmp_path: Path, monkeypatch) -> None:
    root = _tree(tmp_path)
    folder = root / "21 文明行为习惯" / "2021-05-12 活动一"
    for n in range(2, 12):
        write(folder / f"{n}.jpg", jpeg_bytes(n + 10, size=None, taken=TAKEN))
    shutil.copy(folder / "2.jpg", folder / "copy.jpg")
    serial = scan(root, {"21": "standard"}, full=False, workers=1)
    import wenming_cli.evidence.scan as scan_module

    monkeypatch.setattr(scan_module, "_header_pool_pays", lambda files: True)
    pooled = scan(root, {"21": "standard"}, full=False, workers=2)
    assert pooled.inventory == serial.inventory
    assert sum(f.fingerprint is not None for f in pooled.inventory.files) == 2  # the copy and its original


def test_a_cache_miss_reads_no_edges_the_read_hashes_anyway(tmp_path: Path, monkeypatch) -> None:
    """First run with an empty cache: the cache reads no file's edges (the read that follows does);
    second run: it reads every file's edges, and serves them all."""
    from wenming_cli.evidence import cache as cache_module

    monkeypatch.setenv(cache_module.ENV_DIR, str(tmp_path / "cache"))
    root = _tree(tmp_path)
    calls: list[str] = []
    real = cache_module.read_edges
    monkeypatch.setattr(cache_module, "read_edges", lambda handle, size: calls.append("x") or real(handle, size))
    first, _, _ = run_check(root, as_of=AS_OF, quick=True, workers=1)
    assert calls == [] and first.stats.from_cache == 0
    second, _, _ = run_check(root, as_of=AS_OF, quick=True, workers=1)
    assert len(calls) == second.stats.files == second.stats.from_cache > 0
    assert [f.key for f in second.findings] == [f.key for f in first.findings]


def test_the_header_pass_decodes_no_pixel_and_parses_no_pdf_page(tmp_path: Path, monkeypatch) -> None:
    import io

    from PIL import Image, ImageFile

    import wenming_cli.checks.pdfdoc as pdfdoc

    root = _tree(tmp_path)
    folder = root / "21 文明行为习惯" / "2021-05-12 活动一"
    png = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(png, "PNG")  # no EXIF: Pillow would decode to look
    write(folder / "2.jpg", png.getvalue())  # a PNG named .jpg
    write(root / "21 文明行为习惯" / "正式发文" / "2021-03-01 通知.pdf", b"%PDF-1.4\n%%EOF\n")
    decoded: list[str] = []
    real_load = ImageFile.ImageFile.load
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: decoded.append("pixels") or real_load(self))
    monkeypatch.setattr(pdfdoc, "analyse_pdf", lambda *a, **k: decoded.append("pdf"))
    result, _, _ = run_check(root, as_of=AS_OF, quick=True, cache=False, workers=1)
    assert decoded == [] and result.stats.files >= 4
    assert "FILE-TYPE-MISMATCH" in {f.code for f in result.findings}


def test_edge_hints_read_nothing_and_never_wait_on_a_fifo(tmp_path: Path, monkeypatch) -> None:
    from wenming_cli.evidence import prefetch

    files = [write(tmp_path / f"{n}.jpg", bytes(200_000 if n % 2 else 10)) for n in range(6)]
    paths = [str(p) for p in files] + [str(tmp_path / "missing.jpg"), str(tmp_path)]
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.jpg")
        paths.append(str(tmp_path / "pipe.jpg"))
    monkeypatch.setattr(os, "read", lambda *a: pytest.fail("a hint must not read"))
    expected = 6 if hasattr(os, "posix_fadvise") else 0
    hinted = prefetch.hint_edges(paths) if hasattr(os, "posix_fadvise") else 0
    assert hinted == expected
    with prefetch.edge_prefetch(paths * 20):  # starts (where it can) and stops with the block
        pass


def test_edge_hints_skip_a_warm_folder_and_run_on_a_cold_one(tmp_path: Path, monkeypatch) -> None:
    from wenming_cli.evidence import prefetch

    paths = [str(write(tmp_path / f"{n}.jpg", bytes(150_000))) for n in range(prefetch.MIN_FILES)]
    hinted: list[int] = []
    monkeypatch.setattr(prefetch, "hint_edges", lambda p, stop=None: hinted.append(len(p)))
    if not (hasattr(os, "posix_fadvise") and hasattr(os, "RWF_NOWAIT")):
        assert prefetch.edges_resident(paths) is False  # cannot tell: hint where hints exist
        return
    assert prefetch.edges_resident(paths)  # just written: in memory
    with prefetch.edge_prefetch(paths):
        pass
    assert hinted == []  # a warm folder is read at once, without the thread

    def on_disk(fd, buffers, offset, flags):
        raise BlockingIOError(11, "would block")

    monkeypatch.setattr(os, "preadv", on_disk)
    assert not prefetch.edges_resident(paths)
    with prefetch.edge_prefetch(paths):
        pass
    for _ in range(100):  # the thread runs on its own; give it a moment
        if hinted:
            break
        time.sleep(0.01)
    assert hinted == [len(paths)]


def test_a_look_alike_of_the_same_size_is_keyed_but_never_a_copy(tmp_path: Path) -> None:
    """Photos sharing a size get the key of their edges, and a different photo of the same size keeps a
    different key: never a PHOTO-DUPLICATE; a real copy is one."""
    root = _tree(tmp_path)
    first = root / "21 文明行为习惯" / "2021-05-12 活动一" / "1.jpg"
    other = root / "21 文明行为习惯" / "2021-05-12 活动二" / "2.jpg"
    write(other, jpeg_bytes(9, size=first.stat().st_size, taken=TAKEN))
    assert other.stat().st_size == first.stat().st_size and other.read_bytes() != first.read_bytes()
    out = scan(root, {"21": "standard"}, full=False, workers=1)
    keys = {f.path.split(" ", 2)[-1]: f.fingerprint for f in out.inventory.files}
    assert keys["活动一/1.jpg"] and keys["活动二/2.jpg"] and keys["活动一/1.jpg"] != keys["活动二/2.jpg"]
    assert keys["活动二/1.jpg"] is None
    result, _, _ = run_check(root, as_of=AS_OF, quick=True, cache=False, workers=1)
    assert "PHOTO-DUPLICATE" not in {f.code for f in result.findings}
    shutil.copy(first, other)  # now a real copy, in another activity
    result, _, _ = run_check(root, as_of=AS_OF, quick=True, cache=False, workers=1)
    assert [f.path for f in result.findings if f.code == "PHOTO-DUPLICATE"] == [
        "21 文明行为习惯/2021-05-12 活动二/2.jpg"
    ]


def test_the_scan_pauses_the_cycle_collector_and_gives_it_back(tmp_path: Path, monkeypatch) -> None:
    import gc

    from wenming_cli.evidence import scan as scan_module

    root = _tree(tmp_path)
    seen: list[bool] = []
    real_read = scan_module.read_file
    monkeypatch.setattr(scan_module, "read_file", lambda task: seen.append(gc.isenabled()) or real_read(task))
    assert gc.isenabled()
    scan(root, {"21": "standard"}, full=False, workers=1)
    assert seen and not any(seen)  # paused while the facts came in
    assert gc.isenabled()  # and on again after
    gc.disable()  # a caller who switched it off keeps it off
    try:
        scan(root, {"21": "standard"}, full=False, workers=1)
        assert not gc.isenabled()
    finally:
        gc.enable()

    def broken(task):
        raise RuntimeError("a reader failed")

    monkeypatch.setattr(scan_module, "read_file", broken)
    with pytest.raises(RuntimeError):
        scan(root, {"21": "standard"}, full=False, workers=1)
    assert gc.isenabled()


def test_a_worker_runs_its_cycle_collector_even_when_forked_during_the_pause() -> None:
    import gc
    import signal

    from wenming_cli import workers

    handler = signal.getsignal(signal.SIGINT)
    gc.disable()
    try:
        workers._ignore_sigint()  # what every worker runs first
        assert gc.isenabled()
    finally:
        signal.signal(signal.SIGINT, handler)
        gc.enable()
