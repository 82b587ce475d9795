"""Secret ballot: an election round's device ballots go into the one ballot box (core.ballot_box),
encrypted on the device; nothing stored links a ballot to the deputy who cast it, and only the
round's totals are ever decrypted."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connection, connections, models, transaction

from core.ballot_box import crypto
from core.models import AuditEntry
from elections import workflow
from elections.models import Participation
from elections.tests.conftest import close_and_count, marks, ready_round, sealed_ballots, vote_all

# Nine different ballots, so a ballot's content would tell which deputy cast it.
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
    vote_all(round_, body, [marks(f, a) for f, a in DISTINCT])


@pytest.mark.django_db
def test_a_participation_says_who_voted_never_when_or_what():
    assert {f.name for f in Participation._meta.concrete_fields} == {"id", "round", "deputy"}
    for field in Participation._meta.concrete_fields:
        assert not isinstance(field, (models.DateField, models.TimeField, models.AutoField))


@pytest.mark.django_db
def test_the_round_stores_ciphertexts_only_and_decrypts_only_the_totals(clerk, body, meeting, election):
    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    _voted(first, body)
    stored = list(sealed_ballots(first))
    assert len(stored) == first.participations.count() == 9
    # A sealed ballot is its box, ciphertexts and proofs: no name, no mark in clear.
    for ballot in stored:
        text = str(ballot.content)
        assert not any(name in text for name in ("甲", "乙", "丙", "for", "against"))
    counted = close_and_count(first, clerk)
    assert counted.status == "closed"
    assert counted.ballot_box.totals == [3, 1, 3, 1, 3, 1]  # per candidate: 赞成, 反对
    assert counted.result["counts"]["甲"] == {"for": 3, "against": 1, "abstain": 5}


@pytest.mark.django_db
def test_casting_writes_no_audit_row(clerk, body, meeting, election):
    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    before = AuditEntry.objects.count()
    _voted(first, body)
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_a_device_ballot_encrypted_in_the_browser_is_accepted_with_its_receipt(
    clerk, body, meeting, election
):
    from core.ballot_box import box as ballot_box

    first = ready_round(election, clerk, body)
    first = workflow.open_round(first, actor=clerk)
    params = ballot_box.device_parameters(first.ballot_box)
    values = [1, 0, 0, 1, 0, 0]  # 赞成甲, 反对乙, 弃权丙
    sealed = crypto.encrypt_ballot(
        crypto.BallotSpec.from_json(params["spec"]),
        bytes.fromhex(params["public_key"]),
        values,
        params["context"],
    )
    fingerprint = workflow.cast(
        first, deputy=body[0], sealed={"box": params["box"], "ballot": sealed.to_json()}
    )
    assert fingerprint == sealed.fingerprint()
    counted = close_and_count(first, clerk)
    assert counted.result["counts"]["乙"] == {"for": 0, "against": 1, "abstain": 0}


@pytest.mark.django_db
def test_a_device_ballot_marking_more_than_the_seats_fails_its_proof(clerk, body, meeting, election):
    from core.ballot_box import box as ballot_box

    first = workflow.open_round(ready_round(election, clerk, body), actor=clerk)
    params = ballot_box.device_parameters(first.ballot_box)
    spec = crypto.BallotSpec.from_json(params["spec"])
    honest = crypto.encrypt_ballot(
        crypto.BallotSpec(spec.slots, spec.sums[:-1]),  # without the at-most-S rule
        bytes.fromhex(params["public_key"]),
        [1, 0, 1, 0, 1, 0],
        params["context"],
    ).to_json()
    honest["sum_proofs"].append(honest["sum_proofs"][0])  # a proof of something else
    with pytest.raises(workflow.TransitionRefused, match="有效性证明未通过验证"):
        workflow.cast(first, deputy=body[0], sealed={"box": params["box"], "ballot": honest})
    assert first.participations.count() == 0
    assert AuditEntry.objects.filter(action="refuse_ballot").count() == 1


@pytest.mark.django_db
def test_a_write_in_on_a_device_ballot_is_sent_to_a_paper_ballot(clerk, body, meeting, election):
    first = workflow.open_round(ready_round(election, clerk, body), actor=clerk)
    with pytest.raises(workflow.BallotInvalid, match="领取纸质选票"):
        workflow.cast(first, deputy=body[0], marks={"甲": "against"}, write_ins=["丁"])
    assert first.participations.count() == 0


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
    first.refresh_from_db()
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
    assert sealed_ballots(first).count() == 1
