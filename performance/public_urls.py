"""Public deputy profiles (代表法 58) under /p/<congress code>/deputies/; views take `code`."""
app_name = "performance_public"
urlpatterns = []
