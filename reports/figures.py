"""The figures of the annual work report (DOMAIN §9): each defined once, here.

A Figure has a key (the JSON key and the URL slug), a Chinese label and unit, a definition
(shown on the dashboard, in the Excel sheet and in docs/figures.md), and one function
``records(congress, period)`` returning the queryset of the records it counts. Its value is that
queryset's count, or, for a rate, a ``suggestions.rules.Rate`` (numerator, denominator), or for
a sum such as visitors, an aggregate over the same records. The dashboard, the drill-down page,
the Word draft, the Excel workbook and `renda report` all read FIGURES; nothing else counts.

Every figure is taken over a report period (``core.periods.Period``: a calendar year, the time
since a chosen session, or any date range). An event belongs to the period of its own date (a
meeting's start, an activity's start, a message's arrival …). A suggestion belongs to a calendar
year by its ``year`` field (which staff may correct, suggestions.workflow.correct); to a session or
date-range period by the session where it was raised (that session's opening day), or, raised in
recess, by the day it was submitted. Registers (stations, seats) are counted on the period's
reference day (its last day, or today).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.sql.where import AND, WhereNode

from core.periods import Period, as_period
from meetings.models import AgendaItem, Attendance, CongressSession, Meeting, Vote
from oversight import queries as oversight_queries
from oversight.models import Activity, Appointment, DeliberationOpinions
from oversight.models import Evaluation as OversightEvaluation
from performance.models import PerformanceEntry
from registry import queries as registry_queries
from registry.models import CommitteeMembership, Deputy, Station, Unit
from stations.models import Activity as StationActivity
from stations.models import Message, Reception
from suggestions import queries as suggestion_queries
from suggestions import rules as suggestion_rules
from suggestions.models import Assignment, Feedback, Suggestion

Rate = suggestion_rules.Rate
RATING_LABELS = dict(Feedback.Rating.choices)

AREAS = {
    "meetings": "会议与决定",
    "appointments": "人事任免",
    "oversight": "监督工作",
    "suggestions": "代表建议办理",
    "stations": "代表联络站",
    "projects": "民生实事项目",
    "deputies": "代表工作",
}


def takes_period(records: Callable[..., QuerySet]) -> Callable[..., QuerySet]:
    """A record function called with a year (older callers, the year paths) gets that year's Period."""

    @functools.wraps(records)
    def wrapper(congress, period):
        return records(congress, as_period(period))

    return wrapper


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """[1 January, next 1 January) in the congress's time zone: a range, so indexes on the column serve it."""
    return Period.of_year(year).bounds()


def in_year(field_name: str, year: int, *, date: bool = False) -> Q:
    return Period.of_year(year).q(field_name, date=date)


@dataclass(frozen=True)
class Figure:
    key: str
    area: str
    label: str
    unit: str
    definition: str
    records: Callable[..., QuerySet]
    kind: str = "count"  # count | sum | rate | share
    sum_field: str = ""  # kind == "sum": the summed field of the records
    rate_key: str = ""  # kind == "rate": the key of suggestions.rules.rates
    numerator: Callable[..., QuerySet] | None = None  # kind == "share": the records counted over ``records``
    detail: str = ""  # URL name of the owning app's detail page of one record
    columns: tuple = field(default_factory=tuple)  # (label, attribute path) of the drill-down table

    @property
    def is_rate(self) -> bool:
        return self.kind in ("rate", "attendance", "share")

    def value(self, congress, period, memo: dict | None = None):
        """The figure over ``period`` (a Period, or a year); ``memo`` lets the rates over the same records
        share one grouped query."""
        period = as_period(period)
        qs = self.records(congress, period)
        if self.kind == "attendance":
            counts = qs.aggregate(
                present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)), total=Count("pk")
            )
            return Rate(counts["present"], counts["total"])
        if self.kind == "share":
            if memo is not None:
                shares = self._grouped([congress], period, memo)
                if shares is not None:
                    return shares[congress.pk]
            return Rate(self.numerator(congress, period).count(), qs.count())
        if self.kind == "sum":
            return qs.aggregate(total=Sum(self.sum_field))["total"] or 0
        if self.kind == "rate":
            if memo is None:
                return suggestion_rate(qs, self.rate_key)
            key = (self.records, congress.pk, period)
            if key not in memo:
                memo[key] = suggestion_rates(qs)
            return memo[key][self.rate_key]
        if memo is not None and self.kind == "count":
            counts = counted(self.records, [congress], period, memo)
            if counts is not None:
                return counts[congress.pk]
        return qs.count()

    def values_of(self, congresses, period, memo: dict | None = None) -> dict:
        """{congress pk: the figure of that congress}, exactly as ``value`` gives it, in one grouped query
        (``congress_id IN (…) GROUP BY congress_id``) wherever the records depend on the congress only
        through their own congress column (see ``per_congress``); otherwise one congress after another."""
        period = as_period(period)
        congresses = list(congresses)
        grouped = None
        if self.kind in ("count", "share") or (
            len(congresses) > 1 and self.kind in ("sum", "rate", "attendance")
        ):
            grouped = self._grouped(congresses, period, memo)
        if grouped is None:
            return {c.pk: self.value(c, period, memo) for c in congresses}
        return grouped

    def _grouped(self, congresses, period: Period, memo: dict | None) -> dict | None:
        if self.kind == "attendance":
            of_congresses = getattr(self.records, "of_congresses", None)
            if of_congresses is None:
                return None
            rows = {
                row["congress_id"]: Rate(row["present"], row["total"])
                for row in of_congresses([c.pk for c in congresses], period)
                .values("congress_id")
                .annotate(present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)), total=Count("pk"))
            }
            return {c.pk: rows.get(c.pk, Rate(0, 0)) for c in congresses}
        if self.kind == "rate":
            keys = {c.pk: (self.records, c.pk, period) for c in congresses}
            if memo is None or any(k not in memo for k in keys.values()):
                qs = _per_congress(self.records, congresses, period, memo)
                if qs is None:
                    return None
                rates = suggestion_rates(qs, "congress_id")
                computed = {pk: rates.get((pk,)) or suggestion_rules.rates([]) for pk in keys}
                if memo is None:
                    return {pk: r[self.rate_key] for pk, r in computed.items()}
                for pk, key in keys.items():
                    memo[key] = computed[pk]
            return {pk: memo[key][self.rate_key] for pk, key in keys.items()}
        if self.kind == "sum":
            qs = per_congress(self.records, congresses, period)
            if qs is None:
                return None
            sums = dict(qs.values_list("congress_id").annotate(total=Sum(self.sum_field)))
            return {c.pk: sums.get(c.pk) or 0 for c in congresses}
        counts = counted(self.records, congresses, period, memo)
        if counts is None:
            return None
        if self.kind == "count":
            return counts
        parts = counted(self.numerator, congresses, period, memo)
        if parts is None:
            return None
        return {pk: Rate(parts[pk], counts[pk]) for pk in counts}

    def drill(self, congress, period, part: str = "") -> QuerySet:
        """Exactly the records behind the figure; for a rate, ``part`` picks numerator or denominator."""
        period = as_period(period)
        qs = self.records(congress, period)
        if self.kind == "rate":
            return qs.filter(rate_q(qs, self.rate_key, part or "denominator"))
        if self.kind == "share" and part == "numerator":
            return self.numerator(congress, period)
        if self.kind == "attendance" and part == "numerator":
            return qs.filter(status=Attendance.Status.PRESENT)
        return qs


