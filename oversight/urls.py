from django.urls import path

from oversight import views

app_name = "oversight"
urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/publish/", views.publish, name="publish"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/start/", views.start, name="start"),
    path("activities/<int:pk>/deliberate/", views.deliberate, name="deliberate"),
    path("activities/<int:pk>/conclude/", views.conclude, name="conclude"),
    path("activities/<int:pk>/participants/", views.participant_add, name="participant_add"),
    path(
        "activities/<int:pk>/participants/<int:participant_pk>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("activities/<int:pk>/documents/", views.document_add, name="document_add"),
    path(
        "activities/<int:pk>/deliberation-opinions/new/",
        views.deliberation_opinions_create,
        name="deliberation_opinions_create",
    ),
    path("deliberation-opinions/", views.deliberation_opinions_list, name="deliberation_opinions_list"),
    path(
        "deliberation-opinions/<int:pk>/",
        views.deliberation_opinions_detail,
        name="deliberation_opinions_detail",
    ),
    path(
        "deliberation-opinions/<int:pk>/letter.docx",
        views.deliberation_opinions_letter,
        name="deliberation_opinions_letter",
    ),
    path("deliberation-opinions/<int:pk>/approve/", views.approve, name="approve"),
    path("deliberation-opinions/<int:pk>/send/", views.send, name="send"),
    path("deliberation-opinions/<int:pk>/submit-report/", views.submit_report, name="submit_report"),
    path("deliberation-opinions/<int:pk>/send-back/", views.send_back, name="send_back"),
    path("deliberation-opinions/<int:pk>/review/", views.review, name="review"),
    path("deliberation-opinions/<int:pk>/close/", views.close, name="close"),
    path(
        "deliberation-opinions/<int:pk>/evaluations/new/", views.create_evaluation, name="create_evaluation"
    ),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/open/", views.open_evaluation, name="open_evaluation"),
    path("evaluations/<int:pk>/close/", views.close_evaluation, name="close_evaluation"),
    path("evaluations/<int:pk>/counts/", views.enter_evaluation_counts, name="enter_evaluation_counts"),
    path("evaluations/<int:pk>/paper-ballot/", views.issue_paper_ballot, name="issue_paper_ballot"),
    path("evaluations/<int:pk>/cast/", views.cast_evaluation, name="cast_evaluation"),
    path(
        "evaluations/<int:pk>/tellers.json",
        views.evaluation_teller_document,
        name="evaluation_teller_document",
    ),
    path(
        "evaluations/<int:pk>/decryption-share/",
        views.submit_decryption_share,
        name="submit_decryption_share",
    ),
    path("appointments/", views.appointment_list, name="appointment_list"),
    path("appointments/export.xlsx", views.appointment_export, name="appointment_export"),
    path("appointments/new/", views.appointment_create, name="appointment_create"),
    path("appointments/<int:pk>/", views.appointment_detail, name="appointment_detail"),
    path("appointments/<int:pk>/preliminary-review/", views.preliminary_review, name="preliminary_review"),
    path("appointments/<int:pk>/schedule/", views.schedule, name="schedule"),
    path("appointments/<int:pk>/put-to-vote/", views.put_to_vote, name="put_to_vote"),
    path("appointments/<int:pk>/record-result/", views.record_result, name="record_result"),
    path("appointments/<int:pk>/take-oath/", views.take_oath, name="take_oath"),
    path("appointments/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
