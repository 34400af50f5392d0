"""Official wording for hand-in documents: facts, actions, dates; nothing of wenming's own vocabulary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from wenming_cli.models.finding import Finding, Severity
from wenming_cli.models.results import CheckResult, CheckStats, Coverage, RequirementCoverage, TargetResult
from wenming_cli.models.scorecard import GapGroup
from wenming_cli.render.official import (
    Wording,
    deadline_text,
    editorial,
    evidence_text,
    official,
    period_text,
    reason_text,
    target_statement,
)
from wenming_cli.render.report_sheets import merged_groups


def finding(code: str, **kw) -> Finding:
    return Finding(code=code, severity=Severity.error, message="错误：x（22 学雷锋/1.jpg）", **kw)


def test_dates_periods_and_overdue_items():
    assert period_text("2021Q2") == "2021年第二季度"
    assert deadline_text(dt.date(2021, 10, 31), False) == "2021年10月31日"
    assert deadline_text(dt.date(2021, 6, 30), True) == "立即整改（原定2021年6月30日）"
    assert deadline_text(dt.date(2021, 6, 30), True, dt.date(2021, 8, 1)) == "2021年8月1日"
    assert deadline_text(None, False, None, "创建周期内") == "创建周期内"


def test_texts_a_leader_may_not_read():
    for text in (
        "错误：照片过大",
        "更新 unit.yaml",
        "见“22 …/正式发文”",
        "（yiyang-2021）",
        "1.jpg 太小",
        "加分/ 中没有证明",
    ):
        assert not official(text), text
    assert official("2021年第二季度尚无方案/计划")
    assert editorial("（原表“测评标准”一栏提取为乱码，无法辨认）") and not editorial("（一）学习教育")
    assert evidence_text("活动2个；错误1个、警告0个") == "活动2个"
    assert (
        reason_text("加分/ 中没有“X”的证明：文件名应含名称，或在 unit.yaml 中写明")
        == "未提供证明材料，不计分"
    )
    assert reason_text("个人荣誉，只计单位荣誉") == "个人荣誉，只计单位荣誉"


def test_statement_aggregates_by_rule_and_states_quarters():
    findings = (
        finding("PHOTO-SIZE", standard="22", clause="22.1", path="22/a/1.jpg", expected="大于1.5M、小于2M"),
        finding("PHOTO-SIZE", standard="22", clause="22.1", path="22/b/1.jpg", expected="大于1.5M、小于2M"),
        finding(
            "CAPTION-FIELD", standard="22", clause="22.1", path="22/a/活动说明.txt", actual="缺少 服务对象"
        ),
        finding("COVERAGE-PERIOD", task="a3-1.2", period="2021Q2", expected="1", actual="0", field="meeting"),
        finding("UNIT-PERSON-UNKNOWN", standard="22", clause="22.1"),
    )
    cov = Coverage(
        subject="a3-1.2",
        task="a3-1.2",
        needs_files=True,
        status="missing",
        requirements=(RequirementCoverage(kind="meeting", label="会议记录", required=1, found=0),),
    )
    check = CheckResult(
        rubric="r",
        evidence="e",
        as_of=dt.date(2021, 7, 10),
        findings=findings,
        coverage=(cov,),
        stats=CheckStats(),
    )
    words = Wording(check, None)
    clause = words.statement("22.1", "学雷锋", [f.key for f in findings if f.clause])
    assert clause.problems == (
        "2张活动照片大小不符合“大于1.5M、小于2M”的要求",
        "1次活动的图片说明要素不全（服务对象）",
    )
    assert "按规定格式和大小重新整理活动照片" in clause.measures
    task = words.statement("a3-1.2", "创建工作议事", [findings[3].key])
    assert task.problems == ("2021年第二季度尚无会议记录",)
    assert all(official(x) for x in (*clause.problems, *clause.measures, *task.problems, *task.measures))


def test_target_statement():
    t = TargetResult(
        target="v", label="注册志愿者比例", subject="22.1", comparison=">=", required=Decimal(50),
        actual=Decimal("40"), met=False, people_short=9,
    )  # fmt: skip
    problem, measure = target_statement(t)
    assert problem == "注册志愿者比例为40%，未达到≥50%的要求，还差9人" and "达到≥50%" in measure


def test_identical_department_lists_share_one_sheet():
    def group(label: str, subjects: tuple[str, ...]) -> GapGroup:
        return GapGroup(key=label, label=label, subjects=subjects, at_risk=Decimal(1), overdue=0)

    merged = merged_groups(
        [group("机关党委", ("1.1", "2.1")), group("办公室", ("1.1",)), group("纪委", ("1.1", "2.1"))]
    )
    assert [labels for labels, _ in merged] == [["机关党委", "纪委"], ["办公室"]]
