"""`wenming init`: the first run works — folders, 00-收集要求.txt, a unit.yaml, then `check` at once."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from evidence_factory import activity, jpeg_bytes, yiyang_caption
from typer.testing import CliRunner

from wenming_cli.cli import notices
from wenming_cli.cli.app import app
from wenming_cli.evidence import layout
from wenming_cli.rubric import registry

runner = CliRunner()
FIXTURES = Path(__file__).parent / "fixtures"
BOM = b"\xef\xbb\xbf"


def run(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


def clerk_file(path: Path) -> str:
    """A text file wenming writes for clerks: UTF-8 with BOM, CRLF line ends only."""
    raw = path.read_bytes()
    assert raw.startswith(BOM), path
    assert b"\n" not in raw.replace(b"\r\n", b""), path
    return raw[3:].decode("utf-8").replace("\r\n", "\n")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    result = run(
        "init",
        tmp_path / "材料",
        "--rubric",
        "yiyang-2021",
        "--name",
        "中共益阳市委党校",
        "--short-name",
        "市委党校",
    )
    assert result.exit_code == 0, result.output
    return tmp_path / "材料"


def test_init_writes_folders_requirements_and_a_unit_plan(folder: Path):
    rubric = registry.load_rubric("yiyang-2021")
    names = sorted(p.name for p in folder.iterdir() if p.is_dir())
    assert "01 理论武装" in names and "44 安全生产与职业健康" in names  # zero-padded: sorts 01 … 44
    assert not [n for n in names if n[:1].isdigit() and not n[:2].isdigit()]
    for name in names:
        text = clerk_file(folder / name / layout.REQUIREMENTS_NAME)
        assert "wenming" in text
    bonus = clerk_file(folder / layout.BONUS_FOLDER / layout.REQUIREMENTS_NAME)
    for rule in rubric.bonuses:
        assert rule.label in bonus and rule.window.text in bonus
    plan = yaml.safe_load(clerk_file(folder / "unit.yaml"))
    assert plan["rubric"] == "yiyang-2021" and plan["assessment_year"] == rubric.year
    assert plan["unit"] == {"name": "中共益阳市委党校", "short_names": ["市委党校"]}
    for section in ("roster", "departments", "assignments", "honours", "promotions"):
        assert plan[section] == [], section
    assert plan["figures"] == {} and plan["self_assessment"] == {}
    raw = clerk_file(folder / "unit.yaml")
    for figure in rubric.vocabularies.figures:
        assert figure.id in raw  # each figure the rubric declares is named in a comment
    loaded, _, warnings = registry.load_unit_plan(folder / "unit.yaml")
    assert loaded.unit.name == "中共益阳市委党校"


def test_check_works_right_after_init(folder: Path):
    result = run("check", folder, "--as-of", "2021-07-10", "--format", "json")
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    assert "UNIT-PLAN-MISSING" not in {f["code"] for f in report["findings"]}
    assert not [f for f in report["findings"] if f["code"].startswith("FOLDER")]  # every folder matched
    assert report["stats"]["files"] == 0  # wenming's own files are never evidence


def test_zero_padded_folder_is_read_as_its_standard(folder: Path):
    assert layout.subject_of("01 理论武装", ["1", "10", "11"]) == "1"
    photo = jpeg_bytes(3, taken=dt.datetime(2021, 5, 12, 9, 30))
    activity(
        folder,
        "01 理论武装",
        "2021-05-12 理论学习",
        [photo],
        yiyang_caption("2021-05-12", "益阳市2021年市委党校理论学习"),
    )
    result = run("check", folder, "--as-of", "2021-07-10", "--format", "json")
    report = json.loads(result.stdout)
    assert report["stats"]["activities"] == 1
    standards = {
        f.get("standard") for f in report["findings"] if (f.get("path") or "").startswith("01 理论武装/2021")
    }
    assert standards <= {"1", None}


def test_folder_titles_are_cut_at_a_word_boundary(folder: Path):
    names = [p.name for p in folder.iterdir() if p.is_dir()]
    assert "a2-1 II-1 深入学习贯彻习近平新时代中国特色社会主义思想" in names
    assert "a2-3 II-38 以城带乡、城乡共建" in names
    assert not [n for n in names if "  " in n or n.endswith(("中国特", " II", "、"))]
    assert (
        layout.short_title("第一部分、第二部分的很长很长的标题文字，后面还有更多更多的内容要写", 20)
        == "第一部分、第二部分的很长很长的标题文字"
    )
    assert (
        layout.short_title("没有任何标点的一个非常非常长的标题一直写下去直到超过上限为止啊", 12)
        == "没有任何标点的一个非常…"
    )
    assert layout.short_title("A / B") == "A"


def test_init_never_touches_a_clerks_file_and_force_refreshes_only_its_own(folder: Path):
    note = folder / "22 学雷锋志愿服务" / layout.REQUIREMENTS_NAME
    assert note.is_file()
    note.write_bytes(b"old")
    plan_before = (folder / "unit.yaml").read_bytes() + b"# clerk's edit\r\n"
    (folder / "unit.yaml").write_bytes(plan_before)
    own = folder / "22 学雷锋志愿服务" / "工作记录.txt"
    own.write_text("clerk", encoding="utf-8")
    result = run("init", folder, "--rubric", "yiyang-2021")
    assert result.exit_code == 0 and note.read_bytes() == b"old" and "--force" in result.stderr
    result = run("init", folder, "--rubric", "yiyang-2021", "--force")
    assert result.exit_code == 0
    assert "学雷锋" in clerk_file(note)
    assert (folder / "unit.yaml").read_bytes() == plan_before  # the plan is the clerk's: never replaced
    assert own.read_text(encoding="utf-8") == "clerk"


def test_init_without_name_marks_the_placeholder(tmp_path: Path):
    result = run("init", tmp_path / "x", "--rubric", "yiyang-2021")
    assert result.exit_code == 0 and "单位全称" in result.stderr
    assert yaml.safe_load(clerk_file(tmp_path / "x" / "unit.yaml"))["unit"]["name"] == "请改为单位全称"


def test_init_needs_a_rubric_or_a_plan(tmp_path: Path):
    result = run("init", tmp_path / "x")
    assert result.exit_code == 2 and "--rubric" in result.stderr
    assert not (tmp_path / "x").exists()


def test_init_unit_keeps_a_relative_rubric_path_working(tmp_path: Path):
    plans = tmp_path / "方案"
    (plans / "细则").mkdir(parents=True)
    (plans / "细则" / "test.yaml").write_bytes((FIXTURES / "synthetic-rubric.yaml").read_bytes())
    rubric = registry.load_rubric(str(plans / "细则" / "test.yaml"))
    (plans / "unit.yaml").write_text(
        f"# 我的方案\nrubric: 细则/test.yaml  # 相对路径\nassessment_year: {rubric.year}\nunit:\n  name: 测试单位\n",
        encoding="utf-8",
    )
    result = run("init", tmp_path / "证据", "--unit", plans / "unit.yaml")
    assert result.exit_code == 0, result.output
    copied = (tmp_path / "证据" / "unit.yaml").read_text(encoding="utf-8")
    assert 'rubric: "../方案/细则/test.yaml"  # 相对路径' in copied and copied.startswith("# 我的方案")
    result = run("check", tmp_path / "证据", "--format", "json", "--as-of", f"{rubric.year}-06-30")
    assert result.exit_code in (0, 1), result.output
    assert json.loads(result.stdout)["rubric"] == rubric.id


def test_init_with_a_rubric_file_names_it_relative_to_the_folder(tmp_path: Path):
    (tmp_path / "r.yaml").write_bytes((FIXTURES / "synthetic-rubric.yaml").read_bytes())
    result = run("init", tmp_path / "ev", "--rubric", tmp_path / "r.yaml")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(clerk_file(tmp_path / "ev" / "unit.yaml"))["rubric"] == "../r.yaml"
    result = run("check", tmp_path / "ev", "--format", "json", "--as-of", "2021-06-30")
    assert result.exit_code in (0, 1), result.output


def _written_rubric(unit_dir: Path) -> Path:
    ref = yaml.safe_load(clerk_file(unit_dir / "unit.yaml"))["rubric"]
    return (unit_dir / ref).resolve()


def test_init_rubric_path_resolves_from_unit_yaml_wherever_both_live(tmp_path: Path, monkeypatch):
    """Regression: the written `rubric:` must lead from unit.yaml's folder to the rubric file, for an
    absolute --rubric and for a relative one given from another working folder; check then runs as is."""
    rubric_file = tmp_path / "细则库" / "二级" / "r.yaml"
    rubric_file.parent.mkdir(parents=True)
    rubric_file.write_bytes((FIXTURES / "synthetic-rubric.yaml").read_bytes())
    elsewhere = tmp_path / "工作" / "别处"
    elsewhere.mkdir(parents=True)
    result = run("init", tmp_path / "单位" / "甲" / "ev", "--rubric", rubric_file)
    assert result.exit_code == 0, result.output
    assert _written_rubric(tmp_path / "单位" / "甲" / "ev") == rubric_file.resolve()
    monkeypatch.chdir(elsewhere)
    result = run("init", Path("..") / "乙" / "ev", "--rubric", Path("..") / ".." / "细则库" / "二级" / "r.yaml")
    assert result.exit_code == 0, result.output
    assert _written_rubric(tmp_path / "工作" / "乙" / "ev") == rubric_file.resolve()
    monkeypatch.chdir(tmp_path / "细则库")
    for ev in (tmp_path / "单位" / "甲" / "ev", tmp_path / "工作" / "乙" / "ev"):
        result = run("check", ev, "--format", "json", "--as-of", "2021-06-30")
        assert result.exit_code in (0, 1), result.output
        assert json.loads(result.stdout)["rubric"] == registry.load_rubric(str(rubric_file)).id


def test_init_rubric_path_is_absolute_when_no_relative_path_exists(tmp_path: Path, monkeypatch):
    """Windows: a rubric on another drive has no relative path; unit.yaml then names it absolutely."""
    from wenming_cli.evidence import skeleton

    def no_relpath(path, start=None):
        raise ValueError("path is on mount 'D:', start on mount 'C:'")

    (tmp_path / "r.yaml").write_bytes((FIXTURES / "synthetic-rubric.yaml").read_bytes())
    monkeypatch.setattr(skeleton.os.path, "relpath", no_relpath)
    assert skeleton.rubric_ref_from(tmp_path / "r.yaml", tmp_path / "ev") == str((tmp_path / "r.yaml").resolve())
    plans = tmp_path / "方案"
    plans.mkdir()
    (plans / "unit.yaml").write_text("rubric: ../r.yaml\nassessment_year: 2021\nunit:\n  name: 测试单位\n", encoding="utf-8")
    moved = skeleton.moved_plan_text(plans / "unit.yaml", tmp_path / "ev").decode("utf-8")
    assert yaml.safe_load(moved)["rubric"] == str((tmp_path / "r.yaml").resolve())


def test_check_rubric_overrides_the_plan_with_a_notice(folder: Path):
    result = run("check", folder, "--rubric", "yueyang-2022", "--as-of", "2022-06-30", "--format", "json")
    assert result.exit_code in (0, 1)
    assert "yueyang-2022" in result.stderr and "yiyang-2021" in result.stderr
    result = run("check", folder, "--as-of", "2021-06-30", "--format", "json")
    assert "注意" not in result.stderr  # no override, and --as-of given


def test_long_after_the_assessment_year_suggests_as_of():
    rubric = registry.load_rubric("yiyang-2021")
    text = notices.stale_today(None, None, rubric, today=dt.date(rubric.year + 3, 3, 1))
    assert text is not None and f"--as-of {rubric.year}-12-31" in text
    assert notices.stale_today(None, None, rubric, today=dt.date(rubric.year, 11, 1)) is None
    assert notices.stale_today(dt.datetime(2021, 7, 1), None, rubric, today=dt.date(2030, 1, 1)) is None


def test_the_readme_unit_plan_is_valid(tmp_path: Path):
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("A small complete plan:\n\n```yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "unit.yaml").write_text(block, encoding="utf-8")
    plan, rubric, problems = registry.load_unit_plan(tmp_path / "unit.yaml")
    assert [p for p in problems if p.severity == "error"] == []
    assert plan.self_assessment and all(rubric.clause(c) is not None for c in plan.self_assessment)
    from wenming_cli.checks.codes import CODES

    assert all(i.code in CODES for i in plan.ignore if i.code)


@pytest.mark.parametrize(
    ("command", "offered", "refused"),
    [
        (["check"], ["rich", "plain", "json", "markdown", "html"], ["xlsx", "docx"]),
        (["report"], ["xlsx", "docx", "markdown", "html"], ["rich", "json"]),
        (["diff"], ["json", "xlsx"], ["docx", "html"]),
        (["rubric", "show"], ["rich", "json"], ["xlsx", "html"]),
        (["photo", "fit"], ["plain", "json"], ["xlsx", "html"]),
    ],
)
def test_help_offers_only_the_formats_a_command_writes(command, offered, refused):
    from wenming_cli.render.formats import COMMAND_FORMATS

    result = run(*command, "--help")
    line = next(x for x in result.stdout.splitlines() if "-f, --format" in x)
    listed = line.split("<", 1)[1].split(">", 1)[0].split("|")
    key = "rubric" if command[0] == "rubric" else " ".join(command)
    expected = [f.value for f in COMMAND_FORMATS[key]]
    if key in ("check", "score"):  # several units at once: the summary may also be a workbook, said so
        expected += [f.value for f in COMMAND_FORMATS["batch"] if f.value not in expected]
        assert "多个单位汇总时另可用xlsx" in result.stdout.replace("\n", "").replace(" ", "")
        refused = [f for f in refused if f != "xlsx"]
    assert listed == expected
    assert all(f in listed for f in offered) and not any(f in listed for f in refused)


def test_an_output_file_type_the_command_cannot_write_is_refused(folder: Path, tmp_path: Path):
    result = run("check", folder, "-o", tmp_path / "结果.docx", "--as-of", "2021-07-10")
    assert result.exit_code == 2 and "docx" in result.stderr and "html" in result.stderr
    assert not (tmp_path / "结果.docx").exists()
    result = run(
        "check", folder, "-o", tmp_path / "结果.xlsx", "--as-of", "2021-07-10"
    )  # one unit: no workbook
    assert result.exit_code == 2 and not (tmp_path / "结果.xlsx").exists()


def test_help_is_chinese_including_clicks_own_words():
    for args in (["--help"], ["check", "-h"], ["photo", "fit", "--help"], ["init", "--help"]):
        text = run(*args).stdout
        assert text.startswith("用法：") and "选项：" in text and "显示本帮助并退出。" in text, args
        for english in ("Usage:", "Options:", "Show this message", "[default:", "<path>", "Commands:"):
            assert english not in text, (args, english)
