"""Matters tied at the last place are voted again among exactly them (组织法 29 by analogy): the
office starts that 票选 in one step, with the same tellers and, by default, the same members present."""

from __future__ import annotations

import pytest

from conftest import client_for
from core.ballot_box import testing
from core.models import AuditEntry
from councils import workflow
from councils.models import CouncilBallot

pytestmark = pytest.mark.django_db

MATTERS = "青云路口加装红绿灯\n背街小巷路灯修复\n社区食堂延长供餐时间"


@pytest.fixture
def plurality(council):
    """This council adopts 2 matters by most votes (no minimum), so a tie for the second is easy to see."""
    council.settings = {"councils": {"adopt": 2, "threshold": "plurality"}}
    council.save(update_fields=["settings"])
    return council


def _counted_paper_ballot(clerk, teller, voters, sheets, *, returned=6):
    response = clerk.post(
        "/councils/new/",
        {
            "title": "2026年第一季度民生事项票选",
            "held_on": "2026-03-02",
            "method": "paper",
            "matters": MATTERS,
            "tellers": [u.pk for u in (clerk.user, teller.user)],
        },
    )
    assert response.status_code == 302
    ballot = CouncilBallot.objects.latest("pk")
    _vote_on_paper(clerk, teller, ballot, voters, sheets, returned=returned)
    return ballot


def _vote_on_paper(clerk, teller, ballot, voters, sheets, *, returned=6):
    if ballot.status == "draft":
        present = [m.pk for m in voters.values()]
        assert clerk.post(f"/councils/{ballot.pk}/open/", {"present": present}).status_code == 302
    closing = {"ballots_issued": 6, "ballots_returned": returned, "confirmed": "yes"}
    assert clerk.post(f"/councils/{ballot.pk}/close/", closing).status_code == 302
    for who in (clerk, teller):
        assert who.post(f"/councils/{ballot.pk}/sheets/", {"first": 1, "text": sheets}).status_code == 302
    assert clerk.post(f"/councils/{ballot.pk}/count/", {"confirmed": "yes"}).status_code == 302
    ballot.refresh_from_db()
    return ballot


@pytest.fixture
def clerk(council_clerk):
    client = client_for(council_clerk)
    client.user = council_clerk
    return client


@pytest.fixture
def teller(council_teller):
    client = client_for(council_teller)
    client.user = council_teller
    return client


TIED = "1 2\n1 3\n1 2\n1 3\n1\n2 3"  # 红绿灯 5; 路灯 3 and 食堂 3 tie for the second place


def test_a_tie_for_the_last_place_opens_the_revote_among_the_tied_matters_in_one_step(
    plurality, clerk, teller, voters
):
    ballot = _counted_paper_ballot(clerk, teller, voters, TIED)
    assert ballot.result["adopted"] == ["青云路口加装红绿灯"]
    assert ballot.result["tied"] == ["背街小巷路灯修复", "社区食堂延长供餐时间"]
    page = clerk.get(f"/councils/{ballot.pk}/").content.decode()
    assert "对票数相等的事项再次票选" in page and "背街小巷路灯修复、社区食堂延长供餐时间 票数相等" in page

    asked = clerk.post(f"/councils/{ballot.pk}/revote/")
    assert asked.status_code == 200 and not CouncilBallot.objects.filter(follows=ballot).exists()
    response = clerk.post(f"/councils/{ballot.pk}/revote/", {"confirmed": "yes"})
    follow_up = CouncilBallot.objects.get(follows=ballot)
    assert response.status_code == 302 and response["Location"] == f"/councils/{follow_up.pk}/"
    assert follow_up.status == "open" and follow_up.method == "paper"
    assert follow_up.candidates == ["背街小巷路灯修复", "社区食堂延长供餐时间"]
    assert follow_up.adopt == 1 and follow_up.settings["threshold"] == "plurality"
    assert follow_up.present == 6 and sorted(follow_up.issued_to) == sorted(m.pk for m in voters.values())
    assert set(follow_up.tellers.all()) == {clerk.user, teller.user}
    assert AuditEntry.objects.filter(action="revote", actor_id=clerk.user.pk).count() == 1

    again = clerk.post(f"/councils/{ballot.pk}/revote/", {"confirmed": "yes"}, follow=True)
    assert "已经安排了再次票选" in again.content.decode()
    assert CouncilBallot.objects.filter(follows=ballot).count() == 1

    follow_up = _vote_on_paper(clerk, teller, follow_up, voters, "1\n1\n2\n1\n1\n2")
    assert follow_up.result["adopted"] == ["背街小巷路灯修复"]
    assert "再次票选" in clerk.get(f"/councils/{ballot.pk}/").content.decode()

    for published in (ballot, follow_up):
        assert clerk.post(f"/councils/{published.pk}/publish/", {"confirmed": "yes"}).status_code == 302
    code = ballot.congress.code
    public = client_for(None).get(f"/p/{code}/councils/{ballot.pk}/").content.decode()
    assert f"/p/{code}/councils/{follow_up.pk}/" in public and "再次票选结果" in public
    public_revote = client_for(None).get(f"/p/{code}/councils/{follow_up.pk}/").content.decode()
    assert f"/p/{code}/councils/{ballot.pk}/" in public_revote


