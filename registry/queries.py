"""Body sizes and common registry querysets. N and M are always computed, never typed in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from core.dates import today
from registry.models import CommitteeMembership, Congress, Deputy


def public_congress(code: str) -> Congress:
    """The congress a public page belongs to, by its code (404 when unknown)."""
    return get_object_or_404(Congress, code=code)


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


def committee_members_holding_seat(
    congress: Congress, on: dt.date | None = None
) -> QuerySet[CommitteeMembership]:
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
            Todo(
                "全体代表（实有数）",
                reverse("registry:deputy_list"),
                deputy_count(congress),
                f"其中暂停执行代表职务 {suspended} 人" if suspended else "依据当选与资格终止日期计算",
            ),
            Todo(
                "常委会组成人员（实有数）",
                reverse("registry:committeemembership_list"),
                member_count(congress),
            ),
            Todo(
                "承办单位",
                reverse("registry:unit_list"),
                Unit.objects.filter(congress=congress, is_active=True).count(),
            ),
            Todo(
                "代表联络站",
                reverse("registry:station_list"),
                Station.objects.filter(congress=congress, is_active=True).count(),
            ),
        ]
    if roles.has(Role.STAFF):
        items.append(
            Todo("导入代表名册", reverse("registry:roster_import"), hint="上传 .xlsx 名册，逐行校验后导入")
        )
    if roles.has(Role.DEPUTY):
        items.append(Todo("我的代表信息", reverse("registry:my_deputy"), hint="核对本人登记信息"))
    for unit in Unit.objects.filter(pk__in=roles.unit_ids):
        items.append(
            Todo(
                f"本单位：{unit.name}",
                reverse("registry:unit_detail", args=[unit.pk]),
                hint="承办单位信息与经办人",
            )
        )
    for station in Station.objects.filter(pk__in=roles.station_ids):
        items.append(
            Todo(
                f"本站：{station.name}",
                reverse("registry:station_detail", args=[station.pk]),
                hint=station.address,
            )
        )
    return items


def deputy_status_history(deputy: Deputy):
    """Suspensions, reinstatements and terminations of a deputy, newest first, from the audit log."""
    from core.models import AuditEntry
    from registry.workflow import TRANSITIONS

    return AuditEntry.objects.filter(
        congress_id=deputy.congress_id,
        object_type="registry.deputy",
        object_id=str(deputy.pk),
        action__in=list(TRANSITIONS),
    ).order_by("-seq")


@dataclass(frozen=True)
class StatusChange:
    action: str
    label: str
    effective_on: dt.date | None
    reason: str
    actor_label: str
    created_at: dt.datetime


def deputy_status_changes(deputy: Deputy) -> list[StatusChange]:
    """The status history as rows for a page."""
    from registry.workflow import ACTION_LABELS, EFFECTIVE_ON

    rows = []
    for entry in deputy_status_history(deputy):
        raw = (entry.changes.get(EFFECTIVE_ON) or [None, None])[1]
        try:
            effective_on = dt.date.fromisoformat(raw) if raw else None
        except (TypeError, ValueError):
            effective_on = None
        rows.append(
            StatusChange(
                entry.action,
                ACTION_LABELS.get(entry.action, entry.action),
                effective_on,
                entry.note,
                entry.actor_label,
                entry.created_at,
            )
        )
    return rows


def unit_handlers(unit):
    """Accounts handling suggestions for a unit (承办单位经办人)."""
    from accounts.models import Role, RoleAssignment

    return (
        RoleAssignment.objects.filter(
            congress_id=unit.congress_id, unit=unit, role=Role.UNIT_HANDLER, is_active=True
        )
        .select_related("user")
        .order_by("user__full_name", "user__username")
    )


def station_staff(station):
    """Accounts working at a liaison station."""
    from accounts.models import Role, RoleAssignment

    return (
        RoleAssignment.objects.filter(
            congress_id=station.congress_id, station=station, role=Role.STATION_STAFF, is_active=True
        )
        .select_related("user")
        .order_by("user__full_name", "user__username")
    )
