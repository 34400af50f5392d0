"""Every value's and key's line and column, worked out from the parsed nodes when a problem needs them."""

from __future__ import annotations

from pathlib import Path

from wenming_cli.models.rubric import Rubric
from wenming_cli.rubric import loader, registry
from wenming_cli.rubric.yamlsource import Mark, load_yaml

ANCHORS = """\
base: &b
  x: 1
  y: [1, 2, {z: 3}]
other:
  <<: *b
  w: 中文
list:
  - *b
  - {<<: [*b], q: 2}
  - - nested
    - 2021-10-31
"22.10": 3
"""


def test_marks_follow_merges_aliases_and_lists(tmp_path: Path) -> None:
    path = tmp_path / "anchors.yaml"
    path.write_text(ANCHORS, encoding="utf-8")
    doc = load_yaml(path)
    assert doc.marks[()] == Mark(1, 1)
    assert doc.marks[("other", "x")] == Mark(2, 6) and doc.key_marks[("other", "x")] == Mark(2, 3)
    assert doc.marks[("other", "w")] == Mark(6, 6) and doc.key_marks[("other", "w")] == Mark(6, 3)
    assert doc.marks[("list", 1, "q")] == Mark(9, 19) and doc.key_marks[("list", 1, "q")] == Mark(9, 16)
    assert doc.marks[("list", 1, "x")] == Mark(2, 6)  # merged from the anchor: where it is written
    assert doc.marks[("list", 2, 1)] == Mark(11, 7) and ("list", 2, 1) not in doc.key_marks
    assert doc.marks[("22.10",)] == Mark(12, 10) and doc.key_marks[("22.10",)] == Mark(12, 1)
    assert doc.mark_for(("list", 1, "missing")) == Mark(9, 5)  # a missing key points at its mapping
    assert set(doc.marks) == {(), *_paths(doc.data)}


def _paths(value, path=()):  # noqa: ANN001, ANN202
    if isinstance(value, dict):
        for key, child in value.items():
            yield (*path, key)
            yield from _paths(child, (*path, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield (*path, i)
            yield from _paths(child, (*path, i))


def test_a_valid_rubric_never_works_out_its_marks() -> None:
    """Start-up: the bundled rubrics have no problems, so loading them builds no mark at all."""
    for path in registry.bundled_files():
        doc, problems = loader.read_document(path)
        assert doc is not None and problems == []
        rubric, problems = loader.validate_document(doc, Rubric)
        assert rubric is not None and problems == []
        assert doc._marks is None and doc._key_marks is None
