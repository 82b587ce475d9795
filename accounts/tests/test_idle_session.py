"""An idle session ends after SESSION_IDLE_MINUTES; activity keeps it alive."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from conftest import client_for
from core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_an_idle_session_ends_and_is_audited(clerk, settings):
    settings.SESSION_IDLE_MINUTES = 30
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = client_for(clerk)
        assert client.get("/").status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        response = client.get("/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert AuditEntry.objects.filter(action="idle_logout", actor_id=clerk.pk).count() == 1


def test_activity_keeps_the_session_alive(clerk, settings):
    settings.SESSION_IDLE_MINUTES = 30
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = client_for(clerk)
        for _ in range(4):
            clock.shift(dt.timedelta(minutes=20))
            assert client.get("/").status_code == 200
