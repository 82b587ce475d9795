"""Public pages (no login) under /p/<congress code>/stations/; views take the congress code as `code`."""
app_name = "stations_public"
urlpatterns = []
