from django.urls import path

from api import pages

app_name = "api_pages"
urlpatterns = [
    path("", pages.token_list, name="tokens"),
    path("<int:pk>/revoke/", pages.token_revoke, name="revoke"),
]
