"""The audit log records every change, cannot be edited through the app, and detects tampering."""

import hashlib
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

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
    assert (second.seq, third.seq) == (first.seq + 1, first.seq + 2)
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
    assert [(p.seq, p.entry_id) for p in problems] == [(second.seq, second.pk)]
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


def test_verification_detects_a_reordering(congress, clerk):
    first, second, _ = record_three(congress, clerk)
    # Swap the two entries' places in the chain (through a free seq, the pair is unique).
    AuditEntry.objects.filter(pk=first.pk).update(seq=-1)
    AuditEntry.objects.filter(pk=second.pk).update(seq=first.seq)
    AuditEntry.objects.filter(pk=first.pk).update(seq=second.seq)
    problems = audit.verify_chain()
    assert {p.entry_id for p in problems} >= {first.pk, second.pk}


def recompute_chain_with(congress, key: str | None, edited):
    """What an attacker with database access does: rewrite an entry, then recompute every code and the head."""
    prev = ""
    for entry in AuditEntry.objects.filter(chain=congress.pk).order_by("seq"):
        if entry.pk == edited.pk:
            entry.changes = {"name": ["甲", "篡改"]}
        entry.prev_hash = prev
        if key is None:
            payload = json.loads(json.dumps(entry.changes))  # plain SHA-256 as before the key
            text = json.dumps({"p": prev, "c": payload, "s": entry.seq}, sort_keys=True)
            entry.hash = hashlib.sha256(text.encode()).hexdigest()
        else:
            with override_settings(AUDIT_KEY=key):
                entry.hash = audit.entry_hash(entry)
        AuditEntry.objects.filter(pk=entry.pk).update(changes=entry.changes, prev_hash=prev, hash=entry.hash)
        prev = entry.hash
    AuditChainHead.objects.filter(chain=congress.pk).update(last_hash=prev)


@pytest.mark.parametrize("key", [None, "a-guessed-key"])
def test_verification_detects_a_chain_recomputed_without_the_key(congress, clerk, key):
    second = record_three(congress, clerk)[1]
    recompute_chain_with(congress, key, second)
    problems = audit.verify_chain()
    assert problems and all("校验码" in p.message for p in problems)
    # every entry's code is wrong, not only the edited one
    assert len(problems) == AuditEntry.objects.filter(chain=congress.pk).count()


def test_recomputing_with_the_key_is_what_the_key_protects(congress, clerk):
    """The control's premise: only a holder of the key could rewrite the chain undetected."""
    second = record_three(congress, clerk)[1]
    recompute_chain_with(congress, "test-audit-key-not-for-production", second)
    assert audit.verify_chain() == []


def test_verification_detects_the_tail_deleted_together_with_the_head(congress, clerk):
    _, second, third = record_three(congress, clerk)
    audit.write_checkpoint()
    AuditEntry.objects.filter(pk=third.pk)._raw_delete(AuditEntry.objects.db)
    AuditChainHead.objects.filter(chain=congress.pk).update(last_seq=second.seq, last_hash=second.hash)
    problems = audit.verify_chain()
    assert [p.seq for p in problems] == [third.seq]
    assert "检查点" in problems[0].message
    with pytest.raises(CommandError):
        call_command("audit_verify")


def test_a_forged_checkpoint_line_is_reported(congress, clerk):
    record_three(congress, clerk)
    audit.write_checkpoint()
    path = audit.checkpoint_path()
    line = json.loads(path.read_text().splitlines()[-1])
    line["seq"] = 2
    with open(path, "a") as f:
        f.write(json.dumps(line) + "\n")
    assert any("签名无效" in p.message for p in audit.verify_chain())


def test_checkpoints_are_appended_never_rewritten(congress, clerk):
    third = record_three(congress, clerk)[2]
    audit.write_checkpoint()
    before = audit.checkpoint_path().read_text()
    audit.record(actor=clerk, action="create", congress=congress, object_repr="x")
    call_command("audit_checkpoint")
    after = audit.checkpoint_path().read_text()
    assert after.startswith(before) and len(after.splitlines()) == len(before.splitlines()) + 1
    assert json.loads(after.splitlines()[-1])["seq"] == third.seq + 1


def test_verify_writes_a_checkpoint_only_when_the_log_is_intact(congress, clerk):
    second = record_three(congress, clerk)[1]
    call_command("audit_verify")
    lines = len(audit.checkpoint_path().read_text().splitlines())
    AuditEntry.objects.filter(pk=second.pk).update(note="改")
    with pytest.raises(CommandError):
        call_command("audit_verify")
    assert len(audit.checkpoint_path().read_text().splitlines()) == lines


def test_a_long_field_is_logged_as_hash_length_and_excerpt(congress, clerk):
    body = "正文" * 1_000_000  # 2 M characters
    entry = audit.record(actor=clerk, action="update", congress=congress, changes={"body": ["", body]})
    old, new = entry.changes["body"]
    assert old == ""
    assert new["sha256"] == hashlib.sha256(body.encode()).hexdigest()
    assert new["length"] == 2_000_000 and len(new["excerpt"]) == 200
    assert len(json.dumps(entry.changes, ensure_ascii=False)) < 1000
    assert audit.verify_chain() == []


