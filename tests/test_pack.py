"""`wenming pack`: the bundled examples, a clean tree built in tmp_path, --since-last, --zip, --fit, safety."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from evidence_factory import write
from openpyxl import load_workbook
from pdf_factory import Page, write_pdf
from PIL import Image
from typer.testing import CliRunner

from wenming_cli.cli.app import app
from wenming_cli.pack import bundle

ROOT = Path(__file__).resolve().parents[1]
YIYANG = ROOT / "examples" / "yiyang-party-school"
YUEYANG = ROOT / "examples" / "yueyang-port-office"
PREFIX = "益阳市2021年中共益阳市委党校"
runner = CliRunner()


def tree_state(root: Path) -> dict[str, str]:
    """Every file under root with its SHA-256 (and every folder), to prove a tree byte for byte unchanged."""
    state = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        state[rel] = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "<dir>"
    return state


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pack(*args: str):
    return runner.invoke(app, ["pack", *args, "--format", "json"])


def payload(result) -> dict:
    return json.loads(result.stdout)


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    """A clean Yiyang tree: the example's clean standards (21, 27, 35) and a document with its 文号."""
    root = tmp_path / "evidence"
    root.mkdir()
    shutil.copy(YIYANG / "unit.yaml", root / "unit.yaml")
    for folder in ("21 文明行为习惯", "27 法治宣传", "35 创建工作机制"):
        shutil.copytree(YIYANG / folder, root / folder)
    pdf = (YIYANG / "35 创建工作机制" / "正式发文" / "2021-04-02 创建市级文明单位实施方案.pdf").read_bytes()
    write(root / "10 党风廉政建设" / "正式发文" / "2021-03-10 党风廉政建设责任制（益党校发〔2021〕5号）.pdf", pdf)
    return root


def test_bundled_yiyang_example_refuses_with_its_errors(tmp_path: Path) -> None:
    before = tree_state(YIYANG)
    out = tmp_path / "bundle"
    result = pack(str(YIYANG), "-o", str(out), "--as-of", "2021-07-10")
    assert result.exit_code == 1, result.output
    data = payload(result)
    assert data["written"] is False and not out.exists()
    codes = {(f["code"], f["path"]) for f in data["plan"]["blocking"]}
    # The same findings as `check`, with the same codes.
    assert ("PHOTO-SIZE", "26 职工文化/2021-05-01 全民健身活动/1.jpg") in codes
    assert ("CAPTION-FIELD", "22 学雷锋志愿服务/2021-06-18 关爱留守儿童/活动说明.txt") in codes
    assert ("REPORT-BANNED-PHRASE", "20 移风易俗/说明报告/2021-06-30 移风易俗工作说明.txt") in codes
    assert ("COVERAGE-PERIOD", None) in codes  # a3-1.2: the second quarter ended without a meeting
    assert list(tmp_path.iterdir()) == []  # not even a temporary folder
    assert tree_state(YIYANG) == before


