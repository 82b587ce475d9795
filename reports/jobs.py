"""How the annual report's Word draft is launched: as a job with progress (core.progress).

Only the launching lives here; the figures and the document are reports.documents'.
"""

from __future__ import annotations


def docx_job(progress, congress_id: int, query: str):
    """The draft for the period ``query`` names (core.periods, as the page asked for it)."""
    from django.http import QueryDict

    from core import periods
    from core.progress import Outcome
    from registry.models import Congress
    from reports import documents

    congress = Congress.objects.get(pk=congress_id)
    period = periods.parse(congress, QueryDict(query))
    progress.set_total(1)
    content = documents.docx(congress, period)
    progress.advance()
    return Outcome(
        f"{period.label}工作报告统计数据（草稿）已生成。",
        file_name=f"{period.label}工作报告统计数据（草稿）.docx",
        content=content,
    )
