"""Check rules the first release shipped untested: date conflicts, long paths, the plan's ignore list."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from evidence_factory import activity, jpeg_bytes, yiyang_caption
from typer.testing import CliRunner

from wenming_cli.cli.app import app

runner = CliRunner()
AS_OF = "2021-07-10"


def check(folder: Path, *extra: str) -> dict:
    result = runner.invoke(app, ["check", str(folder), "--as-of", AS_OF, "--format", "json", *extra])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def codes_at(report: dict, code: str) -> list[dict]:
    return [f for f in report["findings"] if f["code"] == code]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "材料"
    result = runner.invoke(app, ["init", str(root), "--rubric", "yiyang-2021", "--name", "中共益阳市委党校"])
    assert result.exit_code == 0, result.output
    return root


def photo(seed: int, day: int = 12) -> bytes:
    return jpeg_bytes(seed, taken=dt.datetime(2021, 5, day, 9, 30))


def test_caption_date_differing_from_the_folder_date_is_a_conflict(folder: Path):
    caption = yiyang_caption("2021年5月13日", "益阳市2021年中共益阳市委党校学雷锋志愿服务")
    activity(folder, "22 学雷锋志愿服务", "2021-05-12 学雷锋", [photo(1, 13)], caption)
    activity(
        folder,
        "22 学雷锋志愿服务",
        "2021-05-20 敬老",
        [photo(2, 20)],
        yiyang_caption("2021.5.20", "益阳市2021年中共益阳市委党校敬老"),
    )
    report = check(folder)
    [conflict] = codes_at(report, "ACTIVITY-DATE-CONFLICT")
    assert conflict["path"] == "22 学雷锋志愿服务/2021-05-12 学雷锋/活动说明.txt"
    assert conflict["expected"] == "2021-05-13" and conflict["actual"] == "2021-05-12"
    assert conflict["severity"] == "warning"


def test_a_path_over_the_windows_limit_is_reported(folder: Path):
    deep = "2021-05-12 " + "很长的活动名称" * 11  # 88 characters: one folder name a clerk might type
    short = activity(folder, "22 学雷锋志愿服务", "2021-05-20 短名", [photo(3, 20)], None)
    long = activity(folder, "22 学雷锋志愿服务", deep, [photo(4)], None)
    (long / ("照片" * 40 + ".jpg")).write_bytes(photo(5))
    report = check(folder)
    flagged = {f["path"] for f in codes_at(report, "PATH-TOO-LONG")}
    assert any(p.endswith("照片" * 40 + ".jpg") for p in flagged)
    assert not any(p.startswith(short.relative_to(folder).as_posix()) for p in flagged)
    total = len(str(folder)) + 1 + len(next(iter(flagged)))
    assert total > 240


def test_the_plans_ignore_list_silences_by_code_and_by_path(folder: Path):
    base = activity(
        folder, "22 学雷锋志愿服务", "2021-05-12 学雷锋", [jpeg_bytes(6)], None
    )  # no EXIF, no caption
    other = activity(folder, "23 文化阵地与家书", "2021-05-12 家书", [jpeg_bytes(7)], None)
    before = check(folder)
    assert codes_at(before, "PHOTO-EXIF-MISSING") and codes_at(before, "CAPTION-MISSING")
    plan = folder / "unit.yaml"
    text = plan.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("ignore: []", "ignore:")
    rel = base.relative_to(folder).as_posix()
    text += (
        "  - {code: PHOTO-EXIF-MISSING, reason: 微信传输去掉了拍摄信息}\n"
        f'  - {{path: "{rel}", reason: 这次活动的说明另行补交}}\n'
    )
    plan.write_text(text, encoding="utf-8")
    after = check(folder)
    assert not codes_at(after, "PHOTO-EXIF-MISSING")
    missing = {f["path"] for f in codes_at(after, "CAPTION-MISSING")}
    assert not any(p.startswith(rel) for p in missing if p)
    assert any(p.startswith(other.relative_to(folder).as_posix()) for p in missing if p)
