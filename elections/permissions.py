"""Who may run an election, enter paper ballots, and vote.

Every getter filters on request.congress: a record of another congress, a missing record and a
record the person may not see all give the same 404.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Role
from accounts.permissions import deputy_of, is_staff_of
from elections.models import Election, Nomination, OfficeGroup, Round
from registry.models import Deputy


def can_run_elections(request) -> bool:
    """Elections are run by the congress office's staff (秘书处 / 选举工作人员)."""
    return request.congress is not None and request.roles.has(Role.STAFF)


def can_enter_sheets(user, round_: Round) -> bool:
    """A teller (计票人) is a staff member designated on the round."""
    congress_id = round_.office_group.election.congress_id
    return is_staff_of(user, congress_id) and round_.tellers.filter(pk=user.pk).exists()


def get_election_for_user(request, pk) -> Election:
    if not can_run_elections(request):
        raise Http404
    return get_object_or_404(Election.objects.select_related("meeting"), pk=pk, congress=request.congress)


def get_announced_election(request, pk) -> Election:
    """An announced election's 公告 is public: the office's staff and leaders take it (the report set)."""
    if request.congress is None or not request.roles.has(Role.STAFF, Role.LEADER):
        raise Http404
    return get_object_or_404(Election, pk=pk, congress=request.congress, status=Election.Status.ANNOUNCED)


def get_office_group_for_user(request, pk) -> OfficeGroup:
    if not can_run_elections(request):
        raise Http404
    return get_object_or_404(
        OfficeGroup.objects.select_related("election__meeting"), pk=pk, election__congress=request.congress
    )


def get_nomination_for_user(request, pk) -> Nomination:
    if not can_run_elections(request):
        raise Http404
    return get_object_or_404(
        Nomination.objects.select_related("office_group__election"),
        pk=pk,
        office_group__election__congress=request.congress,
    )


def get_round_for_user(request, pk) -> Round:
    if not can_run_elections(request):
        raise Http404
    return get_object_or_404(
        Round.objects.select_related("office_group__election__meeting"),
        pk=pk,
        office_group__election__congress=request.congress,
    )


def get_own_deputy(request) -> Deputy:
    """The signed-in deputy's own record in the congress they work in; 404 for anyone else."""
    deputy = deputy_of(request.user, request.congress, holding_role=False)
    if deputy is None:
        raise Http404
    return deputy


def get_round_for_voter(request, pk) -> tuple[Round, Deputy]:
    """A deputy opens the ballot of a round of their own congress; whether they may vote is
    workflow.cast's question (present, issued a ballot, not yet voted)."""
    deputy = get_own_deputy(request)
    round_ = get_object_or_404(
        Round.objects.select_related("office_group__election__meeting"),
        pk=pk,
        office_group__election__congress=request.congress,
    )
    return round_, deputy
