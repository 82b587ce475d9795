"""The tree of bodies in one deployment (DOMAIN §11): who is whose parent, child, relative.

Every tenant query still filters on one congress; this module answers the few questions that
cross bodies on purpose, each because the law gives it:
- which deputies a station or a supervision activity may take in (deputies of every level in
  the same line: the body's ancestors and descendants), ``related_bodies``;
- which bodies a referral may go to (up or down the line), ``related_bodies`` as well;
- whose reported figures a parent may add to its own (its direct children), ``children_of``;
- whose counts the page of the tree shows a body's office (its own and its direct children's),
  ``sees_figures_of`` and ``counts_for``.
Sibling bodies (two districts of one city) never see each other's records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from core.dates import today
from registry import rules
from registry.models import Congress, Deputy, Station


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


def picked_deputy(congress_id: int, raw: str | None) -> Deputy | None:
    """The deputy of congress ``congress_id`` a form posted by id (``raw``, e.g. who takes a paper
    ballot); None for an empty, malformed or over-long value and for another congress's deputy."""
    raw = (raw or "").strip()
    # isdigit() alone lets "²" through, which int() refuses; ten digits and more is no id here.
    if not (raw.isascii() and raw.isdigit() and len(raw) < 10):
        return None
    return Deputy.objects.filter(pk=int(raw), congress_id=congress_id).first()


def deputy_label(deputy: Deputy, body: Congress) -> str:
    """A deputy as a picker shows it: a deputy of another body carries that body's short name."""
    if deputy.congress_id == body.pk:
        return f"{deputy.number} {deputy.name}"
    return f"{deputy.number} {deputy.name}（{deputy.congress.display_short_name}代表）"


def subtree_ids(body: Congress) -> list[int]:
    """``body`` itself and every body below it: what its system administrator sets up."""
    return [body.pk, *descendant_ids(body)]


def sees_figures_of(viewer: Congress, body: Congress) -> bool:
    """Does ``viewer``'s office see ``body``'s counts? Its own and its direct children's (DOMAIN §11)."""
    return rules.sees_figures_of({body.pk: body.parent_id}, viewer.pk, body.pk)


# --- Counts shown for a body on the page of the tree ----------------------------------------------
# Each app that keeps a count per body registers it once (in its AppConfig.ready), so the registry
# lists bodies without importing the apps above it. A counter takes body ids and a day and answers
# {body id: count}; one grouped query for a whole page of bodies.


@dataclass(frozen=True)
class BodyCount:
    key: str
    label: str
    counter: Callable[[list[int], dt.date], dict[int, int]]


BODY_COUNTS: dict[str, BodyCount] = {}


def register_count(count: BodyCount) -> BodyCount:
    BODY_COUNTS[count.key] = count
    return count


def grouped(qs, field: str = "congress_id") -> dict[int, int]:
    """{body id: rows} of a queryset, in one GROUP BY."""
    return dict(qs.order_by().values_list(field).annotate(n=Count("pk")).values_list(field, "n"))


def counts_for(ids: list[int], on: dt.date | None = None) -> dict[int, list[tuple[str, int]]]:
    """{body id: [(label, count) …]} in the order the counts were registered."""
    on = on or today()
    columns = [(c.label, c.counter(ids, on)) for c in BODY_COUNTS.values()]
    return {pk: [(label, values.get(pk, 0)) for label, values in columns] for pk in ids}


def _seated_deputies(ids: list[int], on: dt.date) -> dict[int, int]:
    from registry.queries import seat_held_on

    return grouped(Deputy.objects.filter(seat_held_on(on), congress_id__in=ids))


def _stations(ids: list[int], on: dt.date) -> dict[int, int]:
    return grouped(Station.objects.filter(congress_id__in=ids, is_active=True))


register_count(BodyCount("deputies", "现有代表", _seated_deputies))
register_count(BodyCount("stations", "联络站", _stations))


@dataclass(frozen=True)
class Place:
    """A body below another, as the page of the tree lists it: in tree order, with its depth."""

    pk: int
    depth: int  # 1 = a direct child


def below_in_order(body: Congress, *, q: str = "", kind: str = "") -> list[Place]:
    """Every body below ``body``, parents before their children, siblings by name; filtered by a
    search on the name, short name or region and by kind (a city's ~150 townships page well)."""
    rows = {
        pk: (parent_id, name, short_name, region, row_kind)
        for pk, parent_id, name, short_name, region, row_kind in Congress.objects.values_list(
            "pk", "parent_id", "name", "short_name", "region", "kind"
        )
    }
    children: dict[int | None, list[int]] = {}
    for pk, (parent_id, *_rest) in sorted(rows.items(), key=lambda item: item[1][1]):
        children.setdefault(parent_id, []).append(pk)
    out: list[Place] = []
    stack = [(pk, 1) for pk in reversed(children.get(body.pk, []))]
    seen = {body.pk}
    while stack:
        pk, depth = stack.pop()
        if pk in seen:
            continue
        seen.add(pk)
        _parent, name, short_name, region, row_kind = rows[pk]
        if (not q or any(q in text for text in (name, short_name, region))) and (
            not kind or row_kind == kind
        ):
            out.append(Place(pk, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(pk, [])))
    return out
