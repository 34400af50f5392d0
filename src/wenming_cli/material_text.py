"""Clerk-facing wording of a rubric's material rules, built from the rules themselves.

Fix texts, `00-收集要求.txt` and messages call these, so a city's numbers (photos per activity, PDF
pages, size limits) appear only when its rubric declares them, and never another city's.
"""

from __future__ import annotations

from wenming_cli import sizes
from wenming_cli.models.rubric import MaterialRules, PdfRules, PhotoRules
from wenming_cli.models.vocab import format_label

REPORT_FILE_TYPES = ".docx、.txt 或 .md"  # what wenming reads as an explanatory report


def photo_count(rules: PhotoRules | None) -> str:
    """“2—6 张照片”, “至少 2 张照片”, or just “照片” when the rubric sets no count."""
    if rules is None:
        return "照片"
    low, high = rules.min_per_activity, rules.max_per_activity
    if high is not None:
        return f"{low or 1}—{high} 张照片"
    if low is not None:
        return f"至少 {low} 张照片"
    return "照片"


def photo_formats(rules: PhotoRules | None) -> str:
    return "/".join(map(format_label, rules.formats)) if rules is not None and rules.formats else ""


def document_parts(rules: PdfRules | None) -> list[str]:
    """The pages or marks a document must show: 红头页, 盖章页, 文号 — only those the rubric requires."""
    if rules is None:
        return []
    parts = []
    if rules.red_header_required:
        parts.append("红头页")
    if rules.seal_page_required:
        parts.append("盖章页")
    if rules.document_number_required:
        parts.append("文号")
    return parts


def document(rules: PdfRules | None) -> str:
    """“含红头页和盖章页的 PDF（小于2M）”, or “PDF” when the rubric says nothing more."""
    parts = document_parts(rules)
    text = ("含" + "和".join(parts) + "的 PDF") if parts else "PDF"
    if rules is not None and rules.max_size is not None:
        text += f"（{sizes.describe(rules.max_size)}）"
    return text


def safe_size(window: sizes.SizeWindow) -> str:
    """“压缩到 1,999,999 字节以下最稳妥”: inside the window under every reading of its unit."""
    _, high = sizes.safe_range(window)
    return f"压缩到 {high + 1:,} 字节以下最稳妥" if high is not None else "按测评细则的大小要求压缩"


def collect_fix(rules: MaterialRules, folder: str, role: str) -> str:
    """Where and how to file the missing evidence of one kind, in the rubric's own terms."""
    where = {
        "activity": f"在“{folder} …”文件夹中为每次活动建一个“日期 活动名称”子文件夹，"
        f"放{photo_count(rules.photo)}和活动说明.txt",
        "official_document": f"把正式发文（{document(rules.pdf)}）放进“{folder} …/正式发文”",
        "report": f"把说明报告（{REPORT_FILE_TYPES}）放进“{folder} …/说明报告”",
        "screenshot": f"把截图放进“{folder} …/媒体报道”",
    }
    return where.get(role, f"在“{folder} …”文件夹中补充活动、正式发文或说明报告") + "。"
