"""Load and validate rubric and unit-plan files, collecting every problem with its file:line:col."""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path
from typing import Any, TypeVar, Union

from pydantic import BaseModel, ValidationError

from wenming_cli.errors import InvalidInput, Problem
from wenming_cli.models.rubric import Rubric
from wenming_cli.models.unit import UnitPlan
from wenming_cli.rubric import semantic
from wenming_cli.rubric.yamlsource import PathKey, YamlDocument, YamlProblem, load_yaml

M = TypeVar("M", bound=BaseModel)


class Loaded(typing.NamedTuple):
    model: Any
    problems: list[Problem]


def read_document(path: Path) -> tuple[YamlDocument | None, list[Problem]]:
    try:
        return load_yaml(path), []
    except YamlProblem as exc:
        line = exc.mark.line if exc.mark else None
        col = exc.mark.column if exc.mark else None
        return None, [Problem(path, line, col, "", exc.message, code="YAML-SYNTAX")]


def validate_document(doc: YamlDocument, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Pydantic validation with every error translated and located."""
    if not isinstance(doc.data, dict):
        return None, [Problem(doc.path, 1, 1, "", "文件顶层应为“键: 值”的映射。")]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        problems = [_problem_from_error(doc, model, err) for err in exc.errors(include_url=False)]
        return None, sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def looks_like_unit_plan(data: Any) -> bool:
    return isinstance(data, dict) and "unit" in data and "categories" not in data


def load_rubric_file(path: Path) -> Loaded:
    doc, problems = read_document(path)
    if doc is None:
        return Loaded(None, problems)
    rubric, problems = validate_document(doc, Rubric)
    if rubric is None:
        return Loaded(None, problems)
    return Loaded(rubric, [locate(doc, p) for p in semantic.check_rubric(rubric)])


def load_unit_file(path: Path, rubric_resolver: typing.Callable[[str, Path], Rubric]) -> Loaded:
    """Load a unit plan and the rubric it names; problems from both are returned."""
    doc, problems = read_document(path)
    if doc is None:
        return Loaded(None, problems)
    plan, problems = validate_document(doc, UnitPlan)
    if plan is None:
        return Loaded(None, problems)
    try:
        rubric = rubric_resolver(plan.rubric, path.parent)
    except InvalidInput as exc:
        mark = doc.marks.get(("rubric",))
        extra = [
            Problem(path, mark.line if mark else None, mark.column if mark else None, "rubric", exc.message)
        ]
        return Loaded(None, extra + exc.problems)
    located = [locate(doc, p) for p in semantic.check_unit_plan(plan, rubric)]
    return Loaded((plan, rubric), located)


def locate(doc: YamlDocument, issue: semantic.Issue) -> Problem:
    mark = doc.key_marks.get(issue.loc) if issue.point_at_key else None
    mark = mark or doc.mark_for(issue.loc)
    return Problem(
        doc.path,
        mark.line if mark else None,
        mark.column if mark else None,
        describe_loc(issue.loc, doc.data),
        issue.message,
        severity=issue.severity,
        code=issue.code,
    )


# -- pydantic errors in a clerk's words --------------------------------------------------------


def _problem_from_error(doc: YamlDocument, model: type[BaseModel], err: Any) -> Problem:
    loc: PathKey = tuple(err["loc"])
    kind = err["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = _allowed_keys(model, loc[:-1])
        near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        message = f"未知的键“{key}”。" + (f"是否想写“{near[0]}”？" if near else "请删除它或检查拼写。")
        mark = doc.key_marks.get(loc) or doc.mark_for(loc)
    else:
        message = _translate(kind, err)
        mark = doc.mark_for(loc)
    return Problem(
        doc.path,
        mark.line if mark else None,
        mark.column if mark else None,
        describe_loc(loc, doc.data),
        message,
    )


def _translate(kind: str, err: Any) -> str:
    ctx = err.get("ctx") or {}
    given = err.get("input")
    shown = "" if isinstance(given, (dict, list)) else f"（现在是“{given}”）"
    table = {
        "missing": "缺少必填项。",
        "int_parsing": f"应为整数{shown}。",
        "int_type": f"应为整数{shown}。",
        "int_from_float": f"应为整数{shown}。",
        "decimal_parsing": f"应为数字{shown}。",
        "decimal_type": f"应为数字{shown}。",
        "string_type": f"应为文字{shown}。",
        "bool_parsing": f"应为 true 或 false{shown}。",
        "bool_type": f"应为 true 或 false{shown}。",
        "date_parsing": f"应为日期，如 2021-10-31{shown}。",
        "date_from_datetime_parsing": f"应为日期，如 2021-10-31{shown}。",
        "date_type": f"应为日期，如 2021-10-31{shown}。",
        "tuple_type": "应为列表（每项以“- ”开头）。",
        "list_type": "应为列表（每项以“- ”开头）。",
        "dict_type": "应为“键: 值”的映射。",
        "model_type": "应为“键: 值”的映射。",
        "model_attributes_type": "应为“键: 值”的映射。",
        "too_short": "内容太短或为空。",
        "string_too_short": "内容太短或为空。",
    }
    if kind in table:
        return table[kind]
    if kind == "literal_error":
        return f"取值只能是 {ctx.get('expected', '')}{shown}。"
    if kind in ("greater_than_equal", "greater_than"):
        return f"数值应不小于 {ctx.get('ge', ctx.get('gt'))}{shown}。"
    if kind in ("less_than_equal", "less_than"):
        return f"数值应不大于 {ctx.get('le', ctx.get('lt'))}{shown}。"
    if kind == "value_error":
        return f"取值无效：{ctx.get('error', err.get('msg'))}{shown}。"
    return f"取值无效：{err.get('msg')}{shown}。"


def _allowed_keys(model: type[BaseModel], loc: PathKey) -> list[str]:
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return []
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _step(annotation: Any, part: str | int) -> Any:
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if not isinstance(part, str) or part not in annotation.model_fields:
            return None
        return _unwrap(annotation.model_fields[part].annotation)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (tuple, list) and args:
        return _unwrap(args[0])
    if origin is dict and len(args) == 2:
        return _unwrap(args[1])
    return None


def _unwrap(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _unwrap(options[0]) if len(options) == 1 else annotation
    return annotation


def describe_loc(loc: PathKey, data: Any) -> str:
    """`standards[21].clauses[1].points (第22条第2项)`: the path plus the printed item where known."""
    parts: list[str] = []
    item = ""
    node = data
    for i, part in enumerate(loc):
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1]}[{part}]"] if parts else [f"[{part}]"]
        else:
            parts.append(str(part))
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
        if isinstance(node, dict) and isinstance(part, int):
            parent = loc[i - 1] if i else ""
            if parent == "standards" and "number" in node:
                label = str(node.get("label") or node["number"]).strip()
                shown = label if label.startswith(("(", "（")) else label.rstrip(".、)）")
                item = f"第{shown}条"
            elif parent == "clauses" and "id" in node:
                item = f"{item}第{str(node['id']).split('.')[-1]}项" if item else f"条款 {node['id']}"
            elif parent == "tasks" and "id" in node:
                item = f"任务 {node['id']}"
            elif parent == "categories" and "number" in node:
                item = f"测评项目{node['number']}"
            elif parent == "assignments" and "subject" in node:
                item = f"分工 {node['subject']}"
    text = ".".join(parts)
    return f"{text}（{item}）" if item else text
