"""Role grants and revocations are audited however they are written (renda's pages, /admin/, a shell).

Receivers, because RoleAssignment rows are also written by Django's admin, which calls no
renda workflow; the acting user and address come from the request being served, if any.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save

from accounts.models import RoleAssignment
from core import audit

FIELDS = ["user", "congress", "role", "unit", "station", "is_active"]


def _record(assignment: RoleAssignment, action: str, changes: dict) -> None:
    request = audit.current_request()
    audit.record(
        actor=getattr(request, "user", None),
        action=action,
        obj=assignment,
        congress=assignment.congress_id,
        changes=changes,
        object_repr=_repr(assignment),
        request=request,
    )


def _repr(assignment: RoleAssignment) -> str:
    return f"{assignment.user} · {assignment}"[:300]


def grant_entry(assignment: RoleAssignment) -> dict:
    """The audit item (core.audit.record_many) of a new grant written with bulk_create, which sends
    no signal: the same entry after_save would have recorded."""
    return {
        "action": "grant_role",
        "obj": assignment,
        "changes": audit.diff({}, audit.snapshot(assignment, FIELDS)),
        "object_repr": _repr(assignment),
    }


def remember_before(sender, instance: RoleAssignment, raw=False, **kwargs):
    instance._audit_before = None
    if instance.pk and not raw:
        old = RoleAssignment.objects.filter(pk=instance.pk).first()
        instance._audit_before = audit.snapshot(old, FIELDS) if old else None


def after_save(sender, instance: RoleAssignment, created: bool, raw=False, **kwargs):
    if raw:
        return
    after = audit.snapshot(instance, FIELDS)
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        _record(instance, "grant_role" if instance.is_active else "update_role", audit.diff({}, after))
        return
    changes = audit.diff(before, after)
    if not changes:
        return
    if "is_active" in changes:
        action = "grant_role" if instance.is_active else "revoke_role"
    else:
        action = "update_role"
    _record(instance, action, changes)


def after_delete(sender, instance: RoleAssignment, **kwargs):
    _record(instance, "revoke_role", audit.diff(audit.snapshot(instance, FIELDS), {}))


def connect() -> None:
    pre_save.connect(remember_before, sender=RoleAssignment, dispatch_uid="audit_role_before")
    post_save.connect(after_save, sender=RoleAssignment, dispatch_uid="audit_role_save")
    post_delete.connect(after_delete, sender=RoleAssignment, dispatch_uid="audit_role_delete")
