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


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(clerk):
    client = Client()
    for _ in range(5):
        login(client, "clerk", "wrong")
    response = login(client, "clerk", PASSWORD)
    assert response.status_code == 200
    assert "已被锁定" in response.content.decode()
    assert AuditEntry.objects.filter(action="lock_account", object_id=str(clerk.pk)).count() == 1


def test_lock_expires_after_the_lockout_period(clerk):
    client = Client()
    for _ in range(5):
        login(client, "clerk", "wrong")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        assert login(client, "clerk", PASSWORD).status_code == 302
    clerk.refresh_from_db()
    assert clerk.failed_logins == 0 and clerk.locked_until is None


def test_a_successful_login_resets_the_failure_count(clerk):
    client = Client()
    for _ in range(4):
        login(client, "clerk", "wrong")
    assert login(client, "clerk", PASSWORD).status_code == 302
    assert User.objects.get(pk=clerk.pk).failed_logins == 0


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


def test_logout_is_a_post(clerk):
    client = client_for(clerk)
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302
