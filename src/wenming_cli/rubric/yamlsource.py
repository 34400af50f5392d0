"""Read YAML into plain data while remembering where every value came from.

Numbers keep their source text: an unquoted `22.10` becomes Decimal("22.10"), never a float, so ids
and points survive exactly. Each value's line and column is kept by its path in the document, so a
validation error deep inside a rubric still points at `file:line:col`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from wenming_cli.textdecode import UndecodableText, decode_text  # noqa: F401  (re-exported)

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class YamlDocument:
    path: Path
    data: Any
    marks: dict[PathKey, Mark] = field(default_factory=dict)
    key_marks: dict[PathKey, Mark] = field(default_factory=dict)

    def mark_for(self, loc: PathKey) -> Mark | None:
        """The mark of the deepest existing node on `loc` (a missing key points at its parent)."""
        for end in range(len(loc), -1, -1):
            prefix = loc[:end]
            if prefix in self.marks:
                return self.marks[prefix]
        return None


class YamlProblem(Exception):
    """A YAML file that cannot be read at all; carries the place and a Chinese message."""

    def __init__(self, path: Path, mark: Mark | None, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.mark = mark
        self.message = message


class _Loader(yaml.SafeLoader):
    pass


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = str(node.value).replace("_", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        # .inf / .nan: keep YAML's own meaning; validation will refuse them where a number is needed.
        return yaml.SafeLoader.construct_yaml_float(loader, node)
    return value


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def load_yaml(path: Path) -> YamlDocument:
    """Parse one YAML file into data plus marks; raise YamlProblem with a Chinese message."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise YamlProblem(path, None, "文件不存在，请检查路径。") from None
    except IsADirectoryError:
        raise YamlProblem(path, None, "这是一个文件夹，不是 YAML 文件。") from None
    except OSError as exc:
        raise YamlProblem(path, None, f"无法读取文件（{exc.strerror}）。") from None
    try:
        text, _ = decode_text(raw)
    except UndecodableText as exc:
        raise YamlProblem(path, Mark(exc.line, 1), exc.message) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        m = exc.problem_mark
        mark = Mark(m.line + 1, m.column + 1) if m is not None else None
        raise YamlProblem(path, mark, f"YAML 语法错误：{_translate_yaml(exc)}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(path, None, f"YAML 语法错误：{exc}") from None
    finally:
        loader.dispose()
    doc = YamlDocument(path=path, data=None)
    if node is None:
        raise YamlProblem(path, Mark(1, 1), "文件是空的。")
    doc.data = _build(loader, node, (), doc)
    return doc


def _translate_yaml(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    table = {
        "found character '\\t' that cannot start any token": "不能用 Tab 缩进，请改用空格",
        "mapping values are not allowed here": "这里不能出现冒号“: ”（值里有冒号时请加引号）",
        "could not find expected ':'": "缺少冒号“:”",
        "found undefined alias": "引用了未定义的别名",
        "expected <block end>, but found '-'": "缩进不一致，列表项“-”的位置不对",
        "did not find expected key": "缩进不一致或缺少冒号",
        "found unexpected end of stream": "文件意外结束（引号或括号没有闭合？）",
    }
    for english, chinese in table.items():
        if problem.startswith(english):
            return chinese
    return problem or str(exc)


def _build(loader: _Loader, node: yaml.Node, path: PathKey, doc: YamlDocument) -> Any:
    doc.marks[path] = Mark(node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, (Decimal, int)) and not isinstance(key, bool):
                key = str(key)
            if isinstance(key, dt.date):
                key = key.isoformat()
            child = (*path, key)
            if key in result:
                raise YamlProblem(
                    doc.path,
                    Mark(key_node.start_mark.line + 1, key_node.start_mark.column + 1),
                    f"键“{key}”重复出现，请删除或合并其中一个。",
                )
            doc.key_marks[child] = Mark(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _build(loader, value_node, child, doc)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*path, i), doc) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)
