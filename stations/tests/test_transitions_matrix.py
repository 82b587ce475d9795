"""TRANSITIONS × personas against a hand-written matrix (and the reception transitions)."""

import pytest

from conftest import client_for
from registry.models import Deputy
from stations import workflow
from stations.models import Message, Reception
from stations.tests.helpers import make_message

pytestmark = pytest.mark.django_db

PERSONAS = [
    "clerk",
    "leader",
    "deputy",
    "station_staff",
    "other_station_staff",
    "unit_handler",
    "other_unit_handler",
    "outsider",
]
HANDLERS = {"deputy", "station_staff"}  # the addressed deputy and the station's own staff
EXPECTED = {
    "assign": HANDLERS,
    "answer_on_spot": HANDLERS,
    "hand_to_subdistrict": HANDLERS,
    "forward_to_office": HANDLERS,
    "convert_to_suggestion": HANDLERS,
    "decline": HANDLERS,
    "refer": {"clerk"},
    "send_back": {"unit_handler"},
    "reply": {"unit_handler"},
}
SOURCE = {
    "refer": Message.Status.AWAITING_REFERRAL,
    "send_back": Message.Status.REFERRED,
    "reply": Message.Status.REFERRED,
}
RECEPTION_EXPECTED = {"record": {"clerk", "station_staff"}, "cancel": {"clerk", "station_staff"}}


def test_every_transition_is_in_the_matrix():
    # refer_to_body is started from the referrals app (referrals/tests/test_refer.py)
    assert set(workflow.TRANSITIONS) - {"rate", "refer_to_body"} == set(EXPECTED)
    assert set(workflow.RECEPTION_TRANSITIONS) == set(RECEPTION_EXPECTED)


@pytest.fixture
def people(
    request,
    clerk,
    leader,
    deputy,
    station_staff,
    other_station_staff,
    unit_handler,
    other_unit_handler,
    outsider,
):
    return {name: request.getfixturevalue(name) for name in PERSONAS}


@pytest.mark.parametrize("verb", sorted(EXPECTED))
def test_matrix(verb, people, station, unit):
    message = make_message(station, deputy=Deputy.objects.get(user=people["deputy"]))
    Message.objects.filter(pk=message.pk).update(
        status=SOURCE.get(verb, Message.Status.RECEIVED),
        unit=unit if verb in ("send_back", "reply") else None,
    )
    message.refresh_from_db()
    for name, user in people.items():
        allowed = verb in workflow.allowed_actions(message, user)
        assert allowed == (name in EXPECTED[verb]), (verb, name)
        if not allowed:
            response = client_for(user).post(f"/stations/messages/{message.pk}/{verb.replace('_', '-')}/", {})
            assert response.status_code in (403, 404), (verb, name, response.status_code)
            message.refresh_from_db()
            assert message.status == SOURCE.get(verb, Message.Status.RECEIVED)


@pytest.mark.parametrize("verb", sorted(RECEPTION_EXPECTED))
def test_reception_matrix(verb, people, station):
    import datetime as dt

    reception = Reception.objects.create(
        congress=station.congress,
        station=station,
        date=dt.date(2026, 1, 5),
        starts_at=dt.time(9),
        ends_at=dt.time(11),
    )
    for name, user in people.items():
        assert (verb in workflow.allowed_actions(reception, user)) == (name in RECEPTION_EXPECTED[verb]), (
            verb,
            name,
        )


def test_a_closed_message_offers_nothing(people, station):
    message = make_message(station)
    Message.objects.filter(pk=message.pk).update(status=Message.Status.CLOSED)
    message.refresh_from_db()
    for user in people.values():
        assert workflow.allowed_actions(message, user) == []


def test_the_anonymous_citizen_has_no_staff_actions(station):
    from django.contrib.auth.models import AnonymousUser

    message = make_message(station)
    assert workflow.allowed_actions(message, AnonymousUser()) == []
