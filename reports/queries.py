"""What the dashboard, the Word draft, the workbook and the command read: figure values over a
report period (core.periods) with the previous period's for comparison, and the chart and breakdown data. Every number comes from
reports.figures; this module only arranges them (and adds breakdowns by unit, subdistrict, month)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import ExtractMonth, ExtractYear

from core import dates
from core.periods import Period, as_period
from reports import figures as F
from reports import rollup
from suggestions.models import Assignment


@dataclass(frozen=True)
class FigureValue:
    figure: F.Figure
    value: object  # int, or a Rate for rates
    previous: object  # the same figure over period.previous()

    @property
    def number(self):
        """A plain number: the count, or the rate's exact value (a Fraction; None without a denominator)."""
        return self.value.value if self.figure.is_rate else self.value

    @property
    def display(self) -> str:
        return self.value.percent if self.figure.is_rate else str(self.value)

    @property
    def previous_display(self) -> str:
        return self.previous.percent if self.figure.is_rate else str(self.previous)

    @property
    def change(self) -> str:
        """Change against the previous year: "+3" for counts, "+2.5个百分点" for rates, "" when not comparable."""
        if self.figure.is_rate:
            now, before = self.value.value, self.previous.value
            if now is None or before is None:
                return ""
            tenths = round((now - before) * 1000)
            sign = "+" if tenths > 0 else ("−" if tenths < 0 else "±")
            return f"{sign}{abs(tenths) // 10}.{abs(tenths) % 10}个百分点"
        diff = self.value - self.previous
        return f"+{diff}" if diff > 0 else ("±0" if diff == 0 else f"−{-diff}")

    def as_json(self):
        if self.figure.is_rate:
            rate = self.value
            return {
                "numerator": rate.numerator,
                "denominator": rate.denominator,
                "percent": rate.percent if rate.denominator else None,
            }
        return self.value


def default_year() -> int:
    return dates.today().year


def year_choices() -> list[int]:
    this = default_year()
    return list(range(this, this - 6, -1))


def values(congress, period, *, compare: bool = True) -> dict[str, FigureValue]:
    period = as_period(period)
    before = period.previous()
    result, memo = {}, {}
    for figure in F.FIGURES:
        value = rollup.value(figure, congress, period, memo)
        previous = rollup.value(figure, congress, before, memo) if compare else None
        result[figure.key] = FigureValue(figure, value, previous)
    return result


def as_json(congress, period) -> dict:
    """One key per figure (docs/figures.md): counts as integers, rates as numerator / denominator / percent."""
    return {key: v.as_json() for key, v in values(congress, period, compare=False).items()}


def by_area(vals: dict[str, FigureValue]) -> list[tuple[str, str, list[FigureValue]]]:
    return [
        (area, label, [v for v in vals.values() if v.figure.area == area]) for area, label in F.AREAS.items()
    ]


# --------------------------------------------------------------------------- charts ({type, labels, datasets})


def month_labels(period: Period) -> list[str]:
    months = period.months()
    one_year = len({y for y, _ in months}) == 1
    return [f"{m}月" if one_year else f"{y}年{m}月" for y, m in months]


def _by_month(qs, field: str, period: Period) -> list[int]:
    counts = dict(
        ((y, m), n)
        for y, m, n in qs.order_by()
        .annotate(y=ExtractYear(field), m=ExtractMonth(field))
        .values("y", "m")
        .annotate(n=Count("pk"))
        .values_list("y", "m", "n")
    )
    return [counts.get(month, 0) for month in period.months()]


def monthly_trend(congress, period) -> dict:
    """Month by month: station messages, suggestions referred (by 交办 date) and supervision activities."""
    period = as_period(period)
    return {
        "type": "line",
        "labels": month_labels(period),
        "datasets": [
            {
                "label": "群众意见建议（条）",
                "data": _by_month(F.station_messages(congress, period), "created_at", period),
            },
            {
                "label": "交办代表建议（件）",
                "data": _by_month(
                    F.referred_suggestions(congress, period).filter(period.q("assigned_on", date=True)),
                    "assigned_on",
                    period,
                ),
            },
            {
                "label": "监督活动（项）",
                "data": _by_month(F.activities(congress, period), "starts_on", period),
            },
        ],
    }


UNIT_STATUSES = [
    (Assignment.Status.ASSIGNED, "待签收"),
    (Assignment.Status.ACCEPTED, "办理中"),
    (Assignment.Status.REPLIED, "已答复"),
]


def replying_assignments(congress, period):
    """First-round assignments of the year's referred suggestions to the units that reply (not 协办, not sent back)."""
    return (
        Assignment.objects.filter(suggestion__in=F.referred_suggestions(congress, period), round=1)
        .exclude(role=Assignment.Role.ASSISTING)
        .exclude(status=Assignment.Status.SENT_BACK)
    )


def suggestions_by_unit(congress, period, limit: int = 15) -> dict:
    from registry.models import Unit

    rows = (
        replying_assignments(congress, period).order_by().values("unit_id", "status").annotate(n=Count("pk"))
    )
    per_unit: dict = {}
    for row in rows:
        per_unit.setdefault(row["unit_id"], {})[row["status"]] = row["n"]
    top = sorted(per_unit, key=lambda u: (-sum(per_unit[u].values()), u))[:limit]
    names = dict(Unit.objects.filter(pk__in=top).values_list("pk", "short_name"))
    full = dict(Unit.objects.filter(pk__in=top).values_list("pk", "name"))
    return {
        "type": "bar",
        "stacked": True,
        "labels": [names.get(u) or full.get(u, "") for u in top],
        "datasets": [
            {"label": label, "data": [per_unit[u].get(status, 0) for u in top]}
            for status, label in UNIT_STATUSES
        ],
    }


