from django.urls import path

from meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/open/", views.open_meeting, name="open_meeting"),
    path("<int:pk>/close/", views.close_meeting, name="close_meeting"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/agenda/", views.agenda_item_create, name="agenda_item_create"),
    path("<int:pk>/agenda/<int:item_pk>/delete/", views.delete_agenda_item, name="delete_agenda_item"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/attendance/<int:attendance_pk>/sign-in/", views.sign_in, name="sign_in"),
    path("<int:pk>/attendance/<int:attendance_pk>/leave/", views.mark_on_leave, name="mark_on_leave"),
    path(
        "<int:pk>/attendance/<int:attendance_pk>/nonvoting/",
        views.mark_attending_nonvoting,
        name="mark_attending_nonvoting",
    ),
    path("<int:pk>/sign-in/qr/", views.sign_in_qr, name="sign_in_qr"),
    path("<int:pk>/votes/new/", views.vote_create, name="vote_create"),
    path("<int:pk>/screen/", views.screen, name="screen"),
    path("<int:pk>/screen/state.json", views.screen_state, name="screen_state"),
    path("<int:pk>/screen/events/", views.screen_events, name="screen_events"),
    path("<int:pk>/device/", views.device, name="device"),
    path("<int:pk>/device/sign-in/", views.device_sign_in, name="device_sign_in"),
    path("votes/<int:pk>/", views.vote_detail, name="vote_detail"),
    path("votes/<int:pk>/delete/", views.delete_vote, name="delete_vote"),
    path("votes/<int:pk>/open/", views.open_vote, name="open_vote"),
    path("votes/<int:pk>/close/", views.close_vote, name="close_vote"),
    path("votes/<int:pk>/paper-counts/", views.enter_paper_counts, name="enter_paper_counts"),
    path("votes/<int:pk>/export.json", views.vote_export, name="vote_export"),
    path("votes/<int:pk>/ballot-box.json", views.ballot_box_export, name="ballot_box_export"),
    path("votes/<int:pk>/tellers.json", views.teller_document, name="teller_document"),
    path("votes/<int:pk>/decryption-share/", views.submit_decryption_share, name="submit_decryption_share"),
    path("<int:pk>/teller-key/", views.register_teller_key, name="register_teller_key"),
    path("votes/<int:pk>/cast/", views.cast, name="cast"),
    path("api/votes/<int:pk>/cast/", views.api_cast, name="api_cast"),
    path("my-qr/", views.my_qr, name="my_qr"),
    path("my-qr.png", views.my_qr_png, name="my_qr_png"),
]
