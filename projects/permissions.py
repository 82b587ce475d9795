"""Who may do what with livelihood projects.

- staff (人大常委会办公室): runs the call, merges and tags proposals, locks and submits the
  candidate list, runs the ballot and the evaluation, confirms supervision groups.
- the screening unit's handlers (per-congress setting, e.g. 示范区发展和改革局): turn proposals
  into candidate projects and decline the others with a reason.
- the lead unit's handlers: plan, report progress, reply to findings — for their own projects.
- leaders and deputies: read; deputies submit proposals on behalf of citizens and vote.
- station staff: submit proposals on behalf of citizens.
Every getter filters on request.congress: missing, another congress's and hidden records all 404.
A handler of another unit gets 404 for a project's internal pages (reports, findings).
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Role
from accounts.permissions import HeldRoles, deputy_of, has_role, is_staff_of
from projects import rules
from projects.models import (
    Call,
    Evaluation,
    Project,
    ProjectBallot,
    Proposal,
    SupervisionActivity,
)
from registry.models import Deputy, Unit

OFFICE = (Role.STAFF, Role.LEADER)


# --------------------------------------------------------------------------- settings and units


def screening_unit(congress) -> Unit | None:
    """The unit named by the congress's `screening_unit` setting, else its 发展和改革局."""
    name = rules.SETTINGS.value(congress, "screening_unit")
    units = Unit.objects.filter(congress=congress, is_active=True)
    if name:
        return units.filter(name=name).first()
    return units.filter(name__contains="发展和改革局").order_by("id").first()


# --------------------------------------------------------------------------- user-level checks
# (taken with the user and repeated by workflow.py inside its transaction, whoever calls it)


def is_screening_handler(user, congress) -> bool:
    unit = screening_unit(congress)
    return unit is not None and unit.pk in HeldRoles.of(user, congress.pk).unit_ids


def is_lead_handler(user, project: Project) -> bool:
    return project.lead_unit_id in HeldRoles.of(user, project.congress_id).unit_ids


def can_open_call(user, congress) -> bool:
    return is_staff_of(user, congress.pk)


def can_close_call(user, call: Call) -> bool:
    return is_staff_of(user, call.congress_id)


can_lock_candidates = can_submit_candidates = can_announce_result = can_close_call


def can_submit_on_behalf(user, congress) -> bool:
    """Deputies and station staff for citizens; staff for paper letters."""
    return has_role(user, congress.pk, Role.STAFF, Role.DEPUTY, Role.STATION_STAFF)


def can_merge(user, proposal: Proposal) -> bool:
    return is_staff_of(user, proposal.congress_id)


can_tag_reserve_pool = can_merge


def can_decline(user, proposal: Proposal) -> bool:
    return is_staff_of(user, proposal.congress_id) or is_screening_handler(user, proposal.call.congress)


def can_draw_up(user, call: Call) -> bool:
    """Candidate projects are drawn up by the government side: the screening unit (staff may help)."""
    return is_screening_handler(user, call.congress) or is_staff_of(user, call.congress_id)


def can_edit_project(user, project: Project) -> bool:
    return project.status == Project.Status.DRAFT and can_draw_up(user, project.call)


def can_plan(user, project: Project) -> bool:
    """Milestones and progress reports: the lead unit (staff may enter for it)."""
    return is_lead_handler(user, project) or is_staff_of(user, project.congress_id)


can_report_progress = can_plan


def can_confirm_group(user, project: Project) -> bool:
    return is_staff_of(user, project.congress_id)


def can_record_activity(user, project: Project) -> bool:
    if is_staff_of(user, project.congress_id):
        return True
    deputy = deputy_of(user, project.congress_id)
    group = getattr(project, "supervision_group", None)
    return deputy is not None and group is not None and group.members.filter(pk=deputy.pk).exists()


def can_send_findings(user, activity: SupervisionActivity) -> bool:
    return is_staff_of(user, activity.project.congress_id)


def can_reply(user, activity: SupervisionActivity) -> bool:
    return is_lead_handler(user, activity.project)


def can_run_ballot(user, congress_id: int) -> bool:
    return is_staff_of(user, congress_id)


def can_enter_sheets(user, ballot: ProjectBallot) -> bool:
    """A teller (计票人) is a staff member designated on the paper ballot."""
    return is_staff_of(user, ballot.congress_id) and ballot.tellers.filter(pk=user.pk).exists()


# --------------------------------------------------------------------------- request-level getters


def _congress(request):
    if request.congress is None:
        raise Http404
    return request.congress


def can_view_year(request) -> bool:
    if request.congress is None:
        return False
    return request.roles.has(Role.STAFF, Role.LEADER, Role.DEPUTY) or is_screening_handler(
        request.user, request.congress
    )


def can_view_dashboard(request) -> bool:
    return request.congress is not None and request.roles.has(Role.STAFF, Role.LEADER, Role.DEPUTY)


def can_view_proposals(request) -> bool:
    """The full proposal list (with contact details for staff): office and the screening unit."""
    if request.congress is None:
        return False
    return request.roles.has(*OFFICE) or is_screening_handler(request.user, request.congress)


def sees_mobile(request) -> bool:
    """Mobile numbers are for the congress office only (to call the citizen back)."""
    return request.congress is not None and request.roles.has(Role.STAFF)


def get_call_for_user(request, pk) -> Call:
    congress = _congress(request)
    if not (can_view_year(request) or request.roles.has(Role.UNIT_HANDLER, Role.STATION_STAFF)):
        raise Http404
    return get_object_or_404(Call, pk=pk, congress=congress)


def get_proposal_for_user(request, pk) -> Proposal:
    congress = _congress(request)
    proposal = get_object_or_404(
        Proposal.objects.select_related("call", "subdistrict", "merged_into"), pk=pk, congress=congress
    )
    if can_view_proposals(request) or proposal.entered_by_id == request.user.pk:
        return proposal
    raise Http404


def visible_projects(request):
    """Projects a person may open: office, deputies (not drafts), the screening unit (all),
    a lead unit (its own). Everyone else: none."""
    congress = _congress(request)
    projects = Project.objects.filter(congress=congress)
    if request.roles.has(*OFFICE) or is_screening_handler(request.user, congress):
        return projects
    if request.roles.has(Role.DEPUTY):
        return projects.exclude(status=Project.Status.DRAFT)
    units = request.roles.unit_ids
    if units:
        return projects.filter(lead_unit_id__in=units)
    return projects.none()


def get_project_for_user(request, pk) -> Project:
    return get_object_or_404(visible_projects(request).select_related("call", "lead_unit"), pk=pk)


def get_activity_for_user(request, pk) -> SupervisionActivity:
    activity = get_object_or_404(
        SupervisionActivity.objects.select_related("project"), pk=pk, project__congress=_congress(request)
    )
    get_project_for_user(request, activity.project_id)
    return activity


def get_ballot_for_user(request, pk) -> ProjectBallot:
    """Ballot administration: the office (staff run it, leaders watch)."""
    if not request.roles.has(*OFFICE):
        raise Http404
    return get_object_or_404(
        ProjectBallot.objects.select_related("call", "meeting"), pk=pk, congress=_congress(request)
    )


def get_evaluation_for_user(request, pk) -> Evaluation:
    if not request.roles.has(*OFFICE):
        raise Http404
    return get_object_or_404(
        Evaluation.objects.select_related("call", "meeting"), pk=pk, congress=_congress(request)
    )


def get_own_deputy(request) -> Deputy:
    congress = _congress(request)
    deputy = deputy_of(request.user, congress)
    if deputy is None:
        raise Http404
    return deputy
