"""Portal pages of the lists of speakers (mounted under /portal/)."""

from django.urls import path

from . import views

app_name = "speakers"

urlpatterns = [
    path("speakers/", views.SpeakersListListView.as_view(), name="list_list"),
    path("speakers/<int:pk>/", views.SpeakersListDetailView.as_view(), name="list_detail"),
    path("speakers/<int:pk>/inscribe/", views.InscribeView.as_view(), name="inscribe"),
    path("speakers/inscriptions/<int:pk>/edit/", views.InscriptionEditView.as_view(), name="inscription_edit"),
    path("speakers/inscriptions/<int:pk>/withdraw/", views.InscriptionWithdrawView.as_view(), name="withdraw"),
    path("speakers/<int:pk>/statements/new/", views.StatementCreateView.as_view(), name="statement_create"),
    path("speakers/<int:pk>/steps/<slug:step>/", views.SpeakersListStepView.as_view(), name="list_step"),
    path("speakers/statements/<int:pk>/file/", views.StatementFileView.as_view(), name="statement_file"),
]
