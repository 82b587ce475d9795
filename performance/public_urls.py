"""Public deputy profiles (代表法 58) under /p/<congress code>/deputies/; views take `code`."""

from django.urls import path

from performance import public_views as views

app_name = "performance_public"
urlpatterns = [
    path("", views.deputy_list, name="deputy_list"),
    path("<int:pk>/", views.deputy_detail, name="deputy_detail"),
]
