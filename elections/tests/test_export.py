"""Independent recount (issue item 7) and the Word documents (items 4 and 8)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from conftest import client_for
from elections import workflow
from elections.tests.conftest import close_and_count, marks, ready_round, vote_all
from meetings.tally import tally

pytestmark = pytest.mark.django_db

BALLOTS = (
    [marks(["甲", "乙"], ["丙"])] * 5
    + [marks(["甲"], ["乙"])] * 2
    + [marks(["甲"], ["乙"])]
    + [marks(["甲", "乙", "丙"])]
)


@pytest.fixture
def counted(clerk, body, meeting, election):
    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    vote_all(first, body, BALLOTS[:8])
    close_and_count(first, clerk)
    first.refresh_from_db()
    return first


def _text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_exported_ballots_recount_to_the_stored_result(clerk, counted):
    response = client_for(clerk).get(reverse("elections:export", args=[counted.pk]))
    assert response.status_code == 200
    document = json.loads(response.content)
    assert set(document) == {
        "device",
        "kind",
        "body_size",
        "present",
        "ballots_issued",
        "ballots_returned",
        "seats",
        "candidates",
        "ballots",
    }
    assert tally(document) == counted.result
    assert counted.result["elected"] == ["甲", "乙"]
    assert document["device"]["ballots"] == 8 and document["ballots"] == []  # device ballots: totals only


def test_renda_tally_command_recounts_the_export(clerk, counted, tmp_path):
    path = tmp_path / "round.json"
    path.write_bytes(client_for(clerk).get(reverse("elections:export", args=[counted.pk])).content)
    out = io.StringIO()
    try:
        call_command("tally", str(path), stdout=out)
    except SystemExit as exit_:
        assert exit_.code in (0, None)
    assert json.loads(out.getvalue()) == counted.result


def test_an_open_round_is_not_exported(clerk, body, meeting, election):
    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    assert client_for(clerk).get(reverse("elections:export", args=[first.pk])).status_code == 404


def test_announcement_is_a_word_document_naming_the_elected(clerk, counted, body):
    election = counted.office_group.election
    workflow.announce(election, actor=clerk)
    response = client_for(clerk).get(reverse("elections:announcement", args=[election.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = _text(response.content)
    assert "选举结果公告" in text
    assert "甲、乙" in text
    assert "发出选票 9 张，收回选票 8 张，有效票 8 张，无效票 0 张" in text
    assert "监票人：庚" in text
    assert "另选他人票" in text  # the column is there; device ballots carry no write-ins
    election.refresh_from_db()
    assert f"{election.announced_at.year}年" in text


def test_announce_waits_for_pending_rounds(clerk, body, meeting, election):
    ready_round(election, clerk, body)
    with pytest.raises(workflow.TransitionRefused, match="尚未完成"):
        workflow.announce(election, actor=clerk)


def test_printable_ballot_lists_the_candidates_and_marking_rules(clerk, body, meeting, election):
    first = ready_round(election, clerk, body)
    response = client_for(clerk).get(reverse("elections:printable_ballot", args=[first.office_group.pk]))
    text = _text(response.content)
    for expected in ("常委会副主任选举票", "甲", "乙", "丙", "〇", "×", "另选他人", "应选 2 名"):
        assert expected in text


def test_a_revote_round_exports_as_a_tie_revote_and_recounts_the_same(clerk, body, meeting, election):
    from elections.models import Round
    from elections.tests.test_count_round import close

    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    vote_all(first, body, [marks(["甲", "乙"])] * 4 + [marks(["甲", "丙"])] * 4 + [marks(["乙", "丙"])])
    close(first, clerk)
    revote = Round.objects.get(number=2)
    workflow.open_round(revote, actor=clerk)
    vote_all(revote, body, [marks(["乙"])] * 4 + [marks(["丙"])] * 3 + [marks()] * 2)
    revote = close(revote, clerk)
    document = json.loads(client_for(clerk).get(reverse("elections:export", args=[revote.pk])).content)
    assert document["tie_revote"] is True
    assert tally(document) == revote.result


def test_the_rounds_encrypted_ballot_box_is_recounted_and_a_tampered_export_detected(
    clerk, counted, tmp_path, capsys
):
    from meetings import tally as tally_module

    response = client_for(clerk).get(reverse("elections:ballot_box_export", args=[counted.pk]))
    assert response.status_code == 200
    data = json.loads(response.content)
    assert len(data["ballots"]) == len(data["participants"]) == 8
    assert "甲" not in json.dumps(data["ballots"])
    path = tmp_path / "box.json"
    path.write_bytes(response.content)
    call_command("tally", str(path))
    totals = json.loads(capsys.readouterr().out)["totals_by_label"]
    assert totals["甲·赞成"] == counted.result["counts"]["甲"]["for"] == 8
    assert totals["乙·反对"] == counted.result["counts"]["乙"]["against"]
    data["totals"][0] -= 1
    out, err = io.StringIO(), io.StringIO()
    assert tally_module.main(["-"], io.StringIO(json.dumps(data)), out, err) == tally_module.EXIT_BAD_INPUT
    assert "字段 totals 与选票之和不符" in err.getvalue()


def test_a_leader_takes_the_announced_result_from_the_report_set_but_not_before(clerk, leader, counted):
    election = counted.office_group.election
    url = reverse("elections:announcement", args=[election.pk])
    assert client_for(leader).get(url).status_code == 404  # counted, not yet announced
    workflow.announce(election, actor=clerk)
    assert "选举结果公告" in _text(client_for(leader).get(url).content)
