"""TOTP second factor: enrolment with a QR and recovery codes, verification at every sign-in, who needs it."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User
from conftest import PASSWORD, make_user
from core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def signed_in(identifier):
    client = Client()
    assert client.post("/accounts/login/", {"username": identifier, "password": PASSWORD}).status_code == 302
    return client


def code_for(user) -> str:
    device = TOTPDevice.objects.get(user=user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def enrol(client, user) -> list[str]:
    client.get("/accounts/two-factor/")
    response = client.post("/accounts/two-factor/", {"token": code_for(user)})
    assert response.status_code == 200
    return response.context["codes"]


def test_staff_must_enrol_before_anything_else(clerk):
    client = signed_in("clerk")
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/?next=")
    page = client.get("/accounts/two-factor/").content.decode()
    assert "设置双因素认证" in page and "/accounts/two-factor/qr.png" in page
    qr = client.get("/accounts/two-factor/qr.png")
    assert qr["Content-Type"] == "image/png" and qr["Cache-Control"] == "no-store"


def test_enrolment_confirms_with_a_code_and_shows_ten_recovery_codes_once(clerk):
    client = signed_in("clerk")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        refused = client.post("/accounts/two-factor/", {"token": "000000"})
        assert refused.status_code == 400 and "验证码不正确" in refused.content.decode()
        clock.shift(dt.timedelta(seconds=2))
        codes = enrol(client, clerk)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/").status_code == 200
    assert AuditEntry.objects.filter(action="enroll_two_factor", actor_id=clerk.pk).count() == 1


def test_after_enrolment_every_sign_in_asks_for_a_code(clerk):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        enrol(signed_in("clerk"), clerk)
        clock.shift(dt.timedelta(seconds=60))
        client = signed_in("clerk")
        assert client.get("/")["Location"].startswith("/accounts/two-factor/verify/")
        wrong = client.post("/accounts/two-factor/verify/", {"token": "123456"})
        assert wrong.status_code == 400 and "不正确" in wrong.content.decode()
        clock.shift(dt.timedelta(seconds=2))  # a wrong code pauses the device 1 s, doubling each time
        response = client.post("/accounts/two-factor/verify/", {"token": code_for(clerk), "next": "/audit/"})
        assert response.status_code == 302 and response["Location"] == "/audit/"
        assert client.get("/").status_code == 200
    actions = set(AuditEntry.objects.filter(actor_id=clerk.pk).values_list("action", flat=True))
    assert {"two_factor_failure", "verify_two_factor"} <= actions


def test_a_recovery_code_works_once(clerk):
    codes = enrol(signed_in("clerk"), clerk)
    client = signed_in("clerk")
    assert client.post("/accounts/two-factor/verify/", {"token": codes[0]}).status_code == 302
    again = signed_in("clerk")
    assert again.post("/accounts/two-factor/verify/", {"token": codes[0]}).status_code == 400
    assert AuditEntry.objects.filter(action="verify_two_factor", note="使用恢复码").count() == 1


def test_an_off_site_next_is_ignored(clerk):
    client = signed_in("clerk")
    client.get("/accounts/two-factor/")
    response = client.post(
        "/accounts/two-factor/", {"token": code_for(clerk), "next": "https://evil.example/"}
    )
    assert 'href="/"' in response.content.decode()


@pytest.mark.parametrize("role", [Role.LEADER, Role.UNIT_HANDLER, Role.STATION_STAFF])
def test_leaders_unit_handlers_and_station_staff_need_it(congress, unit, station, role):
    where = (
        {"unit": unit}
        if role == Role.UNIT_HANDLER
        else {"station": station}
        if role == Role.STATION_STAFF
        else {}
    )
    make_user("someone", "某人", congress, role, **where)
    assert signed_in("someone").get("/").status_code == 302


def test_superusers_need_it(db):
    User.objects.create_superuser("root", password=PASSWORD)
    assert signed_in("root").get("/")["Location"].startswith("/accounts/two-factor/")


def test_deputies_need_it_only_where_the_congress_says_so(congress, deputy):
    assert signed_in(deputy.username).get("/").status_code == 200
    congress.settings = {"accounts": {"deputies_need_two_factor": True}}
    congress.save()
    assert signed_in(deputy.username).get("/").status_code == 302


def test_switched_off_nobody_is_asked(clerk, settings):
    settings.TWO_FACTOR_REQUIRED = False
    assert signed_in("clerk").get("/").status_code == 200


def test_new_recovery_codes_replace_the_old_ones(clerk):
    client = signed_in("clerk")
    old = enrol(client, clerk)
    assert "重新生成恢复码" in client.get("/accounts/two-factor/").content.decode()
    new = client.post("/accounts/two-factor/recovery/").context["codes"]
    assert not set(old) & set(new)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert signed_in("clerk").post("/accounts/two-factor/verify/", {"token": old[1]}).status_code == 400
        clock.shift(dt.timedelta(seconds=2))
        assert signed_in("clerk").post("/accounts/two-factor/verify/", {"token": new[1]}).status_code == 302
    assert AuditEntry.objects.filter(action="renew_recovery_codes").count() == 1


def test_an_unverified_session_cannot_renew_recovery_codes(clerk):
    enrol(signed_in("clerk"), clerk)
    response = signed_in("clerk").post("/accounts/two-factor/recovery/")
    assert response.status_code == 302 and "verify" in response["Location"]
