"""The one helper every write path calls to record what changed, by whom, from where.

    with transaction.atomic():
        before = audit.snapshot(deputy)
        ... change and save deputy ...
        audit.record(actor=user, action="update", obj=deputy, congress=deputy.congress,
                     changes=audit.diff(before, audit.snapshot(deputy)), request=request)

Entries form one chain per congress: each entry's code is an HMAC-SHA256, keyed with
settings.AUDIT_KEY (from the environment or a key file, never in the database), over its own
fields and the previous entry's code. Editing, deleting or reordering entries breaks the chain,
and without the key nobody can recompute it. The head of every chain is also written, signed,
to a checkpoint file outside the database (`renda audit_checkpoint`, daily, and after every
successful `renda audit_verify`), so deleting the last entries together with the chain head in
the database is detected as well. `renda audit_verify` reports all of these.

Long field values (a 2 MB suggestion body) are logged as their SHA-256, length and an excerpt.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import hmac
import ipaddress
import json
import logging
import logging.handlers
import uuid
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from core.models import AuditChainHead, AuditEntry

DEPLOYMENT_CHAIN = 0

# The request being served (set by core.middleware.RequestIdMiddleware), for writes that happen
# where no request is at hand, such as role assignments saved through /admin/.
_current_request: ContextVar = ContextVar("renda_current_request", default=None)


def current_request():
    return _current_request.get()


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


EXCERPT_CHARS = 200


def compact(value):
    """A JSON value as logged: whole when short, else its SHA-256, length and an excerpt."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str) and len(value) <= settings.AUDIT_FIELD_LIMIT:
        return value
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    if len(text) <= settings.AUDIT_FIELD_LIMIT:
        return value
    full = value if isinstance(value, str) else text
    return {
        "sha256": hashlib.sha256(full.encode()).hexdigest(),
        "length": len(full),
        "excerpt": full[:EXCERPT_CHARS],
    }


def compact_changes(changes: dict) -> dict:
    """Every value (or [old, new] pair member) of a change dict compacted."""
    result = {}
    for key, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            result[key] = [compact(value[0]), compact(value[1])]
        else:
            result[key] = compact(value)
    return result


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _is_trusted(address, proxies) -> bool:
    return any(address in network for network in _networks(tuple(proxies)))


def _parse_ip(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The visitor's address: X-Forwarded-For is honoured only from settings.TRUSTED_PROXIES.

    Walking X-Forwarded-For from the right, the first address that is not one of our proxies is
    the client; anything further left was written by the client and could be forged.
    """
    if request is None:
        return None
    remote = _parse_ip(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return None
    proxies = getattr(settings, "TRUSTED_PROXIES", ())
    if not proxies or not _is_trusted(remote, proxies):
        return str(remote)
    client = remote
    for item in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _parse_ip(item)
        if address is None:
            break
        client = address
        if not _is_trusted(address, proxies):
            break
    return str(client)


def _mac(text: str) -> str:
    return hmac.new(settings.AUDIT_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def entry_hash(entry: AuditEntry) -> str:
    """The entry's HMAC-SHA256 under the audit key (the key is never stored in the database)."""
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
    return _mac(text)


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
            actor_label=actor_label(actor)[:150],
            action=action[:64],
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr[:300],
            changes=compact_changes(to_json_value(changes or {})),
            note=note[:500],
            ip=client_ip(request),
            prev_hash=head.last_hash,
        )
        entry.hash = entry_hash(entry)
        entry.save()
        head.last_seq, head.last_hash = entry.seq, entry.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return entry


