"""What every command shares: the options, output routing, and the one place errors become exit codes."""

from __future__ import annotations

import datetime as dt
import errno
import functools
import os
import sys
import traceback
from collections.abc import Callable, Iterable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO, TypeVar

import typer

from wenming_cli.cli.clickmsg import ClickException
from wenming_cli.cli.run import ctrl_c_seen, interrupted, silence_stdout, uninterrupted
from wenming_cli.errors import EXIT_CLEAN, EXIT_USAGE, Problem, UsageError, WenmingError
from wenming_cli.fsio import describe_os_error, inside, write_atomic  # noqa: F401  (inside: re-exported)
from wenming_cli.render.formats import (  # noqa: F401  (OutputFormat, to_json re-exported for commands)
    FORMAT_LABELS,
    TEXT_FORMATS,
    OutputFormat,
    formats_for,
    to_json,
)

if TYPE_CHECKING:  # rich's console is imported when something is printed, not for `CMD --help`
    from rich.console import Console


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


FormatOpt = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="输出格式：rich（终端）、plain（纯文本）、json、markdown；默认终端用 rich，管道用 plain。",
    ),
]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="写入文件；格式取自 --format 或扩展名。")
]
ForceOpt = Annotated[bool, typer.Option("--force", help="允许覆盖已存在的输出文件。")]
AsOfOpt = Annotated[
    dt.datetime | None,
    typer.Option("--as-of", formats=["%Y-%m-%d"], help="以该日期（YYYY-MM-DD）为“今天”计算期限和季度。"),
]
FailOnOpt = Annotated[FailOn, typer.Option("--fail-on", help="达到该级别的问题时退出码为 1。")]
RubricOpt = Annotated[
    str | None, typer.Option("--rubric", "-r", help="测评细则 id（如 yiyang-2021）或 YAML 文件路径。")
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="出现内部错误时显示完整的调用栈。", hidden=True)]

_EXTENSIONS = {
    ".json": OutputFormat.json,
    ".md": OutputFormat.markdown,
    ".markdown": OutputFormat.markdown,
    ".txt": OutputFormat.plain,
    ".xlsx": OutputFormat.xlsx,
    ".docx": OutputFormat.docx,
    ".html": OutputFormat.html,
    ".htm": OutputFormat.html,
}

F = TypeVar("F", bound=Callable[..., Any])


def format_option(command: str, *, batch: bool = False) -> Any:
    """`--format` offering exactly the formats `command` writes (render.formats.COMMAND_FORMATS);
    with `batch`, also those of its summary over several units, said as such."""
    allowed = formats_for(command)
    extra = tuple(f for f in formats_for("batch") if f not in allowed) if batch else ()
    text = "输出格式：" + "、".join(FORMAT_LABELS[f] for f in allowed)
    if extra:
        text += "（多个单位汇总时另可用 " + "、".join(FORMAT_LABELS[f] for f in extra) + "）"
    if OutputFormat.rich in allowed:
        text += "；默认终端用 rich，管道用 plain"
    # A per-command enum of the registry's formats, so typer offers (and accepts) exactly those.
    values = [(f.value, f.value) for f in (*allowed, *extra)]
    choices = Enum(f"{command.title().replace(' ', '')}Format", values, type=str)  # type: ignore[misc]
    return Annotated[
        choices | None,  # type: ignore[valid-type]
        typer.Option("--format", "-f", help=text + "。"),
    ]


def output_option(command: str) -> Any:
    """`-o FILE` naming the extensions `command` accepts."""
    extensions = "、".join(ext for ext, f in _EXTENSIONS.items() if f in formats_for(command))
    return Annotated[
        Path | None,
        typer.Option("--output", "-o", help=f"写入文件（{extensions}）；格式取自 --format 或扩展名。"),
    ]


def stderr_console() -> Console:
    from rich.console import Console

    # soft_wrap: a piped or redirected stderr keeps each message on one line (no hard breaks at 80 columns).
    return Console(stderr=True, highlight=False, soft_wrap=True)


def status(text: str) -> None:
    """One line of status on stderr, written as it is: rich would add nothing to an unstyled line (no
    markup, no emoji codes, no wrapping), so a run that only reports need not import it."""
    try:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # a status line is never worth failing the run for
        pass


def as_date(value: dt.datetime | None) -> dt.date:
    return value.date() if value is not None else dt.date.today()


def resolve_format(
    fmt: OutputFormat | None,
    output: Path | None,
    allowed: tuple[OutputFormat, ...] = (
        OutputFormat.rich,
        OutputFormat.plain,
        OutputFormat.json,
        OutputFormat.markdown,
    ),
) -> OutputFormat:
    """--format wins; else the extension of -o; else rich on a terminal and plain when piped."""
    fmt = OutputFormat(fmt.value) if fmt is not None else None  # a command's own enum of its formats
    from_ext = _EXTENSIONS.get(output.suffix.lower()) if output is not None else None
    if output is not None and output.is_dir():
        raise UsageError(f"输出位置 {output} 是一个文件夹。", hint="请在 -o 后给出文件名，如 -o 结果.json。")
    if output is not None and not output.suffix and fmt is None:
        accepted = "、".join(ext for ext, f in _EXTENSIONS.items() if f in allowed)
        raise UsageError(
            f"输出文件 {output} 没有扩展名，无法判断要写成哪种格式。",
            hint=f"请加上扩展名（可用：{accepted}），或用 --format 指定格式。",
        )
    if output is not None and output.suffix and from_ext is None:
        raise UsageError(
            f"不认识输出文件的扩展名“{output.suffix}”。", hint="可用：" + "、".join(sorted(_EXTENSIONS))
        )
    if (
        fmt is not None
        and from_ext is not None
        and fmt != from_ext
        and not (fmt == OutputFormat.rich and from_ext == OutputFormat.plain)
    ):
        raise UsageError(f"--format {fmt.value} 与输出文件扩展名“{output.suffix}”不一致。")  # type: ignore[union-attr]
    chosen = fmt or from_ext
    if chosen is None:
        chosen = OutputFormat.plain if output is not None or not sys.stdout.isatty() else OutputFormat.rich
    if output is not None and chosen == OutputFormat.rich:
        chosen = OutputFormat.plain
    if chosen not in allowed:
        raise UsageError(
            f"此命令不支持格式 {chosen.value}。", hint="可用：" + "、".join(f.value for f in allowed)
        )
    return chosen


