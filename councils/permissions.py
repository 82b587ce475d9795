"""Who may do what with a residents' council's 票选 (DOMAIN §11).

- the council's office (staff of the council body): registers members, arranges and runs its
  ballots, publishes the result; its leaders read;
- tellers (two staff of the council, named per paper ballot): enter the sheets;
- members: vote in their own council, on a phone, while a ballot is open and they were present;
- the offices of the bodies the council sits under, up to its 区 (县) congress (registry.bodies:
  the council's line, nearest first): read its members and ballots, change nothing.
Sibling bodies, the city above the district and anyone else get 404.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.permissions import OFFICE_ROLES, has_role, is_staff_of
from core.dates import today
from councils.models import CouncilBallot
from registry import bodies, rules
from registry.models import Congress, CouncilMember


def is_council(body: Congress | None) -> bool:
    return body is not None and body.kind == rules.RESIDENTS_COUNCIL


def overseers(council: Congress) -> list[int]:
    """The bodies that read a council's records: its parents up to the first congress (the district)."""
    kinds = dict(Congress.objects.filter(pk__in=bodies.ancestor_ids(council)).values_list("pk", "kind"))
    chain = []
    for pk in bodies.ancestor_ids(council):
        chain.append(pk)
        if kinds.get(pk) == rules.CONGRESS:
            break
    return chain


def councils_overseen(body: Congress) -> list[Congress]:
    """The councils whose records ``body``'s office reads (read-only)."""
    below = Congress.objects.filter(
        pk__in=bodies.descendant_ids(body), kind=rules.RESIDENTS_COUNCIL
    ).order_by("name")
    return [c for c in below if body.pk in overseers(c)]


def has_councils(body: Congress | None) -> bool:
    """Whether ``body``'s office works with a council: it is one, or one sits under it up to the
    district (what councils_overseen lists), answered with one query (the main menu asks on every page)."""
    if body is None:
        return False
    if is_council(body):
        return True
    rows = list(Congress.objects.values_list("pk", "parent_id", "kind"))
    parents = {pk: parent for pk, parent, _kind in rows}
    kinds = {pk: kind for pk, _parent, kind in rows}
    for pk, kind in kinds.items():
        if kind != rules.RESIDENTS_COUNCIL:
            continue
        for above in rules.ancestors_in(parents, pk):
            if above == body.pk:
                return True
            if kinds.get(above) == rules.CONGRESS:
                break
    return False


def can_run(user, ballot: CouncilBallot) -> bool:
    """Only the council's own staff run its ballots."""
    return is_staff_of(user, ballot.congress_id)


def can_manage_members(user, council: Congress) -> bool:
    return is_council(council) and is_staff_of(user, council.pk)


def can_enter_sheets(user, ballot: CouncilBallot) -> bool:
    return is_staff_of(user, ballot.congress_id) and ballot.tellers.filter(pk=user.pk).exists()


def can_read(user, council_id: int) -> bool:
    council = Congress.objects.filter(pk=council_id).first()
    if council is None:
        return False
    return has_role(user, council.pk, *OFFICE_ROLES) or any(
        has_role(user, pk, *OFFICE_ROLES) for pk in overseers(council)
    )


def member_for(user, council_id: int) -> CouncilMember | None:
    """The user's current membership of one council (None for anyone else)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    on = today()
    return (
        CouncilMember.objects.filter(user=user, congress_id=council_id, starts_on__lte=on)
        .exclude(ends_on__lte=on)
        .first()
    )


def get_ballot_for_office(request, pk) -> CouncilBallot:
    """A ballot of the council the user works in, or of a council their body oversees; else 404."""
    if request.congress is None or not request.roles.has(*OFFICE_ROLES):
        raise Http404
    ballot = get_object_or_404(CouncilBallot.objects.select_related("congress"), pk=pk)
    if ballot.congress_id != request.congress.pk and request.congress.pk not in overseers(ballot.congress):
        raise Http404
    return ballot


def get_ballot_for_member(request, pk) -> tuple[CouncilBallot, CouncilMember]:
    """A ballot of a council the user is a member of; 404 for anyone else."""
    ballot = get_object_or_404(CouncilBallot.objects.select_related("congress"), pk=pk)
    member = member_for(request.user, ballot.congress_id)
    if member is None:
        raise Http404
    return ballot, member
