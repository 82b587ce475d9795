"""Each kind of activity from registration to completion, through the pages, as the clerk."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for
from oversight import rules
from oversight.models import Activity, Participant, SupervisionPlan
from oversight.tests.helpers import committee, committee_meeting, entries

pytestmark = pytest.mark.django_db
K, S = Activity.Kind, Activity.Status


def _create(client, unit, kind, plan=None):
    response = client.post(
        reverse("oversight:activity_create"),
        {
            "kind": kind,
            "title": f"{kind} 测试",
            "unit": unit.pk,
            "starts_on": "2026-03-02",
            "plan": plan.pk if plan else "",
            "lead": "教科文卫工委",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Activity.objects.get(title=f"{kind} 测试")


@pytest.mark.parametrize("kind", K.values)
def test_each_kind_runs_its_lifecycle(clerk, unit, congress, kind):
    client = client_for(clerk)
    activity = _create(client, unit, kind)
    assert activity.status == S.PLANNED

    client.post(reverse("oversight:start", args=[activity.pk]))
    activity.refresh_from_db()
    assert activity.status == S.IN_PROGRESS
    assert entries(activity, "start").get().actor_id == clerk.pk

    if kind in rules.DELIBERATED_KINDS:
        # Not complete until the committee has deliberated it.
        client.post(
            reverse("oversight:conclude", args=[activity.pk]), {"confirmed": "yes", "on": "2026-04-01"}
        )
        activity.refresh_from_db()
        assert activity.status == S.IN_PROGRESS
        meeting = committee_meeting(congress, starts_at=dt.datetime(2026, 4, 28, 9, tzinfo=dt.UTC))
        client.post(reverse("oversight:deliberate", args=[activity.pk]), {"meeting": meeting.pk})
        activity.refresh_from_db()
        assert activity.status == S.DELIBERATED and activity.meeting == meeting
        assert entries(activity, "deliberate").count() == 1

    client.post(reverse("oversight:conclude", args=[activity.pk]), {"confirmed": "yes", "on": "2026-05-06"})
    activity.refresh_from_db()
    assert activity.status == S.CONCLUDED
    assert activity.concluded_on == dt.date(2026, 5, 6)
    assert entries(activity, "conclude").get().actor_id == clerk.pk


def test_plan_is_published_when_adopted(clerk):
    client = client_for(clerk)
    client.post(
        reverse("oversight:plan_create"),
        {"year": 2026, "title": "2026年监督工作计划", "content": "一、听取…"},
    )
    plan = SupervisionPlan.objects.get(year=2026)
    response = client.post(
        reverse("oversight:publish", args=[plan.pk]), {"confirmed": "yes", "on": "2026-01-20"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == SupervisionPlan.Status.PUBLISHED and plan.adopted_on == dt.date(2026, 1, 20)
    assert entries(plan, "publish").count() == 1
    client.post(
        reverse("oversight:publish", args=[plan.pk]), {"confirmed": "yes", "on": "2026-01-20"}
    )  # double submit
    assert entries(plan, "publish").count() == 1


def test_publish_get_is_refused(clerk, congress):
    plan = SupervisionPlan.objects.create(congress=congress, year=2026, title="计划", content="x")
    assert client_for(clerk).get(reverse("oversight:publish", args=[plan.pk])).status_code == 405


def test_participants_members_and_invited_deputies(clerk, congress, unit):
    members = committee(congress, 3, with_accounts=False)
    from conftest import make_deputy

    invited = make_deputy(congress)
    client = client_for(clerk)
    activity = _create(client, unit, K.ENFORCEMENT_INSPECTION)
    url = reverse("oversight:participant_add", args=[activity.pk])
    client.post(url, {"deputy": members[0].pk, "role": "member"})
    client.post(url, {"deputy": invited.pk, "role": "invited_deputy"})
    client.post(url, {"deputy": invited.pk, "role": "member"})  # not a member: refused
    client.post(url, {"deputy": "abc", "role": "member"})  # malformed: a message, no 500
    rows = Participant.objects.filter(activity=activity)
    assert sorted(rows.values_list("role", flat=True)) == ["invited_deputy", "member"]


def test_report_timing_shown_on_the_activity(clerk, congress, unit):
    meeting = committee_meeting(congress, starts_at=dt.datetime(2026, 6, 25, 1, tzinfo=dt.UTC))
    activity = Activity.objects.create(
        congress=congress,
        unit=unit,
        kind=K.WORK_REPORT,
        title="专项报告",
        starts_on=dt.date(2026, 5, 1),
        status=S.DELIBERATED,
        meeting=meeting,
        report_received_on=dt.date(2026, 6, 10),
        revised_received_on=dt.date(2026, 6, 15),
        sent_to_members_on=dt.date(2026, 6, 18),
    )
    html = client_for(clerk).get(reverse("oversight:activity_detail", args=[activity.pk])).content.decode()
    assert "监督法第十四、十五条" in html
    assert "会议前15日（应不少于20日），不符合" in html
    assert "会议前7日（应不少于7日），符合" in html