def per_congress(records: Callable[..., QuerySet], congresses, period: Period) -> QuerySet | None:
    """The records of every congress in ``congresses`` as one queryset, ready to group by congress_id.

    Only where that is exactly the union of each congress's own records: each congress's query is
    built (not run) and compared; they must be the same SQL whose parameters differ in one place
    only, the top-level filter on the records' own congress. That filter becomes ``congress_id IN
    (…)``, so grouping by congress_id gives each congress's records, no more and no fewer. Anything
    else (the congress also inside a subquery, DISTINCT, a slice, an empty queryset): None, and the
    caller computes one congress after another."""
    from django.db.models.fields.related_lookups import RelatedExact, RelatedIn

    first = records(congresses[0], period)
    query = first.query
    if query.distinct or query.is_sliced or query.combinator or query.group_by is not None:
        return None
    try:
        field = first.model._meta.get_field("congress")
        sql, params = _where_sql(first) if len(congresses) > 1 else ("", ())
    except (LookupError, EmptyResultSet, FullResultSet):
        return None
    spots = None
    for congress in congresses[1:]:  # one after another: the first difference ends it
        try:
            other_sql, other_params = _where_sql(records(congress, period))
        except (EmptyResultSet, FullResultSet):
            return None
        if other_sql != sql or len(other_params) != len(params):
            return None
        differ = [i for i, (a, b) in enumerate(zip(params, other_params, strict=True)) if a != b]
        if (
            len(differ) != 1
            or params[differ[0]] != congresses[0].pk
            or other_params[differ[0]] != congress.pk
        ):
            return None
        if spots is not None and spots != differ:
            return None
        spots = differ
    if query.where.connector != AND or query.where.negated:
        return None
    tops = [
        i
        for i, node in enumerate(query.where.children)
        if isinstance(node, RelatedExact)
        and getattr(node.lhs, "target", None) == field
        and getattr(node.lhs, "alias", None) == query.base_table
        and getattr(node.rhs, "pk", node.rhs) == congresses[0].pk
    ]
    if len(tops) != 1:
        return None
    grouped = first.order_by()
    grouped.query.where = grouped.query.where.clone()
    grouped.query.where.children[tops[0]] = RelatedIn(
        query.where.children[tops[0]].lhs, [c.pk for c in congresses]
    )
    return grouped


def counted(records: Callable[..., QuerySet], congresses, period: Period, memo: dict | None) -> dict | None:
    """{congress pk: how many records} for a count, with every other figure counted over the same table.

    The figures of one table differ only by a few conditions (a status, a source, a kind) over
    the same period: the first time one of them is asked for, every count figure's records over
    that table are counted in one grouped query, ``COUNT(congress_id) FILTER (WHERE …)`` for
    each, and kept in ``memo``. Records that join other tables are counted in a grouped query of their own; those
    per_congress cannot group give None (the caller counts one congress after another)."""
    pks = tuple(c.pk for c in congresses)
    key = ("counted", records, pks, period)
    if memo is not None and key in memo:
        return memo[key]
    own = _per_congress(records, congresses, period, memo)
    if own is None or not _one_table(own.query) or own.query.annotations:
        result = None
        if own is not None:
            found = dict(own.values_list("congress_id").annotate(n=Count("pk")))
            result = {pk: found.get(pk, 0) for pk in pks}
        if memo is not None:
            memo[key] = result
        return result
    batch = set()
    if memo is not None:
        if ("tables", period) not in memo:  # which table each figure counts (the same for every congress)
            memo[("tables", period)] = {
                r: r(congresses[0], period).model
                for f in FIGURES
                if f.kind in ("count", "share")
                for r in (f.records, f.numerator)
                if r is not None
            }
        tables = memo[("tables", period)]
        batch |= {r for r, model in tables.items() if model is tables.get(records)}
    same_table = {records: own}
    for r in batch - {records}:
        if memo is not None and ("counted", r, pks, period) in memo:
            continue
        qs = _per_congress(r, congresses, period, memo)
        if qs is not None and _one_table(qs.query) and not qs.query.annotations:
            same_table[r] = qs
    # Each condition as the SQL it compiles to: two figures share a condition only if it reads the same.
    wheres = {}
    for r, qs in same_table.items():
        try:
            wheres[r] = [(node, _node_sql(qs, node)) for node in qs.query.where.children]
        except (EmptyResultSet, FullResultSet):
            if r is records:
                wheres = {}
                break
    if records not in wheres:  # not to be combined: counted on its own
        wheres = {records: [(node, "") for node in own.query.where.children]}
    common = {sql for _, sql in wheres[records] if all(sql in {s for _, s in w} for w in wheres.values())}
    base = same_table[records]
    base.query.where = WhereNode([node for node, sql in wheres[records] if sql in common], AND)
    names = {r: f"n{i}" for i, r in enumerate(wheres)}
    # COUNT(congress_id) rather than COUNT(id): the same (only rows with congress_id IN (…) are
    # read, never null), and an index holding the conditions' columns answers it without the table.
    counts = {}
    for r, conditions in wheres.items():
        extra = [node for node, sql in conditions if sql not in common]
        counts[names[r]] = Count("congress", filter=WhereNode(extra, AND)) if extra else Count("congress")
    rows = list(base.values("congress_id").annotate(**counts))
    result = {}
    for r, name in names.items():
        found = {row["congress_id"]: row[name] for row in rows}
        result[r] = {pk: found.get(pk, 0) for pk in pks}
        if memo is not None:
            memo[("counted", r, pks, period)] = result[r]
    return result[records]


