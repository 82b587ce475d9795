"""The report period (DOMAIN §12): a calendar year, the time since a chosen session, or any date range;
records either side of each edge; staff correcting a suggestion's year or session, and the figures
following the correction."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.http import QueryDict
from docx import Document

from conftest import client_for
from core import periods
from core.models import AuditEntry
from core.periods import Period, PeriodError
from meetings.models import CongressSession
from reports import documents
from reports import figures as F
from reports.tests.conftest import at
from suggestions import workflow as suggestion_workflow
from suggestions.models import Suggestion

pytestmark = pytest.mark.django_db

D = dt.date


def pks(qs):
    return set(qs.values_list("pk", flat=True))


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


# --------------------------------------------------------------------------- reading a period


def test_a_query_names_a_year_a_session_or_a_range(worked, congress):
    session = worked["session_2026"]
    assert periods.parse(congress, {"period": "year", "year": "2025"}) == Period.of_year(2025)
    since = periods.parse(congress, {"period": "session", "session": str(session.pk), "until": "2026-06-10"})
    assert (since.start, since.end, since.label) == (
        D(2026, 1, 12),
        D(2026, 6, 10),
        "示范区第十七届人民代表大会第五次会议以来",
    )
    between = periods.parse(congress, {"period": "range", "from": "2026-03-01", "to": "2026-10-31"})
    assert between.label == "2026年3月1日至2026年10月31日"
    for period in (Period.of_year(2024), since, between.quoting([worked["plenary1"].pk])):
        assert periods.parse(congress, QueryDict(period.query)) == period  # links read back


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"period": "year", "year": "abc"}, "请选择正确的年度。"),
        ({"period": "year", "year": "1999"}, "年度“1999”无效"),
        ({"period": "session", "session": "999999"}, "请选择本级人民代表大会的一次会议。"),
        ({"period": "range", "from": "2026-05-01", "to": "2026-04-01"}, "结束日期不能早于开始日期。"),
        ({"period": "range", "from": "五月", "to": "2026-04-01"}, "请正确填写开始日期"),
        ({"period": "week"}, "请选择统计时段"),
        ({"period": "year", "year": "2026", "attendance": "x"}, "请选择引用出席情况的全体会议。"),
    ],
)
def test_bad_periods_are_answered_in_chinese(worked, congress, query, message):
    with pytest.raises(PeriodError, match=message):
        periods.parse(congress, query)


def test_another_congress_session_is_refused_like_a_missing_one(worked, congress, other_congress):
    from registry.models import Term

    theirs = CongressSession.objects.create(
        congress=other_congress,
        term=Term.objects.get(congress=other_congress),
        number=1,
        starts_on=D(2026, 1, 5),
    )
    with pytest.raises(PeriodError, match="请选择本级人民代表大会的一次会议。"):
        periods.parse(congress, {"period": "session", "session": str(theirs.pk)})


# --------------------------------------------------------------------------- records either side of the edges


def test_a_one_day_range_takes_that_whole_day_in_the_congress_time_zone(worked, congress):
    """m3 came in at 23:30 on 31 December, m4 at 00:10 on 1 January, m5 at 23:59 on 31 December 2025."""
    new_year_eve = Period.between(D(2026, 12, 31), D(2026, 12, 31))
    assert pks(F.station_messages(congress, new_year_eve)) == worked.pks("m3_new_year_eve")
    new_year = Period.between(D(2026, 1, 1), D(2026, 1, 1))
    assert pks(F.station_messages(congress, new_year)) == set()
    assert pks(F.activities(congress, new_year)) == worked.pks("research")  # started 1 January


def test_since_a_session_counts_from_its_opening_day_up_to_the_chosen_date(worked, congress):
    session = worked["session_2026"]  # opened 12 January 2026
    to_cm2 = Period.since_session(session, D(2026, 6, 10))  # cm2 met on 10 June
    assert pks(F.committee_meetings(congress, to_cm2)) == worked.pks("cm1", "cm2")
    day_before = Period.since_session(session, D(2026, 6, 9))
    assert pks(F.committee_meetings(congress, day_before)) == worked.pks("cm1")
    # 专题调研 on 1 January is before the session opened; 督导 on 1 June after it
    assert pks(F.activities(congress, to_cm2).filter(kind="research")) == set()
    assert pks(F.activities(congress, to_cm2).filter(kind="supervisory_visit")) == worked.pks("supervision")
    assert pks(F.sessions_held(congress, to_cm2)) == worked.pks("session_2026")


def test_since_a_session_suggestions_count_by_the_session_raised_or_the_day_submitted(worked, congress):
    """s1, s2 were raised at the session; s3 (submitted 23:30 on 10 June) and s4 (00:10 on 11 June)
    in recess; a calendar year still counts by each suggestion's year."""
    Suggestion.objects.filter(pk=worked["s3"].pk).update(submitted_at=at(2026, 6, 10, 23, 30))
    Suggestion.objects.filter(pk=worked["s4"].pk).update(submitted_at=at(2026, 6, 11, 0, 10))
    Suggestion.objects.filter(pk=worked["s5"].pk).update(submitted_at=at(2026, 1, 11, 23, 59))
    since = Period.since_session(worked["session_2026"], D(2026, 6, 10))
    assert pks(F.referred_suggestions(congress, since)) == worked.pks("s1", "s2", "s3")
    assert pks(F.suggestions_at_sessions(congress, since)) == worked.pks("s1", "s2")
    assert pks(F.suggestions_in_recess(congress, since)) == worked.pks("s3")
    assert pks(F.referred_suggestions(congress, 2026)) == worked.pks("s1", "s2", "s3", "s4", "s5")


