"""File-name rules a rubric declares (material_rules.file_names): a date prefix, or the 文号."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from pathlib import PurePosixPath

from wenming_cli.checks.codes import finding
from wenming_cli.checks.context import CheckContext, where_of
from wenming_cli.models.finding import Finding
from wenming_cli.models.rubric import NameRule

_PREFIX = {
    "YYYYMMDD": re.compile(r"^(\d{4})(\d{2})(\d{2})(?!\d)"),
    "YYYY-MM-DD": re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?!\d)"),
}
_EXAMPLE = {"YYYYMMDD": "%Y%m%d", "YYYY-MM-DD": "%Y-%m-%d"}
# 文号 as official documents print it: 益政发〔2021〕5号, [2021]12号, （2021）3号.
DOCUMENT_NUMBER = re.compile(r"[〔\[(]\s*\d{4}\s*[〕\])]\s*第?\s*\d+\s*号")
_ROLE_LABEL = {"photo": "照片", "official_document": "正式发文", "report": "说明报告", "screenshot": "截图"}


def check_file_names(ctx: CheckContext) -> Iterator[Finding]:
    activities = {a.path: a for a in ctx.activities}
    for f in ctx.scan.inventory.files:
        rules = ctx.rules_for(f.subject or "").file_names
        for index, rule in enumerate(rules):
            if f.role not in rule.applies_to:
                continue
            activity = activities.get(f.activity) if f.activity else None
            wanted = activity.date if activity is not None and rule.match_activity_date else None
            problem = name_problem(PurePosixPath(f.path).stem, rule, wanted)
            if problem is None:
                continue
            yield finding(
                "FILE-NAME",
                f"{_ROLE_LABEL.get(f.role, '文件')}名“{PurePosixPath(f.path).name}”{problem}"
                f"（测评细则：{rule.text}）。",
                fix=_fix(rule, wanted or f.date),
                expected=rule.text,
                actual=PurePosixPath(f.path).name,
                field=f"name#{index + 1}" if len(rules) > 1 else None,
                **where_of(f, ctx.rubric),
            )


def name_problem(stem: str, rule: NameRule, wanted: dt.date | None) -> str | None:
    """Why a name breaks the rule, or None when it follows it."""
    name = unicodedata.normalize("NFKC", stem)
    if rule.document_number and DOCUMENT_NUMBER.search(name):
        return None
    if not rule.date_prefix:
        return "没有文号" if rule.document_number else None
    found = _leading_date(name, rule)
    if found is None:
        formats = "或".join(rule.date_prefix)
        return f"不以日期（{formats}）开头" + ("，也没有文号" if rule.document_number else "")
    if wanted is not None and found != wanted:
        return f"开头的日期 {found} 与活动日期 {wanted} 不一致"
    return None


def _leading_date(name: str, rule: NameRule) -> dt.date | None:
    for fmt in rule.date_prefix:
        m = _PREFIX[fmt].match(name)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


def _fix(rule: NameRule, day: dt.date | None) -> str:
    parts = []
    if rule.date_prefix:
        fmt = rule.date_prefix[0]
        parts.append(
            f"文件名以日期开头，如“{day.strftime(_EXAMPLE[fmt])}-…”" if day else f"文件名以日期（{fmt}）开头"
        )
    if rule.document_number:
        parts.append("在文件名中写上文号（发文机关代字〔年份〕序号）")
    return "或".join(parts) + "。"
