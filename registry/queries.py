"""Body sizes and common registry querysets. N and M are always computed, never typed in."""
from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from registry.models import CommitteeMembership, Congress, Deputy


def today() -> dt.date:
    return timezone.localdate()


def seat_held_on(on: dt.date, prefix: str = "") -> Q:
    """ORM form of rules.holds_seat for deputies (prefix reaches a deputy through a relation)."""
    return Q(**{f"{prefix}elected_on__lte": on}) & (
        Q(**{f"{prefix}terminated_on__isnull": True}) | Q(**{f"{prefix}terminated_on__gt": on})
    )


def deputies_holding_seat(congress: Congress, on: dt.date | None = None) -> QuerySet[Deputy]:
    """全体代表 on a date: serving and suspended deputies whose seat has begun and not ended."""
    return Deputy.objects.filter(seat_held_on(on or today()), congress=congress)


def deputy_count(congress: Congress, on: dt.date | None = None) -> int:
    """N (DOMAIN §0)."""
    return deputies_holding_seat(congress, on).count()


def committee_members_holding_seat(congress: Congress, on: dt.date | None = None) -> QuerySet[CommitteeMembership]:
    """全体组成人员 on a date. A member who stops being a deputy leaves the committee too."""
    on = on or today()
    return CommitteeMembership.objects.filter(
        seat_held_on(on, "deputy__"),
        Q(ends_on__isnull=True) | Q(ends_on__gt=on),
        congress=congress,
        starts_on__lte=on,
    )


def member_count(congress: Congress, on: dt.date | None = None) -> int:
    """M (DOMAIN §0)."""
    return committee_members_holding_seat(congress, on).count()


def home_todos(request):
    """Home-page lines for the registry (see core.home)."""
    from django.urls import reverse

    from accounts.models import Role
    from core.home import Todo
    from registry.models import Station, Unit

    congress, roles = request.congress, request.roles
    if congress is None:
        return []
    items = []
    if roles.has(Role.STAFF, Role.LEADER):
        suspended = Deputy.objects.filter(congress=congress, status=Deputy.Status.SUSPENDED).count()
        items += [
            Todo("全体代表（实有数）", reverse("registry:deputy_list"), deputy_count(congress),
                 f"其中暂停执行代表职务 {suspended} 人" if suspended else "依据当选与资格终止日期计算"),
            Todo("常委会组成人员（实有数）", reverse("registry:committeemembership_list"), member_count(congress)),
            Todo("承办单位", reverse("registry:unit_list"), Unit.objects.filter(congress=congress, is_active=True).count()),
            Todo("代表联络站", reverse("registry:station_list"),
                 Station.objects.filter(congress=congress, is_active=True).count()),
        ]
    if roles.has(Role.STAFF):
        items.append(Todo("导入代表名册", reverse("registry:roster_import"), hint="上传 .xlsx 名册，逐行校验后导入"))
    if roles.has(Role.DEPUTY):
        items.append(Todo("我的代表信息", reverse("registry:my_deputy"), hint="核对本人登记信息"))
    for unit in Unit.objects.filter(pk__in=roles.unit_ids):
        items.append(Todo(f"本单位：{unit.name}", reverse("registry:unit_detail", args=[unit.pk]),
                          hint="承办单位信息与经办人"))
    for station in Station.objects.filter(pk__in=roles.station_ids):
        items.append(Todo(f"本站：{station.name}", reverse("registry:station_detail", args=[station.pk]),
                          hint=station.address))
    return items
