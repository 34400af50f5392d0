"""Renderers for `wenming rubric list|show|validate`, one function per result, every format."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from wenming_cli import material_text
from wenming_cli.errors import Problem
from wenming_cli.models.common import format_points
from wenming_cli.models.outputs import (
    VALIDATION,
    FileValidation,
    RubricShow,
    RubricSummary,
    ValidationProblem,
)
from wenming_cli.models.rubric import Rubric, Standard
from wenming_cli.models.unit import UnitPlan
from wenming_cli.render.console import capture, md_table
from wenming_cli.render.formats import OutputFormat, to_json


def summary(rubric: Rubric) -> dict[str, object]:
    return RubricSummary(
        **_summary_fields(rubric)  # type: ignore[arg-type]
    ).model_dump(mode="json")


def _summary_fields(rubric: Rubric) -> dict[str, object]:
    return {
        "id": rubric.id,
        "city": rubric.city,
        "title": rubric.title,
        "edition": rubric.edition,
        "year": rubric.year,
        "categories": len(rubric.categories),
        "standards": len(rubric.standards),
        "clauses": sum(len(s.clauses) for s in rubric.standards),
        "tasks": sum(len(tl.tasks) for tl in rubric.task_lists),
        "total_points": rubric.total_points,
        "bonus_cap": sum((b.cap for b in rubric.bonuses), start=rubric.total_points * 0),
        "thresholds": {t.label: t.min_points for t in rubric.thresholds.titles}
        if rubric.thresholds
        else None,
    }


@dataclass
class RubricView:
    """A rubric filtered for display, with the unit's assignments when a plan is given."""

    rubric: Rubric
    standards: list[Standard]
    plan: UnitPlan | None = None
    filters: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(
        cls, rubric: Rubric, categories: list[str], methods: list[str], plan: UnitPlan | None
    ) -> RubricView:
        wanted = {_method_id(rubric, m) for m in methods}
        chosen = [
            s
            for s in rubric.standards
            if (not categories or s.category in categories)
            and (not wanted or any(m in wanted for c in s.clauses for m in rubric.clause_methods(s, c)))
        ]
        return cls(rubric, chosen, plan, {"category": [str(c) for c in categories], "method": sorted(wanted)})

    def who(self, subject: str) -> tuple[str, str]:
        if self.plan is None:
            return "", ""
        a = self.plan.assignment_for(subject)
        if a is None:
            return "", ""
        deps = "、".join((d.name if (d := self.plan.department(x)) else x) for x in a.departments)
        return deps, "、".join(a.persons)


def _method_id(rubric: Rubric, text: str) -> str:
    for m in rubric.vocabularies.methods:
        if text in (m.id, m.label):
            return m.id
    return text


def render_show(view: RubricView, fmt: OutputFormat) -> str:
    r = view.rubric
    if fmt == OutputFormat.json:
        shown = RubricShow(**dict(r), unit_plan=view.plan).model_copy(
            update={"standards": tuple(view.standards)}
        )
        return to_json(shown.model_dump(mode="json", exclude_none=True))
    cat_title = {c.number: c.title for c in r.categories}
    rows: list[list[str]] = []
    for s in view.standards:
        methods = "、".join(r.label("methods", m) for m in s.methods)
        deps, persons = view.who(s.number)
        for i, c in enumerate(s.clauses):
            cm = r.clause_methods(s, c)
            rows.append(
                [
                    f"{s.category} {cat_title.get(s.category, '')}" if i == 0 else "",
                    s.label if i == 0 else "",
                    c.id,
                    c.text,
                    format_points(c.points)
                    + ("*" if c.points_source == "inferred" else "")
                    + ("（扣分制）" if c.scoring.mode == "deduction" else ""),
                    methods if c.methods is None else "、".join(r.label("methods", m) for m in cm),
                    deps if i == 0 else "",
                    persons if i == 0 else "",
                ]
            )
    headers = ["测评项目", "序号", "计分项", "测评标准", "分值", "考评方法"]
    if view.plan is not None:
        headers += ["责任部门", "责任人"]
    else:
        rows = [row[:6] for row in rows]
    title = f"{r.title}（{r.id}，{len(view.standards)} 条测评标准）"
    footer = "分值后的 * 表示原文未标注、按测评项目总分推定。"
    summary = material_text.rubric_summary(r)
    if fmt == OutputFormat.markdown:
        listed = "\n".join(f"- {line.strip()}" if not line.startswith("  ") else f"  - {line.strip()}" for line in summary)
        return f"# {title}\n\n" + md_table(headers, rows) + f"\n{footer}\n\n## 规则摘要\n\n{listed}\n"
    if fmt == OutputFormat.plain:
        table_text = "\n".join("\t".join(row) for row in [headers, *rows])
        return title + "\n" + table_text + "\n" + footer + "\n\n" + "\n".join(summary) + "\n"
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, show_lines=True, expand=True)
    widths = {"测评标准": 60}
    for h in headers:
        table.add_column(h, ratio=widths.get(h, 8) if h == "测评标准" else None, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return capture([table, Text(footer, style="dim"), Text("\n".join(summary))], rich=True)


def render_validation(results: list[tuple[Path, str, list[Problem]]], fmt: OutputFormat) -> str:
    if fmt == OutputFormat.json:
        files = [
            FileValidation(
                file=str(path),
                kind=kind,  # type: ignore[arg-type]
                valid=not any(p.severity == "error" for p in problems),
                problems=tuple(ValidationProblem(**p.as_dict()) for p in problems),  # type: ignore[arg-type]
            )
            for path, kind, problems in results
        ]
        return to_json(VALIDATION.dump_python(files, mode="json"))
    lines: list[str] = []
    for path, kind, problems in results:
        errors = sum(p.severity == "error" for p in problems)
        warnings = len(problems) - errors
        what = "单位方案" if kind == "unit_plan" else "测评细则"
        verdict = "通过" if errors == 0 else "未通过"
        for p in problems:
            tag = "错误" if p.severity == "error" else "警告"
            where = f" [{p.where}]" if p.where else ""
            lines.append(f"{p.location()}{where} {tag}：{p.message}")
        lines.append(f"{path}：{what}校验{verdict}（{errors} 个错误，{warnings} 个警告）")
    text = "\n".join(lines) + "\n"
    if fmt == OutputFormat.markdown:
        return "\n".join(f"- {line}" for line in lines) + "\n"
    if fmt == OutputFormat.rich:
        from rich.text import Text

        styled = [
            Text(line, style="red" if "错误：" in line else "yellow" if "警告：" in line else "bold")
            for line in lines
        ]
        return capture(styled, rich=True)
    return text
