from django.contrib.auth import views as auth_views
from django.urls import path

from motcua.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.OfficerLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("me/", views.me, name="me"),
    path("me/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("2fa/enrol/", views.otp_enrol, name="otp_enrol"),
    path("2fa/verify/", views.otp_verify, name="otp_verify"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/<int:officer_id>/", views.staff_detail, name="staff_detail"),
]
