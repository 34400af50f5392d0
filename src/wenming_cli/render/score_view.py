"""Renderers for `wenming score`: terminal (rich), plain text, JSON and Markdown."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from wenming_cli.models.common import format_points
from wenming_cli.models.comparison import COMPARISON_SIGNS
from wenming_cli.models.results import TargetResult
from wenming_cli.models.scorecard import (
    BASIS_LABELS,
    STATUS_LABELS,
    VETO_STATUS_LABELS,
    BonusScore,
    ClauseScore,
    Scorecard,
)
from wenming_cli.render.console import capture, md_table
from wenming_cli.render.formats import OutputFormat, to_json

p = format_points


def scorecard_json(card: Scorecard) -> dict:
    return card.model_dump(mode="json")


def header_lines(card: Scorecard) -> list[str]:
    lines = [
        f"单位：{card.unit or '（未提供单位方案）'}",
        f"测评细则：{card.rubric_title}（{card.rubric}）",
        f"检查日期：{card.as_of.isoformat()}",
    ]
    if card.assessment_date:
        lines.append(f"测评日期：{card.assessment_date.isoformat()}")
    return lines


def total_lines(card: Scorecard) -> list[str]:
    t = card.totals
    extra = []
    if t.from_self_assessment:
        extra.append(f"其中采用自评{p(t.from_self_assessment)}分")
    if t.estimated:
        extra.append(f"估计部分{p(t.estimated)}分")
    lines = [
        f"按材料计分：{p(t.evidence)} / {p(t.maximum)} 分" + (f"（{'，'.join(extra)}）" if extra else ""),
        f"单位自评合计：{p(t.self_assessed)} 分",
    ]
    if t.applicable_maximum != t.maximum:
        lines.append(f"适用满分：{p(t.applicable_maximum)} 分（不适用项不计）")
    lines.append(f"特色加分：{p(card.bonus_points)} 分")
    lines.append(f"测评总分：{p(card.total)} 分")
    lines.append(f"评定：{card.verdict.message}")
    for v in card.vetoes:
        lines.append(
            f"一票否决项：{v.text}——{VETO_STATUS_LABELS[v.status]}" + (f"（{v.note}）" if v.note else "")
        )
    return lines


def clause_row(c: ClauseScore) -> list[str]:
    evidence = p(c.evidence_points) if c.evidence_points is not None else "—"
    self_pts = p(c.self_points) if c.self_points is not None else ""
    note = c.explanation
    if c.not_applicable_reason:
        note = f"不适用：{c.not_applicable_reason}"
    if c.veto:
        note += "；一票否决项" + ("未通过" if c.veto_failed else "待确认" if c.veto_failed is None else "")
    return [
        c.clause,
        c.ref,
        c.short_title,
        STATUS_LABELS[c.status],
        p(c.max_points),
        evidence,
        p(c.points) + ("" if c.basis == "evidence" else f"（{BASIS_LABELS[c.basis]}）"),
        self_pts,
        note,
    ]


CLAUSE_HEADERS = ["计分项", "条款", "标准", "状态", "分值", "材料得分", "计入得分", "自评分", "说明"]


def category_rows(card: Scorecard) -> list[list[str]]:
    rows = [
        [
            str(cat.number),
            cat.title,
            p(cat.totals.maximum),
            p(cat.totals.evidence),
            p(cat.totals.self_assessed),
        ]
        for cat in card.categories
    ]
    rows.append(["", "合计", p(card.totals.maximum), p(card.totals.evidence), p(card.totals.self_assessed)])
    return rows


CATEGORY_HEADERS = ["序号", "测评项目", "满分", "按材料计分", "自评得分"]


def bonus_rows(card: Scorecard) -> list[list[str]]:
    rows = []
    for b in card.bonus:
        for item in b.items:
            rows.append(
                [
                    b.label,
                    item.name,
                    item.level_label + ("（个人）" if item.holder == "personal" else ""),
                    item.document_date.isoformat(),
                    p(item.points),
                    item.reason or (f"计入（证明：{item.proof}）" if item.proof else "计入"),
                ]
            )
    return rows


BONUS_HEADERS = ["加分项目", "名称", "级别", "发文日期", "计入分", "说明"]


def bonus_summary(b: BonusScore) -> str:
    window = b.window_text
    if b.window_start and b.window_end:
        window += f"（{b.window_start.isoformat()}至{b.window_end.isoformat()}）"
    return f"{b.label}：{p(b.points)}分（上限{p(b.cap)}分，期限{window}）"


def target_row(t: TargetResult) -> list[str]:
    actual = f"{p(t.actual)}{t.unit}" if t.actual is not None else "缺数据"
    figures = (
        f"{p(t.numerator)}/{p(t.denominator)}"
        if t.numerator is not None and t.denominator is not None
        else ""
    )
    met = {True: "达到", False: "未达到", None: "无法判断"}[t.met]
    short = str(t.people_short) if t.people_short else ""
    sign = COMPARISON_SIGNS.get(t.comparison, t.comparison)
    return [t.subject, t.label, figures, actual, f"{sign}{p(t.required)}{t.unit}", met, short]


TARGET_HEADERS = ["条款/任务", "量化指标", "人数", "比例", "要求", "结果", "还需人数"]


def render_score(card: Scorecard, fmt: OutputFormat) -> str:
    if fmt == OutputFormat.json:
        return to_json(scorecard_json(card))
    clause_rows = [clause_row(c) for c in card.clauses()]
    na = [f"{s}：{r}" for s, r in card.not_applicable]
    if fmt == OutputFormat.markdown:
        parts = [f"# 计分结果：{card.unit or ''}\n", "\n".join(f"- {x}" for x in header_lines(card)), ""]
        parts += ["## 得分汇总\n", md_table(CATEGORY_HEADERS, category_rows(card))]
        parts += ["\n".join(f"- {x}" for x in total_lines(card)), ""]
        if card.bonus:
            parts += ["## 特色加分\n", "\n".join(f"- {bonus_summary(b)}" for b in card.bonus), ""]
            if bonus_rows(card):
                parts.append(md_table(BONUS_HEADERS, bonus_rows(card)))
        if card.targets:
            parts += ["## 量化指标\n", md_table(TARGET_HEADERS, [target_row(t) for t in card.targets])]
        if na:
            parts += ["## 不适用项\n", "\n".join(f"- {x}" for x in na), ""]
        parts += ["## 各计分项\n", md_table(CLAUSE_HEADERS, clause_rows)]
        if card.notes:
            parts += ["\n".join(f"> {n}" for n in card.notes), ""]
        return "\n".join(parts) + "\n"
    if fmt == OutputFormat.plain:
        lines = header_lines(card) + [""]
        lines += ["\t".join(r) for r in [CATEGORY_HEADERS, *category_rows(card)]] + [""]
        lines += ["\t".join(r) for r in [CLAUSE_HEADERS, *clause_rows]] + [""]
        for b in card.bonus:
            lines.append(bonus_summary(b))
        lines += ["\t".join(r) for r in bonus_rows(card)]
        lines += ["\t".join(target_row(t)) for t in card.targets]
        lines += [f"不适用：{x}" for x in na]
        lines += [""] + total_lines(card) + list(card.notes)
        return "\n".join(lines) + "\n"
    return capture(_rich(card, clause_rows, na), rich=True)


def _rich(card: Scorecard, clause_rows: list[list[str]], na: list[str]) -> list:
    out: list = [Text("\n".join(header_lines(card)), style="bold")]
    clauses = Table(title="各计分项", show_lines=False, expand=True)
    for h in CLAUSE_HEADERS:
        clauses.add_column(h, overflow="fold", ratio=4 if h == "说明" else None)
    styles = {"达标": "green", "部分达标": "yellow", "缺少材料": "red", "进行中": "cyan"}
    for row in clause_rows:
        clauses.add_row(*row, style=styles.get(row[3], ""))
    out.append(clauses)
    cats = Table(title="得分汇总")
    for h in CATEGORY_HEADERS:
        cats.add_column(h)
    for row in category_rows(card):
        cats.add_row(*row)
    out.append(cats)
    if card.bonus:
        bonus = Table(title="特色加分：" + "；".join(bonus_summary(b) for b in card.bonus), expand=True)
        for h in BONUS_HEADERS:
            bonus.add_column(h, overflow="fold")
        for row in bonus_rows(card):
            bonus.add_row(*row, style="" if row[-1].startswith("计入") else "dim")
        out.append(bonus)
    if card.targets:
        targets = Table(title="量化指标")
        for h in TARGET_HEADERS:
            targets.add_column(h, overflow="fold")
        for t in card.targets:
            targets.add_row(*target_row(t), style="red" if t.met is False else "")
        out.append(targets)
    for x in na:
        out.append(Text(f"不适用：{x}", style="dim"))
    verdict_style = "bold green" if card.verdict.eligible and card.verdict.reached else "bold yellow"
    if not card.verdict.eligible:
        verdict_style = "bold red"
    lines = total_lines(card)
    out.append(Text("\n".join(lines[:-1]), style="bold"))
    out.append(Text(lines[-1], style=verdict_style))
    for n in card.notes:
        out.append(Text(n, style="dim"))
    return out
