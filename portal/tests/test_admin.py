"""Django admin (superusers only): workflow statuses are read-only, and every write is audited."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.models import Role, RoleAssignment, User
from conftest import client_for
from core.admin import AuditedAdmin, status_fields
from core.models import AuditEntry
from performance.models import PerformanceEntry
from projects.models import Call
from registry.models import Deputy

pytestmark = pytest.mark.django_db


class FormFields(HTMLParser):
    """What a browser would post from the page's admin form: every field with its current value."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self.select: str | None = None
        self.textarea: str | None = None
        self.inputs: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            self.inputs.add(name)
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file") or (kind in ("checkbox", "radio") and "checked" not in a):
                return
            self.data.setdefault(name, []).append(a.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self.inputs.add(name)
            self.select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self.select and "selected" in a:
            self.data[self.select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self.inputs.add(name)
            self.textarea = name
            self.data[name] = [""]

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def form_on(client, url) -> FormFields:
    response = client.get(url)
    assert response.status_code == 200
    fields = FormFields()
    fields.feed(response.content.decode())
    return fields


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("root", password="x", full_name="系统管理员")


@pytest.fixture
def call(congress) -> Call:
    return Call.objects.create(
        congress=congress,
        year=2026,
        title="2026年民生实事项目征集",
        opens_on="2025-09-01",
        closes_on="2025-10-31",
    )


def test_every_registered_admin_is_audited_and_keeps_status_read_only(superuser):
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, AuditedAdmin), model
        readonly = model_admin.get_readonly_fields(None)
        assert all(name in readonly for name in status_fields(model)), model
        for inline in model_admin.get_inline_instances(None):
            assert all(name in inline.get_readonly_fields(None) for name in status_fields(inline.model))


def test_a_call_status_is_shown_but_not_editable(superuser, call):
    client = client_for(superuser)
    url = reverse("admin:projects_call_change", args=[call.pk])
    fields = form_on(client, url)
    assert "status" not in fields.inputs
    assert "title" in fields.inputs
    data = {**fields.data, "status": ["closed"], "title": ["2026年民生实事项目征集（更正）"]}
    response = client.post(url, data)
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.status == Call.Status.OPEN
    assert call.title == "2026年民生实事项目征集（更正）"
    entry = AuditEntry.objects.get(action="admin_change", object_type="projects.call")
    assert entry.actor_id == superuser.pk and entry.congress_id == call.congress_id
    assert entry.changes == {"title": ["2026年民生实事项目征集", "2026年民生实事项目征集（更正）"]}


def test_granting_a_role_in_admin_writes_an_audit_entry(superuser, congress, deputy):
    client = client_for(superuser)
    url = reverse("admin:accounts_user_change", args=[deputy.pk])
    fields = form_on(client, url)
    data = dict(fields.data)
    prefix = "role_assignments"
    n = int(data[f"{prefix}-TOTAL_FORMS"][0])
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": [str(n + 1)],
            f"{prefix}-{n}-user": [str(deputy.pk)],
            f"{prefix}-{n}-congress": [str(congress.pk)],
            f"{prefix}-{n}-role": [Role.LEADER],
            f"{prefix}-{n}-is_active": ["on"],
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    grant = RoleAssignment.objects.get(user=deputy, role=Role.LEADER)
    entry = AuditEntry.objects.get(action="admin_add", object_type="accounts.roleassignment")
    assert entry.object_id == str(grant.pk)
    assert entry.actor_id == superuser.pk and entry.congress_id == congress.pk
    assert entry.changes["role"] == [None, Role.LEADER]


def add_roles_in_admin(client, user, congress, *roles):
    url = reverse("admin:accounts_user_change", args=[user.pk])
    data = dict(form_on(client, url).data)
    prefix = "role_assignments"
    n = int(data[f"{prefix}-TOTAL_FORMS"][0])
    data[f"{prefix}-TOTAL_FORMS"] = [str(n + len(roles))]
    for i, role in enumerate(roles, start=n):
        data.update(
            {
                f"{prefix}-{i}-user": [str(user.pk)],
                f"{prefix}-{i}-congress": [str(congress.pk)],
                f"{prefix}-{i}-role": [role],
                f"{prefix}-{i}-is_active": ["on"],
            }
        )
    return client.post(url, data)


def test_admin_refuses_a_second_administrator_role_for_one_person_in_chinese(superuser, congress, auditor):
    response = add_roles_in_admin(client_for(superuser), auditor, congress, Role.SYSTEM_ADMIN)
    assert response.status_code == 200  # the form again, with the reason
    assert "三员分立：该用户已是安全审计员，不能再担任系统管理员" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=auditor, role=Role.SYSTEM_ADMIN).exists()
    assert not AuditEntry.objects.filter(object_type="accounts.roleassignment", action="admin_add").exists()


def test_admin_refuses_two_clashing_roles_added_together(superuser, congress):
    newcomer = User.objects.create_user("newcomer", password="x", full_name="新来的")
    response = add_roles_in_admin(client_for(superuser), newcomer, congress, Role.SECURITY_ADMIN, Role.STAFF)
    assert response.status_code == 200
    assert "三员分立" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=newcomer).exists()


