"""The one helper every write path calls to record what changed, by whom, from where.

    with transaction.atomic():
        before = audit.snapshot(deputy)
        ... change and save deputy ...
        audit.record(actor=user, action="update", obj=deputy, congress=deputy.congress,
                     changes=audit.diff(before, audit.snapshot(deputy)), request=request)

Entries form one hash chain per congress: each entry's hash covers its own fields and the
previous entry's hash, so editing or deleting any entry breaks every hash after it, which
`renda audit_verify` reports.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from core.models import AuditChainHead, AuditEntry

DEPLOYMENT_CHAIN = 0


def to_json_value(value):
    """A field value as JSON: dates as ISO strings, decimals as strings, files by name, models by pk."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):  # an empty file field has no url; its name says it all
        return value.name or ""
    if isinstance(value, (list, tuple)):
        return [to_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json_value(v) for k, v in value.items()}
    return str(value)


# Never copied into the log: secrets and hashes.
SECRET_FIELDS = {"password"}


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """The object's concrete field values as JSON (foreign keys by id)."""
    result = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in SECRET_FIELDS:
            continue
        result[field.attname] = to_json_value(getattr(obj, field.attname))
    return result


def diff(before: dict, after: dict) -> dict:
    """{field: [old, new]} for every field whose value differs."""
    keys = sorted(set(before) | set(after))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def entry_hash(entry: AuditEntry) -> str:
    payload = {
        "chain": entry.chain,
        "seq": entry.seq,
        "congress_id": entry.congress_id,
        "created_at": entry.created_at.astimezone(dt.UTC).isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "changes": entry.changes,
        "note": entry.note,
        "ip": entry.ip,
        "prev_hash": entry.prev_hash,
    }
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def actor_label(actor) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "系统" if actor is None else "访客"
    return getattr(actor, "full_name", "") or actor.get_username()


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    congress=None,
    changes: dict | None = None,
    note: str = "",
    request=None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEntry:
    """Append one entry to the congress's chain (inside the caller's transaction)."""
    congress_id = getattr(congress, "pk", congress)
    chain = congress_id or DEPLOYMENT_CHAIN
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    with transaction.atomic():
        head, _ = AuditChainHead.objects.get_or_create(chain=chain)
        head = AuditChainHead.objects.select_for_update().get(pk=head.pk)
        entry = AuditEntry(
            chain=chain,
            seq=head.last_seq + 1,
            congress_id=congress_id,
            created_at=timezone.now(),
            actor_id=actor.pk if getattr(actor, "is_authenticated", False) else None,
            actor_label=actor_label(actor),
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr,
            changes=to_json_value(changes or {}),
            note=note[:500],
            ip=client_ip(request),
            prev_hash=head.last_hash,
        )
        entry.hash = entry_hash(entry)
        entry.save()
        head.last_seq, head.last_hash = entry.seq, entry.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return entry


@dataclass(frozen=True)
class ChainProblem:
    chain: int
    seq: int
    entry_id: int | None
    message: str


def verify_chain() -> list[ChainProblem]:
    """Recompute every chain; return the problems found (empty when the log is intact)."""
    problems: list[ChainProblem] = []
    heads = {h.chain: h for h in AuditChainHead.objects.all()}
    chains = set(heads) | set(AuditEntry.objects.values_list("chain", flat=True).distinct())
    for chain in sorted(chains):
        prev_hash, expected_seq = "", 1
        for entry in AuditEntry.objects.filter(chain=chain).order_by("seq").iterator(chunk_size=2000):
            if entry.seq != expected_seq:
                problems.append(ChainProblem(chain, expected_seq, None, f"第 {expected_seq} 条记录缺失"))
                expected_seq = entry.seq
            if entry.prev_hash != prev_hash:
                problems.append(ChainProblem(chain, entry.seq, entry.pk, "与前一条记录的链接不符"))
            if entry_hash(entry) != entry.hash:
                problems.append(ChainProblem(chain, entry.seq, entry.pk, "内容与哈希不符（记录被改动）"))
            prev_hash, expected_seq = entry.hash, entry.seq + 1
        head = heads.get(chain)
        if head and (head.last_seq != expected_seq - 1 or head.last_hash != prev_hash):
            problems.append(
                ChainProblem(chain, expected_seq, None, "链尾与最后一条记录不符（末尾记录被删除）")
            )
    return problems
