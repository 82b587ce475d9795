"""Lists: a meeting's materials, a deputy's readable materials, reading records, answers by paragraph."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Max

from materials.models import Answer, Consultation, Material, ReadRecord
from meetings.models import Meeting


def readable_materials(request, deputy):
    from materials.permissions import can_read

    rows = (
        Material.objects.filter(congress=request.congress, status=Material.Status.RELEASED)
        .exclude(
            meeting__status=Meeting.Status.CLOSED,
            withdraw_on_close=True,
            confidentiality=Material.Confidentiality.INTERNAL,
        )
        .select_related("meeting", "agenda_item")
        .order_by("-meeting__starts_at", "agenda_item__order", "id")
    )
    return [m for m in rows if can_read(request, m)]


def read_counts(material: Material) -> list[dict]:
    return list(
        ReadRecord.objects.filter(version__material=material)
        .values("user__full_name", "user__username", "version__number")
        .annotate(times=Count("id"), last=Max("opened_at"))
        .order_by("user__full_name", "version__number")
    )


def answers_by_paragraph(c: Consultation) -> list[tuple[int | None, str, list[Answer]]]:
    grouped: dict[int | None, list[Answer]] = defaultdict(list)
    for a in c.answers.select_related("deputy").order_by("submitted_at"):
        grouped[a.paragraph].append(a)
    rows = [(None, "总体意见", grouped.get(None, []))]
    rows += [(i, text, grouped.get(i, [])) for i, text in enumerate(c.paragraphs, start=1)]
    return rows


def consultations_for(deputy):
    from materials.permissions import is_consulted

    rows = Consultation.objects.filter(congress_id=deputy.congress_id).exclude(
        status=Consultation.Status.DRAFT
    )
    return [c for c in rows.order_by("-deadline") if is_consulted(c, deputy)]
