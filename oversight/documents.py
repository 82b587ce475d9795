"""Documents: the deliberation-opinions letter to the organ (.docx) and the 任免 register (.xlsx)."""

from __future__ import annotations

import io

import openpyxl
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core import cn

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str, *, font=BODY_FONT, size=16, align=None, indent=True):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent and align is None:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    _font(p.add_run(text), font, size)
    return p


def opinions_letter(opinions) -> bytes:
    """审议意见 as sent to the organ (公文格式: 标题二号小标宋居中, 正文三号仿宋), with the reporting deadline."""
    doc = Document()
    congress = opinions.congress
    _paragraph(doc, f"{congress.region}人大常委会", font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, opinions.title, font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, f"{opinions.unit.name}：", indent=False)
    meeting = opinions.activity.meeting
    if meeting is not None:
        _paragraph(
            doc,
            f"{cn.date_cn(meeting.starts_at)}，{meeting.title}对{opinions.activity.title}进行了审议。"
            "现将常委会组成人员的审议意见送交你单位，请认真研究处理。",
        )
    for line in opinions.content.splitlines():
        if line.strip():
            _paragraph(doc, line.strip())
    if opinions.due_on:
        basis = (
            f"按照《{opinions.resolution_ref}》的要求，"
            if opinions.due_by_resolution and opinions.resolution_ref
            else "根据《中华人民共和国各级人民代表大会常务委员会监督法》的规定，"
        )
        _paragraph(doc, f"{basis}请于{cn.date_cn(opinions.due_on)}前将研究处理情况书面报送常委会办事机构。")
    _paragraph(doc, f"{congress.region}人大常委会办公室", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, cn.date_cn(opinions.sent_on or opinions.approved_on), align=WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


REGISTER_HEADERS = (
    ("序号", 6),
    ("类别", 10),
    ("姓名", 10),
    ("性别", 6),
    ("出生年月", 11),
    ("职务", 30),
    ("提请机关", 24),
    ("提请人", 20),
    ("收到日期", 12),
    ("会议", 30),
    ("表决方式", 12),
    ("应到", 6),
    ("出席", 6),
    ("赞成", 6),
    ("反对", 6),
    ("弃权", 6),
    ("未按", 6),
    ("结果", 10),
    ("决定日期", 12),
    ("宪法宣誓日期", 14),
    ("状态", 12),
)


def appointment_register_xlsx(appointments, *, year=None, unit=None) -> bytes:
    """The 任免 register (per year and per requesting organ) with each vote's counts against M."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = f"{year}年任免名册" if year else "任免名册"
    title = f"{year}年" if year else ""
    title += f"{unit.name}" if unit else ""
    sheet.cell(row=1, column=1, value=f"{title}人大常委会任免名册").font = Font(bold=True, size=14)
    for index, (text, width) in enumerate(REGISTER_HEADERS, start=1):
        cell = sheet.cell(row=2, column=index, value=text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    row = 2
    for row, a in enumerate(appointments, start=3):
        vote = a.vote
        closed = vote is not None and vote.status == vote.Status.CLOSED
        values = [
            row - 2,
            a.get_kind_display(),
            a.person_name,
            a.get_gender_display() if a.gender else None,
            a.birth_date.strftime("%Y-%m") if a.birth_date else None,
            a.post,
            a.requesting_unit.name,
            a.requested_by,
            a.received_on,
            a.meeting.title if a.meeting else None,
            vote.get_method_display() if vote else None,
            vote.body_size if vote else None,
            vote.present if vote else None,
            vote.yes if closed else None,
            vote.no if closed else None,
            vote.abstain if closed else None,
            vote.not_voted if closed else None,
            ("通过" if vote.passed else "未通过") if closed else None,
            a.decided_on,
            a.oath_on,
            a.get_status_display(),
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            if column in (9, 19, 20) and value is not None:
                cell.number_format = "yyyy-mm-dd"
    if row >= 3:
        sheet.auto_filter.ref = f"A2:{get_column_letter(len(REGISTER_HEADERS))}{row}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