def _per_congress(records, congresses, period: Period, memo: dict | None) -> QuerySet | None:
    """per_congress, remembered in ``memo`` (a fresh copy each time: callers change its conditions)."""
    if memo is None:
        return per_congress(records, congresses, period)
    key = ("per_congress", records, tuple(c.pk for c in congresses), period)
    if key not in memo:
        memo[key] = per_congress(records, congresses, period)
    qs = memo[key]
    return None if qs is None else qs.all()


def _node_sql(qs: QuerySet, node) -> str:
    sql, params = qs.query.get_compiler(qs.db).compile(node)
    return f"{sql} {params!r}"


def _where_sql(qs: QuerySet) -> tuple[str, tuple]:
    """The tables and conditions of a query, as SQL with its parameters (no select list, no ordering)."""
    query = qs.query
    sql, params = query.get_compiler(qs.db).compile(query.where)
    return f"{sorted(query.alias_map)} {sql}", tuple(params)


def _one_table(query) -> bool:
    """The query reads its own table only (no join in use), so its conditions can filter a count over it."""
    return [alias for alias, n in query.alias_refcount.items() if n] == [query.base_table]


# --------------------------------------------------------------------------- meetings and decisions


@takes_period
def committee_meetings(congress, period: Period) -> QuerySet[Meeting]:
    """常委会会议 held (closed) in the period."""
    return Meeting.objects.filter(
        period.q("starts_at"),
        congress=congress,
        kind=Meeting.Kind.COMMITTEE_MEETING,
        status=Meeting.Status.CLOSED,
    )


@takes_period
def resolutions_decisions(congress, period: Period) -> QuerySet[Vote]:
    """Votes passed at committee meetings on agenda items of kind 决议、决定."""
    return Vote.objects.filter(
        period.q("meeting__starts_at"),
        congress=congress,
        meeting__kind=Meeting.Kind.COMMITTEE_MEETING,
        status=Vote.Status.CLOSED,
        passed=True,
        agenda_item__kind=AgendaItem.Kind.RESOLUTION,
    )


@takes_period
def session_resolutions(congress, period: Period) -> QuerySet[Vote]:
    """决议、决定 voted and passed at the plenaries of the sessions held in the period (with yes/no/abstain)."""
    # The session through the vote's own meeting (a meeting, its session and its votes belong to one
    # body), so the body enters the query once, as the vote's own congress: the roll-up can count
    # every body in one grouped query (per_congress).
    return Vote.objects.filter(
        period.q("meeting__session__starts_on", date=True),
        congress=congress,
        meeting__kind=Meeting.Kind.PLENARY,
        status=Vote.Status.CLOSED,
        passed=True,
        agenda_item__kind=AgendaItem.Kind.RESOLUTION,
    )


@takes_period
def sessions_held(congress, period: Period) -> QuerySet[CongressSession]:
    return CongressSession.objects.filter(period.q("starts_on", date=True), congress=congress)


@takes_period
def plenaries_held(congress, period: Period) -> QuerySet[Meeting]:
    """The plenaries (opened) of the sessions held in the period: the meetings whose attendance may be quoted."""
    return _plenaries_of(sessions_held(congress, period))


def _plenaries_of(sessions: QuerySet[CongressSession]) -> QuerySet[Meeting]:
    return Meeting.objects.filter(session__in=sessions, kind=Meeting.Kind.PLENARY, opened_at__isnull=False)


@takes_period
def quoted_plenaries(congress, period: Period) -> QuerySet[Meeting]:
    """One plenary per session of the period whose 应出席 / 出席 the report quotes: the one the office
    chose (``period.quoted_meetings``), else the session's closing plenary (the last one held)."""
    return _quoted_of(plenaries_held(congress, period), period)


def _quoted_of(plenaries: QuerySet[Meeting], period: Period) -> QuerySet[Meeting]:
    """quoted_plenaries among ``plenaries``: the choice and the default are made session by session."""
    chosen = plenaries.filter(pk__in=period.quoted_meetings)
    last = (
        Meeting.objects.filter(
            session=OuterRef("session"), kind=Meeting.Kind.PLENARY, opened_at__isnull=False
        )
        .order_by()
        .values("session")
        .annotate(n=Max("number"))
        .values("n")
    )
    defaults = plenaries.exclude(session__in=chosen.values("session")).filter(number=Subquery(last))
    return Meeting.objects.filter(Q(pk__in=chosen.values("pk")) | Q(pk__in=defaults.values("pk")))


@takes_period
def session_attendance(congress, period: Period) -> QuerySet[Attendance]:
    """Every deputy's attendance row at the quoted plenaries (rows exist for each deputy holding a seat)."""
    return Attendance.objects.filter(meeting__in=quoted_plenaries(congress, period))


def _session_attendance_of(congress_ids, period: Period) -> QuerySet[Attendance]:
    """session_attendance of several bodies at once, each row with its body as ``congress_id``.

    The quoted plenaries are chosen session by session and a session's plenaries are its own body's
    meetings, so the quoted plenaries of every session of the period, restricted to one body's
    meetings, are exactly that body's (reports/tests/test_rollup.py compares them body by body)."""
    from django.db.models import F as Field

    every = _quoted_of(
        _plenaries_of(CongressSession.objects.filter(period.q("starts_on", date=True))), period
    )
    return (
        Attendance.objects.filter(meeting__congress_id__in=list(congress_ids), meeting__in=every)
        .order_by()
        .annotate(congress_id=Field("meeting__congress_id"))
    )


session_attendance.of_congresses = _session_attendance_of  # type: ignore[attr-defined]


@takes_period
def elections_announced(congress, period: Period):
    """Elections whose result was announced in the period (DOMAIN §2 step 8): who was elected to what."""
    from elections.models import Election

    return Election.objects.filter(
        period.q("announced_at"), congress=congress, status=Election.Status.ANNOUNCED
    ).select_related("meeting__session__congress", "meeting__session__term")


# --------------------------------------------------------------------------- appointments


@takes_period
def appointments(congress, period: Period) -> QuerySet[Appointment]:
    """任免 decided (passed, or passed and sworn) at a committee meeting of the year; one row = one person-time."""
    return Appointment.objects.filter(
        period.q("meeting__starts_at"),
        congress=congress,
        status__in=[Appointment.Status.PASSED, Appointment.Status.SWORN],
    )


