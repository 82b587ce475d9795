from django.urls import path

from stations import views

app_name = "stations"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("messages/<int:pk>/", views.message_detail, name="message_detail"),
    path("messages/<int:pk>/photo/", views.message_photo, name="message_photo"),
    # One URL per verb of workflow.TRANSITIONS (rate is the citizen's, on the public tracking page).
    *[
        path(f"messages/<int:pk>/{verb.replace('_', '-')}/", views.message_action, {"verb": verb}, name=verb)
        for verb in (
            "assign",
            "answer_on_spot",
            "hand_to_subdistrict",
            "forward_to_office",
            "refer",
            "send_back",
            "reply",
            "convert_to_suggestion",
            "decline",
        )
    ],
    path("stations/", views.station_list, name="station_list"),
    path("stations/<int:pk>/", views.station_detail, name="station_detail"),
    path("stations/<int:pk>/poster.docx", views.station_poster, name="station_poster"),
    path("stations/<int:pk>/receptions/new/", views.schedule, name="schedule"),
    path("stations/<int:pk>/activities/new/", views.register_activity, name="register_activity"),
    path("deputies/<int:pk>/poster.docx", views.deputy_poster, name="deputy_poster"),
    path("receptions/<int:pk>/", views.reception_detail, name="reception_detail"),
    path("receptions/<int:pk>/record/", views.record, name="record"),
    path("receptions/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("issues/<int:pk>/file-as-message/", views.file_as_message, name="file_as_message"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics.xlsx", views.statistics_export, name="statistics_export"),
]
