"""The 审议意见 draft of an agenda item as a Word document in 公文 style (GB/T 9704, core.documents)."""

from __future__ import annotations

from core import cn
from core import documents as word

PREFIXES = ("听取和审议", "审议", "表决")


def subject(item) -> str:
    title = item.title
    for prefix in PREFIXES:
        title = title.removeprefix(prefix)
    return title


def compiled_by(meeting) -> str:
    """A session's opinions are compiled by its 秘书处, a committee meeting's by the 常委会办公室."""
    if meeting.session_id:
        return f"{meeting.session}秘书处"
    return f"{meeting.congress.region}人大常委会办公室"


def opinion_docx(item, text: str, *, group_names, date) -> bytes:
    """Title, one lead paragraph, the draft's lines (a line naming a group becomes a 黑体 heading),
    the compiling body and the date."""
    meeting = item.meeting
    doc = word.new_document()
    word.title(doc, f"对{subject(item)}的审议意见")
    word.paragraph(doc)
    word.paragraph(
        doc,
        f"{cn.date_cn(meeting.starts_at)}，{meeting.title}分组审议了{subject(item)}。"
        "现将代表在分组审议中提出的意见整理如下。",
    )
    names = set(group_names)
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line in names:
            word.heading(doc, line)
        else:
            word.paragraph(doc, line)
    word.signature(doc, compiled_by(meeting), date)
    return word.save(doc)
