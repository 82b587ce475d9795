"""A counted round's ballots, exported for an independent recount, leave one audit entry with the
number of ballots (core.downloads.export)."""

import pytest
from django.urls import reverse

from conftest import client_for
from core.models import AuditEntry
from elections.tests.test_export import counted  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_the_round_export_leaves_one_entry_with_the_ballot_count(clerk, counted):  # noqa: F811
    assert client_for(clerk).get(reverse("elections:export", args=[counted.pk])).status_code == 200
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor_id == clerk.pk and entry.changes == {"rows": 8} and "选举选票数据" in entry.object_repr
