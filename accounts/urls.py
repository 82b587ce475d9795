from django.urls import path

from accounts import security_views, user_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/qr.png", views.two_factor_qr, name="two_factor_qr"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/recovery/", views.two_factor_recovery, name="two_factor_recovery"),
    path("switch/", views.switch_congress, name="switch_congress"),
    path("users/", user_views.user_list, name="user_list"),
    path("users/new/", user_views.user_create, name="user_create"),
    path("users/deputy-logins/", user_views.deputy_logins, name="deputy_logins"),
    path("users/<int:pk>/", user_views.user_detail, name="user_detail"),
    path("users/<int:pk>/reset-password/", user_views.reset_password, name="reset_password"),
    path("users/<int:pk>/lock/", user_views.set_active, {"active": 0}, name="lock_user"),
    path("users/<int:pk>/unlock/", user_views.set_active, {"active": 1}, name="unlock_user"),
    path("users/<int:pk>/grant/", user_views.grant, name="grant_role"),
    path("users/<int:pk>/revoke/<int:assignment_pk>/", user_views.revoke, name="revoke_role"),
    path("security/", security_views.security_list, name="security_list"),
    path("security/grants/", security_views.grant_review, name="grant_review"),
    path("security/<int:pk>/", security_views.security_detail, name="security_detail"),
    path(
        "security/<int:pk>/clear-pauses/",
        security_views.clear_sign_in_pauses,
        name="clear_sign_in_pauses",
    ),
    path("security/<int:pk>/reset-two-factor/", security_views.reset_two_factor, name="reset_two_factor"),
]
