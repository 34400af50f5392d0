"""The self-inspection report (自查报告) as narrative sections, shared by Word, Markdown and HTML.

Written for the leadership and the city's office: the work done (activities by date and title), the
score, problems as facts and measures as actions with department and date. No severity tags, folders,
file names, rubric ids or transcription notes (see `official`). The wording follows the rules rubrics
set for reports: numbered headings, figures, none of the banned stock phrases.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from wenming_cli.models.common import format_points
from wenming_cli.models.comparison import COMPARISON_SIGNS
from wenming_cli.models.results import CheckResult
from wenming_cli.models.rubric import Rubric
from wenming_cli.models.scorecard import STATUS_LABELS, CategoryScore, Gap, GapReport, Scorecard
from wenming_cli.render.handin import HandIn
from wenming_cli.render.official import (
    cn_date,
    official,
    reason_text,
)

p = format_points
CN_NUMBERS = "一二三四五六七八九十"
COMPARISON = COMPARISON_SIGNS
# Only a rubric's own stock phrases are avoided: another city's list is not this city's rule.
ALWAYS_AVOIDED: tuple[str, ...] = ()
ACTIVITIES_SHOWN = 6  # per category; the rest are counted


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


def _activity_text(activities: list[tuple[dt.date | None, str]]) -> str:
    """开展活动4次：3月5日“…”、4月20日“…”等 — dates and titles from the captions."""
    shown = [
        (f"{d.month}月{d.day}日" if d else "") + f"“{title}”" for d, title in activities[:ACTIVITIES_SHOWN]
    ]
    more = "等" if len(activities) > len(shown) else ""
    return f"开展活动{len(activities)}次：" + "、".join(shown) + more


def _category_paragraphs(cat: CategoryScore, hand: HandIn) -> list[str]:
    standards = {c.standard for c in cat.clauses}
    counts = {"documents": 0, "reports": 0}
    for number in standards:
        clauses = [c for c in cat.clauses if c.standard == number]
        for key in counts:
            counts[key] += max(getattr(c, key) for c in clauses)
    activities = hand.activities(cat)
    out = []
    if activities:
        out.append(_activity_text(activities) + "。")
    work = [
        f"{label}{n}份"
        for label, n in (("印发正式文件", counts["documents"]), ("形成说明报告", counts["reports"]))
        if n
    ]
    by_status: dict[str, int] = {}
    for c in cat.clauses:
        by_status[c.status] = by_status.get(c.status, 0) + 1
    status_text = "，".join(
        f"{STATUS_LABELS[s]}{by_status[s]}项"
        for s in ("met", "partly", "pending", "missing", "not_decidable", "not_applicable")
        if by_status.get(s)
    )
    line = f"本项目共{len(standards)}条测评标准、{len(cat.clauses)}个计分项，满分{p(cat.totals.maximum)}分。"
    if work:
        line += "，".join(work) + "。"
    if not activities and not work:
        line += "尚未形成佐证材料。"
    line += f"其中{status_text}，按材料计{p(cat.totals.evidence)}分。"
    out.append(line)
    met = [c for c in cat.clauses if c.status == "met"]
    if met:
        out.append(
            f"已达标的计分项{len(met)}个：" + "、".join(f"{c.ref}（{c.short_title}）" for c in met) + "。"
        )
    for c in cat.clauses:
        for t in c.targets:
            if t.actual is not None:
                counts_text = f"（{p(t.numerator)}/{p(t.denominator)}）" if t.numerator is not None else ""
                text = (
                    f"{c.ref}量化指标：{t.label}为{p(t.actual)}{t.unit}{counts_text}，"
                    f"要求{COMPARISON.get(t.comparison, t.comparison)}{p(t.required)}{t.unit}"
                )
                text += (
                    "，已达到。"
                    if t.met
                    else (f"，还差{t.people_short}人。" if t.people_short else "，未达到。")
                )
            else:
                text = f"{c.ref}量化指标：{t.label}尚未统计。"
            out.append(text)
    return out


def narrative(
    card: Scorecard,
    gaps: GapReport,
    banned: tuple[str, ...] = ALWAYS_AVOIDED,
    check: CheckResult | None = None,
    rubric: Rubric | None = None,
) -> list[Section]:
    hand = HandIn(card, gaps, rubric, check)
    unit = card.unit or "本单位"
    sections = [Section(f"{unit}创建文明单位自查报告", 0)]
    n_standards = len({c.standard for c in card.clauses()})
    sections[0].paragraphs.append(
        f"按照《{card.rubric_title}》，{unit}对照{n_standards}条测评标准、{len(card.clauses())}个计分项"
        f"逐项开展自查，于{cn_date(card.as_of)}完成。现将自查情况报告如下。"
    )

    basic = Section("一、基本情况", 1)
    line = unit + (f"属{card.unit_category}" if card.unit_category else "")
    basic.paragraphs.append(f"{line}，对照《{card.rubric_title}》开展文明单位创建工作。")
    if card.figures:
        basic.paragraphs.append(
            "；".join(
                figure_text(label, value, card.figure_units.get(fid, "人"))
                for fid, label, value in card.figures
            )
            + "。"
        )
    st = card.stats
    basic.paragraphs.append(
        f"本次自查共核对佐证材料{st.files}份，其中活动照片{st.photos}张，整理活动{st.activities}次、"
        f"正式文件{st.documents}份、说明报告{st.reports}份。"
    )
    deps = {d for c in card.clauses() for d in c.responsibility.departments}
    persons = {x for c in card.clauses() for x in c.responsibility.persons}
    if deps:
        who = f"{len(deps)}个责任部门" + (f"、{len(persons)}名责任人" if persons else "")
        basic.paragraphs.append(f"创建任务分解到{who}，逐条明确完成时限。")
    sections.append(basic)

    sections.append(Section("二、创建工作开展情况", 1))
    for i, cat in enumerate(card.categories, 1):
        sec = Section(f"（{cn_number(i)}）{cat.title}（{p(cat.totals.maximum)}分）", 2)
        sec.paragraphs += _category_paragraphs(cat, hand)
        sections.append(sec)

    sections.append(_scores(card))
    problems, remedies = _problems_and_remedies(hand, banned)
    sections += [problems, remedies]
    return sections


def _scores(card: Scorecard) -> Section:
    scores = Section("三、自评得分", 1)

    def rate(evidence: Decimal, maximum: Decimal) -> str:
        return f"{round(evidence / maximum * 100)}%" if maximum else "—"

    rows = [
        [
            cn_number(i),
            cat.title,
            p(cat.totals.maximum),
            p(cat.totals.evidence),
            p(cat.totals.self_assessed),
            rate(cat.totals.evidence, cat.totals.maximum),
        ]
        for i, cat in enumerate(card.categories, 1)
    ]
    t = card.totals
    rows.append(["", "合计", p(t.maximum), p(t.evidence), p(t.self_assessed), rate(t.evidence, t.maximum)])
    scores.table = (["序号", "测评项目", "满分", "按材料计分", "单位自评", "得分率"], rows)
    t = card.totals
    text = f"测评细则指标分按材料计{p(t.evidence)}分（满分{p(t.maximum)}分）"
    if t.from_self_assessment:
        text += f"，其中无法从材料判断的计分项采用单位自评{p(t.from_self_assessment)}分"
    if t.estimated:
        text += f"，部分达标项按比例估计{p(t.estimated)}分"
    text += f"；单位自评合计{p(t.self_assessed)}分。"
    scores.paragraphs.append(text)
    for b in card.bonus:
        counted = [i for i in b.items if i.counted]
        line = f"特色加分“{b.label}”计{p(b.points)}分（上限{p(b.cap)}分，期限{b.window_text}），申报{len(b.items)}项、计入{len(counted)}项"
        skipped = [f"{i.name}（{reason_text(i.reason)}）" for i in b.items if i.reason]
        line += "；" + "；".join(skipped) + "。" if skipped else "。"
        scores.paragraphs.append(line)
    if card.bonus:
        scores.paragraphs.append(f"特色加分合计{p(card.bonus_points)}分，测评总分{p(card.total)}分。")
    scores.paragraphs.append(card.verdict.message)
    if card.not_applicable:
        scores.paragraphs.append(
            "不适用项及理由："
            + "；".join(f"{_subject_ref(card, s)}：{r}" for s, r in card.not_applicable)
            + "。"
        )
    return scores


def _subject_ref(card: Scorecard, subject: str) -> str:
    c = card.clause(subject)
    if c is not None:
        return c.ref
    t = next((t for t in card.tasks if t.task == subject), None)
    return f"“{t.title}”任务" if t else subject


def _problems_and_remedies(hand: HandIn, banned: tuple[str, ...]) -> tuple[Section, Section]:
    gaps = hand.gaps
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
    problems.items = [_problem_item(hand, g, banned) for g in detailed]
    if running:
        problems.after.append(
            f"另有{len(running)}项尚在期限内、材料未收齐：" + compact_refs(hand, running) + "。"
        )

    remedies = Section("五、整改措施", 1)
    remedies.paragraphs.append(
        f"针对以上问题，逐项明确整改措施、责任部门和整改期限，共{len(gaps.gaps)}项，整改完成后重新核对材料。"
    )
    remedies.items = [_remedy_item(hand, g) for g in detailed]
    if running:
        by_department: dict[str, list[Gap]] = {}
        for g in running:
            if hand.period(g.subject) is None:
                by_department.setdefault("、".join(g.departments) or "责任部门待明确的", []).append(g)
        for who, members in by_department.items():
            dates = sorted({g.deadline for g in members if g.deadline})
            due = f"在{cn_date(dates[-1])}前" if dates else f"在{hand.fallback() or '期限前'}"
            remedies.after.append(
                f"{who}{due}补齐{len(members)}项材料：" + compact_refs(hand, members) + "。"
            )
        for g in running:  # multi-year tasks: in their own period, not as a date of another year
            if (period := hand.period(g.subject)) is not None:
                who = "、".join(g.departments) or "责任部门待明确"
                remedies.after.append(f"{hand.ref(g)}由{who}在{period}完成。")
    return problems, remedies


def _order(g: Gap) -> tuple:
    parts = g.subject.split(".")
    if g.kind == "clause" and all(x.isdigit() for x in parts):
        return (0, *map(int, parts))
    return (1, g.subject)


def compact_refs(hand: HandIn, gaps: list[Gap]) -> str:
    """第(1)条第1、2、3项，第(2)条第1项，“创建工作议事”任务 — one mention per standard, in rubric order."""
    groups: dict[str, list[str]] = {}
    for g in sorted(gaps, key=_order):
        c = hand.card.clause(g.subject) if g.kind == "clause" else None
        if c is not None and g.ref.endswith("项") and "第" in g.ref[1:]:
            head, _, item = g.ref.rpartition("第")
            groups.setdefault(head, []).append(item.removesuffix("项"))
        else:
            groups.setdefault(hand.ref(g), [])
    return "，".join(f"{k}第{'、'.join(v)}项" if v else k for k, v in groups.items())


def _clean(text: str, banned: tuple[str, ...]) -> str:
    for phrase in banned:
        text = text.replace(f"“{phrase}”", "").replace(phrase, "禁用表述")
    return text


def _problem_item(hand: HandIn, g: Gap, banned: tuple[str, ...] = (), limit: int = 4) -> str:
    head = f"{hand.ref(g)}（{g.title}" if g.kind == "clause" else hand.ref(g) + "（"
    head = head + (f"，{p(g.max_points)}分，风险{p(g.at_risk)}分" if g.max_points is not None else "")
    head = (head + "）").replace("（）", "").replace("（，", "（")
    shown = [_clean(x, banned) for x in hand.statement_of(g).problems]
    text = "；".join(shown[:limit]) or f"{STATUS_LABELS[g.status]}"
    if len(shown) > limit:
        text += f"等{len(shown)}个问题"
    return head + "：" + text + "。"


def _remedy_item(hand: HandIn, g: Gap) -> str:
    measure = hand.measure(g) or "对照测评标准整改完善。"
    if not g.departments:
        measure += "责任部门待明确。"
    return f"{hand.ref(g)}：{measure}整改期限：{hand.deadline(g) or '待定'}。"


__all__ = [
    "ALWAYS_AVOIDED",
    "COMPARISON",
    "HandIn",
    "Section",
    "banned_phrases",
    "cn_date",
    "cn_number",
    "figure_text",
    "narrative",
    "official",
    "wording_problems",
]
