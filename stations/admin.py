from django.contrib import admin

from stations.models import Activity, Message, Reception, ReceptionIssue


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["tracking_code", "station", "topic", "status", "outcome", "created_at"]
    list_filter = ["congress", "status", "outcome", "topic"]
    search_fields = ["tracking_code", "content"]
    raw_id_fields = ["station", "deputy", "handler", "unit", "reception", "subdistrict", "community"]
    # Status changes only through stations.workflow.
    readonly_fields = ["status", "tracking_code", "content_digest"]


class IssueInline(admin.TabularInline):
    model = ReceptionIssue
    extra = 0
    raw_id_fields = ["message"]


@admin.register(Reception)
class ReceptionAdmin(admin.ModelAdmin):
    list_display = ["station", "date", "starts_at", "status", "visitors"]
    list_filter = ["congress", "status"]
    raw_id_fields = ["station", "deputies"]
    readonly_fields = ["status"]
    inlines = [IssueInline]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "station", "kind", "date"]
    list_filter = ["congress", "kind"]
    raw_id_fields = ["station", "deputies"]
