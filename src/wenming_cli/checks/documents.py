"""Official documents (PDF) and explanatory reports against the rubric's rules."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import PurePosixPath

from wenming_cli import material_text, sizes
from wenming_cli.checks.codes import finding
from wenming_cli.checks.context import CheckContext, where_of
from wenming_cli.checks.names import DOCUMENT_NUMBER
from wenming_cli.evidence.sniff import type_label
from wenming_cli.models.finding import Finding
from wenming_cli.models.inventory import EvidenceFile


def check_documents(ctx: CheckContext) -> Iterator[Finding]:
    for f in ctx.scan.inventory.files:
        if f.path in ctx.scan.pdfs:
            yield from _pdf(ctx, f)
        elif f.content_type == "pdf" and f.role == "official_document":
            yield from _pdf_size(ctx, f)  # the quick pass parses no PDF: only its size is known
        elif f.content_type == "pdf" and f.role == "report":
            yield _pdf_report(f, ctx)
        elif f.role == "report" and f.path in ctx.scan.reports:
            yield from _report(ctx, f)
        elif f.role == "official_document" and f.photo is None and f.content_type not in ("pdf", "empty"):
            rules = ctx.rules_for(f.subject or "").pdf
            # A text file named .pdf already has FILE-TYPE-MISMATCH saying what it really is.
            if rules is not None and f.read_error is None and not f.path.lower().endswith(".pdf"):
                wanted = material_text.document(rules)
                yield finding(
                    "DOCUMENT-FORMAT",
                    f"正式发文是{type_label(f.content_type)}，测评细则要求{wanted}。",
                    fix=f"导出或扫描为{wanted}后放入“正式发文”文件夹。",
                    **where_of(f, ctx.rubric),
                )
        elif f.role == "official_document" and f.photo is not None:
            # Only a rubric that declares document rules asks for PDFs (SPEC §1).
            rules = ctx.rules_for(f.subject or "").pdf
            if rules is not None:
                wanted = material_text.document(rules)
                yield finding(
                    "DOCUMENT-FORMAT",
                    f"正式发文是图片，测评细则要求{wanted}。",
                    fix=f"扫描为{wanted}后放入“正式发文”文件夹。",
                    **where_of(f, ctx.rubric),
                )


def _pdf(ctx: CheckContext, f: EvidenceFile) -> Iterator[Finding]:
    analysis = ctx.scan.pdfs[f.path]
    where = where_of(f, ctx.rubric)
    if not analysis.valid:
        yield finding(
            "PDF-INVALID",
            f"PDF 无法打开：{analysis.error or '文件损坏'}。",
            fix="重新扫描或导出 PDF。",
            **where,
        )
        return
    if analysis.encrypted:
        yield finding(
            "PDF-ENCRYPTED", "PDF 设置了打开密码，审核人员无法查看。", fix="去掉打开密码后重新导出。", **where
        )
        return
    if analysis.page_count == 0:
        yield finding("PDF-NO-PAGES", "PDF 没有任何页面。", fix="重新扫描或导出 PDF。", **where)
        return
    if f.role == "report":
        yield _pdf_report(f, ctx)
        return
    rules = ctx.rules_for(f.subject or "").pdf
    if rules is None or f.role != "official_document":
        return
    yield from _pdf_size(ctx, f)
    if rules.red_header_required and analysis.red_header is not None and not analysis.red_header.seen:
        yield finding(
            "PDF-RED-HEADER",
            f"首页未发现红头（启发式判断，仅供参考）：{analysis.red_header.description}",
            fix="确认提供的是含红头页的正式发文扫描件。",
            page=1,
            **where,
        )
    if rules.seal_page_required and analysis.seal is not None and not analysis.seal.seen:
        yield finding(
            "PDF-SEAL",
            f"未发现红色公章（启发式判断，仅供参考）：{analysis.seal.description}",
            fix="确认提供了盖章页。",
            **where,
        )
    if rules.document_number_required:
        name = PurePosixPath(f.path).stem
        text = unicodedata.normalize("NFKC", analysis.first_page_text or "")
        if not DOCUMENT_NUMBER.search(unicodedata.normalize("NFKC", name)) and not DOCUMENT_NUMBER.search(text):
            yield finding(
                "PDF-DOCUMENT-NUMBER",
                "文件名和首页文字中都没有找到文号（如“〔年份〕序号号”）"
                + ("；扫描件无文字可读，请核对。" if analysis.image_only else "。"),
                fix="提供带文号的正式发文，或在文件名中写上文号。",
                page=1,
                **where,
            )


def _pdf_size(ctx: CheckContext, f: EvidenceFile) -> Iterator[Finding]:
    rules = ctx.rules_for(f.subject or "").pdf
    if rules is None:
        return
    where = where_of(f, ctx.rubric)
    if rules.max_size is not None:
        verdict = sizes.judge(f.size, rules.max_size)
        expected = sizes.describe(rules.max_size)
        if verdict.fails_everywhere:
            yield finding(
                "PDF-SIZE",
                f"PDF 大小 {sizes.human(f.size)}，要求{expected}。",
                fix="降低扫描分辨率（150—200 dpi、灰度或彩色 JPEG 压缩）后重新生成。",
                expected=expected,
                actual=str(f.size),
                **where,
            )
        elif not verdict.ok_everywhere:
            yield finding(
                "PDF-SIZE-AMBIGUOUS",
                f"PDF 大小 {sizes.human(f.size)}：只在一种“M”的理解下小于限制，上传系统按哪种计算未知。",
                fix=material_text.safe_size(rules.max_size) + "。",
                expected=expected,
                actual=str(f.size),
                **where,
            )


def _asks_measures(ctx: CheckContext, subject: str | None) -> bool:
    """Whether the folder's standard or task asks for a report with measures (需提供举措的说明报告)."""
    task = ctx.rubric.task(subject or "")
    if task is not None:
        return any(r.measures_report for r in task.evidence)
    standard = ctx.rubric.standard(subject or "")
    return standard is not None and any(r.measures_report for c in standard.clauses for r in c.evidence)


