"""`--format html` read back: structure and counts equal to the JSON output, nothing external, previews
only for files with findings, nothing written into the evidence folder."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from evidence_factory import activity, jpeg_bytes, picture, write, yiyang_caption
from PIL import Image
from typer.testing import CliRunner

from wenming_cli.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
YIYANG_PLAN = ROOT / "examples" / "yiyang-party-school" / "unit.yaml"
THEME = "益阳市2021年中共益阳市委党校"
runner = CliRunner()


class Tree(HTMLParser):
    """Every start tag with its attributes, and the text of the page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.stack: list[tuple[str, dict[str, str], list[str]]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data):  # noqa: ANN001
        self.text.append(data)

    def having(self, tag: str, cls: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag and cls in a.get("class", "").split()]


def snapshot(root: Path) -> list[tuple[str, int, int]]:
    return sorted(
        (p.relative_to(root).as_posix(), p.stat().st_mtime_ns, p.stat().st_size) for p in root.rglob("*")
    )


@pytest.fixture(scope="module")
def evidence(tmp_path_factory) -> Path:  # noqa: ANN001
    """Yiyang evidence with a clean activity, a near duplicate, an oversized photo and an unsealed PDF."""
    root = tmp_path_factory.mktemp("html") / "evidence"
    root.mkdir()
    shutil.copy(YIYANG_PLAN, root / "unit.yaml")

    def taken(day: str) -> dt.datetime:  # one camera, different days: no "same event" finding
        return dt.datetime.fromisoformat(day + "T09:00")

    activity(
        root,
        "21 文明",
        "2021-05-12 清洁",
        [jpeg_bytes(120, taken=taken("2021-05-12"))],
        yiyang_caption("2021-05-12", THEME + "文明礼仪"),
    )
    big = picture(61, (400, 300))
    activity(
        root,
        "27 普法",
        "2021-06-01 丙",
        [jpeg_bytes(image=big, taken=taken("2021-06-01"))],
        yiyang_caption("2021-06-01", THEME + "普法一"),
    )
    near = big.resize((200, 150))
    activity(
        root,
        "27 普法",
        "2021-07-01 丁",
        [jpeg_bytes(image=near, quality=70, taken=taken("2021-07-01"))],
        yiyang_caption("2021-07-01", THEME + "普法二"),
    )
    activity(
        root,
        "26 文体",
        "2021-05-01 健身",
        [jpeg_bytes(7, size=400_000, taken=taken("2021-05-01"))],
        yiyang_caption("2021-05-01", THEME + "健身"),
    )
    pdf = io.BytesIO()
    Image.new("RGB", (595, 842), "white").save(pdf, "PDF")
    write(root / "10 党风廉政" / "正式发文" / "2021-03-10 责任制.pdf", pdf.getvalue())
    return root


