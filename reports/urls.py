from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    # the period in the query string (core.periods)
    path("figures/<slug:key>/", views.drill, name="period_drill"),
    path("report.docx", views.report_docx, name="period_docx"),
    path("report.xlsx", views.report_xlsx, name="period_xlsx"),
    path("figures.json", views.figures_json, name="period_json"),
    path("sittings/<int:pk>/votes.docx", views.vote_summary, name="vote_summary"),
    # a calendar year in the path
    path("<int:year>/figures/<slug:key>/", views.drill, name="drill"),
    path("<int:year>/report.docx", views.report_docx, name="docx"),
    path("<int:year>/report.xlsx", views.report_xlsx, name="xlsx"),
    path("<int:year>/figures.json", views.figures_json, name="json"),
]
