"""The admin site: superusers only, workflow statuses read-only, every write in the audit log.

Every ModelAdmin registered on the site (each app's admin.py, and Django's own for groups) is
wrapped in AuditedAdmin by RendaAdminSite.register, so no admin.py can forget it:

- a field named `status` is shown, never edited: only the app's workflow.py changes a status
  (STYLE.md), with its checks, history row and notifications;
- each add, change and delete — of the object, of the rows of its inlines (e.g. a user's role
  grants), by the bulk delete action, and the password form — appends one core.audit entry with
  the acting superuser, the field changes and the IP, in the admin's own transaction.
"""

from __future__ import annotations

import json

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.admin.options import BaseModelAdmin
from django.db import models, transaction

from core import audit

STATUS_FIELD = "status"


def status_fields(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if f.name == STATUS_FIELD]


def _stored_snapshot(obj: models.Model) -> dict:
    """The row as it is in the database now (the form has already changed the instance)."""
    if obj.pk is None:
        return {}
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()
    return audit.snapshot(stored) if stored is not None else {}


def _record(request, action: str, obj: models.Model, changes: dict | None = None, note: str = "") -> None:
    request.renda_admin_audited = True
    audit.record(
        actor=request.user,
        action=action,
        obj=obj,
        congress=getattr(obj, "congress_id", None),
        changes=changes,
        note=note or "系统管理后台",
        request=request,
    )


class StatusReadOnly(BaseModelAdmin):
    """Mixed into every admin and inline of the site: the status field is shown, not edited."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [f for f in status_fields(self.model) if f not in fields]


class AuditedAdmin(StatusReadOnly, admin.ModelAdmin):
    """Mixed into every registered ModelAdmin by RendaAdminSite.register."""

    def save_model(self, request, obj, form, change):
        before = _stored_snapshot(obj) if change else {}
        super().save_model(request, obj, form, change)
        changes = audit.diff(before, audit.snapshot(obj))
        if change and not changes:
            request.renda_admin_audited = True  # saved unchanged: nothing to record
            return
        _record(request, "admin_change" if change else "admin_add", obj, changes)

    def save_formset(self, request, form, formset, change):
        before = {
            f.instance.pk: _stored_snapshot(f.instance)
            for f in formset.initial_forms
            if f.instance.pk is not None
        }
        super().save_formset(request, form, formset, change)
        for obj in formset.deleted_objects:
            _record(request, "admin_delete", obj, audit.diff(before.get(obj.pk, {}), {}))
        for obj, _fields in formset.changed_objects:
            _record(request, "admin_change", obj, audit.diff(before.get(obj.pk, {}), audit.snapshot(obj)))
        for obj in formset.new_objects:
            _record(request, "admin_add", obj, audit.diff({}, audit.snapshot(obj)))

    def delete_model(self, request, obj):
        before = audit.snapshot(obj)
        with transaction.atomic():
            # Recorded first: the entry names the object while it still has its primary key.
            _record(request, "admin_delete", obj, audit.diff(before, {}))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                _record(request, "admin_delete", obj, audit.diff(audit.snapshot(obj), {}))
            super().delete_queryset(request, queryset)

    def log_change(self, request, obj, message):
        """Writes that bypass save_model (the user password form) still reach the audit log."""
        entry = super().log_change(request, obj, message)
        if not getattr(request, "renda_admin_audited", False):
            text = LogEntry(change_message=message if isinstance(message, str) else json.dumps(message))
            _record(request, "admin_change", obj, note=f"系统管理后台：{text.get_change_message()}")
        return entry


class RendaAdminSite(admin.AdminSite):
    """Django admin is for superusers only; everyone else works in renda's own pages."""

    site_header = "renda 系统管理"
    site_title = "renda 系统管理"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedAdmin):
            admin_class = _mixed(AuditedAdmin, admin_class)
            admin_class.inlines = [
                inline if issubclass(inline, StatusReadOnly) else _mixed(StatusReadOnly, inline)
                for inline in admin_class.inlines
            ]
        super().register(model_or_iterable, admin_class, **options)


def _mixed(mixin: type, cls: type) -> type:
    return type(cls.__name__, (mixin, cls), {"__module__": cls.__module__, "__doc__": cls.__doc__})
