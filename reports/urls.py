from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<int:year>/figures/<slug:key>/", views.drill, name="drill"),
    path("<int:year>/report.docx", views.report_docx, name="docx"),
    path("<int:year>/report.xlsx", views.report_xlsx, name="xlsx"),
    path("<int:year>/figures.json", views.figures_json, name="json"),
]
