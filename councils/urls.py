from django.urls import path

from councils import views

app_name = "councils"
urlpatterns = [
    path("", views.index, name="index"),
    path("members/", views.members, name="members"),
    path("members/of/<int:pk>/", views.members, name="members_of"),
    path("members/<int:pk>/end/", views.end_member, name="end_member"),
    path("new/", views.new_ballot, name="new_ballot"),
    path("<int:pk>/", views.ballot, name="ballot"),
    path("<int:pk>/key/", views.register_key, name="register_key"),
    path("<int:pk>/open/", views.open_ballot, name="open_ballot"),
    path("<int:pk>/close/", views.close_ballot, name="close_ballot"),
    path("<int:pk>/sheets/", views.enter_sheets, name="enter_sheets"),
    path("<int:pk>/teller-document/", views.teller_document, name="teller_document"),
    path("<int:pk>/share/", views.submit_share, name="submit_share"),
    path("<int:pk>/count/", views.count_ballot, name="count_ballot"),
    path("<int:pk>/publish/", views.publish_result, name="publish_result"),
    path("<int:pk>/revote/", views.revote, name="revote"),
    path("matters/<int:pk>/edit/", views.edit_matter, name="edit_matter"),
    path("vote/", views.vote_list, name="vote_list"),
    path("vote/<int:pk>/", views.vote, name="vote"),
]
