"""A small tree of bodies around the shared fixture congress (示范区, a district), for tests across levels.

示范市人大 (city)
├── 示范区人大  (the ``congress`` fixture, county level)
│   ├── 东湖街道人大工委 (working body)
│   └── 东湖镇人大 (township congress)
└── 另一区人大  (the ``other_congress`` fixture: a sibling district)
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Role
from conftest import make_congress, make_deputy, make_user
from registry.models import Congress


@dataclass
class Tree:
    city: Congress
    district: Congress
    sibling: Congress
    working_body: Congress
    township: Congress


def make_tree(congress: Congress, other_congress: Congress) -> Tree:
    city = make_congress("city", "示范市人民代表大会")
    Congress.objects.filter(pk=city.pk).update(level=Congress.Level.CITY)
    city.refresh_from_db()
    for district in (congress, other_congress):
        district.parent = city
        district.save(update_fields=["parent"])
    working_body = make_congress("donghu-wb", "示范区东湖街道人大工作委员会")
    working_body.kind, working_body.parent = Congress.Kind.WORKING_BODY, congress
    working_body.save()
    township = make_congress("donghu-town", "东湖镇人民代表大会")
    township.kind, township.level, township.parent = (
        Congress.Kind.TOWNSHIP_CONGRESS,
        Congress.Level.TOWNSHIP,
        congress,
    )
    township.save()
    return Tree(city, congress, other_congress, working_body, township)


def staff_of(body: Congress, username: str):
    return make_user(username, f"{body.display_short_name}文书", body, Role.STAFF)


def seated_deputy(body: Congress, username: str, name: str):
    """A deputy user with a seat in ``body``."""
    user = make_user(username, name, body, Role.DEPUTY)
    make_deputy(body, name=name, user=user)
    return user
