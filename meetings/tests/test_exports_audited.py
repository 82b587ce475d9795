"""A vote's data exports (the tellers' sum, the ballot box, the result) each leave one audit entry with
the row count (core.downloads.export; the other export kinds: core/tests/test_exports_audited.py)."""

import pytest

from conftest import client_for
from core.models import AuditEntry
from meetings import workflow
from meetings.tests.helpers import decrypt, give_accounts, open_meeting_with, open_vote, sign_in_all

pytestmark = pytest.mark.django_db


def exports():
    return AuditEntry.objects.filter(action="export").order_by("seq")


def test_each_export_of_a_secret_vote_leaves_one_entry(clerk, congress):
    meeting = open_meeting_with(clerk, congress, 5)
    deputies = give_accounts(meeting)
    sign_in_all(meeting, clerk, 4)
    vote = open_vote(meeting, clerk)
    for deputy, choice in zip(deputies[:3], ["yes", "yes", "no"], strict=True):
        workflow.cast(vote, actor=deputy.user, choice=choice)
    vote = workflow.close_vote(vote, actor=clerk)
    client = client_for(clerk)
    assert client.get(f"/meetings/votes/{vote.pk}/tellers.json").status_code == 200
    assert [(e.actor_id, e.changes) for e in exports()] == [(clerk.pk, {"rows": 3})]
    assert "表决票箱密文合计" in exports().last().object_repr
    vote = decrypt(vote, clerk)
    assert client.get(f"/meetings/votes/{vote.pk}/ballot-box.json").status_code == 200
    assert exports().count() == 2 and exports().last().changes == {"rows": 3}
    assert "参加表决的代表名单" in exports().last().object_repr
    assert client.get(f"/meetings/votes/{vote.pk}/export.json").status_code == 200
    assert exports().count() == 3 and "表决结果" in exports().last().object_repr
