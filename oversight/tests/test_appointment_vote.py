"""任免 at a committee meeting: quorum, 2*yes > M against all members, removals first, the oath."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from meetings import workflow as meetings_workflow
from meetings.models import Vote
from meetings.tests.helpers import close_and_count, register_teller_key
from oversight import workflow
from oversight.models import Appointment
from oversight.tests.helpers import (
    committee,
    committee_meeting,
    entries,
    make_appointment,
    open_committee_meeting,
)

pytestmark = pytest.mark.django_db
AP = Appointment.Status


def scheduled(congress, clerk, unit, meeting, **fields):
    appointment = make_appointment(congress, unit, status=AP.REVIEWED, **fields)
    return workflow.schedule(appointment, actor=clerk, meeting=meeting)


def test_register_then_review_and_schedule(clerk, congress, unit):
    client = client_for(clerk)
    response = client.post(
        reverse("oversight:appointment_create"),
        {
            "kind": "appoint",
            "requesting_unit": unit.pk,
            "requested_by": "区长 某某",
            "person_name": "孙某",
            "gender": "female",
            "post": "示范区教育局局长",
            "reasons": "工作需要",
            "cv": "1980年生……",
            "received_on": (timezone.localdate() - dt.timedelta(days=12)).isoformat(),
        },
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get(person_name="孙某")
    client.post(reverse("oversight:preliminary_review", args=[appointment.pk]), {"note": "材料齐全"})
    meeting = committee_meeting(congress, starts_at=timezone.now() + dt.timedelta(days=1))
    client.post(reverse("oversight:schedule", args=[appointment.pk]), {"meeting": meeting.pk})
    appointment.refresh_from_db()
    assert appointment.status == AP.SCHEDULED and appointment.meeting == meeting
    assert entries(appointment, "schedule").get().actor_id == clerk.pk


def test_late_request_needs_an_explanation(clerk, congress, unit):
    meeting = committee_meeting(congress, starts_at=timezone.now() + dt.timedelta(days=2))
    appointment = make_appointment(congress, unit, status=AP.REVIEWED, received_on=timezone.localdate())
    url = reverse("oversight:schedule", args=[appointment.pk])
    response = client_for(clerk).post(url, {"meeting": meeting.pk}, follow=True)
    assert "提请材料应在会议举行10日前送达" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == AP.REVIEWED
    client_for(clerk).post(url, {"meeting": meeting.pk, "late_reason": "主任会议同意提请"})
    appointment.refresh_from_db()
    assert appointment.status == AP.SCHEDULED and appointment.late_reason == "主任会议同意提请"


def test_vote_refused_without_quorum(clerk, congress, unit):
    committee(congress, 9, with_accounts=False)
    meeting = open_committee_meeting(congress, clerk, present=4)
    appointment = scheduled(congress, clerk, unit, meeting)
    response = client_for(clerk).post(
        reverse("oversight:put_to_vote", args=[appointment.pk]),
        {"confirmed": "yes", "method": "paper", "secret": "on"},
        follow=True,
    )
    assert "不足法定人数" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == AP.SCHEDULED and appointment.vote is None
    assert not Vote.objects.filter(meeting=meeting).exists()  # rolled back with the refusal


@pytest.mark.parametrize("yes, passed", [(4, False), (5, True)])
def test_majority_of_all_members_not_of_those_present(clerk, congress, unit, yes, passed):
    """M = 9, 5 present (2*5 > 9: quorum). 4 yes is a majority of those present, not of all: rejected."""
    committee(congress, 9, with_accounts=False)
    meeting = open_committee_meeting(congress, clerk, present=5)
    appointment = scheduled(congress, clerk, unit, meeting)
    client = client_for(clerk)
    client.post(
        reverse("oversight:put_to_vote", args=[appointment.pk]),
        {"confirmed": "yes", "method": "paper", "secret": "on"},
    )
    appointment.refresh_from_db()
    assert (
        appointment.status == AP.VOTING and appointment.vote.present == 5 and appointment.vote.body_size == 9
    )
    client.post(
        reverse("oversight:record_result", args=[appointment.pk]),
        {"confirmed": "yes", "yes": yes, "no": 5 - yes, "abstain": 0},
    )
    appointment.refresh_from_db()
    assert appointment.status == (AP.PASSED if passed else AP.REJECTED)
    assert appointment.vote.passed is passed
    assert entries(appointment, "record_result").get().actor_id == clerk.pk


def test_electronic_vote_counted_by_meetings(clerk, congress, unit):
    members = committee(congress, 5)
    meeting = open_committee_meeting(congress, clerk, present=5)
    register_teller_key(meeting)
    appointment = scheduled(congress, clerk, unit, meeting)
    workflow.put_to_vote(appointment, actor=clerk, method=Vote.Method.ELECTRONIC)
    appointment.refresh_from_db()
    for deputy, choice in zip(members, ["yes", "yes", "yes", "no", "abstain"]):
        meetings_workflow.cast(appointment.vote, actor=deputy.user, choice=choice)
    refused = client_for(clerk).post(
        reverse("oversight:record_result", args=[appointment.pk]), {"confirmed": "yes"}, follow=True
    )
    assert "表决尚未结束" in refused.content.decode()
    close_and_count(appointment.vote, clerk)
    workflow.record_result(appointment, actor=clerk)
    appointment.refresh_from_db()
    assert appointment.status == AP.PASSED and appointment.decided_on == timezone.localdate()


def test_removal_before_appointment_for_the_same_post(clerk, congress, unit):
    committee(congress, 5, with_accounts=False)
    meeting = open_committee_meeting(congress, clerk, present=5)
    removal = scheduled(congress, clerk, unit, meeting, kind=Appointment.Kind.REMOVE, person_name="李某")
    appointment = scheduled(congress, clerk, unit, meeting, post="示范区教育局 局长")
    response = client_for(clerk).post(
        reverse("oversight:put_to_vote", args=[appointment.pk]),
        {"confirmed": "yes", "method": "paper"},
        follow=True,
    )
    assert "同一职务应先表决免职" in response.content.decode()
    workflow.put_to_vote(removal, actor=clerk, method="paper")
    workflow.record_result(removal, actor=clerk, counts={"yes": 5, "no": 0, "abstain": 0})
    workflow.put_to_vote(appointment, actor=clerk, method="paper")
    appointment.refresh_from_db()
    assert appointment.status == AP.VOTING


def test_oath_after_appointment_not_after_removal(clerk, congress, unit):
    appointed = make_appointment(congress, unit, status=AP.PASSED, decided_on=timezone.localdate())
    client_for(clerk).post(
        reverse("oversight:take_oath", args=[appointed.pk]), {"on": timezone.localdate().isoformat()}
    )
    appointed.refresh_from_db()
    assert appointed.status == AP.SWORN and appointed.oath_on == timezone.localdate()
    removed = make_appointment(congress, unit, kind=Appointment.Kind.REMOVE, status=AP.PASSED)
    assert "take_oath" not in workflow.allowed_actions(removed, clerk)
    with pytest.raises(workflow.TransitionRefused):
        workflow.take_oath(removed, actor=clerk, on=timezone.localdate())


def test_acting_and_resignation_are_recorded_as_such(clerk, congress, unit):
    acting = make_appointment(congress, unit, kind=Appointment.Kind.ACTING, post="示范区人民政府区长")
    resignation = make_appointment(congress, unit, kind=Appointment.Kind.ACCEPT_RESIGNATION)
    assert str(acting) == "决定钱某某代理示范区人民政府区长"
    assert str(resignation) == "接受钱某某辞去示范区教育局局长职务"
    assert acting.takes_oath and not resignation.takes_oath


def test_register_filters_and_exports_xlsx(clerk, congress, unit, other_unit):
    import io

    import openpyxl

    make_appointment(congress, unit, person_name="甲")
    make_appointment(congress, other_unit, person_name="乙")
    client = client_for(clerk)
    page = client.get(reverse("oversight:appointment_list"), {"unit": unit.pk}).content.decode()
    assert "甲" in page and "乙" not in page
    year = timezone.localdate().year
    response = client.get(reverse("oversight:appointment_export"), {"year": year, "unit": unit.pk})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [row[2] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert names == ["甲"]
    assert client.get(reverse("oversight:appointment_export"), {"year": "abc"}).status_code == 200
