"""`rubric list` from the bundled index: the index must match the validated rubrics, and any file whose
bytes differ from the indexed ones is loaded and validated instead of trusted.

Rewrite the index after editing a bundled rubric:  python tests/test_rubric_catalogue.py
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wenming_cli.errors import InvalidInput
from wenming_cli.rubric import catalogue

REWRITE = "python tests/test_rubric_catalogue.py"


def test_bundled_index_matches_the_validated_rubrics():
    paths = catalogue.bundled_files()
    assert [p.stem for p in paths] == ["yiyang-2021", "yueyang-2022"]
    index_file = catalogue.bundled_dir() / catalogue.INDEX_NAME
    assert index_file.is_file(), f"{index_file} is missing: run {REWRITE}"
    assert index_file.read_text(encoding="utf-8") == catalogue.index_text(paths), (
        f"{index_file} no longer matches the bundled rubrics: run {REWRITE}"
    )


def test_summaries_come_from_the_index_only_while_the_bytes_match(tmp_path, monkeypatch):
    folder = tmp_path / "rubrics"
    shutil.copytree(catalogue.bundled_dir(), folder)
    paths = sorted(folder.glob("*.yaml"))
    loaded: list[str] = []
    real = catalogue.computed_summary

    def counting(path: Path):
        loaded.append(path.name)
        return real(path)

    monkeypatch.setattr(catalogue, "computed_summary", counting)
    assert catalogue.summaries(paths) == [real(p) for p in paths]
    assert loaded == []  # served from the index

    # An edited rubric (a different edition) is loaded and its own summary shown, not the indexed one.
    edited = folder / "yueyang-2022.yaml"
    text = edited.read_text(encoding="utf-8")
    old = json.loads((folder / "index.json").read_text(encoding="utf-8"))["rubrics"][edited.name]
    edition = old["summary"]["edition"]
    assert f"edition: {edition}" in text
    edited.write_text(text.replace(f"edition: {edition}", "edition: 2099年版", 1), encoding="utf-8")
    rows = catalogue.summaries(paths)
    assert loaded == ["yueyang-2022.yaml"]
    assert rows[1]["edition"] == "2099年版"

    # A broken rubric with matching-looking name is never trusted: it fails validation as before.
    edited.write_text(text.replace("total_points:", "total_points_typo:", 1), encoding="utf-8")
    with pytest.raises(InvalidInput):
        catalogue.summaries(paths)


@pytest.mark.parametrize("content", ["", "{not json", '{"version": 99, "rubrics": {}}', '{"version": 1}'])
def test_a_missing_or_foreign_index_means_loading_every_rubric(tmp_path, content):
    folder = tmp_path / "rubrics"
    shutil.copytree(catalogue.bundled_dir(), folder)
    index = folder / "index.json"
    if content:
        index.write_text(content, encoding="utf-8")
    else:
        index.unlink()
    paths = sorted(folder.glob("*.yaml"))
    assert catalogue.read_index(folder) == {}
    assert catalogue.summaries(paths) == [catalogue.computed_summary(p) for p in paths]


def test_rubric_list_reads_neither_yaml_nor_the_models():
    # No option given: typer itself builds a pydantic adapter for any option value it coerces.
    code = (
        "import sys\n"
        "from wenming_cli.cli.run import run\n"
        "code = run(['rubric', 'list'])\n"
        "heavy = sorted(m for m in ('yaml', 'pydantic', 'wenming_cli.models.rubric') if m in sys.modules)\n"
        "sys.stderr.write(repr(heavy))\n"
        "sys.exit(code)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().endswith("[]"), proc.stderr
    header, *rows = [line.split("\t") for line in proc.stdout.splitlines()]  # a pipe: plain text
    assert header[:5] == ["id", "城市", "版本", "测评项目", "测评标准"]
    assert [(r[0], r[4]) for r in rows] == [("yiyang-2021", "44"), ("yueyang-2022", "31")]


if __name__ == "__main__":
    target = catalogue.bundled_dir() / catalogue.INDEX_NAME
    target.write_text(catalogue.index_text(catalogue.bundled_files()), encoding="utf-8", newline="\n")
    print(f"wrote {target}")
