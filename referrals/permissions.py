"""Who may refer, see and handle a referral: the office of each of the two bodies, nobody else."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Role
from accounts.permissions import OFFICE_ROLES, has_role
from referrals.models import Referral


def can_refer(user, item) -> bool:
    """The referring body's office refers its own message or suggestion (DOMAIN §5: via the 常委会 office)."""
    return has_role(user, item.congress_id, Role.STAFF)


def can_view(user, referral: Referral) -> bool:
    return has_role(user, referral.congress_id, *OFFICE_ROLES) or has_role(
        user, referral.target_id, *OFFICE_ROLES
    )


def _target_staff(user, referral: Referral) -> bool:
    return has_role(user, referral.target_id, Role.STAFF)


can_accept = can_reply = can_send_back = _target_staff


def can_adopt(user, referral: Referral) -> bool:
    """A referred suggestion (not a message) is taken as its own by the receiving office's staff."""
    return referral.suggestion_id is not None and _target_staff(user, referral)


def get_referral_for_user(request, pk) -> Referral:
    """A referral of the body the user works in, sent or received; 404 for any other."""
    if request.congress is None or not request.roles.has(*OFFICE_ROLES):
        raise Http404
    referral = get_object_or_404(
        Referral.objects.select_related("congress", "target", "message", "message__station", "suggestion"),
        pk=pk,
    )
    if request.congress.pk not in (referral.congress_id, referral.target_id):
        raise Http404
    return referral