def test_bundled_yiyang_example_with_allow_errors(tmp_path: Path) -> None:
    before = tree_state(YIYANG)
    out = tmp_path / "bundle"
    result = pack(str(YIYANG), "-o", str(out), "--as-of", "2021-07-10", "--allow-errors")
    assert result.exit_code == 1, result.output  # errors on the material, packed and marked
    assert tree_state(YIYANG) == before
    packed = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert f"21 文明行为习惯/{PREFIX}文明交通宣传（1）.jpg" in packed
    assert f"21 文明行为习惯/{PREFIX}文明交通宣传（2）.jpg" in packed
    assert f"21 文明行为习惯/{PREFIX}文明交通宣传.txt" in packed  # the caption, for the upload form
    assert f"35 创建领导机制/{PREFIX}创建市级文明单位实施方案.pdf" in packed
    assert f"a3-1.2 创建工作议事/{PREFIX}创建工作专题会议.jpg" in packed
    assert {"提交清单.json", "资料提交表.xlsx", "资料提交表.md"} <= packed
    manifest = json.loads((out / "提交清单.json").read_text(encoding="utf-8"))
    assert len(manifest["files"]) == len(packed) - 3
    for f in manifest["files"]:
        assert f["sha256"] == f["source_sha256"] == sha(YIYANG / f["source"]) == sha(out / f["packed"])
        assert f["size"] == (YIYANG / f["source"]).stat().st_size
    wb = load_workbook(out / "资料提交表.xlsx")
    ws = wb.active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = rows.index(["序号", "任务/标准", "材料名称", "类型", "份数", "责任部门", "责任人", "截止日期", "提交日期", "备注"])
    assert rows[1][0] == "单位：中共益阳市委党校"
    items = rows[header + 1 : header + 11]
    assert [r[0] for r in items] == list(range(1, 11))
    by_name = {r[2]: r for r in items}
    row = by_name[f"{PREFIX}关爱留守儿童"]
    assert row[1] == "第22条 学雷锋志愿服务" and row[3] == "活动图片" and row[4] == 1 and row[5] == "人事科"
    assert "CAPTION-FIELD" in row[9] and "PHOTO-SIZE" in row[9]
    assert by_name[f"{PREFIX}文明交通宣传"][4] == 2 and not by_name[f"{PREFIX}文明交通宣传"][9]
    assert by_name[f"{PREFIX}创建工作专题会议"][7] == "2021-03-31"  # a quarterly task: due at its quarter's end
    assert all(r[8] == "2021-07-10" for r in items)
    texts = [r[0] for r in rows if isinstance(r[0], str)]
    assert any(t.startswith("审核意见：") for t in texts) and any(t.startswith("领导签字：") for t in texts)
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == f"${header + 1}:${header + 1}"
    md = (out / "资料提交表.md").read_bytes()
    assert md.startswith(b"\xef\xbb\xbf") and b"\r\n" in md and "领导签字".encode() in md


def test_bundled_yueyang_example_keeps_the_clerks_names(tmp_path: Path) -> None:
    before = tree_state(YUEYANG)
    refused = pack(str(YUEYANG), "-o", str(tmp_path / "refused"), "--as-of", "2023-06-30")
    assert refused.exit_code == 1 and not (tmp_path / "refused").exists()
    out = tmp_path / "bundle"
    result = pack(str(YUEYANG), "-o", str(out), "--as-of", "2023-06-30", "--allow-errors")
    assert result.exit_code == 1, result.output
    packed = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    # Yueyang declares no naming template: activity folders and file names stay as the clerk wrote them.
    assert "19 职工文化与节日/2023-01-18 我们的节日·春节/1.jpg" in packed
    assert "19 职工文化与节日/2023-01-18 我们的节日·春节/2.jpg" in packed
    assert "24 创建领导机制/2023-02-01 创建市级文明单位工作方案.pdf" in packed
    items = {i["name"]: i for i in payload(result)["plan"]["items"]}
    # (25) counts its reports by quarter: a screenshot dated in February is due at the end of March.
    assert items["岳阳文明网报送截图"]["due"] == "2023-03-31" and items["岳阳文明网报送截图"]["date"] == "2023-02-10"
    manifest = json.loads((out / "提交清单.json").read_text(encoding="utf-8"))
    assert all(sha(YUEYANG / f["source"]) == f["sha256"] for f in manifest["files"])
    ws = load_workbook(out / "资料提交表.xlsx").active
    names = [c.value for c in ws["C"]]
    assert "我们的节日·春节" in names
    row = next(r for r in ws.iter_rows(values_only=True) if r[2] == "我们的节日·春节")
    assert row[6] == "李丹、易博文"  # the unit plan's 责任人 and doers
    assert tree_state(YUEYANG) == before


def test_clean_tree_packs_with_exit_0_and_document_numbers(clean: Path, tmp_path: Path) -> None:
    before = tree_state(clean)
    out = tmp_path / "bundle"
    result = pack(str(clean), "-o", str(out), "--as-of", "2021-07-10")
    assert result.exit_code == 0, result.output
    data = payload(result)
    names = [i["name"] for i in data["plan"]["items"]]
    assert f"{PREFIX}党风廉政建设责任制（益党校发〔2021〕5号）" in names
    assert (out / "10 党风廉政建设" / f"{PREFIX}党风廉政建设责任制（益党校发〔2021〕5号）.pdf").is_file()
    assert data["plan"]["items"][0]["document_number"] == "益党校发〔2021〕5号"
    assert tree_state(clean) == before


