"""Every write of the performance app: atomic, a keyword-only acting user, one audit row each.

There is no lifecycle here (no status): entries are recorded or deleted, the scoring table is
edited, a period's figures are published. Scores are never stored; see performance.queries.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from core import audit, congress_settings
from performance import queries, rules
from performance.models import PerformanceEntry, Publication
from registry.models import Congress, Deputy


def _entry_snapshot(entry: PerformanceEntry) -> dict:
    return audit.snapshot(entry, ["deputy", "kind", "date", "title", "note", "evidence"])


@transaction.atomic
def record_entry(deputy: Deputy, data: dict, *, actor, request=None) -> PerformanceEntry:
    entry = PerformanceEntry.objects.create(
        congress=deputy.congress, deputy=deputy, recorded_by=actor, **data
    )
    audit.record(
        actor=actor,
        action="record_entry",
        obj=entry,
        congress=deputy.congress,
        changes=audit.diff({}, _entry_snapshot(entry)),
        request=request,
    )
    return entry


@transaction.atomic
def delete_entry(entry: PerformanceEntry, *, actor, request=None) -> None:
    before = _entry_snapshot(entry)
    audit.record(
        actor=actor,
        action="delete_entry",
        obj=entry,
        congress=entry.congress,
        changes=audit.diff(before, {}),
        request=request,
    )
    evidence = entry.evidence.name
    entry.delete()
    if evidence:
        storage = PerformanceEntry._meta.get_field("evidence").storage
        transaction.on_commit(lambda: storage.delete(evidence))


@transaction.atomic
def edit_scoring(congress: Congress, table: rules.Table, *, actor, request=None) -> rules.Table:
    """Store the congress's scoring table under a new version; scores change on the next read.

    The congress row is locked so two staff saving at once cannot lose each other's version,
    and only settings["performance"] is replaced, never another app's settings.
    """
    locked = Congress.objects.select_for_update().get(pk=congress.pk)
    before = congress_settings.stored(locked, "performance") or rules.table_to_settings(
        rules.table_from_settings(None)
    )
    current = rules.table_from_settings(before)
    saved = rules.Table(
        base=table.base,
        good_min=table.good_min,
        fair_min=table.fair_min,
        items=table.items,
        version=current.version + 1,
    )
    after = rules.table_to_settings(saved)
    congress_settings.put(locked, "performance", after)
    locked.save(update_fields=["settings"])
    congress.settings = locked.settings
    audit.record(
        actor=actor,
        action="edit_scoring",
        obj=locked,
        congress=locked,
        changes=_flat_diff(before, after),
        request=request,
        note=f"履职积分评分标准第{saved.version}版",
    )
    return saved


def _flat_diff(before: dict, after: dict) -> dict:
    def flat(d):
        out = {k: v for k, v in d.items() if k != "items"}
        for key, item in (d.get("items") or {}).items():
            out[f"{key}.points"] = item.get("points")
            out[f"{key}.cap"] = item.get("cap")
        return out

    return audit.diff(flat(before), flat(after))


@transaction.atomic
def publish(congress: Congress, year: int, quarter: int, *, actor, request=None) -> Publication:
    """Freeze the public figures of 1 January to the end of the quarter (DOMAIN §8 quarterly publication)."""
    figures = queries.figures(congress, year, quarter)
    publication = (
        Publication.objects.select_for_update().filter(congress=congress, year=year, quarter=quarter).first()
    )
    action = "publish" if publication is None else "republish"
    if publication is None:
        publication = Publication(congress=congress, year=year, quarter=quarter)
    publication.figures = figures
    publication.published_at = timezone.now()
    publication.published_by = actor
    publication.save()
    audit.record(
        actor=actor,
        action=action,
        obj=publication,
        congress=congress,
        request=request,
        note=f"公开{publication.period_label}代表履职情况（{len(figures)}名代表）",
    )
    return publication
