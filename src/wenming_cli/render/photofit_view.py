"""The `photo fit` report in every format: per photo what was done, then the summary and the failures."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from wenming_cli.photofit import FitReport, PhotoResult
from wenming_cli.render.console import capture, md_table
from wenming_cli.render.formats import OutputFormat, to_json
from wenming_cli.sizes import describe

STATUS_LABELS = {
    "fitted": "已调整",
    "copied": "原样复制",
    "unchanged": "未改动",
    "too_small": "太小",
    "failed": "失败",
    "kept": "已存在",
    "blocked": "已存在未覆盖",
    "planned": "待处理",
}
_STYLES = {
    "too_small": "red",
    "failed": "red",
    "blocked": "red",
    "kept": "dim",
    "unchanged": "dim",
    "planned": "cyan",
}
_HEADERS = ["原片", "输出", "结果", "原大小（字节）", "新大小（字节）", "画质", "缩放", "说明"]
_SHOWN_IGNORED = 10


def _title(report: FitReport) -> str:
    if report.in_place:
        return f"照片调整（就地替换；原片备份在 {report.output}）"
    return f"照片调整（输出到 {report.output}）"


def _target_line(report: FitReport) -> str:
    low, high = report.safe_bytes["min"], report.safe_bytes["max"]
    span = "、".join(
        part for part in (f"至少 {low:,} 字节" if low else "", f"至多 {high:,} 字节" if high else "") if part
    )
    both = "（“M”按 10^6 与 2^20 字节两种读法都满足）" if report.window.byte_reading == "ambiguous" else ""
    return f"大小要求：{describe(report.window)}；输出目标：{span}{both}。"


def _summary_line(report: FitReport) -> str:
    counts = report.summary
    parts = [f"{STATUS_LABELS[s]} {counts[s]} 张" for s in STATUS_LABELS if counts[s]]
    line = f"共 {counts['photos']} 张照片" + (f"：{'，'.join(parts)}" if parts else "")
    if counts["ignored"]:
        line += f"；{counts['ignored']} 个文件未处理（见上）"
    if counts["other_files"]:
        line += f"；另有 {counts['other_files']} 个其他文件（图片说明、文档等）不是照片，未动"
    if report.dry_run:
        return line + "。这是预演（--dry-run），没有写入任何文件。"
    return line + f"。用时 {report.seconds:.1f} 秒（{report.workers} 个进程）。"


def _written(photo: PhotoResult) -> str:
    """The file actually written (or kept); a planned name only in a dry run, marked as such."""
    if photo.written is not None:
        return photo.written
    return f"{photo.target}（预演）" if photo.status == "planned" else "（未写入）"


def _row(photo: PhotoResult) -> list[str]:
    """One photo; its failure reason is listed below the table, not repeated here."""
    return [
        photo.source,
        _written(photo),
        STATUS_LABELS[photo.status],
        f"{photo.size_before:,}",
        f"{photo.size_after:,}" if photo.size_after is not None else "",
        str(photo.quality) if photo.quality is not None else "",
        f"{photo.scale:.0%}" if photo.scale is not None else "",
        "；".join(photo.notes),
    ]


def _failures(report: FitReport) -> list[str]:
    return [f"{p.source}：{STATUS_LABELS[p.status]}，{p.reason}" for p in report.photos if not p.ok]


def _ignored(report: FitReport) -> list[str]:
    shown = [f"{i.path}：{i.reason}" for i in report.ignored[:_SHOWN_IGNORED]]
    more = len(report.ignored) - _SHOWN_IGNORED
    return shown + ([f"……另有 {more} 个（--format json 可看全部）"] if more > 0 else [])


def render(report: FitReport, fmt: OutputFormat) -> str:
    if fmt == OutputFormat.json:
        return to_json(report.model_dump(mode="json"))
    rows = [_row(p) for p in report.photos]
    failures, ignored = _failures(report), _ignored(report)
    if fmt == OutputFormat.markdown:
        parts = [
            f"# {_title(report)}\n",
            _target_line(report) + "\n",
            _summary_line(report) + "\n",
        ]
        if rows:
            parts.append(md_table(_HEADERS, rows))
        if failures:
            parts.append("## 未能调整\n\n" + "".join(f"- {line}\n" for line in failures))
        if ignored:
            parts.append("## 未处理的文件\n\n" + "".join(f"- {line}\n" for line in ignored))
        return "\n".join(parts)
    if fmt == OutputFormat.plain:
        lines = [_target_line(report), "\t".join(_HEADERS), *("\t".join(row) for row in rows)]
        lines += [f"未能调整：{line}" for line in failures]
        lines += [f"未处理：{line}" for line in ignored]
        lines.append(_summary_line(report))
        return "\n".join(lines) + "\n"
    table = Table(title=_title(report), show_lines=False)
    for header in _HEADERS:
        table.add_column(header, overflow="fold", no_wrap=header not in ("原片", "输出", "说明"))
    for photo, row in zip(report.photos, rows, strict=True):
        table.add_row(*row, style=_STYLES.get(photo.status))
    items: list[Table | Text] = [Text(_target_line(report)), table]
    items += [Text(f"未能调整：{line}", style="red") for line in failures]
    items += [Text(f"未处理：{line}", style="dim") for line in ignored]
    items.append(Text(_summary_line(report), style="bold red" if report.failed else "bold green"))
    return capture(items, rich=True)
