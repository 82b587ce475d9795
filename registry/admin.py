"""Django admin (superusers only): congresses are set up here; tenant records are read-only.

Terms, deputies, stations and the rest are changed in renda's own pages, which check the
congress, validate, and write the audit log; the admin would bypass all three.
"""

from django.contrib import admin
from django.db import transaction

from core import audit
from registry.models import (
    CommitteeMembership,
    Community,
    Congress,
    Constituency,
    Delegation,
    Deputy,
    Station,
    Subdistrict,
    Term,
    Unit,
)


@admin.register(Congress)
class CongressAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region", "level"]
    search_fields = ["name", "code", "region"]

    def save_model(self, request, obj, form, change):
        before = audit.snapshot(Congress.objects.get(pk=obj.pk)) if change else {}
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit.record(
                actor=request.user,
                action="update" if change else "create",
                obj=obj,
                congress=obj,
                changes=audit.diff(before, audit.snapshot(obj)),
                request=request,
            )

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    list_filter = ["congress"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Term)
class TermAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "congress", "starts_on", "ends_on"]


@admin.register(Deputy)
class DeputyAdmin(ReadOnlyAdmin):
    list_display = ["number", "name", "congress", "term", "status"]
    list_filter = ["congress", "status"]
    search_fields = ["name", "number"]
    exclude = ["id_number", "phone"]


@admin.register(CommitteeMembership)
class CommitteeMembershipAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "congress", "term", "starts_on", "ends_on"]
    list_select_related = ["deputy"]


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["name", "congress", "kind", "is_active"]
    search_fields = ["name"]


@admin.register(Station)
class StationAdmin(ReadOnlyAdmin):
    list_display = ["name", "congress", "level", "subdistrict", "is_active"]
    search_fields = ["name"]


@admin.register(Subdistrict)
class SubdistrictAdmin(ReadOnlyAdmin):
    list_display = ["name", "congress", "kind"]


@admin.register(Community)
class CommunityAdmin(ReadOnlyAdmin):
    list_display = ["name", "subdistrict", "congress"]


@admin.register(Delegation)
class DelegationAdmin(ReadOnlyAdmin):
    list_display = ["name", "congress", "kind"]


@admin.register(Constituency)
class ConstituencyAdmin(ReadOnlyAdmin):
    list_display = ["name", "congress", "subdistrict"]
