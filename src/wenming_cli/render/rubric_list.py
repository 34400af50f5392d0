"""`wenming rubric list` in every text format, from the summaries (rubric/catalogue.py): no model needed."""

from __future__ import annotations

from typing import Any

from wenming_cli.render.console import capture, md_table
from wenming_cli.render.formats import OutputFormat, to_json

HEADERS = ("id", "城市", "版本", "测评项目", "测评标准", "计分项", "任务", "总分", "加分上限")
_KEYS = ("id", "city", "edition", "categories", "standards", "clauses", "tasks", "total_points", "bonus_cap")


def render_list(rows: list[dict[str, Any]], fmt: OutputFormat) -> str:
    if fmt == OutputFormat.json:
        return to_json(rows)
    headers = list(HEADERS)
    cells = [[str(row[key]) for key in _KEYS] for row in rows]
    if fmt == OutputFormat.markdown:
        return md_table(headers, cells)
    if fmt == OutputFormat.plain:
        return "\n".join("\t".join(c) for c in [headers, *cells]) + "\n"
    from rich.table import Table  # the terminal rendering only: json, plain and markdown need no rich

    table = Table(title="内置测评细则", show_lines=False)
    for h in headers:
        table.add_column(h)
    for c in cells:
        table.add_row(*c)
    return capture([table], rich=True)
