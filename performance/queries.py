"""Counts per deputy per period, the ranking, the home-page lines and the public sections.

Scores are computed when read ("recomputed when records change"): every count comes from the
records themselves with one GROUP BY query per source (about ten queries for a whole congress,
whatever its size), and rules.score applies the congress's current table. Nothing is cached,
so a new attendance row, a co-signature or an edit of the scoring table shows at once.
What the public sees is different: the figures frozen by a Publication.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.apps import apps
from django.core.exceptions import FieldError
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import deputy_of
from core import congress_settings
from core.dates import today
from performance import rules
from performance.models import PerformanceEntry, Publication
from registry.models import Deputy

ENTRY_ITEMS = {kind: kind for kind in PerformanceEntry.Kind.values}  # entry kind → item key
ATTENDANCE_ITEMS = {
    "present": "meeting_present",
    "attending_nonvoting": "meeting_present",
    "on_leave": "meeting_on_leave",
    "absent": "meeting_absent",
}


# --------------------------------------------------------------------------- periods


def period(year: int, until: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """[start, end) of the year, or of 1 January to `until` inclusive."""
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    if until is not None and until < end:
        end = until + dt.timedelta(days=1)
    return start, end


def quarter_end(year: int, quarter: int) -> dt.date:
    month = rules.quarter_end_month(quarter)
    return dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()), timezone.get_current_timezone())


def scoring_table(congress) -> rules.Table:
    return rules.table_from_settings(congress_settings.stored(congress, "performance") or None)


def deputies_in_year(congress, year: int):
    """Deputies who held a seat at some time in the year (serving, suspended or since terminated)."""
    start, end = period(year)
    return Deputy.objects.filter(congress=congress, elected_on__lt=end).filter(
        Q(terminated_on__isnull=True) | Q(terminated_on__gte=start)
    )


# --------------------------------------------------------------------------- counts


def counts(
    congress, year: int, *, until: dt.date | None = None, deputy_ids: list[int] | None = None
) -> dict[int, dict[str, int]]:
    """deputy id → {item key: count} for the year (or 1 January to `until`); one query per source."""
    start, end = period(year, until)
    result: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(rules.ITEMS, 0))

    def add(rows, key_of, deputy_field="deputy_id"):
        for row in rows:
            key = key_of(row)
            if key:
                result[row[deputy_field]][key] += row["n"]

    def only(qs, field="deputy_id"):
        return qs.filter(**{f"{field}__in": deputy_ids}) if deputy_ids is not None else qs

    from deliberation.models import Speech
    from materials.models import Answer
    from meetings.models import Attendance
    from oversight.models import Participant
    from stations.models import Activity, Message, Reception
    from suggestions import queries as suggestion_queries
    from suggestions.models import CoSignature

    attendance = only(
        Attendance.objects.filter(
            meeting__congress=congress,
            meeting__starts_at__gte=_aware(start),
            meeting__starts_at__lt=_aware(end),
        )
    )
    add(
        attendance.values("deputy_id", "status").annotate(n=Count("id")).order_by(),
        lambda r: ATTENDANCE_ITEMS.get(r["status"]),
    )

    submitted = suggestion_queries.raised_by_deputies(congress).filter(year=year)
    if until is not None:
        submitted = submitted.filter(submitted_at__lt=_aware(end))
    add(
        only(submitted, "lead_deputy_id").values("lead_deputy_id", "kind").annotate(n=Count("id")).order_by(),
        lambda r: f"{r['kind']}_lead",
        "lead_deputy_id",
    )
    co_signed = only(
        CoSignature.objects.filter(status=CoSignature.Status.CONFIRMED, suggestion__in=submitted.values("pk"))
    )
    add(
        co_signed.values("deputy_id", "suggestion__kind").annotate(n=Count("id")).order_by(),
        lambda r: f"{r['suggestion__kind']}_co_signed",
    )

    oversight = only(
        Participant.objects.filter(
            activity__congress=congress, activity__starts_on__gte=start, activity__starts_on__lt=end
        )
    )
    add(oversight.values("deputy_id").annotate(n=Count("id")).order_by(), lambda r: "oversight")

    receptions = only(
        Reception.deputies.through.objects.filter(
            reception__congress=congress,
            reception__status=Reception.Status.HELD,
            reception__date__gte=start,
            reception__date__lt=end,
        )
    )
    add(receptions.values("deputy_id").annotate(n=Count("id")).order_by(), lambda r: "reception")

    activities = only(
        Activity.deputies.through.objects.filter(
            activity__congress=congress, activity__date__gte=start, activity__date__lt=end
        )
    )
    add(activities.values("deputy_id").annotate(n=Count("id")).order_by(), lambda r: "station_activity")

    messages = only(
        Message.objects.filter(
            congress=congress,
            deputy__isnull=False,
            status=Message.Status.CLOSED,
            created_at__gte=_aware(start),
            created_at__lt=_aware(end),
        )
    )
    add(messages.values("deputy_id").annotate(n=Count("id")).order_by(), lambda r: "message")

    add(project_group_rows(congress, year, deputy_ids), lambda r: "project_group")

    # 审议发言 has one source per speech: a speech recorded in a discussion group (deliberation)
    # counts from that record; a manual entry of kind "speech" is for a speech made elsewhere
    # (e.g. at a standing committee meeting), so the office never enters a group speech twice.
    group_speeches = only(
        Speech.objects.filter(
            congress=congress,
            group__meeting__starts_at__gte=_aware(start),
            group__meeting__starts_at__lt=_aware(end),
        )
    )
    add(group_speeches.values("deputy_id").annotate(n=Count("id")).order_by(), lambda r: "speech")

    # 征求意见: one per consultation the deputy answered in the period, however many paragraphs.
    answered = only(
        Answer.objects.filter(
            consultation__congress=congress,
            submitted_at__gte=_aware(start),
            submitted_at__lt=_aware(end),
        )
    )
    add(
        answered.values("deputy_id").annotate(n=Count("consultation_id", distinct=True)).order_by(),
        lambda r: "consultation",
    )

    entries = only(PerformanceEntry.objects.filter(congress=congress, date__gte=start, date__lt=end))
    add(
        entries.values("deputy_id", "kind").annotate(n=Count("id")).order_by(),
        lambda r: ENTRY_ITEMS.get(r["kind"]),
    )
    return result


def project_group_rows(congress, year: int, deputy_ids=None) -> list[dict]:
    """Project supervision groups joined in the project's year, if the projects app has them.

    Guarded: the projects app may not define SupervisionGroup (or members) in every build.
    """
    try:
        group = apps.get_model("projects", "SupervisionGroup")
        through = group._meta.get_field("members").remote_field.through
        qs = through.objects.filter(
            supervisiongroup__project__congress=congress, supervisiongroup__project__call__year=year
        )
        if deputy_ids is not None:
            qs = qs.filter(deputy_id__in=deputy_ids)
        return list(qs.values("deputy_id").annotate(n=Count("id")).order_by())
    except (LookupError, FieldError, AttributeError):
        return []


def counts_for_deputy(deputy: Deputy, year: int) -> dict[str, int]:
    return dict(
        counts(deputy.congress, year, deputy_ids=[deputy.pk]).get(deputy.pk) or dict.fromkeys(rules.ITEMS, 0)
    )


def record_of(deputy: Deputy, year: int, table: rules.Table | None = None) -> rules.Result:
    table = table or scoring_table(deputy.congress)
    return rules.score(counts_for_deputy(deputy, year), table)


# --------------------------------------------------------------------------- ranking

SORTS = {"score": "积分", "number": "代表证号", **{k: v[0] for k, v in rules.ITEMS.items()}}


def ranking(
    congress, year: int, *, delegation_id: int | None = None, grade: str = "", sort: str = "score"
) -> list[dict]:
    """One row per deputy who held a seat in the year: counts, score, grade, rank (ties share a rank)."""
    table = scoring_table(congress)
    deputies = deputies_in_year(congress, year).select_related("delegation", "station")
    all_counts = counts(congress, year)
    empty = dict.fromkeys(rules.ITEMS, 0)
    rows = []
    for deputy in deputies:
        c = all_counts.get(deputy.pk, empty)
        result = rules.score(c, table)
        rows.append(
            {
                "deputy": deputy,
                "counts": c,
                "cells": [c[k] for k in rules.ITEMS],
                "score": result.score,
                "grade": result.grade,
            }
        )
    rows.sort(key=lambda r: (-r["score"], r["deputy"].number))
    rank, previous = 0, None
    for index, row in enumerate(rows, 1):
        if row["score"] != previous:
            rank, previous = index, row["score"]
        row["rank"] = rank
    if delegation_id:
        rows = [r for r in rows if r["deputy"].delegation_id == delegation_id]
    if grade in rules.GRADE_LABELS:
        rows = [r for r in rows if r["grade"] == grade]
    if sort == "number":
        rows.sort(key=lambda r: r["deputy"].number)
    elif sort in rules.ITEMS:
        rows.sort(key=lambda r: (-r["counts"][sort], r["rank"], r["deputy"].number))
    return rows


def grade_totals(rows: list[dict]) -> dict[str, int]:
    totals = dict.fromkeys(rules.GRADE_LABELS, 0)
    for row in rows:
        totals[row["grade"]] += 1
    return totals


def years(congress) -> list[int]:
    """Years offered in the filters: from the term's start to this year."""
    from registry.models import Term

    first = (
        Term.objects.filter(congress=congress)
        .order_by("starts_on")
        .values_list("starts_on", flat=True)
        .first()
    )
    this = today().year
    start = first.year if first else this
    return list(range(this, start - 1, -1))


