from django.contrib import admin

from projects.models import Call, Evaluation, Project, ProjectBallot, Proposal


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "congress", "year", "status"]
    list_filter = ["congress", "status"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["tracking_code", "title", "call", "channel", "status", "created_at"]
    list_filter = ["status", "channel", "category"]
    search_fields = ["tracking_code", "title"]
    # Status changes go through the projects.workflow_* modules, never through the admin.
    readonly_fields = ["status", "fingerprint", "merged_into"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "call", "number", "lead_unit", "status", "votes", "grade"]
    list_filter = ["status", "call"]
    readonly_fields = ["status", "votes", "grade", "satisfaction_rate", "evaluation_counts"]


@admin.register(ProjectBallot)
class ProjectBallotAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "status"]
    readonly_fields = ["status", "result", "candidates", "settings", "issued_to"]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "status"]
    readonly_fields = ["status", "result", "counts", "items", "settings", "issued_to"]
