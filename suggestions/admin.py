from django.contrib import admin

from suggestions.models import Assignment, Feedback, LetterTemplate, Reply, Suggestion


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    readonly_fields = [f.name for f in Assignment._meta.fields]
    can_delete = False


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    """Read-only: every change goes through suggestions.workflow (audited)."""

    list_display = ["year", "number", "title", "lead_deputy", "status", "congress"]
    list_filter = ["congress", "year", "status", "kind"]
    search_fields = ["title"]
    inlines = [AssignmentInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(LetterTemplate)
for model in (Reply, Feedback):
    admin.site.register(model, list_display=["suggestion", "round", "__str__"])
