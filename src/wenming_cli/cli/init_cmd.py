"""`wenming init DIR --rubric ID [--unit PLAN]`: create the evidence folder layout."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wenming_cli.cli.common import ForceOpt, RubricOpt, handle_errors, stderr_console
from wenming_cli.errors import UsageError
from wenming_cli.evidence.skeleton import create
from wenming_cli.rubric import registry


def register(app: typer.Typer) -> None:
    @app.command("init")
    @handle_errors
    def init(
        folder: Annotated[Path, typer.Argument(help="要创建的证据文件夹。")],
        rubric: RubricOpt = None,
        unit: Annotated[
            Path | None, typer.Option("--unit", "-u", help="单位方案 unit.yaml，复制到文件夹根目录。")
        ] = None,
        force: ForceOpt = False,
    ) -> None:
        """按测评细则创建证据文件夹：每条测评标准和任务一个文件夹，内附“00-收集要求.txt”。"""
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"{folder} 已存在且不是文件夹。")
        plan = None
        if unit is not None:
            plan, plan_rubric, _ = registry.load_unit_plan(unit)
            model = registry.load_rubric(rubric) if rubric else plan_rubric
        elif (folder / "unit.yaml").is_file():
            plan, plan_rubric, _ = registry.load_unit_plan(folder / "unit.yaml")
            model = registry.load_rubric(rubric) if rubric else plan_rubric
        elif rubric:
            model = registry.load_rubric(rubric)
        else:
            raise UsageError("请用 --rubric 指定测评细则（如 yiyang-2021），或用 --unit 给出单位方案。")
        report = create(folder, model, plan, unit, force)
        console = stderr_console()
        console.print(
            f"{folder}：新建文件夹 {len(report.created_dirs)} 个，写入说明 {len(report.written)} 个，"
            f"保留已有文件 {len(report.kept)} 个。",
            markup=False,
        )
        if report.kept and not force:
            console.print(
                "已有的“00-收集要求.txt”未更新；需要更新时加 --force（只会更新 wenming 自己的文件）。",
                markup=False,
            )
