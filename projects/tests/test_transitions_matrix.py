"""TRANSITIONS × personas against a hand-written matrix: who may do each verb (in its source status)."""

from __future__ import annotations

import datetime as dt

import pytest

from projects import permissions as perms
from projects.models import Project, SupervisionActivity
from projects.workflow import TRANSITIONS

pytestmark = pytest.mark.django_db

PERSONAS = [
    "clerk",
    "leader",
    "deputy",
    "unit_handler",
    "other_unit_handler",
    "screener",
    "outsider",
    "citizen",
]

# verb → personas allowed ("unit_handler" is the lead unit's handler)
EXPECTED = {
    "close_call": {"clerk"},
    "lock_candidates": {"clerk"},
    "submit_candidates": {"clerk"},
    "announce_result": {"clerk"},
    "merge": {"clerk"},
    "decline": {"clerk", "screener"},
    "take": {"clerk", "screener"},
    "open_ballot": {"clerk"},
    "close_ballot": {"clerk"},
    "count_ballot": {"clerk"},
    "confirm_group": {"clerk"},
    "send_findings": {"clerk"},
    "reply": {"unit_handler"},
    "open_evaluation": {"clerk"},
    "close_evaluation": {"clerk"},
    "submit_decryption_share": {"clerk"},
    "count_evaluation": {"clerk"},
}


def test_the_matrix_covers_every_transition():
    assert set(EXPECTED) == set(TRANSITIONS)


@pytest.fixture
def objects(locked_call, clerk, proposals):
    project = Project.objects.filter(call=locked_call).first()
    activity = SupervisionActivity.objects.create(
        project=project, held_on=dt.date(2026, 5, 1), findings="问题", recorded_by=clerk
    )
    return {"call": locked_call, "proposal": proposals[0], "project": project, "activity": activity}


def check(verb, user, o):
    congress = o["call"].congress
    return {
        "close_call": lambda: perms.can_close_call(user, o["call"]),
        "lock_candidates": lambda: perms.can_lock_candidates(user, o["call"]),
        "submit_candidates": lambda: perms.can_submit_candidates(user, o["call"]),
        "announce_result": lambda: perms.can_announce_result(user, o["call"]),
        "merge": lambda: perms.can_merge(user, o["proposal"]),
        "decline": lambda: perms.can_decline(user, o["proposal"]),
        "take": lambda: perms.can_draw_up(user, o["call"]),
        "confirm_group": lambda: perms.can_confirm_group(user, o["project"]),
        "send_findings": lambda: perms.can_send_findings(user, o["activity"]),
        "reply": lambda: perms.can_reply(user, o["activity"]),
    }.get(verb, lambda: perms.can_run_ballot(user, congress.pk))()


@pytest.mark.parametrize("persona", PERSONAS)
def test_transitions_by_persona(request, persona, objects):
    user = None if persona == "citizen" else request.getfixturevalue(persona)
    allowed = {verb for verb in TRANSITIONS if check(verb, user, objects)}
    assert allowed == {verb for verb, who in EXPECTED.items() if persona in who}
