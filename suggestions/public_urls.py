"""Public pages (no login) under /p/<congress code>/suggestions/; views take the congress code as `code`."""

from django.urls import path

from suggestions import views

app_name = "suggestions_public"
urlpatterns = [
    path("", views.public_list, name="list"),
    path("<int:pk>/", views.public_detail, name="detail"),
]
