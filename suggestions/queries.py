"""Inboxes, filtered lists and the statistics of DOMAIN §4."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from accounts.models import Role
from accounts.permissions import HeldRoles, deputy_of
from core import periods
from core.dates import today
from core.home import Todo
from suggestions import permissions as perms
from suggestions import rules, search
from suggestions.models import Assignment, CoSignature, Suggestion

S = Suggestion.Status
REFERRED = [S.ASSIGNED, S.REPLIED, S.DISSATISFIED, S.REHANDLING, S.CLOSED]
HANDLING = [S.ASSIGNED, S.REHANDLING]
# Not yet a deputy's suggestion: still a draft, or sent back to the deputy.
NOT_SUBMITTED = [S.DRAFT, S.RETURNED]
# Not this body's suggestions in its handling figures: not yet submitted, or taken by another body as
# its own (that body handles and counts it). The deputy's performance record here still counts a
# transferred one (raised_by_deputies; DOMAIN §11: it belongs to the congress of the seat where raised).
NOT_COUNTED = [*NOT_SUBMITTED, S.TRANSFERRED]
RATING_KEYS = {
    "satisfied": ["satisfied"],
    "basically_satisfied": ["basically_satisfied"],
    "dissatisfied": ["dissatisfied"],
    "incl_basic": ["satisfied", "basically_satisfied"],
}


def visible(user, congress):
    """Suggestions of the congress the user may see (same rules as permissions.can_view)."""
    qs = Suggestion.objects.filter(congress=congress)
    roles = HeldRoles.of(user, congress.pk)
    if roles.has(Role.STAFF, Role.LEADER):
        return qs
    cond = Q(pk__in=[])
    d = deputy_of(user, congress)
    if d is not None:
        cond |= (
            Q(lead_deputy=d)
            | Q(co_signatures__deputy=d)
            | (Q(merged_items__lead_deputy=d) & ~Q(status=S.DRAFT))
        )
    if roles.unit_ids:
        cond |= Q(assignments__unit_id__in=roles.unit_ids) & ~Q(status=S.DRAFT)
    return qs.filter(pk__in=qs.filter(cond).values("pk"))


def raised_by_deputies(congress):
    """The suggestions and motions a body's deputies raised in it, for their performance records
    (DOMAIN §8): submitted ones (not drafts, not sent back).

    DOMAIN §11: each belongs to the congress of the seat in which it is raised. So one transferred to
    another body still counts here, where it was raised (listed as transferred, and no longer in this
    body's handling figures, NOT_COUNTED), and the copy the other body took over as its own
    (``transferred_from``) counts in that body's handling figures but not again in its deputies'
    records, even when the deputy holds a seat there too."""
    return Suggestion.objects.filter(congress=congress, transferred_from__isnull=True).exclude(
        status__in=NOT_SUBMITTED
    )


def overdue_q(on: dt.date | None = None) -> Q:
    """DOMAIN §4: not replied and today > due, or replied after due."""
    on = on or today()
    return (Q(status__in=HANDLING, due_on__lt=on)) | Q(replied_on_time=False)


FILTERS = (
    "q",
    "year",
    "session",
    "category",
    "unit",
    "status",
    "kind",
    "reply_category",
    "overdue",
    "satisfaction",
    "first_satisfaction",
    "priority",
    "follow_up",
    "referred",
    "replied",
    "on_time",
    "feedback",
    "first_feedback",
    "mine",
)


def raised_in(period) -> Q:
    """Which suggestions (and motions) belong to a report period (core.periods.Period): by their
    ``year`` for a calendar year; otherwise by the session where raised (its opening day) or, raised
    in recess, the day submitted (DOMAIN §12). The reports' figures and this app's statistics share it."""
    if period.year is not None:
        return Q(year=period.year)
    recess_day = Q(submitted_at__isnull=False) & period.q("submitted_at") | Q(
        submitted_at__isnull=True
    ) & period.q("created_at")
    return (
        Q(session__isnull=False) & period.q("session__starts_on", date=True)
        | Q(session__isnull=True) & recess_day
    )


def period_of(congress, params):
    """The report period a statistics link carries (``?period=…``), or None; malformed is None."""
    if congress is None or not (params.get("period") or "").strip():
        return None
    try:
        return periods.parse(congress, params)
    except periods.PeriodError:
        return None


def filter_list(qs, params, user=None, congress=None):
    """Apply the list page's filters; malformed values are ignored, never an error."""
    p = {k: (params.get(k) or "").strip() for k in FILTERS}
    period = period_of(congress, params)
    if period is not None:
        qs = qs.filter(raised_in(period))
    if p["year"].isdigit():
        qs = qs.filter(year=int(p["year"]))
    if p["session"].isdigit():
        qs = qs.filter(session_id=int(p["session"]))
    elif p["session"] == "recess":
        qs = qs.filter(session__isnull=True)
    if p["category"]:
        qs = qs.filter(category=p["category"])
    if p["unit"].isdigit():
        qs = qs.filter(
            pk__in=Assignment.objects.filter(unit_id=int(p["unit"]))
            .exclude(status=Assignment.Status.SENT_BACK)
            .values("suggestion_id")
        )
    if p["status"] in S.values:
        qs = qs.filter(status=p["status"])
    elif p["status"] == "open":
        qs = qs.filter(status__in=HANDLING + [S.REPLIED, S.DISSATISFIED, S.REGISTERED])
    if p["kind"] in Suggestion.Kind.values:
        qs = qs.filter(kind=p["kind"])
    if p["reply_category"] in ("A", "B", "C", "D"):
        qs = qs.filter(reply_category=p["reply_category"])
    elif p["reply_category"] == "AB":
        qs = qs.filter(reply_category__in=["A", "B"])
    if p["overdue"] == "1":
        qs = qs.filter(overdue_q())
    if p["satisfaction"] in RATING_KEYS:
        qs = qs.filter(final_rating__in=RATING_KEYS[p["satisfaction"]])
    if p["first_satisfaction"] in RATING_KEYS:
        qs = qs.filter(first_rating__in=RATING_KEYS[p["first_satisfaction"]])
    if p["feedback"] == "1":
        qs = qs.exclude(final_rating="")
    if p["first_feedback"] == "1":
        qs = qs.exclude(first_rating="")
    if p["priority"] == "1":
        qs = qs.filter(is_priority=True)
    if p["follow_up"] == "1":
        qs = follow_up(qs)
    if p["referred"] == "1":
        qs = qs.filter(status__in=REFERRED)
    if p["replied"] == "1":
        qs = qs.filter(replied_on__isnull=False)
    if p["on_time"] == "1":
        qs = qs.filter(replied_on_time=True)
    if p["mine"] == "1" and user is not None:
        qs = qs.filter(supervising_leader=user)
    if p["q"]:
        qs = search.filter_text(qs, p["q"][:100])
    return qs


def follow_up(qs):
    """B/C items stay on the follow-up list until a 回头看 finds them delivered (DOMAIN §4)."""
    return qs.filter(
        status=S.CLOSED, reply_category__in=sorted(rules.FOLLOW_UP_CATEGORIES), follow_up_done=False
    )


# --------------------------------------------------------------------------- inboxes


INBOX_UNREAD_FIELDS = (
    "content",
    "motion_reason",
    "motion_basis",
    "motion_plan",
    "presidium_decision",
    "return_reason",
    "search_tokens",
)


@dataclass
class Box:
    key: str
    title: str
    items: list
    url: str = ""
    urgent: bool = False


def inbox(user, congress) -> list[Box]:
    """What each role has to do next (staff / unit handler / deputy / leader)."""
    roles = HeldRoles.of(user, congress.pk)
    # The boxes show a number, a title, the lead deputy and a status: the long texts (the content, a
    # motion's reasons, the search tokens) stay in the database — up to 50 rows a box, several KB each.
    base = (
        Suggestion.objects.filter(congress=congress).select_related("lead_deputy").defer(*INBOX_UNREAD_FIELDS)
    )
    list_url = reverse("suggestions:list")
    boxes = []
    if roles.has(Role.STAFF):
        boxes += [
            Box(
                "to_register",
                "待立案",
                list(base.filter(status=S.SUBMITTED)[:50]),
                f"{list_url}?status=submitted",
            ),
            Box(
                "to_assign",
                "待交办",
                list(base.filter(status=S.REGISTERED)[:50]),
                f"{list_url}?status=registered",
            ),
            Box(
                "to_rehandle",
                "不满意待重新交办",
                list(base.filter(status=S.DISSATISFIED)[:50]),
                f"{list_url}?status=dissatisfied",
                urgent=True,
            ),
            Box(
                "extension_requests",
                "延期申请",
                list(
                    base.filter(
                        assignments__is_current=True, assignments__extended_on__isnull=True, status=S.ASSIGNED
                    )
                    .exclude(assignments__extension_requested_reason="")
                    .distinct()[:50]
                ),
            ),
            Box(
                "overdue",
                "已超期",
                list(base.filter(status__in=HANDLING, due_on__lt=today())[:50]),
                f"{list_url}?overdue=1&status=open",
                urgent=True,
            ),
            Box("follow_up", "跟踪办理（B/C类）", list(follow_up(base)[:50]), f"{list_url}?follow_up=1"),
        ]
    if roles.unit_ids:
        mine = (
            Assignment.objects.filter(unit_id__in=roles.unit_ids, is_current=True)
            .select_related("suggestion", "unit")
            .order_by("due_on")
        )
        boxes += [
            Box("to_accept", "待签收", list(mine.filter(status=Assignment.Status.ASSIGNED)[:100])),
            Box(
                "to_reply",
                "办理中（待答复 / 待提交协办意见）",
                list(mine.filter(status=Assignment.Status.ACCEPTED)[:100]),
            ),
        ]
    d = deputy_of(user, congress)
    if d is not None:
        boxes += [
            Box(
                "drafts", "我的草稿", list(base.filter(lead_deputy=d, status__in=[S.DRAFT, S.RETURNED])[:50])
            ),
            Box(
                "awaiting_feedback",
                "待我评价",
                list(perms.feedback_awaited(user, congress, base.filter(status=S.REPLIED))[:50]),
                urgent=True,
            ),
            Box(
                "co_sign_requests",
                "附议邀请",
                list(
                    base.filter(co_signatures__deputy=d, co_signatures__status=CoSignature.Status.PENDING)[
                        :50
                    ]
                ),
            ),
            Box(
                "mine",
                "我领衔的建议",
                list(base.filter(lead_deputy=d).exclude(status__in=[S.DRAFT, S.RETURNED])[:50]),
            ),
        ]
    if roles.has(Role.LEADER):
        boxes.append(
            Box(
                "my_priority",
                "我督办的重点建议",
                list(base.filter(supervising_leader=user)[:100]),
                f"{list_url}?mine=1",
            )
        )
        boxes.append(
            Box(
                "priority",
                "全部重点督办建议",
                list(base.filter(is_priority=True)[:100]),
                f"{list_url}?priority=1",
            )
        )
    return boxes


def home_todos(request):
    """Home-page lines for this app (see core.home)."""
    if request.congress is None or not request.user.is_authenticated:
        return []
    url = reverse("suggestions:inbox")
    todos = []
    for box in inbox(request.user, request.congress):
        if box.items and box.key not in ("mine", "priority"):
            todos.append(
                Todo(title=f"代表建议：{box.title}", url=url, count=len(box.items), urgent=box.urgent)
            )
    return todos


@dataclass(frozen=True)
class Section:
    title: str
    url: str


def public_sections(congress):
    """Links on the congress's public front page (see portal.views.public_home)."""
    if not Suggestion.objects.filter(congress=congress, published_at__isnull=False).exists():
        return []
    return [Section("代表建议办理答复公开", reverse("suggestions_public:list", args=[congress.code]))]


# --------------------------------------------------------------------------- statistics


def _item(s) -> rules.Item:
    return rules.Item(
        replied=s.replied_on is not None,
        replied_on_time=bool(s.replied_on_time),
        category=s.reply_category,
        first_rating=s.first_rating,
        final_rating=s.final_rating,
    )


def statistics(congress, period=None, *, year: int | None = None):
    """Rows of {label, filter params, counts by status, rates} — overall, per category, per unit.

    ``period`` is a report period (core.periods.Period: a calendar year, since a session, a date
    range), the same the reports take; ``year`` is short for that year's period; neither: every year.
    """
    if period is None and year:
        period = periods.Period.of_year(year)
    qs = Suggestion.objects.filter(congress=congress, kind=Suggestion.Kind.SUGGESTION).exclude(
        status=S.TRANSFERRED
    )
    if period is not None:
        qs = qs.filter(raised_in(period))
    all_rows = list(
        qs.only(
            "id",
            "status",
            "category",
            "replied_on",
            "replied_on_time",
            "reply_category",
            "first_rating",
            "final_rating",
            "due_on",
        )
    )
    referred = [s for s in all_rows if s.status in REFERRED]
    base_params = period_params(period)

    def row(label, items, everything, params):
        counts = {st: 0 for st in S.values}
        for s in everything:
            counts[s.status] += 1
        t = today()
        return {
            "label": label,
            "params": {**base_params, **params},
            "total": len(everything),
            "referred": len(items),
            "counts": counts,
            "rates": rules.rates([_item(s) for s in items]),
            "overdue": sum(
                1
                for s in items
                if (s.status in HANDLING and s.due_on and s.due_on < t) or s.replied_on_time is False
            ),
        }

    overall = row("合计", referred, all_rows, {})
    by_category = []
    for cat in sorted({s.category for s in all_rows}):
        by_category.append(
            row(
                cat or "（未分类）",
                [s for s in referred if s.category == cat],
                [s for s in all_rows if s.category == cat],
                {"category": cat},
            )
        )
    return overall, by_category, unit_statistics(congress, period)


def period_params(period) -> dict:
    """The list filters a statistics figure links with: ``year`` for a calendar year, else the period's own."""
    if period is None:
        return {}
    if period.year is not None:
        return {"year": period.year}
    return dict(period.params())


def unit_statistics(congress, period=None):
    """Per unit, over its first-round replying assignments (协办 units do not reply)."""
    qs = (
        Assignment.objects.filter(
            suggestion__congress=congress, suggestion__kind=Suggestion.Kind.SUGGESTION, round=1
        )
        .exclude(role=Assignment.Role.ASSISTING)
        .exclude(status=Assignment.Status.SENT_BACK)
        .select_related("unit", "suggestion")
    )
    if period is not None:
        qs = qs.filter(
            suggestion__in=Suggestion.objects.filter(raised_in(period), congress=congress).values("pk")
        )
    final_category = {}
    from suggestions.models import Reply

    for unit_id, sid, cat in (
        Reply.objects.filter(assignment__unit__congress=congress)
        .order_by("round", "id")
        .values_list("assignment__unit_id", "suggestion_id", "category")
    ):
        final_category[(unit_id, sid)] = cat
    t = today()
    units = {}
    for a in qs:
        units.setdefault(a.unit, []).append(a)
    rows = []
    for unit, assignments in sorted(units.items(), key=lambda kv: kv[0].pk):
        items = []
        overdue = 0
        for a in assignments:
            s = a.suggestion
            items.append(
                rules.Item(
                    replied=a.replied_on is not None,
                    replied_on_time=a.replied_on is not None and a.replied_on <= a.due_on,
                    category=final_category.get((unit.pk, s.pk), ""),
                    first_rating=s.first_rating,
                    final_rating=s.final_rating,
                )
            )
            overdue += rules.is_overdue(due=a.due_on, replied_on=a.replied_on, today=t)
        params = period_params(period)
        rows.append(
            {
                "label": unit.short_name or unit.name,
                "unit": unit,
                "params": {**params, "unit": unit.pk},
                "referred": len(items),
                "rates": rules.rates(items),
                "overdue": overdue,
                "replied": sum(i.replied for i in items),
            }
        )
    return rows


def overdue_assignments(congress):
    t = today()
    return (
        Assignment.objects.filter(suggestion__congress=congress, is_current=True)
        .exclude(role=Assignment.Role.ASSISTING)
        .filter(Q(replied_on__isnull=True, due_on__lt=t, status__in=["assigned", "accepted"]))
        .select_related("suggestion", "unit")
        .order_by("due_on")
    )


# The steps that cannot be taken back ask first (core/confirm.py); 退回 and 不满意 also carry
# their reason in the verb's own form (ReasonForm, FeedbackForm).
CONFIRMED_VERBS = ("register", "assign", "send_back", "send_back_to_deputy", "reply", "feedback", "close")


def confirmation(verb: str, s: Suggestion) -> str:
    """The question asked before an irreversible step of a suggestion, with its numbers."""
    name = f"“{s.title}”"
    if verb == "register":
        from suggestions.workflow import next_number

        return (
            f"确定将{name}立案？不填编号时编为{s.year}年第 {next_number(s.congress_id, s.year, s.kind)} 号。"
        )
    if verb == "assign":
        return f"确定交办{name}？交办后通知所选承办单位，办理期限自交办之日起计算。"
    if verb == "send_back":
        return f"确定将{name}退回常委会办公室重新交办？退回后本单位不再办理此件。"
    if verb == "send_back_to_deputy":
        return f"确定将{name}退回领衔代表{s.lead_deputy.name}修改？"
    if verb == "reply":
        signers = 1 + s.co_signatures.count()
        return (
            f"确定提交答复？答复后将请领衔代表{s.lead_deputy.name}等 {signers} 名代表评价，答复不能再修改。"
        )
    if verb == "feedback":
        return "确定提交评价？提交后不能修改；选择不满意的，将由承办单位重新办理。"
    if verb == "close":
        return f"确定办结{name}？办结后只能通过回头看跟踪。"
    return "确定？"


# --------------------------------------------------------------------------- per body (the tree's page)

OPEN = [S.SUBMITTED, S.REGISTERED, *HANDLING, S.REPLIED, S.DISSATISFIED]


def open_by_body(ids: list[int], on: dt.date) -> dict[int, int]:
    """{body id: suggestions and motions not yet closed}: submitted and waiting, or in handling."""
    from registry.bodies import grouped

    return grouped(Suggestion.objects.filter(congress_id__in=ids, status__in=OPEN))
