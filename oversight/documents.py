"""Documents: the deliberation-opinions letter to the organ (.docx) and the 任免 register (.xlsx)."""

from __future__ import annotations

from core import cn, spreadsheets
from core import documents as word


def opinions_letter(opinions) -> bytes:
    """审议意见 as sent to the organ (公文格式: 标题二号小标宋居中, 正文三号仿宋), with the reporting deadline."""
    doc = word.new_document()
    congress = opinions.congress
    word.title(doc, f"{congress.region}人大常委会")
    word.title(doc, opinions.title)
    word.paragraph(doc, f"{opinions.unit.name}：", indent=False)
    meeting = opinions.activity.meeting
    if meeting is not None:
        word.paragraph(
            doc,
            f"{cn.date_cn(meeting.starts_at)}，{meeting.title}对{opinions.activity.title}进行了审议。"
            "现将常委会组成人员的审议意见送交你单位，请认真研究处理。",
        )
    for line in opinions.content.splitlines():
        if line.strip():
            word.paragraph(doc, line.strip())
    if opinions.due_on:
        basis = (
            f"按照《{opinions.resolution_ref}》的要求，"
            if opinions.due_by_resolution and opinions.resolution_ref
            else "根据《中华人民共和国各级人民代表大会常务委员会监督法》的规定，"
        )
        word.paragraph(
            doc, f"{basis}请于{cn.date_cn(opinions.due_on)}前将研究处理情况书面报送常委会办事机构。"
        )
    word.signature(doc, f"{congress.region}人大常委会办公室", opinions.sent_on or opinions.approved_on)
    return word.save(doc)


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
    workbook = spreadsheets.new_workbook()
    sheet = spreadsheets.add_sheet(workbook, f"{year}年任免名册" if year else "任免名册", freeze="A3")
    title = f"{year}年" if year else ""
    title += f"{unit.name}" if unit else ""
    spreadsheets.write(sheet, 1, 1, f"{title}人大常委会任免名册", font=spreadsheets.TITLE_FONT)
    spreadsheets.header(sheet, REGISTER_HEADERS, row=2)
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
            spreadsheets.write(sheet, row, column, value)
    if row >= 3:
        spreadsheets.auto_filter(sheet, len(REGISTER_HEADERS), first_row=2, last_row=row)
    return spreadsheets.workbook_bytes(workbook)
