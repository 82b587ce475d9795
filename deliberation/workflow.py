"""Every write of group deliberation: atomic, with a keyword-only actor and one audit row each.

A group is open while its members deliberate; once summarised its speeches are final (no edits,
no deletions) until staff reopen it. Only this module assigns DiscussionGroup.status.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.permissions import deputy_of
from core import audit
from core import workflow as steps
from core.workflow import TransitionRefused
from deliberation import permissions, rules
from deliberation.models import DeliberationOpinion, DiscussionGroup, GroupMembership, Speech

S = DiscussionGroup.Status

TRANSITIONS = {
    "summarise": ({S.OPEN}, S.SUMMARISED),
    "reopen": ({S.SUMMARISED}, S.OPEN),
}
ACTION_LABELS = {"summarise": "汇总定稿", "reopen": "重新开放"}


def allowed_actions(group: DiscussionGroup, user) -> list[str]:
    checks = {"summarise": permissions.can_summarise, "reopen": permissions.can_reopen}
    return [v for v in steps.available(TRANSITIONS, group.status) if checks[v](user, group)]


def _check_members(meeting, deputies, group: DiscussionGroup | None = None) -> None:
    # A working body's deputies' meeting gathers deputies of several levels: its members are
    # those listed at the meeting when it opened (meetings.workflow.stationed_deputies).
    listed = set(meeting.attendances.values_list("deputy_id", flat=True))
    for deputy in deputies:
        if deputy.congress_id != meeting.congress_id and deputy.pk not in listed:
            raise TransitionRefused(f"{deputy.name}不是本级人大代表。")
    taken = (
        GroupMembership.objects.filter(meeting=meeting, deputy__in=deputies)
        .exclude(group=group)
        .select_related("group", "deputy")
    )
    for row in taken:
        raise TransitionRefused(
            f"{row.deputy.name}代表已在{row.group.name}，同一会议每位代表只能参加一个小组。"
        )


def create_group(
    meeting, *, actor, name, convenor=None, room="", members=(), request=None
) -> DiscussionGroup:
    if not permissions.can_manage_groups(actor, meeting):
        raise PermissionDenied(steps.DENIED)
    members = list(dict.fromkeys([*members, *([convenor] if convenor else [])]))
    with transaction.atomic():
        if DiscussionGroup.objects.filter(meeting=meeting, name=name).exists():
            raise TransitionRefused(f"本次会议已有名为“{name}”的小组。")
        _check_members(meeting, members)
        group = DiscussionGroup.objects.create(
            congress_id=meeting.congress_id, meeting=meeting, name=name, convenor=convenor, room=room
        )
        GroupMembership.objects.bulk_create(
            GroupMembership(meeting=meeting, group=group, deputy=d) for d in members
        )
        audit.record(
            actor=actor,
            action="create_group",
            obj=group,
            congress=group.congress_id,
            changes={"name": name, "convenor": str(convenor or ""), "members": [d.name for d in members]},
            request=request,
        )
    return group


def add_members(group: DiscussionGroup, deputies, *, actor, request=None) -> None:
    if not permissions.can_manage_groups(actor, group.meeting):
        raise PermissionDenied(steps.DENIED)
    deputies = [d for d in deputies if not group.memberships.filter(deputy=d).exists()]
    with transaction.atomic():
        _check_members(group.meeting, deputies, group)
        GroupMembership.objects.bulk_create(
            GroupMembership(meeting=group.meeting, group=group, deputy=d) for d in deputies
        )
        audit.record(
            actor=actor,
            action="add_members",
            obj=group,
            congress=group.congress_id,
            changes={"members": [d.name for d in deputies]},
            request=request,
        )


def remove_member(group: DiscussionGroup, deputy, *, actor, request=None) -> None:
    if not permissions.can_manage_groups(actor, group.meeting):
        raise PermissionDenied(steps.DENIED)
    with transaction.atomic():
        if group.speeches.filter(deputy=deputy).exists():
            raise TransitionRefused(f"{deputy.name}代表在本组已有发言记录，不能移出。")
        if group.convenor_id == deputy.pk:
            raise TransitionRefused(f"{deputy.name}代表是本组召集人，不能移出。")
        group.memberships.filter(deputy=deputy).delete()
        audit.record(
            actor=actor,
            action="remove_member",
            obj=group,
            congress=group.congress_id,
            changes={"member": deputy.name},
            request=request,
        )


def _check_speech(group: DiscussionGroup, deputy, agenda_item) -> None:
    if group.status != S.OPEN:
        raise TransitionRefused(f"{group.name}的发言已汇总定稿，不能再修改。")
    if not group.memberships.filter(deputy=deputy).exists():
        raise TransitionRefused(f"{deputy.name}代表不是{group.name}的成员，不能记录其发言。")
    if agenda_item.meeting_id != group.meeting_id:
        raise TransitionRefused("所选议题不属于本次会议。")


def _locked_group(group: DiscussionGroup, actor) -> DiscussionGroup:
    locked = DiscussionGroup.objects.select_for_update().get(pk=group.pk)
    if not permissions.can_record_speech(actor, locked):
        raise PermissionDenied(steps.DENIED)
    return locked


def record_speech(group, *, actor, deputy, agenda_item, summary, request=None) -> Speech:
    with transaction.atomic():
        locked = _locked_group(group, actor)
        _check_speech(locked, deputy, agenda_item)
        speech = Speech.objects.create(
            congress_id=locked.congress_id,
            group=locked,
            deputy=deputy,
            agenda_item=agenda_item,
            summary=summary,
            recorded_by=actor,
        )
        audit.record(
            actor=actor,
            action="record_speech",
            obj=speech,
            congress=speech.congress_id,
            changes={"deputy": deputy.name, "agenda_item": agenda_item.title, "summary": summary},
            request=request,
        )
    return speech


def remark(annotation, *, actor, summary: str = "", request=None) -> Speech:
    """A deputy's private annotation on a meeting material, made a remark in their discussion group
    on the material's agenda item, linked to the version, page and passage it is about."""
    from materials.models import Material

    if annotation.user_id != actor.pk:
        raise PermissionDenied(steps.DENIED)
    summary = (summary or annotation.note or "").strip()
    if not summary:
        raise TransitionRefused("请填写发言内容。")
    if len(summary) > 4000:
        raise TransitionRefused("发言内容不能超过 4000 字。")
    material = Material.objects.select_related("meeting", "agenda_item").get(
        pk=annotation.version.material_id
    )
    if material.agenda_item is None:
        raise TransitionRefused("该材料没有对应的议题，不能转为审议发言。")
    deputy = deputy_of(actor, material.congress_id, holding_role=False)
    row = (
        GroupMembership.objects.filter(meeting=material.meeting, deputy=deputy)
        .select_related("group")
        .first()
        if deputy
        else None
    )
    if row is None:
        raise TransitionRefused("您不在本次会议的审议小组中，不能转为审议发言。")
    with transaction.atomic():
        group = DiscussionGroup.objects.select_for_update().get(pk=row.group_id)
        if group.status != S.OPEN:
            raise TransitionRefused(f"{group.name}的发言已汇总定稿，不能再增加。")
        if Speech.objects.filter(annotation=annotation).exists():
            raise TransitionRefused("这条批注已转为审议发言。")
        speech = Speech.objects.create(
            congress_id=group.congress_id,
            group=group,
            deputy=deputy,
            agenda_item=material.agenda_item,
            summary=summary,
            annotation=annotation,
            material_version=annotation.version,
            page=annotation.page,
            quote=annotation.quote,
            recorded_by=actor,
        )
        audit.record(
            actor=actor,
            action="remark",
            obj=speech,
            congress=speech.congress_id,
            changes={
                "agenda_item": material.agenda_item.title,
                "material": f"{material.title}（第{annotation.version.number}版）",
                "page": annotation.page,
                "summary": summary,
            },
            request=request,
        )
    return speech


