"""Read-only admin for superusers. Ballots and participations are deliberately not registered:
even a superuser browsing the admin gets no view that puts the two side by side."""

from django.contrib import admin

from elections.models import Candidate, Election, OfficeGroup, Round


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Election)
class ElectionAdmin(ReadOnly):
    list_display = ("title", "congress", "meeting", "status")


@admin.register(OfficeGroup)
class OfficeGroupAdmin(ReadOnly):
    list_display = ("post", "election", "seats", "status")


@admin.register(Candidate)
class CandidateAdmin(ReadOnly):
    list_display = ("name", "office_group", "order")


@admin.register(Round)
class RoundAdmin(ReadOnly):
    list_display = ("__str__", "status", "method", "ballots_issued", "ballots_returned")
    exclude = ("issued_to",)
