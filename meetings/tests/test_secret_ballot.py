"""无记名表决: nobody — staff, admins, anyone reading the database — can link a ballot to a voter."""

import uuid

import pytest
from django.db import connection, models

from core.models import AuditEntry
from meetings import workflow
from meetings.models import Participation, SecretBallot
from meetings.tests.helpers import give_accounts, open_meeting_with, open_vote, sign_in_all

pytestmark = pytest.mark.django_db


def test_the_ballot_table_has_no_column_for_a_voter_or_a_time():
    columns = {field.column: field for field in SecretBallot._meta.concrete_fields}
    assert set(columns) == {"id", "vote_id", "choice"}
    for field in columns.values():
        assert not isinstance(
            field, (models.DateField, models.DateTimeField, models.TimeField, models.AutoField)
        )
        if field.is_relation:
            assert field.related_model._meta.label == "meetings.Vote"
    with connection.cursor() as cursor:  # the database agrees with the model
        described = {
            c.name for c in connection.introspection.get_table_description(cursor, "meetings_secretballot")
        }
    assert described == {"id", "vote_id", "choice"}


def test_participation_of_a_secret_vote_has_no_choice_and_no_time():
    assert {f.column for f in Participation._meta.concrete_fields} == {"id", "vote_id", "deputy_id", "choice"}


@pytest.fixture
def closed_vote_of_30(clerk, congress):
    meeting = open_meeting_with(clerk, congress, 30)
    deputies = give_accounts(meeting)
    sign_in_all(meeting, clerk)
    vote = open_vote(meeting, clerk)
    # The first 15 to vote say yes, the last 15 no: an order that survived would show at once.
    for index, deputy in enumerate(deputies):
        workflow.cast(vote, actor=deputy.user, choice="yes" if index < 15 else "no")
    return vote


def _physical_order(vote):
    with connection.cursor() as cursor:
        cursor.execute("SELECT choice FROM meetings_secretballot WHERE vote_id = %s", [vote.pk])
        return [row[0] for row in cursor.fetchall()]


def test_before_closing_the_ballots_sit_in_casting_order_the_residual_risk(clerk, congress):
    meeting = open_meeting_with(clerk, congress, 30)
    deputies = give_accounts(meeting)
    sign_in_all(meeting, clerk)
    vote = open_vote(meeting, clerk)
    for index, deputy in enumerate(deputies):
        workflow.cast(vote, actor=deputy.user, choice="yes" if index < 15 else "no")
    assert _physical_order(vote) == ["yes"] * 15 + ["no"] * 15  # documented in docs/meetings.md


def test_after_closing_neither_the_ids_nor_the_row_order_follow_the_order_of_voting(clerk, closed_vote_of_30):
    vote = closed_vote_of_30
    workflow.close_vote(vote, actor=clerk)
    casting_order = ["yes"] * 15 + ["no"] * 15  # one in C(30,15) ≈ 1.5e8 shuffles matches by chance
    assert _physical_order(vote) != casting_order
    by_id = list(SecretBallot.objects.filter(vote=vote).order_by("id").values_list("choice", flat=True))
    assert by_id != casting_order
    ids = list(SecretBallot.objects.filter(vote=vote).values_list("id", flat=True))
    assert all(isinstance(i, uuid.UUID) and i.version == 4 for i in ids) and len(set(ids)) == 30
    vote.refresh_from_db()
    assert (vote.yes, vote.no) == (15, 15)


def test_no_audit_entry_records_a_choice_or_a_cast(clerk, closed_vote_of_30):
    workflow.close_vote(closed_vote_of_30, actor=clerk)
    assert not AuditEntry.objects.filter(action__icontains="cast").exists()
    for entry in AuditEntry.objects.exclude(action="close_vote"):
        assert "yes" not in str(entry.changes) and "no'" not in str(entry.changes)


def test_participation_knows_who_voted_but_not_what(closed_vote_of_30):
    assert Participation.objects.filter(vote=closed_vote_of_30).count() == 30
    assert set(Participation.objects.filter(vote=closed_vote_of_30).values_list("choice", flat=True)) == {""}
