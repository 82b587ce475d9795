"""Background jobs: notifications reach every channel through the queue, failures are retried, reminders run."""

import pytest
from django.db import transaction
from huey.contrib.djhuey import HUEY

from core import jobs, notify
from core.models import Notification

pytestmark = pytest.mark.django_db

delivered: list = []


def recording_backend(rows):
    delivered.extend(row.title for row in rows)


def failing_backend(rows):
    raise ConnectionError("短信网关超时")


@pytest.fixture(autouse=True)
def _clean_queue():
    delivered.clear()
    HUEY.flush()
    yield
    HUEY.flush()


def test_a_channel_gets_the_notification_after_commit(deputy, settings, django_capture_on_commit_callbacks):
    settings.NOTIFICATION_BACKENDS = ["core.tests.test_jobs.recording_backend"]
    with django_capture_on_commit_callbacks(execute=True):
        notify.send([deputy], title="新交办建议")
        assert delivered == []
    assert delivered == ["新交办建议"]


def test_a_failing_gateway_keeps_the_in_app_copy_and_schedules_a_retry(
    deputy, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_BACKENDS = ["core.tests.test_jobs.failing_backend"]
    with django_capture_on_commit_callbacks(execute=True):
        notify.send([deputy], title="答复期限提醒")
    assert Notification.objects.filter(user=deputy, title="答复期限提醒").exists()
    scheduled = HUEY.scheduled()
    assert len(scheduled) == 1
    assert scheduled[0].args[2] == 2  # the second attempt


def test_the_last_failed_attempt_gives_up_without_scheduling(deputy, settings):
    settings.NOTIFICATION_BACKENDS = []
    n = Notification.objects.create(user=deputy, title="x")
    jobs.deliver("core.tests.test_jobs.failing_backend", [n.pk], jobs.ATTEMPTS)
    assert HUEY.scheduled() == []


def test_retries_back_off_exponentially():
    assert [jobs.backoff(a) for a in range(1, jobs.ATTEMPTS)] == [30, 60, 120, 240, 480, 960]


def test_a_rolled_back_transaction_sends_nothing(deputy, settings):
    settings.NOTIFICATION_BACKENDS = ["core.tests.test_jobs.recording_backend"]
    with pytest.raises(RuntimeError), transaction.atomic():
        notify.send([deputy], title="不应发出")
        raise RuntimeError
    assert delivered == [] and not Notification.objects.filter(title="不应发出").exists()


def count_three():
    return 3


def broken_provider():
    raise RuntimeError("boom")


def test_daily_reminders_run_every_provider_even_when_one_fails(settings):
    settings.REMINDER_PROVIDERS = ["core.tests.test_jobs.broken_provider", "core.tests.test_jobs.count_three"]
    assert jobs.run_reminders() == {
        "core.tests.test_jobs.broken_provider": -1,
        "core.tests.test_jobs.count_three": 3,
    }


def test_the_worker_command_is_installed():
    from django.core.management import get_commands

    assert "run_huey" in get_commands()
