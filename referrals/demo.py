"""Demo step: the fictional 示范市 around the demo district (DOMAIN §11), leaving the district's figures as they are.

    示范市人民代表大会 (city)
    ├── 示范区人民代表大会 (the demo district: all its counts unchanged)
    │   ├── 青禾镇人民代表大会、石桥乡人民代表大会 (township congresses, 主席团, deputies of their own)
    │   └── 青云街道居民议事会 (residents' council)
    ├── 示范市东区人民代表大会 (a second district)
    └── 示范市高新区人大工作委员会 (a zone's working body: no session, no deputies of its own)

City deputies live and work in the demo district: a few enter its first subdistrict station
(deputies of two levels in one station), and one citizen message about a city matter is referred
up to the city office, and so is one registered suggestion (the city office may take it as its
own, referrals.workflow.adopt). Rows are written directly (generated state, like every demo step), with no
audit entries of their own: the demo's one load_demo entry covers them.
"""

from __future__ import annotations

import datetime as dt

from accounts.models import Role, RoleAssignment, User
from core.dates import today
from referrals import rules
from referrals.models import Referral
from registry.models import Congress, Deputy, Station, StationMembership, Term
from registry.rules import id_number_check_digit
from stations.models import Message

CITY_DEPUTIES = 12
STATIONED_CITY_DEPUTIES = 6
TOWNSHIP_DEPUTIES = 15
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许"
GIVEN = ("建华", "丽萍", "志强", "秀英", "海涛", "晓燕", "国庆", "春梅", "文博", "思远", "雨桐", "振宇")


def _body(code, name, short, *, kind=Congress.Kind.CONGRESS, level=Congress.Level.COUNTY, parent=None):
    return Congress.objects.create(
        code=code,
        name=name,
        short_name=short,
        region=short.removesuffix("人大"),
        kind=kind,
        level=level,
        parent=parent,
    )


def _deputies(rng, body: Congress, count: int, prefix: str, region: int) -> list[Deputy]:
    term = Term.objects.create(
        congress=body, number=1 if body.level == "township" else 16, starts_on=dt.date(2021, 12, 20)
    )
    rows = []
    for n in range(1, count + 1):
        born = dt.date(1965 + rng.randrange(30), 1 + rng.randrange(12), 1 + rng.randrange(28))
        first17 = f"99{region:02d}00{born:%Y%m%d}{n:03d}"
        rows.append(
            Deputy(
                congress=body,
                term=term,
                number=f"{prefix}{n:03d}",
                name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                gender=rng.choice(Deputy.Gender.values),
                birth_date=born,
                id_number=first17 + id_number_check_digit(first17),
                phone=f"135{region:02d}{n:06d}",
                occupation="企业职工",
                workplace=f"{body.short_name}辖区企业",
                elected_on=dt.date(2021, 12, 1),
            )
        )
    return Deputy.objects.bulk_create(rows)


def _staff(demo, username: str, full_name: str, body: Congress) -> User:
    user = User.objects.create(username=username, full_name=full_name, password=demo.password)
    # bulk_create: generated state, not a grant (the role-change audit signal stays out of the demo)
    RoleAssignment.objects.bulk_create([RoleAssignment(user=user, congress=body, role=Role.STAFF)])
    return user


def load(demo) -> None:
    district = demo.congress
    rng = demo.random("city")
    city = _body("demo-city", "示范市人民代表大会", "示范市人大", level=Congress.Level.CITY)
    district.parent = city
    district.save(update_fields=["parent"])
    _body("demo-east", "示范市东区人民代表大会", "东区人大", parent=city)
    _body(
        "demo-zone",
        "示范市高新区人大工作委员会",
        "高新区人大工委",
        kind=Congress.Kind.WORKING_BODY,
        parent=city,
    )
    townships = [
        _body(
            code,
            name,
            short,
            kind=Congress.Kind.TOWNSHIP_CONGRESS,
            level=Congress.Level.TOWNSHIP,
            parent=district,
        )
        for code, name, short in (
            ("demo-qinghe", "青禾镇人民代表大会", "青禾镇人大"),
            ("demo-shiqiao", "石桥乡人民代表大会", "石桥乡人大"),
        )
    ]
    _body(
        "demo-council",
        "青云街道居民议事会",
        "青云街道议事会",
        kind=Congress.Kind.RESIDENTS_COUNCIL,
        level=Congress.Level.TOWNSHIP,
        parent=district,
    )
    city_deputies = _deputies(rng, city, CITY_DEPUTIES, "S", 1)
    for i, township in enumerate(townships):
        _deputies(rng, township, TOWNSHIP_DEPUTIES, f"Z{i + 1}", 2 + i)
    station = (
        Station.objects.filter(congress=district, level=Station.Level.SUBDISTRICT).order_by("pk").first()
    )
    StationMembership.objects.bulk_create(
        StationMembership(congress=district, station=station, deputy=d, starts_on=dt.date(2022, 3, 1))
        for d in city_deputies[:STATIONED_CITY_DEPUTIES]
    )
    city_staff = _staff(demo, "city", "示范市人大常委会办公室文书", city)
    _staff(demo, "zone", "高新区人大工委文书", Congress.objects.get(code="demo-zone"))

    # One message about a city matter, referred up and awaiting the city office's answer.
    message = None
    for status in (Message.Status.AWAITING_REFERRAL, Message.Status.RECEIVED):
        message = message or Message.objects.filter(congress=district, status=status).order_by("pk").first()
    if message is not None:
        district_staff = User.objects.filter(username="staff").first() or city_staff
        on = today() - dt.timedelta(days=3)
        accept_due, reply_due = rules.due_dates(on, 5, 30)
        Message.objects.filter(pk=message.pk).update(
            status=Message.Status.REFERRED,
            outcome=Message.Outcome.REFERRED_TO_BODY,
            unit=None,
            reply_due=reply_due,
        )
        Referral.objects.create(
            congress=district,
            target=city,
            message=message,
            note="涉及市管主干道改造，属市级事权，请示范市人大常委会办公室转市有关部门办理。",
            referred_on=on,
            accept_due=accept_due,
            reply_due=reply_due,
            referred_by=district_staff,
        )
    # One registered suggestion about a city matter, referred up: the city office may take it as its own.
    from suggestions.models import Suggestion

    suggestion = (
        Suggestion.objects.filter(congress=district, status=Suggestion.Status.REGISTERED, kind="suggestion")
        .order_by("pk")
        .first()
    )
    if suggestion is not None:
        district_staff = User.objects.filter(username="staff").first() or city_staff
        on = today() - dt.timedelta(days=2)
        accept_due, reply_due = rules.due_dates(on, 5, 30)
        Referral.objects.create(
            congress=district,
            target=city,
            suggestion=suggestion,
            note="建议事项涉及市管道路和市级财政安排，属市级事权，请示范市人大常委会办公室接收办理。",
            referred_on=on,
            accept_due=accept_due,
            reply_due=reply_due,
            referred_by=district_staff,
        )
    demo.summary.append(
        f"示范市（2个区、1个开发区人大工委、2个乡镇人大、1个居民议事会），市人大代表{CITY_DEPUTIES}人"
        f"（{STATIONED_CITY_DEPUTIES}人进示范区联络站）、乡镇人大代表{TOWNSHIP_DEPUTIES * len(townships)}人"
    )
