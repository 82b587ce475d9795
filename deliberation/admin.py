from django.contrib import admin

from deliberation.models import DeliberationOpinion, DiscussionGroup, GroupMembership, Speech


class MembershipInline(admin.TabularInline):
    model = GroupMembership
    extra = 0
    raw_id_fields = ["deputy"]


@admin.register(DiscussionGroup)
class DiscussionGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "meeting", "convenor", "status"]
    list_filter = ["congress", "status"]
    readonly_fields = ["status"]
    inlines = [MembershipInline]


@admin.register(Speech)
class SpeechAdmin(admin.ModelAdmin):
    list_display = ["deputy", "group", "agenda_item", "created_at"]
    list_filter = ["congress"]
    raw_id_fields = ["deputy", "agenda_item", "group"]


@admin.register(DeliberationOpinion)
class DeliberationOpinionAdmin(admin.ModelAdmin):
    list_display = ["agenda_item", "updated_by", "updated_at"]
    list_filter = ["congress"]
