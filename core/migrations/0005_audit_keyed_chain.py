"""Re-seal the audit log under the audit key (HMAC-SHA256) instead of a plain SHA-256.

Each chain is recomputed in order as long as its plain hashes still verify; from the first entry
that does not, the entries are left as they are, so `audit_verify` keeps reporting them.
"""

import datetime as dt
import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations


def payload_text(entry, prev_hash):
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
        "prev_hash": prev_hash,
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def reseal(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    key = settings.AUDIT_KEY.encode()
    for head in AuditChainHead.objects.all():
        old_prev, new_prev, expected_seq, intact = "", "", 1, True
        for entry in AuditEntry.objects.filter(chain=head.chain).order_by("seq").iterator(chunk_size=2000):
            plain = hashlib.sha256(payload_text(entry, old_prev).encode()).hexdigest()
            if entry.seq != expected_seq or entry.prev_hash != old_prev or plain != entry.hash:
                intact = False
                break
            new_hash = hmac.new(key, payload_text(entry, new_prev).encode(), hashlib.sha256).hexdigest()
            AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=new_prev, hash=new_hash)
            old_prev, new_prev, expected_seq = entry.hash, new_hash, entry.seq + 1
        if intact and head.last_seq == expected_seq - 1 and head.last_hash == old_prev:
            AuditChainHead.objects.filter(pk=head.pk).update(last_hash=new_prev)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_remindersent")]

    operations = [migrations.RunPython(reseal, migrations.RunPython.noop)]
