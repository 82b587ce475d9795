"""Personas of a residents' council (青云街道居民议事会 under the 示范区 district):

- council_clerk, council_teller: the council's office (staff of the council body);
- zhou, chen, lin, wang (resident representatives with logins, who vote on phones), and
  paper members without a login, to make ``size`` members in all;
- the district's clerk (``clerk``) reads; another council's member (``stranger``) votes elsewhere.
"""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import Role
from conftest import make_congress, make_user
from registry.models import Congress, CouncilMember

JOINED = dt.date(2025, 1, 1)


def make_council(code: str, name: str, parent: Congress) -> Congress:
    council = make_congress(code, name)
    council.kind, council.level, council.parent = (
        Congress.Kind.RESIDENTS_COUNCIL,
        Congress.Level.TOWNSHIP,
        parent,
    )
    council.save()
    return council


def member(council, name, *, user=None, category=CouncilMember.Category.RESIDENT, **fields) -> CouncilMember:
    return CouncilMember.objects.create(
        congress=council, name=name, category=category, user=user, starts_on=JOINED, **fields
    )


@pytest.fixture
def council(congress):
    """Its own rule: 2 matters are adopted per 票选 (the default would be 5)."""
    council = make_council("qingyun", "青云街道居民议事会", congress)
    council.settings = {"councils": {"adopt": 2}}
    council.save(update_fields=["settings"])
    return council


@pytest.fixture
def council_clerk(council):
    return make_user("council_clerk", "刘文书", council, Role.STAFF)


@pytest.fixture
def council_teller(council):
    return make_user("council_teller", "马计票", council, Role.STAFF)


@pytest.fixture
def voters(council):
    """Four resident representatives with logins and two paper members: six members."""
    people = {}
    for username, name in (("zhou", "周大妈"), ("chen", "陈大爷"), ("lin", "林阿姨"), ("wang", "王师傅")):
        people[username] = member(council, name, user=make_user(username, name))
    people["paper1"] = member(council, "冯社工", category=CouncilMember.Category.COMMUNITY_STAFF)
    people["paper2"] = member(council, "何居民")
    return people


@pytest.fixture
def stranger(other_congress):
    """A member of another district's council."""
    other = make_council("elsewhere", "另一街道居民议事会", other_congress)
    user = make_user("stranger", "外街道居民")
    member(other, "外街道居民", user=user)
    return user
