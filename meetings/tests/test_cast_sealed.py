"""A secret ballot encrypted on the device: stored as a ciphertext; bad ones refused in Chinese,
nothing stored, nothing counted, the attempt audited without its content."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from core.ballot_box import box as ballot_box
from core.ballot_box import crypto, testing
from core.models import AuditEntry
from meetings import device_api, workflow
from meetings.models import Participation
from meetings.tests.helpers import (
    close_and_count,
    decrypt,
    give_accounts,
    open_meeting_with,
    open_vote,
    sealed_ballots,
    sign_in_all,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(clerk, congress):
    meeting = open_meeting_with(clerk, congress, 5)
    deputies = give_accounts(meeting)
    sign_in_all(meeting, clerk)
    return open_vote(meeting, clerk), [d.user for d in deputies]


def seal(vote, choice):
    """What the deputy's device sends (core/static/core/ballot_box.js does the same in the browser)."""
    vote.refresh_from_db()
    params = ballot_box.device_parameters(vote.ballot_box)
    values = [int(value == choice) for value in ("yes", "no", "abstain")]
    spec = crypto.BallotSpec.from_json(params["spec"])
    ballot = crypto.encrypt_ballot(spec, bytes.fromhex(params["public_key"]), values, params["context"])
    return {"box": params["box"], "ballot": ballot.to_json()}


def send(vote, user, sealed):
    return Client().post(
        reverse("meetings:api_cast", args=[vote.pk]),
        json.dumps({"sealed": sealed}),
        content_type="application/json",
        headers={"X-Ballot-Token": device_api.issue_ballot_token(user.pk, vote.meeting_id)},
    )


def refusals():
    return list(
        AuditEntry.objects.filter(action="refuse_ballot").order_by("seq").values_list("note", flat=True)
    )


def assert_refused_and_audited(response, vote, reason, stored=0):
    assert response.status_code == 409
    assert reason in response.json()["error"]
    assert sealed_ballots(vote).count() == stored
    assert Participation.objects.filter(vote=vote).count() == stored
    notes = refusals()
    assert notes and reason in notes[-1]
    assert "ciphertexts" not in json.dumps(list(AuditEntry.objects.values("changes", "note")))


def test_a_device_encrypted_ballot_is_stored_and_counted_with_a_receipt(clerk, hall):
    vote, users = hall
    answers = [
        send(vote, user, seal(vote, choice))
        for user, choice in zip(users, ["yes", "yes", "no", "abstain"], strict=False)
    ]
    assert [a.status_code for a in answers] == [200] * 4
    fingerprints = set(sealed_ballots(vote).values_list("fingerprint", flat=True))
    assert {a.json()["fingerprint"] for a in answers} == fingerprints
    assert answers[0].json()["receipt"] == crypto.receipt(answers[0].json()["fingerprint"])
    vote = close_and_count(vote, clerk)
    assert (vote.yes, vote.no, vote.abstain, vote.not_voted) == (2, 1, 1, 1)


def test_a_malformed_ciphertext_is_refused(hall):
    vote, users = hall
    sealed = seal(vote, "yes")
    sealed["ballot"]["ciphertexts"][0][0] = "ff" * 32
    assert_refused_and_audited(send(vote, users[0], sealed), vote, "密文不是有效的群元素")


def test_a_ballot_whose_proof_fails_is_refused(hall):
    vote, users = hall
    sealed = seal(vote, "yes")
    sealed["ballot"]["ciphertexts"][0], sealed["ballot"]["ciphertexts"][1] = (
        sealed["ballot"]["ciphertexts"][1],
        sealed["ballot"]["ciphertexts"][0],
    )
    assert_refused_and_audited(send(vote, users[0], sealed), vote, "有效性证明未通过验证")


def test_a_ballot_replayed_by_another_deputy_is_refused(hall):
    vote, users = hall
    sealed = seal(vote, "no")
    assert send(vote, users[0], sealed).status_code == 200
    assert_refused_and_audited(send(vote, users[1], sealed), vote, "重放的选票", stored=1)


def test_a_second_ballot_is_refused(hall):
    vote, users = hall
    assert send(vote, users[0], seal(vote, "no")).status_code == 200
    assert_refused_and_audited(send(vote, users[0], seal(vote, "yes")), vote, "您已投票", stored=1)


def test_a_ballot_of_another_vote_is_refused(clerk, hall):
    vote, users = hall
    foreign = seal(vote, "yes")
    close_and_count(vote, clerk)
    second = open_vote(vote.meeting, clerk, title="第二项决议")
    assert_refused_and_audited(send(second, users[0], foreign), second, "不属于本项表决")
    foreign["box"] = str(second.ballot_box_id)  # relabelled: its proofs are bound to the first box
    assert_refused_and_audited(send(second, users[0], foreign), second, "有效性证明未通过验证")


def test_a_ballot_for_a_closed_vote_is_refused(clerk, hall):
    vote, users = hall
    sealed = seal(vote, "yes")
    workflow.close_vote(vote, actor=clerk)
    response = send(vote, users[0], sealed)
    assert response.status_code == 409 and "不在电子表决中" in response.json()["error"]
    assert not sealed_ballots(vote).exists() and not Participation.objects.filter(vote=vote).exists()


def test_a_tellers_wrong_key_share_is_refused_and_changes_nothing(clerk, hall):
    vote, users = hall
    send(vote, users[0], seal(vote, "yes"))
    vote = workflow.close_vote(vote, actor=clerk)
    _good, other = testing.decryption_shares(vote.ballot_box, (1, 2))
    forged = dict(other, teller=1)  # teller 2's share passed off as teller 1's
    with pytest.raises(workflow.TransitionRefused, match="与该计票人的密钥不符"):
        workflow.submit_decryption_share(vote, actor=clerk, document=forged)
    assert "与该计票人的密钥不符" in AuditEntry.objects.get(action="refuse_decryption_share").note
    vote.refresh_from_db()
    assert vote.status == "counting" and vote.ballot_box.decryption_shares == []
    with pytest.raises(workflow.TransitionRefused, match="格式有误"):
        workflow.submit_decryption_share(vote, actor=clerk, document={"teller": 1})
    vote = decrypt(vote, clerk)
    assert (vote.status, vote.yes) == ("closed", 1)


def test_one_teller_alone_cannot_decrypt(clerk, hall):
    vote, users = hall
    send(vote, users[0], seal(vote, "yes"))
    vote = workflow.close_vote(vote, actor=clerk)
    (share,) = testing.decryption_shares(vote.ballot_box, (3,))
    vote = workflow.submit_decryption_share(vote, actor=clerk, document=share)
    vote.refresh_from_db()
    assert vote.status == "counting" and vote.yes is None and vote.ballot_box.totals is None


def test_the_device_page_shows_the_key_fingerprint_the_tellers_announced(clerk, deputy, congress):
    from conftest import client_for

    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    vote = open_vote(meeting, clerk)
    vote.refresh_from_db()
    page = client_for(deputy).get(f"/meetings/{meeting.pk}/device/").content.decode()
    assert f"计票人公钥指纹：{vote.ballot_box.key.fingerprint}" in page
    assert 'id="ballot-params"' in page
