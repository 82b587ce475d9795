"""A counted round's ballots, exported for an independent recount, leave one audit entry with the
number of ballots listed (core.downloads.export)."""

import pytest
from django.urls import reverse

from conftest import client_for
from core.models import AuditEntry
from elections.tests.test_export import counted  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_the_round_export_leaves_one_entry_with_the_ballot_count(clerk, counted):  # noqa: F811
    response = client_for(clerk).get(reverse("elections:export", args=[counted.pk]))
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="export")
    rows = len(response.json()["ballots"])  # paper ballots; an electronic round's are in its ballot box
    assert (
        entry.actor_id == clerk.pk and entry.changes == {"rows": rows} and "选举选票数据" in entry.object_repr
    )
