"""The coordinator portal: sign-in, dashboard, calendar; each app's pages are included under /portal/."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import views as account_views
from notifications.forms import QueuedPasswordResetForm

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("login/", views.PortalLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        account_views.PasswordResetView.as_view(
            success_url=reverse_lazy("portal:password_reset_done"),
            form_class=QueuedPasswordResetForm,  # sent by a task: notifications.emails.password_reset
        ),
        name="password_reset",
    ),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("portal:password_reset_complete")),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("calendar/subscribe/", views.SubscribeView.as_view(), name="subscribe"),
    path("calendar/<str:token>.ics", views.CalendarFeedView.as_view(), name="calendar_feed"),
]
