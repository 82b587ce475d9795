"""No leak across bodies (DOMAIN §11): every list and detail page of body A, asked by every role of body B.

Body A is the demo congress (records in every app). Bodies B are its parent city, a working body
under it and a sibling district, each with a person in every role. Every object of a body B is
given an id far above any of A's, so a page answering 200 for one of A's ids can only be showing
A's record. What the law gives is allowed, and only that: the target of a referral sees the
referral (with the item referred), and nothing else of A.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import Role, RoleAssignment, User
from conftest import client_for, valid_id_number
from registry.models import Congress, Deputy, Station, Subdistrict, Term, Unit
from stations.models import Message
from suggestions.models import Suggestion

pytestmark = pytest.mark.django_db

HIGH = 900_000  # every id of a body B starts here
SKIPPED_PREFIXES = (
    "admin/",
    "p/",
    "api/",
    "meetings/api/",
    "accounts/login",
    "accounts/logout",
    "accounts/two-factor",
)
SKIPPED_NAMES = {
    "core:captcha_image",
    "accounts:switch_congress",
    "accounts:password_change",
    "meetings:my_qr_png",
}
A_PERSONAS = ("staff", "leader", "deputy", "unit", "station")
ROLES = (Role.STAFF, Role.LEADER, Role.DEPUTY, Role.UNIT_HANDLER, Role.STATION_STAFF)


def _patterns():
    def walk(patterns, prefix="", ns=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern), p.namespace or ns)
            elif isinstance(p, URLPattern):
                yield (f"{ns}:{p.name}" if ns else str(p.name)), prefix + str(p.pattern)

    for name, route in walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES) or name in SKIPPED_NAMES or route.startswith("^"):
            continue
        params = re.findall(r"<(\w+):(\w+)>", route)
        if not params:
            yield name, route, 0
        elif len(params) == 1 and params[0][0] == "int":
            yield name, route, 1


def _path(route: str, pk: int | None = None) -> str:
    return "/" + (re.sub(r"<int:\w+>", str(pk), route) if pk is not None else route)


_serial = iter(range(HIGH + 1, HIGH + 10_000))


def _body(code: str, name: str, *, kind=Congress.Kind.CONGRESS, level=Congress.Level.COUNTY, parent=None):
    body = Congress.objects.create(
        pk=next(_serial),
        code=code,
        name=name,
        short_name=name[:6],
        region=name[:4],
        kind=kind,
        level=level,
        parent=parent,
    )
    sub = Subdistrict.objects.create(pk=next(_serial), congress=body, name=f"{code}街道")
    station = Station.objects.create(
        pk=next(_serial),
        congress=body,
        name=f"{code}联络站",
        level=Station.Level.SUBDISTRICT,
        subdistrict=sub,
        address="乙路1号",
    )
    unit = Unit.objects.create(pk=next(_serial), congress=body, name=f"{code}承办单位")
    term = Term.objects.create(pk=next(_serial), congress=body, number=1, starts_on=dt.date(2022, 1, 1))
    people = {}
    for role in ROLES:
        user = User.objects.create_user(
            pk=next(_serial), username=f"{code}-{role}", password="x", full_name=f"乙{role}"
        )
        where = (
            {"unit": unit}
            if role == Role.UNIT_HANDLER
            else {"station": station}
            if role == Role.STATION_STAFF
            else {}
        )
        RoleAssignment.objects.create(pk=next(_serial), user=user, congress=body, role=role, **where)
        if role == Role.DEPUTY:
            n = next(_serial)
            Deputy.objects.create(
                pk=n,
                congress=body,
                term=term,
                user=user,
                number=f"B{n}",
                name="乙代表",
                gender="male",
                birth_date=dt.date(1970, 1, 1),
                id_number=valid_id_number(dt.date(1970, 1, 1), n % 997),
                phone=f"137{n % 100_000_000:08d}",
                elected_on=dt.date(2022, 1, 1),
            )
        people[role] = user
    return body, people


@pytest.fixture
def fresh_sequences(db):
    """A's demo records take the lowest ids, as they do on SQLite: on PostgreSQL the sequences keep
    counting across rolled-back tests, so they are set back to each (empty) table's highest id."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(statement)