def test_document_number_read_from_the_pdf_text(clean: Path, tmp_path: Path) -> None:
    pdf = write_pdf([Page(text=("中共益阳市委党校文件", "益党校发〔2021〕12号", "关于印发学习制度的通知"))])
    write(clean / "10 党风廉政建设" / "正式发文" / "2021-05-06 学习制度.pdf", pdf)
    result = pack(str(clean), "-o", str(tmp_path / "b"), "--as-of", "2021-07-10", "--allow-errors")
    names = [i["name"] for i in payload(result)["plan"]["items"]]
    assert f"{PREFIX}学习制度（益党校发〔2021〕12号）" in names


def test_since_last_packs_only_new_or_changed_material(clean: Path, tmp_path: Path) -> None:
    first = tmp_path / "first"
    assert pack(str(clean), "-o", str(first), "--as-of", "2021-07-10").exit_code == 0
    report = clean / "27 法治宣传" / "说明报告" / "2021-06-30 普法工作说明.txt"
    report.write_text(report.read_text(encoding="utf-8") + "\n（二）补充：开展宪法宣传2次，参加120人。\n", encoding="utf-8")
    shutil.copytree(clean / "21 文明行为习惯" / "2021-05-12 文明交通宣传", clean / "21 文明行为习惯" / "2021-06-01 文明餐桌")
    unchanged = tmp_path / "same"
    second = tmp_path / "second"
    for since in (first / "提交清单.json", first):
        target = second if since == first else unchanged
        result = pack(str(clean), "-o", str(target), "--as-of", "2021-07-10", "--since-last", str(since), "--allow-errors")
        data = payload(result)
        sources = {f["source"] for i in data["plan"]["items"] for f in i["files"]}
        assert sources == {
            "27 法治宣传/说明报告/2021-06-30 普法工作说明.txt",
            "21 文明行为习惯/2021-06-01 文明餐桌/1.jpg",
            "21 文明行为习惯/2021-06-01 文明餐桌/2.jpg",
            "21 文明行为习惯/2021-06-01 文明餐桌/活动说明.txt",
        }
        assert data["plan"]["unchanged"] == 3
    # Nothing new since a full pack of the changed tree: nothing is written.
    full = tmp_path / "full"
    assert pack(str(clean), "-o", str(full), "--as-of", "2021-07-10", "--allow-errors").exit_code in (0, 1)
    nothing = pack(str(clean), "-o", str(tmp_path / "n"), "--as-of", "2021-07-10", "--since-last", str(full))
    assert nothing.exit_code == 0 and payload(nothing)["written"] is False and not (tmp_path / "n").exists()
    assert payload(nothing)["plan"]["unchanged"] == 5


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_zip_names_in_both_encodings(clean: Path, tmp_path: Path, encoding: str) -> None:
    out = tmp_path / "提交材料"
    result = pack(str(clean), "-o", str(out), "--as-of", "2021-07-10", "--zip", "--zip-encoding", encoding)
    assert result.exit_code == 0, result.output
    target = tmp_path / "提交材料.zip"
    assert [p.name for p in tmp_path.iterdir() if p.name != "evidence"] == ["提交材料.zip"]
    with zipfile.ZipFile(target) as zf:
        infos = zf.infolist()
        flags = {bool(i.flag_bits & 0x800) for i in infos}
        assert flags == {encoding == "utf-8"}
        names = [i.filename if encoding == "utf-8" else i.filename.encode("cp437").decode("gbk") for i in infos]
        wanted = f"提交材料/21 文明行为习惯/{PREFIX}文明交通宣传（1）.jpg"
        assert wanted in names
        manifest = json.loads(zf.read(infos[names.index("提交材料/提交清单.json")]))
        for f in manifest["files"]:
            data = zf.read(infos[names.index(f"提交材料/{f['packed']}")])
            assert hashlib.sha256(data).hexdigest() == f["sha256"] == sha(clean / f["source"])
    # The zip serves --since-last as well as the folder would.
    again = pack(str(clean), "-o", str(tmp_path / "again"), "--as-of", "2021-07-10", "--since-last", str(target))
    assert payload(again)["plan"]["unchanged"] == 4 and not (tmp_path / "again").exists()


