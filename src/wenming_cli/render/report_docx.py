"""The self-inspection report as a Word document, laid out like a Chinese official report.

Customary shape: 小标宋-like title, 黑体 first-level and 楷体 second-level headings, 仿宋 body at 三号
(16 pt) with fixed 28 pt line spacing and a two-character first-line indent, A4 with 公文 margins. The
headings use Word's heading styles, so the navigation pane and wenming's own report check see them.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from wenming_cli.models.results import CheckResult
from wenming_cli.models.rubric import Rubric
from wenming_cli.models.scorecard import GapReport, Scorecard
from wenming_cli.render.report_text import banned_phrases, cn_date, narrative, wording_problems

BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
H1_FONT = "黑体"
H2_FONT = "楷体"


def _font(run_or_style, name: str, size: float | None = None, bold: bool | None = None) -> None:  # noqa: ANN001
    font = run_or_style.font
    font.name = name
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    font.color.rgb = RGBColor(0, 0, 0)
    element = run_or_style.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    # Theme fonts win over named ones in Word: drop them, or headings show 等线 instead of 黑体.
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def _spacing(fmt, indent: bool = True) -> None:  # noqa: ANN001
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)


def _setup(doc) -> None:  # noqa: ANN001
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    _font(normal, BODY_FONT, 16)
    _spacing(normal.paragraph_format)
    for name, font, size in (
        ("Title", TITLE_FONT, 22),
        ("Heading 1", H1_FONT, 16),
        ("Heading 2", H2_FONT, 16),
    ):
        style = doc.styles[name]
        # Bold headings survive font substitution (a PC without 黑体 still shows the structure).
        _font(style, font, size, bold=True)
        _spacing(style.paragraph_format, indent=name != "Title")
        style.paragraph_format.keep_with_next = True
        if name == "Title":
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            style.paragraph_format.line_spacing = Pt(36)
            style.paragraph_format.space_after = Pt(16)
            # The Title style draws a rule under the text; a 自查报告 has none.
            ppr = style.element.get_or_add_pPr()
            border = ppr.find(qn("w:pBdr"))
            if border is not None:
                ppr.remove(border)


def _field(paragraph, instruction: str) -> None:  # noqa: ANN001
    """A Word field (PAGE, NUMPAGES) that Word, WPS and LibreOffice fill in when they lay out pages."""
    run = paragraph.add_run()
    _font(run, BODY_FONT, 14)
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind is not None:
            element = run.element.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
        elif text == "1":
            element = run.element.makeelement(qn("w:t"), {})
            element.text = text
        else:
            element = run.element.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            element.text = f" {text} "
        run.element.append(element)


def _page_numbers(doc) -> None:  # noqa: ANN001
    """第 N 页 共 M 页, centred in the footer of every page."""
    footer = doc.sections[0].footer
    para = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    para.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.first_line_indent = Pt(0)
    for piece in ("第 ", "PAGE", " 页 共 ", "NUMPAGES", " 页"):
        if piece.isupper():
            _field(para, piece)
        else:
            _font(para.add_run(piece), BODY_FONT, 14)


def _table(doc, headers: list[str], rows: list[list[str]]) -> None:  # noqa: ANN001
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # The second column holds the category titles; the others are short figures.
    text_width = 15.6
    narrow = 2.2
    widths = (
        [Cm(1.4)] + [Cm(text_width - 1.4 - narrow * (len(headers) - 2))] + [Cm(narrow)] * (len(headers) - 2)
    )
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        _font(run, H1_FONT, 12)
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(header.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            _font(run, BODY_FONT, 12)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice and WPS lay out from
    for row in table.rows[:-1]:  # one page for the table, unless it is longer than a page
        row.cells[0].paragraphs[0].paragraph_format.keep_with_next = True
    for r, row in enumerate(table.rows):
        for c, (cell, width) in enumerate(zip(row.cells, widths, strict=True)):
            cell.width = width
            fmt = cell.paragraphs[0].paragraph_format
            fmt.first_line_indent = Pt(0)
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
            left = c == 1 and r > 0  # titles read better flush left
            fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER


def build_document(  # noqa: ANN201
    card: Scorecard, gaps: GapReport, rubric: Rubric | None = None, check: CheckResult | None = None
):
    """The python-docx Document, for tests and for saving."""
    doc = Document()
    _setup(doc)
    _page_numbers(doc)
    core = doc.core_properties
    core.title = f"{card.unit or ''}自查报告"
    core.author = "wenming"
    core.language = "zh-CN"
    banned = banned_phrases(rubric)
    sections = narrative(card, gaps, banned, check, rubric)
    for s in sections:
        if s.level == 0:
            doc.add_paragraph(s.heading, style="Title")
        else:
            doc.add_heading(s.heading, level=s.level)
        for text in s.paragraphs:
            doc.add_paragraph(text)
        if s.table:
            _table(doc, *s.table)
        for i, item in enumerate(s.items, 1):
            doc.add_paragraph(f"{i}．{item}")
        for text in s.after:
            doc.add_paragraph(text)
    problems = wording_problems(sections, banned)
    if problems:
        para = doc.add_paragraph()
        run = para.add_run("【请修改：以下文字含测评细则不允许的表述——" + "；".join(problems) + "】")
        run.font.color.rgb = RGBColor(0xC0, 0, 0)
    # The signature block travels with the last paragraph: never a page holding only unit and date.
    doc.paragraphs[-1].paragraph_format.keep_with_next = True
    doc.add_paragraph().paragraph_format.keep_with_next = True
    for i, text in enumerate((card.unit or "", cn_date(card.as_of))):
        para = doc.add_paragraph(text)
        para.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        para.paragraph_format.first_line_indent = Pt(0)
        para.paragraph_format.keep_with_next = i == 0
    return doc


def render_docx(
    card: Scorecard, gaps: GapReport, rubric: Rubric | None = None, check: CheckResult | None = None
) -> bytes:
    buffer = io.BytesIO()
    build_document(card, gaps, rubric, check).save(buffer)
    return buffer.getvalue()
