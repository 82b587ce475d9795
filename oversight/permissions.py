"""Who may see and do what in oversight.

The congress office (staff) records and runs everything; leaders see everything and approve
deliberation opinions; a unit handler sees only the deliberation opinions sent to their own
organ and submits its handling report; members of a committee meeting vote in its satisfaction
votes. Every getter filters on request.congress: a missing object, another congress's object and
one the person may not see all give the same 404.

can_<verb>(user, obj) take the user (not the request), so the workflow checks them again inside
its transaction whoever calls it.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Role
from accounts.permissions import OFFICE_ROLES, HeldRoles, deputy_of, has_role, is_staff_of
from meetings.models import Attendance
from oversight.models import Activity, Appointment, DeliberationOpinions, Evaluation, SupervisionPlan

OD = DeliberationOpinions.Status
VISIBLE_TO_ORGAN = (OD.SENT, OD.REPORTED, OD.REVIEWED, OD.CLOSED)


# --------------------------------------------------------------------------- pages


def can_view_oversight(request) -> bool:
    return request.congress is not None and request.roles.has(*OFFICE_ROLES)


def can_edit_oversight(request) -> bool:
    return request.congress is not None and request.roles.has(Role.STAFF)


def _office_get(request, model, pk, **related):
    if not can_view_oversight(request):
        raise Http404
    queryset = model.objects.all()
    if related:
        queryset = queryset.select_related(*related["select"])
    return get_object_or_404(queryset, pk=pk, congress=request.congress)


def get_plan_for_user(request, pk) -> SupervisionPlan:
    return _office_get(request, SupervisionPlan, pk)


def get_activity_for_user(request, pk) -> Activity:
    return _office_get(request, Activity, pk, select=["unit", "meeting", "plan"])


def get_appointment_for_user(request, pk) -> Appointment:
    return _office_get(request, Appointment, pk, select=["requesting_unit", "meeting", "vote"])


def get_evaluation_for_user(request, pk) -> Evaluation:
    return _office_get(request, Evaluation, pk, select=["opinions", "meeting"])


def get_deliberation_opinions_for_user(request, pk) -> DeliberationOpinions:
    """The office sees all; a unit handler sees the opinions sent to their organ; anyone else 404."""
    if request.congress is None:
        raise Http404
    queryset = DeliberationOpinions.objects.select_related("activity", "unit")
    if request.roles.has(*OFFICE_ROLES):
        return get_object_or_404(queryset, pk=pk, congress=request.congress)
    unit_ids = request.roles.unit_ids
    if not unit_ids:
        raise Http404
    return get_object_or_404(
        queryset, pk=pk, congress=request.congress, unit_id__in=unit_ids, status__in=VISIBLE_TO_ORGAN
    )


def get_evaluation_for_member(request, pk) -> tuple[Evaluation, Attendance]:
    """An evaluation at a meeting of whose body the signed-in deputy is a member; else 404."""
    deputy = deputy_of(request.user, request.congress)
    if deputy is None:
        raise Http404
    evaluation = get_object_or_404(
        Evaluation.objects.select_related("opinions", "meeting"), pk=pk, congress=request.congress
    )
    attendance = Attendance.objects.filter(meeting_id=evaluation.meeting_id, deputy=deputy).first()
    if attendance is None:
        raise Http404
    return evaluation, attendance


# --------------------------------------------------------------------------- verbs


def can_publish(user, plan: SupervisionPlan) -> bool:
    return is_staff_of(user, plan.congress_id)


def can_manage_activity(user, activity: Activity) -> bool:
    """start, deliberate, conclude, and editing participants and documents."""
    return is_staff_of(user, activity.congress_id)


can_start = can_deliberate = can_conclude = can_manage_activity


def can_approve(user, opinions: DeliberationOpinions) -> bool:
    """审定: the 主任会议 decides; a leader approves, or the office records the decision."""
    return has_role(user, opinions.congress_id, Role.STAFF, Role.LEADER)


def can_manage_opinions(user, opinions: DeliberationOpinions) -> bool:
    return is_staff_of(user, opinions.congress_id)


can_send = can_send_back = can_review = can_close = can_manage_opinions


def can_submit_report(user, opinions: DeliberationOpinions) -> bool:
    """The organ's own handler submits; the office may record a report it received on paper."""
    return opinions.unit_id in HeldRoles.of(user, opinions.congress_id).unit_ids or is_staff_of(
        user, opinions.congress_id
    )


def can_run_evaluation(user, evaluation: Evaluation) -> bool:
    return is_staff_of(user, evaluation.congress_id)


can_open_evaluation = can_close_evaluation = can_enter_evaluation_counts = can_run_evaluation
can_issue_paper_ballot = can_run_evaluation
can_submit_decryption_share = can_run_evaluation


def can_manage_appointment(user, appointment: Appointment) -> bool:
    return is_staff_of(user, appointment.congress_id)


can_preliminary_review = can_schedule = can_put_to_vote = can_record_result = can_manage_appointment
can_take_oath = can_withdraw = can_manage_appointment


def can(verb: str, user, obj) -> bool:
    """can_<verb>(user, obj) by name (the workflow's one entry point)."""
    return globals()[f"can_{verb}"](user, obj)