def _counted_phone_tie(council, clerk, voters):
    response = clerk.post(
        "/councils/new/",
        {"title": "手机票选", "held_on": "2026-03-02", "method": "electronic", "matters": MATTERS},
    )
    assert response.status_code == 302
    ballot = CouncilBallot.objects.get()
    testing.register_key(workflow.key_owner(ballot.pk), council.pk, actor=clerk.user)
    present = [voters[k] for k in ("zhou", "chen", "lin", "wang")]
    assert clerk.post(f"/councils/{ballot.pk}/open/", {"present": [m.pk for m in present]}).status_code == 302
    for member, picked in zip(present, (["1", "2"], ["1", "3"], ["1"], ["2", "3"]), strict=True):
        voted = client_for(member.user).post(
            f"/councils/vote/{ballot.pk}/", {"pick": picked, "confirmed": "yes"}
        )
        assert voted.status_code == 302
    assert clerk.post(f"/councils/{ballot.pk}/close/", {"confirmed": "yes"}).status_code == 302
    ballot.refresh_from_db()
    for share in testing.decryption_shares(ballot.ballot_box):
        workflow.submit_decryption_share(ballot, actor=clerk.user, document=share)
    ballot.refresh_from_db()
    assert ballot.result["tied"] == ["背街小巷路灯修复", "社区食堂延长供餐时间"]
    return ballot


def test_a_phone_revote_uses_the_tellers_key_of_the_ballot_it_follows(plurality, council, clerk, voters):
    ballot = _counted_phone_tie(council, clerk, voters)
    assert clerk.post(f"/councils/{ballot.pk}/revote/", {"confirmed": "yes"}).status_code == 302
    follow_up = CouncilBallot.objects.get(follows=ballot)
    assert follow_up.status == "open" and follow_up.ballot_box.key == ballot.ballot_box.key
    assert follow_up.issued_to == ballot.issued_to
    vote = client_for(voters["zhou"].user).post(
        f"/councils/vote/{follow_up.pk}/", {"pick": ["2"], "confirmed": "yes"}
    )
    assert vote.status_code == 302
    assert clerk.post(f"/councils/{follow_up.pk}/close/", {"confirmed": "yes"}).status_code == 302
    follow_up.refresh_from_db()
    for share in testing.decryption_shares(follow_up.ballot_box):
        workflow.submit_decryption_share(follow_up, actor=clerk.user, document=share)
    follow_up.refresh_from_db()
    assert follow_up.status == "closed" and follow_up.result["adopted"] == ["社区食堂延长供餐时间"]


def test_a_council_that_holds_revotes_later_gets_a_draft_with_the_members_present_ticked(
    plurality, council, clerk, teller, voters
):
    council.settings["councils"]["tie_revote"] = "later"
    council.save(update_fields=["settings"])
    ballot = _counted_paper_ballot(clerk, teller, voters, TIED)
    assert clerk.post(f"/councils/{ballot.pk}/revote/", {"confirmed": "yes"}).status_code == 302
    follow_up = CouncilBallot.objects.get(follows=ballot)
    assert follow_up.status == "draft" and follow_up.candidates == ballot.result["tied"]
    page = clerk.get(f"/councils/{follow_up.pk}/").content.decode()
    assert page.count("checked") >= len(voters) and "再次票选" in page


def test_a_void_round_is_voted_again_on_every_matter(plurality, clerk, teller, voters):
    ballot = _counted_paper_ballot(clerk, teller, voters, TIED + "\n1", returned=7)
    assert ballot.result["round_valid"] is False and ballot.result["adopted"] == []
    assert "重新票选" in clerk.get(f"/councils/{ballot.pk}/").content.decode()
    assert clerk.post(f"/councils/{ballot.pk}/revote/", {"confirmed": "yes"}).status_code == 302
    follow_up = CouncilBallot.objects.get(follows=ballot)
    assert follow_up.status == "draft" and follow_up.candidates == ballot.candidates
    assert follow_up.settings == ballot.settings and follow_up.title.endswith("（重新票选）")


def test_a_ballot_decided_without_a_tie_offers_no_revote(council, clerk, teller, voters):
    ballot = _counted_paper_ballot(clerk, teller, voters, "1 2\n1 2\n1 2\n1 2\n1 3\n2 3")
    assert ballot.result["adopted"] == ["青云路口加装红绿灯", "背街小巷路灯修复"]
    assert "再次票选" not in clerk.get(f"/councils/{ballot.pk}/").content.decode()
    response = clerk.post(f"/councils/{ballot.pk}/revote/", {"confirmed": "yes"}, follow=True)
    assert "没有票数相等" in response.content.decode()
    assert not CouncilBallot.objects.filter(follows=ballot).exists()


def test_a_phone_revote_held_later_may_register_its_own_tellers_key(plurality, council, clerk, voters):
    council.settings["councils"]["tie_revote"] = "later"
    council.save(update_fields=["settings"])
    ballot = _counted_phone_tie(council, clerk, voters)
    assert clerk.post(f"/councils/{ballot.pk}/revote/", {"confirmed": "yes"}).status_code == 302
    follow_up = CouncilBallot.objects.get(follows=ballot)
    page = clerk.get(f"/councils/{follow_up.pk}/").content.decode()
    assert "登记计票人密钥" in page and "沿用上一轮票选的计票人密钥" in page
    own = testing.register_key(workflow.key_owner(follow_up.pk), council.pk, actor=clerk.user)
    present = [voters[k].pk for k in ("zhou", "chen", "lin", "wang")]
    assert clerk.post(f"/councils/{follow_up.pk}/open/", {"present": present}).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == "open" and follow_up.ballot_box.key == own