def unit_rates(congress, period) -> list[dict]:
    """Per replying unit: the DOMAIN §4 rates over the suggestions it handles (suggestions.rules.rates)."""
    from registry.models import Unit

    qs = F.referred_suggestions(congress, period).filter(
        assignments__round=1,
        assignments__role__in=[Assignment.Role.SOLE, Assignment.Role.SPLIT, Assignment.Role.LEAD],
        assignments__status__in=[s for s in Assignment.Status.values if s != Assignment.Status.SENT_BACK],
    )
    grouped = F.suggestion_rates(qs, "assignments__unit_id")
    units = {u.pk: u for u in Unit.objects.filter(pk__in=[k[0] for k in grouped])}
    rows = [
        {
            "unit": units.get(k[0]),
            "label": (units[k[0]].short_name or units[k[0]].name) if k[0] in units else "",
            "rates": r,
        }
        for k, r in grouped.items()
    ]
    rows.sort(key=lambda r: (-r["rates"]["reply_rate"].denominator, r["label"]))
    return rows


def _percent_number(rate) -> float | None:
    """For drawing only: the chart needs a number; the exact fraction stays in the tables."""
    return round(float(rate.value) * 100, 1) if rate.denominator else None


def satisfaction_by_unit(congress, period, limit: int = 15, rows=None) -> dict:
    rows = [
        r
        for r in (rows if rows is not None else unit_rates(congress, period))
        if r["rates"]["satisfaction_rate_final"].denominator
    ][:limit]
    return {
        "type": "bar",
        "percent": True,
        "labels": [r["label"] for r in rows],
        "datasets": [
            {
                "label": "满意率（%）",
                "data": [_percent_number(r["rates"]["satisfaction_rate_final"]) for r in rows],
            },
            {
                "label": "满意率（含基本满意，%）",
                "data": [_percent_number(r["rates"]["satisfaction_rate_incl_basic_final"]) for r in rows],
            },
        ],
    }


def body_sizes(congress, on) -> dict:
    """N and M on any chosen date, from the seats and posts held that day (DOMAIN §0)."""
    from registry.queries import deputy_count, member_count

    return {"on": on, "deputies": deputy_count(congress, on), "members": member_count(congress, on)}


def messages_by_subdistrict(congress, period) -> list[dict]:
    """Messages per 街道（乡镇）, named as the map stood at the year's end (DOMAIN §10)."""
    from registry.queries import subdistricts_on

    names = {e.subdistrict.pk: e.name for e in subdistricts_on(congress, as_period(period).reference_day)}
    rows = (
        F.station_messages(congress, period)
        .order_by()
        .values("station__subdistrict_id", "station__subdistrict__name")
        .annotate(received=Count("pk"), closed=Count("pk", filter=Q(status="closed")))
        .order_by("-received", "station__subdistrict__name")
    )
    return [
        {
            "label": names.get(r["station__subdistrict_id"], r["station__subdistrict__name"]),
            "received": r["received"],
            "closed": r["closed"],
        }
        for r in rows
    ]


def subdistrict_chart(rows: list[dict]) -> dict:
    return {
        "type": "bar",
        "labels": [r["label"] for r in rows],
        "datasets": [
            {"label": "收到群众意见建议", "data": [r["received"] for r in rows]},
            {"label": "已办结", "data": [r["closed"] for r in rows]},
        ],
    }


def project_progress(congress, period) -> list[dict]:
    """Adopted projects reporting progress in the year: each one's latest reported percentage (guarded: projects
    is being finished alongside)."""
    try:
        from projects.models import ProgressReport, Project
    except ImportError:  # pragma: no cover
        return []
    latest = ProgressReport.objects.filter(
        as_period(period).q("reported_on", date=True), project=OuterRef("pk")
    ).order_by("-reported_on", "-pk")
    qs = (
        Project.objects.filter(
            congress=congress, status__in=[Project.Status.ADOPTED, Project.Status.EVALUATED]
        )
        .annotate(percent=Subquery(latest.values("percent")[:1]))
        .filter(percent__isnull=False)
        .select_related("lead_unit")
        .order_by("call__year", "number")
    )
    return [{"project": p, "label": p.title, "percent": p.percent, "unit": p.lead_unit} for p in qs]


def project_chart(rows: list[dict]) -> dict:
    return {
        "type": "bar",
        "horizontal": True,
        "percent": True,
        "labels": [r["label"] for r in rows],
        "datasets": [{"label": "完成进度（%）", "data": [r["percent"] for r in rows]}],
    }


def dashboard(congress, period) -> dict:
    period = as_period(period)
    vals = values(congress, period)
    units = unit_rates(congress, period)
    subdistricts = messages_by_subdistrict(congress, period)
    projects = project_progress(congress, period)
    return {
        "values": vals,
        "areas": by_area(vals),
        "unit_rates": units,
        "subdistricts": subdistricts,
        "projects": projects,
        "charts": {
            "trend": monthly_trend(congress, period),
            "units": suggestions_by_unit(congress, period),
            "satisfaction": satisfaction_by_unit(congress, period, rows=units),
            "subdistricts": subdistrict_chart(subdistricts),
            "projects": project_chart(projects),
        },
    }
