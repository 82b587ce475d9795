"""独立复核: a closed vote's anonymised JSON, recounted by `renda tally`, gives the stored result."""

import io
import json

import pytest
from django.core.management import call_command

from conftest import client_for
from meetings import tally, workflow
from meetings.tests.helpers import close_and_count, give_accounts, open_meeting_with, open_vote, sign_in_all

pytestmark = pytest.mark.django_db


def test_the_export_recounts_to_the_stored_result(clerk, congress, tmp_path, capsys):
    meeting = open_meeting_with(clerk, congress, 9)
    deputies = give_accounts(meeting)
    sign_in_all(meeting, clerk, 7)
    vote = open_vote(meeting, clerk)
    for deputy, choice in zip(deputies[:7], ["yes"] * 5 + ["no", "abstain"], strict=True):
        workflow.cast(vote, actor=deputy.user, choice=choice)
    vote = close_and_count(vote, clerk)
    response = client_for(clerk).get(f"/meetings/votes/{vote.pk}/export.json")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data == {
        "kind": "vote",
        "body": "congress",
        "body_size": 9,
        "present": 7,
        "yes": 5,
        "no": 1,
        "abstain": 1,
    }
    recount = tally.tally(data)
    assert (recount["passed"], recount["not_voted"]) == (vote.passed, vote.not_voted)
    path = tmp_path / "vote.json"
    path.write_bytes(response.content)
    call_command("tally", str(path))
    assert json.loads(capsys.readouterr().out)["passed"] is True


def test_an_open_vote_cannot_be_exported(clerk, congress):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    vote = open_vote(meeting, clerk)
    response = client_for(clerk).get(f"/meetings/votes/{vote.pk}/export.json")
    assert response.status_code == 409
    assert "尚未结束" in response.json()["error"]


def test_the_ballot_box_export_is_verified_by_renda_tally(clerk, congress, tmp_path, capsys):
    meeting = open_meeting_with(clerk, congress, 9)
    deputies = give_accounts(meeting)
    sign_in_all(meeting, clerk, 7)
    vote = open_vote(meeting, clerk)
    for deputy, choice in zip(deputies[:6], ["yes"] * 4 + ["no", "abstain"], strict=True):
        workflow.cast(vote, actor=deputy.user, choice=choice)
    vote = close_and_count(vote, clerk)
    response = client_for(clerk).get(f"/meetings/votes/{vote.pk}/ballot-box.json")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert len(data["ballots"]) == len(data["participants"]) == 6
    assert data["totals"] == [4, 1, 1]
    assert "yes" not in json.dumps(data["ballots"])
    path = tmp_path / "box.json"
    path.write_bytes(response.content)
    call_command("tally", str(path))
    assert json.loads(capsys.readouterr().out)["totals_by_label"] == {"赞成": 4, "反对": 1, "弃权": 1}
    data["totals"] = [5, 0, 1]
    out, err = io.StringIO(), io.StringIO()
    assert tally.main(["-"], io.StringIO(json.dumps(data)), out, err) == tally.EXIT_BAD_INPUT
    assert "字段 totals 与选票之和不符" in err.getvalue()
