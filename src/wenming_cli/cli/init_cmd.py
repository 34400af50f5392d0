"""`wenming init DIR --rubric ID [--unit PLAN]`: create the evidence folder layout and a unit plan."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wenming_cli.cli.common import ForceOpt, RubricOpt, handle_errors, stderr_console
from wenming_cli.errors import UsageError
from wenming_cli.evidence import layout
from wenming_cli.evidence.skeleton import create, rubric_ref_from
from wenming_cli.evidence.unit_template import NAME_PLACEHOLDER, unit_plan_template
from wenming_cli.rubric import registry


def _rubric_ref(ref: str, folder: Path) -> str:
    """How the new unit.yaml names its rubric: the id as given, or the file's path relative to the folder."""
    path = registry.rubric_path(ref)
    if path.parent == registry.bundled_dir():
        return path.stem
    return rubric_ref_from(path, folder)


def register(app: typer.Typer) -> None:
    @app.command("init")
    @handle_errors
    def init(
        folder: Annotated[Path, typer.Argument(help="要创建的证据文件夹。")],
        rubric: RubricOpt = None,
        unit: Annotated[
            Path | None,
            typer.Option("--unit", "-u", help="已有的单位方案 unit.yaml，复制到文件夹根目录。"),
        ] = None,
        name: Annotated[str | None, typer.Option("--name", help="单位全称，写入新建的 unit.yaml。")] = None,
        short_names: Annotated[
            list[str] | None, typer.Option("--short-name", help="单位简称，可给多个，写入新建的 unit.yaml。")
        ] = None,
        force: ForceOpt = False,
    ) -> None:
        """按测评细则创建证据文件夹：unit.yaml、每条测评标准和任务一个文件夹，内附“00-收集要求.txt”。

        已有的文件不会被改动；--force 只更新 wenming 自己写的“00-收集要求.txt”。
        """
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"{folder} 已存在且不是文件夹。")
        plan, template = None, None
        existing_plan = folder / layout.UNIT_PLAN_NAME
        if unit is not None:
            plan, plan_rubric, _ = registry.load_unit_plan(unit)
            model = registry.load_rubric(rubric) if rubric else plan_rubric
        elif existing_plan.is_file():
            plan, plan_rubric, _ = registry.load_unit_plan(existing_plan)
            model = registry.load_rubric(rubric) if rubric else plan_rubric
        elif rubric:
            model = registry.load_rubric(rubric)
            template = unit_plan_template(model, _rubric_ref(rubric, folder), name, tuple(short_names or ()))
        else:
            raise UsageError("请用 --rubric 指定测评细则（如 yiyang-2021），或用 --unit 给出单位方案。")
        report = create(folder, model, plan, unit, force, unit_template=template)
        console = stderr_console()
        console.print(
            f"{folder}：新建文件夹 {len(report.created_dirs)} 个，写入文件 {len(report.written)} 个，"
            f"保留已有文件 {len(report.kept)} 个。",
            markup=False,
        )
        if layout.UNIT_PLAN_NAME in report.written and template is not None:
            todo = "填写单位全称、" if not name else ""
            console.print(
                f"已生成 {folder / layout.UNIT_PLAN_NAME}：请{todo}按其中的说明填写人员、分工、数据和荣誉。"
                + (f"（单位名称暂为“{NAME_PLACEHOLDER}”）" if not name else ""),
                markup=False,
            )
        if any(k != layout.UNIT_PLAN_NAME for k in report.kept) and not force:
            console.print(
                "已有的“00-收集要求.txt”未更新；需要更新时加 --force（只会更新 wenming 自己的文件）。",
                markup=False,
            )
