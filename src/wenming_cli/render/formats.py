"""The output formats every command chooses from, and the JSON encoding they share."""

from __future__ import annotations

from enum import Enum
from typing import Any


class OutputFormat(str, Enum):
    rich = "rich"
    plain = "plain"
    json = "json"
    markdown = "markdown"
    xlsx = "xlsx"
    docx = "docx"
    html = "html"


TEXT_FORMATS = (OutputFormat.rich, OutputFormat.plain, OutputFormat.json, OutputFormat.markdown)

# The one registry of which command writes which formats: its --format choices, the extensions -o
# accepts and its help texts all come from here.
COMMAND_FORMATS: dict[str, tuple[OutputFormat, ...]] = {
    "check": (*TEXT_FORMATS, OutputFormat.html),
    "score": (*TEXT_FORMATS, OutputFormat.html),
    "gaps": (*TEXT_FORMATS, OutputFormat.html),
    "report": (OutputFormat.xlsx, OutputFormat.docx, OutputFormat.markdown, OutputFormat.html),
    "diff": (*TEXT_FORMATS, OutputFormat.xlsx),
    "rubric": TEXT_FORMATS,
    "photo fit": TEXT_FORMATS,
    "pack": TEXT_FORMATS,
    "import": TEXT_FORMATS,
    # `check`/`score` over several units (A B C or --batch DIR): one summary, also as a workbook.
    "batch": (*TEXT_FORMATS, OutputFormat.xlsx),
}

FORMAT_LABELS = {
    OutputFormat.rich: "rich（终端表格）",
    OutputFormat.plain: "plain（纯文本）",
    OutputFormat.json: "json",
    OutputFormat.markdown: "markdown",
    OutputFormat.xlsx: "xlsx（Excel）",
    OutputFormat.docx: "docx（Word）",
    OutputFormat.html: "html（网页）",
}


def formats_for(command: str) -> tuple[OutputFormat, ...]:
    return COMMAND_FORMATS[command]


def to_json(data: Any) -> str:
    import json  # not needed by a help screen

    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"


def model_json(model: Any) -> str:
    """The text `to_json(model.model_dump(mode="json"))` gives, written by pydantic's own serializer
    (several times faster on a large check result; tests/test_render_json.py holds them equal)."""
    return model.model_dump_json(indent=2) + "\n"
