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
from typing import Any, NamedTuple

import yaml

from wenming_cli.fsio import FileTooLarge, NotRegularFile, describe_os_error, read_regular
from wenming_cli.rubric.limits import MAX_BYTES
from wenming_cli.textdecode import UndecodableText, decode_text  # noqa: F401  (re-exported)

PathKey = tuple[str | int, ...]


class Mark(NamedTuple):  # one per value and key (~6,000 in a rubric): a tuple is the cheapest to make
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class YamlDocument:
    """The data, and each value's and key's line and column by its path in the document. The marks are
    worked out from the parsed nodes the first time a problem needs them: a valid file never does."""

    path: Path
    data: Any
    _root: Any = field(default=None, repr=False, compare=False)  # the parsed node the data was built from
    _marks: dict[PathKey, Mark] | None = field(default=None, repr=False, compare=False)
    _key_marks: dict[PathKey, Mark] | None = field(default=None, repr=False, compare=False)

    @property
    def marks(self) -> dict[PathKey, Mark]:
        if self._marks is None:
            self._locate()
        return self._marks  # type: ignore[return-value]

    @property
    def key_marks(self) -> dict[PathKey, Mark]:
        if self._key_marks is None:
            self._locate()
        return self._key_marks  # type: ignore[return-value]

    def _locate(self) -> None:
        marks: dict[PathKey, Mark] = {}
        key_marks: dict[PathKey, Mark] = {}
        if self._root is not None:
            _walk_marks(self._root, self.data, (), marks, key_marks)
        self._marks, self._key_marks = marks, key_marks

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

if getattr(yaml, "__with_libyaml__", False):

    class _CLoader(yaml.CSafeLoader):  # libyaml: the same nodes and marks, ~10× faster
        pass

    _CLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
else:  # pragma: no cover - PyYAML built without libyaml
    _CLoader = None  # type: ignore[assignment,misc]


def _compose_fast(text: str):
    """(loader, node) through libyaml when the text parses cleanly, else None: every problem is then
    reported by the pure-Python loader below, with its own messages, line and column."""
    if _CLoader is None or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None
    loader = _CLoader(text)
    try:
        return loader, loader.get_single_node()
    except Exception:  # noqa: BLE001 - any trouble: let the pure-Python loader explain it
        return None
    finally:
        loader.dispose()


MAX_NODES = 500_000  # values after alias expansion (the bundled rubrics have ~10,000)
MAX_DEPTH = 100  # nesting levels (the bundled rubrics use fewer than 10)


