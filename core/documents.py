"""Word documents (.docx) in 公文 style: the one home of every Word file the platform writes.

The layout follows GB/T 9704-2012《党政机关公文格式》:
- paper A4, 210 × 297 mm (5.2.1); margins top 37 mm, bottom 35 mm, left (订口) 28 mm, right 26 mm,
  so the text block (版心) is 156 × 225 mm (5.2.2);
- body 3号 仿宋_GB2312, 22 lines of 28 characters (5.2.1, 5.2.3): fixed line spacing 28.95 pt on a
  line grid of that pitch, and body characters set 0.25 pt tighter so that 28 fill the 156 mm line;
  every paragraph indents its first line by two characters;
- title 2号 方正小标宋简体, centred (7.3.1); level-1 headings 黑体, level-2 楷体_GB2312 (7.3.3);
- page numbers 4号 半角宋体 "— 1 —" under the text block, odd pages right and even pages left,
  one character in from the edge (7.5);
- signature block without a seal (7.3.5.2): the organ two characters in from the right, the date on
  the next line starting two characters right of the organ's first character, in Arabic digits
  with 年月日 (7.3.5.1: "2026年12月6日", as core.cn.date_cn writes it).

Chinese font names are written to w:eastAsia as well as w:ascii/w:hAnsi, or Word would render the
Chinese text in the theme's East-Asian font.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Iterable

import docx
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from core import cn

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
TEXT_WIDTH = Mm(156)

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"  # level-1 headings (一、)
SUBHEADING_FONT = "楷体_GB2312"  # level-2 headings (（一）)
PAGE_NUMBER_FONT = "宋体"

TITLE_SIZE = 22.0  # 2号
BODY_SIZE = 16.0  # 3号
PAGE_NUMBER_SIZE = 14.0  # 4号
TABLE_SIZE = 12.0  # 小4号: tables are set smaller than the body to fit the 156 mm text block

LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
LINE_PITCH = 28.95  # pt: 225 mm of text block for 22 lines, as Word templates of 公文 set it
CHAR_SPACING = -5  # twentieths of a point: 28 × (16 − 0.25) pt fits the 442.2 pt line


def _fonts(element, name: str) -> None:
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _run(paragraph: Paragraph, text: str, font: str, size: float, bold: bool = False):
    run = paragraph.add_run(text)
    run.font.name, run.font.size, run.font.bold = font, Pt(size), bold or None
    _fonts(run._element, font)
    if size == BODY_SIZE:
        _condense(run._element)
    return run


def _condense(element) -> None:
    """28 characters of 3号 in the 156 mm text block: 442.2 pt / 28 = 15.79 pt a character, so each
    16 pt character is set 0.25 pt tighter (w:spacing is in twentieths of a point)."""
    properties = element.get_or_add_rPr()
    spacing = properties.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        properties.insert_element_before(spacing, *_AFTER_SPACING)  # the schema fixes the order
    spacing.set(qn("w:val"), str(CHAR_SPACING))


_AFTER_SPACING = (
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)


def _exact(paragraph: Paragraph, size: float) -> None:
    """Fixed spacing of one grid line; a larger font (a poster's heading) gets a line of its own size."""
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(max(LINE_PITCH, size * 1.3))
    fmt.space_before = fmt.space_after = Pt(0)


def _grid(section) -> None:
    """A line grid of 22 lines (GB/T 9704 5.2.3). The 28 characters a line come from the body's
    condensed spacing (_run), not a character grid: LibreOffice puts a 16 pt glyph that is wider
    than a 15.8 pt grid cell into two cells, halving the line."""
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH * 20)))
    if grid.get(qn("w:charSpace")) is not None:
        del grid.attrib[qn("w:charSpace")]


def _field(paragraph: Paragraph, instruction: str, font: str, size: float) -> None:
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        run = _run(paragraph, "", font, size)
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        elif text == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._element.append(instr)
        else:
            run.text = text


