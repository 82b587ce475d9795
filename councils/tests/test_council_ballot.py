"""A residents' council votes its subdistrict's livelihood matters with the projects' ballot
machinery, counts them with its own quorum and threshold, and publishes the result (DOMAIN §11)."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import client_for
from core.ballot_box import testing
from core.models import AuditEntry
from councils import workflow
from councils.models import CouncilBallot, CouncilParticipation
from registry.models import CouncilMember

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _a_monday_in_march(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 0), tick=False)


MATTERS = "青云路口加装红绿灯：学生上下学过街不安全\n背街小巷路灯修复\n社区食堂延长供餐时间"


def _arrange(client, method="electronic", **extra):
    data = {
        "title": "2026年第一季度民生事项票选",
        "held_on": "2026-03-02",
        "method": method,
        "matters": MATTERS,
    }
    data.update(extra)
    response = client.post("/councils/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return CouncilBallot.objects.get()


def _open(client, ballot, members):
    return client.post(f"/councils/{ballot.pk}/open/", {"present": [m.pk for m in members]})


def test_the_office_registers_residents_deputies_and_community_staff(council, council_clerk, deputy):
    from registry.models import Deputy

    clerk = client_for(council_clerk)
    seat = Deputy.objects.get(user=deputy)  # a district deputy sits in the council
    response = clerk.post(
        "/councils/members/",
        {
            "name": "张代表",
            "category": "deputy",
            "starts_on": "2026-03-01",
            "username": "deputy",
            "deputy": seat.pk,
        },
    )
    assert response.status_code == 302
    response = clerk.post(
        "/councils/members/", {"name": "周大妈", "category": "resident", "starts_on": "2026-03-01"}
    )
    assert response.status_code == 302
    refused = clerk.post(
        "/councils/members/", {"name": "李代表", "category": "deputy", "starts_on": "2026-03-01"}
    )
    assert refused.status_code == 400 and "人大代表成员须选择其代表席位" in refused.content.decode()
    members = list(CouncilMember.objects.filter(congress=council).order_by("id"))
    assert [(m.name, m.category, m.user_id, m.deputy_id) for m in members] == [
        ("张代表", "deputy", deputy.pk, seat.pk),
        ("周大妈", "resident", None, None),
    ]
    page = clerk.get("/councils/members/").content.decode()
    assert "人大代表" in page and "居民代表" in page and "纸质选票" in page and "示范区人大代表" in page
    assert AuditEntry.objects.filter(action="add_council_member", congress_id=council.pk).count() == 2


def test_members_vote_on_their_phones_and_the_published_result_shows_each_matter(
    council, council_clerk, voters, django_capture_on_commit_callbacks
):
    clerk = client_for(council_clerk)
    ballot = _arrange(clerk)
    assert ballot.settings == {
        "quorum": "two_thirds",
        "threshold": "majority_of_all",
        "ballot_mode": "approval",
        "adopt": 2,
    }
    testing.register_key(workflow.key_owner(ballot.pk), council.pk, actor=council_clerk)
    present = [voters[k] for k in ("zhou", "chen", "lin", "wang")]  # 4 of 6: two thirds
    assert _open(clerk, ballot, present).status_code == 302
    ballot.refresh_from_db()
    assert (ballot.status, ballot.body_size, ballot.present) == ("open", 6, 4)

    picks = {"zhou": ["1", "2"], "chen": ["1", "2"], "lin": ["1", "3"], "wang": ["1"]}
    for username, picked in picks.items():
        response = client_for(voters[username].user).post(
            f"/councils/vote/{ballot.pk}/", {"pick": picked, "confirmed": "yes"}
        )
        assert response.status_code == 302
    again = client_for(voters["zhou"].user).post(
        f"/councils/vote/{ballot.pk}/", {"pick": ["3"], "confirmed": "yes"}
    )
    assert again.status_code == 409 and "不能重复投票" in again.content.decode()
    assert CouncilParticipation.objects.filter(ballot=ballot).count() == 4

    assert clerk.post(f"/councils/{ballot.pk}/close/", {"confirmed": "yes"}).status_code == 302
    ballot.refresh_from_db()
    for share in testing.decryption_shares(ballot.ballot_box):
        workflow.submit_decryption_share(ballot, actor=council_clerk, document=share)
    ballot.refresh_from_db()
    # 6 members: a matter needs 4 votes (more than half of all); 路灯 has 2, so only one is adopted
    assert ballot.status == "closed"
    assert ballot.result["counts"] == {
        "青云路口加装红绿灯": 4,
        "背街小巷路灯修复": 2,
        "社区食堂延长供餐时间": 1,
    }
    assert ballot.result["adopted"] == ["青云路口加装红绿灯"] and ballot.result["shortfall"] == 1

    public = client_for(None).get(f"/p/{council.code}/councils/{ballot.pk}/")
    assert public.status_code == 404  # counted, not yet published
    assert clerk.post(f"/councils/{ballot.pk}/publish/", {"confirmed": "yes"}).status_code == 302
    page = client_for(None).get(f"/p/{council.code}/councils/{ballot.pk}/").content.decode()
    assert "青云街道居民议事会" in page and "青云路口加装红绿灯" in page and "学生上下学过街不安全" in page
    assert "入选" in page and "未入选" in page and "得票超过全体成员的半数" in page
    assert "majority_of_all" not in page and "approval" not in page
    listing = client_for(None).get(f"/p/{council.code}/councils/").content.decode()
    assert "2026年第一季度民生事项票选" in listing


def test_a_member_who_was_not_present_at_the_opening_cannot_vote(council, council_clerk, voters):
    clerk = client_for(council_clerk)
    ballot = _arrange(clerk)
    testing.register_key(workflow.key_owner(ballot.pk), council.pk, actor=council_clerk)
    _open(clerk, ballot, [voters[k] for k in ("zhou", "chen", "lin", "paper1")])
    response = client_for(voters["wang"].user).post(
        f"/councils/vote/{ballot.pk}/", {"pick": ["1"], "confirmed": "yes"}
    )
    assert response.status_code == 400 and "未登记出席" in response.content.decode()


def test_without_two_thirds_present_the_ballot_does_not_open(council, council_clerk, voters):
    clerk = client_for(council_clerk)
    ballot = _arrange(clerk)
    response = _open(clerk, ballot, [voters["zhou"], voters["chen"], voters["lin"]])
    assert response.status_code == 400
    assert "出席成员 3 名" in response.content.decode() and "至少 4 名" in response.content.decode()
    ballot.refresh_from_db()
    assert ballot.status == "draft"


def test_a_paper_ballot_is_counted_when_both_tellers_agree(council, council_clerk, council_teller, voters):
    clerk, teller = client_for(council_clerk), client_for(council_teller)
    ballot = _arrange(clerk, method="paper", tellers=[council_clerk.pk, council_teller.pk])
    assert _open(clerk, ballot, list(voters.values())).status_code == 302
    response = clerk.post(
        f"/councils/{ballot.pk}/close/", {"ballots_issued": 6, "ballots_returned": 6, "confirmed": "yes"}
    )
    assert response.status_code == 302
    sheets = "1 2\n1 2\n1 3\n1 2\n2\n1 2 3"  # the last ticks three of two: void
    assert clerk.post(f"/councils/{ballot.pk}/sheets/", {"first": 1, "text": sheets}).status_code == 302
    early = clerk.post(f"/councils/{ballot.pk}/count/", {"confirmed": "yes"})
    assert early.status_code == 302
    ballot.refresh_from_db()
    assert ballot.status == "counting"  # the second teller has not entered the sheets
    assert teller.post(f"/councils/{ballot.pk}/sheets/", {"first": 1, "text": sheets}).status_code == 302
    assert clerk.post(f"/councils/{ballot.pk}/count/", {"confirmed": "yes"}).status_code == 302
    ballot.refresh_from_db()
    assert ballot.result["valid_ballots"] == 5 and ballot.result["void_ballots"] == 1
    assert (
        ballot.result["counts"]["青云路口加装红绿灯"] == 4
        and ballot.result["counts"]["背街小巷路灯修复"] == 4
    )
    assert ballot.result["adopted"] == ["青云路口加装红绿灯", "背街小巷路灯修复"]


def test_a_paper_ballot_needs_two_tellers_of_the_council(council, council_clerk):
    response = client_for(council_clerk).post(
        "/councils/new/",
        {
            "title": "票选",
            "held_on": "2026-03-02",
            "method": "paper",
            "matters": MATTERS,
            "tellers": [council_clerk.pk],
        },
    )
    assert response.status_code == 400 and "两名不同的计票人" in response.content.decode()


def test_a_member_votes_only_in_their_own_council(council, council_clerk, voters, stranger):
    clerk = client_for(council_clerk)
    ballot = _arrange(clerk)
    testing.register_key(workflow.key_owner(ballot.pk), council.pk, actor=council_clerk)
    _open(clerk, ballot, list(voters.values()))
    assert client_for(stranger).get(f"/councils/vote/{ballot.pk}/").status_code == 404
    assert (
        client_for(stranger)
        .post(f"/councils/vote/{ballot.pk}/", {"pick": ["1"], "confirmed": "yes"})
        .status_code
        == 404
    )
    assert "没有正在进行" in client_for(stranger).get("/councils/vote/").content.decode()
    assert ballot.title in client_for(voters["zhou"].user).get("/councils/vote/").content.decode()


def test_a_member_who_left_no_longer_votes(council, council_clerk, voters):
    clerk = client_for(council_clerk)
    ballot = _arrange(clerk)
    CouncilMember.objects.filter(pk=voters["wang"].pk).update(ends_on=dt.date(2026, 3, 1))
    assert client_for(voters["wang"].user).get(f"/councils/vote/{ballot.pk}/").status_code == 404


def test_the_district_reads_its_councils_ballots_and_changes_nothing(council, council_clerk, clerk, voters):
    ballot = _arrange(client_for(council_clerk))
    district = client_for(clerk)
    assert "所属居民议事会票选" in district.get("/").content.decode()
    index = district.get("/councils/").content.decode()
    assert "青云街道居民议事会" in index and ballot.title in index and "拟定票选" not in index
    page = district.get(f"/councils/{ballot.pk}/")
    assert (
        page.status_code == 200
        and "只读" in page.content.decode()
        and "开始投票" not in page.content.decode()
    )
    assert district.get(f"/councils/members/of/{council.pk}/").status_code == 200
    refused = district.post(f"/councils/{ballot.pk}/open/", {"present": [m.pk for m in voters.values()]})
    assert refused.status_code in (403, 404)
    assert district.post("/councils/new/", {"title": "x"}).status_code == 404
    ballot.refresh_from_db()
    assert ballot.status == "draft"


def test_a_sibling_district_and_the_city_see_nothing(
    council, council_clerk, outsider, congress, other_congress
):
    from registry.tests.tree import make_tree, staff_of

    tree = make_tree(congress, other_congress)
    ballot = _arrange(client_for(council_clerk))
    for user in (outsider, staff_of(tree.city, "city_clerk"), staff_of(tree.working_body, "wb_clerk")):
        client = client_for(user)
        assert client.get(f"/councils/{ballot.pk}/").status_code == 404
        assert client.get(f"/councils/members/of/{council.pk}/").status_code == 404
        assert ballot.title not in client.get("/councils/").content.decode()


def test_the_councils_rules_are_shown_in_chinese_with_their_meaning(council, council_clerk):
    page = client_for(council_clerk).get("/councils/").content.decode()
    page = page[page.index("本议事会的票选规则") :]
    assert "三分之二以上成员出席" in page and "得票超过全体成员的半数" in page and "限选 n 项" in page
    assert "默认" in page and "two_thirds" not in page and "majority_of_all" not in page


def test_a_council_may_vote_each_matter_yes_or_no_and_count_against_those_present(
    council, council_clerk, council_teller, voters
):
    council.settings = {
        "councils": {"adopt": 2, "ballot_mode": "per_line", "threshold": "majority_of_present"}
    }
    council.save(update_fields=["settings"])
    clerk, teller = client_for(council_clerk), client_for(council_teller)
    ballot = _arrange(clerk, method="paper", tellers=[council_clerk.pk, council_teller.pk])
    _open(clerk, ballot, list(voters.values()))
    clerk.post(
        f"/councils/{ballot.pk}/close/", {"ballots_issued": 6, "ballots_returned": 6, "confirmed": "yes"}
    )
    sheets = "YNA\nYNY\nYYN\nYN-\nNNY\nYXA"  # X: two marks on a line, that line is ignored
    for client in (clerk, teller):
        assert client.post(f"/councils/{ballot.pk}/sheets/", {"first": 1, "text": sheets}).status_code == 302
    clerk.post(f"/councils/{ballot.pk}/count/", {"confirmed": "yes"})
    ballot.refresh_from_db()
    lines = ballot.result["line_counts"]
    assert lines["青云路口加装红绿灯"] == {"yes": 5, "no": 1, "abstain": 0, "ignored": 0}
    assert lines["背街小巷路灯修复"]["ignored"] == 1
    # more than half of the 6 present: 4 yes at least; only the first matter has them
    assert ballot.result["adopted"] == ["青云路口加装红绿灯"] and ballot.result["shortfall"] == 1
    clerk.post(f"/councils/{ballot.pk}/publish/", {"confirmed": "yes"})
    page = client_for(None).get(f"/p/{council.code}/councils/{ballot.pk}/").content.decode()
    assert "反对" in page and "弃权" in page and "逐项表决" in page and "per_line" not in page


def test_a_member_is_asked_before_the_ballot_is_cast_and_nothing_is_cast_until_they_confirm(
    council, council_clerk, voters
):
    clerk = client_for(council_clerk)
    ballot = _arrange(clerk)
    testing.register_key(workflow.key_owner(ballot.pk), council.pk, actor=council_clerk)
    _open(clerk, ballot, [voters[k] for k in ("zhou", "chen", "lin", "wang")])
    zhou = client_for(voters["zhou"].user)
    assert "投票后不能更改" in zhou.get(f"/councils/vote/{ballot.pk}/").content.decode()
    asked = zhou.post(f"/councils/vote/{ballot.pk}/", {"pick": ["1"]})
    assert asked.status_code == 200 and "确定投出这张选票" in asked.content.decode()
    assert not CouncilParticipation.objects.filter(ballot=ballot).exists()
    cast = zhou.post(f"/councils/vote/{ballot.pk}/", {"pick": ["1"], "confirmed": "yes"})
    assert cast.status_code == 302 and CouncilParticipation.objects.filter(ballot=ballot).count() == 1