def run(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@pytest.fixture(scope="module")
def pages(evidence: Path, tmp_path_factory) -> dict[str, str]:  # noqa: ANN001
    before = snapshot(evidence)
    out = tmp_path_factory.mktemp("out")
    pages = {}
    for command in ("check", "score", "gaps", "report"):
        target = out / f"{command}.html"
        run([command, str(evidence), "--as-of", "2021-12-01", "-o", str(target)])
        pages[command] = target.read_text(encoding="utf-8")
        pages[command + ".json"] = (
            run([command, str(evidence), "--as-of", "2021-12-01", "--format", "json"])
            if command != "report"
            else ""
        )
    assert snapshot(evidence) == before  # previews are made in memory: nothing written, nothing touched
    return pages


def test_check_page_counts_equal_the_json(pages: dict[str, str]) -> None:
    data = json.loads(pages["check.json"])
    tree = Tree(pages["check"])
    items = tree.having("li", "finding")
    assert len(items) == len(data["findings"])
    for severity in ("error", "warning", "info"):
        expected = sum(1 for f in data["findings"] if f["severity"] == severity)
        assert sum(1 for a in items if a["data-sev"] == severity) == expected
    text = "".join(tree.text)
    errors = sum(1 for f in data["findings"] if f["severity"] == "error")
    assert re.search(rf"错误\s*{errors}\b", text)
    assert f"{data['stats']['subjects_covered']}/{data['stats']['subjects_total']}" in text
    for f in data["findings"]:
        assert f["code"] in text


def test_score_and_gaps_pages_count_equal_the_json(pages: dict[str, str]) -> None:
    card = json.loads(pages["score.json"])
    clauses = [c for cat in card["categories"] for c in cat["clauses"]]
    assert len(Tree(pages["score"]).having("tr", "item")) == len(clauses)
    gaps = json.loads(pages["gaps.json"])
    assert len(Tree(pages["gaps"]).having("article", "gap")) == len(gaps["gaps"])
    assert f"{card['total']}".rstrip("0").rstrip(".") in "".join(Tree(pages["score"]).text)
    report = Tree(pages["report"])
    assert len(report.having("tr", "item")) == len(clauses)
    assert len(report.having("article", "gap")) == len(gaps["gaps"])
    assert "一、基本情况" in "".join(report.text)


def test_nothing_external(pages: dict[str, str]) -> None:
    for name, text in pages.items():
        if name.endswith(".json"):
            continue
        assert not re.search(r"(?i)(https?:|ftp:|//[a-z0-9.-]+\.[a-z]{2,}/|@import|url\()", text), name
        tree = Tree(text)
        for tag, attrs in tree.tags:
            assert tag not in ("link", "iframe", "object", "embed"), name
            if "src" in attrs:
                assert attrs["src"].startswith("data:image/jpeg;base64,"), (name, attrs["src"][:40])
            if "href" in attrs:
                assert attrs["href"].startswith("#"), (name, attrs["href"])
        assert [t for t, a in tree.tags if t == "script" and "src" in a] == []


def test_everything_visible_without_scripts(pages: dict[str, str]) -> None:
    for name in ("check", "score", "gaps", "report"):
        tree = Tree(pages[name])
        hidden = [(t, a.get("id")) for t, a in tree.tags if "hidden" in a]
        assert hidden == [("form", "filters")], name  # only the filter bar, which needs the script


def test_previews_only_for_files_with_findings(pages: dict[str, str]) -> None:
    data = json.loads(pages["check.json"])
    named = {f["path"] for f in data["findings"] if f["path"]}
    for f in data["findings"]:
        named |= set(re.findall(r"“([^”]+\.jpg)”", f["message"]))
    images = [a for t, a in Tree(pages["check"]).tags if t == "img"]
    assert images
    assert {a["alt"] for a in images} <= named
    assert "21 文明/2021-05-12 清洁/1.jpg" not in {a["alt"] for a in images}  # clean: no preview
    for a in images:
        assert len(a["src"]) < 16_000  # a few kilobytes each


def test_near_duplicate_side_by_side_and_pdf_first_page(pages: dict[str, str]) -> None:
    text = pages["check"]
    items = [chunk.split("</li>")[0] for chunk in text.split('<li class="item finding')[1:]]
    near = [item for item in items if "PHOTO-NEAR-DUPLICATE" in item]
    assert len(near) == 1
    alts = re.findall(r'<img src="data:[^"]+" alt="([^"]+)"', near[0])
    assert sorted(alts) == ["27 普法/2021-06-01 丙/1.jpg", "27 普法/2021-07-01 丁/1.jpg"]
    pdf = [a for t, a in Tree(text).tags if t == "img" and a["alt"].endswith(".pdf")]
    assert len(pdf) == 1


def test_html_usage(evidence: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(evidence), "--format", "json", "-o", str(tmp_path / "a.html")])
    assert result.exit_code == 2
    out = tmp_path / "b.htm"
    result = runner.invoke(app, ["gaps", str(evidence), "--as-of", "2021-12-01", "-o", str(out)])
    assert result.exit_code in (0, 1) and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_filters_work_in_headless_chromium(pages: dict[str, str], tmp_path: Path) -> None:
    """The few lines of script, run for real: severity and department narrow the list."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("headless Chromium is not installed (apt-get install chromium)")
    import subprocess

    data = json.loads(pages["gaps.json"])
    department = next(d for g in data["gaps"] if g["severity"] == "error" for d in g["departments"])
    expected = sum(1 for g in data["gaps"] if g["severity"] == "error" and department in g["departments"])
    script = (
        f"<script>for (const [id, v] of [['f-sev', 'error'], ['f-dept', {department!r}]]) {{"
        " const el = document.getElementById(id); el.value = v;"
        " el.dispatchEvent(new Event('change', {bubbles: true})); }</script></body>"
    )
    page = tmp_path / "filtered.html"
    page.write_text(pages["gaps"].replace("</body>", script), encoding="utf-8")
    dom = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    shown = [a for t, a in Tree(dom).tags if t == "article" and "hidden" not in a]
    assert len(shown) == expected
    assert all(f"|{department}|" in a["data-dept"] and a["data-sev"] == "error" for a in shown)


def test_previews_from_a_zipped_evidence_folder(evidence: Path, tmp_path: Path) -> None:
    archive = Path(shutil.make_archive(str(tmp_path / "evidence"), "zip", evidence.parent, evidence.name))
    for command in ("check", "score"):
        out = tmp_path / f"{command}.html"
        result = runner.invoke(app, [command, str(archive), "--as-of", "2021-12-01", "-o", str(out)])
        assert result.exit_code in (0, 1), result.output
        alts = {a["alt"] for t, a in Tree(out.read_text(encoding="utf-8")).tags if t == "img"}
        assert "26 文体/2021-05-01 健身/1.jpg" in alts, command
