"""Portal pages of the chairmanship (mounted under /portal/)."""

from django.urls import path

from . import views

app_name = "chairmanship"

urlpatterns = [
    path("chairmanship/", views.CurrentChairmanshipView.as_view(), name="current"),
    path("chairmanships/", views.ChairmanshipListView.as_view(), name="chairmanship_list"),
    path("chairmanships/<int:pk>/", views.ChairmanshipDetailView.as_view(), name="chairmanship_detail"),
    path("chairmanships/<int:pk>/concept/", views.ConceptDocumentView.as_view(), name="concept_document"),
]
