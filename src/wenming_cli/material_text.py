"""Clerk-facing wording of a rubric's material rules, built from the rules themselves.

Fix texts, `00-收集要求.txt` and messages call these, so a city's numbers (photos per activity, PDF
pages, size limits) appear only when its rubric declares them, and never another city's.
"""

from __future__ import annotations

from wenming_cli import sizes
from wenming_cli.models.common import format_points
from wenming_cli.models.rubric import MaterialRules, PdfRules, PhotoRules, Rubric
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


def photo_types(rules: MaterialRules) -> str:
    """The photo formats the rubric accepts (“JPG/PNG”), wenming's default where it declares none."""
    return photo_formats(rules.photo) or photo_formats(PhotoRules())


def accepted_files(rules: MaterialRules) -> str:
    """The file types that can serve as evidence under this rubric: its photo (and video) formats, PDF,
    and the reports wenming reads — “JPG/PNG 照片、PDF 文件或说明报告（.docx、.txt 或 .md）”."""
    parts = [f"{photo_types(rules)} 照片"]
    if rules.video is not None and rules.video.formats:
        parts.append(f"{'/'.join(map(format_label, rules.video.formats))} 视频")
    parts.append("PDF 文件")
    return "、".join(parts) + f"或说明报告（{REPORT_FILE_TYPES}）"


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
    joined = "、".join(parts[:-1]) + "和" + parts[-1] if len(parts) > 1 else "".join(parts)
    text = f"含{joined}的 PDF" if parts else "PDF"
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


def rubric_summary(rubric: Rubric) -> list[str]:
    """What `rubric show` prints under its table: period, scoring, vetoes, thresholds, material rules."""
    lines = [f"{rubric.period_word}：" + period_text(rubric)]
    deduction = [
        f"{c.id}（每处扣{format_points(c.scoring.deduction or c.points)}分，扣完为止）"
        for s in rubric.standards
        for c in s.clauses
        if c.scoring.mode == "deduction"
    ]
    lines.append("扣分制计分项：" + ("；".join(deduction) if deduction else "无（均按达标程度计分）"))
    partial = {c.scoring.partial_share for s in rubric.standards for c in s.clauses if c.scoring.mode == "full"}
    declared = sorted(p for p in partial if p is not None)
    lines.append(
        "部分达标得分："
        + ("、".join(f"满分的{format_points(p * 100)}%" for p in declared) if declared else "测评细则未规定")
    )
    lines.append(
        "一票否决项：" + ("；".join(v.text for v in rubric.vetoes) if rubric.vetoes else "无")
    )
    if rubric.thresholds is not None:
        basis = "含加分" if rubric.thresholds.includes_bonus else "不含加分"
        titles = "；".join(f"{t.label} {format_points(t.min_points)} 分" for t in rubric.thresholds.titles)
        lines.append(f"分数线（{basis}）：{titles}")
    else:
        lines.append("分数线：测评细则未规定")
    rules = rule_lines(rubric.material_rules)
    lines.append("资料提交要求：" + ("" if rules else "测评细则未规定"))
    lines += [f"  {line}" for line in rules]
    return lines


def period_text(rubric: Rubric) -> str:
    if rubric.period is not None:
        p = rubric.period
        return f"{p.text}（{p.start.isoformat()} 至 {p.end.isoformat()}）"
    years = rubric.period_years
    return f"{rubric.year}年" if years == 1 else f"截至{rubric.year}年的{years}个年度"


def rule_lines(rules: MaterialRules) -> list[str]:
    """Every declared material rule as one line a clerk reads (00-收集要求.txt, rubric show)."""
    lines = []
    if rules.photo is not None:
        p = rules.photo
        if p.formats:
            lines.append(f"照片格式：{photo_formats(p)}")
        if p.size is not None:
            low, high = sizes.safe_range(p.size)
            lines.append(
                f"照片大小：{sizes.describe(p.size)}（最稳妥：{low:,}—{high:,} 字节，可用 wenming photo fit 转换）"
            )
        if p.max_per_activity or p.min_per_activity:
            lines.append(f"每次活动：{photo_count(p)}")
        if p.caption_fields:
            fields = "、".join(f.label for f in p.caption_fields if not f.volunteer_only)
            volunteer = "、".join(f.label for f in p.caption_fields if f.volunteer_only)
            lines.append(
                f"图片说明（活动说明.txt）写明：{fields}"
                + (f"；志愿服务活动另写：{volunteer}" if volunteer else "")
            )
        if p.title_format is not None:
            lines.append(f"活动主题格式：{p.title_format.text}")
    if rules.pdf is not None:
        lines.append(f"正式发文：{document(rules.pdf)}")
    lines += [f"文件命名：{r.text}" for r in rules.file_names]
    if rules.report is not None:
        r = rules.report
        banned = "、".join(b.text for b in r.banned_phrases if b.source == "stated")
        parts = []
        if banned:
            parts.append(f"不用“{banned}”等套话")
        if r.headings_required:
            parts.append("有小标题")
        if r.data_required:
            parts.append("有数据和实例")
        if r.min_measures:
            parts.append(f"举措至少 {r.min_measures} 条")
        if parts:
            lines.append("说明报告：" + "，".join(parts))
    return lines
