from django.urls import path

from suggestions import views

app_name = "suggestions"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("list/", views.suggestion_list, name="list"),
    path("new/", views.new, name="new"),
    path("statistics/", views.statistics, name="statistics"),
    path("settings/", views.settings_page, name="settings"),
    path("assignment-meeting/", views.assignment_meeting, name="assignment_meeting"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("replies/<int:pk>/letter/", views.letter_download, name="letter"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/autosave/", views.autosave, name="autosave"),
    path("<int:pk>/attach/", views.attach, name="attach"),
    path("<int:pk>/letter.docx", views.letter_docx, name="letter_docx"),
    path("<int:pk>/<slug:verb>/", views.action, name="action"),
]
