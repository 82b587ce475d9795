"""The audit log records every change, cannot be edited through the app, and detects tampering."""

import pytest
from django.core.management import CommandError, call_command

from conftest import client_for, make_deputy
from core import audit
from core.models import AuditChainHead, AuditEntry

pytestmark = pytest.mark.django_db


def record_three(congress, clerk):
    deputy = make_deputy(congress)
    entries = []
    for name in ("甲", "乙", "丙"):
        before = audit.snapshot(deputy)
        deputy.name = name
        deputy.save()
        entries.append(
            audit.record(
                actor=clerk,
                action="update",
                obj=deputy,
                congress=congress,
                changes=audit.diff(before, audit.snapshot(deputy)),
            )
        )
    return entries


def test_record_keeps_actor_action_object_and_changed_fields(congress, clerk):
    entry = record_three(congress, clerk)[0]
    assert entry.actor_id == clerk.pk and entry.actor_label == "王文书"
    assert entry.action == "update" and entry.object_type == "registry.deputy"
    assert entry.changes["name"][1] == "甲"
    assert list(entry.changes) == ["name"]


def test_entries_are_chained_by_the_previous_hash(congress, clerk):
    first, second, third = record_three(congress, clerk)
    assert (first.seq, second.seq, third.seq) == (1, 2, 3)
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert audit.verify_chain() == []


def test_an_entry_cannot_be_changed_or_deleted_through_the_model(congress, clerk):
    entry = record_three(congress, clerk)[0]
    entry.note = "改动"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_verification_detects_an_edited_entry(congress, clerk):
    second = record_three(congress, clerk)[1]
    AuditEntry.objects.filter(pk=second.pk).update(changes={"name": ["甲", "篡改"]})
    problems = audit.verify_chain()
    assert [(p.seq, p.entry_id) for p in problems] == [(2, second.pk)]
    with pytest.raises(CommandError, match="校验失败"):
        call_command("audit_verify")


def test_verification_detects_a_deleted_entry_in_the_middle(congress, clerk):
    second = record_three(congress, clerk)[1]
    AuditEntry.objects.filter(pk=second.pk)._raw_delete(AuditEntry.objects.db)
    messages = [p.message for p in audit.verify_chain()]
    assert any("缺失" in m for m in messages)


def test_verification_detects_a_deleted_last_entry(congress, clerk):
    third = record_three(congress, clerk)[2]
    AuditEntry.objects.filter(pk=third.pk)._raw_delete(AuditEntry.objects.db)
    assert any("链尾" in p.message for p in audit.verify_chain())


def test_verify_command_reports_an_intact_log(congress, clerk, capsys):
    record_three(congress, clerk)
    call_command("audit_verify")
    assert "校验通过" in capsys.readouterr().out


def test_each_congress_has_its_own_chain(congress, other_congress, clerk, outsider):
    record_three(congress, clerk)
    audit.record(actor=outsider, action="create", congress=other_congress, object_repr="x")
    assert AuditChainHead.objects.get(chain=other_congress.pk).last_seq == 1
    assert AuditChainHead.objects.get(chain=congress.pk).last_seq == 3


def test_staff_browse_and_filter_their_own_congress_log(congress, other_congress, clerk, outsider):
    record_three(congress, clerk)
    audit.record(actor=outsider, action="secret_action", congress=other_congress, object_repr="外区对象")
    page = client_for(clerk).get("/audit/", {"action": "update", "actor": "王"})
    assert page.status_code == 200
    assert page.content.decode().count("<code>update</code>") == 3
    assert "外区对象" not in page.content.decode()


def test_audit_filters_tolerate_malformed_input(congress, clerk):
    page = client_for(clerk).get("/audit/", {"start": "not-a-date", "page": "abc", "end": "2026-13-45"})
    assert page.status_code == 200


def test_only_staff_see_the_audit_log(congress, leader, deputy, unit_handler):
    for user in (leader, deputy, unit_handler):
        assert client_for(user).get("/audit/").status_code == 403


def test_an_empty_file_field_is_logged_as_an_empty_name():
    from django.db.models.fields.files import FieldFile, FileField

    from core.models import Notification

    empty = FieldFile(Notification(), FileField(name="photo"), None)
    assert audit.to_json_value(empty) == ""