def test_selection_by_quarter_and_due_date(tmp_path: Path) -> None:
    q1 = pack(str(YIYANG), "-o", str(tmp_path / "q1"), "--as-of", "2021-07-10", "--quarter", "2021Q1")
    assert q1.exit_code == 0, q1.output  # the only Q1 material is a3-1.2's meeting, and it is clean for Q1
    items = payload(q1)["plan"]["items"]
    assert [(i["subject"], i["due"]) for i in items] == [("a3-1.2", "2021-03-31")]
    due = pack(str(YIYANG), "-o", str(tmp_path / "d"), "--as-of", "2021-07-10", "--due-by", "2021-06-30")
    assert [i["subject"] for i in payload(due)["plan"]["items"]] == ["a3-1.2"]
    bad = runner.invoke(app, ["pack", str(YIYANG), "-o", str(tmp_path / "x"), "--quarter", "2021-2"])
    assert bad.exit_code == 2 and "2021Q2" in bad.output
    both = runner.invoke(app, ["pack", str(YIYANG), "-o", str(tmp_path / "x"), "--quarter", "2021Q1", "--due-by", "2021-06-30"])
    assert both.exit_code == 2


def test_output_safety(clean: Path, tmp_path: Path) -> None:
    before = tree_state(clean)
    inside = runner.invoke(app, ["pack", str(clean), "-o", str(clean / "打包")])
    assert inside.exit_code == 2 and "证据文件夹里面" in inside.output
    around = runner.invoke(app, ["pack", str(clean), "-o", str(tmp_path), "--force"])
    assert around.exit_code == 2 and "包含了证据文件夹" in around.output
    out = tmp_path / "bundle"
    out.mkdir()
    (out / "old.txt").write_text("old", encoding="utf-8")
    exists = runner.invoke(app, ["pack", str(clean), "-o", str(out), "--as-of", "2021-07-10"])
    assert exists.exit_code == 2 and (out / "old.txt").exists()
    forced = runner.invoke(app, ["pack", str(clean), "-o", str(out), "--as-of", "2021-07-10", "--force"])
    assert forced.exit_code == 0 and not (out / "old.txt").exists() and (out / "提交清单.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle", "evidence"]
    assert tree_state(clean) == before


def test_interrupted_pack_leaves_nothing(clean: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copied = []
    real = bundle._copy_hashed

    def interrupted(source: Path, target: Path):
        if len(copied) == 2:
            raise KeyboardInterrupt
        copied.append(source)
        return real(source, target)

    monkeypatch.setattr(bundle, "_copy_hashed", interrupted)
    result = runner.invoke(app, ["pack", str(clean), "-o", str(tmp_path / "bundle"), "--as-of", "2021-07-10"])
    assert result.exit_code == 130
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evidence"]


def _noisy_jpeg(size: tuple[int, int], quality: int) -> bytes:
    img = Image.effect_noise(size, 60).convert("RGB")
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality)
    return out.getvalue()


