"""Portal pages of external relations (mounted under /portal/)."""

from django.urls import path

from . import views

app_name = "relations"

urlpatterns = [
    path("partners/", views.PartnerListView.as_view(), name="partner_list"),
    path("partners/<int:pk>/", views.PartnerDetailView.as_view(), name="partner_detail"),
]
