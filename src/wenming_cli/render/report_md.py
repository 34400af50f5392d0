"""The self-inspection report (自查报告) as narrative sections, and its Markdown rendering.

The Word renderer lays out the same sections, so the two never say different things. The wording
follows the rules rubrics set for reports: numbered headings, figures in every paragraph, and none of
the stock phrases a rubric bans (the generated text never uses them; text a clerk wrote into the unit
plan is checked and flagged).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from wenming_cli.models.common import format_points
from wenming_cli.models.comparison import COMPARISON_SIGNS
from wenming_cli.models.rubric import Rubric
from wenming_cli.models.scorecard import STATUS_LABELS, CategoryScore, Gap, GapReport, Scorecard
from wenming_cli.render.console import md_table

p = format_points
CN_NUMBERS = "一二三四五六七八九十"
COMPARISON = COMPARISON_SIGNS
# Never written by the generator whatever the rubric says; a rubric's own list is added to these.
ALWAYS_AVOIDED = ("截至目前", "截止目前", "近年来")


@dataclass
class Section:
    heading: str
    level: int  # 0 title, 1 一、, 2 （一）
    paragraphs: list[str] = field(default_factory=list)
    table: tuple[list[str], list[list[str]]] | None = None
    items: list[str] = field(default_factory=list)  # numbered 1. 2. …
    after: list[str] = field(default_factory=list)  # paragraphs after the items


def cn_number(n: int) -> str:
    if n <= 10:
        return CN_NUMBERS[n - 1]
    if n < 20:
        return "十" + CN_NUMBERS[n - 11]
    tens, ones = divmod(n, 10)
    return CN_NUMBERS[tens - 1] + "十" + (CN_NUMBERS[ones - 1] if ones else "")


def cn_date(d) -> str:  # noqa: ANN001 - a date
    return f"{d.year}年{d.month}月{d.day}日"


def banned_phrases(rubric: Rubric | None) -> tuple[str, ...]:
    listed = []
    if rubric is not None and rubric.material_rules.report is not None:
        listed = [b.text for b in rubric.material_rules.report.banned_phrases]
    return tuple(dict.fromkeys([*ALWAYS_AVOIDED, *listed]))


def wording_problems(sections: list[Section], banned: tuple[str, ...]) -> list[str]:
    """Paragraphs that carry a banned phrase (only possible in text a clerk wrote into the plan)."""
    out = []
    for s in sections:
        for text in [s.heading, *s.paragraphs, *s.items, *s.after]:
            norm = unicodedata.normalize("NFKC", text)
            for phrase in banned:
                if unicodedata.normalize("NFKC", phrase) in norm:
                    out.append(f"“{phrase}”：{text[:40]}")
    return out


def figure_text(label: str, value: Decimal, unit: str = "人") -> str:
    """员工总人数86人 (the figure's unit from the rubric); a label ending in （%） reads 满意率92%."""
    for mark in ("（%）", "(%)"):
        if label.endswith(mark):
            return f"{label[: -len(mark)]}{format_points(value)}%"
    return f"{label}{format_points(value)}{unit}"


def _category_paragraph(cat: CategoryScore) -> str:
    standards = {c.standard for c in cat.clauses}
    counts = {"activities": 0, "documents": 0, "reports": 0}
    for number in standards:
        clauses = [c for c in cat.clauses if c.standard == number]
        for key in counts:
            counts[key] += max(getattr(c, key) for c in clauses)
    by_status: dict[str, int] = {}
    for c in cat.clauses:
        by_status[c.status] = by_status.get(c.status, 0) + 1
    status_text = "，".join(
        f"{STATUS_LABELS[s]}{by_status[s]}项"
        for s in ("met", "partly", "pending", "missing", "not_decidable", "not_applicable")
        if by_status.get(s)
    )
    return (
        f"本项目共{len(standards)}条测评标准、{len(cat.clauses)}个计分项，满分{p(cat.totals.maximum)}分。"
        f"整理佐证材料活动{counts['activities']}个、正式发文{counts['documents']}份、"
        f"说明报告{counts['reports']}份。其中{status_text}，按材料计{p(cat.totals.evidence)}分。"
    )


def _met_list(cat: CategoryScore) -> str | None:
    met = [c for c in cat.clauses if c.status == "met"]
    if not met:
        return None
    shown = "、".join(f"{c.ref}（{c.short_title}）" for c in met)
    return f"已达标的计分项{len(met)}个：{shown}。"


def narrative(card: Scorecard, gaps: GapReport, banned: tuple[str, ...] = ALWAYS_AVOIDED) -> list[Section]:
    unit = card.unit or "本单位"
    sections = [Section(f"{unit}创建文明单位自查报告", 0)]
    n_standards = len({c.standard for c in card.clauses()})
    sections[0].paragraphs.append(
        f"按照《{card.rubric_title}》，{unit}对照{n_standards}条测评标准、{len(card.clauses())}个计分项"
        f"逐项开展自查，{cn_date(card.as_of)}完成材料核对。现将自查情况报告如下。"
    )

    basic = Section("一、基本情况", 1)
    line = f"{unit}"
    if card.unit_category:
        line += f"属{card.unit_category}"
    line += f"，按《{card.rubric_title}》（{card.rubric}）创建。"
    if card.assessment_date:
        line += f"测评日期按{cn_date(card.assessment_date)}计。"
    basic.paragraphs.append(line)
    if card.figures:
        basic.paragraphs.append(
            "；".join(figure_text(label, value, card.figure_units.get(fid, "人")) for fid, label, value in card.figures) + "。"
        )
    st = card.stats
    basic.paragraphs.append(
        f"本次自查共核对佐证材料{st.files}个文件，其中照片{st.photos}张，整理活动{st.activities}个、"
        f"正式发文{st.documents}份、说明报告{st.reports}份。"
    )
    deps = {d for c in card.clauses() for d in c.responsibility.departments}
    persons = {x for c in card.clauses() for x in c.responsibility.persons}
    if deps:
        who = f"{len(deps)}个责任部门" + (f"、{len(persons)}名责任人" if persons else "")
        basic.paragraphs.append(f"创建任务分解到{who}，逐条明确完成时限。")
    sections.append(basic)

    work = Section("二、创建工作开展情况", 1)
    sections.append(work)
    for i, cat in enumerate(card.categories, 1):
        sec = Section(f"（{cn_number(i)}）{cat.title}（{p(cat.totals.maximum)}分）", 2)
        sec.paragraphs.append(_category_paragraph(cat))
        met = _met_list(cat)
        if met:
            sec.paragraphs.append(met)
        for c in cat.clauses:
            for t in c.targets:
                if t.actual is not None:
                    counts = f"（{p(t.numerator)}/{p(t.denominator)}）" if t.numerator is not None else ""
                    text = (
                        f"{c.ref}量化指标：{t.label}为{p(t.actual)}{t.unit}{counts}，"
                        f"要求{COMPARISON.get(t.comparison, t.comparison)}{p(t.required)}{t.unit}"
                    )
                    text += (
                        "，已达到。"
                        if t.met
                        else (f"，还差{t.people_short}人。" if t.people_short else "，未达到。")
                    )
                else:
                    text = f"{c.ref}量化指标：{t.label}缺少人数，未能计算。"
                sec.paragraphs.append(text)
        sections.append(sec)

    scores = Section("三、自评得分", 1)
    rows = [
        [cn_number(i), cat.title, p(cat.totals.maximum), p(cat.totals.evidence), p(cat.totals.self_assessed)]
        for i, cat in enumerate(card.categories, 1)
    ]
    rows.append(["", "合计", p(card.totals.maximum), p(card.totals.evidence), p(card.totals.self_assessed)])
    scores.table = (["序号", "测评项目", "满分", "按材料计分", "单位自评"], rows)
    t = card.totals
    text = f"测评细则指标分按材料计{p(t.evidence)}分（满分{p(t.maximum)}分）"
    if t.from_self_assessment:
        text += f"，其中无法从材料判断的计分项采用单位自评{p(t.from_self_assessment)}分"
    if t.estimated:
        text += f"，部分达标项按测评细则约定比例估计{p(t.estimated)}分"
    text += f"；单位自评合计{p(t.self_assessed)}分。"
    scores.paragraphs.append(text)
    for b in card.bonus:
        counted = [i for i in b.items if i.counted]
        line = f"特色加分“{b.label}”计{p(b.points)}分（上限{p(b.cap)}分，期限{b.window_text}），申报{len(b.items)}项、计入{len(counted)}项"
        skipped = [f"{i.name}（{i.reason}）" for i in b.items if i.reason]
        line += "；" + "；".join(skipped) + "。" if skipped else "。"
        scores.paragraphs.append(line)
    if card.bonus:
        scores.paragraphs.append(f"特色加分合计{p(card.bonus_points)}分，测评总分{p(card.total)}分。")
    scores.paragraphs.append(card.verdict.message)
    if card.not_applicable:
        scores.paragraphs.append(
            "不适用项及理由：" + "；".join(f"{s}：{r}" for s, r in card.not_applicable) + "。"
        )
    sections.append(scores)

    problems = Section("四、存在问题", 1)
    clause_gaps = [g for g in gaps.gaps if g.kind == "clause"]
    task_gaps = [g for g in gaps.gaps if g.kind == "task"]
    # Items still inside their deadline with nothing wrong yet are summed up in one sentence, so the
    # report lists in detail only what already loses points.
    detailed = [g for g in gaps.gaps if g.severity != "info"]
    running = [g for g in gaps.gaps if g.severity == "info"]
    problems.paragraphs.append(
        f"自查发现待整改计分项{len(clause_gaps)}个、任务{len(task_gaps)}项，涉及风险分{p(gaps.at_risk)}分，"
        f"已逾期{sum(1 for g in gaps.gaps if g.overdue)}项。"
    )
    problems.items = [_problem_item(g, banned) for g in detailed]
    if running:
        problems.after.append(f"另有{len(running)}项尚在期限内、材料未收齐：" + compact_refs(running) + "。")
    sections.append(problems)

    remedies = Section("五、整改措施", 1)
    remedies.paragraphs.append(
        f"针对以上问题，逐项明确整改措施、责任部门和整改期限，共{len(gaps.gaps)}项，整改完成后重新核对材料。"
    )
    remedies.items = [_remedy_item(g) for g in detailed]
    if running:
        by_department: dict[str, list[Gap]] = {}
        for g in running:
            by_department.setdefault("、".join(g.departments) or "待明确部门", []).append(g)
        for who, members in by_department.items():
            dates = sorted({g.deadline for g in members if g.deadline})
            due = f"在{cn_date(dates[-1])}前" if dates else "在期限前"
            remedies.after.append(f"{who}{due}补齐{len(members)}项材料：" + compact_refs(members) + "。")
    sections.append(remedies)
    return sections


_CLAUSE_REF = re.compile(r"^(第.+?条)第(\d+)项$")


def _order(g: Gap) -> tuple:
    parts = g.subject.split(".")
    if g.kind == "clause" and all(x.isdigit() for x in parts):
        return (0, *map(int, parts))
    return (1, g.subject)


def compact_refs(gaps: list[Gap]) -> str:
    """第(1)条第1、2、3项，第(2)条第1项，任务 a3-1.1 — one mention per standard, in rubric order."""
    groups: dict[str, list[str]] = {}
    for g in sorted(gaps, key=_order):
        m = _CLAUSE_REF.match(g.ref)
        if m:
            groups.setdefault(m.group(1), []).append(m.group(2))
        else:
            groups.setdefault(g.ref, [])
    return "，".join(f"{k}第{'、'.join(v)}项" if v else k for k, v in groups.items())


_PATH_NOTE = re.compile(r"（[^（）]*/[^（）]*）$")
_SEVERITY_TAG = re.compile(r"^(错误|警告|提示)：")


_QUOTED_PASSAGE = re.compile(r"（第\s*\d+\s*段：[^）]*）")


def _plain(message: str, banned: tuple[str, ...] = ()) -> str:
    """A problem as prose: without its severity tag, the file path a list would show, and the banned
    phrase it may quote (the report itself must not contain 截至目前, even in a quotation)."""
    text = _PATH_NOTE.sub("", _SEVERITY_TAG.sub("", message)).rstrip("。")
    text = _QUOTED_PASSAGE.sub("", text)
    for phrase in banned:
        text = text.replace(f"“{phrase}”", "").replace(phrase, "禁用表述")
    return text


def _problem_item(g: Gap, banned: tuple[str, ...] = (), limit: int = 3) -> str:
    head = f"{g.ref}（{g.title}"
    if g.max_points is not None:
        head += f"，{p(g.max_points)}分，风险{p(g.at_risk)}分"
    head += "）"
    shown = list(dict.fromkeys(_plain(m, banned).removeprefix(f"{g.ref}：") for m in g.missing))
    text = "；".join(shown[:limit]) or STATUS_LABELS[g.status]
    if len(shown) > limit:
        text += f"等{len(shown)}个问题"
    return head + "：" + text + "。"


def _remedy_item(g: Gap, limit: int = 3) -> str:
    measure = (g.remedy or "").rstrip("。") or "（整改措施待责任部门填写）"
    if not g.remedy and g.actions:
        measure += "建议：" + "；".join(a.rstrip("。") for a in g.actions[:limit])
    who = "、".join(g.departments) or "待明确"
    persons = f"，责任人：{'、'.join(g.persons)}" if g.persons else ""
    if g.doers:
        persons += f"，执行人：{'、'.join(g.doers)}"
    deadline = cn_date(g.deadline) if g.deadline else (g.deadline_text or "待定")
    overdue = "（已逾期）" if g.overdue else ""
    return f"{g.ref}：{measure}。责任部门：{who}{persons}；整改期限：{deadline}{overdue}。"


def render_markdown(card: Scorecard, gaps: GapReport, rubric: Rubric | None = None) -> str:
    banned = banned_phrases(rubric)
    sections = narrative(card, gaps, banned)
    out: list[str] = []
    for s in sections:
        out.append(("#" * (s.level + 1)) + " " + s.heading + "\n")
        out += [para + "\n" for para in s.paragraphs]
        if s.table:
            out.append(md_table(*s.table))
        if s.items:
            out.append("\n".join(f"{i}. {item}" for i, item in enumerate(s.items, 1)) + "\n")
        out += [para + "\n" for para in s.after]
    problems = wording_problems(sections, banned)
    if problems:
        out.append("> 请修改：以下文字含测评细则不允许的表述——" + "；".join(problems) + "\n")
    out.append(f"{card.unit or ''}\n\n{cn_date(card.as_of)}\n")
    return "\n".join(out)
