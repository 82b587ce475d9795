"""The deputies' supervision group (代表监督小组) and its activities: forming → confirmed;
an activity's findings recorded → sent to the lead unit → replied."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core import audit, notify, workflow
from core.workflow import TransitionRefused
from projects import permissions as perms
from projects.models import Project, SupervisionActivity, SupervisionGroup
from registry.models import Deputy
from registry.queries import unit_handlers

PR, G, A = Project.Status, SupervisionGroup.Status, SupervisionActivity.Status

TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "confirm_group": ({G.FORMING, G.CONFIRMED}, G.CONFIRMED),
    "send_findings": ({A.RECORDED}, A.SENT),
    "reply": ({A.SENT}, A.REPLIED),
}

ACTION_LABELS = {
    "confirm_group": "确定监督小组",
    "send_findings": "送承办单位",
    "reply": "答复",
}

PERMISSIONS = {
    "send_findings": perms.can_send_findings,
    "reply": perms.can_reply,
}


def allowed_actions(activity: SupervisionActivity, user) -> list[str]:
    return [
        verb for verb in workflow.available(TRANSITIONS, activity.status) if PERMISSIONS[verb](user, activity)
    ]


def _step(verb: str, obj, *, actor, request, permission, **options):
    return workflow.transition(
        verb,
        obj,
        actor=actor,
        table=TRANSITIONS,
        labels=ACTION_LABELS,
        queryset=type(obj).objects.select_related("project"),
        permission=permission,
        congress=lambda locked: locked.project.congress_id,
        request=request,
        **options,
    )


def confirm_group(
    project: Project, *, actor, members: Sequence[Deputy], head: Deputy | None, request=None
) -> SupervisionGroup:
    before: list[int] = []

    def apply(locked: SupervisionGroup) -> None:
        if not members:
            raise TransitionRefused("请选择监督小组成员。")
        if any(d.congress_id != project.congress_id for d in members):
            raise TransitionRefused("监督小组成员须为本级人大代表。")
        if head is not None and head not in members:
            raise TransitionRefused("组长须为监督小组成员。")
        before.extend(sorted(locked.members.values_list("pk", flat=True)))
        locked.head, locked.confirmed_at = head, timezone.now()
        locked.members.set(members)

    def tell(locked: SupervisionGroup) -> None:
        notify.send(
            [d.user for d in members if d.user_id],
            kind="confirm_group",
            congress=project.congress_id,
            title=f"您已列入民生实事项目“{project.title}”代表监督小组",
            url=reverse("projects:project_detail", args=[project.pk]),
        )

    with transaction.atomic():
        group, _ = SupervisionGroup.objects.get_or_create(project=project)
        return _step(
            "confirm_group",
            group,
            actor=actor,
            request=request,
            permission=lambda user, locked: perms.can_confirm_group(user, locked.project),
            apply=apply,
            changes=lambda locked: {"members": [before, sorted(d.pk for d in members)]},
            notify=tell,
        )


def record_activity(
    project: Project,
    *,
    actor,
    kind: str,
    held_on: dt.date,
    participants: Sequence[Deputy],
    findings: str,
    request=None,
) -> SupervisionActivity:
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if not perms.can_record_activity(actor, locked):
            raise PermissionDenied("您没有权限进行此操作。")
        if locked.status not in (PR.ADOPTED, PR.EVALUATED):
            raise TransitionRefused("只有票决通过的项目才开展监督活动。")
        activity = SupervisionActivity.objects.create(
            project=locked, kind=kind, held_on=held_on, findings=findings.strip(), recorded_by=actor
        )
        activity.participants.set(participants)
        audit.record(
            actor=actor,
            action="record_activity",
            obj=activity,
            congress=locked.congress_id,
            request=request,
            changes={"kind": kind, "held_on": held_on, "participants": [d.pk for d in participants]},
        )
    return activity


def send_findings(activity: SupervisionActivity, *, actor, request=None) -> SupervisionActivity:
    def tell(locked: SupervisionActivity) -> None:
        project = locked.project
        notify.send(
            [a.user for a in unit_handlers(project.lead_unit)],
            title=f"代表监督小组对“{project.title}”提出意见，请答复",
            kind="send_findings",
            congress=project.congress_id,
            url=reverse("projects:project_detail", args=[project.pk]),
        )

    return _step(
        "send_findings",
        activity,
        actor=actor,
        request=request,
        permission=perms.can_send_findings,
        apply=lambda locked: setattr(locked, "sent_at", timezone.now()),
        notify=tell,
    )


def reply(activity: SupervisionActivity, *, actor, text: str, request=None) -> SupervisionActivity:
    text = (text or "").strip()
    if not text:
        raise TransitionRefused("请填写答复内容。")

    def tell(locked: SupervisionActivity) -> None:
        notify.send(
            [locked.recorded_by],
            title=f"“{locked.project.title}”承办单位已答复监督意见",
            kind="reply",
            congress=locked.project.congress_id,
            url=reverse("projects:project_detail", args=[locked.project_id]),
        )

    return _step(
        "reply",
        activity,
        actor=actor,
        request=request,
        permission=perms.can_reply,
        apply={"reply": text[:3000], "replied_at": timezone.now()},
        notify=tell,
    )