def record_many(items: list[dict], *, actor, congress=None, request=None) -> list[AuditEntry]:
    """Append many entries to one chain at once (an import of thousands of rows): one lock, one insert.

    Each item holds record()'s per-entry arguments: action, obj, changes, note, object_type,
    object_id, object_repr. The entries are the same as record() would write one by one.
    """
    if not items:
        return []
    congress_id = getattr(congress, "pk", congress)
    chain = congress_id or DEPLOYMENT_CHAIN
    now = timezone.now()
    common = {
        "chain": chain,
        "congress_id": congress_id,
        "created_at": now,
        "actor_id": actor.pk if getattr(actor, "is_authenticated", False) else None,
        "actor_label": actor_label(actor)[:150],
        "ip": client_ip(request),
    }
    with transaction.atomic():
        head, _ = AuditChainHead.objects.get_or_create(chain=chain)
        head = AuditChainHead.objects.select_for_update().get(pk=head.pk)
        entries, seq, prev = [], head.last_seq, head.last_hash
        for item in items:
            obj = item.get("obj")
            seq += 1
            entry = AuditEntry(
                **common,
                seq=seq,
                action=item["action"][:64],
                object_type=item.get("object_type") or (obj._meta.label_lower if obj is not None else ""),
                object_id=item.get("object_id") or (str(obj.pk) if obj is not None else ""),
                object_repr=(item.get("object_repr") or (str(obj) if obj is not None else ""))[:300],
                changes=compact_changes(to_json_value(item.get("changes") or {})),
                note=item.get("note", "")[:500],
                prev_hash=prev,
            )
            entry.hash = prev = entry_hash(entry)
            entries.append(entry)
        AuditEntry.objects.bulk_create(entries, batch_size=500)
        head.last_seq, head.last_hash = seq, prev
        head.save(update_fields=["last_seq", "last_hash"])
    return entries


def record_export(request, *, what: str, count: int | None = None, congress=None, note: str = "") -> None:
    """One entry for a bulk export of personal data (a ledger, a roster): who, what, how many rows.

    Every download path that hands out names, ID numbers or phones calls this once.
    """
    user = getattr(request, "user", None)
    congress = congress if congress is not None else getattr(request, "congress", None)
    detail = f"导出「{what}」" + (f"，共 {count} 条" if count is not None else "")
    record(
        actor=user,
        action="export",
        congress=congress,
        object_type="export",
        object_repr=what,
        changes={"rows": count} if count is not None else None,
        note=f"{detail}；{note}" if note else detail,
        request=request,
    )


def record_read(request, obj: models.Model, *, congress=None, what: str = "") -> None:
    """One entry for a view of one person's personal data (a deputy's ID number and phone)."""
    record(
        actor=getattr(request, "user", None),
        action="read_personal_data",
        obj=obj,
        congress=congress if congress is not None else getattr(request, "congress", None),
        note=what or "查看个人信息",
        request=request,
    )


# --- Checkpoints: each chain's head, signed, appended outside the database.

CHECKPOINT_FILE = "audit-checkpoints.log"
checkpoint_logger = logging.getLogger("renda.audit.checkpoint")


def checkpoint_path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR) / CHECKPOINT_FILE


def _checkpoint_text(chain: int, seq: int, last_hash: str, at: str) -> str:
    return f"checkpoint|{chain}|{seq}|{last_hash}|{at}"


def _syslog_handler():
    address = settings.AUDIT_SYSLOG_ADDRESS
    if not address:
        return None
    if ":" in address and not address.startswith("/"):
        host, _, port = address.rpartition(":")
        return logging.handlers.SysLogHandler(address=(host, int(port)))
    return logging.handlers.SysLogHandler(address=address)


def write_checkpoint() -> list[dict]:
    """Append the signed head of every chain to the checkpoint file (and syslog when configured)."""
    at = timezone.now().astimezone(dt.UTC).isoformat()
    lines = []
    for head in AuditChainHead.objects.order_by("chain"):
        line = {"chain": head.chain, "seq": head.last_seq, "hash": head.last_hash, "at": at}
        line["sig"] = _mac(_checkpoint_text(head.chain, head.last_seq, head.last_hash, at))
        lines.append(line)
    if not lines:
        return lines
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(line, sort_keys=True) + "\n" for line in lines)
    with open(path, "a", encoding="utf-8") as f:  # append only; never rewritten
        f.write(text)
        f.flush()
    handler = _syslog_handler()
    if handler is not None:
        try:
            for line in lines:
                handler.emit(
                    logging.LogRecord(
                        "renda.audit", logging.INFO, "", 0, "renda-audit " + json.dumps(line), None, None
                    )
                )
        finally:
            handler.close()
    return lines


