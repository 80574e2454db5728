"""Portal pages of participation (mounted under /portal/)."""

from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("delegations/", views.DelegationListView.as_view(), name="delegation_list"),
    path("meetings/<int:pk>/delegation/new/", views.DelegationCreateView.as_view(), name="delegation_create"),
    path("delegations/<int:pk>/", views.DelegationDetailView.as_view(), name="delegation_detail"),
    path("delegations/<int:pk>/edit/", views.DelegationEditView.as_view(), name="delegation_edit"),
    path("delegations/<int:pk>/credentials/", views.CredentialsDownloadView.as_view(), name="credentials"),
    path("delegations/<int:pk>/steps/<slug:step>/", views.DelegationStepView.as_view(), name="delegation_step"),
    path("delegations/<int:pk>/participants/new/", views.ParticipantCreateView.as_view(), name="participant_create"),
    path("participants/", views.ParticipantListView.as_view(), name="participant_list"),
    path("participants/<int:pk>/edit/", views.ParticipantEditView.as_view(), name="participant_edit"),
    path("participants/<int:pk>/delete/", views.ParticipantDeleteView.as_view(), name="participant_delete"),
]
