"""Drafted captions (活动说明.txt) and activity titles: what is known filled in, the rest 待填写.

Field labels and the title format come from the rubric's photo rules; the unit's names from the plan.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from wenming_cli.evidence.caption import PLACEHOLDER
from wenming_cli.models.rubric import Rubric
from wenming_cli.models.unit import UnitPlan

# Words in folder names that say nothing about the activity (storage and camera conventions).
_GENERIC = re.compile(
    r"(?i)新建文件夹|微信图片|微信|wechat|qq图片|照片|相片|图片|图像|素材|资料|材料|附件|文件|其他|汇总|上报|"
    r"备份|副本|camera|dcim|\d{3}[a-z]+|pictures?|photos?|images?|screenshots?|download"
)
_DATES = re.compile(
    r"20\d{2}\s*[-._年/]?\s*[01]?\d\s*[-._月/]?\s*[0-3]?\d\s*日?|20\d{2}年|[01]?\d月[0-3]?\d日|[01]?\d月份?|第?[一二三四]季度"
)
_EDGES = re.compile(r"^[\s\-_.、,，:：()（）\[\]【】\d]+|[\s\-_.、,，:：()（）\[\]【】\d]+$")


def clean_title(text: str, drop: tuple[str, ...] = ()) -> str:
    """A folder or file name reduced to an activity's name: no dates, ids, department or storage words."""
    normal = unicodedata.normalize("NFKC", text)
    for word in sorted(drop, key=len, reverse=True):
        if word:
            normal = normal.replace(word, " ")
    normal = _DATES.sub(" ", normal)
    normal = _GENERIC.sub(" ", normal)
    normal = re.sub(r"\s+", "", normal)
    return _EDGES.sub("", normal)


def is_volunteer(rubric: Rubric, subject: str) -> bool:
    standard = next((s for s in rubric.standards if str(s.number) == subject), None)
    if standard is not None:
        return any(c.volunteer for c in standard.clauses)
    task = rubric.task(subject)
    return bool(task and task.volunteer)


def photo_rules(rubric: Rubric, subject: str):  # -> PhotoRules | None
    rules = rubric.material_rules_for_task(subject) if subject.startswith("a") else rubric.material_rules
    return rules.photo


def theme(rubric: Rubric, plan: UnitPlan | None, subject: str, title: str) -> str:
    """The activity's 主题 in the rubric's title format (Yiyang: 益阳市2021年 + 单位名称 + 活动名称)."""
    rules = photo_rules(rubric, subject)
    fmt = rules.title_format if rules is not None else None
    if fmt is None or title.startswith(fmt.prefix):
        return title
    unit = ""
    if fmt.requires_unit_name and plan is not None:
        # The short name reads naturally (益阳市2021年市委党校…); the title check accepts either.
        if not any(title.startswith(n) for n in plan.unit.names):
            unit = (plan.unit.short_names or (plan.unit.name,))[0]
    return f"{fmt.prefix}{unit}{title}"


def caption_text(rubric: Rubric, plan: UnitPlan | None, subject: str, day: dt.date | None, title: str) -> str:
    """The drafted caption: one 键：值 per line, unknown required fields as 待填写."""
    rules = photo_rules(rubric, subject)
    when = f"{day.year}年{day.month}月{day.day}日" if day else PLACEHOLDER
    organiser = plan.unit.name if plan is not None else PLACEHOLDER
    known = {"time": when, "organiser": organiser, "theme": theme(rubric, plan, subject, title)}
    lines = []
    if rules is not None and rules.caption_fields:
        volunteer = is_volunteer(rubric, subject)
        for spec in rules.caption_fields:
            if spec.volunteer_only and not volunteer:
                continue
            lines.append(f"{spec.label}：{known.get(spec.id, PLACEHOLDER)}")
    else:  # the rubric names no caption fields: the two the scanner and the title check read
        lines += [f"时间：{when}", f"主题：{known['theme']}"]
    lines += ["", f"# 由 wenming import 起草：请把“{PLACEHOLDER}”换成实际内容，并核对其余各项。"]
    return "\n".join(lines) + "\n"