def read_checkpoints() -> tuple[list[dict], list[str]]:
    """(valid checkpoints, problems) from the checkpoint file; a line with a bad signature is a problem."""
    path = checkpoint_path()
    if not path.exists():
        return [], []
    valid, problems = [], []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
            expected = _mac(_checkpoint_text(int(line["chain"]), int(line["seq"]), line["hash"], line["at"]))
            ok = hmac.compare_digest(expected, str(line["sig"]))
        except (ValueError, KeyError, TypeError):
            ok = False
        if ok:
            valid.append(line)
        else:
            problems.append(f"检查点文件第 {number} 行签名无效（被改动或伪造）")
    return valid, problems


def signature_fingerprint(checkpoint: dict) -> str:
    """A checkpoint's signature as printed (the annual report's appendix, the auditor's page): its first
    16 hex digits in groups of four, enough to compare by eye with the line in the checkpoint file."""
    sig = str(checkpoint.get("sig", ""))[:16]
    return " ".join(sig[i : i + 4] for i in range(0, len(sig), 4))


def checkpoints_of(chain: int, start: dt.date, end: dt.date) -> list[dict]:
    """The valid signed checkpoints of one chain written from ``start`` to ``end`` (local dates), oldest
    first; a checkpoint that repeats the previous one's head is left out."""
    found, last = [], None
    for line in read_checkpoints()[0]:
        if int(line["chain"]) != chain:
            continue
        at = dt.datetime.fromisoformat(line["at"])
        if not start <= timezone.localtime(at).date() <= end or (line["seq"], line["hash"]) == last:
            continue
        last = (line["seq"], line["hash"])
        found.append({**line, "at": at, "fingerprint": signature_fingerprint(line)})
    return found


@dataclass(frozen=True)
class ChainProblem:
    chain: int
    seq: int
    entry_id: int | None
    message: str


def verify_chain() -> list[ChainProblem]:
    """Recompute every chain and compare it with the signed checkpoints; return the problems found."""
    problems: list[ChainProblem] = []
    heads = {h.chain: h for h in AuditChainHead.objects.all()}
    checkpoints, checkpoint_problems = read_checkpoints()
    problems += [ChainProblem(0, 0, None, message) for message in checkpoint_problems]
    expected_at: dict[int, dict[int, str]] = {}
    for line in checkpoints:
        if int(line["seq"]) > 0:
            expected_at.setdefault(int(line["chain"]), {})[int(line["seq"])] = line["hash"]
    chains = (
        set(heads) | set(expected_at) | set(AuditEntry.objects.values_list("chain", flat=True).distinct())
    )
    for chain in sorted(chains):
        prev_hash, expected_seq = "", 1
        seen: dict[int, str] = {}
        wanted = expected_at.get(chain, {})
        for entry in AuditEntry.objects.filter(chain=chain).order_by("seq").iterator(chunk_size=2000):
            if entry.seq != expected_seq:
                problems.append(ChainProblem(chain, expected_seq, None, f"第 {expected_seq} 条记录缺失"))
                expected_seq = entry.seq
            if entry.prev_hash != prev_hash:
                problems.append(ChainProblem(chain, entry.seq, entry.pk, "与前一条记录的链接不符"))
            if not hmac.compare_digest(entry_hash(entry), entry.hash):
                problems.append(
                    ChainProblem(
                        chain, entry.seq, entry.pk, "内容与校验码不符（记录被改动、调换或无密钥重算）"
                    )
                )
            if entry.seq in wanted:
                seen[entry.seq] = entry.hash
            prev_hash, expected_seq = entry.hash, entry.seq + 1
        head = heads.get(chain)
        if head and (head.last_seq != expected_seq - 1 or head.last_hash != prev_hash):
            problems.append(
                ChainProblem(chain, expected_seq, None, "链尾与最后一条记录不符（末尾记录被删除）")
            )
        for seq in sorted(wanted):
            if seen.get(seq) != wanted[seq]:
                what = "缺失" if seq not in seen else "与检查点不符"
                problems.append(
                    ChainProblem(
                        chain,
                        seq,
                        None,
                        f"检查点记录本链已有第 {seq} 条，数据库中该条{what}（记录连同链尾被删除或改写）",
                    )
                )
    return problems
