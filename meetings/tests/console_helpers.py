"""A sitting as the chair's console runs it: three agenda items, the second with a released
material in two versions (草案, then 表决稿)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from materials.models import Material, MaterialVersion
from meetings import workflow
from meetings.models import AgendaItem


def agenda_of(meeting, clerk) -> list[AgendaItem]:
    titles = [
        ("关于示范区2026年国民经济和社会发展计划执行情况的报告", AgendaItem.Kind.REPORT),
        ("示范区人民代表大会关于2027年预算的决议", AgendaItem.Kind.RESOLUTION),
        ("选举示范区人大常委会副主任", AgendaItem.Kind.ELECTION),
    ]
    return [
        workflow.add_agenda_item(meeting, actor=clerk, order=order, title=title, kind=kind)
        for order, (title, kind) in enumerate(titles, start=1)
    ]


def material_with_versions(meeting, item, clerk, *, title="关于2027年预算的决议", stages=("draft", "final")):
    material = Material.objects.create(
        congress_id=meeting.congress_id,
        meeting=meeting,
        agenda_item=item,
        title=title,
        release_at=timezone.now() - dt.timedelta(days=1),
        status=Material.Status.RELEASED,
        created_by=clerk,
    )
    for number, stage in enumerate(stages, start=1):
        MaterialVersion.objects.create(
            material=material,
            number=number,
            stage=stage,
            original=f"materials/{number}.pdf",
            uploaded_by=clerk,
        )
    return material