def test_registers_are_counted_on_the_last_day(worked, congress):
    """代表5's seat ended on 1 June 2026: held on 31 May, not on 1 June."""
    assert worked["d5_left_2026"].pk in pks(
        F.deputies_held(congress, Period.between(D(2026, 1, 1), D(2026, 5, 31)))
    )
    assert worked["d5_left_2026"].pk not in pks(
        F.deputies_held(congress, Period.between(D(2026, 1, 1), D(2026, 6, 1)))
    )


def test_the_previous_period_of_a_range_is_as_many_days_just_before():
    period = Period.between(D(2026, 3, 1), D(2026, 3, 31))
    assert (period.previous().start, period.previous().end) == (D(2026, 1, 29), D(2026, 2, 28))
    assert Period.of_year(2026).previous() == Period.of_year(2025)


# --------------------------------------------------------------------------- the quoted meeting


def test_the_office_picks_the_plenary_whose_attendance_is_quoted(worked, congress, clerk):
    """By default the closing plenary (3 of 4 present); the office may quote the first (2 of 4)."""
    year = Period.of_year(2026)
    assert pks(F.quoted_plenaries(congress, year)) == worked.pks("plenary2")
    first = year.quoting([worked["plenary1"].pk])
    value = F.BY_KEY["session_attendance"].value(congress, first)
    assert (value.numerator, value.denominator) == (2, 4)
    assert documents.session_lines(congress, first) == [
        "示范区第十七届人民代表大会第五次会议第一次全体会议应出席代表4人，出席2人，不足法定人数"
    ]
    response = client_for(clerk).get(
        "/reports/figures/session_attendance/",
        {"period": "year", "year": "2026", "attendance": worked["plenary1"].pk},
    )
    listed = {obj.pk for obj in response.context["page"].object_list}
    assert listed == worked.pks("att_代表1", "att_代表2", "att_代表3", "att_代表4")


# --------------------------------------------------------------------------- pages and exports


def test_the_dashboard_and_the_draft_name_the_period(worked, congress, clerk):
    session = worked["session_2026"]
    query = {"period": "session", "session": session.pk, "until": "2026-06-10"}
    page = client_for(clerk).get("/reports/", query)
    assert page.status_code == 200
    assert page.context["period"].label == "示范区第十七届人民代表大会第五次会议以来"
    body = page.content.decode()
    assert "常委会工作统计：示范区第十七届人民代表大会第五次会议以来" in body
    assert f'href="/reports/report.docx?period=session&amp;session={session.pk}&amp;until=2026-06-10"' in body
    job = client_for(clerk).get("/reports/report.docx", query, follow=True).context["job"]  # core.progress
    response = client_for(clerk).get(f"/jobs/{job.pk}/download/")
    assert response.status_code == 200
    text = _text(b"".join(response.streaming_content) if response.streaming else response.content)
    assert "（示范区第十七届人民代表大会第五次会议以来统计数据部分·草稿）" in text
    assert "（数据统计至2026年6月10日）" in text
    assert (
        "示范区第十七届人民代表大会第五次会议以来，组织召开人民代表大会会议1次，召开常委会会议2次，"
        "作出决议、决定2项，任免地方国家机关工作人员2人次。"
    ) in text


