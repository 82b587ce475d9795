"""The site's own pages: the role-based home page, a congress's public front page, the audit log."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET

from accounts.permissions import staff_required
from core.home import Todo
from core.models import AuditEntry
from registry.queries import public_congress


def todos_for(request) -> list[Todo]:
    """Ask every provider named in settings.HOME_TODO_PROVIDERS, in order."""
    items: list[Todo] = []
    for path in settings.HOME_TODO_PROVIDERS:
        items.extend(import_string(path)(request))
    return items


@login_required
def home(request):
    return render(request, "portal/home.html", {"todos": todos_for(request)})


def public_home(request, code):
    """A congress's public front page: the sections the public can follow, no login."""
    congress = public_congress(code)
    sections = []
    for path in settings.PUBLIC_SECTION_PROVIDERS:
        sections.extend(import_string(path)(congress))
    return render(request, "portal/public_home.html", {"public_congress": congress, "sections": sections})


def parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@require_GET
@staff_required
def audit_list(request):
    """The congress's audit log, newest first, filterable by person, action, object and dates."""
    entries = AuditEntry.objects.filter(congress_id=request.congress.pk)
    q = request.GET
    if q.get("actor"):
        entries = entries.filter(actor_label__icontains=q["actor"].strip())
    if q.get("action"):
        entries = entries.filter(action=q["action"])
    if q.get("object_type"):
        entries = entries.filter(object_type=q["object_type"])
    if q.get("object"):
        entries = entries.filter(object_repr__icontains=q["object"].strip())
    start, end = parse_date(q.get("start")), parse_date(q.get("end"))
    if start:
        entries = entries.filter(created_at__date__gte=start)
    if end:
        entries = entries.filter(created_at__date__lte=end)
    scope = AuditEntry.objects.filter(congress_id=request.congress.pk)
    page = Paginator(entries.order_by("-seq"), 50).get_page(q.get("page"))
    return render(
        request,
        "portal/audit_list.html",
        {
            "page": page,
            "actions": scope.order_by("action").values_list("action", flat=True).distinct(),
            "object_types": scope.order_by("object_type").values_list("object_type", flat=True).distinct(),
            "start": start,
            "end": end,
        },
    )
