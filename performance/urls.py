from django.urls import path

from performance import views

app_name = "performance"
urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("ranking.xlsx", views.ranking_export, name="ranking_export"),
    path("me/", views.my_record, name="my_record"),
    path("deputies/<int:pk>/", views.deputy_detail, name="deputy_detail"),
    path("deputies/<int:pk>/report.docx", views.annual_report, name="annual_report"),
    path("deputies/<int:pk>/entries/new/", views.record_entry, name="record_entry"),
    path("entries/<int:pk>/delete/", views.delete_entry, name="delete_entry"),
    path("entries/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("scoring/", views.scoring, name="scoring"),
    path("publish/", views.publish, name="publish"),
]
