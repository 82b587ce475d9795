"""A district congress's first session, recorded as the office would, and what the report says of it:
the attendance of the plenary the office quotes, the resolutions voted with their results, who was
elected to what with their votes; the per-sitting 表决结果汇总 and the 选举结果公告 in the report set.

The session (第十七届人民代表大会第一次会议) opens on 10 January 2026 with nine deputies:
- the first plenary (10 January): 8 present, 庚 on leave;
- the third, closing plenary (12 January): all 9 present; two resolutions passed (9:0:0 and 7:1:1)
  and one report rejected; of 甲、乙、丙, 甲 and 乙 elected 常委会副主任 (甲 9 for; 乙 8 for, 1 against).
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from docx import Document

from conftest import client_for
from core.documents import text_of
from core.periods import Period
from elections import workflow as elections_workflow
from elections.tests.conftest import body, close_and_count, marks, ready_round, vote_all  # noqa: F401 (fixture)
from meetings.models import AgendaItem, Attendance, CongressSession, Meeting, Vote
from meetings.tests.helpers import register_teller_key
from reports import documents
from reports import figures as F
from reports.tests.conftest import at

pytestmark = pytest.mark.django_db


def _plenary(congress, session, number, when, deputies, absent=()):
    meeting = Meeting.objects.create(
        congress=congress,
        session=session,
        kind=Meeting.Kind.PLENARY,
        number=number,
        title=f"第{number}次全体会议",
        starts_at=when,
        status=Meeting.Status.OPEN,
        body_size=len(deputies),
        opened_at=when,
    )
    for d in deputies:
        status = Attendance.Status.ON_LEAVE if d.name in absent else Attendance.Status.PRESENT
        Attendance.objects.create(meeting=meeting, deputy=d, status=status)
    return meeting


def _vote(meeting, order, title, kind, yes, no, abstain, passed):
    item = AgendaItem.objects.create(meeting=meeting, order=order, title=title, kind=kind)
    return Vote.objects.create(
        congress=meeting.congress,
        meeting=meeting,
        agenda_item=item,
        title=title,
        status=Vote.Status.CLOSED,
        body_size=9,
        present=9,
        yes=yes,
        no=no,
        abstain=abstain,
        not_voted=9 - yes - no - abstain,
        passed=passed,
    )


@pytest.fixture
def first_session(congress, term, clerk, body):  # noqa: F811
    session = CongressSession.objects.create(
        congress=congress, term=term, number=1, starts_on=dt.date(2026, 1, 10), ends_on=dt.date(2026, 1, 12)
    )
    opening = _plenary(congress, session, 1, at(2026, 1, 10), body, absent=("庚",))
    closing = _plenary(congress, session, 3, at(2026, 1, 12), body)
    R = AgendaItem.Kind
    _vote(closing, 1, "关于区人民政府工作报告的决议", R.RESOLUTION, 9, 0, 0, True)
    _vote(closing, 2, "关于区2026年国民经济和社会发展计划的决议", R.RESOLUTION, 7, 1, 1, True)
    _vote(closing, 3, "关于某专项工作报告", R.REPORT, 4, 3, 2, False)
    with time_machine.travel(at(2026, 1, 12, 11), tick=False):
        election = elections_workflow.create_election(
            actor=clerk, congress=congress, meeting=closing, title="选举示范区人大常委会副主任"
        )
        first = ready_round(election, clerk, body, names=("甲", "乙", "丙"), seats=2)
        register_teller_key(closing)  # electronic ballots are encrypted under the tellers' key
        elections_workflow.open_round(first, actor=clerk)
        ballots = [marks(["甲", "乙"])] * 8 + [marks(["甲"], ["乙"])]
        vote_all(first, body, ballots)
        close_and_count(first, clerk)
        elections_workflow.announce(election, actor=clerk)
    Meeting.objects.filter(session=session).update(status=Meeting.Status.CLOSED)
    return {"session": session, "opening": opening, "closing": closing, "election": election}


SESSION = "示范区第十七届人民代表大会第一次会议"


def _sentences(congress, period) -> list[str]:
    return [
        s.text
        for heading, section in documents.sentences(congress, period)
        for s in section
        if heading == "会议与决定"
    ]


def test_the_report_on_the_session_sentence_by_sentence(congress, first_session):
    since = Period.since_session(first_session["session"], dt.date(2026, 6, 30))
    assert since.label == f"{SESSION}以来"
    assert _sentences(congress, since) == [
        f"{SESSION}以来，组织召开人民代表大会会议1次。",
        # the closing plenary, quoted unless the office picks another
        f"{SESSION}第三次全体会议应出席代表9人，出席9人，符合法定人数。",
        # the report rejected is no resolution; each resolution with its votes
        f"{SESSION}表决通过决议、决定2项：关于区人民政府工作报告的决议（赞成9票，反对0票，弃权0票）；"
        "关于区2026年国民经济和社会发展计划的决议（赞成7票，反对1票，弃权1票）。",
        f"{SESSION}选举产生常委会副主任甲（赞成9票，反对0票，弃权0票）、乙（赞成8票，反对1票，弃权0票）。",
    ]


def test_the_office_quotes_the_opening_plenary_instead(congress, first_session):
    period = Period.of_year(2026).quoting([first_session["opening"].pk])
    assert f"{SESSION}第一次全体会议应出席代表9人，出席8人，符合法定人数。" in _sentences(congress, period)
    value = F.BY_KEY["session_attendance"].value(congress, period)
    assert (value.numerator, value.denominator) == (8, 9)


def test_the_election_figure_lists_the_election(congress, first_session, clerk):
    assert F.BY_KEY["elections"].value(congress, 2026) == 1
    assert F.BY_KEY["elections"].value(congress, 2025) == 0
    response = client_for(clerk).get("/reports/figures/elections/", {"period": "year", "year": "2026"})
    assert [obj.pk for obj in response.context["page"].object_list] == [first_session["election"].pk]
    resolutions = F.BY_KEY["session_resolutions"].drill(congress, 2026)
    assert sorted(resolutions.values_list("title", flat=True)) == [
        "关于区2026年国民经济和社会发展计划的决议",
        "关于区人民政府工作报告的决议",
    ]


def test_the_vote_summary_of_the_closing_plenary(congress, first_session, clerk):
    response = client_for(clerk).get(f"/reports/sittings/{first_session['closing'].pk}/votes.docx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert text_of(content).splitlines() == [
        f"{SESSION}第三次全体会议",
        "表决结果汇总",
        "（2026年1月12日）",
        f"{SESSION}第三次全体会议共表决事项3项，通过2项，未通过1项。表决结果如下：",
    ]
    table = Document(io.BytesIO(content)).tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["序号", "表决事项", "应到", "出席", "赞成", "反对", "弃权", "未按", "结果"]
    assert rows[2] == ["2", "关于区2026年国民经济和社会发展计划的决议", "9", "9", "7", "1", "1", "0", "通过"]
    assert rows[3][-1] == "未通过"
    section = Document(io.BytesIO(content)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # GB/T 9704 A4


def test_the_report_set_lists_the_vote_summary_and_the_election_announcement(congress, first_session, clerk):
    page = client_for(clerk).get("/reports/", {"period": "year", "year": "2026"})
    labels = [item["label"] for item in page.context["report_set"]]
    assert labels == [
        "2026年工作报告统计数据（草稿）",
        "2026年统计数据",
        f"{SESSION}第三次全体会议表决结果汇总",
        "选举示范区人大常委会副主任结果公告",
    ]
    announcement = page.context["report_set"][-1]["url"]
    response = client_for(clerk).get(announcement)
    assert response.status_code == 200
    text = text_of(b"".join(response.streaming_content) if response.streaming else response.content)
    assert "选举结果公告" in text


def test_another_congress_sitting_is_not_found(congress, first_session, outsider):
    response = client_for(outsider).get(f"/reports/sittings/{first_session['closing'].pk}/votes.docx")
    assert response.status_code in (403, 404)


def test_a_deputy_may_not_download_the_vote_summary(congress, first_session, deputy):
    response = client_for(deputy).get(f"/reports/sittings/{first_session['closing'].pk}/votes.docx")
    assert response.status_code in (403, 404)
