"""Inboxes, public lists and statistics for stations (reads only)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.permissions import HeldRoles, deputy_of, has_role
from core import dates
from core.home import Todo
from registry.models import Deputy, Station
from stations import rules
from stations.models import Activity, Message, Reception, Topic

S = Message.Status
OPEN_STATUSES = [S.RECEIVED, S.ASSIGNED, S.AWAITING_REFERRAL, S.REFERRED]

# Inbox name → (Chinese label, who sees it).
BOXES = {
    "station": "本站留言",
    "mine": "我的留言",
    "office": "待转办",
    "unit": "转办给本单位",
    "all": "全部留言",
}


def boxes_for(request) -> list[str]:
    congress_id, user = request.congress.pk, request.user
    boxes = []
    if HeldRoles.of(user, congress_id).station_ids:
        boxes.append("station")
    if has_role(user, congress_id, Role.DEPUTY, Role.STATION_STAFF):
        boxes.append("mine")
    if has_role(user, congress_id, Role.STAFF):
        boxes.append("office")
    if HeldRoles.of(user, congress_id).unit_ids:
        boxes.append("unit")
    if has_role(user, congress_id, Role.STAFF, Role.LEADER):
        boxes.append("all")
    return boxes


def inbox(request, box: str):
    congress_id, user = request.congress.pk, request.user
    qs = Message.objects.filter(congress_id=congress_id).select_related(
        "station", "deputy", "handler", "unit"
    )
    if box == "station":
        qs = qs.filter(station_id__in=HeldRoles.of(user, congress_id).station_ids)
    elif box == "mine":
        deputy = deputy_of(user, congress_id)
        qs = qs.filter(Q(handler=user) | Q(deputy=deputy) if deputy else Q(handler=user))
    elif box == "office":
        qs = qs.filter(status=S.AWAITING_REFERRAL).order_by("refer_due", "created_at")
    elif box == "unit":
        qs = qs.filter(
            unit_id__in=HeldRoles.of(user, congress_id).unit_ids, status__in=[S.REFERRED, S.CLOSED]
        )
    elif box == "all":
        qs = qs
    else:
        qs = qs.none()
    return qs


def home_todos(request):
    """Home-page lines for this app (see core.home)."""
    if request.congress is None:
        return []
    items = []
    congress_id, user = request.congress.pk, request.user
    base = Message.objects.filter(congress_id=congress_id)
    url = reverse("stations:inbox")
    stations = HeldRoles.of(user, congress_id).station_ids
    if stations:
        n = base.filter(station_id__in=stations, status__in=[S.RECEIVED, S.ASSIGNED]).count()
        items.append(Todo("联络站待办留言", f"{url}?box=station&status=open", n, urgent=n > 0))
    deputy = deputy_of(user, congress_id)
    if deputy is not None:
        n = base.filter(Q(deputy=deputy) | Q(handler=user), status__in=[S.RECEIVED, S.ASSIGNED]).count()
        if n:
            items.append(Todo("群众给我的留言", f"{url}?box=mine&status=open", n, urgent=True))
    if has_role(user, congress_id, Role.STAFF):
        n = base.filter(status=S.AWAITING_REFERRAL).count()
        overdue = base.filter(status=S.AWAITING_REFERRAL, refer_due__lt=dates.today()).count()
        items.append(
            Todo(
                "联络站留言待转办",
                f"{url}?box=office",
                n,
                urgent=overdue > 0,
                hint=f"{overdue} 件已超过转办期限" if overdue else "",
            )
        )
    units = HeldRoles.of(user, congress_id).unit_ids
    if units:
        n = base.filter(unit_id__in=units, status=S.REFERRED).count()
        items.append(Todo("群众留言待答复", f"{url}?box=unit", n, urgent=n > 0))
    return items


def public_sections(congress):
    """Links on the congress's public front page (see portal.views.public_home)."""
    return [
        {
            "title": "网上人大代表联络站：给代表留言",
            "url": reverse("stations_public:station_list", args=[congress.code]),
        },
        {"title": "查询留言办理情况", "url": reverse("stations_public:track", args=[congress.code])},
    ]


# --------------------------------------------------------------------------- public pages


def upcoming_receptions(station: Station, today: dt.date | None = None):
    """Reception days on the public page: scheduled, not past, announced ≥ notice days ahead."""
    today = today or dates.today()
    notice = rules.SETTINGS.value(station.congress, "reception_notice_days")
    rows = (
        Reception.objects.filter(station=station, status=Reception.Status.SCHEDULED, date__gte=today)
        .prefetch_related("deputies")
        .order_by("date", "starts_at")
    )
    return [
        r
        for r in rows
        if rules.is_publicly_announced(r.date, timezone.localdate(r.created_at), today, notice)
    ]


def published_messages(station: Station, limit: int = 10):
    """Closed messages whose authors agreed to publish them (content and reply, never name or phone)."""
    return (
        Message.objects.filter(station=station, publish_consent=True, status=S.CLOSED)
        .exclude(outcome=Message.Outcome.DECLINED)
        .order_by("-closed_at")[:limit]
    )


def station_deputies(station: Station):
    return station.deputies.filter(status=Deputy.Status.SERVING).order_by("number")


# --------------------------------------------------------------------------- statistics