def _report(ctx: CheckContext, f: EvidenceFile) -> Iterator[Finding]:
    from wenming_cli.checks.reporttext import analyse_report

    text = ctx.scan.reports[f.path]
    where = where_of(f, ctx.rubric)
    if text.unsupported:
        yield finding(
            "REPORT-FORMAT", "无法检查 .doc/.wps/PDF 格式的说明报告的措辞。", fix="请另存为 .docx。", **where
        )
        return
    if text.error:
        yield finding(
            "REPORT-UNREADABLE",
            f"说明报告无法读取：{text.error}。",
            fix="用 Word 或 WPS 打开后另存为 .docx。",
            **where,
        )
        return
    rules = ctx.rules_for(f.subject or "").report
    if rules is None:
        return
    result = analyse_report(text, rules)
    for hit in result.phrase_hits:
        inferred = "（变体）" if hit.source == "inferred" else ""
        yield finding(
            "REPORT-BANNED-PHRASE",
            f"使用了套话“{hit.phrase}”{inferred}（第 {hit.number} 段：{hit.excerpt}）。",
            fix="删去套话，直接写做了什么、数据和实例。",
            actual=hit.phrase,
            field=f"{hit.phrase}@{hit.number}",
            **where,
        )
    if rules.headings_required and not result.headings:
        yield finding(
            "REPORT-HEADINGS",
            "说明报告没有小标题。",
            fix="按“一、（一）1.”分段分点，加小标题。",
            expected="≥1",
            actual="0",
            **where,
        )
    if (
        rules.min_measures is not None
        and len(result.measures) < rules.min_measures
        and (rules.measures_scope == "every_report" or _asks_measures(ctx, f.subject))
    ):
        yield finding(
            "REPORT-MEASURES",
            f"说明报告只写了 {len(result.measures)} 条举措，要求至少 {rules.min_measures} 条。",
            fix="按“（一）（二）（三）”分条写明具体举措。",
            expected=f"≥{rules.min_measures}",
            actual=str(len(result.measures)),
            **where,
        )
    if rules.data_required and not result.data:
        yield finding(
            "REPORT-DATA",
            "说明报告没有数据（人数、次数、百分比等）。",
            fix="补充具体数据和实例。",
            expected="≥1",
            actual="0",
            **where,
        )
    if rules.max_chars is not None and result.chars > rules.max_chars:
        yield finding(
            "REPORT-LENGTH",
            f"说明报告 {result.chars} 字，超过限制 {rules.max_chars} 字。",
            fix="精简内容。",
            expected=f"≤{rules.max_chars}",
            actual=str(result.chars),
            **where,
        )



def _pdf_report(f: EvidenceFile, ctx: CheckContext) -> Finding:
    return finding(
        "REPORT-FORMAT",
        "说明报告是 PDF，无法检查其措辞、小标题和数据。",
        fix="请另存为 .docx。",
        **where_of(f, ctx.rubric),
    )
