from django.urls import path

from materials import views

app_name = "materials"
urlpatterns = [
    path("", views.my_materials, name="mine"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
    path("meetings/<int:meeting_pk>/", views.meeting_materials, name="meeting_materials"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/release/", views.release, name="release"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/versions/", views.add_version, name="add_version"),
    path("<int:pk>/read/", views.read, name="read"),
    path("versions/<int:pk>/file/", views.version_file, name="version_file"),
    path("versions/<int:pk>/annotate/", views.annotate, name="annotate"),
    path("consultations/", views.consultation_list, name="consultation_list"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation_detail"),
    path("consultations/<int:pk>/answer/", views.consultation_answer, name="consultation_answer"),
    path("consultations/<int:pk>/<slug:verb>/", views.consultation_step, name="consultation_step"),
    path("answers/<int:pk>/handle/", views.handle, name="handle"),
]
