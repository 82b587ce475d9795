"""The system administrator manages logins and roles: create, open deputies' logins, reset, lock, grant, revoke."""

import pytest

from accounts import workflow
from accounts.models import Role, RoleAssignment, User
from conftest import client_for, make_deputy
from core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_system_admin_sees_the_users_of_the_congress_only(system_admin, deputy, outsider):
    page = client_for(system_admin).get("/accounts/users/")
    assert page.status_code == 200
    text = page.content.decode()
    assert deputy.full_name in text and outsider.full_name not in text


def test_deputy_and_unit_handler_get_403(deputy, unit_handler):
    assert client_for(deputy).get("/accounts/users/").status_code == 403
    assert client_for(unit_handler).get("/accounts/users/").status_code == 403


def test_other_congress_user_is_404(system_admin, outsider):
    assert client_for(system_admin).get(f"/accounts/users/{outsider.pk}/").status_code == 404


def test_system_admin_opens_logins_for_deputies_without_one_and_sees_each_password_once(
    system_admin, congress, term
):
    d1, d2 = make_deputy(congress, term), make_deputy(congress, term)
    page = client_for(system_admin).post("/accounts/users/deputy-logins/")
    assert page.status_code == 200 and "只显示这一次" in page.content.decode()
    d1.refresh_from_db()
    d2.refresh_from_db()
    assert d1.user and d2.user
    assert RoleAssignment.objects.filter(user=d1.user, role=Role.DEPUTY, congress=congress).exists()
    assert AuditEntry.objects.filter(action="create_login").count() == 2
    # Nothing left to open the second time.
    assert "都已开通账户" in client_for(system_admin).get("/accounts/users/deputy-logins/").content.decode()


def test_system_admin_creates_a_unit_handler_login(system_admin, unit):
    page = client_for(system_admin).post(
        "/accounts/users/new/",
        {
            "username": "jyj-wang",
            "full_name": "王经办",
            "mobile": "",
            "role": Role.UNIT_HANDLER,
            "unit": unit.pk,
        },
    )
    assert page.status_code == 200, page.content.decode()
    user = User.objects.get(username="jyj-wang")
    assert RoleAssignment.objects.get(user=user).unit == unit


def test_a_unit_handler_without_a_unit_is_refused_in_chinese(system_admin):
    page = client_for(system_admin).post(
        "/accounts/users/new/", {"username": "x1", "full_name": "某人", "role": Role.UNIT_HANDLER}
    )
    assert page.status_code == 400 and "请选择承办单位。" in page.content.decode()
    assert not User.objects.filter(username="x1").exists()


def test_reset_password_shows_a_new_one_and_clears_the_lockout(system_admin, deputy):
    deputy.failed_logins = 5
    deputy.save()
    page = client_for(system_admin).post(f"/accounts/users/{deputy.pk}/reset-password/")
    assert page.status_code == 200
    deputy.refresh_from_db()
    assert deputy.failed_logins == 0
    assert AuditEntry.objects.filter(action="reset_password", object_id=str(deputy.pk)).count() == 1


def test_locking_needs_a_reason_and_stops_sign_in(system_admin, deputy):
    client = client_for(system_admin)
    client.post(f"/accounts/users/{deputy.pk}/lock/", {"reason": ""})
    deputy.refresh_from_db()
    assert deputy.is_active
    client.post(f"/accounts/users/{deputy.pk}/lock/", {"reason": "离任"})
    deputy.refresh_from_db()
    assert not deputy.is_active
    assert AuditEntry.objects.filter(action="lock_user", note="离任").count() == 1
    client.post(f"/accounts/users/{deputy.pk}/unlock/")
    deputy.refresh_from_db()
    assert deputy.is_active


def test_system_admin_cannot_lock_themself(system_admin, congress):
    with pytest.raises(workflow.UserRefused, match="自己的账户"):
        workflow.set_active(
            actor=system_admin, user=system_admin, congress=congress, active=False, reason="x"
        )


def test_grant_and_revoke_a_station_role(system_admin, deputy, station):
    client = client_for(system_admin)
    client.post(f"/accounts/users/{deputy.pk}/grant/", {"role": Role.STATION_STAFF, "station": station.pk})
    assignment = RoleAssignment.objects.get(user=deputy, role=Role.STATION_STAFF)
    assert assignment.is_active and assignment.station == station
    client.post(f"/accounts/users/{deputy.pk}/revoke/{assignment.pk}/")
    assignment.refresh_from_db()
    assert not assignment.is_active


def test_a_station_of_another_congress_cannot_be_granted(system_admin, deputy, congress, other_congress):
    from registry.models import Station, Subdistrict

    there = Subdistrict.objects.create(congress=other_congress, name="西湖街道")
    foreign = Station.objects.create(
        congress=other_congress,
        name="西湖站",
        level=Station.Level.SUBDISTRICT,
        subdistrict=there,
        address="西湖路",
    )
    with pytest.raises(workflow.UserRefused):
        workflow.grant(
            actor=system_admin, user=deputy, congress=congress, role=Role.STATION_STAFF, station=foreign
        )


def test_superuser_accounts_are_out_of_the_system_administrators_reach(system_admin, congress):
    root = User.objects.create_superuser("root", password="x-Strong-1")
    RoleAssignment.objects.create(user=root, congress=congress, role=Role.STAFF)
    with pytest.raises(workflow.UserRefused, match="超级管理员"):
        workflow.reset_password(actor=system_admin, user=root, congress=congress)
