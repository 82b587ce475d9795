"""TRANSITIONS × personas against a hand-written matrix; plus 404 for hidden and missing objects."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from core.ballot_box import box as ballot_box
from core.ballot_box import testing
from meetings import workflow as meetings_workflow
from meetings.tests.helpers import register_teller_key
from oversight import workflow
from oversight.models import (
    Activity,
    Appointment,
    DeliberationOpinions,
    Evaluation,
    HandlingReport,
    SupervisionPlan,
)
from oversight.tests.helpers import (
    committee,
    committee_meeting,
    entries,
    make_activity,
    make_appointment,
    make_opinions,
    open_committee_meeting,
)

pytestmark = pytest.mark.django_db
TODAY = lambda: timezone.localdate().isoformat()  # noqa: E731
OP, AP = DeliberationOpinions.Status, Appointment.Status


def _opinions(congress, unit, status, with_report=False):
    opinions = make_opinions(
        congress,
        unit,
        status=status,
        sent_on=timezone.localdate(),
        due_on=timezone.localdate() + dt.timedelta(days=90),
    )
    if with_report:
        HandlingReport.objects.create(
            opinions=opinions, number=1, content="情况", submitted_on=timezone.localdate()
        )
    return opinions


def _evaluation(congress, clerk, unit, status, method):
    committee(congress, 3, with_accounts=False)
    meeting = open_committee_meeting(congress, clerk, present=3)
    opinions = _opinions(congress, unit, OP.REVIEWED)
    evaluation = Evaluation.objects.create(
        congress=congress, opinions=opinions, meeting=meeting, method=method
    )
    if status in (Evaluation.Status.OPEN, Evaluation.Status.COUNTING):
        Evaluation.objects.filter(pk=evaluation.pk).update(
            status=Evaluation.Status.OPEN, body_size=3, present=3, opened_at=timezone.now()
        )
        evaluation.refresh_from_db()
    if method == "electronic" and status != Evaluation.Status.DRAFT:
        # A box holding one member's ballot; COUNTING: closed, with teller 1's share already in.
        key = register_teller_key(meeting)
        box = ballot_box.open_box(
            key=key, owner=f"oversight.evaluation:{evaluation.pk}", spec=workflow.EVALUATION_SPEC, labels=[]
        )
        Evaluation.objects.filter(pk=evaluation.pk).update(ballot_box=box)
        member = meeting.attendances.filter(status="present").first().deputy
        ballot_box.cast(
            box,
            ballot_box.seal_on_server(box, [1, 0, 0]),
            poll=evaluation,
            participation=evaluation.participations.model(evaluation=evaluation, deputy=member),
        )
        if status == Evaluation.Status.COUNTING:
            box = ballot_box.close(box)
            Evaluation.objects.filter(pk=evaluation.pk).update(status=status)
            (share,) = testing.decryption_shares(box, (1,))
            ballot_box.submit_decryption_share(box, share, actor=clerk)
        evaluation.refresh_from_db()
    return evaluation


def _voting(congress, clerk, unit):
    committee(congress, 3, with_accounts=False)
    meeting = open_committee_meeting(congress, clerk, present=3)
    vote = meetings_workflow.create_vote(meeting, actor=clerk, title="任命", secret=True, method="paper")
    vote = meetings_workflow.open_vote(vote, actor=clerk)
    return make_appointment(congress, unit, status=AP.VOTING, meeting=meeting, vote=vote)


def setup(verb, congress, clerk, unit):
    """(object in a source status, valid POST data) for each verb."""
    if verb == "publish":
        return SupervisionPlan.objects.create(congress=congress, year=2026, title="计划", content="内容"), {
            "on": TODAY()
        }
    if verb == "start":
        return make_activity(congress, unit), {}
    if verb == "deliberate":
        meeting = committee_meeting(congress)
        return make_activity(congress, unit, status=Activity.Status.IN_PROGRESS), {"meeting": meeting.pk}
    if verb == "conclude":
        return make_activity(congress, unit, status=Activity.Status.DELIBERATED), {"on": TODAY()}
    opinions_setups = {
        "approve": (OP.DRAFT, False, {"on": TODAY()}),
        "send": (OP.APPROVED, False, {"on": TODAY()}),
        "submit_report": (OP.SENT, False, {"content": "已整改"}),
        "send_back": (OP.REPORTED, True, {"reason": "不具体"}),
        "review": (OP.REPORTED, True, {"note": "同意"}),
        "close": (OP.REVIEWED, True, {"on": TODAY()}),
    }
    if verb in opinions_setups:
        status, with_report, data = opinions_setups[verb]
        return _opinions(congress, unit, status, with_report), data
    if verb == "open_evaluation":
        return _evaluation(congress, clerk, unit, Evaluation.Status.DRAFT, "paper"), {}
    if verb == "close_evaluation":
        return _evaluation(congress, clerk, unit, Evaluation.Status.OPEN, "electronic"), {}
    if verb == "submit_decryption_share":
        evaluation = _evaluation(congress, clerk, unit, Evaluation.Status.COUNTING, "electronic")
        (share,) = testing.decryption_shares(evaluation.ballot_box, (2,))
        return evaluation, {"document": SimpleUploadedFile("share.json", json.dumps(share).encode())}
    if verb == "enter_evaluation_counts":
        return (
            _evaluation(congress, clerk, unit, Evaluation.Status.OPEN, "paper"),
            {"satisfied": 2, "basically_satisfied": 1, "dissatisfied": 0},
        )
    if verb == "preliminary_review":
        return make_appointment(congress, unit), {"note": ""}
    if verb == "schedule":
        meeting = committee_meeting(congress, starts_at=timezone.now() + dt.timedelta(days=3))
        return make_appointment(congress, unit, status=AP.REVIEWED), {"meeting": meeting.pk}
    if verb == "put_to_vote":
        committee(congress, 3, with_accounts=False)
        meeting = open_committee_meeting(congress, clerk, present=3)
        return make_appointment(congress, unit, status=AP.SCHEDULED, meeting=meeting), {"method": "paper"}
    if verb == "record_result":
        return _voting(congress, clerk, unit), {"yes": 3, "no": 0, "abstain": 0}
    if verb == "take_oath":
        return make_appointment(congress, unit, status=AP.PASSED), {"on": TODAY()}
    if verb == "withdraw":
        return make_appointment(congress, unit), {"reason": "提请机关撤回"}
    raise AssertionError(verb)


PERSONAS = ["clerk", "leader", "deputy", "unit_handler", "other_unit_handler", "outsider"]
OFFICE_ONLY = {
    "clerk": 302,
    "leader": 403,
    "deputy": 403,
    "unit_handler": 403,
    "other_unit_handler": 403,
    "outsider": 404,
}
# Opinions are visible to their organ once sent; before that the organ gets the same 404 as anyone hidden.
HIDDEN_FROM_ORGAN = {**OFFICE_ONLY, "unit_handler": 404, "other_unit_handler": 404}
SEEN_BY_ORGAN = {**OFFICE_ONLY, "other_unit_handler": 404}
EXPECTED = {
    "publish": OFFICE_ONLY,
    "start": OFFICE_ONLY,
    "deliberate": OFFICE_ONLY,
    "conclude": OFFICE_ONLY,
    "approve": {**HIDDEN_FROM_ORGAN, "leader": 302},
    "send": HIDDEN_FROM_ORGAN,
    "submit_report": {**SEEN_BY_ORGAN, "unit_handler": 302},
    "send_back": SEEN_BY_ORGAN,
    "review": SEEN_BY_ORGAN,
    "close": SEEN_BY_ORGAN,
    "open_evaluation": OFFICE_ONLY,
    "close_evaluation": OFFICE_ONLY,
    "submit_decryption_share": OFFICE_ONLY,
    "enter_evaluation_counts": OFFICE_ONLY,
    "preliminary_review": OFFICE_ONLY,
    "schedule": OFFICE_ONLY,
    "put_to_vote": OFFICE_ONLY,
    "record_result": OFFICE_ONLY,
    "take_oath": OFFICE_ONLY,
    "withdraw": OFFICE_ONLY,
}


def test_matrix_covers_every_transition():
    assert set(EXPECTED) == set(workflow.TRANSITIONS)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("verb", list(workflow.TRANSITIONS))
def test_transition_matrix(request, congress, clerk, unit, persona, verb):
    user = request.getfixturevalue(persona)
    obj, data = setup(verb, congress, clerk, unit)
    before = obj.status
    # The office has already answered the confirmation page (core/confirm.py) for steps that ask.
    response = client_for(user).post(
        reverse(f"oversight:{verb}", args=[obj.pk]), {**data, "confirmed": "yes"}
    )
    obj.refresh_from_db()
    expected = EXPECTED[verb][persona]
    assert response.status_code == expected, response.content.decode()[:500]
    _sources, target = workflow.TRANSITIONS[verb]
    if expected == 302:
        assert obj.status != before, f"{verb} by {persona} did not change the status"
        # A row with several targets (e.g. close_evaluation: counting or, with an empty box, closed).
        assert obj.status == target or obj.status in target or verb == "record_result"
        assert entries(obj, verb).count() == 1
    else:
        assert obj.status == before
        assert entries(obj, verb).count() == 0


def test_get_on_a_transition_is_refused(clerk, congress, unit):
    opinions = _opinions(congress, unit, OP.DRAFT)
    assert client_for(clerk).get(reverse("oversight:approve", args=[opinions.pk])).status_code == 405


def test_missing_objects_give_404(clerk):
    client = client_for(clerk)
    for name in (
        "activity_detail",
        "plan_detail",
        "deliberation_opinions_detail",
        "appointment_detail",
        "evaluation_detail",
    ):
        assert client.get(reverse(f"oversight:{name}", args=[999999])).status_code == 404


def test_outsider_sees_nothing_of_this_congress(outsider, congress, unit):
    opinions = _opinions(congress, unit, OP.SENT)
    client = client_for(outsider)
    assert (
        client.get(reverse("oversight:deliberation_opinions_detail", args=[opinions.pk])).status_code == 404
    )
    assert opinions.title not in client.get(reverse("oversight:deliberation_opinions_list")).content.decode()


def test_workflow_checks_the_actor_itself(leader, congress, unit):
    activity = make_activity(congress, unit)
    with pytest.raises(Exception) as error:
        workflow.start(activity, actor=leader)
    assert "权限" in str(error.value)


def test_deputy_outside_the_meeting_gets_404_on_cast(deputy, clerk, congress, unit):
    evaluation = _evaluation(congress, clerk, unit, Evaluation.Status.OPEN, "electronic")
    assert (
        client_for(deputy).get(reverse("oversight:cast_evaluation", args=[evaluation.pk])).status_code == 404
    )
