"""无记名表决: the database holds who voted and, apart from it, ciphertexts only; only totals are decrypted."""

import json
import uuid

import pytest
from django.db import connection, models

from core.ballot_box.models import SealedBallot
from core.models import AuditEntry
from meetings import workflow
from meetings.models import Participation
from meetings.tests.helpers import (
    close_and_count,
    give_accounts,
    open_meeting_with,
    open_vote,
    sealed_ballots,
    sign_in_all,
)

pytestmark = pytest.mark.django_db


def test_the_ballot_table_has_no_column_for_a_voter_or_a_time():
    columns = {field.column: field for field in SealedBallot._meta.concrete_fields}
    assert set(columns) == {"id", "box_id", "fingerprint", "content"}
    for field in columns.values():
        assert not isinstance(
            field, (models.DateField, models.DateTimeField, models.TimeField, models.AutoField)
        )
        if field.is_relation:
            assert field.related_model._meta.label == "core.BallotBox"
    with connection.cursor() as cursor:  # the database agrees with the model
        described = {
            c.name for c in connection.introspection.get_table_description(cursor, "core_sealedballot")
        }
    assert described == set(columns)


def test_participation_of_a_secret_vote_has_no_choice_and_no_time():
    assert {f.column for f in Participation._meta.concrete_fields} == {"id", "vote_id", "deputy_id", "choice"}


@pytest.fixture
def vote_of_30(clerk, congress):
    meeting = open_meeting_with(clerk, congress, 30)
    deputies = give_accounts(meeting)
    sign_in_all(meeting, clerk)
    vote = open_vote(meeting, clerk)
    for index, deputy in enumerate(deputies):
        workflow.cast(vote, actor=deputy.user, choice="yes" if index < 15 else "no")
    return vote


def test_the_stored_ballots_are_ciphertexts_with_random_ids(vote_of_30):
    ballots = list(sealed_ballots(vote_of_30))
    assert len(ballots) == 30
    assert all(isinstance(b.id, uuid.UUID) and b.id.version == 4 for b in ballots)
    dumped = json.dumps([b.content for b in ballots])
    assert "yes" not in dumped and "赞成" not in dumped
    # Two ballots with the same choice share no bytes that would say so.
    first, second = ballots[0].content["ciphertexts"], ballots[1].content["ciphertexts"]
    assert not set(map(tuple, first)) & set(map(tuple, second))


def test_the_tellers_decrypt_the_totals_only(clerk, vote_of_30):
    vote = close_and_count(vote_of_30, clerk)
    assert (vote.yes, vote.no, vote.abstain, vote.status) == (15, 15, 0, "closed")
    assert vote.ballot_box.totals == [15, 15, 0]


def test_no_audit_entry_records_a_choice_or_a_cast(clerk, vote_of_30):
    close_and_count(vote_of_30, clerk)
    assert not AuditEntry.objects.filter(action__icontains="cast").exists()
    for entry in AuditEntry.objects.exclude(action__in=["close_vote", "submit_decryption_share"]):
        assert "yes" not in str(entry.changes) and "no'" not in str(entry.changes)


def test_participation_knows_who_voted_but_not_what(vote_of_30):
    assert Participation.objects.filter(vote=vote_of_30).count() == 30
    assert set(Participation.objects.filter(vote=vote_of_30).values_list("choice", flat=True)) == {""}
