"""suspend / reinstate / terminate: the only way a deputy's status changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from conftest import client_for, make_deputy
from core import dates
from core.models import AuditEntry
from registry import queries, workflow
from registry.models import CommitteeMembership, Deputy

S = Deputy.Status
D = dt.date


def status_url(deputy):
    return reverse("registry:deputy_change_status", args=[deputy.pk])


def status_entries(deputy):
    return AuditEntry.objects.filter(object_type="registry.deputy", object_id=str(deputy.pk))


@pytest.fixture
def serving(congress, term):
    return make_deputy(congress, term, name="吴代表")


@pytest.fixture
def suspended(congress, term):
    return make_deputy(congress, term, name="郑代表", status=S.SUSPENDED, suspended_on=D(2024, 3, 1))


def test_clerk_suspends_a_serving_deputy(clerk, serving):
    response = client_for(clerk).post(
        status_url(serving), {"action": "suspend", "on": "2024-05-06", "reason": "因刑事案件被羁押"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:deputy_detail", args=[serving.pk])
    serving.refresh_from_db()
    assert serving.status == S.SUSPENDED
    assert serving.suspended_on == D(2024, 5, 6)
    assert serving.status_reason == "因刑事案件被羁押"
    entry = status_entries(serving).get()
    assert (entry.action, entry.actor_id, entry.note) == ("suspend", clerk.pk, "因刑事案件被羁押")
    assert entry.changes["status"] == ["serving", "suspended"]
    assert entry.changes["effective_on"] == [None, "2024-05-06"]


def test_clerk_reinstates_a_suspended_deputy(clerk, suspended):
    response = client_for(clerk).post(
        status_url(suspended), {"action": "reinstate", "on": "2024-09-01", "reason": "情形消失"}
    )
    assert response.status_code == 302
    suspended.refresh_from_db()
    assert suspended.status == S.SERVING
    assert suspended.suspended_on is None
    entry = status_entries(suspended).get()
    assert (entry.action, entry.actor_id) == ("reinstate", clerk.pk)
    assert entry.changes["status"] == ["suspended", "serving"]


def test_clerk_terminates_a_serving_deputy(clerk, serving):
    response = client_for(clerk).post(
        status_url(serving),
        {
            "confirmed": "yes",
            "action": "terminate",
            "on": "2024-06-01",
            "reason": "调离本行政区域",
            "ground": "moved_away",
        },
        follow=True,
    )
    assert "已终止代表资格：吴代表。" in response.content.decode()
    serving.refresh_from_db()
    assert serving.status == S.TERMINATED
    assert serving.terminated_on == D(2024, 6, 1)
    entry = status_entries(serving).get()
    assert (entry.action, entry.actor_id) == ("terminate", clerk.pk)


def test_clerk_terminates_a_suspended_deputy(clerk, suspended):
    data = {
        "confirmed": "yes",
        "action": "terminate",
        "on": "2024-06-01",
        "reason": "迁出",
        "ground": "moved_away",
    }
    client_for(clerk).post(status_url(suspended), data)
    suspended.refresh_from_db()
    assert suspended.status == S.TERMINATED


def test_terminating_ends_the_open_committee_membership(clerk, congress, term, serving):
    membership = CommitteeMembership.objects.create(
        congress=congress, term=term, deputy=serving, starts_on=D(2022, 1, 1)
    )
    client_for(clerk).post(
        status_url(serving),
        {
            "confirmed": "yes",
            "action": "terminate",
            "on": "2024-06-01",
            "reason": "调离",
            "ground": "moved_away",
        },
    )
    membership.refresh_from_db()
    assert membership.ends_on == D(2024, 6, 1)
    entry = AuditEntry.objects.get(object_type="registry.committeemembership", object_id=str(membership.pk))
    assert entry.actor_id == clerk.pk
    assert entry.changes["ends_on"] == [None, "2024-06-01"]
    assert queries.member_count(congress, D(2024, 6, 1)) == 0
    assert status_entries(serving).count() == 1


def test_terminating_leaves_an_already_ended_membership_alone(clerk, congress, term, serving):
    ended = CommitteeMembership.objects.create(
        congress=congress, term=term, deputy=serving, starts_on=D(2022, 1, 1), ends_on=D(2023, 1, 1)
    )
    client_for(clerk).post(
        status_url(serving),
        {
            "confirmed": "yes",
            "action": "terminate",
            "on": "2024-06-01",
            "reason": "调离",
            "ground": "moved_away",
        },
    )
    ended.refresh_from_db()
    assert ended.ends_on == D(2023, 1, 1)
    assert not AuditEntry.objects.filter(object_type="registry.committeemembership").exists()


def test_detail_shows_the_status_history(clerk, serving):
    client = client_for(clerk)
    client.post(status_url(serving), {"action": "suspend", "on": "2024-05-06", "reason": "因案被羁押"})
    html = client.get(reverse("registry:deputy_detail", args=[serving.pk])).content.decode()
    assert "因案被羁押" in html and "2024年5月6日" in html and "王文书" in html


@pytest.mark.parametrize("verb", ["reinstate"])
def test_wrong_status_is_refused(clerk, serving, verb):
    data = {"action": verb, "on": "2024-06-01", "reason": "x"}
    response = client_for(clerk).post(status_url(serving), data, follow=True)
    assert "不能恢复执行代表职务" in response.content.decode()
    serving.refresh_from_db()
    assert serving.status == S.SERVING
    assert not status_entries(serving).exists()


def test_terminated_deputy_cannot_be_suspended_or_reinstated(clerk, congress, term):
    gone = make_deputy(congress, term, status=S.TERMINATED, terminated_on=D(2024, 1, 1))
    client = client_for(clerk)
    for verb in ["suspend", "reinstate", "terminate"]:
        client.post(status_url(gone), {"action": verb, "on": "2024-06-01", "reason": "x"})
    gone.refresh_from_db()
    assert gone.status == S.TERMINATED
    assert not status_entries(gone).exists()


def test_double_submit_changes_once(clerk, serving):
    client = client_for(clerk)
    data = {"action": "suspend", "on": "2024-05-06", "reason": "因案被羁押"}
    client.post(status_url(serving), data)
    client.post(status_url(serving), data)
    assert status_entries(serving).count() == 1


@pytest.mark.parametrize("persona", ["leader", "deputy", "unit_handler", "station_staff"])
def test_wrong_role_gets_403(request, persona, serving):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(
        status_url(serving), {"action": "suspend", "on": "2024-05-06", "reason": "x"}
    )
    assert response.status_code == 403
    serving.refresh_from_db()
    assert serving.status == S.SERVING
    assert not status_entries(serving).exists()


def test_get_is_not_allowed(clerk, serving):
    assert client_for(clerk).get(status_url(serving)).status_code == 405


def test_missing_reason_is_refused(clerk, serving):
    data = {"action": "suspend", "on": "2024-05-06", "reason": " "}
    response = client_for(clerk).post(status_url(serving), data)
    assert response.status_code == 200
    assert "这个字段是必填项。" in response.content.decode() or "请填写原因" in response.content.decode()
    serving.refresh_from_db()
    assert serving.status == S.SERVING
    assert not status_entries(serving).exists()


def test_future_date_and_date_before_election_are_refused(clerk, serving):
    client = client_for(clerk)
    future = (dates.today() + dt.timedelta(days=3)).isoformat()
    response = client.post(status_url(serving), {"action": "suspend", "on": future, "reason": "x"})
    assert "日期不能晚于今天" in response.content.decode()
    response = client.post(status_url(serving), {"action": "suspend", "on": "2020-01-01", "reason": "x"})
    assert "日期不能早于当选日期" in response.content.decode()
    serving.refresh_from_db()
    assert serving.status == S.SERVING


def test_unknown_action_is_a_bad_request(clerk, serving):
    assert client_for(clerk).post(status_url(serving), {"action": "promote"}).status_code == 400


def test_buttons_follow_allowed_actions(clerk, serving, suspended):
    client = client_for(clerk)
    serving_html = client.get(reverse("registry:deputy_detail", args=[serving.pk])).content.decode()
    suspended_html = client.get(reverse("registry:deputy_detail", args=[suspended.pk])).content.decode()
    assert 'value="suspend"' in serving_html and 'value="reinstate"' not in serving_html
    assert 'value="reinstate"' in suspended_html and 'value="suspend"' not in suspended_html
    assert "确定终止代表资格：吴代表？" in serving_html and "data-confirm=" not in serving_html


def test_workflow_checks_the_actor_itself(leader, serving):
    with pytest.raises(PermissionDenied):
        workflow.suspend(serving, actor=leader, on=D(2024, 5, 6), reason="x")
    serving.refresh_from_db()
    assert serving.status == S.SERVING


def test_workflow_requires_a_reason(clerk, serving):
    with pytest.raises(workflow.TransitionRefused):
        workflow.terminate(serving, actor=clerk, on=D(2024, 5, 6), reason="  ")


# Who may do what from which status: TRANSITIONS × personas against a hand-written matrix.
CHANGES = {  # (verb, from status) → new status when the clerk acts; absent = refused
    ("suspend", S.SERVING): S.SUSPENDED,
    ("reinstate", S.SUSPENDED): S.SERVING,
    ("terminate", S.SERVING): S.TERMINATED,
    ("terminate", S.SUSPENDED): S.TERMINATED,
    ("accept_resignation", S.SERVING): S.TERMINATED,
    ("accept_resignation", S.SUSPENDED): S.TERMINATED,
    ("recall", S.SERVING): S.TERMINATED,
    ("recall", S.SUSPENDED): S.TERMINATED,
}
PERSONA_STATUS = {"clerk": None, "leader": 403, "deputy": 403, "unit_handler": 403, "outsider": 404}


@pytest.mark.parametrize("persona", list(PERSONA_STATUS))
@pytest.mark.parametrize("verb", list(workflow.TRANSITIONS))
@pytest.mark.parametrize("start", [S.SERVING, S.SUSPENDED, S.TERMINATED])
def test_transition_matrix(request, congress, term, persona, verb, start):
    user = request.getfixturevalue(persona)
    dates = {S.SUSPENDED: {"suspended_on": D(2024, 1, 1)}, S.TERMINATED: {"terminated_on": D(2024, 1, 1)}}
    target = make_deputy(congress, term, status=start, **dates.get(start, {}))
    member = make_deputy(congress, term)
    CommitteeMembership.objects.create(congress=congress, term=term, deputy=member, starts_on=D(2022, 1, 1))
    data = {
        "action": verb,
        "on": "2024-06-01",
        "reason": "依法",
        "ground": "moved_away",
        "yes": 1,
        "electorate": 1,
        "confirmed": "yes",
    }
    response = client_for(user).post(status_url(target), data)
    target.refresh_from_db()
    expected_code = PERSONA_STATUS[persona]
    if expected_code is not None:
        assert response.status_code == expected_code
        assert target.status == start
        return
    assert response.status_code == 302
    assert target.status == CHANGES.get((verb, start), start)
    assert status_entries(target).count() == (1 if (verb, start) in CHANGES else 0)
