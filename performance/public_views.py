"""Public deputy profiles (no login): basic information and published performance (代表法第五十八条).

Shown: name, gender, ethnicity, party, year of birth, occupation, workplace and post, delegation,
constituency, station, and the counts of the latest published period. Never shown: phone,
ID number, full birth date, leave reasons, the office's notes, the score. Workplace and post are
public because published deputy lists (代表名单) carry them.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from performance import queries, rules
from performance.models import Publication
from registry.models import Deputy
from registry.queries import public_congress

PUBLIC_FIELDS = (
    "name",
    "gender",
    "ethnicity",
    "party",
    "occupation",
    "workplace",
    "delegation_id",
    "constituency_id",
    "station_id",
    "status",
    "birth_date",
    "congress_id",
    "number",
)


def _publication(congress, raw: str | None) -> Publication | None:
    """?period=2026-3 picks a published period; otherwise the latest."""
    qs = Publication.objects.filter(congress=congress)
    if raw:
        year, _, quarter = raw.partition("-")
        if year.isdigit() and quarter.isdigit():
            chosen = qs.filter(year=int(year), quarter=int(quarter)).first()
            if chosen is not None:
                return chosen
    return qs.order_by("-year", "-quarter").first()


@require_GET
def deputy_list(request, code):
    congress = public_congress(code)
    deputies = queries.public_deputies(congress).only(
        *PUBLIC_FIELDS, "delegation__name", "delegation__kind", "station__name", "constituency__name"
    )
    return render(
        request,
        "performance/public/deputy_list.html",
        {
            "public_congress": congress,
            "deputies": deputies,
            "publication": queries.latest_publication(congress),
        },
    )


@require_GET
def deputy_detail(request, code, pk):
    congress = public_congress(code)
    deputy = get_object_or_404(
        queries.public_deputies(congress).only(
            *PUBLIC_FIELDS,
            "delegation__name",
            "delegation__kind",
            "station__name",
            "station__is_active",
            "constituency__name",
        ),
        pk=pk,
    )
    publication = _publication(congress, request.GET.get("period"))
    figures = publication.figures.get(str(deputy.pk)) if publication else None
    lines = [(label, unit, (figures or {}).get(key, 0)) for key, (label, unit, _s) in rules.ITEMS.items()]
    return render(
        request,
        "performance/public/deputy_detail.html",
        {
            "public_congress": congress,
            "deputy": deputy,
            "publication": publication,
            "figures": figures,
            "lines": lines,
            "birth_year": deputy.birth_date.year,
            "publications": Publication.objects.filter(congress=congress).only("year", "quarter"),
            "is_suspended": deputy.status == Deputy.Status.SUSPENDED,
        },
    )