def test_fit_brings_photos_into_the_window_originals_untouched(clean: Path, tmp_path: Path) -> None:
    big = _noisy_jpeg((1600, 1200), 98)
    assert len(big) > 2_000_000
    folder = clean / "21 文明行为习惯" / "2021-05-12 文明交通宣传"
    (folder / "2.jpg").write_bytes(big)
    before = tree_state(clean)
    refused = pack(str(clean), "-o", str(tmp_path / "no"), "--as-of", "2021-07-10")
    assert refused.exit_code == 1
    assert {f["code"] for f in payload(refused)["plan"]["blocking"]} == {"PHOTO-SIZE"}
    out = tmp_path / "fit"
    result = pack(str(clean), "-o", str(out), "--as-of", "2021-07-10", "--fit")
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "提交清单.json").read_text(encoding="utf-8"))
    fitted = [f for f in manifest["files"] if f["fitted"]]
    assert [f["source"] for f in fitted] == ["21 文明行为习惯/2021-05-12 文明交通宣传/2.jpg"]
    assert 1_572_864 < fitted[0]["size"] < 2_000_000 == 2_000_000
    assert fitted[0]["source_sha256"] == hashlib.sha256(big).hexdigest() != fitted[0]["sha256"]
    assert sha(out / fitted[0]["packed"]) == fitted[0]["sha256"]
    row = next(r for r in load_workbook(out / "资料提交表.xlsx").active.iter_rows(values_only=True) if r[2] == f"{PREFIX}文明交通宣传")
    assert "1 张照片已调整到规定大小" in row[9]
    assert tree_state(clean) == before


def test_fit_failure_stops_the_pack_unless_errors_are_allowed(clean: Path, tmp_path: Path) -> None:
    from evidence_factory import jpeg_bytes

    folder = clean / "21 文明行为习惯" / "2021-05-12 文明交通宣传"
    (folder / "2.jpg").write_bytes(jpeg_bytes(7, size=400_000))  # a tiny picture padded: no quality reaches 1.5M
    out = tmp_path / "fit"
    result = runner.invoke(app, ["pack", str(clean), "-o", str(out), "--as-of", "2021-07-10", "--fit"])
    assert result.exit_code == 1 and "无法调整到规定大小" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evidence"]
    allowed = pack(str(clean), "-o", str(out), "--as-of", "2021-07-10", "--fit", "--allow-errors")
    assert allowed.exit_code == 1
    assert payload(allowed)["fit_failures"][0].startswith("21 文明行为习惯/2021-05-12 文明交通宣传/2.jpg：")
    manifest = json.loads((out / "提交清单.json").read_text(encoding="utf-8"))
    entry = next(f for f in manifest["files"] if f["source"].endswith("/2.jpg"))
    assert entry["fitted"] is False and entry["sha256"] == sha(folder / "2.jpg")  # packed as it is, and marked
    row = next(r for r in load_workbook(out / "资料提交表.xlsx").active.iter_rows(values_only=True) if r[2] == f"{PREFIX}文明交通宣传")
    assert "未能调整大小" in row[9]