# --------------------------------------------------------------------------- oversight


@takes_period
def activities(congress, period: Period) -> QuerySet[Activity]:
    """Supervision activities starting in the period (every kind)."""
    return oversight_queries.activities(congress).filter(period.q("starts_on", date=True))


def _activities(*kinds: str) -> Callable[..., QuerySet[Activity]]:
    def records(congress, period: Period) -> QuerySet[Activity]:
        return activities(congress, period).filter(kind__in=kinds)

    records.kinds = kinds
    return records


@takes_period
def deliberation_opinions(congress, period: Period) -> QuerySet[DeliberationOpinions]:
    """审议意见 sent to an organ in the year."""
    return DeliberationOpinions.objects.filter(period.q("sent_on", date=True), congress=congress)


@takes_period
def satisfaction_votes(congress, period: Period) -> QuerySet[OversightEvaluation]:
    """满意度测评 of handling reports closed in the year."""
    return OversightEvaluation.objects.filter(
        period.q("closed_at"), congress=congress, status=OversightEvaluation.Status.CLOSED
    )


# --------------------------------------------------------------------------- suggestions


@takes_period
def suggestions_raised(congress, period: Period) -> Q:
    """Which suggestions (and motions) belong to the period: suggestions.queries.raised_in, the one definition."""
    return suggestion_queries.raised_in(period)


@takes_period
def referred_suggestions(congress, period: Period) -> QuerySet[Suggestion]:
    """代表建议 of the period referred to units (交办): the denominator of every DOMAIN §4 rate."""
    return Suggestion.objects.filter(
        suggestions_raised(congress, period),
        congress=congress,
        kind=Suggestion.Kind.SUGGESTION,
        status__in=suggestion_queries.REFERRED,
    )


@takes_period
def replied_suggestions(congress, period: Period) -> QuerySet[Suggestion]:
    return referred_suggestions(congress, period).filter(replied_on__isnull=False)


@takes_period
def closed_suggestions(congress, period: Period) -> QuerySet[Suggestion]:
    return referred_suggestions(congress, period).filter(status=Suggestion.Status.CLOSED)


@takes_period
def suggestions_at_sessions(congress, period: Period) -> QuerySet[Suggestion]:
    """Referred suggestions raised at a session (DOMAIN §12: named by the session where raised)."""
    return referred_suggestions(congress, period).filter(session__isnull=False)


@takes_period
def suggestions_in_recess(congress, period: Period) -> QuerySet[Suggestion]:
    """Referred suggestions raised in recess (闭会期间)."""
    return referred_suggestions(congress, period).filter(session__isnull=True)


# The organ a suggestion went to: the kind of a unit handling it in its own right (独办、分办、主办,
# the current assignment; 协办 does not count). A suggestion split between organs counts in each.
HANDLING_ROLES = [Assignment.Role.SOLE, Assignment.Role.SPLIT, Assignment.Role.LEAD]


def _to_organ(*unit_kinds: str) -> Callable[..., QuerySet[Suggestion]]:
    def records(congress, period: Period) -> QuerySet[Suggestion]:
        handled = Assignment.objects.filter(
            is_current=True, role__in=HANDLING_ROLES, unit__kind__in=unit_kinds
        ).values("suggestion_id")
        return referred_suggestions(congress, period).filter(pk__in=handled)

    return records


@takes_period
def priority_suggestions(congress, period: Period) -> QuerySet[Suggestion]:
    """Referred suggestions marked 重点督办."""
    return referred_suggestions(congress, period).filter(is_priority=True)


@takes_period
def priority_suggestions_closed(congress, period: Period) -> QuerySet[Suggestion]:
    return priority_suggestions(congress, period).filter(status=Suggestion.Status.CLOSED)


@takes_period
def motions(congress, period: Period) -> QuerySet[Suggestion]:
    return Suggestion.objects.filter(
        suggestions_raised(congress, period), congress=congress, kind=Suggestion.Kind.MOTION
    ).exclude(status__in=suggestion_queries.NOT_COUNTED)


# The rates are suggestions.rules.rates — one definition. To compute them in SQL without a Python
# pass over every suggestion, the referred suggestions are grouped by the five fields an Item is made
# of (at most a few hundred combinations); rules.rates is linear in its items, so each combination's
# rate for one item, times its count, sums to the rate over all of them.
_ITEM_FIELDS = ("has_reply", "replied_on_time", "reply_category", "first_rating", "final_rating")


def _combinations(qs: QuerySet[Suggestion], *group: str):
    return (
        qs.order_by()
        .annotate(has_reply=Q(replied_on__isnull=False))
        .values(*group, *_ITEM_FIELDS)
        .annotate(n=Count("pk"))
    )


def _item(row) -> suggestion_rules.Item:
    return suggestion_queries._item(
        SimpleNamespace(
            replied_on=True if row["has_reply"] else None,
            replied_on_time=row["replied_on_time"],
            reply_category=row["reply_category"],
            first_rating=row["first_rating"],
            final_rating=row["final_rating"],
        )
    )


def suggestion_rates(qs: QuerySet[Suggestion], *group: str) -> dict:
    """All rates of rules.rates over ``qs`` (grouped by ``group`` fields if given: {group value: rates})."""
    totals: dict = {}
    for row in _combinations(qs, *group):
        one = suggestion_rules.rates([_item(row)])
        key = tuple(row[g] for g in group) if group else None
        acc = totals.setdefault(key, {k: [0, 0] for k in one})
        for k, rate in one.items():
            acc[k][0] += rate.numerator * row["n"]
            acc[k][1] += rate.denominator * row["n"]
    result = {key: {k: Rate(*nd) for k, nd in acc.items()} for key, acc in totals.items()}
    if not group:
        return result.get(None) or suggestion_rules.rates([])
    return result


def suggestion_rate(qs: QuerySet[Suggestion], rate_key: str) -> Rate:
    return suggestion_rates(qs)[rate_key]


