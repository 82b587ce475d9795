from django.urls import path

from core import settings_views, views

app_name = "core"
urlpatterns = [
    path("settings/", settings_views.settings_page, name="settings"),
    path("settings/<slug:name>/", settings_views.settings_page, name="settings_section"),
    path("captcha.png", views.captcha_image, name="captcha_image"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/read/", views.notification_read, name="notification_read_all"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
]
