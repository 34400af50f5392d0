"""Which standard or task a file serves: its words against the rubric's own words.

Every standard and task gets a profile built from the rubric only — its short title and task title
(weighted double) and its printed text, clause texts, evidence quotes and material requirements (the
words `00-收集要求.txt` shows). Words are Chinese character pairs, weighted by how rare they are across
the rubric, so 垃圾分类 decides and 工作 does not. The unit plan's assignments narrow the candidates to
the department's own; others stay possible at a lower weight, so a stray file is never forced.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from wenming_cli.models.rubric import Rubric
from wenming_cli.models.unit import Department, UnitPlan

OUTSIDE_DEPARTMENT = 0.4  # weight of a subject the department is not assigned
# A word the rubric never uses still counts against how well a subject explains the text (党日 in
# 主题党日活动 is not 主题阅读活动), at half the weight of the rarest rubric word: half because a pair
# of characters straddling two words (题党) is also unknown and means nothing.
UNKNOWN_WEIGHT = 0.5
FULL_COVERAGE = 3.0
_RUN = re.compile(r"[\u4e00-\u9fff]+|[a-z]{3,}")
_TITLE_NUMBERING = re.compile(r"^[IVXⅠ-Ⅻ]+\s*-\s*\d+\s*|\s*/\s*[IVXⅠ-Ⅻ]+\s*-\s*\d+\s*")


def words(text: str) -> list[str]:
    """Character pairs of every run of Chinese characters (and whole Latin words)."""
    normal = unicodedata.normalize("NFKC", text).lower()
    out: list[str] = []
    for run in _RUN.findall(normal):
        if run.isascii():
            out.append(run)
        elif len(run) == 1:
            continue
        else:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


@dataclass
class Profile:
    subject: str  # "22" or "a3-3.4"
    title: str
    title_words: set[str]
    body_words: set[str]


@dataclass
class Match:
    subject: str | None
    confidence: float
    reason: str
    runner_up: str | None = None
    scores: dict[str, float] = field(default_factory=dict)


def _clean_title(title: str) -> str:
    return _TITLE_NUMBERING.sub(" ", title).strip()


def profiles(rubric: Rubric) -> list[Profile]:
    out = []
    for s in rubric.standards:
        body = " ".join(
            [s.text, *(c.text for c in s.clauses), *(e.quote or "" for c in s.clauses for e in c.evidence)]
        )
        out.append(Profile(str(s.number), s.short_title, set(words(s.short_title)), set(words(body))))
    for tl in rubric.task_lists:
        for t in tl.tasks:
            title = _clean_title(t.title)
            body = " ".join(
                [
                    t.requirement,
                    t.material or "",
                    t.online_requirement or "",
                    *(e.quote or "" for e in t.evidence),
                ]
            )
            out.append(Profile(t.id, title, set(words(title)), set(words(body))))
    return out


def subject_of_assignment(subject: str) -> str:
    """A clause assignment ("22.1") narrows to its standard ("22"); task ids stay whole."""
    return subject if subject.startswith("a") else subject.split(".")[0]


def department_subjects(plan: UnitPlan | None, department: Department | None) -> set[str]:
    if plan is None or department is None:
        return set()
    return {subject_of_assignment(a.subject) for a in plan.assignments if department.id in a.departments}


def find_department(plan: UnitPlan | None, texts: list[str]) -> Department | None:
    """The plan's department whose name or alias appears in a folder name or `--department` (longest wins)."""
    if plan is None:
        return None
    best: tuple[int, Department] | None = None
    for text in texts:
        normal = unicodedata.normalize("NFKC", text)
        for dep in plan.departments:
            for name in (dep.name, *dep.aliases, dep.id):
                if name and name in normal and (best is None or len(name) > best[0]):
                    best = (len(name), dep)
    return best[1] if best else None


class Matcher:
    """Scores words against every profile; built once per run."""

    def __init__(self, rubric: Rubric, allowed: set[str] | None = None) -> None:
        self.profiles = [p for p in profiles(rubric) if allowed is None or p.subject in allowed]
        self.titles = {p.subject: p.title for p in self.profiles}
        df: Counter[str] = Counter()
        for p in self.profiles:
            df.update(p.title_words | p.body_words)
        n = len(self.profiles)
        self.idf = {w: math.log(1 + n / c) for w, c in df.items()}

    def match(self, weighted: list[tuple[str, float]], preferred: set[str]) -> Match:
        """Best subject for texts with weights; confidence from how well and how clearly it wins."""
        query: dict[str, float] = {}
        unknown: dict[str, float] = {}
        for text, weight in weighted:
            for w in set(words(text)):
                into = query if w in self.idf else unknown
                into[w] = max(into.get(w, 0.0), weight)
        if not query:
            return Match(None, 0.0, "文件名和文件夹名中没有可用于判断的词")
        rarest = max(self.idf.values())
        possible = sum(2 * q * self.idf[w] for w, q in query.items())
        possible += sum(2 * q * UNKNOWN_WEIGHT * rarest for q in unknown.values())
        scores: dict[str, float] = {}
        for p in self.profiles:
            s = 0.0
            for w, q in query.items():
                if w in p.title_words:
                    s += 2 * q * self.idf[w]
                elif w in p.body_words:
                    s += q * self.idf[w]
            if preferred and p.subject not in preferred:
                s *= OUTSIDE_DEPARTMENT
            scores[p.subject] = s / possible
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        (best, s1), (second, s2) = ranked[0], ranked[1] if len(ranked) > 1 else ("", 0.0)
        if s1 <= 0:
            return Match(None, 0.0, "与任何测评标准或任务都对不上", scores=scores)
        # How clearly it wins (margin over the runner-up) times how much of the text it explains; a
        # third of the text's weight in the subject's own words counts as fully explained, since folder
        # names carry words of their own (进社区, 趣味) that no rubric prints.
        margin = (s1 - s2) / s1
        confidence = round(min(1.0, FULL_COVERAGE * s1) * margin, 2)
        reason = f"用词最接近 {best} {self.titles[best]}"
        if second:
            reason += f"（其次是 {second} {self.titles[second]}）"
        if preferred and best not in preferred:
            reason += "；不在本部门分工内"
        return Match(best, confidence, reason, second or None, scores)