def check_writable(output: Path, force: bool, evidence: Path | None = None) -> None:
    """Refuse an output that would replace a folder, a file without --force, or anything in the evidence."""
    if evidence is not None and inside(output, evidence):
        raise UsageError(
            f"输出文件 {output} 位于佐证材料 {evidence} 之内：wenming 从不在证据文件夹中写文件。",
            hint="请把输出写到证据文件夹之外，如 -o ../自查结果.json。",
        )
    if output.is_dir():
        raise UsageError(f"输出位置 {output} 是一个文件夹。", hint="请在 -o 后给出文件名，如 -o 结果.json。")
    if os.path.lexists(output) and not force:
        raise UsageError(f"输出文件 {output} 已存在。", hint="换一个文件名，或加 --force 覆盖。")
    if not output.parent.exists():
        raise UsageError(f"输出文件夹 {output.parent} 不存在。", hint="请先创建该文件夹。")


def write_output(
    data: bytes | Callable[[BinaryIO], None], output: Path, force: bool, evidence: Path | None = None
) -> None:
    """The one way a command writes its output file: checked again now, then written atomically."""
    check_writable(output, force, evidence)
    try:
        write_atomic(output, data, replace=force)
    except FileExistsError:
        raise UsageError(
            f"输出文件 {output} 已存在（可能刚由另一次运行写入）。", hint="换一个文件名，或加 --force 覆盖。"
        ) from None
    except OSError as exc:
        raise UsageError(f"无法写入 {output}：{describe_os_error(exc)}。", hint=_write_hint(exc)) from None
    status(f"已写入 {output}")


def _write_hint(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return "请清理磁盘空间后重试；原有文件未被改动。"
    if isinstance(exc, PermissionError):
        return "请确认该文件没有在 Excel、WPS 等程序中打开，并且有该文件夹的写入权限。"
    return "请换一个输出位置后重试。"


def write_stdout(text: str) -> None:
    """Results to stdout. A reader that went away (`| head -c 0`, `| true`) is no error: the run ends
    with the exit code it would have had; a full disk is exit 2 with a message."""
    try:
        with uninterrupted():  # Ctrl-C now waits until the results are out whole, then ends the run
            sys.stdout.write(text)
            sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
    except OSError as exc:
        silence_stdout()
        if exc.errno != errno.EPIPE:
            raise UsageError(f"无法输出结果：{describe_os_error(exc)}。") from None


def write_text_output(text: str, output: Path | None, force: bool, evidence: Path | None = None) -> None:
    """Results go to stdout, or to a file that is replaced only with --force."""
    if output is None:
        write_stdout(text if text.endswith("\n") else text + "\n")
        return
    write_output(text.encode("utf-8"), output, force, evidence)


def findings_reach(severities: Iterable[str], fail_on: FailOn) -> bool:
    """Whether any of these severities reaches --fail-on: the one rule check, score, gaps and report share."""
    from wenming_cli.models.finding import Severity

    if fail_on == FailOn.never:
        return False
    threshold = Severity(fail_on.value).rank
    return any(Severity(s).rank >= threshold for s in severities)


def print_problems(problems: list[Problem], console: Console) -> None:
    for p in problems:
        tag = "错误" if p.severity == "error" else "警告"
        where = f" [{p.where}]" if p.where else ""
        console.print(f"{p.location()}{where} {tag}：{p.message}", markup=False, highlight=False)


def handle_errors(func: F) -> F:
    """Turn every expected failure into a Chinese message and exit 2; never show a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            code = func(*args, **kwargs)  # a command returns its outcome (errors.outcome) or None
        except WenmingError as exc:
            console = stderr_console()
            print_problems(exc.problems, console)
            console.print(f"错误：{exc.message}", markup=False)
            if exc.hint:
                console.print(f"建议：{exc.hint}", markup=False)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            raise typer.Exit(interrupted()) from None
        except (typer.Exit, ClickException):  # usage errors are said in Chinese by the entry point
            raise
        except Exception:  # the last line of defence: a bug must not show a clerk a traceback
            if ctrl_c_seen():  # set off by the clerk's Ctrl-C: the run was interrupted, not broken
                raise typer.Exit(interrupted()) from None
            if os.environ.get("WENMING_DEBUG") or kwargs.get("debug"):
                traceback.print_exc()
            else:
                stderr_console().print(
                    "wenming 内部错误，请设置环境变量 WENMING_DEBUG=1 重新运行，并把输出发给维护者。",
                    markup=False,
                )
            raise typer.Exit(EXIT_USAGE) from None
        # The one place a finished command exits: 0 clean, 1 findings at or above the threshold.
        raise typer.Exit(EXIT_CLEAN if code is None else int(code))

    return wrapper  # type: ignore[return-value]
