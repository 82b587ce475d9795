from django.contrib import admin

from meetings.models import AgendaItem, Attendance, CongressSession, Meeting, Vote


@admin.register(CongressSession)
class CongressSessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "congress", "starts_on", "ends_on"]
    list_filter = ["congress"]
    filter_horizontal = ["presidium"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "congress", "kind", "starts_at", "status", "body_size"]
    list_filter = ["congress", "kind", "status"]
    readonly_fields = ["status", "body_size", "opened_at", "closed_at"]
    inlines = [AgendaItemInline]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["meeting", "deputy", "status", "method", "signed_in_at"]
    list_filter = ["status"]
    readonly_fields = ["meeting", "deputy", "status", "method", "signed_in_at", "leave_reason"]


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    """Read-only: votes change only through meetings.workflow. Ballots are not in the admin at all."""

    list_display = ["title", "meeting", "secret", "method", "status", "yes", "no", "abstain", "passed"]
    list_filter = ["status", "secret", "method"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