def year_range(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def station_statistics(congress, year: int, stations=None) -> list[dict]:
    """One row per station: messages, outcomes, average days to close, rating, receptions, activities."""
    start, end = year_range(year)
    stations = list(stations if stations is not None else Station.objects.filter(congress=congress))
    ids = [s.pk for s in stations]
    messages = Message.objects.filter(
        congress=congress, station_id__in=ids, created_at__gte=start, created_at__lt=end
    )
    counts = defaultdict(Counter)
    for row in messages.values("station_id", "outcome", "status").annotate(n=Count("id")):
        c = counts[row["station_id"]]
        c["received"] += row["n"]
        if row["status"] == S.CLOSED:
            c["closed"] += row["n"]
        if row["outcome"]:
            c[row["outcome"]] += row["n"]
    durations, ratings = defaultdict(list), defaultdict(list)
    for station_id, created, closed, rating in messages.filter(status=S.CLOSED).values_list(
        "station_id", "created_at", "closed_at", "rating"
    ):
        if closed:
            durations[station_id].append(closed - created)
        if rating:
            ratings[station_id].append(rating)
    receptions = Counter()
    visitors = Counter()
    for row in (
        Reception.objects.filter(
            station_id__in=ids, status=Reception.Status.HELD, date__gte=start.date(), date__lt=end.date()
        )
        .values("station_id")
        .annotate(n=Count("id"), v=Count("id", filter=Q(visitors__gt=0)))
    ):
        receptions[row["station_id"]] = row["n"]
    for station_id, v in Reception.objects.filter(
        station_id__in=ids, status=Reception.Status.HELD, date__gte=start.date(), date__lt=end.date()
    ).values_list("station_id", "visitors"):
        visitors[station_id] += v or 0
    activities = defaultdict(Counter)
    for row in (
        Activity.objects.filter(station_id__in=ids, date__gte=start.date(), date__lt=end.date())
        .values("station_id", "kind")
        .annotate(n=Count("id"))
    ):
        activities[row["station_id"]][row["kind"]] = row["n"]
    rows = []
    for s in stations:
        c = counts[s.pk]
        rows.append(
            {
                "station": s,
                "received": c["received"],
                "closed": c["closed"],
                "outcomes": {o: c[o] for o in Message.Outcome.values},
                "close_rate": rules.percent(c["closed"], c["received"]),
                "mean_days": rules.mean_days(durations[s.pk]),
                "mean_rating": rules.mean_rating(ratings[s.pk]),
                "ratings": len(ratings[s.pk]),
                "receptions": receptions[s.pk],
                "visitors": visitors[s.pk],
                "themed": activities[s.pk][Activity.Kind.THEMED],
                "research": activities[s.pk][Activity.Kind.RESEARCH],
                "_durations": durations[s.pk],
                "_ratings": ratings[s.pk],
            }
        )
    return rows


def total_row(rows: list[dict]) -> dict:
    durations = [d for r in rows for d in r["_durations"]]
    ratings = [x for r in rows for x in r["_ratings"]]
    received, closed = sum(r["received"] for r in rows), sum(r["closed"] for r in rows)
    return {
        "station": None,
        "received": received,
        "closed": closed,
        "outcomes": {o: sum(r["outcomes"][o] for r in rows) for o in Message.Outcome.values},
        "close_rate": rules.percent(closed, received),
        "mean_days": rules.mean_days(durations),
        "mean_rating": rules.mean_rating(ratings),
        "ratings": len(ratings),
        "receptions": sum(r["receptions"] for r in rows),
        "visitors": sum(r["visitors"] for r in rows),
        "themed": sum(r["themed"] for r in rows),
        "research": sum(r["research"] for r in rows),
    }


def top_topics(congress, year: int, stations=None, limit: int = 10) -> list[tuple[str, int]]:
    start, end = year_range(year)
    qs = Message.objects.filter(congress=congress, created_at__gte=start, created_at__lt=end)
    if stations is not None:
        qs = qs.filter(station__in=stations)
    labels = dict(Topic.choices)
    return [
        (labels.get(r["topic"], r["topic"]), r["n"])
        for r in qs.values("topic").annotate(n=Count("id")).order_by("-n", "topic")[:limit]
    ]


def by_subdistrict(rows: list[dict]) -> dict:
    """Chart data: messages received and closed per subdistrict."""
    received, closed, names = Counter(), Counter(), {}
    for r in rows:
        sub = r["station"].subdistrict_id
        names[sub] = r["station"].subdistrict.name
        received[sub] += r["received"]
        closed[sub] += r["closed"]
    order = sorted(names)
    return {
        "type": "bar",
        "labels": [names[i] for i in order],
        "datasets": [
            {"label": "收到留言", "data": [received[i] for i in order]},
            {"label": "已办结", "data": [closed[i] for i in order]},
        ],
    }


# Steps that close a message or hand it to someone else ask first (core/confirm.py); 退回 and
# 不予受理 carry their reason in the verb's own form (SendBackForm, DeclineForm).
CONFIRMED_VERBS = ("answer_on_spot", "hand_to_subdistrict", "refer", "send_back", "reply", "decline")


def confirmation(verb: str, message: Message) -> str:
    """The question asked before an irreversible step of a citizen's message."""
    code = message.display_code
    if verb in ("answer_on_spot", "reply"):
        return f"确定答复留言 {code} 并办结？答复将通过查询码告知群众，不能再修改。"
    if verb == "hand_to_subdistrict":
        return f"确定将留言 {code} 交街道办理并办结？"
    if verb == "refer":
        return f"确定将留言 {code} 转办承办单位？承办单位将收到通知，答复期限自今日起计算。"
    if verb == "send_back":
        return f"确定将留言 {code} 退回常委会办公室重新转办？退回后本单位不再办理此件。"
    if verb == "decline":
        return f"确定对留言 {code} 不予受理？将把理由告知群众，留言随即办结。"
    return "确定？"
