"""`wenming calendar`: deadlines of the task lists and unit plan as iCalendar, parsed back with icalendar."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml
from icalendar import Calendar
from typer.testing import CliRunner

from wenming_cli.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
YIYANG = ROOT / "examples" / "yiyang-party-school"
YUEYANG = ROOT / "examples" / "yueyang-port-office"
runner = CliRunner()


def events(path: Path) -> list:
    cal = Calendar.from_ical(path.read_bytes())
    return list(cal.walk("VEVENT"))


def by_summary(evs: list) -> dict[str, object]:
    return {str(e["SUMMARY"]): e for e in evs}


def run(*args: str):
    return runner.invoke(app, ["calendar", *args])


def alarms(event) -> list:
    return [c for c in event.subcomponents if c.name == "VALARM"]


def test_yiyang_deadlines_upload_weeks_and_alarms(tmp_path: Path) -> None:
    out = tmp_path / "截止日期.ics"
    result = run(str(YIYANG), "-o", str(out), "--as-of", "2021-07-10")
    assert result.exit_code == 0, result.output
    evs = by_summary(events(out))
    # a3-1.2 (every quarter): Q1 was met, so it is left out; Q2 ended without a meeting; Q3 is ahead.
    assert not any("a3-1.2" in s and "第一季度" in s for s in evs)
    q2 = evs["【已逾期】截止：a3-1.2 创建工作议事（2021年第二季度）"]
    assert q2["DTSTART"].dt == dt.date(2021, 6, 30) and not alarms(q2)
    q3 = evs["截止：a3-1.2 创建工作议事（2021年第三季度）"]
    assert q3["DTSTART"].dt == dt.date(2021, 9, 30) and q3["DTEND"].dt == dt.date(2021, 10, 1)
    (alarm,) = alarms(q3)
    assert alarm["ACTION"] == "DISPLAY" and alarm["TRIGGER"].dt == dt.timedelta(days=-7)
    assert "责任部门：办公室" in str(q3["DESCRIPTION"])
    # The upload week before it (附件2 注10: the last week before the task's deadline).
    upload = evs["上传材料：a3-1.2 创建工作议事（2021年第三季度）"]
    assert upload["DTSTART"].dt == dt.date(2021, 9, 24) and upload["DTEND"].dt == dt.date(2021, 10, 1)
    assert "附件2 注10" in str(upload["DESCRIPTION"]) and alarms(upload)
    # Standards without their own deadline are due when all activities must be done (10月底前).
    s22 = evs["截止：第22条 学雷锋志愿服务"]
    assert s22["DTSTART"].dt == dt.date(2021, 10, 31) and "人事科" in str(s22["DESCRIPTION"])
    assert "10月底前" in str(s22["DESCRIPTION"])
    deadlines = [s for s in evs if "截止：" in s and "上传" not in s]
    uploads = [s for s in evs if s.startswith(("上传", "【已逾期】上传"))]
    assert len(deadlines) == len(uploads) > 40
    # Stable ids: a second export updates the same events when imported again.
    again = tmp_path / "again.ics"
    assert run(str(YIYANG), "-o", str(again), "--as-of", "2021-07-10").exit_code == 0
    assert [str(e["UID"]) for e in events(out)] == [str(e["UID"]) for e in events(again)]


def test_all_marks_complete_items_and_department_filter(tmp_path: Path) -> None:
    out = tmp_path / "all.ics"
    assert run(str(YIYANG), "-o", str(out), "--as-of", "2021-07-10", "--all").exit_code == 0
    evs = by_summary(events(out))
    done = evs["【已完成】截止：a3-1.2 创建工作议事（2021年第一季度）"]
    assert not alarms(done)
    office = tmp_path / "office.ics"
    assert run(str(YIYANG), "-o", str(office), "--as-of", "2021-07-10", "--department", "人事科").exit_code == 0
    summaries = set(by_summary(events(office)))
    assert "截止：第22条 学雷锋志愿服务" in summaries
    assert all("人事科" in str(e["DESCRIPTION"]) for e in events(office))
    assert not any("a3-1.2" in s for s in summaries)
    # The department's id works as well as its name.
    by_id = tmp_path / "hr.ics"
    assert run(str(YIYANG), "-o", str(by_id), "--as-of", "2021-07-10", "--department", "hr").exit_code == 0
    assert set(by_summary(events(by_id))) == summaries


def test_yueyang_person_filter_and_no_upload_window(tmp_path: Path) -> None:
    out = tmp_path / "lidan.ics"
    result = run(str(YUEYANG), "-o", str(out), "--as-of", "2023-01-01", "--person", "李丹")
    assert result.exit_code == 0, result.output
    evs = events(out)
    assert evs and all("李丹" in str(e["DESCRIPTION"]) for e in evs)
    # Yueyang declares no upload window: deadlines only, each with its reminder a week before.
    assert all(str(e["SUMMARY"]).startswith("截止：") for e in evs)
    assert all(alarms(e) for e in evs)
    quarterly = [e for e in evs if "第(19)条" in str(e["SUMMARY"])]
    assert quarterly
    unknown = run(str(YUEYANG), "-o", str(tmp_path / "x.ics"), "--person", "张三")
    assert unknown.exit_code == 2 and not (tmp_path / "x.ics").exists()


def test_internal_deadline_from_the_unit_plan(tmp_path: Path) -> None:
    root = tmp_path / "evidence"
    root.mkdir()
    plan = yaml.safe_load((YIYANG / "unit.yaml").read_text(encoding="utf-8"))
    for a in plan["assignments"]:
        if a["subject"] == "27":
            a["deadline"] = dt.date(2021, 5, 31)
            a["deadline_text"] = "校内要求5月底前"
    (root / "unit.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "c.ics"
    assert run(str(root), "-o", str(out), "--as-of", "2021-04-01").exit_code == 0
    e = by_summary(events(out))["截止：第27条 法治宣传教育"]
    assert e["DTSTART"].dt == dt.date(2021, 5, 31)
    assert "校内要求5月底前" in str(e["DESCRIPTION"]) and "内部期限" in str(e["DESCRIPTION"])


def test_output_safety(tmp_path: Path) -> None:
    root = tmp_path / "evidence"
    shutil.copytree(YUEYANG, root)
    inside = run(str(root), "-o", str(root / "截止日期.ics"))
    assert inside.exit_code == 2 and not (root / "截止日期.ics").exists()
    out = tmp_path / "c.ics"
    out.write_text("old", encoding="utf-8")
    assert run(str(root), "-o", str(out)).exit_code == 2 and out.read_text(encoding="utf-8") == "old"
    assert run(str(root), "-o", str(out), "--force", "--as-of", "2023-01-01").exit_code == 0
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert run(str(root), "-o", str(tmp_path / "c.txt")).exit_code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.ics", "evidence"]
