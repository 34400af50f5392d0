"""`-h/--help` in Chinese: the words click and typer add around wenming's own help texts.

Their formatter is replaced by one that translates its fixed phrases (usage line, section headings,
the help option, defaults, type names) as it writes them; wenming's own texts are Chinese already.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

try:  # typer ≥ 0.22 carries its own copy of click
    from typer import _click as click  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older typer uses the click package
    import click  # type: ignore[no-redef]

HEADINGS = {"Usage": "用法", "Options": "选项", "Arguments": "参数", "Commands": "命令"}

# Phrases as click and typer print them, and what a clerk reads instead; whole tokens only.
PHRASES = (
    ("Show this message and exit.", "显示本帮助并退出。"),
    ("[OPTIONS]", "[选项]"),
    ("COMMAND [ARGS]...", "命令 [参数]..."),
    ("[ARGS]...", "[参数]..."),
    ("<%Y-%m-%d>", "<YYYY-MM-DD>"),
    ("<int range>", "<整数>"),
    ("<float range>", "<数>"),
    ("<int>", "<整数>"),
    ("<float>", "<数>"),
    ("<path>", "<路径>"),
    ("<file>", "<文件>"),
    ("<str>", "<文本>"),
    ("<text>", "<文本>"),
    ("<list[str]>", "<文本>"),
    ("<list[path]>", "<路径>"),
    ("<list[Path]>", "<路径>"),
    ("<boolean>", "<是/否>"),
)
_DEFAULT = re.compile(r"\[default: ([^\]]*)\]")
_REQUIRED = re.compile(r"\[required\]")
_RANGE = re.compile(r"\[x>=(\d+)\]")


def chinese(text: str) -> str:
    """The help words click and typer add, in Chinese; anything else unchanged."""
    for english, translated in PHRASES:
        text = text.replace(english, translated)
    text = _DEFAULT.sub(lambda m: f"[默认：{m.group(1)}]", text)
    text = _RANGE.sub(lambda m: f"[≥{m.group(1)}]", text)
    return _REQUIRED.sub("[必填]", text)


def width(text: str) -> int:
    """Columns on a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_TOKEN = re.compile(r"[!-~]+|\s+|.")  # an ASCII word, a run of spaces, or one other character
_NO_LINE_START = "。，、；：？！）」』”’》"


def wrap(text: str, columns: int) -> list[str]:
    """Lines of about `columns` display columns: Chinese breaks between characters, ASCII words stay
    whole, and closing punctuation never starts a line."""
    lines: list[str] = []
    current = ""
    for token in _TOKEN.findall(" ".join(text.split())):
        fits = width(current + token) <= columns or token[0] in _NO_LINE_START
        if current.strip() and not fits:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current += token
    return [*lines, current.rstrip()] if current.strip() else lines or [""]


class ChineseHelpFormatter(click.HelpFormatter):  # type: ignore[misc,name-defined]
    def __init__(
        self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None
    ) -> None:
        # Chinese descriptions are twice as wide per character: allow a wider terminal than click's 80.
        super().__init__(indent_increment, width, max_width or 120)

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, chinese(args), prefix="用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)}：\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        """Term and description columns aligned by display width, so Chinese text lines up."""
        rows = [(chinese(term), chinese(text)) for term, text in rows]
        first = min(max((width(term) for term, _ in rows), default=0), col_max)
        indent = " " * self.current_indent
        hang = " " * (self.current_indent + first + col_spacing)
        columns = max(self.width - self.current_indent - first - col_spacing, 20)
        for term, text in rows:
            self.write(f"{indent}{term}")
            if not text:
                self.write("\n")
                continue
            if width(term) <= first:
                self.write(" " * (first - width(term) + col_spacing))
            else:
                self.write("\n" + hang)
            lines = wrap(text, columns)
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(f"{hang}{line}\n")

    def write_text(self, text: str) -> None:
        super().write_text(chinese(text))


def install(contexts: Iterable[type] = ()) -> None:
    """Make every click context (and the given subclasses) format help with the Chinese formatter."""
    click.Context.formatter_class = ChineseHelpFormatter
    for context in contexts:
        context.formatter_class = ChineseHelpFormatter