@pytest.fixture
def world(fresh_sequences, demo):
    a = demo.congress
    city, city_people = _body("b-city", "乙市人民代表大会", level=Congress.Level.CITY)
    a.parent = city
    a.save(update_fields=["parent"])
    _child, child_people = _body("b-child", "乙街道人大工作委员会", kind=Congress.Kind.WORKING_BODY, parent=a)
    _sibling, sibling_people = _body("b-sibling", "乙区人民代表大会", parent=city)
    # What the law gives: a message referred from A up to the city
    from referrals import workflow as referrals_workflow

    message = Message.objects.filter(congress=a, referrals__isnull=True).order_by("pk").first()
    Message.objects.filter(pk=message.pk).update(status=Message.Status.AWAITING_REFERRAL)
    message.refresh_from_db()
    referral = referrals_workflow.refer(
        message, actor=User.objects.get(username="staff"), target=city, note="属市级事权"
    )
    return {
        "a": a,
        "bodies": {"city": city_people, "child": child_people, "sibling": sibling_people},
        "referral": referral,
    }


def _markers(a) -> list[str]:
    """Text only A's records carry: deputies' names, suggestion titles, tracking codes."""
    names = list(Deputy.objects.filter(congress=a).values_list("name", flat=True)[:40])
    titles = list(Suggestion.objects.filter(congress=a).values_list("title", flat=True)[:20])
    codes = [m.display_code for m in Message.objects.filter(congress=a)[:20]]
    return [m for m in names + titles + codes if len(m) >= 3]


def test_no_page_of_body_a_answers_a_person_of_another_body(world):
    a, referral = world["a"], world["referral"]
    candidates = sorted({1, 2, 3, 5, 8, 13, 21, referral.pk, referral.message_id})
    a_clients = [client_for(User.objects.get(username=u)) for u in A_PERSONAS]
    found: list[tuple[str, str]] = []
    lists: list[tuple[str, str]] = []
    for name, route, ints in _patterns():
        if ints == 0:
            lists.append((name, _path(route)))
            continue
        for client in a_clients:
            hit = None
            for pk in candidates:
                status = client.get(_path(route, pk)).status_code
                if status == 405:
                    break
                if status == 200:
                    hit = pk
                    break
            if hit is not None:
                found.append((name, _path(route, hit)))
                break
    # the referral given to the city (the demo has one of its own, found first above)
    found.append(("referrals:detail", f"/referrals/{referral.pk}/"))
    # the walk must really reach A's pages, or the test would pass on nothing
    assert len(found) >= 60, found
    assert {
        "suggestions:detail",
        "stations:message_detail",
        "registry:deputy_detail",
        "referrals:detail",
    } <= {n for n, _ in found}

    allowed = {
        ("city", Role.STAFF, f"/referrals/{referral.pk}/"),
        ("city", Role.LEADER, f"/referrals/{referral.pk}/"),
    }
    markers = _markers(a)
    leaks, seen_allowed = [], set()
    for body, people in world["bodies"].items():
        for role, user in people.items():
            client = client_for(user)
            assert client.get("/").status_code == 200  # each person works in their own body
            for name, path in found:
                response = client.get(path)
                if response.status_code == 200 and (body, role, path) in allowed:
                    seen_allowed.add((body, role, path))
                elif response.status_code not in (403, 404, 405):
                    leaks.append((body, role, name, path, response.status_code))
            for name, path in lists:
                response = client.get(path)
                if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                    text = response.content.decode()
                    shown = [m for m in markers if m in text]
                    if shown:
                        leaks.append((body, role, name, path, shown[:3]))
    assert leaks == []
    assert seen_allowed == allowed  # the referral target does see what was referred to it


def test_the_referral_target_sees_the_referral_but_not_the_message_itself(world):
    referral = world["referral"]
    city_staff = world["bodies"]["city"][Role.STAFF]
    page = client_for(city_staff).get(f"/referrals/{referral.pk}/")
    assert page.status_code == 200 and referral.message.content in page.content.decode()
    assert client_for(city_staff).get(f"/stations/messages/{referral.message_id}/").status_code == 404
