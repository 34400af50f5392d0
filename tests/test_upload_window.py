"""material_rules.upload_window (Yiyang 附件2 注10): inside a task's last week an info names the dates and
what is due; outside it nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from wenming_cli.cli.app import app
from wenming_cli.rubric import registry

EXAMPLE = Path(__file__).parents[1] / "examples" / "yiyang-party-school"


def _windows(as_of: str) -> dict[tuple[str, str | None], dict]:
    result = CliRunner().invoke(app, ["check", str(EXAMPLE), "--as-of", as_of, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    found = json.loads(result.stdout)["findings"]
    return {(f["task"], f["period"]): f for f in found if f["code"] == "UPLOAD-WINDOW"}


def test_inside_the_last_week_each_due_task_gets_its_window_and_material():
    rubric = registry.load_rubric("yiyang-2021")
    window = rubric.material_rules.upload_window
    assert window is not None and window.days == 7
    first = dt.date(2021, 3, 31) - dt.timedelta(days=window.days - 1)
    got = _windows(first.isoformat())
    one_off = got[("a2-2", None)]  # due 第一季度 (03-31)
    assert one_off["severity"] == "info"
    assert f"{first.isoformat()} 至 2021-03-31" in one_off["message"] and window.text in one_off["message"]
    assert "说明报告至少 1 份" in one_off["message"]
    assert ("a2-3", "2021Q1") in got and "本季度活动图片至少 1 次" in got[("a2-3", "2021Q1")]["message"]
    assert ("a2-1", None) not in got  # due at the end of October
    assert got == _windows("2021-03-31")  # the deadline itself is the window's last day


def test_outside_every_window_there_is_no_upload_notice():
    assert _windows("2021-03-24") == {}
    assert _windows("2021-04-01") == {}
    late = _windows("2021-10-28")
    assert ("a2-1", None) in late and "活动图片至少 1 次" in late[("a2-1", None)]["message"]
