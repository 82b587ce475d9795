from __future__ import annotations

from django.db.models import QuerySet

from referrals.models import Referral


def sent(congress) -> QuerySet[Referral]:
    """What this body referred to others: its side of the tracking."""
    return Referral.objects.filter(congress=congress).select_related("target", "message", "suggestion")


def received(congress) -> QuerySet[Referral]:
    """What other bodies referred here: to accept, handle and answer."""
    return Referral.objects.filter(target=congress).select_related("congress", "message", "suggestion")


def for_message(message) -> list[Referral]:
    """A message's referrals for its public tracking page: where it went and what the other body answered."""
    return list(message.referrals.select_related("target").order_by("referred_on", "id"))
