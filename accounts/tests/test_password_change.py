"""Changing one's own password: the policy, the audit entry, and expiry forcing a change."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from accounts import rules
from accounts.models import User
from conftest import PASSWORD, client_for
from core.models import AuditEntry

pytestmark = pytest.mark.django_db
NEW = "Xin-mima-2027"


def change(client, old, new1, new2=None):
    return client.post(
        "/accounts/password/", {"old_password": old, "new_password1": new1, "new_password2": new2 or new1}
    )


def test_the_page_is_in_chinese_and_states_the_policy(clerk):
    page = client_for(clerk).get("/accounts/password/").content.decode()
    assert "修改密码" in page and "原密码" in page and "不少于 10 位" in page


def test_clerk_changes_the_password_and_signs_in_with_the_new_one(clerk):
    client = client_for(clerk)
    response = change(client, PASSWORD, NEW)
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # still signed in
    entry = AuditEntry.objects.get(action="change_password")
    assert entry.actor_id == clerk.pk and "password" not in entry.changes
    assert Client().post("/accounts/login/", {"username": "clerk", "password": NEW}).status_code == 302


@pytest.mark.parametrize(
    ("old", "new1", "new2", "message"),
    [
        ("wrong", NEW, NEW, "原密码不正确"),
        (PASSWORD, NEW, NEW + "x", "不一致"),
        (PASSWORD, "short1A", "short1A", "太短"),
        (PASSWORD, "alllowercaseletters", "alllowercaseletters", "至少包含"),
        (PASSWORD, PASSWORD, PASSWORD, "不能与原密码相同"),
    ],
)
def test_a_refused_change_says_why_in_chinese(clerk, old, new1, new2, message):
    response = change(client_for(clerk), old, new1, new2)
    assert response.status_code == 200 and message in response.content.decode()
    assert User.objects.get(pk=clerk.pk).check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action="change_password").exists()


def test_an_expired_password_must_be_changed_first(clerk, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    client = client_for(clerk)
    with time_machine.travel(timezone.now() + dt.timedelta(days=91)):
        client.force_login(clerk)
        response = client.get("/")
        assert response.status_code == 302 and response["Location"] == "/accounts/password/"
        assert "已超过有效期" in client.get("/accounts/password/").content.decode()
        change(client, PASSWORD, NEW)
        assert client.get("/").status_code == 200


def test_character_classes_count_symbols_and_chinese_as_other():
    assert rules.character_classes("abc") == 1
    assert rules.character_classes("abcD1") == 3
    assert rules.character_classes("abcD1-") == 4
    assert rules.character_classes("密码abc") == 2


def test_lock_seconds_double_up_to_the_maximum():
    assert [rules.lock_seconds(n, 5, 60, 900) for n in (4, 5, 6, 7, 9, 50)] == [0, 60, 120, 240, 900, 900]
