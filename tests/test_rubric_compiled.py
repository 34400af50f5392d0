"""Validated rubrics and unit plans are kept between runs by their bytes: the same result, never stale,
never in the way."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wenming_cli.errors import InvalidInput
from wenming_cli.rubric import compiled, loader, registry
from wenming_cli.rubric.loader import load_rubric_file

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = registry.rubric_path("yiyang-2021")
EXAMPLE_PLAN = ROOT / "examples" / "yiyang-party-school" / "unit.yaml"


def _fresh_process() -> None:
    registry._load_cached.cache_clear()  # what a new run starts with


def _entries(kind: str = "") -> list[Path]:
    folder = compiled.cache_dir() / compiled.FOLDER
    return sorted(folder.glob(f"{kind}*.pickle")) if folder.exists() else []


def _no_yaml(monkeypatch) -> None:
    monkeypatch.setattr(loader, "load_rubric_file", lambda path: pytest.fail("rubric YAML parsed again"))
    monkeypatch.setattr(loader, "load_unit_file", lambda path, r: pytest.fail("unit.yaml parsed again"))


def test_second_run_takes_the_kept_model_and_it_equals_the_yaml(monkeypatch) -> None:
    _fresh_process()
    first = registry.load_rubric("yiyang-2021")
    assert len(_entries("rubric")) == 1
    _fresh_process()
    _no_yaml(monkeypatch)
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
    (entry,) = _entries("rubric")
    entry.write_bytes(b"not a pickle")
    _fresh_process()
    assert registry.load_rubric("yiyang-2021").city == "益阳市"
    assert entry.read_bytes() != b"not a pickle"


def test_other_code_does_not_take_the_entry(monkeypatch) -> None:
    _fresh_process()
    registry.load_rubric("yiyang-2021")
    key = compiled.digest(BUNDLED.read_bytes())
    assert compiled.recall("rubric", key) is not None
    monkeypatch.setattr(compiled, "code_stamp", lambda: "another-model-version")
    assert compiled.recall("rubric", key) is None


def test_an_unusable_cache_folder_steps_aside(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("WENMING_CACHE_DIR", str(blocker))
    _fresh_process()
    assert registry.load_rubric("yiyang-2021").city == "益阳市"
    plan, rubric, _ = registry.load_unit_plan(EXAMPLE_PLAN)
    assert rubric.city == "益阳市" and plan.unit.name


def test_a_rubric_with_errors_is_never_kept(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BUNDLED.read_text(encoding="utf-8").replace("total_points:", "total_pointz:", 1), "utf-8")
    _fresh_process()
    with pytest.raises(InvalidInput):
        registry.load_rubric(str(broken))
    assert _entries() == []


def _plan_beside(tmp_path: Path, rubric_ref: str | None = None) -> Path:
    plan = tmp_path / "unit.yaml"
    text = EXAMPLE_PLAN.read_text(encoding="utf-8")
    if rubric_ref is not None:
        text = text.replace("rubric: yiyang-2021", f"rubric: {rubric_ref}", 1)
        assert f"rubric: {rubric_ref}" in text
    plan.write_text(text, encoding="utf-8")
    return plan


def test_a_kept_unit_plan_comes_back_with_its_warnings(tmp_path: Path, monkeypatch) -> None:
    plan_file = _plan_beside(tmp_path)
    _fresh_process()
    first = registry.load_unit_plan(plan_file)
    assert len(_entries("plan")) == 1
    _fresh_process()
    _no_yaml(monkeypatch)
    again = registry.load_unit_plan(plan_file)
    assert again[0] == first[0] and again[1] == first[1]
    assert [(p.line, p.message, p.severity) for p in again[2]] == [
        (p.line, p.message, p.severity) for p in first[2]
    ]


def test_a_plan_is_checked_again_when_its_rubric_changes(tmp_path: Path) -> None:
    own_rubric = tmp_path / "my-rubric.yaml"
    shutil.copy(BUNDLED, own_rubric)
    plan_file = _plan_beside(tmp_path, "my-rubric.yaml")
    _fresh_process()
    plan, rubric, _ = registry.load_unit_plan(plan_file)
    assert rubric.city == "益阳市"
    own_rubric.write_text(
        own_rubric.read_text(encoding="utf-8").replace(f"city: {rubric.city}", "city: 测试市", 1), "utf-8"
    )
    _fresh_process()
    _, rubric, _ = registry.load_unit_plan(plan_file)
    assert rubric.city == "测试市"
    plan_file.write_text(plan_file.read_text(encoding="utf-8") + "\nnot: [valid\n", encoding="utf-8")
    _fresh_process()
    with pytest.raises(InvalidInput):  # an edited plan is read again, errors and all
        registry.load_unit_plan(plan_file)


def test_a_check_with_everything_kept_never_imports_the_yaml_parser(tmp_path: Path) -> None:
    env = dict(os.environ, WENMING_CACHE_DIR=str(tmp_path / "cache"))
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    shutil.copy(EXAMPLE_PLAN, evidence / "unit.yaml")
    code = (
        "import sys\n"
        "from wenming_cli.cli.run import run\n"
        f"run(['check', {str(evidence)!r}, '--quick', '--as-of', '2021-12-01', '--format', 'json', '-o',"
        f" {str(tmp_path / 'out.json')!r}, '--force'])\n"
        "print('yaml' in sys.modules)\n"
    )
    outputs = [
        subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
        for _ in range(2)
    ]
    assert [o.stdout.strip().splitlines()[-1] for o in outputs] == ["True", "False"], outputs


def test_nothing_is_kept_inside_an_evidence_folder(tmp_path: Path, monkeypatch) -> None:
    import datetime as dt

    from wenming_cli.checks.engine import run_check

    evidence = tmp_path / "evidence"
    (evidence / "21 文明行为习惯").mkdir(parents=True)
    monkeypatch.setenv("WENMING_CACHE_DIR", str(evidence / "缓存"))  # asked to cache inside: refused
    _fresh_process()
    run_check(evidence, rubric_ref="yiyang-2021", as_of=dt.date(2021, 12, 1), quick=True)
    shutil.copy(EXAMPLE_PLAN, evidence / "unit.yaml")
    _fresh_process()
    run_check(evidence, as_of=dt.date(2021, 12, 1), quick=True)
    assert sorted(p.name for p in evidence.iterdir()) == ["21 文明行为习惯", "unit.yaml"]


def test_old_entries_are_pruned_to_the_newest(monkeypatch) -> None:
    monkeypatch.setattr(compiled, "KEEP", 3)
    for n in range(5):
        compiled.remember("plan", f"k{n}", ("value", n))
        entry = compiled.entry_for("plan", f"k{n}")
        os.utime(entry, ns=(n * 10**9, n * 10**9))  # written one after the other
    compiled.remember("plan", "k5", ("value", 5))
    assert len(_entries("plan")) == 3
    assert compiled.recall("plan", "k5") == ("value", 5) and compiled.recall("plan", "k0") is None
