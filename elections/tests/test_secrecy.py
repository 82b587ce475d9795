"""Secret ballot (issue item 5): a ballot cannot be joined to the deputy who cast it."""

from __future__ import annotations

import json
import threading
import uuid

import pytest
from django.db import IntegrityError, connection, connections, models, transaction

from core import secret_ballot
from core.models import AuditEntry
from elections import workflow
from elections.models import Ballot, Participation
from elections.tests.conftest import marks, ready_round, vote_all

# Nine different ballots, so a ballot's content tells which deputy cast it in the test.
DISTINCT = [
    (["甲"], []),
    (["乙"], []),
    (["丙"], []),
    (["甲", "乙"], []),
    (["甲", "丙"], []),
    (["乙", "丙"], []),
    ([], ["甲"]),
    ([], ["乙"]),
    ([], ["丙"]),
]


def _voted(round_, body):
    """Deputy i casts DISTINCT[i]; returns the contents in the order they were cast."""
    vote_all(round_, body, [marks(f, a) for f, a in DISTINCT])
    return [{"for": f, "against": a, "write_in": []} for f, a in DISTINCT]


@pytest.mark.django_db
def test_no_column_of_a_ballot_refers_to_a_deputy_or_a_time():
    fields = {f.name: f for f in Ballot._meta.concrete_fields}
    assert set(fields) == {"id", "round", "content"}
    assert isinstance(fields["id"], models.UUIDField)
    for field in Ballot._meta.concrete_fields + Participation._meta.concrete_fields:
        assert not isinstance(field, (models.DateField, models.TimeField, models.AutoField))
    assert {f.name for f in Participation._meta.concrete_fields} == {"id", "round", "deputy"}


@pytest.mark.django_db
def test_secret_election_stored_data_cannot_be_joined_to_voters(clerk, body, meeting, election):
    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    _voted(first, body)
    workflow.close_round(first, actor=clerk)

    ballots = list(Ballot.objects.filter(round=first).values_list("id", "round_id", "content"))
    participations = list(
        Participation.objects.filter(round=first).values_list("id", "round_id", "deputy_id")
    )
    assert len(ballots) == len(participations) == 9
    # Random UUIDs only: nothing sequential to line up.
    assert all(isinstance(row[0], uuid.UUID) and row[0].version == 4 for row in ballots + participations)
    # The only value a ballot row shares with a participation row is the round.
    ballot_values = {str(v) for _id, _r, content in ballots for v in (_id, *content.values())}
    participation_values = {str(v) for _id, _r, deputy in participations for v in (_id, deputy)}
    assert not ballot_values & participation_values
    # Participations are stored by deputy, not in the order of voting.
    stored = [
        d
        for _i, _r, d in Participation.objects.filter(round=first)
        .order_by()
        .values_list("id", "round_id", "deputy_id")
    ]
    assert stored == sorted(d.pk for d in body)
    # Ballots, in id order and in the table's physical order, are not in the order of voting
    # (a chance of 1 in 9! = 362880 that a random order matches).
    cast_order = [{"for": f, "against": a, "write_in": []} for f, a in DISTINCT]
    by_id = [content for _id, _r, content in sorted(ballots, key=lambda row: row[0])]
    assert by_id != cast_order and sorted(map(str, by_id)) == sorted(map(str, cast_order))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT content FROM elections_ballot WHERE round_id = %s ORDER BY ctid", [first.pk]
            )
            physical = [
                json.loads(row[0]) if isinstance(row[0], str) else row[0] for row in cursor.fetchall()
            ]
        assert physical != cast_order
    # Nothing else in the database ties the two: the Ballot model has no relation but its round.
    relations = [f for f in Ballot._meta.concrete_fields if f.is_relation]
    assert [f.related_model.__name__ for f in relations] == ["Round"]


@pytest.mark.django_db
def test_ballots_get_fresh_ids_and_a_new_order_at_close(clerk, body, meeting, election, monkeypatch):
    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    _voted(first, body)
    cast_ids = set(Ballot.objects.filter(round=first).values_list("id", flat=True))
    shuffled = []
    original = secret_ballot._in_random_order

    def spy(rows):
        result = original(rows)
        shuffled.append(result)
        return result

    monkeypatch.setattr(secret_ballot, "_in_random_order", spy)
    workflow.close_round(first, actor=clerk)
    close_ids = set(Ballot.objects.filter(round=first).values_list("id", flat=True))
    assert len(close_ids) == 9 and not cast_ids & close_ids
    assert len(shuffled) == 1  # the rewrite went through the random shuffle


@pytest.mark.django_db
def test_casting_writes_no_audit_row(clerk, body, meeting, election):
    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    before = AuditEntry.objects.count()
    _voted(first, body)
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_the_database_refuses_a_second_participation(clerk, body, meeting, election):
    first = ready_round(election, clerk, body)
    Participation.objects.create(round=first, deputy=body[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(round=first, deputy=body[0])


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_vote_is_stopped_by_the_database(clerk, body, meeting, election):
    if connection.vendor != "postgresql":
        pytest.skip("并发测试需要 PostgreSQL：SQLite 整库加写锁，测不出并发下的约束")
    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    deputy = body[0]
    barrier = threading.Barrier(4)
    outcomes = []

    def attempt():
        try:
            barrier.wait()
            workflow.cast(first, deputy=deputy, marks={"甲": "for"})
            outcomes.append("ok")
        except workflow.AlreadyVoted:
            outcomes.append("already")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["already", "already", "already", "ok"]
    assert Participation.objects.filter(round=first).count() == 1
    assert Ballot.objects.filter(round=first).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_vote_without_the_round_lock_still_hits_the_constraint(
    clerk, body, meeting, election, monkeypatch
):
    """Even if the round row were not locked, the unique constraint alone refuses the second vote."""
    if connection.vendor != "postgresql":
        pytest.skip("并发测试需要 PostgreSQL：SQLite 整库加写锁，测不出并发下的约束")
    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    from django.db.models import QuerySet

    monkeypatch.setattr(QuerySet, "select_for_update", lambda self, *a, **k: self)
    barrier = threading.Barrier(3)
    outcomes = []

    def attempt():
        try:
            barrier.wait()
            workflow.cast(first, deputy=body[1], marks={"乙": "for"})
            outcomes.append("ok")
        except workflow.AlreadyVoted:
            outcomes.append("already")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["already", "already", "ok"]
    assert Ballot.objects.filter(round=first).count() == 1
