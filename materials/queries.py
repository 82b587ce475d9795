"""Lists: a meeting's materials, a deputy's readable materials, reading records, answers by paragraph."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Case, Count, IntegerField, Max, Value, When
from django.urls import reverse
from django.utils import timezone

from materials.models import Answer, Consultation, Material, MaterialVersion, ReadRecord
from meetings.models import Meeting
from meetings.screen import Text


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


# --------------------------------------------------------------------------- console and screen


def _shown(agenda_item):
    """Materials of an agenda item that the hall may see: released, not for staff only."""
    return Material.objects.filter(
        agenda_item=agenda_item, status=Material.Status.RELEASED, release_at__lte=timezone.now()
    ).exclude(audience=Material.Audience.STAFF)


def _text(version: MaterialVersion) -> Text:
    return Text(
        title=version.material.title,
        version=f"第{version.number}版·{version.get_stage_display()}",
        url=reverse("materials:read", args=[version.material_id]) + f"?v={version.number}",
    )


def materials_of(agenda_item) -> list[Text]:
    """The material being deliberated under an agenda item, each at its current (latest) version."""
    texts = []
    for material in _shown(agenda_item).order_by("id"):
        version = material.versions.order_by("-number").first()
        if version is not None:
            texts.append(_text(version))
    return texts


def text_voted(agenda_item, at=None) -> Text | None:
    """The text a vote under the agenda item is on: its 表决稿 if there is one, else the latest
    version, among versions uploaded before voting opened (`at`), so a later upload never
    changes what a closed vote was on."""
    versions = MaterialVersion.objects.filter(material__in=_shown(agenda_item)).select_related("material")
    if at is not None:
        versions = versions.filter(uploaded_at__lte=at)
    final = Case(
        When(stage=MaterialVersion.Stage.FINAL, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    version = versions.annotate(final=final).order_by("-final", "-uploaded_at", "-number").first()
    return _text(version) if version is not None else None
