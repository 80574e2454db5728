"""Portal pages of silence procedures (mounted under /portal/)."""

from django.urls import path

from . import views

app_name = "silence"

urlpatterns = [
    path("silence/", views.SilenceListView.as_view(), name="procedure_list"),
    path("silence/inbox/", views.InboxView.as_view(), name="inbox"),
    path("silence/running/", views.RunningView.as_view(), name="running"),
    path("silence/<int:pk>/", views.SilenceDetailView.as_view(), name="procedure_detail"),
    path("silence/<int:pk>/break/", views.BreakSilenceView.as_view(), name="break"),
    path("silence/<int:pk>/consensus/", views.JoinConsensusView.as_view(), name="join_consensus"),
    path("silence/answers/<int:pk>/file/", views.ResponseFileView.as_view(), name="response_file"),
]
