"""Alignment files: a reader's corrections to the automatic alignment, and reviewed partner lists.

```yaml
a: yiyang-2021            # optional: the rubrics the file is for (reversed order is accepted)
b: yueyang-2022
pin:    [{a: "22.1", b: "16.1"}, {a: "31", b: "22"}]      # clause ids, or standard numbers
forbid: [{a: "24.2", b: "1.1", reason: …}]
reviewed:                 # every standard of A with its partners in B, or none with a reason
  - {a: "22", b: ["16"], reason: …}
  - {a: "15", b: [], reason: 岳阳未设群众办事满意率指标。}
```
A pin adds the pair; a forbid removes it; a reviewed entry fixes the partners of that standard of A.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from wenming_cli.errors import InvalidInput
from wenming_cli.evidence.layout import match_id
from wenming_cli.models.common import Frozen, Id
from wenming_cli.models.rubric import Rubric
from wenming_cli.rubric.loader import locate, read_document, validate_document
from wenming_cli.rubric.registry import bundled_dir
from wenming_cli.rubric.semantic import Issue


class PairRule(Frozen):
    a: Id
    b: Id
    reason: str | None = None


class Reviewed(Frozen):
    a: Id
    b: tuple[Id, ...] = ()
    reason: str | None = None


class AlignmentFile(Frozen):
    a: Id | None = None
    b: Id | None = None
    pin: tuple[PairRule, ...] = ()
    forbid: tuple[PairRule, ...] = ()
    reviewed: tuple[Reviewed, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rules:
    """An alignment file resolved against two rubrics: every id known, oriented A → B.

    A reviewed list covers some standards (of A, or of B when the file was written the other way
    round): a pair touching a covered standard is allowed only when the review lists it.
    """

    path: Path | None = None
    pin_clauses: frozenset[tuple[str, str]] = frozenset()
    pin_standards: frozenset[tuple[str, str]] = frozenset()
    forbid_clauses: frozenset[tuple[str, str]] = frozenset()
    forbid_standards: frozenset[tuple[str, str]] = frozenset()
    reviewed_pairs: frozenset[tuple[str, str]] = frozenset()
    reviewed_a: frozenset[str] = frozenset()
    reviewed_b: frozenset[str] = frozenset()

    @property
    def pins(self) -> int:
        return len(self.pin_clauses) + len(self.pin_standards)

    @property
    def forbids(self) -> int:
        return len(self.forbid_clauses) + len(self.forbid_standards)

    @property
    def reviewed(self) -> int:
        return len(self.reviewed_a) + len(self.reviewed_b)

    def covers(self, a: str, b: str) -> bool:
        return a in self.reviewed_a or b in self.reviewed_b

    def allows(self, a_clause: str, b_clause: str, a: str, b: str) -> bool:
        if (a_clause, b_clause) in self.forbid_clauses or (a, b) in self.forbid_standards:
            return False
        return not self.covers(a, b) or (a, b) in self.reviewed_pairs

    def swapped(self) -> Rules:
        def flip(pairs: frozenset[tuple]) -> frozenset:
            return frozenset((y, x) for x, y in pairs)

        return Rules(
            self.path,
            flip(self.pin_clauses),
            flip(self.pin_standards),
            flip(self.forbid_clauses),
            flip(self.forbid_standards),
            flip(self.reviewed_pairs),
            self.reviewed_b,
            self.reviewed_a,
        )


NO_RULES = Rules(path=None)


def bundled_alignment(a_id: str, b_id: str) -> Path | None:
    """The reviewed alignment shipped for two bundled rubrics, in either order."""
    folder = bundled_dir() / "alignments"
    for name in (f"{a_id}__{b_id}.yaml", f"{b_id}__{a_id}.yaml"):
        if (folder / name).is_file():
            return folder / name
    return None


def load_rules(path: Path, a: Rubric, b: Rubric) -> Rules:
    """Read and check an alignment file; InvalidInput lists every problem with file:line:col."""
    doc, problems = read_document(path)
    if doc is None:
        raise InvalidInput(f"对照表 {path} 无法读取。", problems=problems)
    model, problems = validate_document(doc, AlignmentFile)
    if model is None:
        raise InvalidInput(f"对照表 {path} 有错误，请先修正。", problems=problems)
    swapped = model.a == b.id and model.b == a.id and a.id != b.id
    issues = [] if swapped else _check_header(model, a, b)
    rules, more = _resolve(model, *((b, a) if swapped else (a, b)))
    issues += more
    if issues:
        raise InvalidInput(
            f"对照表 {path} 有错误，请先修正。", problems=[locate(doc, issue) for issue in issues]
        )
    rules = replace(rules, path=path)
    return rules.swapped() if swapped else rules


def _check_header(model: AlignmentFile, a: Rubric, b: Rubric) -> list[Issue]:
    return [
        Issue((key,), f"对照表写的是测评细则“{given}”，本次比较的是“{rubric.id}”。")
        for key, given, rubric in (("a", model.a, a), ("b", model.b, b))
        if given is not None and given != rubric.id
    ]


def _resolve(model: AlignmentFile, a: Rubric, b: Rubric) -> tuple[Rules, list[Issue]]:
    issues: list[Issue] = []
    found: dict[tuple[str, str], set] = {
        (s, k): set() for s in ("pin", "forbid") for k in ("clause", "standard")
    }
    for section in ("pin", "forbid"):
        for i, rule in enumerate(getattr(model, section)):
            kind_a, kind_b = _kind(a, rule.a), _kind(b, rule.b)
            for side, ref, kind, rubric in (("a", rule.a, kind_a, a), ("b", rule.b, kind_b, b)):
                if kind is None:
                    issues.append(Issue((section, i, side), _unknown(rubric, ref)))
            if kind_a is None or kind_b is None:
                continue
            if kind_a != kind_b:
                issues.append(
                    Issue((section, i), "两边须同为计分项 id（如 22.1）或同为测评标准编号（如 22）。")
                )
            elif kind_a == "clause":
                found[(section, "clause")].add((rule.a, rule.b))
            else:
                found[(section, "standard")].add((_standard_id(a, rule.a), _standard_id(b, rule.b)))
    covered: set[str] = set()
    reviewed: set[tuple[str, str]] = set()
    for i, entry in enumerate(model.reviewed):
        if _kind(a, entry.a) != "standard":
            issues.append(Issue(("reviewed", i, "a"), _unknown(a, entry.a, standards_only=True)))
            continue
        std_a = _standard_id(a, entry.a)
        if std_a in covered:
            issues.append(Issue(("reviewed", i, "a"), f"测评标准 {entry.a} 重复出现。"))
        covered.add(std_a)
        for k, ref in enumerate(entry.b):
            if _kind(b, ref) != "standard":
                issues.append(Issue(("reviewed", i, "b", k), _unknown(b, ref, standards_only=True)))
            else:
                reviewed.add((std_a, _standard_id(b, ref)))
        if not entry.b and not entry.reason:
            issues.append(Issue(("reviewed", i), "没有对应标准时须写明理由（reason）。"))
    rules = Rules(
        None,
        frozenset(found[("pin", "clause")]),
        frozenset(found[("pin", "standard")]),
        frozenset(found[("forbid", "clause")]),
        frozenset(found[("forbid", "standard")]),
        frozenset(reviewed),
        frozenset(covered),
    )
    return rules, issues


def _kind(rubric: Rubric, ref: str) -> str | None:
    if _standard_id(rubric, ref) is not None:
        return "standard"
    if rubric.clause(ref) is not None:
        return "clause"
    return None


def _standard_id(rubric: Rubric, ref: str) -> str:
    """A standard's id as the rubric prints it, for a reference written `22`, `(22)` or `Ⅱ-3`."""
    return match_id(ref, (s.number for s in rubric.standards))  # type: ignore[return-value]


def _unknown(rubric: Rubric, ref: str, standards_only: bool = False) -> str:
    what = "测评标准编号" if standards_only else "计分项 id 或测评标准编号"
    return f"测评细则“{rubric.id}”中没有{what}“{ref}”。"
