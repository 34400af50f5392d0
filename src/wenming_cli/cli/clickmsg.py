"""Click's usage errors, said in Chinese: a missing argument, an unknown option, a bad date or number."""

from __future__ import annotations

import re
import sys

try:  # newer typer vendors click, and keeps Abort in its own module
    from typer._click.exceptions import ClickException, UsageError  # type: ignore[import-not-found]
    from typer.exceptions import Abort  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    from click.exceptions import Abort, ClickException, UsageError  # type: ignore[no-redef]

__all__ = ["Abort", "ClickException", "UsageError", "explain", "show"]

_CJK = re.compile(r"[\u4e00-\u9fff]")
_QUOTED = re.compile(r"'([^']*)'")


def show(exc: ClickException) -> None:
    """Print a usage error for a clerk: the usage line, where to find help, and what went wrong."""
    ctx = getattr(exc, "ctx", None)
    lines = []
    if ctx is not None and isinstance(exc, UsageError):
        usage = ctx.get_usage().replace("Usage: ", "用法：").replace("[OPTIONS]", "[选项]")
        lines += [usage, f"运行“{ctx.command_path} -h”查看帮助。", ""]
    lines.append(f"错误：{explain(exc)}")
    sys.stderr.write("\n".join(lines) + "\n")
    sys.stderr.flush()


def explain(exc: ClickException) -> str:
    """The Chinese sentence for one click exception."""
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    kind = type(exc).__name__
    param = getattr(exc, "param", None)
    name = _param_name(exc)
    if kind == "MissingParameter":
        what = "参数" if getattr(param, "param_type_name", "") == "argument" else "选项"
        return f"缺少{what} {name}。"
    if kind == "NoSuchOption":
        text = f"没有选项 {getattr(exc, 'option_name', '')}。"
        possible = list(getattr(exc, "possibilities", None) or [])
        return text + (f"你是不是想用 {'、'.join(sorted(possible))}？" if possible else "")
    if kind == "BadOptionUsage" and "requires an argument" in message:
        return f"选项 {getattr(exc, 'option_name', name)} 后面需要一个值。"
    if kind == "BadParameter" and _CJK.search(getattr(exc, "message", "")):
        return f"{name}：{exc.message}"  # already written for a clerk by the command
    if kind == "BadParameter" or param is not None:
        return f"{name} 的值无效：{_value_text(exc, getattr(exc, 'message', message))}"
    if _CJK.search(message):
        return message
    if message.startswith("No such command"):
        return f"没有命令“{_first_quoted(message)}”。"
    if message.startswith("Got unexpected extra argument"):
        found = re.search(r"\(([^()]*)\)\s*$", message)
        return f"多余的参数：{found.group(1) if found else message}。"
    if message.startswith("Missing command"):
        return "缺少命令。"
    return f"用法错误（{message}）"


def _param_name(exc: ClickException) -> str:
    param = getattr(exc, "param", None)
    hint = getattr(exc, "param_hint", None)
    if param is None:
        return str(hint or "")
    if getattr(param, "param_type_name", "") == "option":
        return "/".join(param.opts)
    return (param.human_readable_name or param.name or "").upper()


def _first_quoted(message: str) -> str:
    match = _QUOTED.search(message)
    return match.group(1) if match else ""


def _value_text(exc: ClickException, message: str) -> str:
    if _CJK.search(message):
        return message
    param = getattr(exc, "param", None)
    kind = type(getattr(param, "type", None)).__name__
    value = _first_quoted(message)
    shown = f"“{value}”" if value else "该值"
    if "is not one of" in message:
        options = _QUOTED.findall(message)[1:]
        return f"{shown}不是可选值（可选：{'、'.join(options)}）。"
    if kind == "DateTime" or "does not match the format" in message:
        return f"{shown}不是 YYYY-MM-DD 格式的日期（如 2021-07-10）。"
    if kind in ("IntRange", "FloatRange"):
        low = getattr(param.type, "min", None)
        high = getattr(param.type, "max", None)
        if low is not None and high is not None:
            return f"应在 {low} 到 {high} 之间。"
        if low is not None:
            return f"应不小于 {low}。"
        return f"应不大于 {high}。"
    if kind in ("IntParamType",) or "valid integer" in message:
        return f"{shown}不是整数。"
    if kind in ("FloatParamType",) or "valid float" in message or "valid number" in message:
        return f"{shown}不是数字。"
    if kind == "Choice":
        choices = getattr(param.type, "choices", ())
        return f"{shown}不是可选值（可选：{'、'.join(str(c) for c in choices)}）。"
    if kind == "Path":
        if "does not exist" in message:
            return f"{shown}不存在。"
        if "is a directory" in message:
            return f"{shown}是文件夹，这里需要文件。"
        if "is a file" in message:
            return f"{shown}是文件，这里需要文件夹。"
        if "not readable" in message:
            return f"{shown}无法读取（没有权限）。"
        return f"路径{shown}不可用。"
    if "greater than or equal to" in message:
        return f"应不小于 {message.rsplit(' ', 1)[-1]}。"
    return f"{shown}无效。" if value else "无效。"
