"""Cross-level referral (DOMAIN §11): refer, then the receiving office accepts, replies or sends back.

A referred station message moves with it (stations.workflow.refer_to_body, and on the receiving
office's answer close_after_referral / return_from_body), so the citizen's one tracking code
shows where the message is and the other body's handling.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from accounts.models import Role, RoleAssignment
from core import audit, dates, notify, workflow
from core.dates import today
from core.workflow import TransitionRefused
from referrals import permissions, rules
from referrals.models import Referral
from registry import bodies
from stations import workflow as stations_workflow
from stations.models import Message

S = Referral.Status

TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "accept": ({S.REFERRED}, S.ACCEPTED),
    "reply": ({S.REFERRED, S.ACCEPTED}, S.REPLIED),
    "send_back": ({S.REFERRED, S.ACCEPTED}, S.SENT_BACK),
    "adopt": ({S.REFERRED, S.ACCEPTED}, S.ADOPTED),
}

ACTION_LABELS = {
    "refer": "转交其他人大",
    "accept": "签收",
    "reply": "答复转交机构",
    "send_back": "退回转交机构",
    "adopt": "接收为本机构建议",
}

PERMISSIONS = {
    "accept": permissions.can_accept,
    "reply": permissions.can_reply,
    "send_back": permissions.can_send_back,
    "adopt": permissions.can_adopt,
}

setting = rules.SETTINGS.value


def allowed_actions(referral: Referral, user) -> list[str]:
    return [
        verb
        for verb, (sources, _t) in TRANSITIONS.items()
        if referral.status in sources and PERMISSIONS[verb](user, referral)
    ]


def _office(congress_id) -> list:
    return [
        a.user
        for a in RoleAssignment.objects.filter(
            congress_id=congress_id, role=Role.STAFF, is_active=True
        ).select_related("user")
    ]


def _url(referral: Referral) -> str:
    return reverse("referrals:detail", args=[referral.pk])


def refer(item, *, actor, target, note: str, request=None) -> Referral:
    """Refer ``item`` (a stations.Message awaiting referral, or a suggestions.Suggestion) to ``target``'s office."""
    note = (note or "").strip()
    if not note:
        raise TransitionRefused("请说明转交理由。")
    if not permissions.can_refer(actor, item):
        raise PermissionDenied("您没有权限进行此操作。")
    if target is None or target.pk == item.congress_id or target.pk not in bodies.related_ids(item.congress):
        raise TransitionRefused("请选择上级或下级人大（不能转交本机构或无隶属关系的机构）。")
    if not target.role_assignments.filter(role=Role.STAFF, is_active=True).exists():
        raise TransitionRefused(f"{target.name}尚未开通办公室工作人员账户，无法转交。")
    accept_due, reply_due = rules.due_dates(
        today(),
        setting(target, "accept_working_days"),
        setting(target, "reply_days"),
        dates.calendar_of(target),
    )
    is_message = isinstance(item, Message)
    with transaction.atomic():
        locked_item = type(item).objects.select_for_update().get(pk=item.pk)
        if not is_message and locked_item.status not in rules.SUGGESTION_REFERABLE:
            raise TransitionRefused(
                f"当前状态为“{locked_item.get_status_display()}”，立案后、交办前才能转交其他人大。"
            )
        open_rows = Referral.objects.filter(status__in=[S.REFERRED, S.ACCEPTED])
        if open_rows.filter(**{"message" if is_message else "suggestion": item}).exists():
            raise TransitionRefused("该事项已转交，正在对方办理中。")
        referral = Referral.objects.create(
            congress_id=item.congress_id,
            target=target,
            message=item if is_message else None,
            suggestion=None if is_message else item,
            note=note,
            referred_on=today(),
            accept_due=accept_due,
            reply_due=reply_due,
            referred_by=actor,
        )
        if is_message:
            stations_workflow.refer_to_body(
                item, actor=actor, target=target, reply_due=reply_due, request=request
            )
        audit.record(
            actor=actor,
            action="refer",
            obj=referral,
            congress=referral.congress_id,
            request=request,
            changes={"target": [None, target.pk], "status": [None, S.REFERRED]},
            note=f"转交{target.name}：{note}"[:500],
        )
        transaction.on_commit(
            lambda: notify.send(
                _office(target.pk),
                title=f"{item.congress.display_short_name}转交：{referral.item_label}",
                body=f"请于 {accept_due:%Y-%m-%d} 前签收，{reply_due:%Y-%m-%d} 前答复。",
                url=_url(referral),
                kind="refer",
                congress=target.pk,
            )
        )
    return referral


