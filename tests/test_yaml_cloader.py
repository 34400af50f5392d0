"""libyaml's C loader reads the rubrics exactly as the pure-Python loader does, marks included, and a
broken file is still reported with its line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from wenming_cli.rubric import yamlsource

ROOT = Path(__file__).resolve().parents[1]


def _python_only(path: Path, monkeypatch) -> yamlsource.YamlDocument:
    with monkeypatch.context() as m:
        m.setattr(yamlsource, "_CLoader", None)
        return yamlsource.load_yaml(path)


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml: only the Python loader exists")
@pytest.mark.parametrize("name", ["yiyang-2021.yaml", "yueyang-2022.yaml"])
def test_c_loader_gives_the_same_data_and_marks(name: str, monkeypatch) -> None:
    path = ROOT / "rubrics" / name
    fast = yamlsource.load_yaml(path)
    slow = _python_only(path, monkeypatch)
    assert fast.data == slow.data and fast.marks == slow.marks and len(fast.marks) > 100


def test_a_syntax_error_keeps_its_line_and_column(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\nstandards:\n  - number: 1\n    title: a: b\n", encoding="utf-8")
    with pytest.raises(yamlsource.YamlProblem) as fast:
        yamlsource.load_yaml(path)
    with pytest.raises(yamlsource.YamlProblem) as slow:
        _python_only(path, monkeypatch)
    assert fast.value.mark == slow.value.mark and fast.value.mark.line == 4
    assert fast.value.message == slow.value.message
