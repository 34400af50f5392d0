"""`wenming photo fit`: parse the options, plan, fit with a progress bar, render the report."""

from __future__ import annotations

import os
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wenming_cli.cli.common import (
    DebugOpt,
    ForceOpt,
    RubricOpt,
    check_writable,
    format_option,
    formats_for,
    handle_errors,
    resolve_format,
    status,
    stderr_console,
    write_text_output,
)
from wenming_cli.errors import UsageError
from wenming_cli.errors import outcome as exit_outcome
from wenming_cli.evidence import archive
from wenming_cli.evidence.layout import UNIT_PLAN_NAME
from wenming_cli.models.rubric import PhotoRules, Rubric
from wenming_cli.rubric import registry

if TYPE_CHECKING:  # Pillow (photofit, fonts) is imported when photos are fitted, not for --help
    from wenming_cli import photofit

FormatChoice = format_option("photo fit")

app = typer.Typer(
    help="照片处理：批量调整为测评细则要求的格式和大小。", no_args_is_help=True, rich_markup_mode=None
)


def _plan_rubric(sources: list[Path]) -> Rubric | None:
    """The rubric named by the unit.yaml at the root of the one evidence folder given, if any: a clerk
    fitting a whole evidence folder need not say again which city's rules it follows."""
    folders = [s for s in sources if s.is_dir()]
    if len(sources) != 1 or len(folders) != 1:
        return None
    unit_file = folders[0] / UNIT_PLAN_NAME
    if not unit_file.is_file():
        return None
    plan, rubric, _warnings = registry.load_unit_plan(unit_file)
    status(f"按 {unit_file} 使用测评细则 {rubric.id}（{rubric.title}）的照片要求。")
    return rubric


def _photo_rules(rubric_ref: str | None, task: str | None, sources: list[Path]) -> PhotoRules | None:
    rubric = registry.load_rubric(rubric_ref) if rubric_ref is not None else _plan_rubric(sources)
    if rubric is None:
        if task is not None:
            raise UsageError("--task 需要同时给出 --rubric。")
        return None
    if task is None:
        return rubric.material_rules.photo
    if rubric.task(task) is None:
        raise UsageError(f"测评细则 {rubric.id} 中没有任务“{task}”。")
    return rubric.material_rules_for_task(task).photo


def _font(caption: bool, font: Path | None, rules: PhotoRules | None) -> Path | None:
    if not caption:
        if font is not None:
            raise UsageError("--font 是字幕条用的字体，请同时加 --caption。")
        return None
    from wenming_cli.imaging import fonts

    if rules is not None and rules.burned_in_captions == "forbidden":
        source = f"（{rules.source}）" if rules.source else ""
        raise UsageError(f"该测评细则不允许在照片上加字幕{source}，不能使用 --caption。")
    if font is not None:
        if not font.is_file():
            raise UsageError(f"找不到字体文件 {font}。")
        if not fonts.has_cjk_glyphs(font):
            raise UsageError(
                f"字体 {font} 不含中文字形。", hint="请换一个中文字体，如黑体、微软雅黑或思源黑体。"
            )
        return font
    found = fonts.find_cjk_font()
    if found is None:
        raise UsageError(
            "系统中找不到中文字体，无法加字幕条。",
            hint="请用 --font 指定中文字体文件（如 C:\\Windows\\Fonts\\msyh.ttc、simhei.ttf），"
            "或安装 fonts-noto-cjk（Linux）。",
        )
    return found


