"""The site's own pages: the role-based home page, a congress's public front page, the audit log."""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET

from accounts.permissions import auditor_required
from core import audit, dates, downloads, spreadsheets
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


def _filtered_entries(request):
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
    return entries, start, end


@require_GET
@auditor_required
def audit_list(request):
    """The congress's audit log, newest first, filterable by person, action, object and dates (安全审计员)."""
    entries, start, end = _filtered_entries(request)
    scope = AuditEntry.objects.filter(congress_id=request.congress.pk)
    page = Paginator(entries.order_by("-seq"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/audit_list.html",
        {
            "page": page,
            "actions": scope.order_by("action").values_list("action", flat=True).distinct(),
            "object_types": scope.order_by("object_type").values_list("object_type", flat=True).distinct(),
            "start": start,
            "end": end,
            "query": request.GET.urlencode(),
        },
    )


AUDIT_EXPORT_LIMIT = 100_000
AUDIT_HEADERS = [
    ("序号", 8),
    ("时间", 20),
    ("操作人", 14),
    ("操作", 18),
    ("对象类型", 18),
    ("对象编号", 10),
    ("对象", 30),
    ("变更", 50),
    ("说明", 40),
    ("IP", 16),
    ("校验码", 66),
]


@require_GET
@auditor_required
def audit_export(request):
    """The filtered log as a workbook (itself an audited export), oldest first, with each entry's code."""
    entries, _start, _end = _filtered_entries(request)
    entries = list(entries.order_by("seq")[:AUDIT_EXPORT_LIMIT])
    rows = (
        [
            e.seq,
            e.created_at,
            e.actor_label,
            e.action,
            e.object_type,
            e.object_id,
            e.object_repr,
            json.dumps(e.changes, ensure_ascii=False) if e.changes else "",
            e.note,
            e.ip or "",
            e.hash,
        ]
        for e in entries
    )
    content = spreadsheets.table_bytes("审计日志", AUDIT_HEADERS, rows)
    day = dates.today().isoformat()
    return downloads.export(
        request, content, f"审计日志-{day}.xlsx", f"audit-{day}.xlsx", what="审计日志", rows=len(entries)
    )


@require_GET
@auditor_required
def audit_checkpoints(request):
    """The signed checkpoints of this congress's chain and a fresh verification of it; writes nothing but
    the auditor's own entry."""
    chain = request.congress.pk
    checkpoints, file_problems = audit.read_checkpoints()
    mine = [c for c in checkpoints if int(c["chain"]) == chain]
    rows = [
        (dt.datetime.fromisoformat(c["at"]), c["seq"], c["hash"], audit.signature_fingerprint(c))
        for c in reversed(mine[-200:])
    ]
    verified = request.GET.get("verify") == "1"
    problems: list[str] = []
    if verified:
        problems = file_problems + [
            f"第 {p.seq} 条：{p.message}" for p in audit.verify_chain() if p.chain == chain
        ]
        with transaction.atomic():
            audit.record(
                actor=request.user,
                action="verify_audit",
                congress=request.congress,
                object_type="audit",
                object_repr="审计日志校验",
                note="校验通过" if not problems else f"发现 {len(problems)} 处问题",
                request=request,
            )
    return render(
        request,
        "portal/audit_checkpoints.html",
        {"rows": rows, "verified": verified, "problems": problems, "file_problems": file_problems},
    )
