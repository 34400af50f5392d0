"""`wenming report EVIDENCE -o 自查报告.xlsx|.docx|.md`: the self-inspection report."""

from __future__ import annotations

import typer

from wenming_cli.cli import notices
from wenming_cli.cli.common import (
    AsOfOpt,
    FailOn,
    FailOnOpt,
    ForceOpt,
    OutputFormat,
    RubricOpt,
    as_date,
    check_writable,
    findings_reach,
    format_option,
    formats_for,
    handle_errors,
    output_option,
    resolve_format,
    write_output,
    write_text_output,
)
from wenming_cli.cli.html_out import html_page
from wenming_cli.cli.score_cmd import EvidenceArg, QuickOpt, evaluate
from wenming_cli.errors import UsageError
from wenming_cli.errors import outcome as exit_outcome
from wenming_cli.render import report_md
from wenming_cli.scoring import gaps as gaps_mod

FormatChoice = format_option("report")
OutputFile = output_option("report")

ALLOWED = (OutputFormat.xlsx, OutputFormat.docx, OutputFormat.markdown, OutputFormat.html)


@handle_errors
def report(
    evidence: EvidenceArg,
    rubric: RubricOpt = None,
    quick: QuickOpt = False,
    fmt: FormatChoice = None,
    output: OutputFile = None,
    force: ForceOpt = False,
    as_of: AsOfOpt = None,
    fail_on: FailOnOpt = FailOn.never,
) -> int:
    """生成自查报告：Excel 工作簿（.xlsx）、Word 文档（.docx）或 Markdown（.md），格式取自扩展名或 --format。"""
    if fmt is None and output is None:
        fmt = OutputFormat.markdown
    chosen = resolve_format(fmt, output, allowed=formats_for("report"))
    if chosen in (OutputFormat.xlsx, OutputFormat.docx) and output is None:
        raise UsageError(f"{chosen.value} 格式需要用 -o 指定输出文件，如 -o 自查报告.{chosen.value}。")
    if output is not None:
        check_writable(output, force, evidence)
    today = as_date(as_of)
    check, plan, rubric_model, card = evaluate(evidence, rubric, today, quick)
    notices.show(rubric, as_of, plan, rubric_model)
    gap_report = gaps_mod.build_gaps(card, today)
    # openpyxl and python-docx are imported for the one format that needs them.
    if chosen == OutputFormat.xlsx:
        from wenming_cli.render import report_xlsx

        write_output(report_xlsx.render_xlsx(card, gap_report, rubric_model, check), output, force, evidence)  # type: ignore[arg-type]
    elif chosen == OutputFormat.docx:
        from wenming_cli.render import report_docx

        write_output(report_docx.render_docx(card, gap_report, rubric_model, check), output, force, evidence)  # type: ignore[arg-type]
    elif chosen == OutputFormat.html:
        sections = report_md.narrative(
            card, gap_report, report_md.banned_phrases(rubric_model), check, rubric_model
        )
        page = html_page("report", check, rubric_model, plan, evidence, today, card, gap_report, sections)
        write_text_output(page, output, force, evidence)
    elif output is not None:
        # A file for clerks: UTF-8 with BOM and CRLF, so Notepad on any Windows shows it right.
        text = report_md.render_markdown(card, gap_report, rubric_model, check)
        write_output(("\ufeff" + text).replace("\n", "\r\n").encode("utf-8"), output, force, evidence)
    else:
        write_text_output(report_md.render_markdown(card, gap_report, rubric_model, check), None, force)
    return exit_outcome(findings_reach((f.severity for f in check.findings), fail_on))


def register(app: typer.Typer) -> None:
    app.command("report")(report)
