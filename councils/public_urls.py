"""Public pages (no login) under /p/<council code>/councils/: the published results of its 票选."""

from django.urls import path

from councils import views

app_name = "councils_public"
urlpatterns = [
    path("", views.public_index, name="index"),
    path("<int:pk>/", views.public_ballot, name="ballot"),
]
