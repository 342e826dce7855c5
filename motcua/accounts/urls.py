from django.contrib.auth import views as auth_views
from django.urls import path

from motcua.accounts import access_views, citizen_views, oidc, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("me/", views.me, name="me"),
    path("me/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("me/tokens/", access_views.api_token_create, name="api_token_create"),
    path(
        "me/tokens/<int:token_id>/revoke/",
        access_views.api_token_delete,
        name="api_token_revoke",
    ),
    path(
        "me/sign-out-everywhere/",
        access_views.sign_out_everywhere,
        name="sign_out_everywhere",
    ),
    path("2fa/enrol/", views.otp_enrol, name="otp_enrol"),
    path("2fa/verify/", views.otp_verify, name="otp_verify"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/<int:officer_id>/", views.staff_detail, name="staff_detail"),
    # Citizens: sign-in with a one-time code, profile, optional password.
    path("citizen/", citizen_views.citizen_start, name="citizen_start"),
    path("citizen/code/", citizen_views.citizen_code, name="citizen_code"),
    path("citizen/profile/", citizen_views.citizen_profile, name="citizen_profile"),
    path(
        "citizen/profile/contact/",
        citizen_views.citizen_contact_request,
        name="citizen_contact_request",
    ),
    path(
        "citizen/profile/contact/code/",
        citizen_views.citizen_contact_confirm,
        name="citizen_contact_confirm",
    ),
    path("citizen/password/", citizen_views.citizen_password, name="citizen_password"),
    # Single sign-on with the national identity provider (mounted here, not at /oidc/,
    # so that the project's URLs need no change).
    path("oidc/authenticate/", oidc.CitizenOIDCStartView.as_view(), name="oidc_start"),
    path("oidc/callback/", oidc.CitizenOIDCCallbackView.as_view(), name="oidc_callback"),
]
