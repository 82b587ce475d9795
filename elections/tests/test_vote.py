"""A whole electronic election through the pages: N = 9, two vice-chairs, three candidates."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import client_for
from core.ballot_box import ceremony, testing
from elections.models import Candidate, Election, OfficeGroup, Participation, Round
from elections.queries import current_round_item
from elections.tests.conftest import by_name, sealed_ballots

pytestmark = pytest.mark.django_db


def test_clerk_runs_an_electronic_election_end_to_end(clerk, body, meeting):
    staff = client_for(clerk)
    response = staff.post(
        reverse("elections:election_list"), {"title": "选举常委会副主任", "meeting": meeting.pk}
    )
    election = Election.objects.get()
    assert response.status_code == 302
    staff.post(
        reverse("elections:election_detail", args=[election.pk]),
        {"office": "vice_head", "post": "常委会副主任", "seats": 2, "extra": 1, "write_in_rule": "deputy"},
    )
    group = OfficeGroup.objects.get()
    staff.post(reverse("elections:nominate", args=[group.pk]), {"kind": "presidium", "names": "甲、乙"})
    joint = "、".join(d.number for d in body)
    staff.post(
        reverse("elections:nominate", args=[group.pk]),
        {"kind": "deputies", "names": "丙", "nominators": joint},
    )
    page = staff.get(reverse("elections:group_detail", args=[group.pk]))
    # 9 deputies cannot nominate jointly: 10 or more are needed (组织法第二十六条).
    assert "组织法第二十六条" in page.content.decode()
    response = staff.post(
        reverse("elections:fix_candidates", args=[group.pk]), {"confirmed": "yes"}, follow=True
    )
    assert "组织法第二十六条" in response.content.decode()
    group.refresh_from_db()
    assert group.status == "nominating"

    group.nominations.filter(kind="deputies").delete()
    staff.post(reverse("elections:nominate", args=[group.pk]), {"kind": "presidium", "names": "丙"})
    staff.post(reverse("elections:fix_candidates", args=[group.pk]), {"confirmed": "yes"})
    group.refresh_from_db()
    assert group.status == "candidates_fixed"
    assert list(Candidate.objects.values_list("name", flat=True)) == ["甲", "乙", "丙"]
    first = Round.objects.get()
    staff.post(
        reverse("elections:round_setup", args=[first.pk]),
        {"method": "electronic", "scrutineers": [by_name(body, "庚").pk]},
    )
    staff.post(reverse("elections:open_round", args=[first.pk]), {"confirmed": "yes"})
    first.refresh_from_db()
    assert first.status == "open" and first.present == 9 and first.body_size == 9

    ballots = (
        [("for", "for", "abstain")] * 5 + [("for", "against", "for")] * 2 + [("abstain", "for", "for")] * 2
    )
    for deputy, (m1, m2, m3) in zip(body, ballots):
        voter = client_for(deputy.user)
        page = voter.get(reverse("elections:ballot", args=[first.pk]))
        assert page.status_code == 200 and "甲" in page.content.decode()
        response = voter.post(
            reverse("elections:ballot", args=[first.pk]),
            {"confirmed": "yes", "mark_1": m1, "mark_2": m2, "mark_3": m3},
        )
        assert response.status_code == 302
        assert "选票回执" in voter.get(response.url).content.decode()
    [item] = current_round_item(meeting)
    assert item.status == "open" and item.voted == 9 and item.eligible == 9
    assert item.result_rows == [] and item.outcome == ""
    assert item.device_url == reverse("elections:ballot", args=[first.pk])

    staff.post(reverse("elections:close_round", args=[first.pk]), {"confirmed": "yes"})
    first.refresh_from_db()
    assert first.status == "counting" and first.result is None
    # Two of the three tellers download the box's sum, compute their shares offline, upload them.
    box_file = json.loads(staff.get(reverse("elections:teller_document", args=[first.pk])).content)
    for teller in (1, 3):
        share = ceremony.decryption_share(testing.key_file(first.ballot_box.key, teller), box_file)
        upload = SimpleUploadedFile("share.json", json.dumps(share).encode(), "application/json")
        staff.post(reverse("elections:submit_decryption_share", args=[first.pk]), {"document": upload})
    first.refresh_from_db()
    assert first.status == "closed"
    assert first.result["elected"] == ["甲", "乙"]
    assert first.result["counts"]["甲"] == {"for": 7, "against": 0, "abstain": 2}
    assert first.result["counts"]["乙"] == {"for": 7, "against": 2, "abstain": 0}
    assert first.result["counts"]["丙"] == {"for": 4, "against": 0, "abstain": 5}
    assert Round.objects.count() == 1  # nothing left to decide
    [item] = current_round_item(meeting)
    assert item.status == "closed" and item.outcome == "当选名单：常委会副主任：甲、乙"

    page = staff.get(reverse("elections:round_detail", args=[first.pk])).content.decode()
    assert "当选：甲、乙" in page
    staff.post(reverse("elections:announce", args=[election.pk]), {"confirmed": "yes"})
    election.refresh_from_db()
    assert election.status == "announced"


def test_deputy_cannot_vote_twice(clerk, body, meeting, election):
    from elections import workflow
    from elections.tests.conftest import ready_round

    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    voter = client_for(body[0].user)
    url = reverse("elections:ballot", args=[first.pk])
    assert voter.post(url, {"confirmed": "yes", "mark_1": "for"}).status_code == 302
    again = voter.post(url, {"confirmed": "yes", "mark_2": "for"})
    assert again.status_code == 409
    assert "您已投票" in again.content.decode()
    assert Participation.objects.filter(round=first).count() == 1
    assert sealed_ballots(first).count() == 1


def test_over_marked_electronic_ballot_is_refused_not_stored(clerk, body, meeting, election):
    from elections import workflow
    from elections.tests.conftest import ready_round

    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    response = client_for(body[0].user).post(
        reverse("elections:ballot", args=[first.pk]),
        {"confirmed": "yes", "mark_1": "for", "mark_2": "for", "mark_3": "for"},
    )
    assert response.status_code == 400
    assert "多于应选名额 2 名" in response.content.decode()
    assert sealed_ballots(first).count() == 0 and first.participations.count() == 0


def test_an_electronic_ballot_sends_a_write_in_to_a_paper_ballot(clerk, body, meeting, election):
    from elections import workflow
    from elections.tests.conftest import ready_round

    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    url = reverse("elections:ballot", args=[first.pk])
    refused = client_for(body[0].user).post(
        url, {"confirmed": "yes", "mark_1": "for", "mark_2": "against", "write_in": ["丁"]}
    )
    assert refused.status_code == 400
    assert "领取纸质选票" in refused.content.decode()
    assert not sealed_ballots(first).exists() and not first.participations.exists()
