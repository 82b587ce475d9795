from django.urls import path

from core import job_views, settings_views, views

app_name = "core"
urlpatterns = [
    path("settings/", settings_views.settings_page, name="settings"),
    path("settings/<slug:name>/", settings_views.settings_page, name="settings_section"),
    path("captcha.png", views.captcha_image, name="captcha_image"),
    path("jobs/<uuid:pk>/", job_views.job_detail, name="job"),
    path("jobs/<uuid:pk>/download/", job_views.job_download, name="job_download"),
    path("jobs/<uuid:pk>/once/", job_views.job_once_download, name="job_once_download"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/read/", views.notification_read, name="notification_read_all"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
]