# --------------------------------------------------------------------------- links to the records counted


def record_links(deputy: Deputy, year: int) -> dict[str, str]:
    """item key → a page listing the records counted, where the counting app has one we can filter."""
    links = {}
    suggestions = reverse("suggestions:list")
    links["suggestion_lead"] = f"{suggestions}?year={year}&kind=suggestion"
    links["motion_lead"] = f"{suggestions}?year={year}&kind=motion"
    links["oversight"] = f"{reverse('oversight:activity_list')}?year={year}"
    links["station_activity"] = links["reception"] = (
        reverse("stations:station_detail", args=[deputy.station_id]) if deputy.station_id else ""
    )
    links["message"] = f"{reverse('stations:inbox')}?box=all"
    links["meeting_present"] = links["meeting_on_leave"] = links["meeting_absent"] = reverse(
        "meetings:meeting_list"
    )
    return {k: v for k, v in links.items() if v}


def attendance_rows(deputy: Deputy, year: int):
    """The meetings behind the attendance counts (leave reasons are private: own page only)."""
    from meetings.models import Attendance

    start, end = period(year)
    return (
        Attendance.objects.filter(
            deputy=deputy, meeting__starts_at__gte=_aware(start), meeting__starts_at__lt=_aware(end)
        )
        .select_related("meeting")
        .order_by("meeting__starts_at")
    )


