"""The output formats every command chooses from, and the JSON encoding they share."""

from __future__ import annotations

import json
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


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
