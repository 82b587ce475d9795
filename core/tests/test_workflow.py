"""The one workflow step (core.workflow.transition), shown on a deputy's status."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

from conftest import make_deputy
from core import workflow
from core.models import AuditEntry, Notification
from core.notify import send
from registry.models import Deputy

S = Deputy.Status
TRANSITIONS = {
    "suspend": ({S.SERVING}, S.SUSPENDED),
    "reinstate": ({S.SUSPENDED}, S.SERVING),
    "note_only": ({S.SERVING, S.SUSPENDED}, ()),
}
LABELS = {"suspend": "暂停执行代表职务", "reinstate": "恢复执行代表职务", "note_only": "备注"}


# The fixtures' role grants are audited too (accounts/audit_events.py); the step's own entries are the rest.
ROLE_ACTIONS = ("grant_role", "revoke_role", "update_role")


@pytest.fixture
def member(congress, term):
    return make_deputy(congress, term)


def suspend(member, actor, **options):
    return workflow.transition(
        "suspend",
        member,
        actor=actor,
        table=TRANSITIONS,
        labels=LABELS,
        apply={"suspended_on": dt.date(2026, 3, 1), "status_reason": "因故"},
        **options,
    )


def test_the_step_locks_the_row(member, clerk):
    original = QuerySet.select_for_update
    with mock.patch.object(QuerySet, "select_for_update", autospec=True, side_effect=original) as lock:
        suspend(member, clerk)
    assert lock.call_count >= 1
    assert lock.call_args_list[0].args[0].model is Deputy


def test_it_moves_to_the_target_and_saves_the_fields_applied(member, clerk):
    changed = suspend(member, clerk)
    member.refresh_from_db()
    assert changed.status == member.status == S.SUSPENDED
    assert member.suspended_on == dt.date(2026, 3, 1)


def test_it_saves_only_the_changed_fields(member, clerk):
    with mock.patch.object(Deputy, "save", autospec=True) as save:
        suspend(member, clerk)
    assert set(save.call_args.kwargs["update_fields"]) == {"status", "suspended_on", "status_reason"}


def test_it_writes_exactly_one_audit_entry_with_the_actor(member, clerk):
    suspend(member, clerk, note="依法暂停")
    entry = AuditEntry.objects.get(action="suspend")
    assert entry.actor_id == clerk.pk
    assert entry.congress_id == member.congress_id
    assert entry.object_id == str(member.pk)
    assert entry.changes["status"] == [S.SERVING, S.SUSPENDED]
    assert entry.note == "依法暂停"


def test_a_wrong_source_status_is_refused_in_chinese_and_nothing_is_saved(member, clerk):
    with pytest.raises(workflow.TransitionRefused, match="当前状态为“在任”，不能恢复执行代表职务。"):
        workflow.transition(
            "reinstate",
            member,
            actor=clerk,
            table=TRANSITIONS,
            labels=LABELS,
            apply={"status_reason": "不应写入"},
        )
    member.refresh_from_db()
    assert member.status == S.SERVING and member.status_reason == ""
    assert not AuditEntry.objects.filter(action="reinstate").exists()


def test_the_status_read_is_the_locked_rows_not_the_callers_copy(member, clerk):
    stale = Deputy.objects.get(pk=member.pk)
    suspend(member, clerk)
    with pytest.raises(workflow.TransitionRefused):
        suspend(stale, clerk)
    assert AuditEntry.objects.filter(action="suspend").count() == 1


def test_a_refusal_raised_while_applying_rolls_everything_back(member, clerk):
    def apply(locked):
        locked.status_reason = "写了一半"
        locked.save(update_fields=["status_reason"])
        raise workflow.TransitionRefused("日期不能晚于今天。")

    with pytest.raises(workflow.TransitionRefused, match="日期不能晚于今天"):
        workflow.transition("suspend", member, actor=clerk, table=TRANSITIONS, labels=LABELS, apply=apply)
    member.refresh_from_db()
    assert member.status == S.SERVING and member.status_reason == ""
    assert not AuditEntry.objects.exclude(action__in=ROLE_ACTIONS).exists()


def test_the_permission_is_checked_on_the_locked_row(member, clerk, outsider):
    with pytest.raises(PermissionDenied):
        suspend(member, outsider, permission=lambda user, locked: user.pk == clerk.pk)
    member.refresh_from_db()
    assert member.status == S.SERVING
    assert not AuditEntry.objects.exclude(action__in=ROLE_ACTIONS).exists()


def test_an_app_words_its_own_refusal(member, clerk):
    Deputy.objects.filter(pk=member.pk).update(status=S.SUSPENDED, suspended_on=dt.date(2026, 1, 5))
    with pytest.raises(workflow.TransitionRefused, match=f"{member.name}当前"):
        suspend(member, clerk, refused=lambda locked: f"{locked.name}当前状态不能暂停。")


def test_a_callable_may_choose_among_the_rows_targets(member, clerk):
    changed = workflow.transition(
        "note_only",
        member,
        actor=clerk,
        table=TRANSITIONS,
        labels=LABELS,
        apply=lambda locked: setattr(locked, "status_reason", "备注"),
        changes=lambda locked: {"extra": locked.status_reason},
    )
    assert changed.status == S.SERVING
    assert AuditEntry.objects.get(action="note_only").changes == {
        "status_reason": ["", "备注"],
        "extra": "备注",
    }


def test_unaudited_fields_are_saved_but_left_out_of_the_entry(member, clerk):
    suspend(member, clerk, unaudited={"suspended_on"})
    member.refresh_from_db()
    assert member.suspended_on == dt.date(2026, 3, 1)
    assert "suspended_on" not in AuditEntry.objects.get(action="suspend").changes


def test_notifications_go_out_only_on_commit(member, clerk, django_capture_on_commit_callbacks):
    def tell(locked):
        send([clerk], title=f"{locked.name}已暂停执行代表职务", kind="suspend", congress=locked.congress_id)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        suspend(member, clerk, notify=tell)
    assert len(callbacks) >= 1
    assert Notification.objects.filter(user=clerk, kind="suspend").count() == 1


def test_a_rolled_back_step_notifies_nobody(member, clerk, django_capture_on_commit_callbacks):
    told = []
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        suspend(member, clerk, notify=told.append)
        raise RuntimeError("the caller's transaction fails after the step")
    assert told == []
    member.refresh_from_db()
    assert member.status == S.SERVING


def test_a_refused_step_notifies_nobody(member, clerk, django_capture_on_commit_callbacks):
    told = []
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(workflow.TransitionRefused),
    ):
        workflow.transition(
            "reinstate", member, actor=clerk, table=TRANSITIONS, labels=LABELS, notify=told.append
        )
    assert callbacks == [] and told == []


def test_available_lists_the_verbs_a_status_allows():
    assert workflow.available(TRANSITIONS, S.SERVING) == ["suspend", "note_only"]


def test_an_outcome_the_table_does_not_list_is_a_programming_error(member, clerk):
    table = {"review": ({S.SERVING}, (S.SUSPENDED, S.TERMINATED))}

    def apply(locked):
        locked.status_reason = "不应写入"
        return S.SERVING  # neither of the row's targets

    with pytest.raises(ValueError, match="review"):
        workflow.transition(
            "review", member, actor=clerk, table=table, labels={"review": "审查"}, apply=apply
        )
    member.refresh_from_db()
    assert member.status_reason == "" and not AuditEntry.objects.exclude(action__in=ROLE_ACTIONS).exists()


def test_a_stated_reason_is_trimmed_and_a_missing_or_overlong_one_is_refused_in_chinese():
    assert workflow.stated("  会议改期  ", "撤回原因") == "会议改期"
    for blank in (None, "", "   "):
        with pytest.raises(workflow.TransitionRefused, match=r"^请填写撤回原因。$"):
            workflow.stated(blank, "撤回原因")
    assert workflow.stated("假" * 200, "请假事由", longest=200) == "假" * 200
    with pytest.raises(workflow.TransitionRefused, match=r"^请假事由不能超过200字。$"):
        workflow.stated("假" * 201, "请假事由", longest=200)
