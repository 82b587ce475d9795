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


def open_by_body(ids: list[int], on) -> dict[int, int]:
    """{body id: referrals it received and has not yet answered or sent back}."""
    from registry.bodies import grouped

    open_rows = Referral.objects.filter(
        target_id__in=ids, status__in=[Referral.Status.REFERRED, Referral.Status.ACCEPTED]
    )
    return grouped(open_rows, "target_id")
