"""core.documents: the 公文 page (GB/T 9704), its fonts, page numbers and signature block."""

from __future__ import annotations

import datetime as dt
import io

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Emu, Pt

from core import documents as word


def reopened(doc):
    return docx.Document(io.BytesIO(word.save(doc)))


def mm(length) -> float:
    """Word stores lengths in twips: A4's 210 mm is 11906 twips, 210.009 mm."""
    return round(Emu(length).mm, 1)


def east_asian(run) -> str:
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def test_the_page_is_a4_with_the_gbt_9704_margins_and_a_grid_of_22_lines():
    section = reopened(word.new_document()).sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (37, 35)
    assert (mm(section.left_margin), mm(section.right_margin)) == (28, 26)
    assert mm(section.page_width - section.left_margin - section.right_margin) == 156
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579" and grid.get(qn("w:type")) == "lines"


def test_28_body_characters_fit_a_line():
    doc = word.new_document()
    word.paragraph(doc, "正文")
    spacing = reopened(doc).paragraphs[0].runs[0]._element.rPr.find(qn("w:spacing"))
    condensed = 16 + int(spacing.get(qn("w:val"))) / 20
    assert 28 * condensed <= Emu(word.TEXT_WIDTH).pt < 29 * condensed


def test_title_body_and_headings_use_the_official_fonts_with_east_asian_names():
    doc = word.new_document()
    word.title(doc, "关于测试的通知")
    word.heading(doc, "一、总体要求")
    word.heading(doc, "（一）具体事项", level=2)
    word.paragraph(doc, "正文。")
    title, first, second, body = reopened(doc).paragraphs
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asian(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    assert east_asian(first.runs[0]) == "黑体" and east_asian(second.runs[0]) == "楷体_GB2312"
    assert east_asian(body.runs[0]) == "仿宋_GB2312" and body.runs[0].font.size == Pt(16)
    assert body.paragraph_format.first_line_indent == Pt(32)
    assert body.paragraph_format.line_spacing == Pt(28.95)


def test_page_numbers_are_4hao_songti_between_dashes_odd_right_even_left():
    doc = reopened(word.new_document())
    odd, even = doc.sections[0].footer.paragraphs[0], doc.sections[0].even_page_footer.paragraphs[0]
    assert odd.text == "— 1 —" and odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert even.text == "— 1 —" and even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert "PAGE" in odd._p.xml and east_asian(odd.runs[0]) == "宋体" and odd.runs[0].font.size == Pt(14)
    assert doc.settings.odd_and_even_pages_header_footer


def test_a_poster_has_no_page_number():
    assert reopened(word.new_document(page_numbers=False)).sections[0].footer.paragraphs[0].text == ""


def test_signature_block_puts_the_date_two_characters_right_of_the_organ():
    doc = word.new_document()
    word.signature(doc, "示范区人大常委会办公室", dt.date(2026, 12, 6))
    _blank, organ, date = reopened(doc).paragraphs
    assert organ.text == "示范区人大常委会办公室" and date.text == "2026年12月6日"
    assert organ.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # The organ is 11 characters wide, 2 in from the right; the date (6.5 wide: digits are half
    # width) starts 2 characters after the organ's first character.
    assert organ.paragraph_format.right_indent == Pt(32)
    assert date.paragraph_format.right_indent == Pt(16 * (2 + 11 - 2 - 6.5))


def test_a_table_has_a_bold_header_and_text_for_every_value():
    doc = word.new_document()
    word.table(doc, ["序号", "名称"], [[1, "甲"], [2, None]])
    table = reopened(doc).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "名称"]
    assert table.rows[0].cells[0].paragraphs[0].runs[0].font.bold
    assert [c.text for c in table.rows[2].cells] == ["2", ""]
