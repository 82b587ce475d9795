"""Pure rules of meeting materials and consultations: file checks, release times, version changes."""

from __future__ import annotations

import datetime as dt
import difflib
import io
import zipfile

MAX_BYTES = 50 * 1024 * 1024
KINDS = {"pdf": "PDF 文件", "docx": "Word 文件（.docx）"}
# Members receive special work reports at least seven days before the committee meeting (监督法第十四条).
COMMITTEE_LEAD_DAYS = 7


def file_kind(head: bytes, name: str) -> str | None:
    """'pdf' or 'docx' judged by the content (not the name); None for anything else."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and name.lower().endswith(".docx"):
        return "docx"
    return None


def docx_is_sound(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


def release_problems(*, release_at: dt.datetime, starts_at: dt.datetime) -> list[str]:
    """Refusals for a release time: never after the meeting starts."""
    if release_at >= starts_at:
        return ["发布时间不能晚于会议开始时间。"]
    return []


def release_warnings(
    *, release_at: dt.datetime, starts_at: dt.datetime, committee: bool, report: bool
) -> list[str]:
    """Warnings the office sees: a committee's special report released less than seven days before."""
    if committee and report and starts_at - release_at < dt.timedelta(days=COMMITTEE_LEAD_DAYS):
        return [
            "专项工作报告应在常委会会议举行七日前送达常委会组成人员（监督法第十四条），本次发布已晚于该时限。"
        ]
    return []


def changes(old: str, new: str) -> list[tuple[str, str]]:
    """What changed between two versions, line by line: ('added'|'removed', text)."""
    out = []
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        if line.startswith("+ ") and line[2:].strip():
            out.append(("added", line[2:]))
        elif line.startswith("- ") and line[2:].strip():
            out.append(("removed", line[2:]))
    return out


def split_paragraphs(text: str) -> list[str]:
    """A draft's paragraphs: one per non-empty line, each deputy's answer may name one."""
    return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n") if p.strip()]


def open_for_answers(*, status: str, deadline: dt.datetime, now: dt.datetime) -> bool:
    return status == "open" and now <= deadline