def rate_q(qs: QuerySet[Suggestion], rate_key: str, part: str) -> Q:
    """The suggestions in a rate's numerator or denominator, as a filter built from rules.rates itself."""
    cond = Q(pk__in=[])
    for row in _combinations(qs):
        rate = suggestion_rules.rates([_item(row)])[rate_key]
        if rate.numerator if part == "numerator" else rate.denominator:
            on_time = (
                Q(replied_on_time=True)
                if row["replied_on_time"]
                else (Q(replied_on_time=False) | Q(replied_on_time__isnull=True))
            )
            cond |= (
                Q(replied_on__isnull=not row["has_reply"])
                & on_time
                & Q(
                    reply_category=row["reply_category"],
                    first_rating=row["first_rating"],
                    final_rating=row["final_rating"],
                )
            )
    return cond


# --------------------------------------------------------------------------- stations


def reference_day(period) -> dt.date:
    """The day a register is counted on: the period's last day, or today if that is later."""
    return as_period(period).reference_day


@takes_period
def stations(congress, period: Period) -> QuerySet[Station]:
    """Liaison stations in service on the year's reference day (opened and not yet closed, DOMAIN §10)."""
    on = period.reference_day
    return Station.objects.filter(
        Q(opened_on__isnull=True) | Q(opened_on__lte=on),
        Q(closed_on__gt=on) | Q(closed_on__isnull=True, is_active=True),
        congress=congress,
    )


@takes_period
def deputies_held(congress, period: Period) -> QuerySet[Deputy]:
    """全体代表（实有数） on the year's reference day: the seats held that day (DOMAIN §0, §10)."""
    return registry_queries.deputies_holding_seat(congress, period.reference_day).select_related("term")


@takes_period
def members_held(congress, period: Period) -> QuerySet[CommitteeMembership]:
    """常委会组成人员（实有数） on the year's reference day."""
    return registry_queries.committee_members_holding_seat(congress, period.reference_day).select_related(
        "deputy"
    )


def _stations_at(level: str) -> Callable[..., QuerySet[Station]]:
    def records(congress, period: Period) -> QuerySet[Station]:
        return stations(congress, period).filter(level=level)

    return records


@takes_period
def station_messages(congress, period: Period) -> QuerySet[Message]:
    """群众意见建议 received by stations (online and at receptions) in the year."""
    return Message.objects.filter(period.q("created_at"), congress=congress)


@takes_period
def station_messages_closed(congress, period: Period) -> QuerySet[Message]:
    return station_messages(congress, period).filter(status=Message.Status.CLOSED)


@takes_period
def receptions(congress, period: Period) -> QuerySet[Reception]:
    return Reception.objects.filter(
        period.q("date", date=True), congress=congress, status=Reception.Status.HELD
    )


@takes_period
def online_messages(congress, period: Period) -> QuerySet[Message]:
    """网上联络站: citizens' messages left online in the period."""
    return station_messages(congress, period).filter(source=Message.Source.ONLINE)


@takes_period
def online_messages_closed(congress, period: Period) -> QuerySet[Message]:
    return online_messages(congress, period).filter(status=Message.Status.CLOSED)


@takes_period
def activities_with_opinions(congress, period: Period) -> QuerySet[StationActivity]:
    """Station activities of the period at which opinions were raised (counted on the activity itself)."""
    return StationActivity.objects.filter(
        period.q("date", date=True), congress=congress, opinions_raised__gt=0
    ).select_related("station")


def _station_activities(kind: str) -> Callable[..., QuerySet[StationActivity]]:
    def records(congress, period: Period) -> QuerySet[StationActivity]:
        return StationActivity.objects.filter(period.q("date", date=True), congress=congress, kind=kind)

    return records


# --------------------------------------------------------------------------- livelihood projects


def _project_model():
    """projects is being finished alongside; every figure of it goes through here (guarded)."""
    try:
        from projects.models import Project
    except ImportError:  # pragma: no cover - projects app missing
        return None
    return Project


@takes_period
def projects_adopted(congress, period: Period):
    """Projects adopted by the deputies' ballot (票决) held in the year."""
    Project = _project_model()
    if Project is None:  # pragma: no cover
        return Suggestion.objects.none()
    return Project.objects.filter(
        period.q("adopted_at"),
        congress=congress,
        status__in=[Project.Status.ADOPTED, Project.Status.EVALUATED],
    )


@takes_period
def projects_rated(congress, period: Period):
    """Adopted projects evaluated (测评) at a session in the year: the call's closed evaluation."""
    Project = _project_model()
    if Project is None:  # pragma: no cover
        return Suggestion.objects.none()
    from projects.models import Evaluation

    # A project, its call and the call's evaluation belong to one body, so the evaluations are not
    # filtered by body again: the body enters the query once, as the project's own congress, and the
    # roll-up counts every body in one grouped query (per_congress).
    calls = Evaluation.objects.filter(period.q("closed_at"), status=Evaluation.Status.CLOSED).values(
        "call_id"
    )
    return Project.objects.filter(congress=congress, call_id__in=calls, status=Project.Status.EVALUATED)


@takes_period
def projects_satisfied(congress, period: Period):
    return projects_rated(congress, period).filter(grade="satisfied")


# --------------------------------------------------------------------------- deputies


@takes_period
def duty_reports(congress, period: Period) -> QuerySet[PerformanceEntry]:
    """代表向选民述职 (DOMAIN §5: at least once a year), as recorded in performance records."""
    return PerformanceEntry.objects.filter(
        period.q("date", date=True), congress=congress, kind=PerformanceEntry.Kind.DUTY_REPORT
    )


# --------------------------------------------------------------------------- the registry

_MEETING = (
    ("会议", "title"),
    ("开始时间", "starts_at"),
    ("地点", "location"),
    ("状态", "get_status_display"),
)
_VOTE = (("表决事项", "title"), ("会议", "meeting"), ("赞成", "yes"), ("反对", "no"), ("弃权", "abstain"))
_ACTIVITY = (
    ("名称", "title"),
    ("类型", "get_kind_display"),
    ("被监督机关", "unit"),
    ("开始日期", "starts_on"),
    ("状态", "get_status_display"),
)
_SUGGESTION = (
    ("编号", "number_label"),
    ("标题", "title"),
    ("领衔代表", "lead_deputy"),
    ("状态", "get_status_display"),
    ("答复分类", "reply_category"),
    ("评价", lambda s: RATING_LABELS.get(s.final_rating, "")),
)
_MESSAGE = (
    ("查询码", "display_code"),
    ("联络站", "station"),
    ("主题", "get_topic_display"),
    ("留言时间", "created_at"),
    ("状态", "get_status_display"),
)
_STATION_ACTIVITY = (
    ("主题", "title"),
    ("联络站", "station"),
    ("日期", "date"),
    ("收集意见建议（条）", "opinions_raised"),
)
_PROJECT = (
    ("序号", "number"),
    ("项目名称", "title"),
    ("牵头单位", "lead_unit"),
    ("状态", "get_status_display"),
    ("测评结果", "get_grade_display"),
)

