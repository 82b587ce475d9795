"""The demo congress's suggestions: last year fully handled, this year in progress with some overdue."""

import datetime as dt

from suggestions import queries
from suggestions.models import Suggestion


def test_demo_suggestions(demo):
    last = Suggestion.objects.filter(congress=demo.congress, year=2025)
    assert last.count() == 121 and set(last.values_list("status", flat=True)) == {"closed"}
    assert last.filter(round=2).exists()
    assert set(last.values_list("mode", flat=True)) == {"sole", "split", "lead"}
    assert set(last.values_list("reply_category", flat=True)) == {"A", "B", "C", "D"}
    this = Suggestion.objects.filter(congress=demo.congress, year=2026)
    statuses = set(this.values_list("status", flat=True))
    assert {"closed", "replied", "assigned", "registered", "submitted", "draft"} <= statuses
    assert this.filter(queries.overdue_q(dt.date(2026, 11, 22))).exists()
    overall, _, by_unit = queries.statistics(demo.congress, year=2025)
    assert overall["referred"] == 121 and str(overall["rates"]["reply_rate"]) == "100.0%" and by_unit


def test_demo_accounts_see_their_work(demo):
    from accounts.models import User
    from conftest import client_for

    for username in ("staff", "leader", "deputy", "unit"):
        user = User.objects.get(username=username)
        c = client_for(user)
        assert c.get("/suggestions/").status_code == 200, username
        s = Suggestion.objects.filter(congress=demo.congress, year=2025).first()
        if username in ("staff", "leader"):
            assert c.get(f"/suggestions/{s.pk}/").status_code == 200
            assert c.get("/suggestions/statistics/?year=2025").status_code == 200
    assert Client_public(demo)


def Client_public(demo):
    from django.test import Client

    return Client().get(f"/p/{demo.congress.code}/suggestions/").status_code == 200
