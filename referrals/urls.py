from django.urls import path

from referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/accept/", views.act, {"verb": "accept"}, name="accept"),
    path("<int:pk>/reply/", views.act, {"verb": "reply"}, name="reply"),
    path("<int:pk>/send-back/", views.act, {"verb": "send_back"}, name="send_back"),
    path("<int:pk>/adopt/", views.act, {"verb": "adopt"}, name="adopt"),
    path("refer/message/<int:pk>/", views.refer_message, name="refer_message"),
    path("refer/suggestion/<int:pk>/", views.refer_suggestion, name="refer_suggestion"),
]
