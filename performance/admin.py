from django.contrib import admin

from performance.models import PerformanceEntry, Publication


@admin.register(PerformanceEntry)
class PerformanceEntryAdmin(admin.ModelAdmin):
    list_display = ("deputy", "kind", "date", "title", "congress")
    list_filter = ("congress", "kind")
    search_fields = ("deputy__name", "title")
    raw_id_fields = ("deputy", "recorded_by")
    date_hierarchy = "date"


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """Published figures are frozen by performance.workflow.publish; the admin only shows them."""

    list_display = ("congress", "year", "quarter", "published_at", "published_by")
    list_filter = ("congress", "year")
    readonly_fields = ("congress", "year", "quarter", "figures", "published_at", "published_by")

    def has_add_permission(self, request):
        return False
