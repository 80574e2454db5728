"""A person's own account, in the portal under /portal/account/."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.SecurityView.as_view(), name="security"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("tokens/revoke/", views.RevokeTokensView.as_view(), name="revoke_tokens"),
    path("two-factor/verify/", views.SecondFactorVerifyView.as_view(), name="two_factor_verify"),
    path("two-factor/setup/", views.SecondFactorSetupView.as_view(), name="two_factor_setup"),
    path("two-factor/recovery-codes/", views.RecoveryCodesView.as_view(), name="recovery_codes"),
    path("two-factor/remove/", views.RemoveSecondFactorView.as_view(), name="remove_second_factor"),
]