@app.command("fit")
@handle_errors
def fit(
    sources: Annotated[
        list[Path], typer.Argument(metavar="SRC", help="原片文件夹或照片文件，可给多个；原片不会被修改。")
    ],
    out: Annotated[
        Path | None, typer.Option("--output", "-o", help="输出文件夹：每个原片文件夹在其中按原名镜像。")
    ] = None,
    rubric: RubricOpt = None,
    task: Annotated[
        str | None, typer.Option("--task", help="按该任务的资料要求（如 a3-3.4）而不是测评细则的默认要求。")
    ] = None,
    min_size: Annotated[
        str | None, typer.Option("--min", help="大小下限（不含），如 1M；替代测评细则的下限。")
    ] = None,
    max_size: Annotated[
        str | None, typer.Option("--max", help="大小上限（不含），如 2M；替代测评细则的上限。")
    ] = None,
    in_place: Annotated[
        bool,
        typer.Option("--in-place", help="就地替换原片（同名同扩展名）；必须同时用 --backup 先备份原片。"),
    ] = False,
    backup: Annotated[
        Path | None,
        typer.Option("--backup", help="--in-place 时原片先复制到这里（须在原片文件夹之外），并按哈希校验。"),
    ] = None,
    enlarge: Annotated[
        bool,
        typer.Option(
            "--enlarge", help="照片太小、画质 100 和 4:4:4 色度采样也达不到下限时放大像素（默认只报告）。"
        ),
    ] = False,
    caption: Annotated[
        bool, typer.Option("--caption", help="在照片底部加字幕条：活动说明中的时间、地点、主题。")
    ] = False,
    font: Annotated[
        Path | None, typer.Option("--font", help="字幕条用的中文字体文件；默认在系统字体中查找。")
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", "-j", min=1, help="并行进程数；默认为 CPU 核数（最多 8）。")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只列出将要处理的照片，不解码、不写入。")
    ] = False,
    report: Annotated[
        Path | None, typer.Option("--report", help="把报告写入文件；格式取自 --format 或扩展名。")
    ] = None,
    fmt: FormatChoice = None,
    force: ForceOpt = False,
    debug: DebugOpt = False,
) -> int:
    """把照片批量转为 JPEG，并调整到测评细则要求的大小范围内（两种“M”读法都满足）。

    退出码：0 全部完成；1 有照片未能调整；2 用法错误。
    """
    chosen = resolve_format(fmt, report, allowed=formats_for("photo fit"))
    plan_given = len(sources) == 1 and (sources[0] / UNIT_PLAN_NAME).is_file()
    if rubric is None and min_size is None and max_size is None and not plan_given:
        raise UsageError(
            "请用 --rubric 指定测评细则，或用 --min/--max 给出大小范围。",
            hint=f"例如 --min 1M --max 3M；对根目录有 {UNIT_PLAN_NAME} 的证据文件夹，按其中的测评细则。",
        )
    if report is not None:
        check_writable(report, force)  # before the work, not after minutes of it
    _destination(out, in_place, backup)
    from wenming_cli import photofit
    from wenming_cli.render import photofit_view

    rules = _photo_rules(rubric, task, sources)
    window = photofit.fit_window(rules, min_size, max_size)
    settings = photofit.FitSettings(
        window=window,
        enlarge=enlarge,
        font=_font(caption, font, rules),
        force=force,
        keep_png=rules is not None and "png" in rules.formats,
        backup=backup if in_place else None,
    )
    with ExitStack() as stack:
        readable = _unzipped(sources, in_place, stack)
        plan = photofit.plan(readable, out, settings, rules.caption_fields if rules is not None else ())
        if dry_run:
            result = photofit.preview(plan)
        else:
            result = _run_with_progress(plan, workers or min(os.cpu_count() or 1, 8))
    write_text_output(photofit_view.render(result, chosen), report, force)
    return exit_outcome(result.failed)


def _unzipped(sources: list[Path], in_place: bool, stack: ExitStack) -> list[Path]:
    """Each zip among the sources extracted (safely, for the run only) and mirrored under its own name."""
    readable: list[Path] = []
    for source in sources:
        if not archive.is_zip(source):
            readable.append(source)
            continue
        if in_place:
            raise UsageError(
                f"{source} 是压缩包，其中的照片不能就地替换。",
                hint="请改用 -o 输出文件夹：调整后的照片写到压缩包之外，压缩包本身不会被改动。",
            )
        extraction = stack.enter_context(archive.opened_archive(source))
        for note in extraction.notes:
            stderr_console().print(f"跳过 {source.name} › {note.entry}：{note.message}", markup=False)
        readable.append(extraction.folder)
    return readable


def _destination(out: Path | None, in_place: bool, backup: Path | None) -> None:
    if in_place:
        if out is not None:
            raise UsageError("--in-place 与 -o 不能同时使用：就地替换不另写输出文件夹。")
        if backup is None:
            raise UsageError(
                "--in-place 会替换原片，必须用 --backup 指定备份文件夹。",
                hint="例如 --in-place --backup D:\\照片备份；备份须在原片文件夹之外。",
            )
    elif backup is not None:
        raise UsageError("--backup 只在 --in-place 时使用。")
    elif out is None:
        raise UsageError("请用 -o 指定输出文件夹，或用 --in-place --backup 备份文件夹 就地替换。")


def _run_with_progress(plan: photofit.FitPlan, workers: int) -> photofit.FitReport:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from wenming_cli import photofit

    console = stderr_console()
    if not console.is_terminal or not plan.photos:
        return photofit.run(plan, workers)
    columns = (TextColumn("调整照片"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        bar = progress.add_task("photos", total=len(plan.photos))
        return photofit.run(plan, workers, on_result=lambda _result: progress.advance(bar))


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="photo")
