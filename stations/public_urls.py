"""Public pages (no login) under /p/<congress code>/stations/; views take the congress code as `code`."""

from django.urls import path

from stations import public_views as views

app_name = "stations_public"
urlpatterns = [
    path("", views.station_list, name="station_list"),
    path("<int:pk>/", views.station_detail, name="station_detail"),
    path("<int:pk>/qr.png", views.station_qr, name="station_qr"),
    path("deputies/<int:pk>/", views.deputy_detail, name="deputy_detail"),
    path("deputies/<int:pk>/qr.png", views.deputy_qr, name="deputy_qr"),
    path("track/", views.track, name="track"),
    path("track/<str:tracking_code>/", views.track_detail, name="track_detail"),
    path("track/<str:tracking_code>/rate/", views.rate, name="rate"),
]