def edit_speech(speech: Speech, *, actor, deputy, agenda_item, summary, request=None) -> Speech:
    with transaction.atomic():
        locked = _locked_group(speech.group, actor)
        _check_speech(locked, deputy, agenda_item)
        before = audit.snapshot(speech)
        speech.deputy, speech.agenda_item, speech.summary = deputy, agenda_item, summary
        diff = audit.diff(before, audit.snapshot(speech))
        speech.save(update_fields=["deputy", "agenda_item", "summary"])
        audit.record(
            actor=actor,
            action="edit_speech",
            obj=speech,
            congress=speech.congress_id,
            changes=diff,
            request=request,
        )
    return speech


def delete_speech(speech: Speech, *, actor, request=None) -> None:
    with transaction.atomic():
        locked = _locked_group(speech.group, actor)
        if locked.status != S.OPEN:
            raise TransitionRefused(f"{locked.name}的发言已汇总定稿，不能删除。")
        audit.record(
            actor=actor,
            action="delete_speech",
            obj=speech,
            congress=speech.congress_id,
            changes={"deputy": speech.deputy.name, "summary": speech.summary},
            request=request,
        )
        speech.delete()


def summarise(group, *, actor, request=None) -> DiscussionGroup:
    return steps.transition(
        "summarise",
        group,
        actor=actor,
        table=TRANSITIONS,
        labels=ACTION_LABELS,
        permission=permissions.can_summarise,
        request=request,
    )


def reopen(group, *, actor, request=None) -> DiscussionGroup:
    return steps.transition(
        "reopen",
        group,
        actor=actor,
        table=TRANSITIONS,
        labels=ACTION_LABELS,
        permission=permissions.can_reopen,
        request=request,
    )


def initial_draft(agenda_item) -> str:
    speeches = (
        Speech.objects.filter(agenda_item=agenda_item)
        .select_related("group", "deputy")
        .order_by("group_id", "pk")
    )
    return rules.draft_text((s.group.name, s.deputy.name, s.summary) for s in speeches)


def save_opinion(agenda_item, *, actor, text, request=None) -> DeliberationOpinion:
    if not permissions.can_manage_groups(actor, agenda_item.meeting):
        raise PermissionDenied(steps.DENIED)
    with transaction.atomic():
        opinion = DeliberationOpinion.objects.select_for_update().filter(agenda_item=agenda_item).first()
        before = opinion.text if opinion else ""
        if opinion is None:
            opinion = DeliberationOpinion(
                congress_id=agenda_item.meeting.congress_id, agenda_item=agenda_item, updated_by=actor
            )
        opinion.text, opinion.updated_by = text, actor
        opinion.save()
        audit.record(
            actor=actor,
            action="save_opinion",
            obj=opinion,
            congress=opinion.congress_id,
            changes={"text": [before, text]},
            request=request,
        )
    return opinion
