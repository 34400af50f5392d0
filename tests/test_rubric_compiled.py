"""Validated rubrics are kept between runs by their bytes: same model, never stale, never in the way."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from wenming_cli.errors import InvalidInput
from wenming_cli.rubric import compiled, registry
from wenming_cli.rubric.loader import load_rubric_file

BUNDLED = registry.rubric_path("yiyang-2021")


def _fresh_process() -> None:
    registry._load_cached.cache_clear()  # what a new run starts with


def _entries() -> list[Path]:
    folder = compiled.cache_dir() / compiled.FOLDER
    return sorted(folder.glob("*.pickle")) if folder.exists() else []


def test_second_run_takes_the_kept_model_and_it_equals_the_yaml(monkeypatch) -> None:
    _fresh_process()
    first = registry.load_rubric("yiyang-2021")
    assert len(_entries()) == 1
    _fresh_process()
    monkeypatch.setattr(registry, "load_rubric_file", lambda path: pytest.fail("YAML parsed again"))
    again = registry.load_rubric("yiyang-2021")
    assert again == first == load_rubric_file(BUNDLED).model
    assert again.subject_order("22") == first.subject_order("22")


def test_a_rewrite_with_the_same_size_and_time_is_read_again(tmp_path: Path) -> None:
    own = tmp_path / "my.yaml"
    shutil.copy(BUNDLED, own)
    _fresh_process()
    before = registry.load_rubric(str(own))
    text = own.read_text(encoding="utf-8")
    assert before.city in text
    info = own.stat()
    changed = text.replace(f"city: {before.city}", "city: 测试市", 1)
    assert len(changed.encode("utf-8")) == len(text.encode("utf-8")) and changed != text
    own.write_text(changed, encoding="utf-8")
    os.utime(own, ns=(info.st_atime_ns, info.st_mtime_ns))  # same size, same modification time
    _fresh_process()
    assert registry.load_rubric(str(own)).city == "测试市"


def test_damaged_entry_is_a_miss_and_is_replaced() -> None:
    _fresh_process()
    registry.load_rubric("yiyang-2021")
    (entry,) = _entries()
    entry.write_bytes(b"not a pickle")
    _fresh_process()
    assert registry.load_rubric("yiyang-2021").city == "益阳市"
    assert entry.read_bytes() != b"not a pickle"


def test_other_code_does_not_take_the_entry(monkeypatch) -> None:
    _fresh_process()
    registry.load_rubric("yiyang-2021")
    monkeypatch.setattr(compiled, "code_stamp", lambda: "another-model-version")
    assert compiled.recall(BUNDLED.read_bytes()) is None


def test_an_unusable_cache_folder_steps_aside(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("WENMING_CACHE_DIR", str(blocker))
    _fresh_process()
    assert registry.load_rubric("yiyang-2021").city == "益阳市"


def test_a_rubric_with_errors_is_never_kept(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BUNDLED.read_text(encoding="utf-8").replace("total_points:", "total_pointz:", 1), "utf-8")
    _fresh_process()
    with pytest.raises(InvalidInput):
        registry.load_rubric(str(broken))
    assert compiled.recall(broken.read_bytes()) is None
    assert _entries() == []
