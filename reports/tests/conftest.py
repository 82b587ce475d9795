"""A year of work small enough to count by hand (`worked`), with distractors: the year before,
records of the wrong kind or status, a message a few minutes either side of midnight on
31 December (Asia/Shanghai), and another congress's records. reports/tests/test_figures.py
lists, for every figure, the value worked out by hand and the named records it must count.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from conftest import make_deputy, make_term
from meetings.models import AgendaItem, Attendance, CongressSession, Meeting, Vote
from oversight.models import Activity, Appointment, DeliberationOpinions
from oversight.models import Evaluation as OversightEvaluation
from performance.models import PerformanceEntry
from projects.models import Call, ProgressReport, Project
from projects.models import Evaluation as ProjectEvaluation
from registry.models import CommitteeMembership, Deputy, Station, Unit
from stations.models import Activity as StationActivity
from stations.models import Message, Reception
from suggestions.models import Assignment, Suggestion

TZ = ZoneInfo("Asia/Shanghai")
_code = itertools.count(1)


def at(y, m, d, hh=9, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=TZ)


class Worked(dict):
    """name → record; `pks(*names)` for comparing with a drill-down."""

    def pks(self, *names):
        return {self[n].pk for n in names}


def _meeting(congress, name, w, kind, number, when, status=Meeting.Status.CLOSED, session=None):
    w[name] = Meeting.objects.create(
        congress=congress,
        kind=kind,
        number=number,
        title=name,
        starts_at=when,
        status=status,
        session=session,
        opened_at=when if status != Meeting.Status.SCHEDULED else None,
    )
    return w[name]


def _vote(w, name, meeting, item_kind, passed, order):
    item = AgendaItem.objects.create(meeting=meeting, order=order, title=name, kind=item_kind)
    w[name] = Vote.objects.create(
        congress=meeting.congress,
        meeting=meeting,
        agenda_item=item,
        title=name,
        status=Vote.Status.CLOSED,
        passed=passed,
        yes=10,
        no=0,
        abstain=0,
    )


def _appointment(w, name, congress, unit, meeting, status, kind=Appointment.Kind.APPOINT):
    w[name] = Appointment.objects.create(
        congress=congress,
        kind=kind,
        requesting_unit=unit,
        requested_by="区长",
        person_name=name,
        post="某局局长",
        reasons="工作需要",
        received_on=dt.date(2026, 1, 1),
        status=status,
        meeting=meeting,
    )


def _activity(w, name, congress, kind, starts_on, **extra):
    w[name] = Activity.objects.create(congress=congress, kind=kind, title=name, starts_on=starts_on, **extra)
    return w[name]


def _suggestion(
    w,
    name,
    congress,
    term,
    deputy,
    status,
    *,
    year=2026,
    kind=Suggestion.Kind.SUGGESTION,
    replied_on=None,
    on_time=None,
    category="",
    first="",
    final="",
    **extra,
):
    w[name] = Suggestion.objects.create(
        congress=congress,
        term=term,
        year=year,
        kind=kind,
        title=name,
        content=name,
        lead_deputy=deputy,
        status=status,
        replied_on=replied_on,
        replied_on_time=on_time,
        reply_category=category,
        first_rating=first,
        final_rating=final,
        **extra,
        assigned_on=dt.date(year, 3, 1)
        if replied_on or status in (Suggestion.Status.ASSIGNED, Suggestion.Status.REHANDLING)
        else None,
    )
    return w[name]


def _assign(suggestion, unit, role, status, replied_on=None):
    Assignment.objects.create(
        suggestion=suggestion,
        unit=unit,
        role=role,
        status=status,
        assigned_on=dt.date(2026, 3, 1),
        due_on=dt.date(2026, 6, 1),
        replied_on=replied_on,
    )


def _message(w, name, congress, station, created, status=Message.Status.CLOSED):
    n = next(_code)
    w[name] = Message.objects.create(
        congress=congress,
        station=station,
        tracking_code=f"T{n:08d}",
        topic="traffic",
        content=name,
        content_digest=f"d{n}",
        created_at=created,
        status=status,
        subdistrict=station.subdistrict,
    )


@pytest.fixture
def worked(congress, term, unit, other_unit, station, other_congress, clerk):
    w = Worked()
    C = congress
    deputies = [make_deputy(C, term, name=f"代表{i}") for i in range(1, 5)]
    w.update({f"d{i}": d for i, d in enumerate(deputies, start=1)})
    # N and M on the year's last day: 代表5's seat ended in 2026; 代表1 joined the committee in 2026.
    w["d5_left_2026"] = make_deputy(
        C, term, name="代表5", status=Deputy.Status.TERMINATED, terminated_on=dt.date(2026, 6, 1)
    )
    w["cm_d1"] = CommitteeMembership.objects.create(
        congress=C, term=term, deputy=deputies[0], starts_on=dt.date(2026, 3, 1)
    )

    # ---------------------------------------------------------------- meetings
    K = Meeting.Kind
    cm1 = _meeting(C, "cm1", w, K.COMMITTEE_MEETING, 30, at(2026, 3, 10))
    cm2 = _meeting(C, "cm2", w, K.COMMITTEE_MEETING, 31, at(2026, 6, 10))
    _meeting(
        C, "cm3_scheduled", w, K.COMMITTEE_MEETING, 32, at(2026, 12, 20), status=Meeting.Status.SCHEDULED
    )
    cm0 = _meeting(C, "cm0_2025", w, K.COMMITTEE_MEETING, 29, at(2025, 5, 1))
    other_term = make_term(other_congress)
    _meeting(other_congress, "other_cm", w, K.COMMITTEE_MEETING, 1, at(2026, 4, 1))

    R = AgendaItem.Kind
    _vote(w, "v_resolution_1", cm1, R.RESOLUTION, True, 1)
    _vote(w, "v_resolution_failed", cm1, R.RESOLUTION, False, 2)
    _vote(w, "v_report", cm1, R.REPORT, True, 3)
    _vote(w, "v_resolution_2", cm2, R.RESOLUTION, True, 1)
    _vote(w, "v_resolution_2025", cm0, R.RESOLUTION, True, 1)

    s5 = w["session_2026"] = CongressSession.objects.create(
        congress=C, term=term, number=5, starts_on=dt.date(2026, 1, 12)
    )
    s4 = w["session_2025"] = CongressSession.objects.create(
        congress=C, term=term, number=4, starts_on=dt.date(2025, 1, 10)
    )
    _meeting(C, "prep", w, K.PREPARATORY_MEETING, 1, at(2026, 1, 12, 8), session=s5)
    p1 = _meeting(C, "plenary1", w, K.PLENARY, 1, at(2026, 1, 12, 14), session=s5)
    p2 = _meeting(C, "plenary2", w, K.PLENARY, 2, at(2026, 1, 14), session=s5)
    p25 = _meeting(C, "plenary_2025", w, K.PLENARY, 1, at(2025, 1, 10), session=s4)
    _vote(w, "v_plenary_resolution", p2, R.RESOLUTION, True, 1)
    A = Attendance.Status
    for d, status in zip(deputies, (A.PRESENT, A.PRESENT, A.ON_LEAVE, A.ABSENT)):
        w[f"att_{d.name}"] = Attendance.objects.create(meeting=p1, deputy=d, status=status)
    # the closing plenary, quoted unless the office picks another: 代表4 absent
    for d, status in zip(deputies, (A.PRESENT, A.PRESENT, A.PRESENT, A.ABSENT)):
        w[f"att2_{d.name}"] = Attendance.objects.create(meeting=p2, deputy=d, status=status)
    Attendance.objects.create(meeting=p25, deputy=deputies[0], status=A.PRESENT)
    Attendance.objects.create(meeting=p25, deputy=deputies[1], status=A.ABSENT)

    S = Appointment.Status
    _appointment(w, "ap_sworn", C, unit, cm1, S.SWORN)
    _appointment(w, "ap_removed", C, unit, cm1, S.PASSED, kind=Appointment.Kind.REMOVE)
    _appointment(w, "ap_rejected", C, unit, cm1, S.REJECTED)
    _appointment(w, "ap_scheduled", C, unit, cm2, S.SCHEDULED)
    _appointment(w, "ap_received", C, unit, None, S.RECEIVED)
    _appointment(w, "ap_2025", C, unit, cm0, S.SWORN)

    # ---------------------------------------------------------------- oversight
    AK = Activity.Kind
    _activity(w, "enforcement", C, AK.ENFORCEMENT_INSPECTION, dt.date(2026, 4, 1), is_key_matter=True)
    wr1 = _activity(w, "work_report_1", C, AK.WORK_REPORT, dt.date(2026, 2, 1))
    _activity(w, "work_report_2", C, AK.WORK_REPORT, dt.date(2026, 12, 31))
    _activity(w, "work_report_2025", C, AK.WORK_REPORT, dt.date(2025, 12, 31))
    _activity(w, "visit", C, AK.INSPECTION_VISIT, dt.date(2026, 5, 1))
    _activity(w, "research", C, AK.RESEARCH, dt.date(2026, 1, 1))
    _activity(w, "supervision", C, AK.SUPERVISORY_VISIT, dt.date(2026, 6, 1))
    _activity(w, "follow_up", C, AK.FOLLOW_UP, dt.date(2026, 11, 1), is_key_matter=True)
    _activity(w, "appraisal", C, AK.APPRAISAL, dt.date(2026, 7, 1))
    _activity(w, "inquiry", C, AK.INQUIRY, dt.date(2026, 8, 1))
    _activity(w, "budget", C, AK.BUDGET_REVIEW, dt.date(2026, 9, 1))
    _activity(w, "audit", C, AK.AUDIT_REVIEW, dt.date(2026, 10, 1))
    _activity(w, "other_enforcement", other_congress, AK.ENFORCEMENT_INSPECTION, dt.date(2026, 4, 1))
    OS = DeliberationOpinions.Status
    for name, sent_on, status in (
        ("op1", dt.date(2026, 4, 1), OS.SENT),
        ("op2", dt.date(2026, 5, 1), OS.CLOSED),
        ("op_draft", None, OS.DRAFT),
        ("op_2025", dt.date(2025, 11, 1), OS.SENT),
    ):
        w[name] = DeliberationOpinions.objects.create(
            congress=C, activity=wr1, unit=unit, title=name, content=name, sent_on=sent_on, status=status
        )
    E = OversightEvaluation.Status
    w["ev_closed"] = OversightEvaluation.objects.create(
        congress=C,
        opinions=w["op1"],
        meeting=cm2,
        status=E.CLOSED,
        closed_at=at(2026, 6, 10, 11),
        grade="satisfied",
    )
    w["ev_draft"] = OversightEvaluation.objects.create(
        congress=C, opinions=w["op2"], meeting=cm2, status=E.DRAFT
    )

    # ---------------------------------------------------------------- suggestions
    SS, d1 = Suggestion.Status, deputies[0]
    session_2026 = w["session_2026"]
    # other_unit is the district court: its suggestions count under 人民法院
    Unit.objects.filter(pk=other_unit.pk).update(kind=Unit.Kind.COURT)
    on = dt.date(2026, 5, 1)
    s1 = _suggestion(
        w,
        "s1",
        C,
        term,
        d1,
        SS.CLOSED,
        replied_on=on,
        on_time=True,
        category="A",
        first="satisfied",
        final="satisfied",
        session=session_2026,
        is_priority=True,
    )
    s2 = _suggestion(
        w,
        "s2",
        C,
        term,
        d1,
        SS.CLOSED,
        replied_on=on,
        on_time=False,
        category="B",
        first="dissatisfied",
        final="basically_satisfied",
        session=session_2026,
    )
    s3 = _suggestion(w, "s3", C, term, d1, SS.REPLIED, replied_on=on, on_time=True, category="C")
    s4 = _suggestion(w, "s4", C, term, d1, SS.ASSIGNED, is_priority=True)
    s5 = _suggestion(
        w,
        "s5",
        C,
        term,
        d1,
        SS.REHANDLING,
        replied_on=on,
        on_time=True,
        category="D",
        first="dissatisfied",
        final="dissatisfied",
    )
    _suggestion(w, "s_draft", C, term, d1, SS.DRAFT)
    _suggestion(w, "s_registered", C, term, d1, SS.REGISTERED)
    _suggestion(w, "s_merged", C, term, d1, SS.MERGED)
    _suggestion(w, "motion", C, term, d1, SS.SUBMITTED, kind=Suggestion.Kind.MOTION)
    _suggestion(w, "motion_draft", C, term, d1, SS.DRAFT, kind=Suggestion.Kind.MOTION)
    _suggestion(
        w,
        "s_2025",
        C,
        term,
        d1,
        SS.CLOSED,
        year=2025,
        replied_on=dt.date(2025, 5, 1),
        on_time=True,
        category="A",
        first="satisfied",
        final="satisfied",
    )
    other_deputy = make_deputy(other_congress, other_term)
    _suggestion(
        w,
        "s_other",
        other_congress,
        other_term,
        other_deputy,
        SS.CLOSED,
        replied_on=on,
        on_time=True,
        category="A",
        final="satisfied",
    )
    AR, AS = Assignment.Role, Assignment.Status
    _assign(s1, unit, AR.SOLE, AS.REPLIED, on)
    _assign(s2, unit, AR.LEAD, AS.REPLIED, on)
    _assign(s2, other_unit, AR.ASSISTING, AS.OPINION_SUBMITTED)
    _assign(s3, other_unit, AR.SOLE, AS.REPLIED, on)
    _assign(s4, unit, AR.SOLE, AS.ACCEPTED)
    _assign(s5, other_unit, AR.SOLE, AS.REPLIED, on)

    # ---------------------------------------------------------------- stations
    w["community_station"] = Station.objects.create(
        congress=C,
        name="东湖社区人大代表联络站",
        level=Station.Level.COMMUNITY,
        subdistrict=station.subdistrict,
        address="东湖路2号",
    )
    _message(w, "m1", C, station, at(2026, 2, 1))
    _message(w, "m2", C, station, at(2026, 7, 1))
    Message.objects.filter(pk=w["m2"].pk).update(source=Message.Source.RECEPTION)  # not online
    _message(w, "m3_new_year_eve", C, station, at(2026, 12, 31, 23, 30), status=Message.Status.RECEIVED)
    _message(w, "m4_new_year", C, station, at(2027, 1, 1, 0, 10), status=Message.Status.RECEIVED)
    _message(w, "m5_2025", C, station, at(2025, 12, 31, 23, 59))
    other_station = Station.objects.create(
        congress=C,
        name="已撤销联络站",
        level=Station.Level.SUBDISTRICT,
        subdistrict=station.subdistrict,
        is_active=False,
    )
    w["station"], w["closed_station"] = station, other_station
    RS = Reception.Status
    for name, day, status, visitors in (
        ("r1", dt.date(2026, 3, 5), RS.HELD, 12),
        ("r2", dt.date(2026, 4, 5), RS.HELD, None),
        ("r3", dt.date(2026, 12, 5), RS.SCHEDULED, 30),
        ("r4", dt.date(2026, 5, 5), RS.CANCELLED, None),
        ("r_2025", dt.date(2025, 3, 5), RS.HELD, 7),
    ):
        w[name] = Reception.objects.create(
            congress=C,
            station=station,
            date=day,
            starts_at=dt.time(9),
            ends_at=dt.time(11),
            status=status,
            visitors=visitors,
        )
    SK = StationActivity.Kind
    for name, kind, day in (
        ("themed1", SK.THEMED, dt.date(2026, 3, 1)),
        ("themed2", SK.THEMED, dt.date(2026, 9, 1)),
        ("research1", SK.RESEARCH, dt.date(2026, 6, 1)),
        ("themed_2025", SK.THEMED, dt.date(2025, 6, 1)),
    ):
        w[name] = StationActivity.objects.create(congress=C, station=station, kind=kind, title=name, date=day)
    # opinions raised at the activities, counted on the activity (not typed in as messages)
    for name, opinions in (("themed1", 30), ("research1", 5), ("themed_2025", 7)):
        StationActivity.objects.filter(pk=w[name].pk).update(opinions_raised=opinions)

    # ---------------------------------------------------------------- projects
    call25 = Call.objects.create(
        congress=C,
        year=2025,
        title="2025年度",
        opens_on=dt.date(2024, 9, 1),
        closes_on=dt.date(2024, 10, 1),
        status=Call.Status.ANNOUNCED,
    )
    call26 = Call.objects.create(
        congress=C,
        year=2026,
        title="2026年度",
        opens_on=dt.date(2025, 9, 1),
        closes_on=dt.date(2025, 10, 1),
        status=Call.Status.ANNOUNCED,
    )
    PS = Project.Status

    def project(name, call, status, adopted_at=None, grade=""):
        w[name] = Project.objects.create(
            congress=C,
            call=call,
            title=name,
            content=name,
            budget=Decimal("10"),
            lead_unit=unit,
            target=name,
            deadline=dt.date(call.year, 12, 31),
            status=status,
            adopted_at=adopted_at,
            grade=grade,
        )

    project("p1", call25, PS.EVALUATED, at(2025, 1, 11), "satisfied")
    project("p2", call25, PS.EVALUATED, at(2025, 1, 11), "basically_satisfied")
    project("p3", call25, PS.NOT_ADOPTED)
    project("p4", call26, PS.ADOPTED, at(2026, 1, 14))
    project("p5", call26, PS.ADOPTED, at(2026, 1, 14))
    project("p6", call26, PS.CANDIDATE)
    ProjectEvaluation.objects.create(
        congress=C,
        call=call25,
        meeting=p1,
        title="2025年度测评",
        status=ProjectEvaluation.Status.CLOSED,
        closed_at=at(2026, 1, 13),
    )
    for day, percent in ((dt.date(2026, 6, 1), 40), (dt.date(2026, 9, 1), 70)):
        ProgressReport.objects.create(
            project=w["p4"], reported_on=day, percent=percent, text="进展", author=clerk
        )

    # ---------------------------------------------------------------- deputies
    PK = PerformanceEntry.Kind
    for name, d, kind, day in (
        ("duty1", deputies[0], PK.DUTY_REPORT, dt.date(2026, 11, 1)),
        ("duty2", deputies[1], PK.DUTY_REPORT, dt.date(2026, 11, 2)),
        ("speech", deputies[0], PK.SPEECH, dt.date(2026, 3, 10)),
        ("duty_2025", deputies[0], PK.DUTY_REPORT, dt.date(2025, 11, 1)),
    ):
        w[name] = PerformanceEntry.objects.create(congress=C, deputy=d, kind=kind, date=day, title=name)
    return w
