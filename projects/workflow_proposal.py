"""Proposals (群众建议) during the call: submitted → merged / not taken / taken.

A public online proposal writes no audit row: the Proposal row (channel, time) is itself the
record, and a per-congress audit chain head would serialise every submission of a busy call.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
import uuid
from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from core import audit, citizen_sms, ratelimit, workflow
from core.dates import today
from core.workflow import TransitionRefused
from projects import permissions as perms
from projects import rules
from projects.models import Attachment, Call, Project, Proposal, Supporter
from registry.models import Deputy

C, P = Call.Status, Proposal.Status

TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "merge": ({P.SUBMITTED}, P.MERGED),
    "decline": ({P.SUBMITTED}, P.NOT_TAKEN),
    "take": ({P.SUBMITTED, P.TAKEN}, P.TAKEN),  # linked to a candidate project (draw_up / edit_project)
}

ACTION_LABELS = {
    "merge": "合并",
    "decline": "不予采纳",
    "take": "纳入候选项目",
}

PERMISSIONS = {
    "merge": perms.can_merge,
    "decline": perms.can_decline,
}


def allowed_actions(proposal: Proposal, user) -> list[str]:
    """The buttons on a proposal (taking it is done by drawing up a project, not by a button)."""
    return [
        verb
        for verb, check in PERMISSIONS.items()
        if proposal.status in TRANSITIONS[verb][0] and check(user, proposal)
    ]


def accepting(call: Call, on: dt.date | None = None) -> bool:
    """Whether the call takes public proposals on the day."""
    on = on or today()
    return call.status == C.OPEN and call.opens_on <= on <= call.closes_on


# Public proposals (the page and the API alike): per address per hour, per mobile number per day.
IP_LIMIT, MOBILE_LIMIT = 20, 5


def too_many_from_address(ip: str) -> str:
    """The refusal once an address has sent IP_LIMIT proposals within the hour, else ""."""
    if ratelimit.allow("projects-proposal-ip", ip, limit=IP_LIMIT, window=3600):
        return ""
    return "提交过于频繁，请一小时后再试。"


def too_many_from_mobile(mobile: str) -> str:
    """The refusal once a mobile number has sent MOBILE_LIMIT proposals within the day, else ""."""
    if ratelimit.allow("projects-proposal-mobile", mobile, limit=MOBILE_LIMIT, window=86400):
        return ""
    return f"同一手机号码每天最多提交 {MOBILE_LIMIT} 条建议，请明天再试。"


def _new_code(year: int) -> str:
    return rules.tracking_code(year, secrets.token_bytes(8))


def save_files(files: Sequence, **owner) -> None:
    """Store checked uploads (a proposal's attachments, a progress report's photos)."""
    for upload in files:
        upload.seek(0)
        content_type, extension = rules.sniff(upload.read(16))
        upload.seek(0)
        attachment = Attachment(
            original_name=(upload.name or "附件")[:150], content_type=content_type, size=upload.size, **owner
        )
        # The stored name is random: the citizen's file name never reaches the file system.
        attachment.file.save(f"{uuid.uuid4().hex}{extension}", upload, save=False)
        attachment.save()


def submit_proposal(
    call: Call,
    *,
    data: Mapping,
    files: Sequence = (),
    channel: str = Proposal.Channel.ONLINE,
    actor=None,
    deputy: Deputy | None = None,
    station=None,
    request=None,
) -> tuple[Proposal, bool]:
    """Store a proposal and its checked attachments; returns (proposal, duplicate).

    A near-identical proposal (same fingerprint in the same call) is not stored twice: the
    submission is linked to the proposal already received (Supporter row, counter +1), and that
    proposal's tracking code is returned. The unique constraint decides, so racing duplicates too.
    """
    if channel != Proposal.Channel.ONLINE and not perms.can_submit_on_behalf(actor, call.congress):
        raise PermissionDenied("您没有权限代为提交建议。")
    if channel == Proposal.Channel.ONLINE and not accepting(call):
        raise TransitionRefused("本年度项目建议征集未在进行中。")
    if channel != Proposal.Channel.ONLINE and call.status != C.OPEN:
        raise TransitionRefused("征集已经结束，不能再录入建议。")
    fields = {k: data[k] for k in ("title", "description", "location", "category", "name", "mobile")}
    fields["subdistrict_id"] = getattr(data["subdistrict"], "pk", data["subdistrict"])
    fields["title"], fields["description"] = fields["title"].strip(), fields["description"].strip()
    fields["sms_opt_in"] = bool(data.get("sms_opt_in")) and bool(fields["mobile"])
    fingerprint = rules.fingerprint(fields["title"], fields["description"])
    entered_by = actor if getattr(actor, "is_authenticated", False) else None
    for _attempt in range(5):
        try:
            # One INSERT, no savepoint: the unique constraint aborts the whole transaction on a
            # duplicate, so the duplicate is handled after it (a busy call takes hundreds a second).
            # A lone INSERT needs no BEGIN/COMMIT round trips; attachments and audit rows go with it.
            alone = not files and channel == Proposal.Channel.ONLINE and not connection.in_atomic_block
            with contextlib.nullcontext() if alone else transaction.atomic():
                proposal = Proposal.objects.create(
                    congress_id=call.congress_id,
                    call=call,
                    tracking_code=_new_code(call.year),
                    fingerprint=fingerprint,
                    channel=channel,
                    deputy=deputy,
                    station=station,
                    entered_by=entered_by,
                    **fields,
                )
                save_files(files, proposal=proposal)
                if proposal.sms_opt_in:
                    _send_tracking_code(proposal, proposal.mobile)
                if channel != Proposal.Channel.ONLINE:
                    audit.record(
                        actor=actor,
                        action="submit",
                        obj=proposal,
                        congress=call.congress_id,
                        request=request,
                        changes=audit.snapshot(
                            proposal, ["tracking_code", "title", "channel", "deputy", "station"]
                        ),
                    )
            return proposal, False
        except IntegrityError:
            with transaction.atomic():
                existing = (
                    Proposal.objects.select_for_update().filter(call=call, fingerprint=fingerprint).first()
                )
                if existing is not None:
                    Supporter.objects.create(
                        proposal=existing, name=fields["name"], mobile=fields["mobile"], channel=channel
                    )
                    Proposal.objects.filter(pk=existing.pk).update(supporters=F("supporters") + 1)
                    if fields["sms_opt_in"]:  # the supporter gets the code they are told on the page
                        _send_tracking_code(existing, fields["mobile"])
                    return existing, True
            # otherwise the random tracking code collided: draw another
    raise TransitionRefused("系统繁忙，请稍后重试。")  # pragma: no cover — five collisions of 39 random bits


ITEM = "项目建议"


def _send_tracking_code(proposal: Proposal, mobile: str) -> None:
    citizen_sms.send_tracking_code(proposal.call.congress, mobile, item=ITEM, code=proposal.tracking_code)


def _send_status(proposal: Proposal) -> None:
    """The SMS a proposer who asked for it gets when the status the tracking page shows changes."""
    if proposal.sms_opt_in and proposal.mobile:
        citizen_sms.send_status(
            proposal.call.congress,
            proposal.mobile,
            item=ITEM,
            code=proposal.tracking_code,
            status=proposal.get_status_display(),
        )


def merge(proposal: Proposal, *, actor, into: Proposal, request=None) -> Proposal:
    """并案: a near-duplicate the fingerprint missed is folded into another proposal of the call."""

    def apply(locked: Proposal) -> None:
        target = Proposal.objects.select_for_update().get(pk=into.pk)
        if target.pk == locked.pk or target.call_id != locked.call_id:
            raise TransitionRefused("只能合并到同一年度征集中的另一条建议。")
        if target.status == P.MERGED:
            raise TransitionRefused(f"{target.tracking_code} 本身已合并到其他建议，请合并到最终的那一条。")
        locked.merged_into = target
        Proposal.objects.filter(pk=target.pk).update(supporters=F("supporters") + 1 + locked.supporters)

    return workflow.transition(
        "merge",
        proposal,
        actor=actor,
        table=TRANSITIONS,
        labels=ACTION_LABELS,
        permission=perms.can_merge,
        apply=apply,
        notify=_send_status,
        request=request,
    )


def tag_reserve_pool(proposal: Proposal, *, actor, on: bool, request=None) -> Proposal:
    """储备库: a tag, not a status — a proposal of any status can be kept for later years."""
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if not perms.can_tag_reserve_pool(actor, locked):
            raise PermissionDenied("您没有权限进行此操作。")
        if locked.in_reserve_pool == on:
            return locked
        locked.in_reserve_pool = on
        locked.save(update_fields=["in_reserve_pool"])
        audit.record(
            actor=actor,
            action="tag_reserve_pool",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={"in_reserve_pool": [not on, on]},
        )
    return locked


def decline(proposal: Proposal, *, actor, reason: str, note: str = "", request=None) -> Proposal:
    if reason not in rules.DECLINE_REASONS:
        raise TransitionRefused("请选择未采纳的原因。")
    note = (note or "").strip()
    if reason == "other" and not note:
        raise TransitionRefused("选择“其他原因”时请填写说明。")

    def apply(locked: Proposal) -> None:
        if locked.call.status not in (C.OPEN, C.SCREENING):
            raise TransitionRefused("候选项目名单已经确定，不能再改变建议的处理结果。")
        locked.decline_reason, locked.decline_note = reason, note[:300]
        if reason == "reserve_pool":
            locked.in_reserve_pool = True

    return workflow.transition(
        "decline",
        proposal,
        actor=actor,
        table=TRANSITIONS,
        labels=ACTION_LABELS,
        queryset=Proposal.objects.select_related("call__congress"),
        permission=perms.can_decline,
        apply=apply,
        note=note,
        notify=_send_status,
        request=request,
    )


def take(project: Project, proposals: Sequence[Proposal]) -> None:
    """Link the proposals a candidate project is drawn up from (纳入); part of draw_up / edit_project,
    whose audit entry lists them. A proposal no other project takes goes back to 已收到."""
    sources, target = TRANSITIONS["take"]
    for proposal in proposals:
        if proposal.call_id != project.call_id:
            raise TransitionRefused(f"建议 {proposal.tracking_code} 不属于本年度征集。")
        if proposal.status not in sources:
            raise TransitionRefused(
                f"建议 {proposal.tracking_code} 当前为“{proposal.get_status_display()}”，不能纳入候选项目。"
            )
    before = set(project.proposals.values_list("pk", flat=True))
    project.proposals.set(proposals)
    newly_taken = [p.pk for p in proposals if p.status != target]
    Proposal.objects.filter(pk__in=[p.pk for p in proposals]).update(status=target)
    dropped = before - {p.pk for p in proposals}
    back = list(Proposal.objects.filter(pk__in=dropped, projects__isnull=True).values_list("pk", flat=True))
    Proposal.objects.filter(pk__in=back).update(status=P.SUBMITTED)
    for changed in Proposal.objects.filter(pk__in=newly_taken + back, sms_opt_in=True).select_related(
        "call__congress"
    ):
        _send_status(changed)