def suggestion_rows(deputy: Deputy, year: int):
    """The suggestions and motions counted in the record (suggestions.queries.raised_by_deputies), with
    the body each transferred one went to."""
    from django.db.models import Prefetch

    from suggestions import queries as suggestion_queries
    from suggestions.models import Suggestion

    return (
        suggestion_queries.raised_by_deputies(deputy.congress)
        .filter(year=year)
        .filter(Q(lead_deputy=deputy) | Q(co_signatures__deputy=deputy, co_signatures__status="confirmed"))
        .distinct()
        .order_by("kind", "number", "id")
        .prefetch_related(
            Prefetch("transferred_to", queryset=Suggestion.objects.select_related("congress").order_by("pk"))
        )
    )


def oversight_rows(deputy: Deputy, year: int):
    from oversight.models import Activity

    start, end = period(year)
    return Activity.objects.filter(
        congress=deputy.congress, participant_rows__deputy=deputy, starts_on__gte=start, starts_on__lt=end
    ).order_by("starts_on")


def entries(deputy: Deputy, year: int):
    start, end = period(year)
    return PerformanceEntry.objects.filter(deputy=deputy, date__gte=start, date__lt=end).select_related(
        "recorded_by"
    )


# --------------------------------------------------------------------------- publication


def figures(congress, year: int, quarter: int) -> dict[str, dict[str, int]]:
    """The counts to freeze for a publication: every deputy holding a seat, 1 January to quarter end."""
    end = quarter_end(year, quarter)
    all_counts = counts(congress, year, until=end)
    empty = dict.fromkeys(rules.ITEMS, 0)
    return {
        str(pk): dict(all_counts.get(pk, empty))
        for pk in deputies_in_year(congress, year).filter(elected_on__lte=end).values_list("pk", flat=True)
    }


def latest_publication(congress) -> Publication | None:
    return Publication.objects.filter(congress=congress).order_by("-year", "-quarter").first()


def public_deputies(congress):
    """Deputies on the public list: those whose seat has not ended (代表法第五十八条 basic information)."""
    return (
        Deputy.objects.filter(congress=congress)
        .exclude(status=Deputy.Status.TERMINATED)
        .select_related("delegation", "station", "constituency")
        .order_by("delegation_id", "number")
    )


# --------------------------------------------------------------------------- home and public front page


def home_todos(request):
    """Home-page lines for this app (see core.home)."""
    from accounts.models import Role
    from core.home import Todo

    congress, roles = request.congress, request.roles
    if congress is None:
        return []
    items = []
    if roles.has(Role.STAFF, Role.LEADER):
        items.append(
            Todo("代表履职档案", reverse("performance:ranking"), hint="履职积分排名、评分标准与公开")
        )
    deputy = deputy_of(request.user, congress)
    if deputy is not None:
        result = record_of(deputy, today().year)
        items.append(
            Todo(
                "我的履职档案",
                reverse("performance:deputy_detail", args=[deputy.pk]),
                hint=f"{today().year}年履职积分 {rules.format_tenths(result.score)} 分"
                f"（{rules.GRADE_LABELS[result.grade]}）",
            )
        )
    return items


def public_sections(congress):
    """Links on the congress's public front page (see portal.views.public_home)."""
    return [
        {
            "title": "人大代表名单和履职情况",
            "url": reverse("performance_public:deputy_list", args=[congress.code]),
        }
    ]