def load_yaml(path: Path) -> YamlDocument:
    """Parse one YAML file into data plus marks; raise YamlProblem with a Chinese message.

    Bounded: files over MAX_BYTES, alias bombs, recursive anchors, deep nesting and non-text keys are
    refused with a clean message, so that every command reading YAML shares one safe loader.
    """
    try:
        raw = read_regular(path, limit=MAX_BYTES)
    except FileNotFoundError:
        raise YamlProblem(path, None, "文件不存在，请检查路径。") from None
    except IsADirectoryError:
        raise YamlProblem(path, None, "这是一个文件夹，不是 YAML 文件。") from None
    except NotRegularFile as exc:
        raise YamlProblem(path, None, f"这不是普通文件（{exc.kind}），无法作为 YAML 文件读取。") from None
    except FileTooLarge:
        raise YamlProblem(
            path, None, f"文件超过 {MAX_BYTES // 1_000_000} MB，不像是测评细则或单位方案，拒绝读取。"
        ) from None
    except OSError as exc:
        raise YamlProblem(path, None, f"无法读取文件（{describe_os_error(exc)}）。") from None
    try:
        text, _ = decode_text(raw)
    except UndecodableText as exc:
        raise YamlProblem(path, Mark(exc.line, 1), exc.message) from None
    fast = _compose_fast(text)
    if fast is not None:
        loader, node = fast
        return _finish(path, loader, node)
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:  # control characters are checked on construction
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        raise YamlProblem(
            path, Mark(line, 1), f"第 {line} 行含有不允许的控制字符（#x{exc.character:04x}），请删除。"
        ) from None
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        m = exc.problem_mark
        mark = Mark(m.line + 1, m.column + 1) if m is not None else None
        raise YamlProblem(path, mark, f"YAML 语法错误：{_translate_yaml(exc)}") from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        raise YamlProblem(
            path, Mark(line, 1), f"第 {line} 行含有不允许的控制字符（#x{exc.character:04x}），请删除。"
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(path, None, f"YAML 语法错误：{exc}") from None
    except RecursionError:
        raise YamlProblem(path, None, f"嵌套层数过多（上限 {MAX_DEPTH} 层），拒绝读取。") from None
    finally:
        loader.dispose()
    return _finish(path, loader, node)


def _finish(path: Path, loader: _Loader, node: yaml.Node | None) -> YamlDocument:
    doc = YamlDocument(path=path, data=None)
    if node is None:
        raise YamlProblem(path, Mark(1, 1), "文件是空的。")
    _measure(node, doc)
    try:
        doc.data = _build(loader, node, doc)
    except yaml.MarkedYAMLError as exc:  # an unknown tag (!!python/…), a bad merge key
        m = exc.problem_mark
        mark = Mark(m.line + 1, m.column + 1) if m is not None else None
        raise YamlProblem(path, mark, f"YAML 内容错误：{_translate_yaml(exc)}") from None
    doc._root = node
    return doc


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def _measure(root: yaml.Node, doc: YamlDocument) -> None:
    """Refuse a node graph whose expansion is too large, too deep or cyclic, before building it."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise YamlProblem(doc.path, _mark(node), "别名引用了包含它自己的锚点（递归引用），无法展开。")
        if depth > MAX_DEPTH:
            raise YamlProblem(doc.path, _mark(node), f"嵌套层数过多（上限 {MAX_DEPTH} 层），拒绝读取。")
        total = 1
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            open_nodes.add(key)
            children = (
                [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else node.value
            )
            for child in children:
                total += size(child, depth + 1)
                if total > MAX_NODES:
                    raise YamlProblem(
                        doc.path,
                        _mark(node),
                        f"别名（*引用）展开后超过 {MAX_NODES:,} 个值，疑似恶意文件，拒绝读取。",
                    )
            open_nodes.discard(key)
        sizes[key] = total
        return total

    try:
        size(root, 0)
    except RecursionError:
        raise YamlProblem(doc.path, None, f"嵌套层数过多（上限 {MAX_DEPTH} 层），拒绝读取。") from None


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


def _build(loader: _Loader, node: yaml.Node, doc: YamlDocument) -> Any:
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _key(loader, key_node, doc)
            if key in result:
                raise YamlProblem(doc.path, _mark(key_node), f"键“{key}”重复出现，请删除或合并其中一个。")
            result[key] = _build(loader, value_node, doc)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, doc) for item in node.value]
    return _scalar(loader, node, doc)


def _walk_marks(
    node: yaml.Node, value: Any, path: PathKey, marks: dict[PathKey, Mark], key_marks: dict[PathKey, Mark]
) -> None:
    """The marks _build would have taken: a built mapping holds its node's (flattened) pairs in order,
    one key each (a repeated key is refused), and a list its node's items."""
    marks[path] = _mark(node)
    if isinstance(node, yaml.MappingNode) and isinstance(value, dict):
        for key, (key_node, value_node) in zip(value, node.value, strict=False):
            child = (*path, key)
            key_marks[child] = _mark(key_node)
            _walk_marks(value_node, value[key], child, marks, key_marks)
    elif isinstance(node, yaml.SequenceNode) and isinstance(value, list):
        for i, (item_node, item) in enumerate(zip(node.value, value, strict=False)):
            _walk_marks(item_node, item, (*path, i), marks, key_marks)


def _key(loader: _Loader, node: yaml.Node, doc: YamlDocument) -> str:
    """Keys are text: numbers and dates become their text; lists, maps, true/false and null are refused."""
    if not isinstance(node, yaml.ScalarNode):
        raise YamlProblem(doc.path, _mark(node), "键必须是文字，不能是列表或映射（“? [a, b]”）。")
    key = _scalar(loader, node, doc)
    if key is None or isinstance(key, bool):
        raise YamlProblem(
            doc.path, _mark(node), f"键“{node.value}”会被 YAML 读成 true/false 或空值，请给它加上引号。"
        )
    if isinstance(key, dt.date):
        return key.isoformat()
    return str(key)


_STR_TAG = "tag:yaml.org,2002:str"


def _scalar(loader: _Loader, node: yaml.Node, doc: YamlDocument) -> Any:
    if node.tag == _STR_TAG and isinstance(node, yaml.ScalarNode):
        return node.value  # what SafeConstructor.construct_yaml_str returns, without its dispatch
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError, TypeError):  # 2021-13-45 looks like a date to YAML
        raise YamlProblem(
            doc.path, _mark(node), f"无法理解的值“{getattr(node, 'value', '')}”（日期或数字写错了？）。"
        ) from None
