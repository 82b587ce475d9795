"""TRANSITIONS × personas: who may do what, against a hand-written matrix (buttons and POSTs)."""

import pytest

from conftest import client_for
from suggestions import workflow
from suggestions.models import Suggestion
from suggestions.tests import factories as f

PERSONAS = [
    "clerk",
    "leader",
    "deputy",
    "co_signer",
    "unit_handler",
    "other_unit_handler",
    "station_staff",
    "outsider",
    "citizen",
]

# verb → personas allowed (everyone else must be refused)
EXPECTED = {
    "save_draft": {"clerk", "deputy"},
    "co_sign": {"co_signer"},
    "decline_co_sign": {"co_signer"},
    "submit": {"clerk", "deputy"},
    "decide": {"clerk"},
    "convert_to_suggestion": {"clerk"},
    "send_back_to_deputy": {"clerk"},
    "register": {"clerk"},
    "merge": {"clerk"},
    "link": {"clerk"},
    "assign": {"clerk"},
    "accept": {"unit_handler"},
    "send_back": {"unit_handler"},
    "contact": {"unit_handler"},
    "submit_opinion": {"unit_handler"},
    "request_extension": {"unit_handler"},
    "extend": {"clerk"},
    "reply": {"unit_handler"},
    "feedback": {"deputy"},
    "rehandle": {"clerk"},
    "close": {"clerk"},
    "priority": {"clerk"},
    "supervise": {"clerk", "leader"},
    "publish": {"clerk"},
    "follow_up_review": {"clerk"},
    "correct": {"clerk"},
    "transfer": set(),  # the receiving body's office, through the referral (referrals/tests)
}


def test_matrix_covers_every_transition():
    assert set(EXPECTED) == set(workflow.TRANSITIONS)


def build(verb, p):
    """A suggestion in a source status of ``verb``, involving the personas p."""
    c, d, clerk, unit, handler = p["congress"], p["deputy"], p["clerk"], p["unit"], p["unit_handler"]
    if verb in ("save_draft", "co_sign", "decline_co_sign", "submit"):
        s = f.draft(c, d)
        workflow.save_draft(actor=d, suggestion=s, co_signer_ids=[p["co_signer"].deputy.pk])
        return s
    if verb in ("decide", "convert_to_suggestion"):
        c.settings = {"suggestions": {"motion_min_deputies": 2}}
        c.save()
        s = f.draft(c, d, kind="motion")
        workflow.save_draft(
            actor=d,
            suggestion=s,
            co_signer_ids=[p["co_signer"].deputy.pk],
            motion_reason="由",
            motion_basis="据",
            motion_plan="方案",
        )
        workflow.co_sign(actor=p["co_signer"], suggestion=s)
        return workflow.submit(actor=d, suggestion=s)
    if verb in ("send_back_to_deputy", "register", "merge"):
        f.submitted(c, d, title="另一件建议")
        return f.submitted(c, d)
    if verb in ("link", "assign", "priority", "correct", "transfer"):
        f.submitted(c, d, title="另一件建议")
        return f.registered(c, d, clerk)
    if verb in ("accept", "send_back", "extend"):
        return f.assigned(c, d, clerk, unit)
    if verb in ("contact", "request_extension", "reply"):
        return f.accepted(c, d, clerk, unit, handler)
    if verb == "submit_opinion":
        s = f.registered(c, d, clerk)
        workflow.assign(
            actor=clerk, suggestion=s, mode="lead", units=[p["other_unit"]], assisting_units=[unit]
        )
        return workflow.accept(actor=handler, suggestion=s)
    if verb in ("feedback", "close"):
        return f.replied(c, d, clerk, unit, handler)
    if verb == "rehandle":
        s = f.replied(c, d, clerk, unit, handler)
        workflow.feedback(actor=d, suggestion=s, rating="dissatisfied", comment="未解决")
        return s
    if verb == "supervise":
        s = f.assigned(c, d, clerk, unit)
        return workflow.priority(actor=clerk, suggestion=s, supervising_leader=p["leader"])
    if verb in ("publish", "follow_up_review"):
        s = f.replied(c, d, clerk, unit, handler, category="B")
        workflow.feedback(actor=d, suggestion=s, rating="satisfied")
        return Suggestion.objects.get(pk=s.pk)
    raise AssertionError(verb)


@pytest.fixture
def people(
    congress,
    clerk,
    leader,
    deputy,
    co_signer,
    unit,
    other_unit,
    unit_handler,
    other_unit_handler,
    station_staff,
    outsider,
):
    return locals()


@pytest.mark.parametrize("verb", sorted(EXPECTED))
def test_transition_matrix(verb, people):
    s = build(verb, people)
    s = Suggestion.objects.get(pk=s.pk)
    assert s.status in workflow.TRANSITIONS[verb][0]
    for persona in PERSONAS:
        user = people.get(persona)
        allowed = verb in workflow.allowed_actions(s, user) if user is not None else False
        assert allowed == (persona in EXPECTED[verb]), (verb, persona)
        if allowed or verb == "save_draft":
            continue
        before = (s.status, s.updated_at)
        response = client_for(user).post(f"/suggestions/{s.pk}/{verb}/", {"reason": "x", "number": "5"})
        assert response.status_code in (302, 403, 404), (verb, persona, response.status_code)
        if response.status_code == 302:
            assert persona == "citizen" and "/accounts/login/" in response["Location"]
        s.refresh_from_db()
        assert (s.status, s.updated_at) == before, (verb, persona)


def test_wrong_status_is_refused(congress, clerk, deputy):
    s = f.draft(congress, deputy)
    with pytest.raises(workflow.TransitionRefused):
        workflow.register(actor=clerk, suggestion=s)
