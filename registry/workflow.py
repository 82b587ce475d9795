"""A deputy's status: serving ⇄ suspended → terminated. The only code that assigns Deputy.status.

Suspension (暂停执行代表职务) keeps the seat, so a suspended deputy still counts in N
(DOMAIN §0); termination (代表资格终止) ends the seat from its date on, and with it any seat
on the standing committee (a member who stops being a deputy stops being a member).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q

from core import audit, workflow
from core.dates import today
from core.workflow import TransitionRefused
from registry.models import CommitteeMembership, Deputy
from registry.permissions import can_change_status, can_edit_registry

S = Deputy.Status

TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "suspend": ({S.SERVING}, S.SUSPENDED),
    "reinstate": ({S.SUSPENDED}, S.SERVING),
    "terminate": ({S.SERVING, S.SUSPENDED}, S.TERMINATED),
}

ACTION_LABELS = {
    "suspend": "暂停执行代表职务",
    "reinstate": "恢复执行代表职务",
    "terminate": "终止代表资格",
}


EFFECTIVE_ON = "effective_on"  # key in a status entry's changes: the date the change takes effect


def allowed_actions(deputy: Deputy, request) -> list[str]:
    """The verbs this person may apply to this deputy now: draws the buttons, checked again on POST."""
    if not can_edit_registry(request) or deputy.congress_id != request.congress.pk:
        return []
    return [verb for verb, (sources, _target) in TRANSITIONS.items() if deputy.status in sources]


def suspend(deputy: Deputy, *, actor, on: dt.date, reason: str, request=None) -> Deputy:
    def apply(locked: Deputy) -> None:
        locked.suspended_on = on

    return _change_status("suspend", deputy, actor=actor, on=on, reason=reason, request=request, apply=apply)


def reinstate(deputy: Deputy, *, actor, on: dt.date, reason: str, request=None) -> Deputy:
    def apply(locked: Deputy) -> None:
        if locked.suspended_on and on < locked.suspended_on:
            raise TransitionRefused(f"恢复日期不能早于暂停执行职务日期（{locked.suspended_on:%Y-%m-%d}）。")
        locked.suspended_on = None

    return _change_status(
        "reinstate", deputy, actor=actor, on=on, reason=reason, request=request, apply=apply
    )


def terminate(deputy: Deputy, *, actor, on: dt.date, reason: str, request=None) -> Deputy:
    def apply(locked: Deputy) -> None:
        if locked.suspended_on and on < locked.suspended_on:
            raise TransitionRefused(
                f"资格终止日期不能早于暂停执行职务日期（{locked.suspended_on:%Y-%m-%d}）。"
            )
        locked.terminated_on = on

    return _change_status(
        "terminate", deputy, actor=actor, on=on, reason=reason, request=request, apply=apply
    )


def _change_status(verb: str, deputy: Deputy, *, actor, on: dt.date, reason: str, request, apply) -> Deputy:
    reason = (reason or "").strip()
    if not reason:
        raise TransitionRefused("请填写原因。")
    if on is None:
        raise TransitionRefused("请填写日期。")
    if on > today():
        raise TransitionRefused("日期不能晚于今天。")

    def change(locked: Deputy) -> None:
        if on < locked.elected_on:
            raise TransitionRefused(f"日期不能早于当选日期（{locked.elected_on:%Y-%m-%d}）。")
        apply(locked)
        locked.status_reason = reason[:200]

    with transaction.atomic():
        locked = workflow.transition(
            verb,
            deputy,
            actor=actor,
            table=TRANSITIONS,
            labels=ACTION_LABELS,
            permission=can_change_status,
            denied="您没有权限变更代表状态。",
            refused=lambda locked: locked.name + workflow.refusal(locked, ACTION_LABELS[verb]),
            apply=change,
            # The date the change takes effect: a reinstatement's date is kept nowhere else.
            changes={EFFECTIVE_ON: [None, on]},
            note=reason,
            request=request,
        )
        if verb == "terminate":
            _end_committee_memberships(locked, actor=actor, on=on, request=request)
    return locked


def _end_committee_memberships(deputy: Deputy, *, actor, on: dt.date, request) -> None:
    """A member whose deputy seat ends leaves the standing committee on the same day.

    代表法: when a deputy's seat terminates, their post on the standing committee ends with it.
    """
    open_memberships = CommitteeMembership.objects.select_for_update().filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=on), deputy=deputy, starts_on__lt=on
    )
    for membership in open_memberships:
        before = audit.snapshot(membership)
        membership.ends_on = on
        membership.save(update_fields=["ends_on"])
        audit.record(
            actor=actor,
            action="update",
            obj=membership,
            congress=deputy.congress_id,
            changes=audit.diff(before, audit.snapshot(membership)),
            note=f"代表资格终止，常委会职务随之终止：{deputy.name}",
            request=request,
        )