def test_a_bad_period_on_the_dashboard_says_why_and_shows_this_year(worked, clerk):
    page = client_for(clerk).get("/reports/", {"period": "range", "from": "2026-05-01", "to": "2026-04-01"})
    assert page.status_code == 200
    assert "结束日期不能早于开始日期。" in page.content.decode()
    assert page.context["period"] == Period.of_year(periods.default_year())


def test_a_bad_period_on_a_download_is_not_found(worked, clerk):
    response = client_for(clerk).get("/reports/report.xlsx", {"period": "session", "session": "x"})
    assert response.status_code == 404


def test_a_range_drill_down_lists_exactly_the_records_counted(worked, clerk):
    response = client_for(clerk).get(
        "/reports/figures/committee_meetings/", {"period": "range", "from": "2026-06-10", "to": "2026-12-31"}
    )
    assert {obj.pk for obj in response.context["page"].object_list} == worked.pks("cm2")
    assert response.context["value"] == 1


# --------------------------------------------------------------------------- correcting a suggestion


def test_staff_correct_a_suggestions_year_and_the_figures_follow(worked, congress, clerk):
    """s3 was drafted in 2026 but raised for the 2025 report: corrected with a reason, audited."""
    s3 = suggestion_workflow.correct(
        actor=clerk, suggestion=worked["s3"], year=2025, session=None, reason="属2025年度闭会期间建议"
    )
    assert s3.year == 2025
    assert pks(F.referred_suggestions(congress, 2026)) == worked.pks("s1", "s2", "s4", "s5")
    assert pks(F.referred_suggestions(congress, 2025)) == worked.pks("s3", "s_2025")
    entry = AuditEntry.objects.filter(action="correct").get()
    assert entry.actor_id == clerk.pk and entry.note == "属2025年度闭会期间建议"
    assert entry.changes["year"] == [2026, 2025]


def test_staff_correct_the_session_where_a_suggestion_was_raised(worked, congress, clerk):
    suggestion_workflow.correct(
        actor=clerk,
        suggestion=worked["s3"],
        year=2026,
        session=worked["session_2026"],
        reason="系大会期间提出，登记时漏填会议",
    )
    assert pks(F.suggestions_at_sessions(congress, 2026)) == worked.pks("s1", "s2", "s3")
    assert pks(F.suggestions_in_recess(congress, 2026)) == worked.pks("s4", "s5")


def test_a_correction_needs_a_reason_and_a_change(worked, clerk):
    with pytest.raises(suggestion_workflow.TransitionRefused, match="请填写更正理由。"):
        suggestion_workflow.correct(actor=clerk, suggestion=worked["s3"], year=2025, session=None, reason=" ")
    with pytest.raises(suggestion_workflow.TransitionRefused, match="无需更正"):
        suggestion_workflow.correct(
            actor=clerk, suggestion=worked["s3"], year=2026, session=None, reason="核对"
        )


def test_a_correction_through_the_page(worked, clerk):
    s3 = worked["s3"]
    response = client_for(clerk).post(
        f"/suggestions/{s3.pk}/correct/", {"year": "2025", "session": "", "reason": "年度登记有误"}
    )
    assert response.status_code == 302
    s3.refresh_from_db()
    assert s3.year == 2025
    response = client_for(clerk).post(f"/suggestions/{s3.pk}/correct/", {"year": "二〇二五", "reason": ""})
    body = response.content.decode()
    assert "年度应为四位数字。" in body and "请填写更正理由。" in body


def test_a_deputy_may_not_correct(worked, deputy):
    response = client_for(deputy).post(
        f"/suggestions/{worked['s3'].pk}/correct/", {"year": "2025", "reason": "x"}
    )
    assert response.status_code in (403, 404)
    worked["s3"].refresh_from_db()
    assert worked["s3"].year == 2026