def test_admin_lets_an_administrator_change_role_by_revoking_the_old_one_in_the_same_save(
    superuser, congress, auditor
):
    client = client_for(superuser)
    url = reverse("admin:accounts_user_change", args=[auditor.pk])
    grant = RoleAssignment.objects.get(user=auditor, role=Role.AUDITOR)
    data = dict(form_on(client, url).data)
    index = next(k.split("-")[1] for k, v in data.items() if k.endswith("-id") and v == [str(grant.pk)])
    del data[f"role_assignments-{index}-is_active"]
    n = int(data["role_assignments-TOTAL_FORMS"][0])
    data["role_assignments-TOTAL_FORMS"] = [str(n + 1)]
    data.update(
        {
            f"role_assignments-{n}-user": [str(auditor.pk)],
            f"role_assignments-{n}-congress": [str(congress.pk)],
            f"role_assignments-{n}-role": [Role.SECURITY_ADMIN],
            f"role_assignments-{n}-is_active": ["on"],
        }
    )
    assert client.post(url, data).status_code == 302
    held = RoleAssignment.objects.filter(user=auditor, is_active=True).values_list("role", flat=True)
    assert list(held) == [Role.SECURITY_ADMIN]


def test_admin_saves_a_revocation_before_the_grant_it_makes_room_for_whatever_the_row_order(
    superuser, congress, auditor
):
    client = client_for(superuser)
    # An older, revoked row listed before the auditor's role: the superuser turns it into 安全管理员
    # and revokes 安全审计员 in the same save.
    RoleAssignment.objects.filter(user=auditor).delete()
    older = RoleAssignment.objects.create(user=auditor, congress=congress, role=Role.LEADER, is_active=False)
    current = RoleAssignment.objects.create(user=auditor, congress=congress, role=Role.AUDITOR)
    url = reverse("admin:accounts_user_change", args=[auditor.pk])
    data = dict(form_on(client, url).data)
    index_of = {v[0]: k.split("-")[1] for k, v in data.items() if k.endswith("-id")}
    data[f"role_assignments-{index_of[str(older.pk)]}-role"] = [Role.SECURITY_ADMIN]
    data[f"role_assignments-{index_of[str(older.pk)]}-is_active"] = ["on"]
    del data[f"role_assignments-{index_of[str(current.pk)]}-is_active"]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    held = RoleAssignment.objects.filter(user=auditor, is_active=True).values_list("role", flat=True)
    assert list(held) == [Role.SECURITY_ADMIN]


def test_revoking_a_role_in_admin_writes_an_audit_entry(superuser, congress, deputy):
    grant = RoleAssignment.objects.get(user=deputy, role=Role.DEPUTY)
    client = client_for(superuser)
    url = reverse("admin:accounts_user_change", args=[deputy.pk])
    data = dict(form_on(client, url).data)
    index = next(k.split("-")[1] for k, v in data.items() if k.endswith("-id") and v == [str(grant.pk)])
    del data[f"role_assignments-{index}-is_active"]  # the box unticked
    assert client.post(url, data).status_code == 302
    grant.refresh_from_db()
    assert not grant.is_active
    entry = AuditEntry.objects.get(action="admin_change", object_type="accounts.roleassignment")
    assert entry.changes == {"is_active": [True, False]}


def test_changing_a_password_in_admin_writes_an_audit_entry(superuser, deputy):
    client = client_for(superuser)
    url = reverse("admin:auth_user_password_change", args=[deputy.pk])
    response = client.post(
        url, {"password1": "新的密码-2026-x", "password2": "新的密码-2026-x", "usable_password": "true"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="admin_change", object_type="accounts.user")
    assert entry.object_id == str(deputy.pk) and entry.actor_id == superuser.pk
    assert "新的密码" not in str(entry.changes) and "新的密码" not in entry.note


def test_deleting_a_performance_entry_in_admin_writes_an_audit_entry(superuser, congress, deputy):
    record = PerformanceEntry.objects.create(
        congress=congress,
        deputy=Deputy.objects.get(user=deputy),
        kind=PerformanceEntry.Kind.values[0],
        date="2026-03-01",
        title="参加视察",
    )
    client = client_for(superuser)
    url = reverse("admin:performance_performanceentry_delete", args=[record.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not PerformanceEntry.objects.filter(pk=record.pk).exists()
    entry = AuditEntry.objects.get(action="admin_delete", object_type="performance.performanceentry")
    assert entry.object_id == str(record.pk) and entry.congress_id == congress.pk
    assert entry.changes["title"] == ["参加视察", None]


def test_the_bulk_delete_action_audits_each_row(superuser, congress, call):
    other = Call.objects.create(
        congress=congress, year=2027, title="2027年征集", opens_on="2026-09-01", closes_on="2026-10-31"
    )
    client = client_for(superuser)
    response = client.post(
        reverse("admin:projects_call_changelist"),
        {"action": "delete_selected", "_selected_action": [call.pk, other.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert sorted(
        AuditEntry.objects.filter(action="admin_delete", object_type="projects.call").values_list(
            "object_id", flat=True
        )
    ) == sorted([str(call.pk), str(other.pk)])


def test_only_superusers_reach_the_admin(clerk):
    assert client_for(clerk).get(reverse("admin:index")).status_code == 302
