"""Turning rich renderables into text for the terminal (rich) or for a pipe (plain)."""

from __future__ import annotations

import io
import os
import shutil
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich is imported when a terminal rendering is made, never for json, plain or markdown
    from rich.console import RenderableType


def capture(renderables: list[RenderableType], rich: bool) -> str:
    """Render to a string: colours and box tables for a terminal, plain text otherwise."""
    from rich.console import Console

    buffer = io.StringIO()
    width = shutil.get_terminal_size((120, 40)).columns if rich else 160
    console = Console(
        file=buffer,
        force_terminal=rich,
        color_system="auto" if rich else None,
        no_color=not rich or bool(os.environ.get("NO_COLOR")),  # https://no-color.org
        width=width,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    for item in renderables:
        console.print(item)
    return buffer.getvalue()


def md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def md_table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