_RATE_NOTE = "（DOMAIN §4；suggestions.rules.rates，分母为本期已交办的代表建议）"


def _rate(key: str, label: str, rate_key: str, definition: str) -> Figure:
    return Figure(
        key,
        "suggestions",
        label,
        "%",
        definition + _RATE_NOTE,
        referred_suggestions,
        kind="rate",
        rate_key=rate_key,
        detail="suggestions:detail",
        columns=_SUGGESTION,
    )


FIGURES: list[Figure] = [
    Figure(
        "deputies_held",
        "deputies",
        "全体代表（实有数）",
        "人",
        "报告期末日（晚于今天的为今天）依法持有代表席位的人数：含暂停执行代表职务的代表；换届、资格终止当日起不再计入（DOMAIN §0、§10）。",
        deputies_held,
        detail="registry:deputy_detail",
        columns=(("代表", "name"), ("代表证号", "number"), ("届次", "term")),
    ),
    Figure(
        "members_held",
        "deputies",
        "常委会组成人员（实有数）",
        "人",
        "报告期末日（晚于今天的为今天）在任的常委会组成人员人数，依在任人员名册（选举、任免）计算。",
        members_held,
        columns=(("姓名", "deputy.name"), ("职务", "get_position_display"), ("任职日期", "starts_on")),
    ),
    Figure(
        "resolutions_decisions",
        "meetings",
        "作出决议、决定",
        "项",
        "常委会会议上对“决议、决定”类议题表决通过的项数（按会议开始日期计入报告期）。",
        resolutions_decisions,
        detail="meetings:vote_detail",
        columns=_VOTE,
    ),
    Figure(
        "committee_meetings",
        "meetings",
        "召开常委会会议",
        "次",
        "本期举行并已结束的常委会会议次数。",
        committee_meetings,
        detail="meetings:meeting_detail",
        columns=_MEETING,
    ),
    Figure(
        "sessions_held",
        "meetings",
        "召开人民代表大会会议",
        "次",
        "开幕日期在本期的人代会会议次数。",
        sessions_held,
        columns=(("会议", "__str__"), ("开幕日期", "starts_on"), ("闭幕日期", "ends_on")),
    ),
    Figure(
        "session_resolutions",
        "meetings",
        "人民代表大会会议表决通过决议、决定",
        "项",
        "本期举行的人代会全体会议上表决通过的“决议、决定”类事项；草稿逐项列出表决结果。",
        session_resolutions,
        detail="meetings:vote_detail",
        columns=_VOTE,
    ),
    Figure(
        "session_attendance",
        "meetings",
        "人代会出席率",
        "%",
        "本期各次人代会引用的全体会议（办公室所选，未选时为闭幕的全体会议）：出席记录为“出席”的人数 / 出席记录总数（开会时为每位实有代表"
        "建立一条记录，即应出席代表人数，DOMAIN §0）。钻取列出每位代表的出席记录。",
        session_attendance,
        kind="attendance",
        columns=(("代表", "deputy"), ("会议", "meeting"), ("出席情况", "get_status_display")),
    ),
    Figure(
        "elections",
        "meetings",
        "人民代表大会会议选举",
        "项",
        "宣布结果日期在本期的选举（DOMAIN §2）；草稿逐项写明当选人员、职务及其得票。",
        elections_announced,
        columns=(("选举", "title"), ("全体会议", "meeting"), ("宣布时间", "announced_at")),
    ),
    Figure(
        "appointments",
        "appointments",
        "任免地方国家机关工作人员",
        "人次",
        "常委会会议表决通过的任命、免职、决定代理、接受辞职事项，每人每项计一人次（DOMAIN §7）。",
        appointments,
        detail="oversight:appointment_detail",
        columns=(
            ("事项", "__str__"),
            ("提请机关", "requesting_unit"),
            ("会议", "meeting"),
            ("状态", "get_status_display"),
        ),
    ),
    Figure(
        "enforcement_inspections",
        "oversight",
        "开展执法检查",
        "项",
        "开始日期在本期的执法检查（监督法第三十一至三十七条）。",
        _activities(Activity.Kind.ENFORCEMENT_INSPECTION),
        detail="oversight:activity_detail",
        columns=_ACTIVITY,
    ),
    Figure(
        "work_reports",
        "oversight",
        "听取和审议专项工作报告",
        "项",
        "开始日期在本期的专项工作报告（监督法第十四、十五条）。",
        _activities(Activity.Kind.WORK_REPORT),
        detail="oversight:activity_detail",
        columns=_ACTIVITY,
    ),
    Figure(
        "inspection_visits",
        "oversight",
        "开展视察",
        "次",
        "开始日期在本期的视察活动（报告写作“开展视察12次”，与专题调研分列）。",
        _activities(Activity.Kind.INSPECTION_VISIT),
        detail="oversight:activity_detail",
        columns=_ACTIVITY,
    ),
    Figure(
        "research",
        "oversight",
        "开展专题调研",
        "次",
        "开始日期在本期的专题调研活动。",
        _activities(Activity.Kind.RESEARCH),
        detail="oversight:activity_detail",
        columns=_ACTIVITY,
    ),
    Figure(
        "supervisory_visits",
        "oversight",
        "开展督导",
        "次",
        "开始日期在本期的督导活动。",
        _activities(Activity.Kind.SUPERVISORY_VISIT),
        detail="oversight:activity_detail",
        columns=_ACTIVITY,
    ),
    Figure(
        "follow_ups",
        "oversight",
        "开展跟踪监督",
        "项",
        "开始日期在本期的跟踪监督。",
        _activities(Activity.Kind.FOLLOW_UP),
        detail="oversight:activity_detail",
        columns=_ACTIVITY,
    ),
    Figure(
        "record_reviews",
        "oversight",
        "备案审查规范性文件",
        "件",
        "开始日期在本期的备案审查。",
        _activities(Activity.Kind.RECORD_REVIEW),
        detail="oversight:activity_detail",
        columns=_ACTIVITY,
    ),
    Figure(
        "key_matters",
        "oversight",
        "重点监督事项",
        "项",
        "开始日期在本期、标记为重点监督事项的监督活动（各类型合计）。",
        lambda congress, period: activities(congress, period).filter(is_key_matter=True),
        detail="oversight:activity_detail",
        columns=_ACTIVITY,
    ),
    Figure(
        "appraisals",
        "oversight",
        "开展工作评议",
        "项",
        "开始日期在本期的工作评议。",
        _activities(Activity.Kind.APPRAISAL),
        detail="oversight:activity_detail",
        columns=_ACTIVITY,
    ),
    Figure(
        "inquiries",
        "oversight",
        "开展专题询问",
        "次",
        "开始日期在本期的专题询问（监督法第四十六至五十条）。",
        _activities(Activity.Kind.INQUIRY),
        detail="oversight:activity_detail",
        columns=_ACTIVITY,
    ),
    Figure(
        "budget_audit_reviews",
        "oversight",
        "审查预算决算和审计工作",
        "项",
        "开始日期在本期的预算审查监督和审计工作报告及整改审议。",
        _activities(Activity.Kind.BUDGET_REVIEW, Activity.Kind.AUDIT_REVIEW),
        detail="oversight:activity_detail",
        columns=_ACTIVITY,
    ),
    Figure(
        "deliberation_opinions",
        "oversight",
        "交办审议意见",
        "件",
        "送交日期在本期的审议意见（监督法第十七条）。",
        deliberation_opinions,
        detail="oversight:deliberation_opinions_detail",
        columns=(
            ("标题", "title"),
            ("送交机关", "unit"),
            ("送交日期", "sent_on"),
            ("状态", "get_status_display"),
        ),
    ),
    Figure(
        "satisfaction_votes",
        "oversight",
        "开展满意度测评",
        "次",
        "本期结束的对研究处理情况的满意度测评。",
        satisfaction_votes,
        detail="oversight:evaluation_detail",
        columns=(("测评", "__str__"), ("会议", "meeting"), ("结果", "get_grade_display")),
    ),
    Figure(
        "suggestions_referred",
        "suggestions",
        "交办代表建议",
        "件",
        "属于本期（年度统计按建议的“年度”，会议以来或日期范围按提出建议的会议、闭会期间按提交日期）、已交办承办单位的代表建议（不含议案、草稿、待立案、已并案）。",
        referred_suggestions,
        detail="suggestions:detail",
        columns=_SUGGESTION,
    ),
    Figure(
        "suggestions_replied",
        "suggestions",
        "答复代表建议",
        "件",
        "上述已交办建议中已答复代表的件数。",
        replied_suggestions,
        detail="suggestions:detail",
        columns=_SUGGESTION,
    ),
    Figure(
        "suggestions_closed",
        "suggestions",
        "办结代表建议",
        "件",
        "上述已交办建议中已办结的件数。",
        closed_suggestions,
        detail="suggestions:detail",
        columns=_SUGGESTION,
    ),
    Figure(
        "suggestions_at_sessions",
        "suggestions",
        "大会期间代表提出的建议",
        "件",
        "已交办建议中，在人民代表大会会议期间提出的件数（按提出建议的会议，DOMAIN §12）；草稿按会议分列。",
        suggestions_at_sessions,
        detail="suggestions:detail",
        columns=_SUGGESTION,
    ),
    Figure(
        "suggestions_in_recess",
        "suggestions",
        "闭会期间代表提出的建议",
        "件",
        "已交办建议中，闭会期间提出（未填写会议）的件数。",
        suggestions_in_recess,
        detail="suggestions:detail",
        columns=_SUGGESTION,
    ),
    Figure(
        "suggestions_to_government",
        "suggestions",
        "交政府部门办理的代表建议",
        "件",
        "已交办建议中，由该类承办单位独办、分办或主办的件数（按承办单位类型；分办给多类机关的各计一次，协办不计）。",
        _to_organ(Unit.Kind.GOVERNMENT_DEPARTMENT),
        detail="suggestions:detail",
        columns=_SUGGESTION,
    ),
    Figure(
        "suggestions_to_supervisory_commission",
        "suggestions",
        "交监察委员会办理的代表建议",
        "件",
        "已交办建议中，由该类承办单位独办、分办或主办的件数（按承办单位类型；分办给多类机关的各计一次，协办不计）。",
        _to_organ(Unit.Kind.SUPERVISORY_COMMISSION),
        detail="suggestions:detail",
        columns=_SUGGESTION,
    ),
    Figure(
        "suggestions_to_court",
        "suggestions",
        "交人民法院办理的代表建议",
        "件",
        "已交办建议中，由该类承办单位独办、分办或主办的件数（按承办单位类型；分办给多类机关的各计一次，协办不计）。",
        _to_organ(Unit.Kind.COURT),
        detail="suggestions:detail",
        columns=_SUGGESTION,
    ),
    Figure(
        "suggestions_to_procuratorate",
        "suggestions",
        "交人民检察院办理的代表建议",
        "件",
        "已交办建议中，由该类承办单位独办、分办或主办的件数（按承办单位类型；分办给多类机关的各计一次，协办不计）。",
        _to_organ(Unit.Kind.PROCURATORATE),
        detail="suggestions:detail",
        columns=_SUGGESTION,
    ),
    Figure(
        "suggestions_to_other_units",
        "suggestions",
        "交其他单位办理的代表建议",
        "件",
        "已交办建议中，由该类承办单位独办、分办或主办的件数（按承办单位类型；分办给多类机关的各计一次，协办不计）。",
        _to_organ(Unit.Kind.OTHER),
        detail="suggestions:detail",
        columns=_SUGGESTION,
    ),
    Figure(
        "priority_suggestions",
        "suggestions",
        "重点督办代表建议",
        "件",
        "已交办建议中确定为重点督办的件数。",
        priority_suggestions,
        detail="suggestions:detail",
        columns=_SUGGESTION,
    ),
    Figure(
        "priority_suggestions_closed",
        "suggestions",
        "重点督办建议办结",
        "件",
        "上述重点督办建议中已办结的件数。",
        priority_suggestions_closed,
        detail="suggestions:detail",
        columns=_SUGGESTION,
    ),
    Figure(
        "motions",
        "suggestions",
        "代表议案",
        "件",
        "属于本期（口径同代表建议）、已提交的代表议案。",
        motions,
        detail="suggestions:detail",
        columns=_SUGGESTION,
    ),
    _rate("reply_rate", "办复率", "reply_rate", "已答复 / 已交办。"),
    Figure(
        "closed_rate",
        "suggestions",
        "办结率",
        "%",
        "已办结 / 已交办（DOMAIN §12：办结率＝办结件数 / 交办件数）。",
        referred_suggestions,
        kind="share",
        numerator=closed_suggestions,
        detail="suggestions:detail",
        columns=_SUGGESTION,
    ),
    _rate(
        "on_time_rate",
        "按期答复率",
        "on_time_rate",
        "在答复期限内答复 / 已交办（DOMAIN §12：按期答复率，不是办结率）。",
    ),
    _rate(
        "satisfaction_rate_first",
        "首次满意率",
        "satisfaction_rate_first",
        "首次评价（第一轮答复后）为“满意” / 已收到首次评价。",
    ),
    _rate(
        "satisfaction_rate_incl_basic_first",
        "首次满意率（含基本满意）",
        "satisfaction_rate_incl_basic_first",
        "首次评价为“满意”或“基本满意” / 已收到首次评价。",
    ),
    _rate("satisfaction_rate", "满意率", "satisfaction_rate_final", "最终评价为“满意” / 已收到评价。"),
    _rate(
        "satisfaction_rate_incl_basic",
        "满意率（含基本满意）",
        "satisfaction_rate_incl_basic_final",
        "最终评价为“满意”或“基本满意” / 已收到评价。",
    ),
    _rate(
        "resolution_rate", "解决率（A类）", "resolution_rate_a", "答复为A类（已解决或基本解决） / 已交办。"
    ),
    _rate(
        "resolution_rate_ab",
        "解决率（含列入计划解决）",
        "resolution_rate_ab",
        "答复为A类或B类（得到解决或计划逐步解决） / 已交办。",
    ),
    Figure(
        "stations",
        "stations",
        "人大代表联络站",
        "个",
        "现有（启用中的）人大代表联络站个数，按报告期末日计。",
        stations,
        detail="stations:station_detail",
        columns=(("联络站", "name"), ("所在街道", "subdistrict")),
    ),
    Figure(
        "stations_subdistrict",
        "stations",
        "街道人大代表联络站",
        "个",
        "上述联络站中层级为街道（乡镇）站的个数。",
        _stations_at(Station.Level.SUBDISTRICT),
        detail="stations:station_detail",
        columns=(("联络站", "name"), ("所在街道", "subdistrict")),
    ),
    Figure(
        "stations_community",
        "stations",
        "社区人大代表联络站",
        "个",
        "上述联络站中层级为社区（村）站的个数。",
        _stations_at(Station.Level.COMMUNITY),
        detail="stations:station_detail",
        columns=(("联络站", "name"), ("所在街道", "subdistrict")),
    ),
    Figure(
        "station_messages",
        "stations",
        "联络站收到群众意见建议",
        "条",
        "本期收到的群众留言（网上联络站和接待日登记）。",
        station_messages,
        detail="stations:message_detail",
        columns=_MESSAGE,
    ),
    Figure(
        "station_messages_closed",
        "stations",
        "群众意见建议办结",
        "条",
        "上述留言中已办结的条数。",
        station_messages_closed,
        detail="stations:message_detail",
        columns=_MESSAGE,
    ),
    Figure(
        "receptions",
        "stations",
        "开展代表接待日",
        "次",
        "本期已举行的接待日。",
        receptions,
        detail="stations:reception_detail",
        columns=(("联络站", "station"), ("日期", "date"), ("接待群众人次", "visitors")),
    ),
    Figure(
        "reception_visitors",
        "stations",
        "接待群众",
        "人次",
        "本期已举行接待日登记的接待群众人次之和。",
        receptions,
        kind="sum",
        sum_field="visitors",
        detail="stations:reception_detail",
        columns=(("联络站", "station"), ("日期", "date"), ("接待群众人次", "visitors")),
    ),
    Figure(
        "online_messages",
        "stations",
        "网上联络站收到群众留言",
        "条",
        "本期通过网上联络站收到的群众留言（来源为“网上联络站”）。",
        online_messages,
        detail="stations:message_detail",
        columns=_MESSAGE,
    ),
    Figure(
        "online_messages_closed",
        "stations",
        "网上联络站留言办结",
        "条",
        "上述网上留言中已办结的条数。",
        online_messages_closed,
        detail="stations:message_detail",
        columns=_MESSAGE,
    ),
    Figure(
        "station_activity_opinions",
        "stations",
        "联络站活动中收集意见建议",
        "条",
        "本期联络站主题活动、调研活动登记的“收集意见建议”条数之和（在活动上登记，不逐条录入为群众留言）；"
        "钻取列出登记了意见建议的活动。",
        activities_with_opinions,
        kind="sum",
        sum_field="opinions_raised",
        columns=_STATION_ACTIVITY,
    ),
    Figure(
        "station_themed_activities",
        "stations",
        "联络站开展主题活动",
        "次",
        "本期联络站登记的主题活动。",
        _station_activities(StationActivity.Kind.THEMED),
        columns=_STATION_ACTIVITY,
    ),
    Figure(
        "station_research",
        "stations",
        "联络站开展调研活动",
        "次",
        "本期联络站登记的调研活动。",
        _station_activities(StationActivity.Kind.RESEARCH),
        columns=_STATION_ACTIVITY,
    ),
    Figure(
        "projects_adopted",
        "projects",
        "票决产生民生实事项目",
        "个",
        "在本期人代会上经代表票决通过的民生实事项目（DOMAIN §3）。",
        projects_adopted,
        detail="projects:project_detail",
        columns=_PROJECT,
    ),
    Figure(
        "projects_rated",
        "projects",
        "民生实事项目满意度测评",
        "个",
        "本期人代会测评（测评结束）的民生实事项目。",
        projects_rated,
        detail="projects:project_detail",
        columns=_PROJECT,
    ),
    Figure(
        "projects_satisfied",
        "projects",
        "测评结果为满意的民生实事项目",
        "个",
        "上述测评项目中结果为“满意”的个数。",
        projects_satisfied,
        detail="projects:project_detail",
        columns=_PROJECT,
    ),
    Figure(
        "duty_reports",
        "deputies",
        "代表向选民述职",
        "人次",
        "履职档案中日期在本期的“向选民述职”记录。",
        duty_reports,
        columns=(("代表", "deputy"), ("日期", "date"), ("事项", "title")),
    ),
]

BY_KEY = {f.key: f for f in FIGURES}
