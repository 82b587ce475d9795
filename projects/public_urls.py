"""Public pages (no login) under /p/<congress code>/projects/; views take the congress code as `code`."""

from django.urls import path

from projects import views

app_name = "projects_public"
urlpatterns = [
    path("", views.public_index, name="index"),
    path("propose/", views.public_propose, name="propose"),
    path("track/", views.public_track, name="track"),
    path("track/<str:tracking_code>/", views.public_track, name="track_code"),
    path("<int:year>/", views.public_year, name="year"),
    path("<int:year>/proposals/", views.public_proposals, name="proposals"),
    path("projects/<int:pk>/", views.public_project, name="project"),
]
