"""Who may manage, read and annotate materials, and answer consultations."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import Role
from accounts.permissions import OFFICE_ROLES, deputy_of
from materials.models import Answer, Consultation, Material, MaterialVersion
from meetings.models import Attendance, Meeting
from registry.models import Deputy


def is_office(request) -> bool:
    return request.congress is not None and request.roles.has(*OFFICE_ROLES)


def is_staff(request) -> bool:
    return request.congress is not None and request.roles.has(Role.STAFF)


def in_audience(material: Material, deputy: Deputy) -> bool:
    """A deputy in the body of the material's meeting (列席 too where the audience includes them)."""
    from meetings.workflow import members_of_body

    if material.audience == Material.Audience.STAFF:
        return False
    row = Attendance.objects.filter(meeting=material.meeting, deputy=deputy).first()
    if row is not None:
        if row.status == Attendance.Status.ATTENDING_NONVOTING:
            return material.audience == Material.Audience.MEMBERS_AND_NONVOTING
        return True
    return deputy in members_of_body(material.meeting)


def withdrawn_for_readers(material: Material) -> bool:
    """Access ends when the office withdraws it, or when the meeting closes for 内部 materials so set."""
    if material.status == Material.Status.WITHDRAWN:
        return True
    return (
        material.withdraw_on_close
        and material.confidentiality == Material.Confidentiality.INTERNAL
        and material.meeting.status == Meeting.Status.CLOSED
    )


def can_read(request, material: Material) -> bool:
    if material.congress_id != getattr(request.congress, "pk", None):
        return False
    if is_office(request):
        return True
    deputy = deputy_of(request.user, request.congress)
    return (
        deputy is not None
        and material.status == Material.Status.RELEASED
        and material.release_at <= timezone.now()
        and not withdrawn_for_readers(material)
        and in_audience(material, deputy)
    )


def get_material_for_office(request, pk) -> Material:
    if not is_office(request):
        raise Http404
    return get_object_or_404(
        Material.objects.select_related("meeting", "agenda_item"), pk=pk, congress=request.congress
    )


def get_material_for_reader(request, pk) -> Material:
    material = get_object_or_404(
        Material.objects.select_related("meeting", "agenda_item"), pk=pk, congress=request.congress
    )
    if not can_read(request, material):
        raise Http404
    return material


def get_version_for_reader(request, pk) -> MaterialVersion:
    version = get_object_or_404(MaterialVersion.objects.select_related("material__meeting"), pk=pk)
    if not can_read(request, version.material):
        raise Http404
    return version


def get_meeting_for_staff(request, pk) -> Meeting:
    if not is_staff(request):
        raise Http404
    return get_object_or_404(Meeting, pk=pk, congress=request.congress)


def is_consulted(consultation: Consultation, deputy: Deputy) -> bool:
    return consultation.all_deputies or consultation.deputies.filter(pk=deputy.pk).exists()


def get_consultation_for_deputy(request, pk) -> tuple[Consultation, Deputy]:
    deputy = deputy_of(request.user, request.congress)
    consultation = get_object_or_404(Consultation, pk=pk, congress=request.congress)
    if (
        deputy is None
        or consultation.status == Consultation.Status.DRAFT
        or not is_consulted(consultation, deputy)
    ):
        raise Http404
    return consultation, deputy


def get_consultation_for_office(request, pk) -> Consultation:
    if not is_office(request):
        raise Http404
    return get_object_or_404(Consultation, pk=pk, congress=request.congress)


def get_answer_for_staff(request, pk) -> Answer:
    if not is_staff(request):
        raise Http404
    return get_object_or_404(
        Answer.objects.select_related("consultation"), pk=pk, consultation__congress=request.congress
    )
