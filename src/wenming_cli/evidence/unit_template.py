"""The `unit.yaml` that `wenming init` writes when a folder has none: every section present and empty,
each with a short Chinese comment, so that `wenming check` works at once and the clerk sees what goes where.

Examples in the comments use the rubric's own ids (its figures, honour levels, unit categories, first
standard), never another city's words.
"""

from __future__ import annotations

import json

from wenming_cli.models.rubric import Rubric

NAME_PLACEHOLDER = "请改为单位全称"


def _quoted(text: str) -> str:
    """A YAML scalar that reads back as exactly `text` (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _vocabulary(entries, prefix: str) -> list[str]:
    return [f"{prefix}{e.id}：{e.label}" for e in entries]


def unit_plan_template(
    rubric: Rubric, rubric_ref: str, name: str | None = None, short_names: tuple[str, ...] = ()
) -> str:
    """The text of a new unit plan for `rubric` (named in the file as `rubric_ref`)."""
    vocab = rubric.vocabularies
    first = rubric.standards[0] if rubric.standards else None
    clause = first.clauses[0].id if first is not None and first.clauses else "1.1"
    figure_lines = _vocabulary(vocab.figures, "#   ")
    level_ids = "、".join(f"{e.id}（{e.label}）" for e in vocab.honour_levels) or "见测评细则"
    tier_ids = "、".join(f"{e.id}（{e.label}）" for e in vocab.media_tiers) or "见测评细则"
    lines = [
        "# 单位方案：本单位的名称、人员、分工、数据、荣誉和自评。由 wenming init 生成，请按本单位情况填写。",
        "# “#”后面是说明，可以保留。改完后运行：wenming check 本文件夹",
        f"rubric: {_quoted(rubric_ref)}  # 测评细则：id，或 YAML 文件相对本文件的路径",
        f"assessment_year: {rubric.year}  # 测评年度",
        f"# assessment_date: {rubric.year}-11-30  # 测评日期（期限按“测评前一年内”计算时必填）",
        "unit:",
        f"  name: {_quoted(name or NAME_PLACEHOLDER)}  # 单位全称，与活动主题、报告中的写法一致",
        f"  short_names: [{', '.join(_quoted(s) for s in short_names)}]  # 简称，活动主题中用简称也算",
    ]
    if vocab.unit_categories:
        cats = "、".join(f"{c.id}（{c.label}）" for c in vocab.unit_categories)
        lines.append(f'  # category: "{vocab.unit_categories[0].id}"  # 单位类别，决定哪些任务适用：{cats}')
    lines += [
        "roster: []  # 人员名册，每人一行：- {name: 张三, roles: [创文专干], department: office}",
        "departments: []  # 部门（科室），每个一行：- {id: office, name: 办公室}；id 用英文字母，分工中引用",
        "assignments: []  # 分工：测评标准、计分项或任务由谁负责、何时完成，每条一行：",
        f'#   - {{subject: "{first.number if first else "1"}", departments: [office], persons: [张三], deadline: {rubric.year}-10-31}}',
        "figures: {}  # 量化指标用到的数据，填本单位的数字，如 {"
        + (f"{vocab.figures[0].id}: 120" if vocab.figures else "")
        + "}。可填的有：",
        *figure_lines,
        "honours: []  # 荣誉称号；证明文件（发文扫描件）放“加分”文件夹，文件名含称号和发文日期。每个一行：",
        f"#   - {{name: 称号全称, level: {vocab.honour_levels[0].id if vocab.honour_levels else 'city'}, "
        f"issuer: 发文单位, document_date: {rubric.year}-03-16, document_number: 文号, evidence: 加分/证明文件名.pdf}}",
        f"#   level 可用：{level_ids}",
        "promotions: []  # 经验推介（媒体报道、会议交流）；证明同样放“加分”文件夹。每条一行：",
        f"#   - {{name: 报道标题, tier: {vocab.media_tiers[0].id if vocab.media_tiers else 'provincial'}, "
        f"outlet: 媒体或会议, document_date: {rubric.year}-05-20, content_key: 同一内容用同一个词}}",
        f"#   tier 可用：{tier_ids}",
        "self_assessment: {}  # 自评得分：按计分项写分数和理由，每项两行：",
        f'#   "{clause}": {{points: 2, reason: 写明依据，如 每季度开展一次，共4次}}',
        *_veto_lines(rubric),
        *_shortfall_lines(rubric),
        "ignore: []  # 确认无误、不必再报告的问题：- {code: 代码, path: 路径, reason: 理由}",
        "",
    ]
    return "\n".join(lines)


def _veto_lines(rubric: Rubric) -> list[str]:
    """Each disqualifying condition, undecided until the unit confirms it (passed / failed)."""
    if not rubric.vetoes:
        return []
    lines = ["vetoes:  # 一票否决项：逐项确认 passed（未触及）或 failed（已触及）；undecided 表示尚未确认"]
    for v in rubric.vetoes:
        lines.append(f"  {_quoted(v.id)}: {{status: undecided}}  # {v.text}")
    return lines


def _shortfall_lines(rubric: Rubric) -> list[str]:
    """Deduction clauses judged on site: where the unit records the failures counted there."""
    on_site = [
        (s, c)
        for s in rubric.standards
        for c in s.clauses
        if c.scoring.mode == "deduction" and not rubric.needs_files(s, c)
    ]
    if not on_site:
        return []
    lines = ["shortfalls: {}  # 实地考察扣分项：按计分项写现场清点出的问题数，score 按此扣分，如："]
    lines += [f"#   {_quoted(c.id)}: {{count: 0, note: 写明清点情况}}  # {c.text}" for _, c in on_site]
    return lines
