"""三员分立: the system, security and audit administrators each do their part, are refused each other's,
see no business data, and no administrator can make an account that acts as another."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import backends, rules, workflow
from accounts.models import Role, RoleAssignment, User
from conftest import PASSWORD, client_for, make_user
from core import audit
from core.models import AuditEntry

pytestmark = pytest.mark.django_db

# Pages by whose they are; every persona below must be refused every group but its own.
SYSTEM_PAGES = ["accounts:user_list", "accounts:user_create", "accounts:deputy_logins"]
SECURITY_PAGES = ["accounts:security_list", "accounts:grant_review"]
AUDIT_PAGES = ["portal:audit_list", "portal:audit_export", "portal:audit_checkpoints"]
BUSINESS_PAGES = [
    "suggestions:inbox",
    "suggestions:list",
    "projects:index",
    "stations:inbox",
    "stations:station_list",
    "meetings:meeting_list",
    "elections:election_list",
    "materials:consultation_list",
    "oversight:activity_list",
    "oversight:appointment_list",
    "performance:ranking",
    "reports:dashboard",
    "registry:deputy_list",
    "registry:seat_list",
]
OWN = {
    "system_admin": SYSTEM_PAGES,
    "security_admin": SECURITY_PAGES,
    "auditor": AUDIT_PAGES,
    "clerk": BUSINESS_PAGES,
}


@pytest.mark.parametrize("persona", sorted(OWN))
def test_each_role_opens_its_own_pages_and_is_refused_everyone_elses(request, persona):
    client = client_for(request.getfixturevalue(persona))
    for name in OWN[persona]:
        assert client.get(reverse(name)).status_code == 200, name
    for other, pages in OWN.items():
        if other == persona:
            continue
        for name in pages:
            assert client.get(reverse(name)).status_code == 403, (persona, name)


@pytest.mark.parametrize("persona", ["system_admin", "security_admin", "auditor"])
def test_administrators_see_no_business_data_even_through_the_api(request, persona, deputy):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/api/v1/suggestions").status_code == 403
    assert client.get(reverse("registry:deputy_detail", args=[deputy.deputy.pk])).status_code == 403
    home = client.get("/")
    assert home.status_code == 200 and home.context["todos"] == []
    assert "张代表" not in home.content.decode()


@pytest.mark.parametrize("persona", ["system_admin", "security_admin", "auditor"])
def test_an_administrators_device_token_opens_no_business_api(request, persona):
    from api.tests.helpers import api_client

    response = api_client(request.getfixturevalue(persona)).get("/api/v1/suggestions")
    assert response.status_code == 403 and "不能使用业务接口" in response.json()["detail"]


def test_only_the_system_admin_edits_the_local_rules_and_only_the_security_admin_the_security_ones(
    congress, system_admin, security_admin, auditor, clerk
):
    page = client_for(system_admin).get("/settings/").content.decode()
    assert ">节假日安排</h2>" in page and ">账户安全</h2>" not in page
    page = client_for(security_admin).get("/settings/").content.decode()
    assert ">账户安全</h2>" in page and ">节假日安排</h2>" not in page and "安全设置" in page
    stations = {
        "stations-refer_days": "7",
        "stations-reply_days": "30",
        "stations-reception_notice_days": "3",
    }
    stations |= {"stations-message_ip_limit": "10", "stations-message_phone_limit": "5"}
    security = {"accounts-deputies_need_two_factor": "on"}
    assert client_for(security_admin).post("/settings/stations/", stations).status_code == 403
    assert client_for(system_admin).post("/settings/accounts/", security).status_code == 403
    for person in (auditor, clerk):
        assert client_for(person).get("/settings/").status_code == 403
        assert client_for(person).post("/settings/stations/", stations).status_code == 403
    assert client_for(system_admin).post("/settings/stations/", stations).status_code == 302
    assert client_for(security_admin).post("/settings/accounts/", security).status_code == 302
    congress.refresh_from_db()
    assert congress.settings["stations"]["refer_days"] == 7
    assert congress.settings["accounts"]["deputies_need_two_factor"] is True
    actors = set(AuditEntry.objects.filter(action="update_settings").values_list("actor_id", flat=True))
    assert actors == {system_admin.pk, security_admin.pk}


def pause(user, rf, ip="10.0.0.9"):
    request = rf.post("/accounts/login/", REMOTE_ADDR=ip)
    for _ in range(5):
        backends.record_failure(request, user.username, ip, user)


def test_the_security_admin_lifts_a_sign_in_pause_and_it_is_audited(security_admin, deputy, rf):
    pause(deputy, rf)
    assert backends.pauses(deputy)
    assert Client().login(username="deputy", password=PASSWORD)  # the test client has no address
    client = client_for(security_admin)
    assert "暂停中（1 个地址）" in client.get("/accounts/security/").content.decode()
    detail = client.get(reverse("accounts:security_detail", args=[deputy.pk])).content.decode()
    assert "来自 10.0.0.9：暂停至" in detail and "未启用" in detail
    response = client.post(reverse("accounts:clear_sign_in_pauses", args=[deputy.pk]))
    assert response.status_code == 302
    assert backends.pauses(deputy) == []
    entry = AuditEntry.objects.get(action="clear_sign_in_pauses")
    assert entry.actor_id == security_admin.pk and entry.object_id == str(deputy.pk)


def test_the_security_admin_resets_a_lost_second_factor_after_confirming(security_admin, clerk):
    TOTPDevice.objects.create(user=clerk, name="身份验证器", confirmed=True)
    StaticDevice.objects.create(user=clerk, name="恢复码", confirmed=True)
    client = client_for(security_admin)
    url = reverse("accounts:reset_two_factor", args=[clerk.pk])
    asked = client.post(url)
    assert asked.status_code == 200 and "确定重置" in asked.content.decode()
    assert TOTPDevice.objects.filter(user=clerk).exists()
    assert client.post(url, {"confirmed": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=clerk).exists()
    assert not StaticDevice.objects.filter(user=clerk).exists()
    assert AuditEntry.objects.get(action="reset_two_factor").actor_id == security_admin.pk


def test_security_steps_are_refused_to_the_system_admin_and_the_auditor(system_admin, auditor, deputy):
    for person in (system_admin, auditor):
        client = client_for(person)
        assert client.post(reverse("accounts:clear_sign_in_pauses", args=[deputy.pk])).status_code == 403
        url = reverse("accounts:reset_two_factor", args=[deputy.pk])
        assert client.post(url, {"confirmed": "yes"}).status_code == 403


def test_user_steps_are_refused_to_the_security_admin_and_the_auditor(security_admin, auditor, deputy):
    for person in (security_admin, auditor):
        client = client_for(person)
        assert client.post(reverse("accounts:reset_password", args=[deputy.pk])).status_code == 403
        assert (
            client.post(reverse("accounts:lock_user", args=[deputy.pk]), {"reason": "x"}).status_code == 403
        )
        grant = {"role": Role.LEADER}
        assert client.post(reverse("accounts:grant_role", args=[deputy.pk]), grant).status_code == 403
    deputy.refresh_from_db()
    assert deputy.is_active and not RoleAssignment.objects.filter(user=deputy, role=Role.LEADER).exists()


def test_the_grant_review_flags_a_clash_of_duties(security_admin, auditor, congress):
    # Every write path now refuses it; a row written before that check (or by bulk SQL) still shows here.
    RoleAssignment.objects.bulk_create([RoleAssignment(user=auditor, congress=congress, role=Role.STAFF)])
    page = client_for(security_admin).get(reverse("accounts:grant_review")).content.decode()
    assert "郑审计：既是安全审计员，又是工作人员" in page
    assert "钱安全" in page


def test_the_auditor_reads_exports_and_verifies_the_log_and_changes_nothing(auditor, clerk, congress):
    audit.record(actor=clerk, action="update", congress=congress, object_repr="某代表建议")
    audit.write_checkpoint()
    client = client_for(auditor)
    assert "某代表建议" in client.get("/audit/").content.decode()
    logged = AuditEntry.objects.filter(congress_id=congress.pk).count()
    response = client.get(reverse("portal:audit_export"))
    assert response.status_code == 200 and response["Content-Type"].endswith("spreadsheetml.sheet")
    export = AuditEntry.objects.get(action="export")
    assert export.actor_id == auditor.pk and export.changes == {"rows": logged}
    page = client.get(reverse("portal:audit_checkpoints"), {"verify": "1"}).content.decode()
    assert "校验通过" in page
    assert AuditEntry.objects.get(action="verify_audit").actor_id == auditor.pk
    for name in AUDIT_PAGES:
        assert client.post(reverse(name)).status_code == 405


def test_the_auditor_sees_tampering(auditor, clerk, congress):
    entry = audit.record(actor=clerk, action="update", congress=congress, object_repr="某代表建议")
    AuditEntry.objects.filter(pk=entry.pk).update(object_repr="另一件事")
    page = client_for(auditor).get(reverse("portal:audit_checkpoints"), {"verify": "1"}).content.decode()
    assert "校验发现" in page and "内容与校验码不符" in page


def test_the_administrator_roles_are_granted_by_a_superuser_only(system_admin, congress):
    someone = make_user("someone", "某人")
    for role in rules.ADMINISTRATOR_ROLES:
        with pytest.raises(workflow.UserRefused, match="超级管理员"):
            workflow.grant(actor=system_admin, user=someone, congress=congress, role=role)
        with pytest.raises(workflow.UserRefused, match="超级管理员"):
            workflow.create_user(
                actor=system_admin, congress=congress, username=f"x-{role}", full_name="某", role=role
            )
    root = User.objects.create_superuser("root", password="x-Strong-1")
    workflow.grant(actor=root, user=someone, congress=congress, role=Role.AUDITOR)
    assert RoleAssignment.objects.filter(user=someone, role=Role.AUDITOR, is_active=True).exists()


def test_the_system_admin_cannot_take_over_another_administrators_account(
    system_admin, security_admin, auditor, congress
):
    for other in (security_admin, auditor):
        with pytest.raises(workflow.UserRefused, match="超级管理员"):
            workflow.reset_password(actor=system_admin, user=other, congress=congress)
        with pytest.raises(workflow.UserRefused, match="超级管理员"):
            workflow.set_active(actor=system_admin, user=other, congress=congress, active=False, reason="x")
    assignment = RoleAssignment.objects.get(user=auditor)
    with pytest.raises(workflow.UserRefused, match="超级管理员"):
        workflow.revoke(actor=system_admin, assignment=assignment)


def test_nobody_grants_themself_a_role(system_admin, congress):
    with pytest.raises(workflow.UserRefused, match="自己的账户"):
        workflow.grant(actor=system_admin, user=system_admin, congress=congress, role=Role.STAFF)


def test_one_person_holds_one_administrator_role_and_no_business_role(congress, clerk, auditor):
    root = User.objects.create_superuser("root", password="x-Strong-1")
    with pytest.raises(workflow.UserRefused, match="三员分立"):
        workflow.grant(actor=root, user=auditor, congress=congress, role=Role.SECURITY_ADMIN)
    with pytest.raises(workflow.UserRefused, match="三员分立"):
        workflow.grant(actor=root, user=auditor, congress=congress, role=Role.STAFF)
    with pytest.raises(workflow.UserRefused, match="三员分立"):
        workflow.grant(actor=root, user=clerk, congress=congress, role=Role.AUDITOR)


def test_the_clash_rule():
    assert rules.conflicting_role("auditor", {"system_admin"}) == "system_admin"
    assert rules.conflicting_role("auditor", {"staff"}) == "staff"
    assert rules.conflicting_role("staff", {"security_admin", "deputy"}) == "security_admin"
    assert rules.conflicting_role("staff", {"deputy", "leader"}) is None
    assert rules.conflicting_role("auditor", {"auditor"}) is None


def test_administrators_need_a_second_factor(settings, system_admin, security_admin, auditor):
    from accounts import two_factor

    settings.TWO_FACTOR_REQUIRED = True
    assert all(two_factor.required_for(u) for u in (system_admin, security_admin, auditor))


def test_no_write_path_outside_the_workflow_gives_an_administrator_a_second_role(congress, auditor, clerk):
    with pytest.raises(ValidationError, match="三员分立：该用户已是安全审计员，不能再担任安全管理员"):
        RoleAssignment.objects.create(user=auditor, congress=congress, role=Role.SECURITY_ADMIN)
    with pytest.raises(ValidationError, match="三员分立：该用户已是工作人员，不能再担任系统管理员"):
        RoleAssignment.objects.create(user=clerk, congress=congress, role=Role.SYSTEM_ADMIN)
    held = RoleAssignment.objects.get(user=auditor, role=Role.AUDITOR)
    held.is_active = False
    held.save()  # a revoked administrator role blocks nothing
    RoleAssignment.objects.create(user=auditor, congress=congress, role=Role.SECURITY_ADMIN)
    assert set(
        RoleAssignment.objects.filter(user=auditor, is_active=True).values_list("role", flat=True)
    ) == {Role.SECURITY_ADMIN}
