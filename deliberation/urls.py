from django.urls import path

from deliberation import views

app_name = "deliberation"

urlpatterns = [
    path("meetings/<int:meeting_pk>/", views.meeting_groups, name="meeting_groups"),
    path("meetings/<int:meeting_pk>/create-group/", views.create_group, name="create_group"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/add-members/", views.add_members, name="add_members"),
    path("groups/<int:pk>/remove-member/<int:deputy_pk>/", views.remove_member, name="remove_member"),
    path("groups/<int:pk>/record-speech/", views.record_speech, name="record_speech"),
    path("groups/<int:pk>/<str:verb>/", views.group_action, name="group_action"),
    path("speeches/<int:pk>/edit/", views.edit_speech, name="edit_speech"),
    path("speeches/<int:pk>/delete/", views.delete_speech, name="delete_speech"),
    path("agenda-items/<int:pk>/opinion/", views.opinion, name="opinion"),
    path("agenda-items/<int:pk>/opinion.docx", views.opinion_docx, name="opinion_docx"),
    path("annotations/<int:pk>/remark/", views.remark, name="remark"),
]