def _page_number(footer, align) -> None:
    paragraph = footer.paragraphs[0]
    paragraph.alignment = align
    indent = Pt(PAGE_NUMBER_SIZE)  # one character in from the outer edge
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = indent
    else:
        paragraph.paragraph_format.left_indent = indent
    _run(paragraph, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    _field(paragraph, "PAGE", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    _run(paragraph, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def new_document(*, page_numbers: bool = True) -> DocxDocument:
    """An empty A4 document with the 公文 page, fonts, line grid and (unless a poster) page numbers."""
    doc = docx.Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, Pt(BODY_SIZE)
    _fonts(normal.element, BODY_FONT)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PITCH)
    fmt.space_before = fmt.space_after = Pt(0)
    for section in doc.sections:
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
        section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
        # The page number sits 7 mm under the text block (GB/T 9704 7.5).
        section.footer_distance = MARGIN_BOTTOM - Mm(7) - Pt(PAGE_NUMBER_SIZE)
        section.header_distance = Mm(15)
        _grid(section)
        if page_numbers:
            doc.settings.odd_and_even_pages_header_footer = True
            _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
            _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
    return doc


def paragraph(
    doc,
    text: str = "",
    *,
    font: str = BODY_FONT,
    size: float = BODY_SIZE,
    bold: bool = False,
    align=None,
    indent: bool = True,
) -> Paragraph:
    """A body paragraph: justified, first line indented two characters; `align` turns the indent off."""
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    else:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if indent:
            p.paragraph_format.first_line_indent = Pt(size * 2)
    _exact(p, size)
    if text:
        _run(p, text, font, size, bold)
    return p


def centred(doc, text: str, *, font: str = BODY_FONT, size: float = BODY_SIZE, bold: bool = False):
    return paragraph(doc, text, font=font, size=size, bold=bold, align=WD_ALIGN_PARAGRAPH.CENTER)


def title(doc, text: str) -> Paragraph:
    """公文标题: 2号 方正小标宋简体, centred (GB/T 9704 7.3.1)."""
    return centred(doc, text, font=TITLE_FONT, size=TITLE_SIZE)


def heading(doc, text: str, level: int = 1) -> Paragraph:
    """一、 headings in 黑体, （一） headings in 楷体_GB2312, both 3号 in the body's position (7.3.3)."""
    return paragraph(doc, text, font=HEADING_FONT if level == 1 else SUBHEADING_FONT)


def cell(target: _Cell, text, *, size: float = TABLE_SIZE, bold: bool = False, align=None) -> None:
    """One table cell: single-spaced (the body's fixed pitch would clip a smaller font), centred by default."""
    p = target.paragraphs[0]
    for old in p.runs:
        old._element.getparent().remove(old._element)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER if align is None else align
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _run(p, "" if text is None else str(text), BODY_FONT, size, bold)


def table(doc, headers: list[str], rows: Iterable[Iterable], *, size: float = TABLE_SIZE) -> Table:
    """A grid table centred in the text block, with a bold header row."""
    grid = doc.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for target, text in zip(grid.rows[0].cells, headers):
        cell(target, text, size=size, bold=True)
    for values in rows:
        for target, text in zip(grid.add_row().cells, values):
            cell(target, text, size=size)
    return grid


def empty_table(doc, rows: int, cols: int) -> Table:
    grid = doc.add_table(rows=rows, cols=cols)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    return grid


def picture(doc, image: bytes, *, width_mm: float) -> Paragraph:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE  # a fixed pitch would clip the image
    p.add_run().add_picture(io.BytesIO(image), width=Mm(width_mm))
    return p


def _width(text: str) -> float:
    """Width in body characters: CJK and full-width count 1, Latin letters and digits 1/2."""
    return sum(1 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


def signature(doc, organ: str, date: dt.date | dt.datetime | None) -> None:
    """署名 and 成文日期 without a seal (GB/T 9704 7.3.5.2), after one empty line.

    The organ stands two characters in from the right; the date's first character is two characters
    right of the organ's first; a date longer than that stays two in and pushes the organ left.
    """
    written = cn.date_cn(date)
    organ_width, date_width = _width(organ), _width(written)
    organ_indent = max(2.0, 4 + date_width - organ_width)
    date_indent = organ_indent + organ_width - 2 - date_width
    paragraph(doc)
    for text, indent in ((organ, organ_indent), (written, date_indent)):
        p = paragraph(doc, text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        p.paragraph_format.right_indent = Pt(BODY_SIZE * indent)


def save(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def text_of(data: bytes) -> str:
    """The paragraphs of an uploaded .docx as plain text, one per line (to compare versions)."""
    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs if p.text.strip())
