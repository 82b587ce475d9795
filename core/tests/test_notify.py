"""Notifications are delivered when the transaction commits, shown in the inbox and marked read."""

import pytest
from django.db import transaction

from conftest import client_for
from core import notify
from core.models import Notification

pytestmark = pytest.mark.django_db


def test_a_notification_is_stored_when_the_transaction_commits(clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify.send([clerk], title="新交办：第17号", url="/", kind="assign")
    assert Notification.objects.get(user=clerk).title == "新交办：第17号"


def test_nothing_is_sent_when_the_transaction_rolls_back(clerk, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify.send([clerk], title="不应送达")
        raise RuntimeError
    assert not Notification.objects.exists()


def test_a_failing_backend_does_not_lose_the_in_app_copy(clerk, settings, django_capture_on_commit_callbacks):
    settings.NOTIFICATION_BACKENDS = ["core.tests.test_notify.broken_backend"]
    with django_capture_on_commit_callbacks(execute=True):
        notify.send([clerk], title="照常送达")
    assert Notification.objects.filter(user=clerk).count() == 1


def broken_backend(rows):
    raise ConnectionError("短信网关不可用")


def test_the_inbox_shows_unread_count_and_marks_read(clerk, unit_handler):
    note = Notification.objects.create(user=clerk, title="请处理", url="/audit/")
    Notification.objects.create(user=unit_handler, title="别人的通知")
    client = client_for(clerk)
    page = client.get("/notifications/").content.decode()
    assert "请处理" in page and "别人的通知" not in page
    response = client.post(f"/notifications/{note.pk}/read/")
    assert response["Location"] == "/audit/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_marking_another_users_notification_changes_nothing(clerk, unit_handler):
    other = Notification.objects.create(user=unit_handler, title="别人的")
    client_for(clerk).post(f"/notifications/{other.pk}/read/")
    other.refresh_from_db()
    assert other.read_at is None


def test_an_external_link_is_never_followed(clerk):
    note = Notification.objects.create(user=clerk, title="x", url="https://evil.example.com/")
    assert client_for(clerk).post(f"/notifications/{note.pk}/read/")["Location"] == "/notifications/"
