"""The tree of bodies in one deployment (DOMAIN §11): who is whose parent, child, relative.

Every tenant query still filters on one congress; this module answers the few questions that
cross bodies on purpose, each because the law gives it:
- which deputies a station or a supervision activity may take in (deputies of every level in
  the same line: the body's ancestors and descendants), ``related_bodies``;
- which bodies a referral may go to (up or down the line), ``related_bodies`` as well;
- whose reported figures a parent may add to its own (its direct children), ``children_of``.
Sibling bodies (two districts of one city) never see each other's records.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from core.dates import today
from registry import rules
from registry.models import Congress, Deputy


def parent_map() -> dict[int, int | None]:
    """{body id: parent id} for the whole deployment (a few hundred rows even for a province)."""
    return dict(Congress.objects.values_list("pk", "parent_id"))


def ancestor_ids(body: Congress) -> list[int]:
    return rules.ancestors_in(parent_map(), body.pk)


def descendant_ids(body: Congress) -> list[int]:
    """Every body below ``body`` (children, their children …)."""
    parents = parent_map()
    return [pk for pk in parents if body.pk in rules.ancestors_in(parents, pk)]


def related_ids(body: Congress) -> list[int]:
    """``body`` itself, its ancestors and its descendants: the line a deputy or a referral may cross."""
    parents = parent_map()
    line = rules.ancestors_in(parents, body.pk)
    below = [pk for pk in parents if body.pk in rules.ancestors_in(parents, pk)]
    return [body.pk, *line, *below]


def related_bodies(body: Congress) -> QuerySet[Congress]:
    return Congress.objects.filter(pk__in=related_ids(body))


def referral_targets(body: Congress) -> QuerySet[Congress]:
    """The offices a station message or a suggestion may be referred to: the line, not the body itself."""
    return related_bodies(body).exclude(pk=body.pk).order_by("level", "name")


def children_of(body: Congress) -> QuerySet[Congress]:
    return Congress.objects.filter(parent=body).order_by("name")


def deputies_of_line(body: Congress, on: dt.date | None = None) -> QuerySet[Deputy]:
    """Deputies holding a seat on ``on`` in ``body`` or any body of its line (DOMAIN §5: deputies of all levels)."""
    from registry.queries import seat_held_on

    return (
        Deputy.objects.filter(seat_held_on(on or today()), congress_id__in=related_ids(body))
        .select_related("congress")
        .order_by("congress__level", "number")
    )


def seat_of(user, congress_id: int | None) -> Deputy | None:
    """The user's current seat in one congress (a person may hold seats at several levels).

    Remembered on the user object, which lives for one request.
    """
    if user is None or not getattr(user, "is_authenticated", False) or congress_id is None:
        return None
    cache = user.__dict__.setdefault("_seats", {})
    if congress_id not in cache:
        cache[congress_id] = Deputy.objects.filter(user=user, congress_id=congress_id).first()
    return cache[congress_id]


def deputy_label(deputy: Deputy, body: Congress) -> str:
    """A deputy as a picker shows it: a deputy of another body carries that body's short name."""
    if deputy.congress_id == body.pk:
        return f"{deputy.number} {deputy.name}"
    return f"{deputy.number} {deputy.name}（{deputy.congress.display_short_name}代表）"