def test_a_file_changed_after_the_check_stops_the_pack(clean: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = bundle._copy_hashed

    def edited_meanwhile(source: Path, target: Path):
        if source.suffix == ".txt" and "说明报告" in source.as_posix():
            source.write_text("改过了", encoding="utf-8")
        return real(source, target)

    monkeypatch.setattr(bundle, "_copy_hashed", edited_meanwhile)
    result = runner.invoke(app, ["pack", str(clean), "-o", str(tmp_path / "b"), "--as-of", "2021-07-10"])
    assert result.exit_code == 2 and "在检查之后被改动过" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evidence"]


def test_gbk_zip_refuses_names_gbk_cannot_hold(clean: Path, tmp_path: Path) -> None:
    shutil.move(clean / "27 法治宣传" / "说明报告" / "2021-06-30 普法工作说明.txt", clean / "27 法治宣传" / "说明报告" / "2021-06-30 普法😀说明.txt")
    result = runner.invoke(app, ["pack", str(clean), "-o", str(tmp_path / "b"), "--as-of", "2021-07-10", "--zip", "--zip-encoding", "gbk"])
    assert result.exit_code == 2 and "GBK" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evidence"]
    utf8 = runner.invoke(app, ["pack", str(clean), "-o", str(tmp_path / "b"), "--as-of", "2021-07-10", "--zip"])
    assert utf8.exit_code == 0 and (tmp_path / "b.zip").is_file()


def test_zipped_evidence_is_packed_like_the_folder(clean: Path, tmp_path: Path) -> None:
    archive = tmp_path / "证据.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for p in sorted(clean.rglob("*")):
            if p.is_file():
                zf.write(p, p.relative_to(clean).as_posix())
    before = sha(archive)
    folder = pack(str(clean), "-o", str(tmp_path / "from-folder"), "--as-of", "2021-07-10")
    zipped = pack(str(archive), "-o", str(tmp_path / "from-zip"), "--as-of", "2021-07-10")
    assert zipped.exit_code == folder.exit_code == 0, zipped.output
    a, b = payload(folder)["manifest"], payload(zipped)["manifest"]
    assert [(f["source"], f["packed"], f["sha256"]) for f in a["files"]] == [
        (f["source"], f["packed"], f["sha256"]) for f in b["files"]
    ]
    assert b["evidence"] == str(archive) and sha(archive) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evidence", "from-folder", "from-zip", "证据.zip"]


def test_fit_needs_a_rubric_with_a_photo_size(tmp_path: Path) -> None:
    result = runner.invoke(app, ["pack", str(YUEYANG), "-o", str(tmp_path / "b"), "--fit", "--as-of", "2023-06-30"])
    assert result.exit_code == 2 and "该测评细则未规定照片大小" in result.output
    assert list(tmp_path.iterdir()) == []


def _with_naming(clean: Path, tmp_path: Path, naming: str) -> Path:
    """The clean tree under a copy of the Yiyang rubric whose file_naming block is replaced."""
    text = (ROOT / "rubrics" / "yiyang-2021.yaml").read_text(encoding="utf-8")
    start = text.index("  file_naming:\n")
    end = text.index("  upload_window:\n")
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text(text[:start] + naming + text[end:], encoding="utf-8")
    plan = (clean / "unit.yaml").read_text(encoding="utf-8").replace("rubric: yiyang-2021", f"rubric: {rubric.as_posix()}")
    (clean / "unit.yaml").write_text(plan, encoding="utf-8")
    return rubric


def test_the_naming_template_is_rubric_data(clean: Path, tmp_path: Path) -> None:
    _with_naming(
        clean,
        tmp_path,
        '  file_naming:\n    text: 单位简称+年份+名称\n    template: "{unit_short}{year}-{title}"\n'
        '    numbered: "{name}_{n}"\n    with_document_number: "{name}[{document_number}]"\n',
    )
    out = tmp_path / "bundle"
    result = pack(str(clean), "-o", str(out), "--as-of", "2021-07-10")
    assert result.exit_code == 0, result.output
    packed = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert "21 文明行为习惯/市委党校2021-文明交通宣传_1.jpg" in packed
    assert "21 文明行为习惯/市委党校2021-文明交通宣传_2.jpg" in packed
    assert "10 党风廉政建设/市委党校2021-党风廉政建设责任制（益党校发〔2021〕5号）.pdf" in packed


def test_a_template_with_an_unknown_field_is_a_rubric_error(clean: Path, tmp_path: Path) -> None:
    rubric = _with_naming(clean, tmp_path, '  file_naming:\n    text: x\n    template: "{unit}{activity}"\n')
    result = runner.invoke(app, ["rubric", "validate", str(rubric)])
    assert result.exit_code == 1 and "activity" in result.output and "rubric.yaml:" in result.output
    refused = runner.invoke(app, ["pack", str(clean), "-o", str(tmp_path / "b")])
    assert refused.exit_code == 2 and not (tmp_path / "b").exists()


def test_long_titles_are_cut_to_keep_windows_paths_short(clean: Path, tmp_path: Path) -> None:
    long_title = "关于" + "深入开展文明创建" * 8 + "的说明"
    shutil.copy(
        clean / "27 法治宣传" / "说明报告" / "2021-06-30 普法工作说明.txt",
        clean / "27 法治宣传" / "说明报告" / f"2021-06-01 {long_title}.txt",
    )
    result = pack(str(clean), "-o", str(tmp_path / "b"), "--as-of", "2021-07-10", "--allow-errors")
    packed = [f["packed"] for i in payload(result)["plan"]["items"] for f in i["files"] if "深入开展" in f["packed"]]
    (name,) = packed
    assert name.startswith(f"27 法治宣传教育/{PREFIX}关于深入开展") and len(name.rsplit("/", 1)[1]) == 80 + len(".txt")
