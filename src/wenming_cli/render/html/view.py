"""What the HTML page shows, as plain data: the summary, then category → standard/task blocks.

Built from the models the other renderers use (CheckResult, Scorecard, GapReport); nothing here
recomputes a score or a verdict. Each block holds what the command is about: findings for `check`,
clause points for `score`, open items for `gaps`, all three for `report`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from wenming_cli.evidence.layout import BONUS_FOLDER
from wenming_cli.models.common import format_points
from wenming_cli.models.finding import Finding, Severity
from wenming_cli.models.results import CheckResult
from wenming_cli.models.rubric import Rubric
from wenming_cli.models.scorecard import (
    BASIS_LABELS,
    STATUS_LABELS,
    ClauseScore,
    Gap,
    GapReport,
    Responsibility,
    Scorecard,
)
from wenming_cli.render.html.thumbs import Thumbnails

p = format_points
Kind = Literal["check", "score", "gaps", "report"]
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
TITLES = {"check": "材料检查结果", "score": "自评得分", "gaps": "待整改事项", "report": "自查报告"}
# A finding that names another file in “…” (duplicates, same camera) shows both side by side.
_QUOTED = re.compile(r"“([^”]+\.[A-Za-z0-9]{2,5})”")


@dataclass
class Who:
    departments: tuple[str, ...] = ()
    persons: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "、".join(self.departments) + (f"／{'、'.join(self.persons)}" if self.persons else "")


@dataclass
class Picture:
    path: str
    uri: str


@dataclass
class FindingView:
    severity: str
    severity_label: str
    code: str
    message: str
    fix: str | None
    path: str | None
    where: str
    expected: str | None
    actual: str | None
    pictures: list[Picture]
    who: Who

    @property
    def others(self) -> list[Picture]:
        """Other files the finding names (a duplicate's original): shown beside this file's preview."""
        return [pic for pic in self.pictures if pic.path != self.path]


@dataclass
class FileGroup:
    """The findings on one file, under one preview (or findings without a file, one each)."""

    path: str | None
    picture: Picture | None
    findings: list[FindingView]


def by_file(findings: list[FindingView]) -> list[FileGroup]:
    """Errors first, then one group per file in the order files first appear."""
    groups: dict[str, FileGroup] = {}
    out: list[FileGroup] = []
    for fv in sorted(findings, key=lambda x: -Severity(x.severity).rank):
        if fv.path is None:
            out.append(FileGroup(None, None, [fv]))
        elif fv.path in groups:
            groups[fv.path].findings.append(fv)
        else:
            own = next((pic for pic in fv.pictures if pic.path == fv.path), None)
            groups[fv.path] = FileGroup(fv.path, own, [fv])
            out.append(groups[fv.path])
    return out


@dataclass
class ClauseRow:
    ref: str
    title: str
    max_points: str
    points: str
    status: str
    status_key: str
    basis: str
    explanation: str
    who: Who


@dataclass
class GapView:
    severity: str
    severity_label: str
    ref: str
    title: str
    status: str
    at_risk: str | None
    missing: list[str]
    actions: list[str]
    deadline: str
    overdue: bool
    who: Who
    findings: list[FindingView]

    @property
    def files(self) -> list[FileGroup]:
        return by_file(self.findings)


@dataclass
class Block:
    anchor: str
    heading: str
    clauses: list[ClauseRow] = field(default_factory=list)
    gaps: list[GapView] = field(default_factory=list)
    findings: list[FindingView] = field(default_factory=list)

    @property
    def files(self) -> list[FileGroup]:
        return by_file(self.findings)

    @property
    def empty(self) -> bool:
        return not (self.clauses or self.gaps or self.findings)


@dataclass
class Group:
    heading: str
    blocks: list[Block]


@dataclass
class Page:
    kind: Kind
    title: str
    subtitle: str
    summary: list[tuple[str, str, str]]  # (label, value, css class)
    groups: list[Group]
    departments: list[str]
    persons: list[str]
    notes: list[str] = field(default_factory=list)
    narrative: list = field(default_factory=list)  # report sections (report_md.Section)
    counts: dict[str, int] = field(default_factory=dict)


def _who(r: Responsibility | None) -> Who:
    if r is None:
        return Who()
    return Who(tuple(r.departments), tuple(dict.fromkeys((*r.persons, *r.doers))))


def _merge(whos: Iterable[Who]) -> Who:
    deps: dict[str, None] = {}
    persons: dict[str, None] = {}
    for w in whos:
        deps.update(dict.fromkeys(w.departments))
        persons.update(dict.fromkeys(w.persons))
    return Who(tuple(deps), tuple(persons))


class _Index:
    """Where each finding, clause and gap goes (rubric order) and who answers for it."""

    def __init__(self, rubric: Rubric, card: Scorecard | None) -> None:
        self.rubric = rubric
        self.who: dict[str, Who] = {}
        self.clause_standard: dict[str, str] = {}
        if card is not None:
            by_standard: dict[str, list[Who]] = defaultdict(list)
            for c in card.clauses():
                self.who[c.clause] = _who(c.responsibility)
                self.clause_standard[c.clause] = str(c.standard)
                by_standard[str(c.standard)].append(self.who[c.clause])
            for key, whos in by_standard.items():
                self.who.setdefault(key, _merge(whos))
            for t in card.tasks:
                self.who[t.task] = _who(t.responsibility)

    def finding_subject(self, f: Finding) -> str:
        return f.task or (str(f.standard) if f.standard is not None else "")

    def finding_who(self, f: Finding) -> Who:
        return self.who.get(f.clause or "") or self.who.get(self.finding_subject(f)) or Who()

    def gap_subject(self, g: Gap) -> str:
        if g.kind == "bonus":
            return BONUS_FOLDER
        return g.subject if g.kind == "task" else self.clause_standard.get(g.subject, g.subject.split(".")[0])

    def skeleton(self) -> list[tuple[str, list[tuple[str, str, str]]]]:
        """[(category heading, [(subject key, anchor, heading)])] for every standard and task."""
        out = []
        for cat in self.rubric.categories:
            items = [
                (str(s.number), f"s-{s.number}", f"{s.ref} {s.short_title}")
                for s in self.rubric.standards
                if s.category == cat.number
            ]
            out.append((f"{cat.title}（{p(cat.points)}分）", items))
        for tl in self.rubric.task_lists:
            out.append((tl.title, [(t.id, f"t-{t.id}", f"任务 {t.id} {t.title}") for t in tl.tasks]))
        return out


def finding_view(f: Finding, index: _Index, thumbs: Thumbnails) -> FindingView:
    paths = [f.path] if f.path else []
    paths += [m for m in _QUOTED.findall(f.message) if m not in paths]
    pictures = [Picture(x, uri) for x in paths if (uri := thumbs(x))]
    where = f.path or ""
    if f.page:
        where += f" 第{f.page}页"
    if f.period:
        where += f" [{f.period}]"
    return FindingView(
        severity=f.severity.value,
        severity_label=f.severity.label,
        code=f.code,
        message=f.message,
        fix=f.fix,
        path=f.path,
        where=where.strip(),
        expected=f.expected,
        actual=f.actual,
        pictures=pictures,
        who=index.finding_who(f),
    )


def clause_row(c: ClauseScore) -> ClauseRow:
    return ClauseRow(
        ref=c.ref,
        title=c.short_title,
        max_points=p(c.max_points),
        points="不适用" if c.status == "not_applicable" else p(c.points),
        status=STATUS_LABELS[c.status],
        status_key=c.status,
        basis=BASIS_LABELS[c.basis],
        explanation=c.explanation,
        who=_who(c.responsibility),
    )


def gap_view(g: Gap, findings: list[FindingView]) -> GapView:
    if g.deadline is not None:
        deadline = g.deadline.isoformat()
    else:
        deadline = g.deadline_text or "未定"
    return GapView(
        severity=g.severity,
        severity_label=SEVERITY_LABELS[g.severity],
        ref=g.ref,
        title=g.title,
        status=STATUS_LABELS[g.status],
        at_risk=p(g.at_risk) if g.kind in ("clause", "bonus") else None,
        missing=list(g.missing),
        actions=list(g.actions),
        deadline=deadline,
        overdue=g.overdue,
        who=Who(tuple(g.departments), tuple(dict.fromkeys((*g.persons, *g.doers)))),
        findings=findings,
    )


def _summary(
    check: CheckResult, card: Scorecard | None, gaps: GapReport | None
) -> list[tuple[str, str, str]]:
    s = check.stats
    rows = [
        ("有材料的标准和任务", f"{s.subjects_covered}/{s.subjects_total}", ""),
        ("错误", str(sum(1 for f in check.findings if f.severity.value == "error")), "error"),
        ("警告", str(sum(1 for f in check.findings if f.severity.value == "warning")), "warning"),
        ("提示", str(sum(1 for f in check.findings if f.severity.value == "info")), "info"),
    ]
    if gaps is not None:
        rows.append(("风险分", p(gaps.at_risk), "warning" if gaps.at_risk else ""))
    if card is not None:
        rows.append(("按材料计分", f"{p(card.totals.evidence)}/{p(card.totals.maximum)}", ""))
        if card.bonus_points:
            rows.append(("特色加分", p(card.bonus_points), ""))
        rows.append(("测评总分", p(card.total), ""))
    rows.append(("检查文件", f"{s.files}（照片{s.photos}）", ""))
    return rows


def build_page(
    kind: Kind,
    check: CheckResult,
    rubric: Rubric,
    evidence_root: Path | None,
    card: Scorecard | None = None,
    gaps: GapReport | None = None,
    narrative: list | None = None,
) -> Page:
    """The page for one command; `card` and `gaps` are the ones the command computed."""
    index = _Index(rubric, card)
    thumbs = Thumbnails(evidence_root)
    views = {f.key: finding_view(f, index, thumbs) for f in check.findings}
    by_subject: dict[str, list[FindingView]] = defaultdict(list)
    for f in check.findings:
        by_subject[index.finding_subject(f)].append(views[f.key])
    clauses: dict[str, list[ClauseRow]] = defaultdict(list)
    if card is not None and kind in ("score", "report"):
        for c in card.clauses():
            clauses[str(c.standard)].append(clause_row(c))
    gap_items: dict[str, list[GapView]] = defaultdict(list)
    if gaps is not None and kind in ("gaps", "report"):
        for g in gaps.gaps:
            behind = [views[k] for k in g.finding_keys if k in views and views[k].severity != "info"]
            gap_items[index.gap_subject(g)].append(gap_view(g, behind))
    show_findings = kind in ("check", "score", "report")

    groups: list[Group] = []
    general = by_subject.pop("", [])
    if general and show_findings:
        groups.append(Group("整体", [Block("general", "文件与单位方案", findings=general)]))
    for heading, items in index.skeleton():
        blocks = []
        for key, anchor, title in items:
            block = Block(
                anchor,
                title,
                clauses=clauses.pop(key, []),
                gaps=gap_items.pop(key, []),
                findings=by_subject.pop(key, []) if show_findings else [],
            )
            if not block.empty:
                blocks.append(block)
        if blocks:
            groups.append(Group(heading, blocks))
    leftovers = [
        Block(f"x-{k}", k, gaps=gap_items.pop(k, []), findings=v if show_findings else [])
        for k, v in by_subject.items()
    ]
    leftovers += [Block(f"x-{k}", k, gaps=v) for k, v in gap_items.items()]
    leftovers = [b for b in leftovers if not b.empty]
    if leftovers:
        groups.append(Group("其他", leftovers))

    shown_who = [fv.who for g in groups for b in g.blocks for fv in b.findings]
    shown_who += [gv.who for g in groups for b in g.blocks for gv in b.gaps]
    shown_who += [cr.who for g in groups for b in g.blocks for cr in b.clauses]
    everyone = _merge(shown_who)
    unit = check.unit or (card.unit if card else None) or "（未提供单位方案）"
    page = Page(
        kind=kind,
        title=f"{unit}{TITLES[kind]}",
        subtitle=f"{rubric.title} · 检查日期 {check.as_of.isoformat()}",
        summary=_summary(check, card, gaps),
        groups=groups,
        departments=sorted(everyone.departments),
        persons=sorted(everyone.persons),
        narrative=narrative or [],
    )
    if card is not None:
        page.notes.append(card.verdict.message)
    page.counts = {
        "findings": sum(len(b.findings) for g in groups for b in g.blocks),
        "gaps": sum(len(b.gaps) for g in groups for b in g.blocks),
        "clauses": sum(len(b.clauses) for g in groups for b in g.blocks),
    }
    return page