def _step(
    verb: str, referral: Referral, *, actor, request, apply=None, note: str = "", tell_sender: str = ""
):
    def notify_sender(locked: Referral) -> None:
        if tell_sender:
            notify.send(
                _office(locked.congress_id),
                title=f"{locked.target.display_short_name}{tell_sender}：{locked.item_label}",
                url=_url(locked),
                kind=verb,
                congress=locked.congress_id,
            )

    return workflow.transition(
        verb,
        referral,
        actor=actor,
        table=TRANSITIONS,
        labels=ACTION_LABELS,
        permission=PERMISSIONS[verb],
        apply=apply,
        note=note,
        congress=lambda locked: locked.target_id,  # the receiving office acts: its own audit chain
        notify=notify_sender,
        request=request,
    )


def accept(referral: Referral, *, actor, request=None) -> Referral:
    return _step(
        "accept", referral, actor=actor, request=request, apply={"accepted_on": today(), "handled_by": actor}
    )


def reply(referral: Referral, *, actor, reply: str, request=None) -> Referral:
    """The receiving office answers; a referred message is closed with this answer for the citizen."""
    reply = (reply or "").strip()
    if not reply:
        raise TransitionRefused("请填写办理答复。")

    def apply(locked: Referral) -> None:
        locked.reply, locked.replied_on = reply, today()
        locked.handled_by = locked.handled_by or actor
        locked.accepted_on = locked.accepted_on or today()
        if locked.message_id:
            stations_workflow.close_after_referral(
                locked.message,
                actor=actor,
                reply=f"（由{locked.target.name}办理）{reply}",
                permission=lambda user, _m: permissions.can_reply(user, locked),
                request=request,
            )

    return _step("reply", referral, actor=actor, request=request, apply=apply, tell_sender="已答复")


def send_back(referral: Referral, *, actor, reason: str, request=None) -> Referral:
    """Not this body's matter: back to the referring office, which handles it or refers it elsewhere."""
    reason = workflow.stated(reason, "退回理由")

    def apply(locked: Referral) -> None:
        locked.send_back_reason = reason
        locked.handled_by = locked.handled_by or actor
        if locked.message_id:
            stations_workflow.return_from_body(
                locked.message,
                actor=actor,
                reason=f"{locked.target.name}退回：{reason}",
                permission=lambda user, _m: permissions.can_send_back(user, locked),
                request=request,
            )

    return _step(
        "send_back",
        referral,
        actor=actor,
        request=request,
        apply=apply,
        note=reason[:500],
        tell_sender="已退回",
    )


def adopt(referral: Referral, *, actor, request=None) -> Referral:
    """The receiving office takes a referred suggestion as its own (DOMAIN §11: a suggestion belongs to
    the congress of the seat in which it is raised): a new suggestion there, registered and linked,
    the original marked transferred (suggestions.workflow.transfer_to). Audited in both chains."""
    from suggestions import workflow as suggestions_workflow

    def apply(locked: Referral) -> None:
        if not locked.suggestion_id:
            raise TransitionRefused("只有转交的代表建议可以接收为本机构建议。")
        suggestions_workflow.transfer_to(
            locked.suggestion,
            actor=actor,
            target=locked.target,
            permission=lambda user, _s: permissions.can_adopt(user, locked),
            request=request,
        )
        locked.handled_by = locked.handled_by or actor
        locked.accepted_on = locked.accepted_on or today()

    return _step("adopt", referral, actor=actor, request=request, apply=apply, tell_sender="已接收立案")


def adopted_as(referral: Referral):
    """The receiving body's own suggestion made from a referred one, or None."""
    if referral.status != S.ADOPTED or not referral.suggestion_id:
        return None
    return referral.suggestion.transferred_to.filter(congress_id=referral.target_id).first()
