"""Public pages (no login) under /p/<congress code>/projects/; views take the congress code as `code`."""
app_name = "projects_public"
urlpatterns = []
