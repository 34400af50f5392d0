"""`wenming calendar EVIDENCE -o 截止日期.ics`: every deadline of the unit, with reminders."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wenming_cli.cli.common import (
    AsOfOpt,
    DebugOpt,
    ForceOpt,
    RubricOpt,
    as_date,
    check_writable,
    handle_errors,
    stderr_console,
    write_output,
)
from wenming_cli.errors import EXIT_CLEAN, UsageError


def register(app: typer.Typer) -> int:
    @app.command("calendar")
    @handle_errors
    def calendar(
        evidence: Annotated[Path, typer.Argument(help="证据文件夹（根目录放 unit.yaml）。")],
        output: Annotated[
            Path, typer.Option("--output", "-o", help="写入的日历文件（.ics），须在证据文件夹之外。")
        ],
        department: Annotated[
            str | None, typer.Option("--department", help="只要该部门负责的期限（部门名称或 id）。")
        ] = None,
        person: Annotated[str | None, typer.Option("--person", help="只要该责任人的期限。")] = None,
        all_: Annotated[
            bool, typer.Option("--all", help="已完成的事项也写入（标题标“【已完成】”，不提醒）。")
        ] = False,
        remind_days: Annotated[
            int, typer.Option("--remind-days", min=0, max=60, help="提前几天提醒（默认 7 天）。")
        ] = 7,
        rubric: RubricOpt = None,
        force: ForceOpt = False,
        as_of: AsOfOpt = None,
        debug: DebugOpt = False,
    ) -> int:
        """把测评细则任务清单和单位方案中的全部截止日期（含上传材料的时段）写成日历文件，
        可导入手机日历、Outlook 或 WPS，提前一周提醒。已完成的事项默认不写入。"""
        if output.suffix.lower() != ".ics":
            raise UsageError(f"日历文件的扩展名应为 .ics（现在是“{output.suffix}”）。")
        check_writable(output, force, evidence)  # before the check, not after it
        # The checks (Pillow) and icalendar are imported when the command runs, not for its --help.
        from wenming_cli.checks.archive_input import open_evidence
        from wenming_cli.checks.engine import check_folder
        from wenming_cli.deadline_calendar import build_events
        from wenming_cli.render.calendar_ics import to_ics

        with open_evidence(evidence) as source:  # a zipped evidence folder works as it does for check
            run = check_folder(source.folder, rubric_ref=rubric, as_of=as_date(as_of), quick=True)
            events = build_events(run, department=department, person=person, include_complete=all_)
        unit = run.plan.unit.name if run.plan else run.rubric.city
        name = f"{unit} 创建文明单位截止日期" + (
            f"（{department or person}）" if department or person else ""
        )
        write_output(
            to_ics(events, name=name, stamp=run.result.as_of, remind_days=remind_days),
            output,
            force,
            evidence,
        )
        deadlines = sum(1 for e in events if e.kind == "deadline")
        overdue = sum(1 for e in events if e.kind == "deadline" and e.overdue)
        stderr_console().print(
            f"已写入 {output}：{deadlines} 个截止日期（其中已逾期 {overdue} 个），"
            f"{len(events) - deadlines} 个上传时段，提前 {remind_days} 天提醒。",
            markup=False,
        )
        return EXIT_CLEAN
