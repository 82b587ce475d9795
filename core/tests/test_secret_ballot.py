"""core.secret_ballot: nothing stored lets anyone link a ballot to the deputy who cast it."""

import uuid

import pytest
from django.apps import apps
from django.db import connection, models

from conftest import make_deputy
from core import secret_ballot
from core.secret_ballot import AnonymousBallot
from elections.models import Ballot, Election, OfficeGroup, Participation, Round
from meetings.models import Participation as VoteParticipation
from meetings.models import SecretBallot, Vote
from meetings.tests.helpers import make_meeting

pytestmark = pytest.mark.django_db

# The first 15 to vote say yes, the last 15 no: one in C(30,15) ≈ 1.5e8 shuffles keeps that order.
CASTING_ORDER = ["yes"] * 15 + ["no"] * 15


class AlreadyVoted(Exception):
    pass


@pytest.fixture
def meeting(congress, term):
    return make_meeting(congress)


@pytest.fixture
def vote(congress, meeting):
    return Vote.objects.create(congress=congress, meeting=meeting, title="关于某某报告的决议")


@pytest.fixture
def round_(congress, meeting):
    election = Election.objects.create(congress=congress, meeting=meeting, title="选举常委会副主任")
    group = OfficeGroup.objects.create(election=election, office="vice_head", post="常委会副主任", seats=1)
    return Round.objects.create(office_group=group, number=1, seats=1)


def _physical_order(model, poll_column: str, poll_id, column: str) -> list:
    """The rows as the table stores them: what a reader of the database files sees."""
    physical = "ctid" if connection.vendor == "postgresql" else "rowid"
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM {table} WHERE {poll_column} = %s ORDER BY {physical}", [poll_id]
        )
        return [row[0] for row in cursor.fetchall()]


def _cast_in_order(vote, choices):
    for choice in choices:
        SecretBallot.objects.create(vote=vote, choice=choice)


def test_every_anonymous_ballot_model_holds_a_random_id_its_poll_and_its_content_only():
    ballot_models = {m._meta.label for m in apps.get_models() if issubclass(m, AnonymousBallot)}
    assert ballot_models == {
        "meetings.SecretBallot",
        "elections.Ballot",
        "projects.Ballot",
        "projects.EvaluationBallot",
        "oversight.EvaluationBallot",
    }
    for model in (m for m in apps.get_models() if issubclass(m, AnonymousBallot)):
        fields = model._meta.concrete_fields
        assert isinstance(model._meta.pk, models.UUIDField) and model._meta.pk.default is uuid.uuid4
        assert not any(isinstance(f, (models.DateField, models.TimeField, models.AutoField)) for f in fields)
        assert len([f for f in fields if f.is_relation]) == 1  # the poll: no voter, no user


def test_shuffle_keeps_every_ballot_under_a_fresh_random_id(vote):
    _cast_in_order(vote, CASTING_ORDER)
    cast_ids = set(vote.secret_ballots.values_list("id", flat=True))

    secret_ballot.shuffle_ballots(vote.secret_ballots)

    assert sorted(vote.secret_ballots.values_list("choice", flat=True)) == sorted(CASTING_ORDER)
    ids = set(vote.secret_ballots.values_list("id", flat=True))
    assert len(ids) == 30 and not ids & cast_ids
    assert all(i.version == 4 for i in ids)


def test_after_the_shuffle_the_table_order_no_longer_follows_the_order_of_voting(vote):
    _cast_in_order(vote, CASTING_ORDER)
    assert _physical_order(SecretBallot, "vote_id", vote.pk, "choice") == CASTING_ORDER  # the risk it removes

    secret_ballot.shuffle_ballots(vote.secret_ballots)

    assert _physical_order(SecretBallot, "vote_id", vote.pk, "choice") != CASTING_ORDER
    assert list(vote.secret_ballots.order_by("id").values_list("choice", flat=True)) != CASTING_ORDER


def test_shuffle_leaves_the_ballots_of_other_polls_alone(congress, meeting, vote):
    other = Vote.objects.create(congress=congress, meeting=meeting, title="另一项决议")
    _cast_in_order(other, ["no", "abstain"])
    before = set(other.secret_ballots.values_list("id", "choice"))
    _cast_in_order(vote, ["yes"])

    secret_ballot.shuffle_ballots(vote.secret_ballots)

    assert set(other.secret_ballots.values_list("id", "choice")) == before


def test_shuffle_copies_a_structured_content(round_):
    contents = [{"for": [name], "against": [], "write_in": []} for name in "甲乙丙丁戊己庚辛"]
    for content in contents:
        Ballot.objects.create(round=round_, content=content)

    secret_ballot.shuffle_ballots(round_.ballots)

    assert sorted(map(str, round_.ballots.values_list("content", flat=True))) == sorted(map(str, contents))


def test_given_rows_replace_the_ballots(round_):
    """Paper sheets as the tellers entered them become the ballots, in random order too."""
    Ballot.objects.create(round=round_, content={"for": ["甲"], "against": [], "write_in": []})
    sheets = [{"for": [], "against": ["乙"], "write_in": []}, {"for": ["丙"], "against": [], "write_in": []}]

    secret_ballot.shuffle_ballots(round_.ballots, [{"content": c} for c in sheets])

    assert sorted(map(str, round_.ballots.values_list("content", flat=True))) == sorted(map(str, sheets))


def test_participations_are_rewritten_in_deputy_order_under_fresh_ids(congress, round_):
    deputies = [make_deputy(congress) for _ in range(6)]
    for deputy in reversed(deputies):  # the last deputy votes first
        Participation.objects.create(round=round_, deputy=deputy)
    cast_ids = set(round_.participations.values_list("id", flat=True))

    secret_ballot.rewrite_participations(round_.participations)

    assert _physical_order(Participation, "round_id", round_.pk, "deputy_id") == [d.pk for d in deputies]
    ids = set(round_.participations.values_list("id", flat=True))
    assert len(ids) == 6 and not ids & cast_ids


def test_cast_records_the_participation_and_an_unlinked_ballot(congress, vote):
    deputy = make_deputy(congress)

    secret_ballot.cast(
        vote.participations, vote.secret_ballots, deputy=deputy, already_voted=AlreadyVoted(), choice="yes"
    )

    assert list(VoteParticipation.objects.filter(vote=vote).values_list("deputy_id", "choice")) == [
        (deputy.pk, "")
    ]
    assert list(vote.secret_ballots.values_list("choice", flat=True)) == ["yes"]


def test_a_second_cast_raises_already_voted_and_stores_no_second_ballot(congress, vote):
    deputy = make_deputy(congress)
    secret_ballot.cast(
        vote.participations, vote.secret_ballots, deputy=deputy, already_voted=AlreadyVoted(), choice="yes"
    )

    with pytest.raises(AlreadyVoted):
        secret_ballot.cast(
            vote.participations, vote.secret_ballots, deputy=deputy, already_voted=AlreadyVoted(), choice="no"
        )

    assert list(vote.secret_ballots.values_list("choice", flat=True)) == ["yes"]
    assert vote.participations.count() == 1
