"""Public pages (no login) under /p/<congress code>/suggestions/; views take the congress code as `code`."""
app_name = "suggestions_public"
urlpatterns = []