def test_verify_command_reports_an_intact_log(congress, clerk, capsys):
    record_three(congress, clerk)
    call_command("audit_verify")
    assert "校验通过" in capsys.readouterr().out


def test_each_congress_has_its_own_chain(congress, other_congress, clerk, outsider):
    record_three(congress, clerk)
    audit.record(actor=outsider, action="create", congress=other_congress, object_repr="x")
    assert (
        AuditChainHead.objects.get(chain=other_congress.pk).last_seq
        == AuditEntry.objects.filter(chain=other_congress.pk).count()
    )
    assert (
        AuditChainHead.objects.get(chain=congress.pk).last_seq
        == AuditEntry.objects.filter(chain=congress.pk).count()
    )
    assert AuditEntry.objects.filter(chain=congress.pk, action="update").count() == 3


def test_the_auditor_browses_and_filters_their_own_congress_log(
    congress, other_congress, clerk, auditor, outsider
):
    record_three(congress, clerk)
    audit.record(actor=outsider, action="secret_action", congress=other_congress, object_repr="外区对象")
    page = client_for(auditor).get("/audit/", {"action": "update", "actor": "王"})
    assert page.status_code == 200
    assert page.content.decode().count("<code>update</code>") == 3
    assert "外区对象" not in page.content.decode()


def test_audit_filters_tolerate_malformed_input(congress, auditor):
    page = client_for(auditor).get("/audit/", {"start": "not-a-date", "page": "abc", "end": "2026-13-45"})
    assert page.status_code == 200


def test_only_the_auditor_sees_the_audit_log(congress, clerk, leader, deputy, unit_handler, system_admin):
    for user in (clerk, leader, deputy, unit_handler, system_admin):
        assert client_for(user).get("/audit/").status_code == 403


def test_an_empty_file_field_is_logged_as_an_empty_name():
    from django.db.models.fields.files import FieldFile, FileField

    from core.models import Notification

    empty = FieldFile(Notification(), FileField(name="photo"), None)
    assert audit.to_json_value(empty) == ""


def test_role_grants_and_revocations_are_audited_whoever_writes_them(congress, clerk):
    from accounts.models import Role, RoleAssignment
    from conftest import make_user

    user = make_user("newcomer", "新同事")
    assignment = RoleAssignment.objects.create(user=user, congress=congress, role=Role.STAFF)
    pk = assignment.pk
    assignment.is_active = False
    assignment.save()
    assignment.delete()
    entries = AuditEntry.objects.filter(object_type="accounts.roleassignment", object_id=str(pk)).order_by(
        "seq"
    )
    assert [e.action for e in entries] == ["grant_role", "revoke_role", "revoke_role"]
    assert all(e.congress_id == congress.pk for e in entries)
    assert entries[0].changes["role"] == [None, "staff"]
    assert entries[1].changes == {"is_active": [True, False]}


def test_a_role_granted_during_a_request_names_the_acting_user(congress, clerk, rf):
    from accounts.models import Role, RoleAssignment
    from conftest import make_user

    request = rf.get("/", REMOTE_ADDR="10.0.0.5")
    request.user = clerk
    token = audit._current_request.set(request)
    try:
        RoleAssignment.objects.create(user=make_user("x2", "某"), congress=congress, role=Role.LEADER)
    finally:
        audit._current_request.reset(token)
    entry = AuditEntry.objects.filter(action="grant_role").latest("seq")
    assert entry.actor_id == clerk.pk and entry.ip == "10.0.0.5"


def test_exports_of_personal_data_are_audited_with_the_row_count(congress, clerk, rf):
    request = rf.get("/registry/deputies/export/")
    request.user, request.congress = clerk, congress
    audit.record_export(request, what="代表名册", count=365)
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor_id == clerk.pk and entry.congress_id == congress.pk
    assert "代表名册" in entry.note and "365" in entry.note and entry.changes == {"rows": 365}


def test_the_upgrade_reseals_an_intact_unkeyed_chain_under_the_key(congress, clerk):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("core.migrations.0005_audit_keyed_chain")
    record_three(congress, clerk)
    # Rewrite the chains as the previous version wrote them: plain SHA-256, no key.
    for head in AuditChainHead.objects.all():
        prev = ""
        for entry in AuditEntry.objects.filter(chain=head.chain).order_by("seq"):
            plain = hashlib.sha256(migration.payload_text(entry, prev).encode()).hexdigest()
            AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=prev, hash=plain)
            prev = plain
        AuditChainHead.objects.filter(pk=head.pk).update(last_hash=prev)
    assert audit.verify_chain()  # not valid under the key yet
    migration.reseal(apps, None)
    assert audit.verify_chain() == []


def test_the_upgrade_leaves_a_broken_unkeyed_chain_for_verify_to_report(congress, clerk):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("core.migrations.0005_audit_keyed_chain")
    second = record_three(congress, clerk)[1]
    AuditEntry.objects.filter(pk=second.pk).update(note="篡改")
    migration.reseal(apps, None)
    assert any(p.entry_id == second.pk for p in audit.verify_chain())
