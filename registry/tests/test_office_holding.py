"""The register of office holders: election results and 任免 take effect on the decision's date;
committee membership and M follow it (DOMAIN §7, §10)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import client_for, make_deputy
from oversight import workflow as oversight_workflow
from oversight.models import Appointment
from oversight.tests.helpers import committee, make_appointment, open_committee_meeting
from registry import queries, workflow
from registry.models import OfficeHolding, Post

pytestmark = pytest.mark.django_db
AP = Appointment.Status


def appointment_passed(congress, clerk, unit, sitting, **fields):
    appointment = make_appointment(congress, unit, status=AP.REVIEWED, **fields)
    oversight_workflow.schedule(appointment, actor=clerk, meeting=sitting)
    oversight_workflow.put_to_vote(appointment, actor=clerk, method="paper")
    return oversight_workflow.record_result(
        appointment, actor=clerk, counts={"yes": 5, "no": 0, "abstain": 0}
    )


def test_removal_then_appointment_to_the_same_post(clerk, congress, unit):
    committee(congress, 5, with_accounts=False)
    sitting = open_committee_meeting(congress, clerk, present=5)
    post = workflow.post_named(congress.pk, "示范区教育局局长")
    workflow.take_office(
        post,
        person_name="李某",
        deputy=None,
        on=dt.date(2023, 3, 1),
        basis=OfficeHolding.Basis.REGISTERED,
        decision="常委会第9次会议任命",
        actor=clerk,
    )
    # an appointment while 李某 still holds the post is refused before the vote, in Chinese
    early = make_appointment(congress, unit, status=AP.REVIEWED, person_name="孙某")
    oversight_workflow.schedule(early, actor=clerk, meeting=sitting)
    with pytest.raises(oversight_workflow.TransitionRefused, match="应先免职"):
        oversight_workflow.put_to_vote(early, actor=clerk, method="paper")
    early.refresh_from_db()
    assert early.status == AP.SCHEDULED and early.vote is None

    appointment_passed(congress, clerk, unit, sitting, kind=Appointment.Kind.REMOVE, person_name="李某")
    oversight_workflow.put_to_vote(early, actor=clerk, method="paper")
    oversight_workflow.record_result(early, actor=clerk, counts={"yes": 4, "no": 1, "abstain": 0})
    today = timezone.localdate()
    holders = list(post.holdings.order_by("starts_on"))
    assert [(h.person_name, h.starts_on, h.ends_on) for h in holders] == [
        ("李某", dt.date(2023, 3, 1), today),
        ("孙某", today, None),
    ]
    assert holders[0].end_basis == OfficeHolding.EndBasis.REMOVAL
    assert holders[1].basis == OfficeHolding.Basis.APPOINTMENT
    assert [h.person_name for h in queries.office_holders_on(congress, today)] == ["孙某"]
    oversight_workflow.take_oath(early, actor=clerk, on=today)
    holders[1].refresh_from_db()
    assert holders[1].oath_on == today


def test_a_second_holder_of_a_single_post_is_refused_and_nothing_is_written(clerk, congress):
    post = workflow.post_named(congress.pk, "示范区人民法院院长")
    assert post.is_single
    workflow.take_office(
        post,
        person_name="甲",
        deputy=None,
        on=dt.date(2022, 1, 5),
        basis="election",
        decision="选举",
        actor=clerk,
    )
    with pytest.raises(workflow.TransitionRefused, match="同一职务应先免职"):
        workflow.take_office(
            post,
            person_name="乙",
            deputy=None,
            on=dt.date(2024, 1, 5),
            basis="appointment",
            decision="任命",
            actor=clerk,
        )
    assert post.holdings.count() == 1


def test_ending_a_holding_twice_or_before_it_began_is_refused(clerk, congress):
    post = workflow.post_named(congress.pk, "示范区财政局局长")
    holding = workflow.take_office(
        post,
        person_name="甲",
        deputy=None,
        on=dt.date(2022, 1, 5),
        basis="appointment",
        decision="任命",
        actor=clerk,
    )
    with pytest.raises(workflow.TransitionRefused, match="不能早于开始日期"):
        workflow.leave_office(holding, on=dt.date(2021, 1, 1), basis="removal", decision="免职", actor=clerk)
    workflow.leave_office(holding, on=dt.date(2024, 1, 1), basis="removal", decision="免职", actor=clerk)
    with pytest.raises(workflow.TransitionRefused, match="只能结束一次"):
        workflow.leave_office(holding, on=dt.date(2024, 2, 1), basis="removal", decision="免职", actor=clerk)


def test_committee_post_needs_a_deputy_holding_a_seat(clerk, congress, term):
    post = workflow.post_named(congress.pk, "常委会委员")
    with pytest.raises(workflow.TransitionRefused, match="须由本级人大代表担任"):
        workflow.take_office(
            post,
            person_name="某某",
            deputy=None,
            on=dt.date(2024, 1, 5),
            basis="election",
            decision="选举",
            actor=clerk,
        )
    member = make_deputy(congress, term)
    workflow.take_office(
        post,
        person_name="",
        deputy=member,
        on=dt.date(2024, 1, 5),
        basis="election",
        decision="选举",
        actor=clerk,
    )
    assert queries.member_count(congress, dt.date(2024, 1, 5)) == 1
    workflow.terminate(member, actor=clerk, on=dt.date(2024, 6, 1), reason="调离", ground="moved_away")
    assert queries.member_count(congress, dt.date(2024, 6, 1)) == 0
    assert OfficeHolding.objects.get(deputy=member).end_basis == OfficeHolding.EndBasis.SEAT_ENDED


def test_register_page_lists_holders_and_exports(clerk, leader, congress):
    post = workflow.post_named(congress.pk, "示范区教育局局长")
    workflow.take_office(
        post,
        person_name="李某",
        deputy=None,
        on=dt.date(2023, 3, 1),
        basis="appointment",
        decision="常委会第9次会议任命",
        actor=clerk,
    )
    page = client_for(leader).get(reverse("registry:officeholding_list"), {"q": "李某"})
    assert "示范区教育局局长" in page.content.decode() and "登记任职" not in page.content.decode()
    xlsx = client_for(leader).get(reverse("registry:register_export", args=["office_holders"]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxml")
    printed = client_for(leader).get(reverse("registry:register_print", args=["office_holders"]))
    assert "registry/register_print.css" in printed.content.decode() and "李某" in printed.content.decode()
    from pathlib import Path

    from django.contrib.staticfiles import finders

    assert "size: A4" in Path(finders.find("registry/register_print.css")).read_text(encoding="utf-8")


def test_clerk_enters_a_holder_by_hand_and_a_bad_end_gets_a_chinese_message(clerk, congress):
    post = Post.objects.create(congress=congress, name="示范区审计局局长")
    client = client_for(clerk)
    response = client.post(
        reverse("registry:officeholding_create"),
        {
            "post": post.pk,
            "person_name": "周某",
            "starts_on": "2024-03-01",
            "basis": "appointment",
            "decision": "任命",
        },
    )
    assert response.status_code == 302
    holding = OfficeHolding.objects.get(person_name="周某")
    response = client.post(
        reverse("registry:officeholding_end", args=[holding.pk]),
        {"ends_on": "2023-01-01", "end_basis": "removal", "end_decision": "免职", "confirmed": "yes"},
        follow=True,
    )
    assert "不能早于开始日期" in response.content.decode()
    holding.refresh_from_db()
    assert holding.ends_on is None


def test_outsider_sees_only_their_own_congress_and_citizen_must_log_in(clerk, congress, outsider, citizen):
    post = workflow.post_named(congress.pk, "示范区教育局局长")
    workflow.take_office(
        post,
        person_name="李某",
        deputy=None,
        on=dt.date(2023, 3, 1),
        basis="appointment",
        decision="任命",
        actor=clerk,
    )
    assert "李某" not in client_for(outsider).get(reverse("registry:officeholding_list")).content.decode()
    assert citizen.get(reverse("registry:officeholding_list")).status_code == 302
