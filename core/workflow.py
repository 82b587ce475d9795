"""The one workflow step every app's workflow.py calls, and the one TransitionRefused.

    def assign(message, *, actor, handler, request=None):
        return workflow.transition(
            "assign", message, actor=actor, table=TRANSITIONS, labels=ACTION_LABELS,
            permission=permissions.can_assign, apply={"handler": handler},
            notify=lambda locked: notify.send([handler], title=..., kind="assign", ...),
            request=request,
        )

In one transaction: lock the row (select_for_update), check the permission and the source
status against the app's TRANSITIONS table (verb → (source statuses, target)), apply the change,
save only the fields that changed, write exactly one audit entry with the actor; notifications
are queued to run when the transaction commits, so a refused or rolled-back step sends nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from core import audit

M = TypeVar("M", bound=models.Model)

DENIED = "您没有权限进行此操作。"

# verb → (source statuses, target): a status, or the statuses the step may end in (one: that
# status; several: apply sets one of them; none: the status is unchanged)
Table = Mapping[str, tuple[Collection[str], Any]]


class TransitionRefused(Exception):
    """The change cannot be made; the message (Chinese) says why."""


class AlreadyVoted(TransitionRefused):
    """A second ballot (or evaluation) of the same voter; the device API answers 409 to it."""

    def __init__(self, message: str = "您已投票，不能重复投票。"):
        super().__init__(message)


def refusal(obj: Any, label: str) -> str:
    """The message for a verb tried from a status its table row does not list."""
    return f"当前状态为“{obj.get_status_display()}”，不能{label}。"


def stated(text: str | None, what: str, *, longest: int | None = None) -> str:
    """A reason a step must give (``what``: 撤回原因, 退回理由, 请假事由…), stripped of blanks;
    refused in Chinese when missing, and when longer than ``longest`` characters if a limit is set."""
    text = (text or "").strip()
    if not text:
        raise TransitionRefused(f"请填写{what}。")
    if longest is not None and len(text) > longest:
        raise TransitionRefused(f"{what}不能超过{longest}字。")
    return text


def available(table: Table, status: str) -> list[str]:
    """The verbs of ``table`` whose source statuses include ``status``, in table order."""
    return [verb for verb, (sources, _target) in table.items() if status in sources]


def _reaches(target, before: str, after: str) -> bool:
    """Whether ``after`` is the row's target, one of its targets, or (no targets) unchanged."""
    if isinstance(target, str):
        return True  # the step set it, or apply chose another outcome (e.g. passed / rejected)
    return after in target if target else after == before


def _value(value, locked):
    return value(locked) if callable(value) else value


def _field_names(obj: models.Model, attnames: Collection[str]) -> list[str]:
    return [f.name for f in obj._meta.concrete_fields if f.attname in attnames]


def transition(
    verb: str,
    obj: M,
    *,
    actor,
    table: Table,
    labels: Mapping[str, str],
    permission: Callable[[Any, M], bool] | None = None,
    denied: str = DENIED,
    apply: Callable[[M], str | None] | Mapping[str, Any] | None = None,
    queryset: models.QuerySet | None = None,
    refused: Callable[[M], str] | None = None,
    note: str | Callable[[M], str] = "",
    changes: Mapping | Callable[[M], Mapping | None] | None = None,
    congress=None,
    unaudited: Collection[str] = (),
    notify: Callable[[M], None] | None = None,
    request=None,
) -> M:
    """Apply ``verb`` to ``obj`` and return the locked, saved row.

    - ``permission(actor, locked)`` is checked on the locked row before the status (PermissionDenied
      with ``denied``); ``refused(locked)`` words the wrong-status refusal (default: refusal()).
    - ``apply`` is a dict of field values, or a callable that changes the locked row (and may write
      other rows, or raise TransitionRefused); a callable may return the target status when the
      table row allows more than one outcome. With a single target the step sets it.
    - The audit entry (action = verb) carries the changed fields, except ``unaudited`` ones, plus
      ``changes``; ``note``, ``changes`` and ``congress`` may be callables of the locked row,
      evaluated after apply. ``congress`` defaults to the row's congress.
    - ``notify(locked)`` runs on commit.
    """
    sources, target = table[verb]
    with transaction.atomic():
        rows = queryset if queryset is not None else type(obj)._default_manager
        # Any: the step reads .status and .congress_id, which every workflow model has.
        locked: Any = rows.select_for_update().get(pk=obj.pk)
        if permission is not None and not permission(actor, locked):
            raise PermissionDenied(denied)
        if locked.status not in sources:
            raise TransitionRefused(refused(locked) if refused else refusal(locked, labels[verb]))
        before = audit.snapshot(locked)
        status_before = locked.status
        chosen = None
        if callable(apply):
            chosen = apply(locked)
        elif apply:
            for name, value in apply.items():
                setattr(locked, name, value)
        if isinstance(target, str) or len(target) == 1:
            locked.status = chosen or (target if isinstance(target, str) else next(iter(target)))
        elif chosen:
            locked.status = chosen
        if not _reaches(target, status_before, locked.status):
            raise ValueError(f"{verb}: status {locked.status!r} is not a target of its TRANSITIONS row")
        diff = audit.diff(before, audit.snapshot(locked))
        if diff:
            touched = [f.name for f in locked._meta.concrete_fields if getattr(f, "auto_now", False)]
            locked.save(update_fields=list(dict.fromkeys(_field_names(locked, diff) + touched)))
        hidden = {f.attname for f in locked._meta.concrete_fields if {f.name, f.attname} & set(unaudited)}
        recorded = {k: v for k, v in diff.items() if k not in hidden}
        recorded.update(_value(changes, locked) or {})
        audit.record(
            actor=actor,
            action=verb,
            obj=locked,
            congress=_value(congress, locked) if congress is not None else locked.congress_id,
            changes=recorded,
            note=(_value(note, locked) or "")[:500],
            request=request,
        )
        if notify is not None:
            transaction.on_commit(lambda: notify(locked))
    return locked
