"""Body sizes and common registry querysets. N and M are always computed, never typed in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from core.dates import today
from registry import rules
from registry.models import CommitteeMembership, Congress, Deputy, MapChange, OfficeHolding, Subdistrict


def public_congress(code: str) -> Congress:
    """The congress a public page belongs to, by its code (404 when unknown)."""
    return get_object_or_404(Congress, code=code)


def seat_held_on(on: dt.date, prefix: str = "") -> Q:
    """ORM form of rules.holds_seat for deputies (prefix reaches a deputy through a relation).

    A seat starts on the later of the election and its term's first session and ends on the
    earlier of its termination and the term's end (the next term's first session, 代表法).
    """
    return (
        Q(**{f"{prefix}elected_on__lte": on})
        & Q(**{f"{prefix}term__starts_on__lte": on})
        & (Q(**{f"{prefix}terminated_on__isnull": True}) | Q(**{f"{prefix}terminated_on__gt": on}))
        & (Q(**{f"{prefix}term__ends_on__isnull": True}) | Q(**{f"{prefix}term__ends_on__gt": on}))
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
        # ?on=YYYY-MM-DD shows the body sizes of any chosen date (DOMAIN §0: seats held that day).
        try:
            on = dt.date.fromisoformat(request.GET.get("on", ""))
        except ValueError:
            on = today()
        held = deputies_holding_seat(congress, on)
        suspended = held.filter(Q(suspended_on__lte=on), status=Deputy.Status.SUSPENDED).count()
        dated = "" if on == today() else f"{on:%Y-%m-%d}，"
        items += [
            Todo(
                "全体代表（实有数）",
                reverse("registry:deputy_list") + (f"?on={on:%Y-%m-%d}" if dated else ""),
                held.count(),
                dated
                + (
                    f"其中暂停执行代表职务 {suspended} 人"
                    if suspended
                    else "依据任期、当选与资格终止日期计算"
                ),
            ),
            Todo(
                "常委会组成人员（实有数）",
                reverse("registry:officeholding_list") + (f"?on={on:%Y-%m-%d}" if dated else ""),
                member_count(congress, on),
                dated + "依据在任人员名册（选举、任免）计算",
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
        from registry.workflow import next_term_change

        pair = next_term_change(congress)
        if pair and pair[1].starts_on <= today() + dt.timedelta(days=30):
            old, new = pair
            items.append(
                Todo(
                    "待办理换届",
                    reverse("registry:term_change"),
                    hint=f"{new}第一次会议{new.starts_on:%Y-%m-%d}开幕，{old}代表席位应于当日结束",
                    urgent=new.starts_on <= today(),
                )
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


# --- The register of office holders and the map on a date (DOMAIN §10) -------------------------


def office_holders_on(congress: Congress, on: dt.date | None = None) -> QuerySet[OfficeHolding]:
    """Who held which post on a date."""
    on = on or today()
    return OfficeHolding.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=on), congress=congress, starts_on__lte=on
    ).select_related("post", "deputy")


@dataclass(frozen=True)
class MapEntry:
    subdistrict: Subdistrict
    name: str
    kind: str  # Subdistrict.Kind value on that date

    @property
    def kind_label(self) -> str:
        return Subdistrict.Kind(self.kind).label


def subdistricts_on(congress: Congress, on: dt.date | None = None) -> list[MapEntry]:
    """The 街道 and 乡镇 as they were on a date: a past period is reported with its own map."""
    on = on or today()
    later: dict[int, list[MapChange]] = {}
    for change in MapChange.objects.filter(
        congress=congress, subdistrict__isnull=False, effective_on__gt=on
    ).order_by("-effective_on", "-id"):
        later.setdefault(change.subdistrict_id, []).append(change)
    entries = []
    for sub in Subdistrict.objects.filter(congress=congress).order_by("id"):
        if not rules.exists_on(sub.established_on, sub.abolished_on, on):
            continue
        changes = later.get(sub.pk, [])
        kind = rules.value_on(
            sub.kind,
            [(c.old_value, c.new_value) for c in changes if c.kind == MapChange.Kind.TOWNSHIP_TO_SUBDISTRICT],
        )
        name = rules.value_on(
            sub.name, [(c.old_value, c.new_value) for c in changes if c.kind == MapChange.Kind.RENAMED]
        )
        entries.append(MapEntry(sub, name, kind))
    return entries


def seat_history(congress: Congress):
    """Every seat with its span, newest term first: who held which seat when."""
    return (
        Deputy.objects.filter(congress=congress)
        .select_related("term", "constituency", "delegation", "replaces")
        .order_by("-term__number", "number")
    )


# --------------------------------------------------------------------------- confirmations

# Status changes of a deputy that cannot be undone (core/confirm.py asks first).
FINAL_STATUS_CHANGES = frozenset({"terminate", "accept_resignation", "recall"})


def status_change_confirmation(deputy: Deputy, label: str) -> str:
    posts = deputy.committee_memberships.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today())).count()
    ending = f"其 {posts} 项常委会职务将同时终止。" if posts else ""
    return f"确定{label}：{deputy.name}？代表资格终止后不能恢复。{ending}"


def leave_office_confirmation(holding: OfficeHolding) -> str:
    # The same words as the box in registry/officeholding_list.html, built there with |add.
    return f"确定登记{holding.person_name}离任？登记后不能撤销。"


def term_change_confirmation(preview) -> str:
    return (
        f"确定办理换届？{preview.old}的 {len(preview.ending)} 个代表席位于 {preview.on:%Y-%m-%d} 结束，"
        f"{preview.new}的 {preview.starting} 名代表开始任职，"
        f"{len(preview.committee_ending)} 项常委会职务终止。换届不可撤销。"
    )
