"""Signing in: by username or mobile number, locked after repeated failures, Argon2 hashes."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import Client
from django.utils import timezone

from accounts.models import User
from conftest import PASSWORD, client_for, make_user
from core.models import AuditEntry

pytestmark = pytest.mark.django_db


def login(client, identifier, password):
    return client.post("/accounts/login/", {"username": identifier, "password": password})


def test_clerk_signs_in_with_username(clerk):
    response = login(Client(), "clerk", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"


def test_deputy_signs_in_with_mobile_number(congress):
    user = make_user("d1", "钱代表")
    user.mobile = "13912345678"
    user.save()
    assert login(Client(), "13912345678", PASSWORD).status_code == 302


def test_wrong_password_shows_a_chinese_message(clerk):
    response = login(Client(), "clerk", "wrong")
    assert response.status_code == 200
    assert "密码不正确" in response.content.decode()


def test_five_wrong_passwords_pause_that_name_from_that_address(clerk):
    client = Client()
    for _ in range(5):
        login(client, "clerk", "wrong")
    response = login(client, "clerk", PASSWORD)
    assert response.status_code == 200
    assert "暂停登录" in response.content.decode()
    entry = AuditEntry.objects.get(action="lock_sign_in", object_id=str(clerk.pk))
    assert entry.ip == "127.0.0.1"


def test_a_guesser_elsewhere_cannot_lock_the_clerk_out(clerk):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(12):
        login(attacker, "clerk", "wrong")
    assert login(Client(REMOTE_ADDR="10.1.2.3"), "clerk", PASSWORD).status_code == 302


def test_the_pause_doubles_with_each_further_failure(clerk):
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(5):
            login(client, "clerk", "wrong")  # 5th: paused 60 s
        clock.shift(dt.timedelta(seconds=61))
        login(client, "clerk", "wrong")  # 6th: paused 120 s
        clock.shift(dt.timedelta(seconds=100))
        assert "暂停登录" in login(client, "clerk", PASSWORD).content.decode()
        clock.shift(dt.timedelta(seconds=21))
        assert login(client, "clerk", PASSWORD).status_code == 302


def test_the_pause_never_exceeds_the_lockout_period(clerk, settings):
    # The per-address throttle is another test's subject; Redis keeps real time under time_machine.
    settings.LOGIN_IP_LIMIT = 1000
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(30):
            login(client, "clerk", "wrong")
            clock.shift(dt.timedelta(minutes=16))
        assert login(client, "clerk", PASSWORD).status_code == 302


def test_a_successful_login_resets_the_failure_count(clerk):
    client = Client()
    for _ in range(4):
        login(client, "clerk", "wrong")
    assert login(client, "clerk", PASSWORD).status_code == 302
    for _ in range(4):
        login(Client(), "clerk", "wrong")
    assert login(Client(), "clerk", PASSWORD).status_code == 302


def test_one_address_is_throttled_across_all_names(clerk, settings):
    settings.LOGIN_IP_LIMIT = 10
    client = Client(REMOTE_ADDR="198.51.100.7")
    for n in range(10):
        login(client, f"user{n}", "wrong")
    response = login(client, "clerk", PASSWORD)
    assert response.status_code == 200 and "过于频繁" in response.content.decode()
    assert login(Client(REMOTE_ADDR="198.51.100.8"), "clerk", PASSWORD).status_code == 302


def test_sign_in_sign_out_and_failures_are_audited(clerk):
    client = Client(REMOTE_ADDR="10.9.8.7")
    login(client, "clerk", "wrong")
    login(client, "clerk", PASSWORD)
    client.post("/accounts/logout/")
    actions = list(
        AuditEntry.objects.exclude(action="grant_role")
        .order_by("created_at", "seq")
        .values_list("action", "ip", "actor_id")
    )
    assert actions == [
        ("login_failure", "10.9.8.7", None),
        ("login", "10.9.8.7", clerk.pk),
        ("logout", "10.9.8.7", clerk.pk),
    ]
    failure = AuditEntry.objects.get(action="login_failure")
    assert failure.object_repr == "clerk" and "wrong" not in str(failure.changes) + failure.note


def test_unknown_user_gets_the_same_message_as_a_wrong_password(db):
    response = login(Client(), "nobody", "x")
    assert "密码不正确" in response.content.decode()


def test_passwords_are_hashed_with_tuned_argon2():
    encoded = make_password("secret-pass", hasher="argon2")
    hasher = identify_hasher(encoded)
    assert hasher.algorithm == "argon2" and "m=19456,t=2,p=1" in encoded
    assert check_password("secret-pass", encoded)


def test_production_settings_hash_with_argon2_first():
    from config import settings as production

    assert production.PASSWORD_HASHERS[0] == "accounts.hashers.RendaArgon2PasswordHasher"


def test_django_admin_is_for_superusers_only(clerk):
    assert client_for(clerk).get("/admin/").status_code == 302
    admin = User.objects.create_superuser("root", password=PASSWORD)
    assert client_for(admin).get("/admin/").status_code == 200


def test_admin_sign_in_goes_through_the_one_login_page(db):
    response = Client().get("/admin/login/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_logout_is_a_post(clerk):
    client = client_for(clerk)
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302
