"""The roster import opens each new deputy's login: passwords shown once (and downloadable once) or
sent by SMS; a re-import opens none twice; every login audited."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import check_password
from django.urls import reverse

from accounts.models import Role, RoleAssignment, User
from conftest import client_for, make_deputy
from core.models import AuditEntry, Job
from core.tests.fake_gateway import fake_gateway
from registry.models import Deputy
from registry.tests.test_roster_import import URL, roster_row, upload, workbook_bytes

pytestmark = pytest.mark.django_db


def import_as(client, rows, **extra):
    return client.post(URL, {"file": upload(workbook_bytes(rows)), **extra}, follow=True)


def test_the_import_opens_a_login_for_each_new_deputy_and_shows_the_passwords_once(clerk, congress, term):
    client = client_for(clerk)
    rows = [roster_row(), roster_row()]
    response = import_as(client, rows)

    page = response.content.decode()
    assert response.context["job"].state == Job.State.DONE
    assert "开通账户 2 个" in page and "只显示这一次" in page
    for deputy in Deputy.objects.filter(congress=congress):
        assert deputy.user.username == f"{congress.code}-{deputy.number}"
        assert deputy.user.mobile == deputy.phone  # signs in with the mobile number too
        assert RoleAssignment.objects.filter(user=deputy.user, role=Role.DEPUTY, congress=congress).exists()
        assert deputy.user.username in page
    assert AuditEntry.objects.filter(action="create_login", actor_id=clerk.pk).count() == 2
    job_url = response.redirect_chain[-1][0]
    assert "只显示这一次" not in client.get(job_url).content.decode()


def test_the_passwords_download_once(clerk, congress, term):
    client = client_for(clerk)
    job = import_as(client, [roster_row()]).context["job"]
    url = reverse("core:job_once_download", args=[job.pk])
    first = client.get(url)
    assert first.status_code == 200 and first["Cache-Control"] == "no-store"
    assert client.get(url).status_code == 410


def test_a_reimport_opens_no_second_login(clerk, congress, term):
    rows = [roster_row(), roster_row()]
    import_as(client_for(clerk), rows)
    users = User.objects.count()
    response = import_as(client_for(clerk), rows)
    assert response.context["job"].state == Job.State.DONE
    assert User.objects.count() == users
    assert AuditEntry.objects.filter(action="create_login").count() == 2
    assert "只显示这一次" not in response.content.decode()


def test_with_an_sms_gateway_the_passwords_can_go_to_each_deputy_instead(
    clerk, congress, term, settings, django_capture_on_commit_callbacks
):
    with fake_gateway() as (url, received), django_capture_on_commit_callbacks(execute=True):
        settings.SMS_GATEWAY_URL = url
        form = client_for(clerk).get(URL).content.decode()
        assert "初始密码以短信发送代表本人" in form
        row = roster_row()
        response = import_as(client_for(clerk), [row], send_passwords="on")
    page = response.content.decode()
    assert "初始密码已以短信发送 1 人" in page and "只显示这一次" not in page
    assert [r["json"]["mobile"] for r in received] == [row["手机号码"]]
    assert f"用户名 {congress.code}-{row['代表证号']}" in received[0]["json"]["content"]
    assert AuditEntry.objects.get(action="create_login").note == "初始密码已以短信发送本人"


def test_only_the_office_member_who_started_the_import_sees_its_page(clerk, congress, term):
    from conftest import make_user

    job = import_as(client_for(clerk), [roster_row()]).context["job"]
    colleague = make_user("colleague", "李文书", congress, Role.STAFF)
    assert client_for(colleague).get(reverse("core:job", args=[job.pk])).status_code == 404
    assert client_for(colleague).get(reverse("core:job_once_download", args=[job.pk])).status_code == 404


def test_an_imported_deputy_signs_in_with_the_initial_password_which_is_then_rehashed(clerk, congress, term):
    response = import_as(client_for(clerk), [roster_row()])
    user = Deputy.objects.get(congress=congress).user
    # 4,000 logins in one import: the random initial passwords take the fast hasher, not Argon2 ...
    assert user.password.startswith("pbkdf2_initial$")
    words = response.content.decode().replace("<", " ").replace(">", " ").split()
    password = next(word for word in words if check_password(word, user.password))
    assert user.check_password(password)
    # ... and the first successful check stores the preferred hasher's hash instead.
    assert not User.objects.get(pk=user.pk).password.startswith("pbkdf2_initial$")


def test_the_logins_written_in_bulk_are_each_audited_with_their_role_grant_and_the_chain_verifies(
    clerk, congress, term
):
    from core import audit

    import_as(client_for(clerk), [roster_row(), roster_row(), roster_row()])

    users = User.objects.filter(deputy__congress=congress)
    assert users.count() == 3
    for user in users:
        login = AuditEntry.objects.get(action="create_login", object_id=str(user.pk))
        grant = AuditEntry.objects.get(
            action="grant_role", object_id=str(RoleAssignment.objects.get(user=user).pk)
        )
        assert login.actor_id == grant.actor_id == clerk.pk
        assert grant.changes["role"] == [None, Role.DEPUTY]
        assert grant.seq + 1 == login.seq  # the grant, then the login, in the congress's chain
    assert audit.verify_chain() == []


def test_a_deputy_whose_mobile_number_signs_in_another_account_gets_a_login_by_username_only(
    clerk, congress, term
):
    from accounts import workflow

    User.objects.create_user("station-worker", password="x", full_name="站点工作人员", mobile="13912345678")
    deputy = make_deputy(congress, term, number="Z1", phone="13912345678")
    created = workflow.create_deputy_logins(actor=clerk, congress=congress, deputies=[deputy])

    [(_deputy, user, _password)] = created
    assert user.mobile is None and user.username == f"{congress.code}-Z1"
