from django.contrib import admin

from oversight.models import (
    Activity,
    ActivityDocument,
    Appointment,
    DeliberationOpinions,
    Evaluation,
    HandlingReport,
    Participant,
    SupervisionPlan,
)


class ReadOnlyStatus(admin.ModelAdmin):
    """Status changes only through oversight.workflow (audit rows, locks); admin shows them read-only."""

    readonly_fields = ("status",)


@admin.register(SupervisionPlan)
class SupervisionPlanAdmin(ReadOnlyStatus):
    list_display = ("title", "year", "status", "congress")
    list_filter = ("congress", "status")


class ParticipantInline(admin.TabularInline):
    model = Participant
    raw_id_fields = ("deputy",)
    extra = 0


class DocumentInline(admin.TabularInline):
    model = ActivityDocument
    extra = 0


@admin.register(Activity)
class ActivityAdmin(ReadOnlyStatus):
    list_display = ("title", "kind", "unit", "starts_on", "status", "congress")
    list_filter = ("congress", "kind", "status")
    search_fields = ("title",)
    raw_id_fields = ("meeting",)
    inlines = [ParticipantInline, DocumentInline]


class HandlingReportInline(admin.StackedInline):
    model = HandlingReport
    extra = 0


@admin.register(DeliberationOpinions)
class DeliberationOpinionsAdmin(ReadOnlyStatus):
    list_display = ("title", "unit", "sent_on", "due_on", "status", "congress")
    list_filter = ("congress", "status")
    search_fields = ("title",)
    inlines = [HandlingReportInline]


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyStatus):
    list_display = ("opinions", "meeting", "status", "grade")
    list_filter = ("congress", "status")
    raw_id_fields = ("opinions", "meeting")


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyStatus):
    list_display = ("person_name", "kind", "post", "requesting_unit", "received_on", "status", "congress")
    list_filter = ("congress", "kind", "status")
    search_fields = ("person_name", "post")
    raw_id_fields = ("meeting", "vote")
